"""Per-chat state: settings, alert rules, digests and the outbox.

Every read and write of a rule names its chat, so an id typed in one chat can never
reach another chat's rule. Evaluation results and the messages they cause are
committed in one transaction (`commit_evaluation`), which is what makes alerts
survive a crash without being lost or doubled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

# A message queued for delivery once: its dedupe key is unique, a second insert is nothing.
QUEUE_MESSAGE = ("INSERT OR IGNORE INTO outbox (dedupe_key, chat_id, text, status, attempts, "
                 "created_at, thread_id) VALUES (?, ?, ?, 'pending', 0, ?, ?)")
# Network faults and 5xx with back-off capped at 30 minutes: about a day of trying.
MAX_SEND_ATTEMPTS = 60
# How long a claim protects a message being sent; the sender gives up on a request
# long before this (bot.tg.outbox.SEND_DEADLINE), so a live claim is never retaken.
CLAIM_LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class ChatSettings:
    chat_id: int
    lang: str | None = None
    tz: str | None = None
    alerts_open: bool = False
    charts: bool = True
    paused_reason: str | None = None
    small: str | None = None  # the chat's own pair (/pair), or None: the default
    large: str | None = None
    calls_open: bool = True  # anyone may make a call (/settings calls admins: admins only)


@dataclass(frozen=True)
class StoredRule:
    id: int
    chat_id: int
    metric: str
    window: str | None
    op: str
    threshold: float
    hysteresis: float
    once: bool
    cooldown_s: int
    armed: bool
    side: str | None
    paused: bool
    last_fired_at: datetime | None
    last_fired_value: float | None
    lang: str = "en"
    small: str = "VTWO"
    large: str = "SPY"
    thread_id: int | None = None  # the forum topic it was made in (None: the chat)


@dataclass(frozen=True)
class RuleChange:
    rule_id: int
    armed: bool
    side: str | None
    last_fired_at: datetime | None
    last_fired_value: float | None


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    dedupe_key: str
    chat_id: int
    text: str
    status: str
    attempts: int
    thread_id: int | None = None


@dataclass(frozen=True)
class Digest:
    chat_id: int
    cadence: str  # daily | weekly
    at_time: str  # HH:MM in the chat's time zone
    lang: str = "en"
    thread_id: int | None = None


RULE_FIELDS = (
    "id", "chat_id", "metric", "window", "op", "threshold", "hysteresis", "once", "cooldown_s",
    "armed", "side", "paused", "last_fired_at", "last_fired_value", "lang", "small", "large",
    "thread_id",
)
_RULE_COLUMNS = ", ".join(RULE_FIELDS)


def _rule(row: Sequence) -> StoredRule:
    values = dict(zip(RULE_FIELDS, row, strict=True))
    fired_at = values["last_fired_at"]
    return StoredRule(**{
        **values,
        "once": bool(values["once"]), "armed": bool(values["armed"]),
        "paused": bool(values["paused"]),
        "last_fired_at": datetime.fromisoformat(fired_at) if fired_at else None,
        "lang": values["lang"] or "en",
        "small": values["small"] or "VTWO", "large": values["large"] or "SPY",
    })


class ChatStore:
    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    # -- chat settings ------------------------------------------------------------------------

    def chat(self, chat_id: int) -> ChatSettings:
        row = self.db.execute(
            "SELECT chat_id, lang, tz, alerts_open, charts, paused_reason, small, large, "
            "calls_open FROM chats WHERE chat_id = ?", [chat_id]
        ).fetchone()
        if row is None:
            return ChatSettings(chat_id)
        return ChatSettings(row[0], row[1], row[2], bool(row[3]), bool(row[4]), row[5],
                            row[6], row[7], bool(row[8]))

    def pair(self, chat_id: int) -> tuple[str, str] | None:
        settings = self.chat(chat_id)
        if settings.small and settings.large:
            return settings.small, settings.large
        return None

    def set_pair(self, chat_id: int, pair: tuple[str, str] | None, now: datetime) -> None:
        """The chat's own pair; None returns it to the configured default."""
        small, large = pair if pair else (None, None)
        self.update_chat(chat_id, now, small=small, large=large)

    def adopt_default_pair(self, small: str, large: str) -> int:
        """Rules saved before rules had pairs watch the pair they were evaluated with.
        Only writes when there are such rules: opening the cache to read (`gapbot ask`
        beside a running bot) must not need the write lock."""
        if self.db.execute("SELECT 1 FROM alert_rules WHERE small IS NULL OR large IS NULL "
                           "LIMIT 1").fetchone() is None:
            return 0
        with self.db.conn:
            return self.db.execute(
                "UPDATE alert_rules SET small = ?, large = ? WHERE small IS NULL OR large IS NULL",
                [small, large],
            ).rowcount

    def active_pairs(self) -> list[tuple[str, str]]:
        """The pairs active rules watch, each once."""
        rows = self.db.execute(
            "SELECT DISTINCT small, large FROM alert_rules WHERE paused = 0 AND small IS NOT "
            "NULL ORDER BY small, large"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def pairs_in_use(self) -> set[tuple[str, str]]:
        """Every pair an active rule, a chat or an open call follows: what a refresh must
        keep fresh."""
        chat_pairs = self.db.execute(
            "SELECT DISTINCT small, large FROM chats WHERE small IS NOT NULL UNION "
            "SELECT DISTINCT small, large FROM calls WHERE status = 'open'").fetchall()
        return set(self.active_pairs()) | {(r[0], r[1]) for r in chat_pairs}

    def update_chat(self, chat_id: int, now: datetime, **fields) -> None:
        allowed = {"lang", "tz", "alerts_open", "charts", "paused_reason", "paused_at", "small",
                   "large", "calls_open"}
        assert set(fields) <= allowed, fields
        with self.db.conn:
            self.db.execute(
                "INSERT INTO chats (chat_id, created_at) VALUES (?, ?) "
                "ON CONFLICT(chat_id) DO NOTHING", [chat_id, now.isoformat()]
            )
            for column, value in fields.items():
                # Column names come from the fixed set above, never from user text.
                self.db.execute(f"UPDATE chats SET {column} = ? WHERE chat_id = ?",
                                [value, chat_id])

    def pause_chat(self, chat_id: int, reason: str, now: datetime) -> None:
        self.update_chat(chat_id, now, paused_reason=reason, paused_at=now.isoformat())

    def resume_chat(self, chat_id: int, now: datetime) -> bool:
        """Clear a pause (the chat talks to the bot again); True if it was paused."""
        if self.chat(chat_id).paused_reason is None:
            return False
        self.update_chat(chat_id, now, paused_reason=None, paused_at=None)
        return True

    def migrate_chat(self, old_id: int, new_id: int, now: datetime) -> bool:
        """A group became a supergroup: its settings, rules, digest and every outbox row
        follow it to the new id, in one transaction. Returns False when there was
        nothing left to move (the second of Telegram's two service messages, or a
        ChatMigrated after the service message was handled), so it is safe to repeat.

        Digest keys name the chat (`digest:<chat>:<day>`); they are renamed too, so a
        digest already sent today under the old id is not sent again under the new one.
        """
        if old_id == new_id:
            return False
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            old = conn.execute(
                "SELECT lang, tz, alerts_open, charts, small, large, calls_open FROM chats "
                "WHERE chat_id = ?",
                [old_id],
            ).fetchone()
            moved = old is not None
            if old is not None:
                conn.execute(
                    "INSERT INTO chats (chat_id, created_at) VALUES (?, ?) "
                    "ON CONFLICT(chat_id) DO NOTHING", [new_id, now.isoformat()]
                )
                # A setting made in the new supergroup already wins over the old one.
                conn.execute(
                    "UPDATE chats SET lang = coalesce(lang, ?), tz = coalesce(tz, ?), "
                    "alerts_open = max(alerts_open, ?), charts = ?, small = coalesce(small, ?), "
                    "large = coalesce(large, ?), calls_open = min(calls_open, ?) "
                    "WHERE chat_id = ?",
                    [*old, new_id],
                )
                conn.execute("DELETE FROM chats WHERE chat_id = ?", [old_id])
            # The old chat's calls are numbered after any the new one made already.
            conn.execute("UPDATE calls SET number = number + (SELECT coalesce(max(number), 0) "
                         "FROM calls WHERE chat_id = ?) WHERE chat_id = ?", [new_id, old_id])
            for table in ("alert_rules", "digests", "outbox", "calls"):
                # Table names come from the fixed tuple above, never from input. A digest
                # the new supergroup already set keeps its own (OR IGNORE, then drop).
                cursor = conn.execute(f"UPDATE OR IGNORE {table} SET chat_id = ? "
                                      "WHERE chat_id = ?", [new_id, old_id])
                moved = moved or cursor.rowcount > 0
            conn.execute("DELETE FROM digests WHERE chat_id = ?", [old_id])
            # A call an anonymous admin made, or sided on, was the chat's: it stays the chat's.
            conn.execute("UPDATE calls SET maker_id = ? WHERE chat_id = ? AND maker_id = ?",
                         [new_id, new_id, old_id])
            conn.execute("UPDATE OR IGNORE call_sides SET member_id = ? WHERE member_id = ? AND "
                         "call_id IN (SELECT id FROM calls WHERE chat_id = ?)",
                         [new_id, old_id, new_id])
            old_prefix, new_prefix = f"digest:{old_id}:", f"digest:{new_id}:"
            conn.execute(
                "UPDATE OR IGNORE outbox SET dedupe_key = ? || substr(dedupe_key, ?) "
                "WHERE chat_id = ? AND substr(dedupe_key, 1, ?) = ?",
                [new_prefix, len(old_prefix) + 1, new_id, len(old_prefix), old_prefix],
            )
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
        return moved

    # -- rules ----------------------------------------------------------------------------------

    def add_rule(self, chat_id: int, *, metric: str, window: str | None, op: str,
                 threshold: float, hysteresis: float, once: bool, cooldown_s: int,
                 armed: bool, side: str | None, created_by: int | None, lang: str,
                 now: datetime, small: str = "VTWO", large: str = "SPY",
                 thread_id: int | None = None) -> int:
        with self.db.conn:
            cursor = self.db.execute(
                "INSERT INTO alert_rules (chat_id, metric, window, op, threshold, hysteresis, "
                "once, cooldown_s, armed, side, paused, created_at, created_by, lang, small, "
                "large, thread_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
                [chat_id, metric, window, op, threshold, hysteresis, int(once), cooldown_s,
                 int(armed), side, now.isoformat(), created_by, lang, small, large, thread_id],
            )
        return cursor.lastrowid

    def rules_for_chat(self, chat_id: int, thread_id: int | None | object = ...
                       ) -> list[StoredRule]:
        """The chat's rules; with `thread_id`, only those made in that topic (None: made
        outside any topic)."""
        rows = self.db.execute(
            f"SELECT {_RULE_COLUMNS} FROM alert_rules WHERE chat_id = ? ORDER BY id", [chat_id]
        ).fetchall()
        rules = [_rule(r) for r in rows]
        if thread_id is ...:
            return rules
        return [r for r in rules if r.thread_id == thread_id]

    def rule(self, chat_id: int, rule_id: int) -> StoredRule | None:
        row = self.db.execute(
            f"SELECT {_RULE_COLUMNS} FROM alert_rules WHERE chat_id = ? AND id = ?",
            [chat_id, rule_id],
        ).fetchone()
        return _rule(row) if row else None

    def count_rules(self, chat_id: int) -> int:
        return self.db.execute(
            "SELECT count(*) FROM alert_rules WHERE chat_id = ?", [chat_id]
        ).fetchone()[0]

    def delete_rule(self, chat_id: int, rule_id: int) -> bool:
        with self.db.conn:
            cursor = self.db.execute(
                "DELETE FROM alert_rules WHERE chat_id = ? AND id = ?", [chat_id, rule_id]
            )
        return cursor.rowcount == 1

    def set_rule_paused(self, chat_id: int, rule_id: int, paused: bool) -> bool:
        with self.db.conn:
            cursor = self.db.execute(
                "UPDATE alert_rules SET paused = ? WHERE chat_id = ? AND id = ?",
                [int(paused), chat_id, rule_id],
            )
        return cursor.rowcount == 1

    def active_rule_table(self, pair: tuple[str, str] | None = None) -> dict[str, list]:
        """Rules to evaluate (of one pair, or all), column by column (`RULE_FIELDS` →
        values), because 100,000 dataclasses would cost more than the evaluation itself:
        not paused, in chats that still accept messages."""
        where, values = "", []
        if pair is not None:
            where, values = " AND small = ? AND large = ?", list(pair)
        # Ordered by pair, so each pair's rules are one contiguous slice.
        rows = self.db.execute(
            f"SELECT {_RULE_COLUMNS} FROM alert_rules WHERE paused = 0 AND chat_id NOT IN "
            f"(SELECT chat_id FROM chats WHERE paused_reason IS NOT NULL){where} "
            "AND small IS NOT NULL AND large IS NOT NULL ORDER BY small, large, id",
            values,
        ).fetchall()
        columns = [list(c) for c in zip(*rows, strict=True)] if rows else [
            [] for _ in RULE_FIELDS]
        return dict(zip(RULE_FIELDS, columns, strict=True))

    def active_rules(self) -> list[StoredRule]:
        table = self.active_rule_table()
        return [self.rule_at(table, i) for i in range(len(table["id"]))]

    @staticmethod
    def rule_at(table: dict[str, list], index: int) -> StoredRule:
        return _rule([table[name][index] for name in RULE_FIELDS])

    # -- evaluation + outbox, atomically ----------------------------------------------------------

    def evaluated(self, eval_key: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM evaluations WHERE eval_key = ?", [eval_key]
        ).fetchone() is not None

    def commit_evaluation(
        self,
        eval_key: str,
        now: datetime,
        *,
        changes: Iterable[RuleChange],
        deletions: Iterable[int],
        messages: Iterable[tuple[str, int, str, int | None]],
        rules_checked: int,
        fired: int,
    ) -> bool:
        """Rule state, deletions of `once` rules and their messages in one transaction.

        Returns False (changing nothing) if this evaluation was already committed, so
        a re-run after a crash or a second scheduler tick cannot fire anything twice.
        """
        stamp = now.isoformat()
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            inserted = conn.execute(
                "INSERT OR IGNORE INTO evaluations (eval_key, evaluated_at, rules, fired) "
                "VALUES (?, ?, ?, ?)", [eval_key, stamp, rules_checked, fired]
            ).rowcount
            if not inserted:
                conn.rollback()
                return False
            conn.executemany(
                "UPDATE alert_rules SET armed = ?, side = ?, last_fired_at = ?, "
                "last_fired_value = ? WHERE id = ?",
                [(int(c.armed), c.side, c.last_fired_at.isoformat() if c.last_fired_at else None,
                  c.last_fired_value, c.rule_id) for c in changes],
            )
            conn.executemany("DELETE FROM alert_rules WHERE id = ?", [(i,) for i in deletions])
            conn.executemany(
                QUEUE_MESSAGE,
                [(key, chat_id, text, stamp, thread) for key, chat_id, text, thread in messages],
            )
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
        return True

    def enqueue(self, dedupe_key: str, chat_id: int, text: str, now: datetime,
                thread_id: int | None = None) -> bool:
        with self.db.conn:
            cursor = self.db.execute(
                QUEUE_MESSAGE, [dedupe_key, chat_id, text, now.isoformat(), thread_id])
        return cursor.rowcount == 1

    def move_topic_to_general(self, chat_id: int, thread_id: int) -> bool:
        """A forum topic was closed or deleted: its rules, digest and waiting messages
        go to the chat's General topic from now on. True if anything was in it."""
        moved = 0
        with self.db.conn:
            for table, extra in (("alert_rules", ""), ("digests", ""), ("calls", ""),
                                 ("outbox", " AND status IN ('pending', 'sending')")):
                # Table names and conditions come from the fixed tuple above.
                moved += self.db.execute(
                    f"UPDATE {table} SET thread_id = NULL WHERE chat_id = ? AND thread_id = ?"
                    f"{extra}", [chat_id, thread_id],
                ).rowcount
        return moved > 0

    def has_message(self, dedupe_key: str) -> bool:
        return self.db.execute("SELECT 1 FROM outbox WHERE dedupe_key = ?",
                               [dedupe_key]).fetchone() is not None

    def chats_with_due_messages(self, now: datetime, lease: timedelta = CLAIM_LEASE,
                                limit: int = 1000) -> list[int]:
        """Chats whose queue head can be sent now (see `claim_head`)."""
        stale = (now - lease).isoformat()
        rows = self.db.execute(
            "SELECT chat_id FROM outbox WHERE id IN (SELECT min(id) FROM outbox "
            "WHERE status IN ('pending', 'sending') GROUP BY chat_id) AND ("
            "(status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)) OR "
            "(status = 'sending' AND claimed_at <= ?)) ORDER BY id LIMIT ?",
            [now.isoformat(), stale, limit],
        ).fetchall()
        return [r[0] for r in rows]

    def claim_head(self, chat_id: int, now: datetime, sender: str,
                   lease: timedelta = CLAIM_LEASE) -> OutboxMessage | None:
        """Claim the chat's oldest unsent message for `sender`, or None.

        One conditional write decides the claim, so of several drains only one can win a
        row; only the head of a chat's queue is ever claimed, so a chat's messages go out
        in order and one at a time. A row left 'sending' by a crash is retaken once its
        claim is older than `lease`, which no live send outlasts (the sender bounds each
        request well inside it).
        """
        stale = (now - lease).isoformat()
        with self.db.conn:
            head = self.db.execute(
                "SELECT id FROM outbox WHERE chat_id = ? AND status IN ('pending', 'sending') "
                "ORDER BY id LIMIT 1", [chat_id]
            ).fetchone()
            if head is None:
                return None
            cursor = self.db.execute(
                "UPDATE outbox SET status = 'sending', claimed_at = ?, claimed_by = ?, "
                "attempts = attempts + 1 WHERE id = ? AND ("
                "(status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)) "
                "OR (status = 'sending' AND claimed_at <= ?))",
                [now.isoformat(), sender, head[0], now.isoformat(), stale],
            )
            if cursor.rowcount != 1:
                return None
            row = self.db.execute(
                "SELECT id, dedupe_key, chat_id, text, status, attempts, thread_id FROM outbox "
                "WHERE id = ?", [head[0]]
            ).fetchone()
        return OutboxMessage(*row)

    def _finish(self, message_id: int, sender: str, sql: str, values: list) -> bool:
        """Apply an outcome only while `sender` still holds the claim."""
        with self.db.conn:
            cursor = self.db.execute(
                f"UPDATE outbox SET {sql} WHERE id = ? AND status = 'sending' AND claimed_by = ?",
                [*values, message_id, sender],
            )
        return cursor.rowcount == 1

    def mark_sent(self, message_id: int, telegram_message_id: int | None, now: datetime,
                  sender: str) -> bool:
        return self._finish(message_id, sender, "status = 'sent', sent_at = ?, message_id = ?",
                            [now.isoformat(), telegram_message_id])

    def mark_retry(self, message_id: int, error: str, at: datetime, sender: str, *,
                   failed: bool = True) -> bool:
        """Back to pending until `at`. `failed=False` (a flood-control wait, a shutdown)
        gives the attempt back: only real failures count towards retiring a message."""
        refund = 0 if failed else 1
        return self._finish(
            message_id, sender,
            "attempts = attempts - ?, "
            "status = CASE WHEN attempts - ? >= ? THEN 'dead' ELSE 'pending' END, "
            "next_attempt_at = ?, last_error = ?, claimed_at = NULL, claimed_by = NULL",
            [refund, refund, MAX_SEND_ATTEMPTS, at.isoformat(), error[:300]],
        )

    def mark_dead(self, message_id: int, error: str, sender: str) -> bool:
        return self._finish(message_id, sender, "status = 'dead', last_error = ?",
                            [error[:300]])

    def hold_chat_messages(self, chat_id: int, error: str) -> None:
        """A chat that blocked the bot: its pending messages stop, kept for the record."""
        with self.db.conn:
            self.db.execute(
                "UPDATE outbox SET status = 'dead', last_error = ? WHERE chat_id = ? AND "
                "status IN ('pending', 'sending')", [error[:300], chat_id]
            )

    def outbox_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, count(*) FROM outbox GROUP BY status"))

    # -- digests ----------------------------------------------------------------------

    def set_digest(self, chat_id: int, cadence: str, at_time: str, lang: str,
                   now: datetime, thread_id: int | None = None) -> None:
        with self.db.conn:
            self.db.execute(
                "INSERT INTO digests (chat_id, cadence, at_time, lang, created_at, thread_id) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET "
                "cadence = excluded.cadence, at_time = excluded.at_time, lang = excluded.lang, "
                "thread_id = excluded.thread_id",
                [chat_id, cadence, at_time, lang, now.isoformat(), thread_id],
            )

    def delete_digest(self, chat_id: int) -> bool:
        with self.db.conn:
            return self.db.execute("DELETE FROM digests WHERE chat_id = ?", [chat_id]).rowcount == 1

    def digest(self, chat_id: int) -> Digest | None:
        row = self.db.execute(
            "SELECT chat_id, cadence, at_time, lang, thread_id FROM digests WHERE chat_id = ?",
            [chat_id],
        ).fetchone()
        return Digest(*row) if row else None

    def digests(self) -> list[Digest]:
        rows = self.db.execute(
            "SELECT chat_id, cadence, at_time, lang, thread_id FROM digests WHERE chat_id NOT IN "
            "(SELECT chat_id FROM chats WHERE paused_reason IS NOT NULL) ORDER BY chat_id"
        ).fetchall()
        return [Digest(*r) for r in rows]


def backoff_delay(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s ... capped at 30 minutes."""
    return timedelta(seconds=min(2 ** max(attempts, 1), 1800))
