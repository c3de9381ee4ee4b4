"""The update inbox: every update from Telegram, written before Telegram is told it arrived.

Telegram never resends an update it was told arrived (the webhook's 200, polling's next
offset), so the bot writes the update here first and handles it from here: a crash
between acknowledging and handling leaves it `pending`, and the next start handles it.
The `update_id` key makes a repeat delivery (a 200 lost on the way back, a batch fetched
again after a crash before its offset was confirmed) a no-op. Done rows are kept for a
while to recognise such repeats, then pruned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

# Telegram keeps an update for redelivery up to 24 hours; a done row is kept longer than
# that, so a late repeat is still recognised.
KEEP_DONE = timedelta(days=2)


@dataclass(frozen=True)
class PendingUpdate:
    update_id: int
    chat_id: int | None
    payload: dict  # the update's JSON as Telegram sent it


class Inbox:
    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def save(self, update_id: int, chat_id: int | None, payload: dict, now: datetime) -> bool:
        """Keep an update as pending, committed when this returns; False when this
        update_id is already here (a repeat delivery, to be dropped)."""
        with self.db.conn:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO inbox (update_id, chat_id, payload, received_at, status) "
                "VALUES (?, ?, ?, ?, 'pending')",
                [update_id, chat_id, json.dumps(payload, separators=(",", ":")),
                 now.isoformat()],
            )
        return cursor.rowcount == 1

    def pending(self) -> list[PendingUpdate]:
        """Updates not yet handled, in Telegram's order (update_id), so each chat's come in
        the order they were sent."""
        rows = self.db.execute(
            "SELECT update_id, chat_id, payload FROM inbox WHERE status = 'pending' "
            "ORDER BY update_id"
        ).fetchall()
        return [PendingUpdate(update_id, chat_id, json.loads(payload))
                for update_id, chat_id, payload in rows]

    def mark_done(self, update_id: int, now: datetime) -> bool:
        """The update's handlers ran; False when it was not pending."""
        with self.db.conn:
            cursor = self.db.execute(
                "UPDATE inbox SET status = 'done', done_at = ? "
                "WHERE update_id = ? AND status = 'pending'",
                [now.isoformat(), update_id],
            )
        return cursor.rowcount == 1

    def prune(self, now: datetime, keep: timedelta = KEEP_DONE) -> int:
        """Forget updates handled more than `keep` ago; pending ones are never pruned.
        Returns how many rows went."""
        with self.db.conn:
            cursor = self.db.execute(
                "DELETE FROM inbox WHERE status = 'done' AND done_at < ?",
                [(now - keep).isoformat()],
            )
        return cursor.rowcount

    def counts(self) -> dict[str, int]:
        """Rows per status, for health reports and tests."""
        return dict(self.db.execute(
            "SELECT status, count(*) FROM inbox GROUP BY status").fetchall())
