"""Schema migrations, one function per version, applied in order at open.

The schema version lives in SQLite's `PRAGMA user_version`. A migration never drops
user data: an older file opened by a newer gapbot is upgraded in place. Add a new
function and bump SCHEMA_VERSION; never edit a released step.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def _v1_market_cache(db: sqlite_utils.Database) -> None:
    db["prices"].create(
        {
            "ticker": str,
            "date": str,  # ISO calendar date of the exchange-local trading day
            "open": float,
            "high": float,
            "low": float,
            "close": float,  # unadjusted close: price return
            "adj_close": float,  # dividend/split adjusted close: total return
            "volume": float,
            "dividends": float,
            "splits": float,
            "source": str,
            "fetched_at": str,
        },
        pk=("ticker", "date"),
    )
    db["fund_snapshots"].create(
        {
            "ticker": str,
            "as_of": str,
            "fetched_at": str,
            "sector_weights": str,  # JSON object sector -> fraction
            "top_holdings": str,  # JSON list of [symbol, name, fraction]
            "source": str,
        },
        pk=("ticker", "as_of"),
    )
    db["valuation_snapshots"].create(
        {"ticker": str, "as_of": str, "fetched_at": str, "trailing_pe": float, "source": str},
        pk=("ticker", "as_of"),
    )
    db["ticker_status"].create(
        {"ticker": str, "last_refresh_at": str, "last_error": str, "last_error_at": str},
        pk="ticker",
    )
    db["app_state"].create({"key": str, "value": str}, pk="key")


def _v2_chats_alerts_outbox(db: sqlite_utils.Database) -> None:
    db["chats"].create(
        {
            "chat_id": int,
            "lang": str,  # "en" | "ko" | NULL (follow each user's Telegram language)
            "tz": str,  # IANA zone for digests
            "alerts_open": int,  # 1: anyone in a group may manage rules
            "charts": int,
            "paused_reason": str,  # set when Telegram says the bot was blocked or kicked
            "paused_at": str,
            "created_at": str,
        },
        pk="chat_id",
        defaults={"alerts_open": 0, "charts": 1},
    )
    db["alert_rules"].create(
        {
            "id": int,
            "chat_id": int,
            "metric": str,
            "window": str,
            "op": str,
            "threshold": float,
            "hysteresis": float,
            "once": int,
            "cooldown_s": int,
            "armed": int,
            "side": str,
            "paused": int,
            "last_fired_at": str,
            "last_fired_value": float,
            "created_at": str,
            "created_by": int,
            "lang": str,  # language of the alert message: the creator's, unless the chat set one
        },
        pk="id",
        defaults={"paused": 0, "once": 0, "cooldown_s": 0, "armed": 1},
    )
    db["alert_rules"].create_index(["chat_id"])
    db["digests"].create(
        {"chat_id": int, "cadence": str, "at_time": str, "lang": str, "created_at": str},
        pk="chat_id",
    )
    db["outbox"].create(
        {
            "id": int,
            "dedupe_key": str,  # one message per cause, however often evaluation runs
            "chat_id": int,
            "text": str,
            "status": str,  # pending | sending | sent | dead
            "attempts": int,
            "next_attempt_at": str,
            "created_at": str,
            "sent_at": str,
            "message_id": int,
            "last_error": str,
        },
        pk="id",
        defaults={"status": "pending", "attempts": 0},
    )
    db["outbox"].create_index(["dedupe_key"], unique=True)
    db["outbox"].create_index(["status", "next_attempt_at"])
    db["evaluations"].create(
        {"eval_key": str, "evaluated_at": str, "rules": int, "fired": int},
        pk="eval_key",
    )


def _v3_outbox_claims(db: sqlite_utils.Database) -> None:
    # A row is claimed by one conditional write that names its sender and time, so two
    # drains can never both send it, and a claim left by a crash can be retaken after a
    # lease no live send can outlast.
    db["outbox"].add_column("claimed_at", str)
    db["outbox"].add_column("claimed_by", str)
    # A row the previous release left 'sending' (a crash mid-send) has no claim to
    # expire: it is due again, as that release would have treated it.
    db.execute("UPDATE outbox SET status = 'pending' WHERE status = 'sending'")
    # Each chat's queue is read head first: its oldest message not yet sent or retired.
    db["outbox"].create_index(["chat_id", "status", "id"])


def _v4_pairs_and_topics(db: sqlite_utils.Database) -> None:
    # Each chat may argue about its own pair, and each rule watches the pair it was
    # made for. Rules from before have NULL here until the bot fills in the pair they
    # were evaluated with, the configured default (ChatStore.adopt_default_pair).
    db["chats"].add_column("small", str)
    db["chats"].add_column("large", str)
    db["alert_rules"].add_column("small", str)
    db["alert_rules"].add_column("large", str)
    # A forum topic's messages go back to that topic (NULL: the chat / General topic).
    db["alert_rules"].add_column("thread_id", int)
    db["digests"].add_column("thread_id", int)
    db["outbox"].add_column("thread_id", int)


def _v5_update_inbox(db: sqlite_utils.Database) -> None:
    # Each update from Telegram is written here before Telegram is told it arrived (the
    # webhook's 200, polling's next offset), so a crash between the two loses nothing;
    # the update_id key turns a repeat delivery into a no-op. Done rows stay a while to
    # recognise repeats, then are pruned.
    db["inbox"].create(
        {
            "update_id": int,
            "chat_id": int,  # NULL for updates without a chat (inline queries)
            "payload": str,  # the update's JSON as Telegram sent it
            "received_at": str,
            "status": str,  # pending | done
            "done_at": str,
        },
        pk="update_id",
        not_null={"payload", "received_at", "status"},
        defaults={"status": "pending"},
    )
    db["inbox"].create_index(["status", "update_id"])


def _v6_valuation_history(db: sqlite_utils.Database) -> None:
    # A history of valuation measures per ticker and date, from several sources (the
    # daily Yahoo snapshot, a user's file, Shiller's monthly S&P 500 series). The source
    # is part of the key: two sources' figures for one day are both kept, never merged.
    db["valuations"].create(
        {
            "ticker": str,
            "date": str,  # ISO date the figure describes
            "measure": str,  # trailing_pe | forward_pe | earnings_yield
            "source": str,  # where it came from, as shown to readers
            "value": float,
            "method": str,  # how it was computed (Yahoo's trailingPE, SP500 / Earnings)
            "fetched_at": str,  # when gapbot recorded it
        },
        pk=("ticker", "date", "measure", "source"),
        not_null={"value"},
    )
    db["valuations"].create_index(["ticker", "measure", "date"])
    # The snapshots recorded so far are the start of that history.
    db.execute(
        "INSERT INTO valuations (ticker, date, measure, source, value, method, fetched_at) "
        "SELECT ticker, as_of, 'trailing_pe', source, trailing_pe, 'Yahoo trailingPE', "
        "fetched_at FROM valuation_snapshots WHERE trailing_pe IS NOT NULL"
    )
    db["valuation_snapshots"].drop()


def _v7_calls(db: sqlite_utils.Database) -> None:
    # A group's calls ("small caps beat the S&P by 5 pp in six months"), settled from the
    # data on their settle day, and the side each member took on them.
    db["calls"].create(
        {
            "id": int,
            "chat_id": int,
            "number": int,  # the chat's own numbering (#1 is a chat's first call)
            "thread_id": int,  # the forum topic it was made in (NULL: the chat)
            "maker_id": int,  # the member who made it (an anonymous admin: the chat)
            "maker_name": str,
            "metric": str,  # gap | small_ret | large_ret | pe_discount
            "small": str,
            "large": str,
            "op": str,  # > | <
            "threshold": float,
            "probability": float,  # the maker's own, 0-1, or NULL
            "start_day": str,  # the close it starts from (ISO date)
            "start_value": float,  # the metric there (a level; 0 for spans that start there)
            "settle_day": str,  # the first NYSE session on or after WHEN
            "cutoff_day": str,  # sides may change until this day
            "horizon": str,  # WHEN as typed (6m, 2026-12-31)
            "lang": str,
            "created_at": str,
            "status": str,  # open | settled | deleted
            "end_value": float,
            "hit": int,
            "settled_at": str,
            "base_rate": float,  # share of like windows in history where it held, in %
            "base_windows": int,
            "base_since": str,
        },
        pk="id",
        not_null={"chat_id", "number", "maker_id", "metric", "small", "large", "op", "threshold",
                  "start_day", "settle_day", "cutoff_day", "status", "created_at"},
        defaults={"status": "open"},
    )
    db["calls"].create_index(["chat_id", "status"])
    db["calls"].create_index(["chat_id", "number"])
    db["calls"].create_index(["status", "settle_day"])
    db["call_sides"].create(
        {"call_id": int, "member_id": int, "member_name": str, "side": str,  # agree | disagree
         "at": str},
        pk=("call_id", "member_id"),
        foreign_keys=[("call_id", "calls", "id")],
    )
    db["chats"].add_column("calls_open", int, not_null_default=1)


MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: _v1_market_cache,
    2: _v2_chats_alerts_outbox,
    3: _v3_outbox_claims,
    4: _v4_pairs_and_topics,
    5: _v5_update_inbox,
    6: _v6_valuation_history,
    7: _v7_calls,
}
SCHEMA_VERSION = max(MIGRATIONS)
