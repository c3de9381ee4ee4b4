"""Delivery a group can trust, with the competing paths run together over a slow
transport: every message once, to the chat it belongs to, and no chat waiting for
another."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from bot.answers.alerting import evaluate
from bot.tg.jobs import DIGEST_PREFIX, outbox_sender
from bot.tg.outbox import drain_outbox, new_sender_id
from storage.chats import CLAIM_LEASE
from tests.support.alerts import add_march_rule, alerts_seen, inputs_until
from tests.support.bots import Env, start_bot
from tests.support.clock import EVENING, Clock
from tests.support.delivery import ADMIN, GROUP, MEMBER, PRIVATES, make_api
from tests.support.fake_botapi import FakeBotAPI, feed

SUPERGROUP = -1004001
SEOUL = ZoneInfo("Asia/Seoul")


def digests_seen(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [m.plain for m in api.transcript(chat_id) if "gapbot" in m.plain and (
        "요약" in m.plain or "digest" in m.plain)]


# -- exactly once ---------------------------------------------------------------------------


async def test_drains_running_at_once_over_a_slow_transport_send_each_message_once(db_path):
    api = make_api(latency=0.02)
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING))
    chats = env.services.chats
    for chat in PRIVATES:
        for n in range(3):
            chats.enqueue(f"test:{chat}:{n}", chat, f"message {n} for {chat}", EVENING)
    # Four independent senders (as if four processes) and the process's own drainer,
    # called three times, all at once.
    sender = outbox_sender(env.application)
    await asyncio.gather(
        *(drain_outbox(env.application.bot, chats, env.services.market.clock,
                       sender_id=new_sender_id()) for _ in range(4)),
        sender.drain(), sender.drain(), sender.drain(),
    )
    for chat in PRIVATES:
        assert api.texts(chat) == [f"message {n} for {chat}" for n in range(3)]
    await env.application.shutdown()


async def test_a_live_claim_is_never_retaken_while_its_request_is_in_flight(db_path):
    api = make_api()
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING))
    chats, clock = env.services.chats, env.services.market.clock
    chats.enqueue("test:once", PRIVATES[0], "only once", EVENING)
    gate = api.hold_next("sendMessage", chat_id=PRIVATES[0])
    first = asyncio.create_task(drain_outbox(env.application.bot, chats, clock))
    await gate.reached.wait()  # the first sender is inside its request
    clock.now = EVENING + CLAIM_LEASE - timedelta(seconds=1)
    second = await drain_outbox(env.application.bot, chats, clock)
    gate.set()
    await first
    assert second.sent == 0 and api.texts(PRIVATES[0]) == ["only once"]
    await env.application.shutdown()


async def test_digests_due_in_the_same_minute_arrive_once_each_through_the_job_queue(db_path):
    """Four chats with /digest daily 08:00, the real JobQueue, the outbox sender job and
    the market cycle all running, every request slow."""
    api = make_api(latency=0.03)
    env = await start_bot(db_path, api, jobs=False)
    for chat in PRIVATES:
        await env.say(chat, "/digest daily 08:00")
    await env.application.shutdown()

    # 07:59:58 in Seoul on a Tuesday: the 2025-03-24 close is the newest.
    start_at = datetime(2025, 3, 25, 7, 59, 58, tzinfo=SEOUL)
    with time_machine.travel(start_at, tick=True):
        env = await start_bot(db_path, api, jobs=True)
        await env.application.start()
        try:
            for _ in range(100):
                if all(digests_seen(api, chat) for chat in PRIVATES):
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.5)  # time for any duplicate to arrive
            # A second tick of the same job (a restart, a retry) changes nothing.
            for job in env.application.job_queue.jobs():
                if job.name.startswith(DIGEST_PREFIX):
                    await job.run(env.application)
        finally:
            await env.application.stop()
            await env.application.shutdown()
    for chat in PRIVATES:
        (digest,) = digests_seen(api, chat)
        assert "2025-03-24" in digest


# -- chat identity follows Telegram --------------------------------------------------------


async def test_a_migrated_group_keeps_rules_settings_and_digest_under_its_new_id(db_path):
    api = make_api()
    env = await start_bot(db_path, api, jobs=True, clock=Clock(EVENING))
    rule_id = await add_march_rule(env, GROUP, user=ADMIN)
    await env.say(GROUP, "/lang ko", user_id=ADMIN)
    await env.say(GROUP, "/digest daily 09:30", user_id=ADMIN)
    await env.say(GROUP, "/settings alerts open", user_id=ADMIN)
    api.set_member(SUPERGROUP, ADMIN, "administrator")

    for update in api.migration_updates(GROUP, SUPERGROUP):
        await feed(env.application, update)

    jobs = {job.name for job in env.application.job_queue.jobs()}
    assert f"{DIGEST_PREFIX}{SUPERGROUP}" in jobs and f"{DIGEST_PREFIX}{GROUP}" not in jobs
    (listing,) = await env.say(SUPERGROUP, "/alerts", user_id=MEMBER)
    assert f"#{rule_id}" in listing and "이 채팅의 알림" in listing  # Korean kept
    assert "누구나" in listing  # opened to everyone, still
    assert env.services.chats.digest(SUPERGROUP).at_time == "09:30"
    assert env.services.chats.rules_for_chat(GROUP) == []

    evaluate(env.services.chats, inputs_until(env.services, date(2025, 3, 21)), EVENING)
    await outbox_sender(env.application).drain()
    assert len(alerts_seen(env, SUPERGROUP)) == 1
    assert not [c for c in api.calls if c.method == "sendMessage" and not c.ok]
    await env.application.shutdown()


async def test_a_digest_sent_before_the_migration_is_not_sent_again_after_it(db_path):
    api = make_api()
    env = await start_bot(db_path, api, jobs=True, clock=Clock(EVENING))
    await env.say(GROUP, "/digest daily 09:30", user_id=ADMIN)
    (job,) = env.application.job_queue.get_jobs_by_name(f"{DIGEST_PREFIX}{GROUP}")
    await job.run(env.application)
    for update in api.migration_updates(GROUP, SUPERGROUP):
        await feed(env.application, update)
    (job,) = env.application.job_queue.get_jobs_by_name(f"{DIGEST_PREFIX}{SUPERGROUP}")
    await job.run(env.application)  # the same local day, now under the new id
    sent = [m for chat in (GROUP, SUPERGROUP) for m in api.transcript(chat)
            if "gapbot digest" in m.plain]
    assert len(sent) == 1
    await env.application.shutdown()


async def test_chat_migrated_at_send_moves_the_digest_job_and_delivers_there(db_path):
    api = make_api()
    env = await start_bot(db_path, api, jobs=True, clock=Clock(EVENING))
    await env.say(GROUP, "/digest daily 09:30", user_id=ADMIN)
    api.migrate_group(GROUP, SUPERGROUP)  # no service message reached us
    (job,) = env.application.job_queue.get_jobs_by_name(f"{DIGEST_PREFIX}{GROUP}")
    await job.run(env.application)
    await asyncio.sleep(0)  # let the job removal settle
    names = {j.name for j in env.application.job_queue.jobs()}
    assert f"{DIGEST_PREFIX}{SUPERGROUP}" in names and f"{DIGEST_PREFIX}{GROUP}" not in names
    assert len([m for m in api.transcript(SUPERGROUP) if "gapbot digest" in m.plain]) == 1
    await env.application.shutdown()


async def test_a_chat_back_after_blocking_the_bot_gets_its_digest_scheduled_again(db_path):
    api = make_api()
    chat = PRIVATES[0]
    env = await start_bot(db_path, api, jobs=True, clock=Clock(EVENING))
    await env.say(chat, "/digest daily 08:00")
    api.block(chat)
    (job,) = env.application.job_queue.get_jobs_by_name(f"{DIGEST_PREFIX}{chat}")
    await job.run(env.application)
    await asyncio.sleep(0)
    assert env.services.chats.chat(chat).paused_reason
    api.blocked.discard(chat)
    replies = await env.say(chat, "/status")
    assert any("다시 켜졌습니다" in r for r in replies)
    assert env.application.job_queue.get_jobs_by_name(f"{DIGEST_PREFIX}{chat}")
    await env.application.shutdown()


async def test_a_reply_refused_with_403_pauses_the_chat_and_logs_a_warning(db_path, caplog):
    api = make_api()
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING))
    api.fail_next("sendMessage", chat_id=PRIVATES[1], kind="403_blocked")
    await env.say(PRIVATES[1], "/status")
    assert env.services.chats.chat(PRIVATES[1]).paused_reason
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert [r for r in caplog.records if r.levelname == "WARNING" and "refused" in r.message]
    await env.application.shutdown()


# -- no chat waits for another ----------------------------------------------------------------


async def test_a_private_command_is_answered_while_a_busy_group_waits_out_its_flood_limit(
        db_path):
    """24 commands in one group (over Telegram's 20 a minute) and then one private
    /status: the private answer does not queue behind the group."""
    api = make_api()
    api.add_group(-5005, title="Busy", supergroup=True)
    api.enable_flood_limits()
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING), rate_limit=True)
    await env.application.start()
    try:
        for _ in range(24):
            await env.application.update_queue.put(
                api_update(env, api.message_update(-5005, MEMBER, "/status")))
        await env.application.update_queue.put(
            api_update(env, api.message_update(PRIVATES[2], PRIVATES[2], "/status")))
        for _ in range(100):
            if api.transcript(PRIVATES[2]):
                break
            await asyncio.sleep(0.05)
        assert api.transcript(PRIVATES[2]), "the private chat got no answer"
        assert len(api.transcript(-5005)) < 24  # the group is still waiting its turn
    finally:
        await env.application.stop()
        await env.application.shutdown()


def api_update(env: Env, data: dict):
    from telegram import Update

    return Update.de_json(data, env.application.bot)


async def test_one_chats_replies_keep_the_order_of_its_commands(db_path):
    api = make_api(latency=0.01)
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING))
    await env.application.start()
    try:
        chat = PRIVATES[3]
        for text in ("/lang en", "/tz Asia/Seoul", "/lang ko"):
            await env.application.update_queue.put(
                api_update(env, api.message_update(chat, chat, text)))
        for _ in range(100):
            if len(api.transcript(chat)) == 3:
                break
            await asyncio.sleep(0.05)
    finally:
        await env.application.stop()
        await env.application.shutdown()
    first, second, third = api.texts(chat)
    assert "English" in first or "language" in first.lower()
    assert "Asia/Seoul" in second
    assert "한국어" in third


async def test_the_answer_cache_stays_within_its_byte_budget(db_path):
    api = make_api()
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING))
    cache = env.services.answers
    cache.max_bytes = 2 * 2**20
    for n in range(40):
        cache.put(("chart", n), b"\x89PNG" + bytes(165_000))
    assert cache.bytes <= cache.max_bytes and 10 <= len(cache) <= 13
    await env.application.shutdown()




async def test_a_group_stuck_mid_send_does_not_hold_up_another_chats_alert(db_path):
    api = make_api()
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING))
    chats, sender = env.services.chats, outbox_sender(env.application)
    for n in range(30):
        chats.enqueue(f"group:{n}", GROUP, f"group message {n}", EVENING)
    gate = api.hold_next("sendMessage", chat_id=GROUP)
    busy = asyncio.create_task(sender.drain())
    await gate.reached.wait()  # the group's first send hangs (slow network, flood wait)
    chats.enqueue("private", PRIVATES[0], "private alert", EVENING)
    report = await asyncio.wait_for(sender.drain(), 5)
    assert report.sent == 1 and api.texts(PRIVATES[0]) == ["private alert"]
    gate.set()
    await busy
    assert api.texts(GROUP) == [f"group message {n}" for n in range(30)]
    await env.application.shutdown()


async def test_a_message_that_always_fails_unexpectedly_is_retired_not_retried_forever(
        db_path, monkeypatch):
    from storage.chats import MAX_SEND_ATTEMPTS

    api = make_api()
    clock = Clock(EVENING)
    env = await start_bot(db_path, api, jobs=False, clock=clock)
    chats = env.services.chats
    chats.enqueue("poison", PRIVATES[0], "never accepted", EVENING)
    chats.enqueue("fine", PRIVATES[1], "delivered", EVENING)

    bot_class = type(env.application.bot)
    original = bot_class.send_message

    async def broken(self, chat_id, *args, **kwargs):
        if chat_id == PRIVATES[0]:
            raise RuntimeError("something Telegram never said before")
        return await original(self, chat_id, *args, **kwargs)

    monkeypatch.setattr(bot_class, "send_message", broken)
    for _ in range(MAX_SEND_ATTEMPTS + 1):
        await drain_outbox(env.application.bot, chats, clock)
        clock.now += timedelta(hours=1)  # past every back-off
    assert api.texts(PRIVATES[1]) == ["delivered"]
    assert chats.outbox_counts().get("dead") == 1
    await env.application.shutdown()
