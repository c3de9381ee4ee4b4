"""Shared fixtures: the real reference data beside the project, and storage loaded with it."""

from __future__ import annotations

import csv
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from analytics.market.csv_files import read_bars_csv
from bot.present.korean import BOTH_WAYS
from storage.db import FundSnapshot, Storage, ValuationSnapshot
from tests.fake_botapi import LIVE_APIS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MARKET_DATA = PROJECT_ROOT.parent / "shared" / "market-data"

# (file, ticker, close column holds adjusted closes)
REFERENCE_IMPORTS = [
    ("VTWO.csv", "VTWO", False),
    ("SPY_raw.csv", "SPY", False),
    ("SPY_adjusted.csv", "SPY", True),
    ("IWM_raw.csv", "IWM", False),
    ("IWM_adjusted.csv", "IWM", True),
    ("RUT.csv", "^RUT", False),
    ("GSPC.csv", "^GSPC", False),
    ("TNX.csv", "^TNX", False),
]


def _shown_texts(api) -> list[str]:
    """Everything a user could read of what the bot sent: texts, captions, edits, buttons,
    inline results and button answers."""
    texts = []
    for call in api.calls:
        params = call.params
        for key in ("text", "caption"):
            if isinstance(params.get(key), str):
                texts.append(params[key])
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            texts.append(markup)
        for result in params.get("results") or []:
            texts.append(str(result))
    return texts


@pytest.fixture(autouse=True)
def korean_particles_are_never_written_both_ways():
    """House rule over every test that drives the bot: no `이(가)`, `은(는)`, `을(를)` in
    anything sent, in either language (particles are chosen, bot/present/korean.py)."""
    LIVE_APIS.clear()
    yield
    for api in LIVE_APIS:
        for text in _shown_texts(api):
            match = BOTH_WAYS.search(text)
            assert match is None, f"doubled particle {match.group(0)!r} in: {text[:300]}"
    LIVE_APIS.clear()


@pytest.fixture(scope="session")
def market_data() -> Path:
    """The reference data folder; tests that need it skip when it is absent."""
    if not (MARKET_DATA / "README.md").is_file():
        pytest.skip("../shared/market-data is absent")
    return MARKET_DATA


def csv_column(path: Path, column: str) -> dict[date, float]:
    """Independent reader for expectations: the csv module, nothing of ours."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        key_of = {name.lower(): name for name in reader.fieldnames or []}
        out = {}
        for row in reader:
            out[date.fromisoformat(row[key_of["date"]][:10])] = float(row[key_of[column]])
        return out


def last_on_or_before(series: dict[date, float], day: date) -> date:
    return max(d for d in series if d <= day)


def load_reference(storage: Storage, folder: Path) -> Storage:
    for name, ticker, adjusted in REFERENCE_IMPORTS:
        parsed = read_bars_csv(folder / name, close_is_adjusted=adjusted)
        storage.save_prices(ticker, parsed.bars, source=f"CSV import ({name})")
    return storage


@pytest.fixture(scope="session")
def reference_db_file(tmp_path_factory, market_data) -> Path:
    """A database file holding the reference data, built once per test session."""
    path = tmp_path_factory.mktemp("reference") / "gapbot.sqlite3"
    storage = Storage(path)
    load_reference(storage, market_data)
    storage.close()
    return path


@pytest.fixture
def reference_storage(reference_db_file, tmp_path) -> Storage:
    """A private copy of the reference database for one test."""
    copy = tmp_path / "gapbot.sqlite3"
    copy.write_bytes(reference_db_file.read_bytes())
    storage = Storage(copy)
    yield storage
    storage.close()


SECTORS_SMALL = {"Financial Services": 0.17, "Industrials": 0.17, "Healthcare": 0.16,
                 "Technology": 0.14, "Consumer Cyclical": 0.10, "Real Estate": 0.06,
                 "Energy": 0.05, "Basic Materials": 0.04, "Utilities": 0.03,
                 "Consumer Defensive": 0.03, "Communication Services": 0.02}
SECTORS_LARGE = {"Technology": 0.33, "Financial Services": 0.13, "Healthcare": 0.10,
                 "Consumer Cyclical": 0.10, "Communication Services": 0.09, "Industrials": 0.08,
                 "Consumer Defensive": 0.06, "Energy": 0.03, "Utilities": 0.02,
                 "Real Estate": 0.02, "Basic Materials": 0.02}


def seed_fund_data(storage: Storage, as_of: date, days: int = 30) -> None:
    """Fund and P/E snapshots in the shape Yahoo gives them (the reference data has
    prices only), with `days` of P/E history so /valuation can rank today's discount."""
    at = datetime.combine(as_of, datetime.min.time(), UTC)
    holdings_small = [(f"S{i:02d}", f"Small Holding {i}", 0.006 - i * 0.0002) for i in range(10)]
    holdings_large = [(f"L{i:02d}", f"Large Holding {i}", 0.07 - i * 0.005) for i in range(10)]
    storage.save_fund_snapshot(FundSnapshot("VTWO", as_of, at, SECTORS_SMALL, holdings_small,
                                            "Yahoo Finance"))
    storage.save_fund_snapshot(FundSnapshot("SPY", as_of, at, SECTORS_LARGE, holdings_large,
                                            "Yahoo Finance"))
    rng = random.Random(3)
    for day in range(days):
        when = as_of - timedelta(days=days - 1 - day)
        for ticker, centre in (("VTWO", 16.0), ("SPY", 26.0)):
            storage.save_valuation_snapshot(
                ValuationSnapshot(ticker, when, at, centre + rng.uniform(-1, 1), "Yahoo Finance"))
