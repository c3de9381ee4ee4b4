"""The reference data loaded into storage as `gapbot import` would, and the fund and P/E
snapshots Yahoo would add (the reference data has prices only)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from analytics.market.csv_files import read_bars_csv
from storage.db import FundSnapshot, Storage, ValuationRow

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


def load_reference(storage: Storage, folder: Path) -> Storage:
    for name, ticker, adjusted in REFERENCE_IMPORTS:
        parsed = read_bars_csv(folder / name, close_is_adjusted=adjusted)
        storage.save_prices(ticker, parsed.bars, source=f"CSV import ({name})")
    return storage


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
            storage.save_valuations([ValuationRow(
                ticker, when, "trailing_pe", centre + rng.uniform(-1, 1), "Yahoo Finance",
                "Yahoo trailingPE (daily snapshot)", at)])
