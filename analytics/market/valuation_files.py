"""Reading valuation series from CSV files for `gapbot import --valuation`.

Two shapes are recognised by their columns:

- Robert Shiller's monthly S&P 500 series (`Date, SP500, Dividend, Earnings, ...`):
  SP500 is the month's average close and Earnings the trailing twelve months' earnings
  per share, so the trailing P/E is SP500 / Earnings. Its 0.0 means "not published"
  (earnings after the last report, everything in the newest months): such a month has
  no P/E, never a P/E of zero or infinity.
- A user's own series: a date column and a `pe` column (also `trailing_pe`, `per`),
  optionally `forward_pe` and `earnings_yield`, at any frequency.

As with daily bars, a file is checked whole before anything is written: one bad line
refuses the file and is named, so nothing half-imported reaches an answer.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from analytics.market.csv_files import (
    _PLAIN_NUMBER,
    MAX_FILE_BYTES,
    CsvImportError,
    _decoded_lines,
    _normalise,
)
from storage.db import ValuationRow

SHILLER_KIND, OWN_SERIES_KIND = "shiller", "series"
SHILLER_TICKER = "^GSPC"  # the series is the S&P 500 index's own
SHILLER_METHOD = "SP500 / Earnings (Shiller: monthly average price, trailing 12-month EPS)"
OWN_SERIES_METHOD = "as given in the file"
EARLIEST_VALUATION_DAY = date(1800, 1, 1)

_MEASURE_ALIASES = {
    "pe": "trailing_pe", "trailingpe": "trailing_pe", "per": "trailing_pe",
    "peratio": "trailing_pe", "pettm": "trailing_pe",
    "forwardpe": "forward_pe", "fwdpe": "forward_pe",
    "earningsyield": "earnings_yield", "ey": "earnings_yield",
}
_DATE_NAMES = {"date", "asof", "day", "month"}
MEASURES = ("trailing_pe", "forward_pe", "earnings_yield")


@dataclass(frozen=True)
class ParsedValuation:
    path: Path
    kind: str  # SHILLER_KIND | OWN_SERIES_KIND
    figures: list[tuple[date, str, float]]  # (day, measure, value), in file order
    unpublished: int  # Shiller months whose Earnings or SP500 is 0.0 (no P/E, skipped)

    @property
    def method(self) -> str:
        return SHILLER_METHOD if self.kind == SHILLER_KIND else OWN_SERIES_METHOD

    @property
    def source(self) -> str:
        """The name readers see beside every figure from this file."""
        if self.kind == SHILLER_KIND:
            return f"Shiller S&P 500 monthly ({self.path.name})"
        return f"CSV import ({self.path.name})"

    def rows(self, ticker: str, fetched_at: datetime) -> list[ValuationRow]:
        """The figures as storage rows of `ticker`, each naming this file and method."""
        return [ValuationRow(ticker, day, measure, value, self.source, self.method, fetched_at)
                for day, measure, value in self.figures]

    def default_ticker(self) -> str | None:
        """Shiller's series is the S&P 500 index's; a user's file says nothing of whose."""
        return SHILLER_TICKER if self.kind == SHILLER_KIND else None

    def span(self, measure: str = "trailing_pe") -> tuple[date, date] | None:
        days = [d for d, m, _ in self.figures if m == measure]
        return (min(days), max(days)) if days else None


def read_valuation_csv(path: Path, *, today: date | None = None) -> ParsedValuation:
    """The file's figures, or CsvImportError naming the file and line that is wrong."""
    today = today or date.today()
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CsvImportError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MB")
        with path.open("rb") as handle:
            rows = csv.reader(_decoded_lines(path, handle))
            header = next(rows, None)
            if not header:
                raise CsvImportError(f"{path}: empty file")
            names = [_normalise(h) for h in header]
            if {"date", "sp500", "earnings"} <= set(names):
                return _read_shiller(path, names, rows, today)
            return _read_own_series(path, header, names, rows, today)
    except FileNotFoundError:
        raise CsvImportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CsvImportError(f"{path}: a folder, not a file") from None
    except csv.Error as exc:
        raise CsvImportError(f"{path}: not a CSV file ({exc})") from None


def _read_shiller(path: Path, names: list[str], rows: Iterator[list[str]],
                  today: date) -> ParsedValuation:
    at = {name: names.index(name) for name in ("date", "sp500", "earnings")}
    figures: list[tuple[date, str, float]] = []
    unpublished = 0
    seen: set[date] = set()
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path}: line {number}"
        day = _row_date(where, row, at["date"], today, seen)
        price = _number(where, "SP500", _cell(row, at["sp500"]))
        earnings = _number(where, "Earnings", _cell(row, at["earnings"]))
        if price == 0.0 or earnings == 0.0:
            unpublished += 1  # Shiller's 0.0: not published yet, not a zero
            continue
        if price < 0 or earnings < 0:
            raise CsvImportError(f"{where}: negative SP500 or Earnings")
        figures.append((day, "trailing_pe", price / earnings))
    if not figures:
        raise CsvImportError(f"{path}: no month with both SP500 and Earnings published")
    return ParsedValuation(path, SHILLER_KIND, figures, unpublished)


def _read_own_series(path: Path, header: list[str], names: list[str],
                     rows: Iterator[list[str]], today: date) -> ParsedValuation:
    date_at = next((i for i, n in enumerate(names) if n in _DATE_NAMES), None)
    measures = {i: _MEASURE_ALIASES[n] for i, n in enumerate(names) if n in _MEASURE_ALIASES}
    if date_at is None or "trailing_pe" not in measures.values():
        raise CsvImportError(
            f"{path}: line 1: need a date column and a pe column (optionally forward_pe, "
            f"earnings_yield), or Shiller's Date,SP500,Earnings; found {header!r}"[:300])
    if len(set(measures.values())) != len(measures):
        raise CsvImportError(f"{path}: line 1: a measure column appears twice")
    figures: list[tuple[date, str, float]] = []
    seen: set[date] = set()
    for number, row in enumerate(rows, start=2):
        if any(cell.strip() for cell in row):
            where = f"{path}: line {number}"
            day = _row_date(where, row, date_at, today, seen)
            figures.extend((day, measure, value)
                           for measure, value in _measures(where, row, measures))
    if not any(m == "trailing_pe" for _, m, _ in figures):
        raise CsvImportError(f"{path}: no P/E in the file")
    return ParsedValuation(path, OWN_SERIES_KIND, figures, 0)


def _measures(where: str, row: list[str], measures: dict[int, str]
              ) -> Iterator[tuple[str, float]]:
    for index, measure in measures.items():
        cell = _cell(row, index)
        if cell == "":
            continue  # a measure the source did not give that day
        value = _number(where, measure, cell)
        if value <= 0:
            raise CsvImportError(
                f"{where}: {measure} {cell!r} must be positive (a period of losses has "
                "no P/E: leave the cell empty)"[:200])
        yield measure, value


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _row_date(where: str, row: list[str], index: int, today: date, seen: set[date]) -> date:
    text = _cell(row, index)
    try:
        # "2024-05-31", "2024-05-31 00:00:00" and a month written "2024-05"
        day = date.fromisoformat(text[:10] if len(text) >= 10 else f"{text}-01")
    except ValueError:
        raise CsvImportError(f"{where}: bad date {text!r}"[:200]) from None
    if day > today:
        raise CsvImportError(f"{where}: {day} is in the future")
    if day < EARLIEST_VALUATION_DAY:
        raise CsvImportError(f"{where}: {day} is before {EARLIEST_VALUATION_DAY.year}")
    if day in seen:
        raise CsvImportError(f"{where}: {day} appears twice")
    seen.add(day)
    return day


def _number(where: str, field: str, cell: str) -> float:
    if not _PLAIN_NUMBER.fullmatch(cell):
        raise CsvImportError(f"{where}: bad {field} {cell!r} (not a plain decimal number)"[:200])
    value = float(cell)
    if not math.isfinite(value):
        raise CsvImportError(f"{where}: bad {field} {cell!r}"[:200])
    return value
