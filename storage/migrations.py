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


MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: _v1_market_cache,
}
SCHEMA_VERSION = max(MIGRATIONS)
