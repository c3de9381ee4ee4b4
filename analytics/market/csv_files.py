"""Reading daily bars from CSV files for `gapbot import`.

Columns are matched by name in any case and order, because real exports differ
("Date,Close,High" vs "date,open,...,adj_close"). A file is checked whole before
anything is written: a malformed file imports nothing and names its bad line.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from analytics.market.calendar import EARLIEST_DAY, latest_session_close, nyse_sessions

# Normalised header -> our column. Normalising lower-cases and drops spaces, "_" and "-".
_COLUMN_ALIASES = {
    "date": "date",
    "datetime": "date",
    "timestamp": "date",
    "day": "date",
    "close": "close",
    "adjclose": "adj_close",
    "adjustedclose": "adj_close",
    "open": "open",
    "high": "high",
    "low": "low",
    "volume": "volume",
    "dividend": "dividends",
    "dividends": "dividends",
    "split": "splits",
    "splits": "splits",
    "stocksplits": "splits",
}
_PRICE_FIELDS = ("close", "adj_close", "open", "high", "low")
MAX_FILE_BYTES = 200 * 1024 * 1024
# float() also takes "1_000", "nan", "inf", "1e3" and " 12 ": one rule refuses them all,
# since a price file written by hand or by a spreadsheet in any of them is one to check.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# Two files of one security agree on a close to within float noise and rounding.
SAME_CLOSE_TOLERANCE = 0.005
# Adjusted / raw close of one security: dividends only ever lower the adjusted close,
# and recent ones never by a factor of five.
ADJUSTED_TO_RAW_RANGE = (0.2, 1.05)


class CsvImportError(Exception):
    """A file that cannot be imported; the message names the file and line."""


@dataclass(frozen=True)
class ParsedBars:
    path: Path
    bars: pd.DataFrame  # indexed by date, our column names

    @property
    def basis(self) -> str:
        """Which closes the file gave: "raw", "adjusted" or "both" (raw closes serve
        price returns, adjusted ones total returns)."""
        has = {c for c in ("close", "adj_close") if c in self.bars and self.bars[c].notna().any()}
        return "both" if len(has) == 2 else "adjusted" if "adj_close" in has else "raw"


def skip_reason(path: Path) -> str | None:
    """Why `gapbot import` passes over `path` ("folder" or "not_csv"), or None to read it.

    A folder of data usually holds a README or notes beside its CSV files, and
    `gapbot import data/*` names them too: they are skipped, each with a line, while
    every .csv file is read strictly (a malformed one refuses the whole import). A path
    that does not exist is read, so it is refused as missing rather than passed over.
    """
    if path.is_dir():
        return "folder"
    if path.exists() and path.suffix.lower() != ".csv":
        return "not_csv"
    return None


@dataclass(frozen=True)
class TradingDays:
    """The days a daily bar can carry: NYSE sessions from 1900 up to the latest close."""

    latest_close: date
    sessions: frozenset[date]

    @classmethod
    def at(cls, now: datetime | None = None) -> TradingDays:
        return cls(latest_session_close(now or datetime.now(UTC)), nyse_sessions())

    def refusal(self, day: date) -> str | None:
        """Why no bar can exist on `day`, or None when one can."""
        if day < EARLIEST_DAY:
            return f"date {day} is before {EARLIEST_DAY.year}"
        if day > self.latest_close:
            return f"date {day} is after the latest NYSE close ({self.latest_close})"
        if day not in self.sessions:
            return f"date {day} is not an NYSE trading day ({day:%A})"
        return None


def _normalise(header: str) -> str:
    return "".join(ch for ch in header.strip().lower() if ch not in " _-")


def _parse_date(text: str) -> date:
    text = text.strip()
    # Accept "2024-01-02" and timestamps such as "2024-01-02 00:00:00-05:00": the
    # calendar date is what a daily bar means.
    return datetime.fromisoformat(text[:10]).date() if len(text) >= 10 else date.fromisoformat(
        text
    )


def _decoded_lines(path: Path, handle: BinaryIO) -> Iterator[str]:
    """Decode line by line: a text stream decodes in chunks, so after a bad byte the
    csv module's line count points thousands of lines away from it."""
    for number, raw in enumerate(handle, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise CsvImportError(
                f"{path}: line {number}: not UTF-8 text (byte {raw[exc.start]:#04x} "
                f"at column {exc.start + 1})"
            ) from None


def _header_columns(path: Path, header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        ours = _COLUMN_ALIASES.get(_normalise(name))
        if ours is None:
            continue
        if ours in columns:
            raise CsvImportError(f"{path}: line 1: column {ours!r} appears twice")
        columns[ours] = index
    if "date" not in columns or "close" not in columns:
        raise CsvImportError(
            f"{path}: line 1: need a date column and a close column, found {header!r}"[:300]
        )
    return columns


def _parse_value(where: str, field: str, cell: str) -> float:
    if not _PLAIN_NUMBER.fullmatch(cell):
        raise CsvImportError(f"{where}: bad {field} {cell!r} (not a plain decimal number)"[:200])
    value = float(cell)
    if not math.isfinite(value) or value < 0 or (field in _PRICE_FIELDS and value == 0):
        raise CsvImportError(f"{where}: impossible {field} {cell!r}"[:200])
    return value


def _parse_row(where: str, row: list[str], columns: dict[str, int],
               days: TradingDays) -> tuple[date, dict[str, float]]:
    try:
        day = _parse_date(row[columns["date"]])
    except ValueError:
        raise CsvImportError(f"{where}: bad date {row[columns['date']]!r}"[:200]) from None
    refusal = days.refusal(day)
    if refusal:
        raise CsvImportError(f"{where}: {refusal}")
    record: dict[str, float] = {}
    for field, index in columns.items():
        if field == "date":
            continue
        cell = row[index].strip()
        if cell == "" and field != "close":
            continue
        record[field] = _parse_value(where, field, cell)
    return day, record


def read_bars_csv(path: Path, *, close_is_adjusted: bool = False,
                  days: TradingDays | None = None) -> ParsedBars:
    """Parse and validate one CSV file of daily bars.

    `close_is_adjusted` says the file's Close column already holds dividend-adjusted
    closes (yfinance's auto_adjust exports); it is then stored as `adj_close` only,
    so it is never mistaken for a price-return close. `days` are the dates a bar may
    carry (default: NYSE sessions up to the latest close now).
    """
    if not path.is_file():
        raise CsvImportError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CsvImportError(f"{path}: file larger than {MAX_FILE_BYTES // 2**20} MB")
    days = days or TradingDays.at()
    with path.open("rb") as handle:
        reader = csv.reader(_decoded_lines(path, handle))
        try:
            header = next(reader)
        except StopIteration:
            raise CsvImportError(f"{path}: line 1: empty file") from None
        except csv.Error as exc:
            raise CsvImportError(f"{path}: line 1: {exc}") from None
        columns = _header_columns(path, header)
        records: dict[date, dict[str, float]] = {}
        try:
            for row in reader:
                where = f"{path}: line {reader.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise CsvImportError(
                        f"{where}: expected {len(header)} fields, found {len(row)}")
                day, record = _parse_row(where, row, columns, days)
                if day in records:
                    raise CsvImportError(f"{where}: date {day} appears twice")
                records[day] = record
        except csv.Error as exc:
            raise CsvImportError(f"{path}: line {reader.line_num}: {exc}") from None
    if not records:
        raise CsvImportError(f"{path}: no data rows")
    bars = pd.DataFrame.from_dict(records, orient="index").sort_index()
    if close_is_adjusted:
        bars = bars.drop(columns=["adj_close"], errors="ignore").rename(
            columns={"close": "adj_close"}
        )
    return ParsedBars(path=path, bars=bars)


def check_same_security(files: Sequence[ParsedBars]) -> None:
    """Refuse files filed under one ticker that cannot be one security's history.

    Files filling the same column (two raw-close files) must agree day by day; a raw
    and an adjusted file differ by dividends only, so their ratio on the latest common
    day lies in ADJUSTED_TO_RAW_RANGE and stays put from day to day (it moves only on
    ex-dividend days). Anything else would merge two securities' closes into one.
    """
    for index, first in enumerate(files):
        for second in files[index + 1:]:
            for kind_a in ("close", "adj_close"):
                for kind_b in ("close", "adj_close"):
                    _check_pair(first, kind_a, second, kind_b)


def _check_pair(first: ParsedBars, kind_a: str, second: ParsedBars, kind_b: str) -> None:
    if kind_a not in first.bars or kind_b not in second.bars:
        return
    pair = pd.concat([first.bars[kind_a], second.bars[kind_b]], axis=1,
                     keys=["a", "b"], join="inner").dropna()
    if pair.empty:
        return
    names = f"{first.path.name} and {second.path.name}"
    if kind_a == kind_b:
        off = (pair["a"] / pair["b"] - 1).abs() > SAME_CLOSE_TOLERANCE
        if off.any():
            day = off[off].index[-1]
            example = f"{day}: {pair.at[day, 'a']:g} vs {pair.at[day, 'b']:g}"
            if off.mean() > 0.5:
                raise CsvImportError(
                    f"{names} disagree: they look like different securities (e.g. {example})")
            raise CsvImportError(
                f"{names} disagree on {int(off.sum())} of {len(off)} days' {kind_a} "
                f"(e.g. {example})")
        return
    adjusted, raw = (pair["a"], pair["b"]) if kind_a == "adj_close" else (pair["b"], pair["a"])
    ratio = adjusted / raw
    day = ratio.index[-1]
    low, high = ADJUSTED_TO_RAW_RANGE
    moving = (ratio.pct_change().abs() > SAME_CLOSE_TOLERANCE).mean() > 0.5
    if not low <= ratio.iloc[-1] <= high or moving:
        example = f"{day}: {pair.at[day, 'a']:g} vs {pair.at[day, 'b']:g}"
        raise CsvImportError(
            f"{names} disagree: they look like different securities (e.g. {example})")


_ADJUSTED_SUFFIXES = ("_ADJUSTED", "_ADJ")
_RAW_SUFFIXES = ("_RAW", "_UNADJUSTED")


# File names of well-known indexes and yields, and the Yahoo symbol they are filed as.
INDEX_FILE_SYMBOLS = {"RUT": "^RUT", "GSPC": "^GSPC", "TNX": "^TNX", "IRX": "^IRX",
                      "SPX": "^GSPC", "DJI": "^DJI", "IXIC": "^IXIC", "VIX": "^VIX",
                      "FVX": "^FVX", "TYX": "^TYX"}


def ticker_from_path(path: Path) -> tuple[str, bool]:
    """The file stem as ticker, and whether its Close column is adjusted.

    `VTWO.csv` -> VTWO; `SPY_adjusted.csv` -> SPY with adjusted closes and
    `SPY_raw.csv` -> SPY with unadjusted ones, so the two merge into one ticker.
    A known index or yield file is filed under its Yahoo symbol (`RUT.csv` -> ^RUT,
    `TNX.csv` -> ^TNX), because that is what /gap, /rates and the alerts ask for; the
    caller says so to the user (`index_symbol_for`).
    """
    stem = path.stem.upper()
    if stem in INDEX_FILE_SYMBOLS:
        return INDEX_FILE_SYMBOLS[stem], False
    for suffix in _ADJUSTED_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)], True
    for suffix in _RAW_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)], False
    return stem, False
