"""The SQLite cache and app state, behind one small class.

Every SQL statement in the project lives in this package. Values always travel as
parameters, never formatted into SQL text.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pandas as pd
import sqlite_utils

from storage.migrations import MIGRATIONS, SCHEMA_VERSION

PRICE_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume", "dividends", "splits")
# Long enough to outwait another process's ordinary commit, short enough that a writer
# stuck holding the lock is reported within seconds instead of hanging a command.
BUSY_TIMEOUT_MS = 5_000
# Rows per executemany call: between chunks a long import notices a cancel request.
WRITE_CHUNK_ROWS = 5_000

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_CORRUPT, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 14, 26


@contextmanager
def write_transaction(conn) -> Iterator[None]:
    """One write transaction: BEGIN IMMEDIATE takes the write lock up front, so a busy
    database is reported before any work; any exception, KeyboardInterrupt included,
    rolls back; leaving the block commits."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


class StorageError(Exception):
    """The database file cannot be used (newer schema, not a database, unwritable)."""


class DatabaseCorrupt(StorageError):
    """The file is damaged or is not an SQLite database at all."""


class SchemaError(StorageError):
    """A database, but not one this gapbot can use: newer, invalid or missing tables."""


class DatabaseBusy(StorageError):
    """Another process holds the write lock longer than the busy timeout."""


class DatabaseReadOnly(StorageError):
    """The file, or the folder that must hold it and its WAL files, is not writable."""


class WriteCancelled(Exception):
    """A cancel request stopped a write before its commit; nothing was written."""


def storage_error_from(exc: sqlite3.Error) -> StorageError:
    """The typed error for an sqlite3 failure, so callers can tell a person what to do."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    # Messages leave out the path: whoever reports the error knows which file it opened.
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(exc):
        return DatabaseBusy(f"locked by another process: {exc}")
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return DatabaseReadOnly(f"not writable: {exc}")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or isinstance(exc, sqlite3.DatabaseError):
        return DatabaseCorrupt(f"damaged or not a database: {exc}")
    return StorageError(str(exc))


def expected_tables(version: int) -> frozenset[str]:
    """The tables a file at schema `version` must hold."""
    return _tables_made_by(tuple(MIGRATIONS[step] for step in range(1, version + 1)))


@cache
def _tables_made_by(steps: tuple[Callable[[sqlite_utils.Database], None], ...]) -> frozenset[str]:
    # Replaying the migrations on a scratch database keeps this list from ever
    # drifting away from them.
    scratch = sqlite_utils.Database(memory=True, execute_plugins=False)
    for step in steps:
        step(scratch)
    return frozenset(scratch.table_names())


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
class ValuationRow:
    """One valuation figure: a measure of a ticker on a date, from one source."""

    ticker: str
    day: date
    measure: str  # trailing_pe | forward_pe | earnings_yield
    value: float
    source: str
    method: str
    fetched_at: datetime


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

    def __init__(self, path: Path | str | None = None, *,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        """Open (creating if needed), migrate and check the tables; `None` opens a
        private in-memory database. Failures raise a StorageError subclass."""
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            _check_writable(self.path)
        with self.translated_errors():
            # No sqlite-utils plugins: none is used, and looking for them scans every
            # installed package (~15 ms of each short-lived process).
            if self.path is None:
                self.db = sqlite_utils.Database(memory=True, execute_plugins=False)
            else:
                # check_same_thread=False: refreshes run in a worker thread; WAL and the
                # busy timeout keep concurrent readers and the single writer apart.
                conn = sqlite3.connect(str(self.path), check_same_thread=False,
                                       timeout=busy_timeout_ms / 1000)
                self.db = sqlite_utils.Database(conn, execute_plugins=False)
            self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if self.path is not None:
                self.db.enable_wal()
            self.db.execute("PRAGMA foreign_keys = ON")
            self._check_integrity()
            self._migrate()
            self._check_tables()

    @contextmanager
    def translated_errors(self) -> Iterator[None]:
        """Turn sqlite3 failures into the typed StorageError subclasses."""
        try:
            yield
        except sqlite3.Error as exc:
            raise storage_error_from(exc) from exc

    # -- schema ---------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def data_version(self) -> int:
        """Changes whenever another connection (gapbot import, another process) commits
        to the file, so in-memory copies of its contents know when to reload."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        if current < 0:
            raise SchemaError(f"invalid schema version {current}")
        if current == 0 and self.db.table_names():
            raise SchemaError("tables but no gapbot schema version: not a gapbot database")
        if current > SCHEMA_VERSION:
            raise SchemaError(
                f"schema v{current} is newer than this gapbot (v{SCHEMA_VERSION}); "
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

    def _check_integrity(self) -> None:
        # A damaged page would otherwise surface only when a query first reads it, deep
        # inside a handler or half-way through an import. quick_check reads every page
        # once (tens of milliseconds for a typical cache).
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check(3)").fetchall()]
        if problems != ["ok"]:
            raise DatabaseCorrupt(f"damaged pages ({problems[-1][:120]})")

    def _check_tables(self) -> None:
        # A dropped table would otherwise surface later as a failure inside a handler.
        present = set(self.db.table_names())
        missing = sorted(expected_tables(self.schema_version) - present)
        if missing:
            raise SchemaError(
                f"schema v{self.schema_version} but the table(s) {', '.join(missing)} "
                "are missing"
            )

    def close(self) -> None:
        self.db.close()

    # -- prices ---------------------------------------------------------------------------

    def save_prices(self, ticker: str, bars: pd.DataFrame, source: str) -> int:
        """Upsert daily bars; only the columns present in `bars` are written.

        Re-saving the same dates replaces those values and never duplicates a row, so
        imports and refreshes are idempotent. Returns the number of rows written.
        """
        return self.import_prices([(ticker, bars, source)])[0]

    def replace_prices(self, ticker: str, bars: pd.DataFrame, source: str) -> int:
        """Replace a ticker's whole history (after a dividend re-bases adjusted closes)."""
        with self._write_transaction():
            self.db.execute("DELETE FROM prices WHERE ticker = ?", [ticker])
            return self._write_prices(ticker, bars, source, lambda: False)

    def import_prices(
        self,
        batches: Sequence[tuple[str, pd.DataFrame, str]],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> list[int]:
        """Upsert several (ticker, bars, source) batches all-or-nothing, in one transaction.

        Batches of one ticker merge column by column (raw closes from one file, adjusted
        from another). `cancelled` is asked between chunks and once more before the
        commit; when it says yes, WriteCancelled is raised and nothing is written. A
        kill at any moment likewise leaves the file as it was.
        """
        with self._write_transaction():
            written = [self._write_prices(t, bars, source, cancelled)
                       for t, bars, source in batches]
            if cancelled():
                raise WriteCancelled("cancelled before commit")
            return written

    @contextmanager
    def _write_transaction(self) -> Iterator[None]:
        with self.translated_errors(), write_transaction(self.db.conn):
            yield

    def _write_prices(self, ticker: str, bars: pd.DataFrame, source: str,
                      cancelled: Callable[[], bool]) -> int:
        columns = [c for c in PRICE_COLUMNS if c in bars.columns]
        names = ["ticker", "date", "source", "fetched_at", *columns]
        # Column names come from PRICE_COLUMNS only; every value is a parameter.
        statement = (
            f"INSERT INTO prices ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
            "ON CONFLICT(ticker, date) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in names[2:])
        )
        fetched_at = utcnow().isoformat()
        rows = [
            (ticker, _as_date(day).isoformat(), source, fetched_at,
             *(_finite_or_none(v) for v in values))
            for day, values in zip(bars.index, bars[columns].itertuples(index=False),
                                   strict=True)
        ]
        for start in range(0, len(rows), WRITE_CHUNK_ROWS):
            if cancelled():
                raise WriteCancelled(f"cancelled while writing {ticker}")
            self.db.conn.executemany(statement, rows[start:start + WRITE_CHUNK_ROWS])
        return len(rows)

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

    def save_valuations(self, rows: Iterable[ValuationRow]) -> int:
        """Upsert figures in one transaction: the same source's figure for a date and
        measure replaces the earlier one; other sources' figures stay beside it."""
        with self.db.conn:
            return self._insert_valuations(rows)

    def replace_valuation_source(self, ticker: str, source: str,
                                 rows: Iterable[ValuationRow]) -> int:
        """A file imported again replaces what it gave before, whole: rows it no longer
        has do not linger. Other sources of the ticker are untouched."""
        return self.replace_valuation_sources([(ticker, source, rows)])[0]

    def replace_valuation_sources(
        self, batches: Sequence[tuple[str, str, Iterable[ValuationRow]]]
    ) -> list[int]:
        """Several files' figures (ticker, source, rows) in one transaction: all or none."""
        with self.db.conn:
            written = []
            for ticker, source, rows in batches:
                self.db.execute("DELETE FROM valuations WHERE ticker = ? AND source = ?",
                                [ticker, source])
                written.append(self._insert_valuations(rows))
            return written

    def _insert_valuations(self, rows: Iterable[ValuationRow]) -> int:
        records = [
            [r.ticker, r.day.isoformat(), r.measure, r.source, float(r.value), r.method,
             r.fetched_at.isoformat()]
            for r in rows
        ]
        self.db.conn.executemany(
            "INSERT INTO valuations (ticker, date, measure, source, value, method, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(ticker, date, measure, source) DO UPDATE "
            "SET value = excluded.value, method = excluded.method, "
            "fetched_at = excluded.fetched_at",
            records,
        )
        return len(records)

    def valuation_history(self, ticker: str, measure: str = "trailing_pe") -> list[ValuationRow]:
        """Every figure of one measure for `ticker`, by source then date."""
        rows = self.db.execute(
            "SELECT ticker, date, measure, value, source, method, fetched_at FROM valuations "
            "WHERE ticker = ? AND measure = ? ORDER BY source, date",
            [ticker, measure],
        ).fetchall()
        return [
            ValuationRow(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4], r[5],
                         datetime.fromisoformat(r[6]))
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


def _check_writable(path: Path) -> None:
    """Refuse an unwritable file or folder up front, with a clear error, before SQLite
    would fail on the first write or on creating its -wal and -shm files."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseReadOnly(f"cannot create the folder {path.parent}: {exc.strerror}") from exc
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseReadOnly("the file is not writable")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseReadOnly(f"the folder {path.parent} is not writable, and SQLite keeps "
                               "its journal files there")


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()
