"""The fake Bot API refuses what Telegram refuses, with the errors PTB turns into its
real exceptions. If these fail, every bot test above them proves less."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TimedOut

from tests.fake_botapi import FakeBotAPI, FakeRequest

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
