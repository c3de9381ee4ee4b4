"""Telegram's flood limits, kept per chat, so one busy group only ever delays itself.

python-telegram-bot's AIORateLimiter spaces requests well overall, but two of its
choices hurt a bot serving many groups: its group limiter is a leaky bucket that lets
a 21st message out 3 s after a burst of 20 (Telegram counts 20 a minute, and answers
429), and on any 429 it pauses every chat until the wait is over. Here a group's
messages follow a sliding minute, a 429 pauses only the chat it was about, and
`rate_limit_args=NO_RETRY` really means "do not retry" (the outbox retries on its own).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.constants import FloodLimit
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

GROUP_WINDOW_S = 60.0
RETRY_MARGIN_S = 0.1
# `rate_limit_args` for "never retry": python-telegram-bot drops a falsy 0 on its way
# here, so "no retries" travels as -1.
NO_RETRY = -1
NO_CHAT = "no-chat"  # the pause key of requests that name no chat
# Requests that post a message, which Telegram's per-group limit counts.
MESSAGE_SENDS = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "sendAnimation",
    "sendVideo", "sendAudio", "sendVoice", "sendSticker", "sendPoll", "copyMessage",
    "copyMessages", "forwardMessage", "forwardMessages",
})


class SlidingWindow:
    """At most `limit` events in any `period` seconds; `acquire` waits for a slot."""

    def __init__(self, limit: int, period: float, clock: Callable[[], float] = time.monotonic):
        self.limit, self.period, self.clock = limit, period, clock
        self._times: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:  # one waiter at a time keeps the chat's order
            while True:
                now = self.clock()
                while self._times and now - self._times[0] >= self.period:
                    self._times.popleft()
                if len(self._times) < self.limit:
                    self._times.append(now)
                    return
                await asyncio.sleep(self._times[0] + self.period - now)

    @property
    def idle(self) -> bool:
        return not self._times or self.clock() - self._times[-1] >= self.period


class PerChatRateLimiter(AIORateLimiter):
    """AIORateLimiter's overall limit, with per-group sliding minutes and per-chat
    waits after a 429."""

    def __init__(self, max_retries: int = 3,
                 group_max_rate: int = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP):
        # The parent keeps the overall per-second limit; groups are handled here.
        super().__init__(max_retries=max_retries, group_max_rate=0)
        self._group_max = group_max_rate
        self._groups: dict[int | str, SlidingWindow] = {}
        self._paused_until: dict[int | str, float] = {}

    def _group_window(self, chat_id: int | str) -> SlidingWindow:
        if len(self._groups) > 1024:  # forget groups quiet for a minute
            for key in [k for k, w in self._groups.items() if w.idle and k != chat_id]:
                del self._groups[key]
        if chat_id not in self._groups:
            self._groups[chat_id] = SlidingWindow(self._group_max, GROUP_WINDOW_S)
        return self._groups[chat_id]

    async def _wait_out_pause(self, key: int | str | None) -> None:
        """Until the chat's latest pause is over (a newer, longer one set meanwhile is
        waited out too, never erased)."""
        while (until := self._paused_until.get(key)) is not None:
            delay = until - time.monotonic()
            if delay <= 0:
                if self._paused_until.get(key) == until:
                    del self._paused_until[key]
                return
            await asyncio.sleep(delay)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict | list[dict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict | list[dict]:
        max_retries = self._max_retries if rate_limit_args is None else max(
            int(rate_limit_args), 0)
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)
        is_group = (isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str)
        # Requests without a chat (callback and inline answers, the command menu) share
        # one pause of their own.
        pause_key = chat_id if chat_id is not None else NO_CHAT
        for attempt in range(max_retries + 1):
            await self._wait_out_pause(pause_key)
            if is_group and self._group_max and endpoint in MESSAGE_SENDS:
                # Telegram's 20-a-minute counts messages, not chat actions or edits.
                await self._group_window(chat_id).acquire()
                await self._wait_out_pause(pause_key)  # a 429 may have come meanwhile
            try:
                # The parent applies the overall limit (and nothing per group: rate 0).
                return await self._run_request(
                    chat=chat_id is not None, group=False,
                    allow_paid_broadcast=data.get("allow_paid_broadcast", False),
                    callback=callback, args=args, kwargs=kwargs,
                )
            except RetryAfter as exc:
                wait = exc.retry_after
                seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
                until = time.monotonic() + seconds + RETRY_MARGIN_S
                self._paused_until[pause_key] = max(until, self._paused_until.get(pause_key, 0))
                if attempt == max_retries:
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises
