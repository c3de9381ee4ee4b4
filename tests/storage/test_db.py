"""The SQLite cache: idempotent writes, schema versions, concurrent access."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime

import pandas as pd
import pytest
import sqlite_utils

from storage import migrations
from storage.db import (
    DatabaseBusy,
    DatabaseCorrupt,
    FundSnapshot,
    SchemaError,
    Storage,
    StorageError,
    ValuationRow,
    WriteCancelled,
)


def bars(days: list[str], closes: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"close": closes}, index=[date.fromisoformat(d) for d in days])


def test_saving_the_same_days_twice_replaces_instead_of_duplicating(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    storage.save_prices("SPY", bars(["2025-01-02", "2025-01-03"], [1.0, 2.0]), "test")
    storage.save_prices("SPY", bars(["2025-01-03", "2025-01-06"], [2.5, 3.0]), "test")
    frame = storage.load_prices(["SPY"])["SPY"]
    assert list(frame["close"]) == [1.0, 2.5, 3.0]


def test_saving_one_column_keeps_the_others(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    storage.save_prices("SPY", bars(["2025-01-02"], [10.0]), "raw")
    adjusted = pd.DataFrame({"adj_close": [9.5]}, index=[date(2025, 1, 2)])
    storage.save_prices("SPY", adjusted, "adjusted")
    row = storage.load_prices(["SPY"])["SPY"].iloc[0]
    assert (row["close"], row["adj_close"]) == (10.0, 9.5)


def test_a_new_file_uses_wal_a_busy_timeout_and_the_current_schema(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    assert storage.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert storage.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert storage.schema_version == migrations.SCHEMA_VERSION


def test_an_older_file_is_migrated_in_place_without_loss(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite3"
    old = Storage(path)
    old.save_prices("VTWO", bars(["2025-01-02"], [80.0]), "test")
    old.close()

    def add_notes(db):
        db["notes"].create({"id": int, "text": str}, pk="id")
        db.execute("ALTER TABLE prices ADD COLUMN note TEXT")

    later = {**migrations.MIGRATIONS, migrations.SCHEMA_VERSION + 1: add_notes}
    monkeypatch.setattr("storage.db.MIGRATIONS", later)
    monkeypatch.setattr("storage.db.SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    upgraded = Storage(path)
    assert upgraded.schema_version == migrations.SCHEMA_VERSION + 1
    assert "notes" in upgraded.db.table_names()
    assert upgraded.load_prices(["VTWO"])["VTWO"]["close"].tolist() == [80.0]


def test_a_failed_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite3"
    Storage(path).close()

    def broken(db):
        db["half_done"].create({"id": int}, pk="id")
        raise RuntimeError("boom")

    later = {**migrations.MIGRATIONS, migrations.SCHEMA_VERSION + 1: broken}
    monkeypatch.setattr("storage.db.MIGRATIONS", later)
    monkeypatch.setattr("storage.db.SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        Storage(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables


def test_a_file_from_a_newer_gapbot_is_refused_not_damaged(tmp_path):
    path = tmp_path / "db.sqlite3"
    Storage(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="newer"):
        Storage(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError):
        Storage(path)


def test_a_writer_in_another_connection_does_not_break_readers(tmp_path):
    path = tmp_path / "db.sqlite3"
    reader = Storage(path)
    errors: list[Exception] = []

    def write_many():
        try:
            writer = Storage(path)
            for i in range(50):
                writer.save_prices("SPY", bars([f"2025-02-{1 + i % 28:02d}"], [float(i)]), "t")
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    thread = threading.Thread(target=write_many)
    thread.start()
    for _ in range(50):
        reader.load_prices(["SPY"])
    thread.join()
    assert errors == []
    assert len(reader.load_prices(["SPY"])["SPY"]) == 28


def test_snapshots_are_dated_and_accumulate_day_by_day():
    storage = Storage()
    at = datetime(2025, 3, 3, 22, tzinfo=UTC)
    def row(day: date, pe: float, source: str = "Yahoo") -> ValuationRow:
        return ValuationRow("VTWO", day, "trailing_pe", pe, source, "trailingPE", at)

    storage.save_valuations([row(date(2025, 3, 3), 15.0), row(date(2025, 3, 4), 14.5)])
    storage.save_valuations([row(date(2025, 3, 4), 14.0)])  # the same source again: replaced
    storage.save_valuations([row(date(2025, 3, 4), 13.0, "CSV import (mine.csv)")])
    history = storage.valuation_history("VTWO")
    # One row per date, measure and source: another source's figure sits beside it.
    assert [(s.source, s.day.day, s.value) for s in history] == [
        ("CSV import (mine.csv)", 4, 13.0), ("Yahoo", 3, 15.0), ("Yahoo", 4, 14.0)]
    storage.save_fund_snapshot(FundSnapshot("VTWO", date(2025, 3, 4), at, {"Energy": 0.05},
                                            [("AAA", "Aaa Inc", 0.01)], "Yahoo"))
    snap = storage.latest_fund_snapshot("VTWO")
    assert snap.sector_weights == {"Energy": 0.05}
    assert snap.top_holdings == [("AAA", "Aaa Inc", 0.01)]


def test_ticker_text_reaches_sql_only_as_a_parameter():
    storage = Storage()
    hostile = "SPY'); DROP TABLE prices; --"
    storage.save_prices(hostile, bars(["2025-01-02"], [1.0]), "test")
    assert "prices" in storage.db.table_names()
    assert hostile in storage.load_prices([hostile])


def test_a_release_1_file_gains_the_alert_tables_and_keeps_its_prices(tmp_path):
    path = tmp_path / "v1.sqlite3"
    import sqlite_utils

    old = sqlite_utils.Database(path)
    migrations.MIGRATIONS[1](old)
    old.execute("PRAGMA user_version = 1")
    old["prices"].insert({"ticker": "SPY", "date": "2025-01-02", "close": 584.64,
                          "source": "v1"})
    old.conn.commit()
    old.close()

    storage = Storage(path)
    assert storage.schema_version == migrations.SCHEMA_VERSION
    assert {"alert_rules", "outbox", "digests", "chats"} <= set(storage.db.table_names())
    assert storage.load_prices(["SPY"])["SPY"]["close"].tolist() == [584.64]


# -- faults are typed at open, writes are all or nothing -----------------------------------

def test_a_negative_schema_version_is_a_schema_error(tmp_path):
    path = tmp_path / "db.sqlite3"
    Storage(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = -5")
    with pytest.raises(SchemaError, match="invalid schema version -5"):
        Storage(path)


def test_a_dropped_table_is_found_at_open_not_inside_a_handler(tmp_path):
    path = tmp_path / "db.sqlite3"
    Storage(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE outbox")
    with pytest.raises(SchemaError, match="outbox"):
        Storage(path)


def test_a_damaged_page_is_found_at_open(tmp_path):
    path = tmp_path / "db.sqlite3"
    storage = Storage(path)
    days = pd.bdate_range("1990-01-02", periods=3000).date
    storage.save_prices("SPY", pd.DataFrame({"close": range(1, 3001)}, index=days), "t")
    storage.close()
    data = bytearray(path.read_bytes())
    data[4096 * 5:4096 * 8] = b"A" * (4096 * 3)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt):
        Storage(path)


def test_a_write_lock_held_elsewhere_is_reported_as_busy(tmp_path):
    path = tmp_path / "db.sqlite3"
    storage = Storage(path, busy_timeout_ms=100)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(DatabaseBusy):
        storage.save_prices("SPY", bars(["2025-01-02"], [1.0]), "test")
    holder.rollback()


def test_an_import_of_several_tickers_is_all_or_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("storage.db.WRITE_CHUNK_ROWS", 1)
    storage = Storage(tmp_path / "db.sqlite3")
    asked = iter(range(100))
    batches = [(t, bars(["2025-01-02", "2025-01-03"], [1.0, 2.0]), "test") for t in "ABC"]
    with pytest.raises(WriteCancelled):
        storage.import_prices(batches, cancelled=lambda: next(asked) >= 4)
    assert storage.tickers() == []


def test_an_interrupt_during_an_import_rolls_everything_back(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    storage.save_prices("OLD", bars(["2025-01-02"], [5.0]), "test")

    calls = iter(range(100))

    def interrupt_in_the_second_batch() -> bool:
        if next(calls) == 1:
            raise KeyboardInterrupt
        return False

    batches = [(t, bars(["2025-01-02"], [1.0]), "test") for t in ("NEW", "OLD")]
    with pytest.raises(KeyboardInterrupt):
        storage.import_prices(batches, cancelled=interrupt_in_the_second_batch)
    assert storage.tickers() == ["OLD"]
    assert storage.load_prices(["OLD"])["OLD"]["close"].tolist() == [5.0]


def test_files_of_one_ticker_merge_column_by_column_in_one_import():
    storage = Storage()
    raw = bars(["2025-01-02", "2025-01-03"], [10.0, 11.0])
    adjusted = pd.DataFrame({"adj_close": [9.5, 10.5]}, index=raw.index)
    storage.import_prices([("SPY", raw, "raw"), ("SPY", adjusted, "adjusted")])
    frame = storage.load_prices(["SPY"])["SPY"]
    assert frame["close"].tolist() == [10.0, 11.0]
    assert frame["adj_close"].tolist() == [9.5, 10.5]


def test_the_p_e_snapshots_of_a_v5_file_become_the_start_of_its_valuation_history(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    old = sqlite_utils.Database(conn)
    for version in range(1, 6):
        migrations.MIGRATIONS[version](old)
    old["valuation_snapshots"].insert_all([
        {"ticker": "VTWO", "as_of": "2025-03-03", "fetched_at": "2025-03-03T22:00:00+00:00",
         "trailing_pe": 15.5, "source": "Yahoo Finance"},
        {"ticker": "SPY", "as_of": "2025-03-03", "fetched_at": "2025-03-03T22:00:00+00:00",
         "trailing_pe": 26.0, "source": "Yahoo Finance"},
    ])
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    storage = Storage(path)
    assert "valuation_snapshots" not in storage.db.table_names()
    (row,) = storage.valuation_history("VTWO")
    assert (row.day, row.measure, row.value, row.source) == (
        date(2025, 3, 3), "trailing_pe", 15.5, "Yahoo Finance")
