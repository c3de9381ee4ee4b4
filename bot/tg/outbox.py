"""Draining the outbox to Telegram: each message once, each chat in order, no chat
waiting for another.

A message is claimed by one conditional write before its request (storage.chats
`claim_head`): of several drains running at once, only one can win a row, and only the
head of a chat's queue can be claimed, so a chat's messages go out in order. Chats are
drained side by side, so a group held back by Telegram's flood limit delays only
itself. A claim left by a crash is retaken after a lease (five minutes) that no live
request outlasts: each request is abandoned after `SEND_DEADLINE_S`.

The one window for a duplicate is a crash (or an abandoned request) after Telegram
accepted a message and before the next commit: the Bot API has no idempotency key.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.tg.rate_limit import NO_RETRY
from storage.chats import ChatStore, OutboxMessage, backoff_delay

log = logging.getLogger(__name__)

SEND_DEADLINE_S = 120.0  # well inside storage.chats.CLAIM_LEASE
RECORD_SENT_TRIES = 5

OnMigrated = Callable[[int, int], Awaitable[None] | None]


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    paused_chats: list[int] = field(default_factory=list)
    migrated: dict[int, int] = field(default_factory=dict)


def new_sender_id() -> str:
    """Names the claims of one sender, so a late outcome never overwrites a retaken row."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:12]}"


def _retry_after_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def drain_outbox(
    bot: Bot,
    chats: ChatStore,
    clock: Callable[[], datetime],
    *,
    sender_id: str | None = None,
    on_migrated: OnMigrated | None = None,
    limit: int = 1000,
    busy: dict[int, asyncio.Task] | None = None,
) -> DrainReport:
    """Send every due message once; failures are rescheduled or retired, never dropped.

    Safe to run concurrently with itself: claims decide who sends what. Each chat's
    queue is sent by one task; a chat already being sent to (in `busy`) is left to the
    task sending to it, which picks up its new messages too, so a slow group never
    holds up a call made for other chats.
    """
    sender_id = sender_id or new_sender_id()
    busy = {} if busy is None else busy
    report = DrainReport()

    async def drain_chat(chat_id: int) -> None:
        try:
            while (message := chats.claim_head(chat_id, clock(), sender_id)) is not None:
                if not await _deliver(bot, chats, clock, message, sender_id, report,
                                      on_migrated):
                    return  # the chat waits (429, network) or stopped (403)
        finally:
            busy.pop(chat_id, None)

    started = []
    for chat_id in chats.chats_with_due_messages(clock(), limit=limit):
        if chat_id not in busy:
            busy[chat_id] = asyncio.ensure_future(drain_chat(chat_id))
            started.append(busy[chat_id])
    await asyncio.gather(*started)
    return report


async def _deliver(bot: Bot, chats: ChatStore, clock, message: OutboxMessage, sender: str,
                   report: DrainReport, on_migrated: OnMigrated | None) -> bool:
    """One claimed message to Telegram; True when the chat's next message may follow."""
    chat_id = message.chat_id
    # Our own retry policy handles 429s (the outbox row waits, other chats go on);
    # the rate limiter (bot.tg.rate_limit) still spaces requests but must not retry.
    extra = {"rate_limit_args": NO_RETRY} if getattr(bot, "rate_limiter", None) else {}
    thread_id = message.thread_id
    for _ in range(3):  # tried again only after the chat's id or topic changed
        try:
            sent = await asyncio.wait_for(
                bot.send_message(chat_id, message.text, parse_mode=ParseMode.HTML,
                                 message_thread_id=thread_id, **extra),
                SEND_DEADLINE_S,
            )
        except ChatMigrated as exc:
            # The group became a supergroup: move everything, then send there.
            chat_id = await _follow_migration(chats, clock, chat_id, exc.new_chat_id, report,
                                              on_migrated)
            continue
        except RetryAfter as exc:
            # Flood control: this message and the chat's later ones wait it out.
            wait = _retry_after_seconds(exc)
            chats.mark_retry(message.id, f"429 retry after {wait:g}s",
                             clock() + timedelta(seconds=wait), sender, failed=False)
            report.retried += 1
            return False
        except Forbidden as exc:
            # Blocked by the user or removed from the group: stop, don't retry forever.
            _pause(chats, clock, chat_id, str(exc.message)[:200], report)
            return False
        except BadRequest as exc:
            if thread_id is not None and _topic_gone(exc):
                # The forum topic was closed or deleted: this chat's messages for it go
                # to General from now on, announced once, instead of failing forever.
                if chats.move_topic_to_general(chat_id, thread_id):
                    await _announce_general(bot, chats, chat_id, extra)
                thread_id = None
                continue
            # A request Telegram will never accept: retrying cannot help.
            chats.mark_dead(message.id, f"400 {exc.message}", sender)
            log.error("outbox message %s refused by Telegram: %s", message.id, exc.message)
            report.dead += 1
            return True
        except (NetworkError, TimeoutError) as exc:  # includes TimedOut and 5xx
            reason = getattr(exc, "message", None) or type(exc).__name__
            chats.mark_retry(message.id, f"network: {reason}",
                             clock() + backoff_delay(message.attempts), sender)
            report.retried += 1
            return False  # keep the chat's messages in order
        except asyncio.CancelledError:
            # Shutdown: release the claim at once, and the attempt with it.
            chats.mark_retry(message.id, "interrupted", clock(), sender, failed=False)
            raise
        except Exception as exc:
            # Anything else Telegram or the network threw: a counted attempt with
            # back-off, so a message that always fails is retired, not retried forever.
            log.exception("outbox message %s failed unexpectedly", message.id)
            chats.mark_retry(message.id, f"unexpected: {type(exc).__name__}",
                             clock() + backoff_delay(message.attempts), sender)
            report.retried += 1
            return False
        await _record_sent(chats, message.id, sent.message_id, clock(), sender)
        report.sent += 1
        return True
    return False


async def _follow_migration(chats: ChatStore, clock, old_id: int, new_id: int,
                            report: DrainReport, on_migrated: OnMigrated | None) -> int:
    chats.migrate_chat(old_id, new_id, clock())
    report.migrated[old_id] = new_id
    if on_migrated is not None:
        outcome = on_migrated(old_id, new_id)
        if asyncio.iscoroutine(outcome):
            await outcome
    return new_id


def _pause(chats: ChatStore, clock, chat_id: int, reason: str, report: DrainReport) -> None:
    log.warning("chat %s refused our messages (%s): paused", chat_id, reason)
    chats.pause_chat(chat_id, reason, clock())
    chats.hold_chat_messages(chat_id, f"403 {reason}")
    report.paused_chats.append(chat_id)
    report.dead += 1


def _topic_gone(exc: BadRequest) -> bool:
    text = str(exc.message).lower()
    return "thread not found" in text or "topic_closed" in text or "topic closed" in text


async def _announce_general(bot: Bot, chats: ChatStore, chat_id: int, extra: dict) -> None:
    from bot.present.i18n import t

    lang = chats.chat(chat_id).lang or "en"
    # The notice is a courtesy: whatever Telegram says to it (429 included), the
    # message it announces goes on.
    with contextlib.suppress(TelegramError):
        await bot.send_message(chat_id, t(lang, "topic_moved_to_general"), **extra)


async def _record_sent(chats: ChatStore, message_id: int, telegram_id: int, at: datetime,
                       sender: str) -> None:
    """Telegram has the message: the 'sent' commit must not be lost to a busy database,
    or the row would be retaken after its lease and sent again."""
    for attempt in range(RECORD_SENT_TRIES):
        try:
            chats.mark_sent(message_id, telegram_id, at, sender)
            return
        except sqlite3.OperationalError:
            if attempt == RECORD_SENT_TRIES - 1:
                raise
            log.warning("could not record outbox message %s as sent; retrying", message_id)
            await asyncio.sleep(1.0)


class OutboxSender:
    """The process's sender. Jobs that want messages delivered call `drain`: each chat
    is sent to by one task at a time (the claim makes that true across processes too),
    and a call never waits for chats another call is already sending to."""

    def __init__(self, bot: Bot, chats: ChatStore, clock: Callable[[], datetime],
                 on_migrated: OnMigrated | None = None):
        self.bot, self.chats, self.clock = bot, chats, clock
        self.on_migrated = on_migrated
        self.sender_id = new_sender_id()
        self._busy: dict[int, asyncio.Task] = {}

    async def drain(self) -> DrainReport:
        return await drain_outbox(self.bot, self.chats, self.clock, sender_id=self.sender_id,
                                  on_migrated=self.on_migrated, busy=self._busy)
