"""Flood limits kept per chat: a group's 20-a-minute window and a 429 only ever delay
that chat, and the outbox's sends through the limiter are never retried by it."""

from __future__ import annotations

import asyncio

from bot.jobs import outbox_sender
from bot.rate_limit import SlidingWindow
from tests.test_alert_delivery import EVENING, Clock
from tests.test_delivery_trust import PRIVATES, db_path, make_api, start  # noqa: F401

BUSY = -6006


async def test_a_sliding_window_admits_the_limit_then_waits_for_the_oldest(monkeypatch):
    now = [0.0]
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    window = SlidingWindow(20, 60.0, clock=lambda: now[0])
    for second in range(20):
        now[0] = float(second)
        await window.acquire()
    assert slept == []
    await window.acquire()  # the 21st waits until the first is a minute old
    assert slept == [41.0] and now[0] == 60.0


async def test_the_outbox_sends_through_the_rate_limiter(db_path):  # noqa: F811
    api = make_api()
    env = await start(db_path, api, jobs=False, clock=Clock(EVENING), rate_limit=True)
    env.services.chats.enqueue("k1", PRIVATES[0], "through the limiter", EVENING)
    report = await outbox_sender(env.application).drain()
    assert report.sent == 1 and api.texts(PRIVATES[0]) == ["through the limiter"]
    await env.application.shutdown()


async def test_a_429_in_one_group_pauses_only_that_group(db_path):  # noqa: F811
    api = make_api()
    api.add_group(BUSY, title="Busy", supergroup=True)
    env = await start(db_path, api, jobs=False, clock=Clock(EVENING), rate_limit=True)
    chats = env.services.chats
    api.fail_next("sendMessage", chat_id=BUSY, kind="429", retry_after=30)
    chats.enqueue("busy", BUSY, "for the busy group", EVENING)
    chats.enqueue("private", PRIVATES[1], "for a private chat", EVENING)
    report = await asyncio.wait_for(outbox_sender(env.application).drain(), 5)
    # The outbox waits out the group's 429 itself; the limiter neither retried it nor
    # held the private chat's message behind it.
    assert report.retried == 1 and report.sent == 1
    assert api.texts(PRIVATES[1]) == ["for a private chat"] and api.texts(BUSY) == []
    (reply,) = await asyncio.wait_for(env.say(PRIVATES[1], "/status"), 5)
    assert reply
    await env.application.shutdown()
