"""Updates processed side by side, each chat's in the order they came.

python-telegram-bot handles one update at a time by default, so a group held back by
Telegram's flood limit, a 20-second Yahoo fetch or a chart render made every other
chat wait. Here any number of chats proceed at once, while one chat's updates still
run one after another (a reply never overtakes the command before it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256


def ordering_key(update: object) -> object:
    """Updates sharing a key run in order: a chat's, else (inline queries) a user's."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return ("other", None)


class PerChatOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES):
        super().__init__(max_concurrent_updates)
        self._locks: dict[object, asyncio.Lock] = {}
        self._waiting: dict[object, int] = {}

    async def process_update(self, update: object, coroutine: Awaitable) -> None:
        """The chat's turn first, then a slot: updates queued behind a busy chat wait
        on that chat's lock without holding any of the slots other chats need."""
        key = ordering_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await super().process_update(update, coroutine)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # forget idle chats: the map stays small
                del self._waiting[key]
                del self._locks[key]

    async def do_process_update(self, update: object, coroutine: Awaitable) -> None:
        await coroutine

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
