"""Render every chart, in English and Korean, over several windows, into a folder for review.

Loads the real reference data (../shared/market-data) into a temporary database the way
the tests do, runs the project's analytics on it and writes one PNG per chart, window and
language, then prints the files it wrote. Cases include 36 years of ^RUT vs ^GSPC, a
window longer than VTWO's data, stale data, ytd, an event, and the long source names the
imported files give.

    .venv/bin/python bench/render_charts.py [FOLDER] [--only NAME]

FOLDER defaults to /tmp/gapbot-charts; --only keeps the cases whose file name contains NAME.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics.drawdown import drawdowns  # noqa: E402
from analytics.events import event_window, find_event  # noqa: E402
from analytics.funds import sector_comparison  # noqa: E402
from analytics.market.data import MarketData  # noqa: E402
from analytics.market.valuation_files import read_valuation_csv  # noqa: E402
from analytics.mix import mix_portfolio  # noqa: E402
from analytics.odds import rolling_odds  # noqa: E402
from analytics.performance import relative_performance  # noqa: E402
from analytics.rates import rates_sensitivity  # noqa: E402
from analytics.windows import Window  # noqa: E402
from bot.present import charts  # noqa: E402
from storage.db import Storage, ValuationRow  # noqa: E402
from tests.support.paths import MARKET_DATA, VALUATION_DATA  # noqa: E402
from tests.support.reference import (  # noqa: E402
    SECTORS_LARGE,
    SECTORS_SMALL,
    load_reference,
    seed_fund_data,
)

LANGUAGES = ("en", "ko")
TICKERS = ["VTWO", "SPY", "IWM", "^RUT", "^GSPC", "^TNX"]
# "Now" for the stale notes: the reference data's newest close (SPY, IWM, ^GSPC).
TODAY = date(2026, 7, 14)
# What the bot passes for IWM vs SPY when both files of each were imported.
LONG_SOURCE = ("CSV import (IWM_raw.csv), CSV import (IWM_adjusted.csv), "
               "CSV import (SPY_raw.csv), CSV import (SPY_adjusted.csv)")


def _long_valuation_case(storage: Storage) -> Case | None:
    """IWM vs SPY over 2000-2023: the S&P 500's real P/E (Shiller's file) standing in for
    SPY's history, against a made-up monthly IWM series (no public small-cap P/E history
    exists; this one only exercises the drawing of a long common span)."""
    shiller = VALUATION_DATA / "SP500_shiller.csv"
    if not shiller.exists():
        return None
    parsed = read_valuation_csv(shiller)
    at = datetime(2026, 7, 14, tzinfo=UTC)
    storage.replace_valuation_source("^GSPC", parsed.source, parsed.rows("^GSPC", at))
    made_up = [ValuationRow("IWM", date(2000 + m // 12, m % 12 + 1, 28), "trailing_pe",
                            16 + 4 * math.sin(m / 9), "made-up series (render check)",
                            "synthetic", at) for m in range(24 * 12)]
    storage.save_valuations(made_up)
    spread = MarketData(storage, None, tracked=(), funds=(), offline=True).valuation("IWM", "SPY")
    return Case("valuation-iwm-spy-long", lambda lang: charts.valuation_chart(
        spread, lang, source="made-up series (render check), " + parsed.source))


@dataclass(frozen=True)
class Case:
    name: str  # the file name's stem, without the language
    render: Callable[[str], bytes]  # lang -> PNG


def stale_note(lang: str, last_close: date) -> str | None:
    """What a caller passes as `stale_note` when a window runs to now but the data ends
    more than a long weekend before today."""
    age = (TODAY - last_close).days
    return charts.stale_note(lang, last_close, age) if age > 4 else None


def cases(storage: Storage) -> list[Case]:
    frames = storage.load_prices(TICKERS)
    tnx = frames["^TNX"]

    def source(*tickers: str) -> str:
        return ", ".join(storage.price_sources(list(tickers)))

    out: list[Case] = []

    def gap(name: str, small: str, large: str, window: Window, basis: str = "total",
            open_ended: bool = True, source_text: str | None = None) -> None:
        result = relative_performance(small, frames[small], large, frames[large], window)
        out.append(Case(f"gap-{name}", lambda lang: charts.gap_chart(
            result, frames[small], frames[large], lang, basis,
            source=source_text or source(small, large),
            stale_note=stale_note(lang, result.end_date) if open_ended else None)))

    gap("1y-vtwo-spy-stale", "VTWO", "SPY", Window("1y"))
    gap("10y-vtwo-spy-truncated", "VTWO", "SPY", Window("10y"))
    gap("max-rut-gspc-36y", "^RUT", "^GSPC", Window("max"))
    gap("max-iwm-spy-long-source", "IWM", "SPY", Window("max"), source_text=LONG_SOURCE)
    gap("ytd-iwm-spy", "IWM", "SPY", Window("ytd", year=2026))
    gap("3m-iwm-spy-price", "IWM", "SPY", Window("3m"), basis="price")
    gap("2025-ends-short-vtwo-spy", "VTWO", "SPY",
        Window(start=date(2025, 1, 1), end=date(2025, 12, 31)), open_ended=False)

    rows = sector_comparison(SECTORS_SMALL, SECTORS_LARGE)
    out.append(Case("sectors-vtwo-spy", lambda lang: charts.sectors_chart(
        rows, "VTWO", "SPY", lang, source="Yahoo Finance")))

    market = MarketData(storage, None, tracked=(), funds=(), offline=True)
    spread = market.valuation("VTWO", "SPY")
    out.append(Case("valuation-vtwo-spy-stale", lambda lang: charts.valuation_chart(
        spread, lang, source="Yahoo Finance",
        stale_note=stale_note(lang, spread.small_as_of))))
    long_case = _long_valuation_case(storage)
    if long_case is not None:
        out.append(long_case)

    def debate(name: str, result, chart, tickers: tuple[str, ...], end: date | None,
               open_ended: bool = True) -> None:
        out.append(Case(name, lambda lang: chart(
            result, lang, source=source(*tickers),
            stale_note=stale_note(lang, end) if open_ended and end else None)))

    for name, small, large, window in (("1y-vtwo-spy", "VTWO", "SPY", Window("1y")),
                                       ("3y-iwm-spy", "IWM", "SPY", Window("3y")),
                                       ("max-rut-gspc", "^RUT", "^GSPC", Window("max"))):
        result = rates_sensitivity(small, frames[small], large, frames[large], tnx, window)
        debate(f"rates-{name}", result, charts.rates_chart, (small, large, "^TNX"),
               result.end_date)

    for name, small, large, window in (("max-rut-gspc", "^RUT", "^GSPC", Window("max")),
                                       ("5y-vtwo-spy-truncated", "VTWO", "SPY", Window("5y")),
                                       ("max-iwm-spy", "IWM", "SPY", Window("max")),
                                       ("1y-iwm-spy", "IWM", "SPY", Window("1y"))):
        result = drawdowns(small, frames[small], large, frames[large], window)
        debate(f"drawdown-{name}", result, charts.drawdown_chart, (small, large),
               result.end_date)

    for name, small, large, event, days in (
            ("liberation-day-vtwo-spy", "VTWO", "SPY", find_event("liberation-day"), 4),
            ("covid-rut-gspc", "^RUT", "^GSPC", find_event("covid"), 30),
            ("lehman-iwm-spy", "IWM", "SPY", find_event("lehman"), 20),
            ("2025-04-05-saturday-iwm-spy", "IWM", "SPY", date(2025, 4, 5), 60)):
        result = event_window(small, frames[small], large, frames[large], event, days)
        debate(f"event-{name}", result, charts.event_chart, (small, large), None,
               open_ended=False)

    for name, small, large, years in (("5y-rut-gspc", "^RUT", "^GSPC", 5),
                                      ("10y-iwm-spy", "IWM", "SPY", 10),
                                      ("1y-vtwo-spy-stale", "VTWO", "SPY", 1)):
        result = rolling_odds(small, frames[small], large, frames[large], years)
        debate(f"odds-{name}", result, charts.odds_chart, (small, large), result.last_date)

    for name, small, large, window, pct in (
            ("20-max-rut-gspc", "^RUT", "^GSPC", Window("max"), 20),
            ("20-10y-vtwo-spy-truncated", "VTWO", "SPY", Window("10y"), 20),
            ("50-3y-iwm-spy", "IWM", "SPY", Window("3y"), 50)):
        result = mix_portfolio(small, frames[small], large, frames[large], window, pct)
        debate(f"mix-{name}", result, charts.mix_chart, (small, large), result.end_date)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="/tmp/gapbot-charts", type=Path)
    parser.add_argument("--only", default="", help="render only cases whose name contains this")
    args = parser.parse_args()
    if not (MARKET_DATA / "README.md").is_file():
        sys.exit(f"the reference data is absent: {MARKET_DATA}")
    args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        storage = Storage(Path(tmp) / "gapbot.sqlite3")
        load_reference(storage, MARKET_DATA)
        seed_fund_data(storage, date(2025, 10, 31), days=120)
        for case in cases(storage):
            for lang in LANGUAGES:
                path = args.folder / f"{case.name}.{lang}.png"
                if args.only not in path.name:
                    continue
                path.write_bytes(case.render(lang))
                print(path)
        storage.close()


if __name__ == "__main__":
    main()
