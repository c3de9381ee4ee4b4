"""Reading daily bars from CSV files for `gapbot import`.

Columns are matched by name in any case and order, because real exports differ
("Date,Close,High" vs "date,open,...,adj_close"). A file is checked whole before
anything is written: a malformed file imports nothing and names its bad line.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

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


class CsvImportError(Exception):
    """A file that cannot be imported; the message names the file and line."""


@dataclass(frozen=True)
class ParsedBars:
    path: Path
    bars: pd.DataFrame  # indexed by date, our column names


def _normalise(header: str) -> str:
    return "".join(ch for ch in header.strip().lower() if ch not in " _-")


def _parse_date(text: str) -> date:
    text = text.strip()
    # Accept "2024-01-02" and timestamps such as "2024-01-02 00:00:00-05:00": the
    # calendar date is what a daily bar means.
    return datetime.fromisoformat(text[:10]).date() if len(text) >= 10 else date.fromisoformat(
        text
    )


def read_bars_csv(path: Path, *, close_is_adjusted: bool = False) -> ParsedBars:
    """Parse and validate one CSV file of daily bars.

    `close_is_adjusted` says the file's Close column already holds dividend-adjusted
    closes (yfinance's auto_adjust exports); it is then stored as `adj_close` only,
    so it is never mistaken for a price-return close.
    """
    if not path.is_file():
        raise CsvImportError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CsvImportError(f"{path}: file larger than {MAX_FILE_BYTES // 2**20} MB")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise CsvImportError(f"{path}: line 1: empty file") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise CsvImportError(f"{path}: line 1: {exc}") from None
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
        records: dict[date, dict[str, float]] = {}
        try:
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < len(header):
                    raise CsvImportError(f"{path}: line {line}: expected {len(header)} fields")
                try:
                    day = _parse_date(row[columns["date"]])
                except ValueError:
                    raise CsvImportError(
                        f"{path}: line {line}: bad date {row[columns['date']]!r}"[:200]
                    ) from None
                if day in records:
                    raise CsvImportError(f"{path}: line {line}: date {day} appears twice")
                record: dict[str, float] = {}
                for field, index in columns.items():
                    if field == "date":
                        continue
                    cell = row[index].strip()
                    if cell == "" and field != "close":
                        continue
                    try:
                        value = float(cell)
                    except ValueError:
                        raise CsvImportError(
                            f"{path}: line {line}: bad {field} {cell!r}"[:200]
                        ) from None
                    if not math.isfinite(value) or value < 0 or (
                        field in _PRICE_FIELDS and value == 0
                    ):
                        raise CsvImportError(f"{path}: line {line}: impossible {field} {cell!r}")
                    record[field] = value
                records[day] = record
        except (csv.Error, UnicodeDecodeError) as exc:
            raise CsvImportError(f"{path}: line {reader.line_num}: {exc}") from None
    if not records:
        raise CsvImportError(f"{path}: no data rows")
    bars = pd.DataFrame.from_dict(records, orient="index").sort_index()
    if close_is_adjusted:
        bars = bars.drop(columns=["adj_close"], errors="ignore").rename(
            columns={"close": "adj_close"}
        )
    return ParsedBars(path=path, bars=bars)


_ADJUSTED_SUFFIXES = ("_ADJUSTED", "_ADJ")
_RAW_SUFFIXES = ("_RAW", "_UNADJUSTED")


def ticker_from_path(path: Path) -> tuple[str, bool]:
    """The file stem as ticker, and whether its Close column is adjusted.

    `VTWO.csv` -> VTWO; `SPY_adjusted.csv` -> SPY with adjusted closes and
    `SPY_raw.csv` -> SPY with unadjusted ones, so the two merge into one ticker.
    `GSPC.csv` stays GSPC: pass `--ticker ^GSPC` to file it as the index.
    """
    stem = path.stem.upper()
    for suffix in _ADJUSTED_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)], True
    for suffix in _RAW_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)], False
    return stem, False
