"""The fake Bot API refuses what Telegram refuses, with the errors PTB turns into its
real exceptions. If these fail, every bot test above them proves less."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TimedOut
from telegram.ext import ApplicationBuilder, MessageHandler, filters

from tests.support.fake_botapi import FakeBotAPI, FakeRequest, feed

CHAT = 42
API: dict[str, FakeBotAPI] = {}  # Bot objects are frozen: find a bot's fake by its token


@pytest.fixture
async def bot():
    api = FakeBotAPI()
    api.add_private_chat(CHAT)
    bot = Bot(api.token, request=FakeRequest(api))
    await bot.initialize()
    API[bot.token] = api
    yield bot
    await bot.shutdown()


def seconds(retry) -> float:
    """RetryAfter.retry_after is an int or a timedelta depending on PTB's settings."""
    return getattr(retry, "total_seconds", lambda: retry)()


@pytest.mark.parametrize(
    "markup",
    ["<b>bold</b> <i>it</i> <code>x &lt; y</code> <a href='https://x.y'>l</a>",
     "AT&amp;T &#8722;1 <pre>a\nb</pre>"],
)
async def test_valid_html_is_accepted(bot, markup):
    await bot.send_message(CHAT, markup, parse_mode="HTML")


@pytest.mark.parametrize("markup", ["<foo>x</foo>", "a < b", "AT&T", "<b>unclosed",
                                    "<b><i>x</b></i>", "<span>x</span>", "&bogus;"])
async def test_html_telegram_would_reject_is_refused(bot, markup):
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(CHAT, markup, parse_mode="HTML")


async def test_length_limits(bot):
    with pytest.raises(BadRequest, match="(?i)too long"):
        await bot.send_message(CHAT, "x" * 4097)
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # tags free
    with pytest.raises(BadRequest, match="(?i)empty"):
        await bot.send_message(CHAT, "<b> </b>", parse_mode="HTML")
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    with pytest.raises(BadRequest, match="(?i)caption is too long"):
        await bot.send_photo(CHAT, png, caption="x" * 1025)
    with pytest.raises(BadRequest, match="(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(CHAT, b"GIF89a not a png")


async def test_callback_data_over_64_bytes_is_refused(bot):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "hi", reply_markup=keyboard)


async def test_an_identical_edit_is_refused(bot):
    sent = await bot.send_message(CHAT, "same")
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text("same", CHAT, sent.message_id)
    await bot.edit_message_text("changed", CHAT, sent.message_id)
    assert API[bot.token].last(CHAT).edits == 1


async def test_injected_faults_become_ptbs_real_exceptions(bot):
    API[bot.token].fail_next("sendMessage", kind="429", retry_after=7)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(CHAT, "x")
    retry = flood.value.retry_after
    assert getattr(retry, "total_seconds", lambda: retry)() == 7
    API[bot.token].fail_next("sendMessage", kind="timeout")
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "x")
    API[bot.token].block(CHAT)
    with pytest.raises(Forbidden, match="(?i)blocked"):
        await bot.send_message(CHAT, "x")
    API[bot.token].add_group(-5, "old")
    API[bot.token].migrate_group(-5, -1005)
    with pytest.raises(ChatMigrated) as moved:
        await bot.send_message(-5, "x")
    assert moved.value.new_chat_id == -1005
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(999, "x")


def test_command_entities_are_measured_in_utf16_units():
    api = FakeBotAPI()
    api.add_private_chat(CHAT)
    update = api.message_update(CHAT, CHAT, "/gap@gapbot_test_bot 1y")
    (entity,) = update["message"]["entities"]
    assert entity == {"type": "bot_command", "offset": 0, "length": 20}


class Clock:
    """A hand-moved clock, so flood windows are tested without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_flood_limits_answer_429_with_the_wait_until_a_slot_frees(bot):
    api, clock = API[bot.token], Clock()
    api.enable_flood_limits(clock=clock)
    api.add_group(-7, "busy group", supergroup=True)
    for _ in range(20):  # one a second: under every limit but the group's minute
        await bot.send_message(-7, "tick")
        clock.now += 1
    clock.now -= 0.5  # 19.5 s after the first: it frees its slot in 40.5 s
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(-7, "one too many")
    assert seconds(flood.value.retry_after) == 41
    await bot.edit_message_text("edits are not counted", -7, api.last(-7).message_id)
    clock.now += 40.5
    await bot.send_message(-7, "a slot freed")

    await bot.send_message(CHAT, "private")
    clock.now += 0.2
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(CHAT, "again within the second")
    assert seconds(flood.value.retry_after) == 1
    clock.now += 0.8
    await bot.send_message(CHAT, "next second")

    clock.now += 5
    for user in range(100, 130):
        api.add_private_chat(user)
        await bot.send_message(user, "broadcast")
    api.add_private_chat(130)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(130, "the 31st in one second")
    assert seconds(flood.value.retry_after) == 1
    refused = [c for c in api.calls if not c.ok]
    assert len(refused) == 3 and all("Too Many Requests" in c.error for c in refused)
    assert FakeBotAPI(flood_limits=True).flood is not None and FakeBotAPI().flood is None


async def test_migration_service_messages_parse_like_telegrams():
    api = FakeBotAPI()
    api.add_group(-5, "old group")
    api.set_member(-5, 11, "creator")
    app = (ApplicationBuilder().token(api.token).request(FakeRequest(api))
           .get_updates_request(FakeRequest(api)).build())
    seen = []

    async def on_migrate(update: Update, context) -> None:
        message = update.effective_message
        seen.append((message.chat.id, message.chat.type, message.migrate_to_chat_id,
                     message.migrate_from_chat_id, message.from_user.id))

    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
    await app.initialize()
    try:
        for update in api.migration_updates(-5, -1005):
            await feed(app, update)
        assert seen == [(-5, "group", -1005, None, 11),
                        (-1005, "supergroup", None, -5, 1087968824)]
        with pytest.raises(ChatMigrated) as moved:
            await app.bot.send_message(-5, "x")
        assert moved.value.new_chat_id == -1005
        update = Update.de_json(api.message_update(-1005, 11, "/gap"), app.bot)
        assert update.message.chat.type == "supergroup"
        assert not filters.StatusUpdate.MIGRATE.check_update(update)
        assert api.members[(-1005, 11)] == "creator"  # admins move with the group
        await app.bot.send_message(-1005, "moved in")
    finally:
        await app.shutdown()


async def test_forum_topics_route_and_refuse_like_telegram(bot):
    api = API[bot.token]
    api.add_group(-100, "forum", supergroup=True, forum=True)
    markets = api.add_topic(-100, "Markets")
    assert (await bot.get_chat(-100)).is_forum
    sent = await bot.send_message(-100, "in topic", message_thread_id=markets)
    assert sent.message_thread_id == markets and sent.is_topic_message
    await bot.send_message(-100, "in general")
    assert api.topic_texts(-100, markets) == ["in topic"]
    assert api.topic_texts(-100, None) == ["in general"]

    incoming = Update.de_json(api.message_update(-100, 11, "/gap", thread_id=markets), bot)
    assert incoming.message.is_topic_message and incoming.message.message_thread_id == markets
    await incoming.message.reply_text("answered where asked")  # PTB keeps the thread
    assert api.topic_texts(-100, markets)[-1] == "answered where asked"

    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(-100, "General is reached by omitting it", message_thread_id=1)
    await bot.send_chat_action(-100, "typing", message_thread_id=1)  # but typing may name it
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(-100, "x", message_thread_id=9999)
    api.close_topic(-100, markets)
    with pytest.raises(BadRequest, match="Topic_closed"):
        await bot.send_message(-100, "x", message_thread_id=markets)
    with pytest.raises(BadRequest, match="Topic_closed"):
        await bot.edit_message_text("edited", -100, sent.message_id)
    api.reopen_topic(-100, markets)
    api.delete_topic(-100, markets)
    for send in (bot.send_message(-100, "x", message_thread_id=markets),
                 bot.send_chat_action(-100, "typing", message_thread_id=markets)):
        with pytest.raises(BadRequest, match="Message thread not found"):
            await send
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("edited", -100, sent.message_id)

    api.add_group(-200, "plain group")
    await bot.send_message(-200, "ignored outside forums", message_thread_id=5)
    assert api.last(-200).thread_id is None


async def test_a_reply_in_general_carries_a_thread_id_that_is_not_a_topic(bot):
    """Telegram's trap: echoing message_thread_id back fails; PTB's reply_text does not."""
    api = API[bot.token]
    api.add_group(-100, "forum", supergroup=True, forum=True)
    ours = await bot.send_message(-100, "in general")
    update = Update.de_json(api.message_update(-100, 11, "thanks",
                                               reply_to_message_id=ours.message_id), bot)
    message = update.message
    assert message.message_thread_id == ours.message_id and not message.is_topic_message
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(-100, "x", message_thread_id=message.message_thread_id)
    await message.reply_text("still General")
    assert api.topic_texts(-100, None) == ["in general", "still General"]


async def test_replies_to_the_bot_and_mentions_have_telegrams_shape(bot):
    api = API[bot.token]
    ours = await bot.send_message(CHAT, "<b>gap</b> 1y", parse_mode="HTML")
    text = "📈 @GapBot_Test_Bot and @someone_else?"
    update = Update.de_json(api.message_update(CHAT, CHAT, text,
                                               reply_to_message_id=ours.message_id), bot)
    message = update.message
    assert message.reply_to_message.from_user.id == bot.id
    assert message.reply_to_message.text == "gap 1y"
    (entity,) = message.entities
    assert (entity.type, entity.offset) == (MessageEntity.MENTION, 3)  # 📈 is 2 UTF-16 units
    assert message.parse_entity(entity) == "@GapBot_Test_Bot"
    command = api.message_update(CHAT, CHAT, "/gap@gapbot_test_bot 1y")["message"]
    assert [e["type"] for e in command["entities"]] == ["bot_command"]


async def test_a_held_call_blocks_its_sender_while_a_competitor_runs(bot):
    api = API[bot.token]
    api.add_private_chat(43)
    gate = api.hold_next("sendMessage", chat_id=CHAT)

    async def competitor() -> None:
        await gate.reached.wait()
        await bot.send_message(43, "overtakes")
        assert api.texts(CHAT) == []  # the held send has not reached Telegram yet
        gate.set()

    await asyncio.gather(bot.send_message(CHAT, "held"), competitor())
    assert [(c.method, c.params["chat_id"]) for c in api.calls[-2:]] == [
        ("sendMessage", 43), ("sendMessage", CHAT)]

    lost = api.hold_next("sendMessage", after=True)  # delivered, but no answer yet
    sender = asyncio.create_task(bot.send_message(CHAT, "delivered"))
    await lost.reached.wait()
    assert api.texts(CHAT)[-1] == "delivered" and not sender.done()
    lost.set()
    assert (await sender).text == "delivered"


async def test_latency_lets_concurrent_senders_interleave(bot):
    api = API[bot.token]
    api.add_private_chat(43)
    api.set_latency(0.01, method="sendMessage")
    assert api.latency_for("sendMessage") == 0.01 and api.latency_for("getMe") == 0.0

    async def two(chat: int) -> None:
        for i in range(2):
            await bot.send_message(chat, f"{chat}-{i}")

    await asyncio.gather(two(CHAT), two(43))
    order = [c.params["text"] for c in api.calls if c.method == "sendMessage"]
    assert order.index("43-0") < order.index(f"{CHAT}-1")  # B went while A waited
    assert FakeBotAPI(latency=0.02).latency_for("sendMessage") == 0.02
