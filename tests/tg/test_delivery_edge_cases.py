"""Edge cases of delivery found in review: a busy chat never holds the slots other
chats need, a release-2 row left mid-send is delivered after the upgrade, flood waits do
not use up a message's attempts, and a digest missed while the bot was down today is
sent once when it comes back."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from telegram import Chat, Message, Update

from bot.tg.update_order import PerChatOrder
from storage.chats import ChatStore
from storage.db import Storage
from tests.support.bots import start_bot
from tests.support.clock import EVENING
from tests.support.delivery import PRIVATES, make_api


def update_in(chat_id: int, update_id: int) -> Update:
    chat = Chat(chat_id, "private")
    return Update(update_id, message=Message(update_id, EVENING, chat))


async def test_queued_updates_of_a_busy_chat_leave_slots_for_other_chats():
    order = PerChatOrder(max_concurrent_updates=2)
    release = asyncio.Event()
    finished: list[str] = []

    async def slow(name: str) -> None:
        await release.wait()
        finished.append(name)

    async def quick(name: str) -> None:
        finished.append(name)

    busy = [asyncio.create_task(order.process_update(update_in(1, i), slow(f"busy{i}")))
            for i in range(6)]
    await asyncio.sleep(0.01)  # the busy chat's updates are all queued
    await asyncio.wait_for(order.process_update(update_in(2, 99), quick("other")), 1)
    assert finished == ["other"]  # served while the busy chat still waits
    release.set()
    await asyncio.gather(*busy)
    assert finished[1:] == [f"busy{i}" for i in range(6)]  # in the busy chat's order


def test_a_row_left_sending_by_release_2_is_due_after_the_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "gapbot.sqlite3"
    with monkeypatch.context() as old_release:
        old_release.setattr("storage.db.SCHEMA_VERSION", 2)
        old = Storage(path)
        old.db.execute(
            "INSERT INTO outbox (dedupe_key, chat_id, text, status, attempts, created_at) "
            "VALUES ('alert:1:close:2025-03-21', 31, 'hello', 'sending', 1, '2025-03-21')")
        old.db.conn.commit()
        old.close()
    chats = ChatStore(Storage(path).db)
    assert chats.chats_with_due_messages(EVENING) == [31]
    assert chats.claim_head(31, EVENING, "me") is not None


def test_a_flood_wait_gives_the_attempt_back(tmp_path):
    chats = ChatStore(Storage(tmp_path / "db.sqlite3").db)
    chats.enqueue("k", 31, "hello", EVENING)
    for _ in range(100):  # far more flood waits than the attempt limit
        message = chats.claim_head(31, EVENING, "me")
        chats.mark_retry(message.id, "429", EVENING, "me", failed=False)
    assert chats.outbox_counts() == {"pending": 1}


@pytest.mark.parametrize(("local_time", "expected"), [("09:10", 1), ("07:30", 0)])
async def test_a_digest_missed_while_the_bot_was_down_is_sent_once_on_restart(
        db_path, local_time, expected):
    seoul = ZoneInfo("Asia/Seoul")
    hour, minute = (int(x) for x in local_time.split(":"))
    now = datetime(2025, 3, 25, hour, minute, tzinfo=seoul)
    api = make_api()
    env = await start_bot(db_path, api, jobs=False, clock=lambda: now)
    await env.say(PRIVATES[0], "/digest daily 08:00")
    await env.application.shutdown()
    env = await start_bot(db_path, api, jobs=True, clock=lambda: now)  # back up after 08:00
    catch_up = env.application.job_queue.get_jobs_by_name(f"digest:{PRIVATES[0]}:catch-up")
    assert len(catch_up) == expected
    for job in catch_up:
        await job.run(env.application)
        await job.run(env.application)  # a second run (another restart) sends nothing
    digests = [m for m in api.transcript(PRIVATES[0]) if "gapbot" in m.plain and "요약" in
               m.plain]
    assert len(digests) == expected
    await env.application.shutdown()


async def test_a_late_evening_digest_missed_before_midnight_is_sent_for_its_own_day(db_path):
    seoul = ZoneInfo("Asia/Seoul")
    api = make_api()
    before = datetime(2025, 3, 24, 20, 0, tzinfo=seoul)
    env = await start_bot(db_path, api, jobs=False, clock=lambda: before)
    await env.say(PRIVATES[1], "/digest daily 22:00")
    await env.application.shutdown()
    after_midnight = datetime(2025, 3, 25, 1, 0, tzinfo=seoul)  # down from 21:00 to 01:00
    env = await start_bot(db_path, api, jobs=True, clock=lambda: after_midnight)
    (job,) = env.application.job_queue.get_jobs_by_name(f"digest:{PRIVATES[1]}:catch-up")
    await job.run(env.application)
    assert env.services.chats.has_message(f"digest:{PRIVATES[1]}:2025-03-24")
    assert not env.services.chats.has_message(f"digest:{PRIVATES[1]}:2025-03-25")
    await env.application.shutdown()
