"""`gapbot import --valuation` and `gapbot import --holdings`: what /valuation, /sectors
and /top answer from when Yahoo cannot be reached (or before it ever was).

Like the bar import, every file is read and checked before anything is written, and the
writes are one transaction: a refusal names the file and line and imports nothing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from bot.cli.messages import cli_t

EXIT_OK, EXIT_REFUSED = 0, 1  # as bot.cli.main's


def cmd_import_valuation(db_path: Path | None, args: argparse.Namespace, lang: str) -> int:
    """Each file's P/E series, filed under --ticker, or the index Shiller's file is of."""
    from analytics.market.csv_files import CsvImportError
    from analytics.market.valuation_files import read_valuation_csv
    from storage.db import Storage

    ticker = _ticker_or_refusal(args.ticker, lang)
    if ticker is False:
        return EXIT_REFUSED
    parsed = []
    for path in map(Path, args.files):
        try:
            item = read_valuation_csv(path)
        except CsvImportError as exc:
            print(cli_t(lang, "import_refused", detail=exc), file=sys.stderr)
            return EXIT_REFUSED
        whose = ticker or item.default_ticker()
        if whose is None:
            print(cli_t(lang, "valuation_needs_ticker", name=path.name), file=sys.stderr)
            return EXIT_REFUSED
        parsed.append((whose, item))
    now = datetime.now(UTC)
    storage = Storage(db_path)
    try:
        storage.replace_valuation_sources(
            [(whose, item.source, item.rows(whose, now)) for whose, item in parsed])
    finally:
        storage.close()
    for whose, item in parsed:  # said after the commit: until then nothing is imported
        _say_valuation_imported(lang, whose, item)
    return EXIT_OK


def _say_valuation_imported(lang: str, ticker: str, item) -> None:
    first, last = item.span()
    count = sum(1 for _, measure, _ in item.figures if measure == "trailing_pe")
    print(cli_t(lang, "valuation_imported", ticker=ticker, rows=f"{count:,}", first=first,
                last=last, name=item.path.name))
    if item.unpublished:
        print(cli_t(lang, "valuation_unpublished", months=item.unpublished))


def cmd_import_holdings(db_path: Path | None, args: argparse.Namespace, lang: str) -> int:
    """One fund's holdings or sector weights, dated as the file (or --as-of) says."""
    from analytics.market.holdings_file import HoldingsImportError, read_holdings_csv
    from storage.db import FundSnapshot, Storage

    ticker = _ticker_or_refusal(args.ticker, lang)
    if ticker is False:
        return EXIT_REFUSED
    if not ticker or len(args.files) != 1:
        print(cli_t(lang, "holdings_usage"), file=sys.stderr)
        return EXIT_REFUSED
    as_of = _as_of_or_refusal(args.as_of, lang)
    if as_of is False:
        return EXIT_REFUSED
    path = Path(args.files[0])
    try:
        item = read_holdings_csv(path, as_of=as_of)
    except HoldingsImportError as exc:
        print(cli_t(lang, "import_refused", detail=exc), file=sys.stderr)
        return EXIT_REFUSED
    snapshot = FundSnapshot(ticker, item.as_of, datetime.now(UTC), item.sector_weights,
                            item.top_holdings, f"CSV import ({path.name})")
    storage = Storage(db_path)
    try:
        storage.save_fund_snapshot(snapshot)
    finally:
        storage.close()
    print(cli_t(lang, "holdings_imported", ticker=ticker, holdings=len(item.top_holdings),
                sectors=len(item.sector_weights), as_of=item.as_of, name=path.name))
    return EXIT_OK


def _ticker_or_refusal(text: str | None, lang: str) -> str | None | bool:
    """The --ticker given (checked as /gap checks one), None without it, False refused."""
    if text is None:
        return None
    from bot.parsing import UsageError, parse_ticker

    try:
        return parse_ticker(text, "usage_gap")
    except UsageError:
        print(cli_t(lang, "not_a_ticker", value=repr(text)), file=sys.stderr)
        return False


def _as_of_or_refusal(text: str | None, lang: str) -> date | None | bool:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        print(cli_t(lang, "bad_as_of", value=repr(text)), file=sys.stderr)
        return False
