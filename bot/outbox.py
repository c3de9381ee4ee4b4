"""Draining the outbox to Telegram: rate-limited, retried, never twice on purpose.

A message is marked `sending` before the request and `sent` right after it, each in
its own commit. A crash before the request leaves it `sending`, and it is sent after
the restart. The only window for a duplicate is a crash between Telegram's answer and
the next commit (microseconds), which no Bot API call can close: Telegram has no
idempotency key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from storage.chats import ChatStore, backoff_delay

log = logging.getLogger(__name__)


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    paused_chats: list[int] = field(default_factory=list)
    migrated: dict[int, int] = field(default_factory=dict)


def _retry_after_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def drain_outbox(
    bot: Bot, chats: ChatStore, clock: Callable[[], datetime], limit: int = 1000
) -> DrainReport:
    """Send every due message once; failures are rescheduled or retired, never dropped."""
    report = DrainReport()
    blocked: set[int] = set()
    for message in chats.due_messages(clock(), limit):
        if message.chat_id in blocked:
            continue
        chat_id = message.chat_id
        chats.mark_sending(message.id)
        for _ in range(2):  # a second try only after the chat's id changed
            try:
                sent = await bot.send_message(chat_id, message.text, parse_mode=ParseMode.HTML)
            except ChatMigrated as exc:
                # The group became a supergroup: move everything, then send there.
                chats.migrate_chat(chat_id, exc.new_chat_id, clock())
                report.migrated[chat_id] = exc.new_chat_id
                chat_id = exc.new_chat_id
                continue
            except RetryAfter as exc:
                # Flood control: this message and the chat's later ones wait it out.
                wait = _retry_after_seconds(exc)
                chats.mark_retry(message.id, f"429 retry after {wait:g}s",
                                 clock() + timedelta(seconds=wait))
                blocked.add(chat_id)
                report.retried += 1
            except Forbidden as exc:
                # Blocked by the user or removed from the group: stop, don't retry forever.
                reason = str(exc.message)[:200]
                chats.pause_chat(chat_id, reason, clock())
                chats.hold_chat_messages(chat_id, f"403 {reason}")
                blocked.add(chat_id)
                report.paused_chats.append(chat_id)
                report.dead += 1
            except BadRequest as exc:
                # A request Telegram will never accept: retrying cannot help.
                chats.mark_dead(message.id, f"400 {exc.message}")
                log.error("outbox message %s refused by Telegram: %s", message.id, exc.message)
                report.dead += 1
            except NetworkError as exc:  # includes TimedOut and 5xx
                chats.mark_retry(message.id, f"network: {exc.message}",
                                 clock() + backoff_delay(message.attempts + 1))
                blocked.add(chat_id)  # keep the chat's messages in order
                report.retried += 1
            else:
                chats.mark_sent(message.id, sent.message_id, clock())
                report.sent += 1
            break
    return report
