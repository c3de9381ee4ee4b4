"""Flood limits kept per chat: a group's 20-a-minute window and a 429 only ever delay
that chat, and the outbox's sends through the limiter are never retried by it."""

from __future__ import annotations

import asyncio

from bot.tg.jobs import outbox_sender
from bot.tg.rate_limit import SlidingWindow
from tests.support.bots import start_bot
from tests.support.clock import EVENING, Clock
from tests.support.delivery import PRIVATES, make_api

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


async def test_the_outbox_sends_through_the_rate_limiter(db_path):
    api = make_api()
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING), rate_limit=True)
    env.services.chats.enqueue("k1", PRIVATES[0], "through the limiter", EVENING)
    report = await outbox_sender(env.application).drain()
    assert report.sent == 1 and api.texts(PRIVATES[0]) == ["through the limiter"]
    await env.application.shutdown()


async def test_a_429_in_one_group_pauses_only_that_group(db_path):
    api = make_api()
    api.add_group(BUSY, title="Busy", supergroup=True)
    env = await start_bot(db_path, api, jobs=False, clock=Clock(EVENING), rate_limit=True)
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


async def test_a_429_on_a_request_without_a_chat_is_waited_out_before_retrying():
    from datetime import timedelta

    from telegram.error import RetryAfter

    from bot.tg.rate_limit import PerChatRateLimiter

    limiter = PerChatRateLimiter(max_retries=1)
    calls: list[float] = []
    loop = asyncio.get_running_loop()

    async def answer_callback(*args, **kwargs):
        calls.append(loop.time())
        if len(calls) == 1:
            raise RetryAfter(timedelta(seconds=0.3))
        return True

    assert await limiter.process_request(answer_callback, (), {}, "answerCallbackQuery",
                                         {"callback_query_id": "1"}, None)
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.3


async def test_a_newer_longer_pause_is_never_erased_by_an_older_one():
    from bot.tg.rate_limit import PerChatRateLimiter

    limiter = PerChatRateLimiter()
    loop_time = __import__("time").monotonic
    limiter._paused_until[BUSY] = loop_time() + 0.1
    waiter = asyncio.create_task(limiter._wait_out_pause(BUSY))
    await asyncio.sleep(0.05)
    longer = loop_time() + 0.4
    limiter._paused_until[BUSY] = longer  # a 429 for the same chat meanwhile
    await waiter
    assert limiter._paused_until.get(BUSY) is None or limiter._paused_until[BUSY] == longer
    assert loop_time() >= longer - 0.01  # the waiter waited out the longer pause too
