"""A group's calls and the sides its members took on them.

Every read and write names its chat, so a call id typed in one chat never reaches
another chat's call. A call is settled once: the settlement and the message announcing
it are committed in one transaction, guarded by the call still being open, so a second
settlement job, a re-run after a crash or a restart on the settle day changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlite_utils

from storage.chats import QUEUE_MESSAGE
from storage.db import write_transaction

SIDES = ("agree", "disagree")


@dataclass(frozen=True)
class NewCall:
    """What a call is made of, before it has an id."""

    chat_id: int
    thread_id: int | None
    maker_id: int
    maker_name: str
    metric: str
    small: str
    large: str
    op: str
    threshold: float
    probability: float | None
    start_day: date
    start_value: float
    settle_day: date
    cutoff_day: date
    horizon: str
    lang: str
    base_rate: float | None
    base_windows: int | None
    base_since: date | None


@dataclass(frozen=True, kw_only=True)
class StoredCall(NewCall):
    """A call as stored: what it was made of, and what became of it."""

    id: int  # unique across chats: what sides and the outbox key on
    number: int  # what the chat sees: its first call is #1
    created_at: datetime
    status: str  # open | settled | deleted
    end_value: float | None = None
    hit: bool | None = None
    settled_at: datetime | None = None


@dataclass(frozen=True)
class Side:
    member_id: int
    member_name: str
    side: str  # agree | disagree


_FIELDS = ("id", "chat_id", "number", "thread_id", "maker_id", "maker_name", "metric", "small",
           "large", "op", "threshold", "probability", "start_day", "start_value", "settle_day",
           "cutoff_day", "horizon", "lang", "created_at", "status", "end_value", "hit",
           "settled_at", "base_rate", "base_windows", "base_since")
_COLUMNS = ", ".join(_FIELDS)
_DAYS = ("start_day", "settle_day", "cutoff_day", "base_since")
_MOMENTS = ("created_at", "settled_at")


def _call(row: Sequence) -> StoredCall:
    values = dict(zip(_FIELDS, row, strict=True))
    for key in _DAYS:
        values[key] = date.fromisoformat(values[key]) if values[key] else None
    for key in _MOMENTS:
        values[key] = datetime.fromisoformat(values[key]) if values[key] else None
    values["hit"] = None if values["hit"] is None else bool(values["hit"])
    values["maker_name"] = values["maker_name"] or ""
    return StoredCall(**values)


class CallStore:
    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def add(self, call: NewCall, now: datetime) -> int:
        """Store a call under the chat's next number (one more than any it has had, so a
        deleted call's number is never reused); returns that number."""
        row = {key: getattr(call, key) for key in NewCall.__dataclass_fields__}
        for key in _DAYS:
            row[key] = row[key].isoformat() if row[key] else None
        conn = self.db.conn
        with write_transaction(conn):
            number = conn.execute("SELECT coalesce(max(number), 0) + 1 FROM calls "
                                  "WHERE chat_id = ?", [call.chat_id]).fetchone()[0]
            row |= {"created_at": now.isoformat(), "status": "open", "number": number}
            columns = ", ".join(row)
            conn.execute(f"INSERT INTO calls ({columns}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))
        return number

    def call(self, chat_id: int, number: int) -> StoredCall | None:
        """The chat's call #number."""
        row = self.db.execute(f"SELECT {_COLUMNS} FROM calls WHERE chat_id = ? AND number = ? "
                              "AND status != 'deleted'", [chat_id, number]).fetchone()
        return _call(row) if row else None

    def calls(self, chat_id: int, status: str) -> list[StoredCall]:
        """The chat's calls in one state, the soonest to settle (or the latest settled)
        first."""
        order = "settle_day, id" if status == "open" else "settled_at DESC, id DESC"
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE chat_id = ? AND status = ? ORDER BY {order}",
            [chat_id, status]).fetchall()
        return [_call(r) for r in rows]

    def count_open(self, chat_id: int, maker_id: int | None = None) -> int:
        sql = "SELECT count(*) FROM calls WHERE chat_id = ? AND status = 'open'"
        values: list = [chat_id]
        if maker_id is not None:
            sql += " AND maker_id = ?"
            values.append(maker_id)
        return self.db.execute(sql, values).fetchone()[0]

    def due(self, day: date) -> list[StoredCall]:
        """Open calls of every chat whose settle day is on or before `day`."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE status = 'open' AND settle_day <= ? "
            "ORDER BY settle_day, id", [day.isoformat()]).fetchall()
        return [_call(r) for r in rows]

    def delete(self, chat_id: int, number: int) -> bool:
        """A deleted call is gone from every list, the scoreboard and settlement; its row
        stays as `deleted`, so its number is never given to another call."""
        with self.db.conn:
            return self.db.execute(
                "UPDATE calls SET status = 'deleted' WHERE chat_id = ? AND number = ? "
                "AND status != 'deleted'", [chat_id, number]).rowcount == 1

    # -- sides --------------------------------------------------------------------------------

    def take_side(self, chat_id: int, number: int, member_id: int, member_name: str,
                  side: str, today: date, now: datetime) -> str:
        """Record a member's side: "recorded", "changed", "same" (nothing to do),
        "locked" (past the cut-off, the side stays), "closed" (settled) or "missing"."""
        assert side in SIDES, side
        with write_transaction(self.db.conn):
            return self._take_side(chat_id, number, member_id, member_name, side, today, now)

    def _take_side(self, chat_id, number, member_id, member_name, side, today, now) -> str:
        call = self.call(chat_id, number)
        if call is None:
            return "missing"
        call_id = call.id
        if call.status != "open":
            return "closed"
        before = self.db.execute(
            "SELECT side FROM call_sides WHERE call_id = ? AND member_id = ?",
            [call_id, member_id]).fetchone()
        if before is not None and before[0] == side:
            return "same"
        if before is not None and today > call.cutoff_day:
            return "locked"
        self.db.execute(
            "INSERT INTO call_sides (call_id, member_id, member_name, side, at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(call_id, member_id) DO UPDATE SET "
            "side = excluded.side, member_name = excluded.member_name, at = excluded.at",
            [call_id, member_id, member_name, side, now.isoformat()])
        return "changed" if before is not None else "recorded"

    def sides(self, call_id: int) -> list[Side]:
        rows = self.db.execute(
            "SELECT member_id, member_name, side FROM call_sides WHERE call_id = ? "
            "ORDER BY at, member_id", [call_id]).fetchall()
        return [Side(r[0], r[1] or "", r[2]) for r in rows]

    def settled_with_sides(self, chat_id: int) -> list[tuple[StoredCall, list[Side]]]:
        return [(call, self.sides(call.id)) for call in self.calls(chat_id, "settled")]

    # -- settling -----------------------------------------------------------------------------

    def settle(self, call_id: int, *, end_value: float, hit: bool, now: datetime,
               message: tuple[str, int, str, int | None]) -> bool:
        """Settle an open call and queue its announcement (dedupe key, chat, text, topic)
        in one transaction. False, changing nothing, when it was settled already."""
        conn = self.db.conn
        with write_transaction(conn):
            settled = conn.execute(
                "UPDATE calls SET status = 'settled', end_value = ?, hit = ?, settled_at = ? "
                "WHERE id = ? AND status = 'open'",
                [end_value, int(hit), now.isoformat(), call_id]).rowcount
            if settled:
                key, chat_id, text, thread_id = message
                conn.execute(QUEUE_MESSAGE, [key, chat_id, text, now.isoformat(), thread_id])
        return bool(settled)
