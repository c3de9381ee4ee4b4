"""The SQLite cache and app state, behind one small class.

Every SQL statement in the project lives in this package. Values always travel as
parameters, never formatted into SQL text.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlite_utils

from storage.migrations import MIGRATIONS, SCHEMA_VERSION

PRICE_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume", "dividends", "splits")
BUSY_TIMEOUT_MS = 10_000


class StorageError(Exception):
    """The database file cannot be used (newer schema, not a database, unwritable)."""


@dataclass(frozen=True)
class TickerStatus:
    ticker: str
    first_date: date | None
    last_date: date | None
    rows: int
    last_refresh_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None


@dataclass(frozen=True)
class FundSnapshot:
    ticker: str
    as_of: date
    fetched_at: datetime
    sector_weights: dict[str, float]
    top_holdings: list[tuple[str, str, float]]
    source: str


@dataclass(frozen=True)
class ValuationSnapshot:
    ticker: str
    as_of: date
    fetched_at: datetime
    trailing_pe: float
    source: str


def utcnow() -> datetime:
    return datetime.now(UTC)


def _parse_ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _finite_or_none(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


class Storage:
    """Prices, fund and valuation snapshots, fetch status and app state in one SQLite file."""

    def __init__(self, path: Path | str | None = None):
        """Open (creating if needed) and migrate; `None` opens a private in-memory database."""
        try:
            if path is None:
                self.db = sqlite_utils.Database(memory=True)
            else:
                path = Path(path)
                path.parent.mkdir(parents=True, exist_ok=True)
                # check_same_thread=False: refreshes run in a worker thread; WAL and the
                # busy timeout keep concurrent readers and the single writer apart.
                conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
                self.db = sqlite_utils.Database(conn)
                self.db.enable_wal()
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"cannot open database {path}: {exc}") from exc

    # -- schema ---------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StorageError(
                f"database schema v{current} is newer than this gapbot (v{SCHEMA_VERSION}); "
                "upgrade gapbot"
            )
        conn = self.db.conn
        for version in range(current + 1, SCHEMA_VERSION + 1):
            # One explicit transaction per step (sqlite3 would autocommit each DDL
            # statement), so a failed step leaves the file at the previous version.
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[version](self.db)
                conn.execute(f"PRAGMA user_version = {int(version)}")
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def close(self) -> None:
        self.db.close()

    # -- prices ---------------------------------------------------------------------------

    def save_prices(self, ticker: str, bars: pd.DataFrame, source: str) -> int:
        """Upsert daily bars; only the columns present in `bars` are written.

        Re-saving the same dates replaces those values and never duplicates a row, so
        imports and refreshes are idempotent. Returns the number of rows written.
        """
        columns = [c for c in PRICE_COLUMNS if c in bars.columns]
        fetched_at = utcnow().isoformat()
        rows = []
        for day, values in zip(bars.index, bars[columns].itertuples(index=False), strict=True):
            row = {"ticker": ticker, "date": _as_date(day).isoformat(), "source": source,
                   "fetched_at": fetched_at}
            row.update({c: _finite_or_none(v) for c, v in zip(columns, values, strict=True)})
            rows.append(row)
        with self.db.conn:
            self.db["prices"].upsert_all(rows, pk=("ticker", "date"), alter=False)
        return len(rows)

    def replace_prices(self, ticker: str, bars: pd.DataFrame, source: str) -> int:
        """Replace a ticker's whole history (after a dividend re-bases adjusted closes)."""
        with self.db.conn:
            self.db.execute("DELETE FROM prices WHERE ticker = ?", [ticker])
        return self.save_prices(ticker, bars, source)

    def load_prices(self, tickers: Sequence[str]) -> dict[str, pd.DataFrame]:
        """Daily bars per ticker, indexed by date; tickers with no rows are absent."""
        out: dict[str, pd.DataFrame] = {}
        for ticker in tickers:
            cursor = self.db.execute(
                "SELECT date, close, adj_close FROM prices WHERE ticker = ? ORDER BY date",
                [ticker],
            )
            rows = cursor.fetchall()
            if not rows:
                continue
            frame = pd.DataFrame(rows, columns=["date", "close", "adj_close"])
            frame["date"] = pd.to_datetime(frame["date"])
            out[ticker] = frame.set_index("date").astype("float64")
        return out

    def last_price_date(self, ticker: str) -> date | None:
        row = self.db.execute(
            "SELECT max(date) FROM prices WHERE ticker = ?", [ticker]
        ).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def price_sources(self, tickers: Iterable[str]) -> list[str]:
        placeholders = ",".join("?" for _ in tickers)
        return [
            r[0]
            for r in self.db.execute(
                f"SELECT DISTINCT source FROM prices WHERE ticker IN ({placeholders}) ORDER BY 1",
                list(tickers),
            ).fetchall()
        ]

    def latest_fetch_at(self, tickers: Iterable[str]) -> datetime | None:
        tickers = list(tickers)
        placeholders = ",".join("?" for _ in tickers)
        row = self.db.execute(
            f"SELECT min(t) FROM (SELECT max(fetched_at) AS t FROM prices "
            f"WHERE ticker IN ({placeholders}) GROUP BY ticker)",
            tickers,
        ).fetchone()
        return _parse_ts(row[0]) if row else None

    def tickers(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT ticker FROM prices ORDER BY 1")]

    # -- snapshots --------------------------------------------------------------------------

    def save_fund_snapshot(self, snapshot: FundSnapshot) -> None:
        """One snapshot per ticker and day: a later fetch the same day replaces it."""
        with self.db.conn:
            self.db["fund_snapshots"].upsert(
                {
                    "ticker": snapshot.ticker,
                    "as_of": snapshot.as_of.isoformat(),
                    "fetched_at": snapshot.fetched_at.isoformat(),
                    "sector_weights": json.dumps(snapshot.sector_weights),
                    "top_holdings": json.dumps(snapshot.top_holdings),
                    "source": snapshot.source,
                },
                pk=("ticker", "as_of"),
            )

    def latest_fund_snapshot(self, ticker: str) -> FundSnapshot | None:
        row = self.db.execute(
            "SELECT ticker, as_of, fetched_at, sector_weights, top_holdings, source "
            "FROM fund_snapshots WHERE ticker = ? ORDER BY as_of DESC LIMIT 1",
            [ticker],
        ).fetchone()
        if row is None:
            return None
        return FundSnapshot(
            ticker=row[0],
            as_of=date.fromisoformat(row[1]),
            fetched_at=datetime.fromisoformat(row[2]),
            sector_weights=json.loads(row[3]),
            top_holdings=[tuple(h) for h in json.loads(row[4])],
            source=row[5],
        )

    def save_valuation_snapshot(self, snapshot: ValuationSnapshot) -> None:
        with self.db.conn:
            self.db["valuation_snapshots"].upsert(
                {
                    "ticker": snapshot.ticker,
                    "as_of": snapshot.as_of.isoformat(),
                    "fetched_at": snapshot.fetched_at.isoformat(),
                    "trailing_pe": snapshot.trailing_pe,
                    "source": snapshot.source,
                },
                pk=("ticker", "as_of"),
            )

    def valuation_history(self, ticker: str) -> list[ValuationSnapshot]:
        rows = self.db.execute(
            "SELECT ticker, as_of, fetched_at, trailing_pe, source FROM valuation_snapshots "
            "WHERE ticker = ? ORDER BY as_of",
            [ticker],
        ).fetchall()
        return [
            ValuationSnapshot(r[0], date.fromisoformat(r[1]), datetime.fromisoformat(r[2]),
                              r[3], r[4])
            for r in rows
        ]

    # -- fetch status -------------------------------------------------------------------------

    def record_refresh(self, ticker: str, at: datetime) -> None:
        with self.db.conn:
            self.db.execute(
                "INSERT INTO ticker_status (ticker, last_refresh_at) VALUES (?, ?) "
                "ON CONFLICT(ticker) DO UPDATE SET last_refresh_at = excluded.last_refresh_at",
                [ticker, at.isoformat()],
            )

    def record_error(self, ticker: str, message: str, at: datetime) -> None:
        with self.db.conn:
            self.db.execute(
                "INSERT INTO ticker_status (ticker, last_error, last_error_at) VALUES (?, ?, ?) "
                "ON CONFLICT(ticker) DO UPDATE SET last_error = excluded.last_error, "
                "last_error_at = excluded.last_error_at",
                [ticker, message[:500], at.isoformat()],
            )

    def ticker_status(self, tickers: Sequence[str]) -> list[TickerStatus]:
        out = []
        for ticker in tickers:
            first, last, rows = self.db.execute(
                "SELECT min(date), max(date), count(*) FROM prices WHERE ticker = ?", [ticker]
            ).fetchone()
            status = self.db.execute(
                "SELECT last_refresh_at, last_error, last_error_at FROM ticker_status "
                "WHERE ticker = ?",
                [ticker],
            ).fetchone() or (None, None, None)
            out.append(
                TickerStatus(
                    ticker=ticker,
                    first_date=date.fromisoformat(first) if first else None,
                    last_date=date.fromisoformat(last) if last else None,
                    rows=rows,
                    last_refresh_at=_parse_ts(status[0]),
                    last_error=status[1],
                    last_error_at=_parse_ts(status[2]),
                )
            )
        return out

    # -- small key/value state (back-off deadline, last refresh) ---------------------------------

    def get_state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str | None) -> None:
        with self.db.conn:
            if value is None:
                self.db.execute("DELETE FROM app_state WHERE key = ?", [key])
            else:
                self.db.execute(
                    "INSERT INTO app_state (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, value],
                )


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()
