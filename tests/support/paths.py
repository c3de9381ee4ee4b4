"""Where the project and its reference data are, whatever folder a test file sits in."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MARKET_DATA = PROJECT_ROOT.parent / "shared" / "market-data"
VALUATION_DATA = PROJECT_ROOT.parent / "shared" / "valuation-data"
