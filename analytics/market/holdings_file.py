"""Reading a fund's holdings or sector weights from a provider's download, for
`gapbot import --holdings FILE --ticker T`, so `/sectors` and `/top` work offline.

Fund providers let you download the whole holdings list (iShares' CSV, SPDR's xlsx saved
as CSV, Vanguard's export), but no two agree on a layout, so:

- the header is found, not assumed: it is the first row naming a weight column and a
  name, ticker or sector column. Lines above it are the preamble, where providers state
  the date the holdings are "as of";
- the data ends at the first blank line or footer (a disclaimer), which is no error. A
  holding row after that end is one, since a stray blank line would otherwise cut the
  fund short without a word;
- inside the data every weight is read strictly: one bad cell refuses the file and is
  named by its line, so a half-read fund never reaches an answer;
- sector names are mapped to Yahoo's, which the rest of the bot speaks, and cash and
  derivatives rows are filed under one "Cash & Other" sector.

This module only parses; the caller stores.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from analytics.market.csv_files import _PLAIN_NUMBER

MAX_HOLDINGS_BYTES = 50 * 1024 * 1024
EARLIEST_AS_OF = date(1990, 1, 1)
# Weights summing to more than this are in percent (no fund holds 150% in fractions).
PERCENT_WHEN_SUM_ABOVE = 1.5
# A fund's weights may round up a little over 100%, never to more than 105%.
MAX_TOTAL_FRACTION = 1.05
MAX_MESSAGE_CHARS = 200
CASH_SECTOR = "Cash & Other"
YAHOO_SECTORS = (
    "Technology", "Financial Services", "Healthcare", "Industrials", "Consumer Cyclical",
    "Consumer Defensive", "Communication Services", "Energy", "Utilities", "Real Estate",
    "Basic Materials",
)


def _normalise(header: str) -> str:
    """Lower case without spaces, "_", "-", "(%)" and "%": "Weight (%)" -> "weight"."""
    text = header.strip().lower().replace("(%)", "").replace("%", "")
    return "".join(ch for ch in text if ch not in " _-")


_ROLE_ALIASES = {
    "weight": ("weight", "weight(%)", "%offund", "%ofnetassets", "portfolioweight",
               "holdingpercent"),
    "name": ("name", "holdings", "holding", "securityname", "description"),
    "ticker": ("ticker", "symbol", "tickersymbol"),
    "sector": ("sector", "gicssector"),
    "date": ("date", "asof", "asofdate"),
    "asset_class": ("assetclass",),
}
_COLUMN_ROLES = {_normalise(alias): role
                 for role, aliases in _ROLE_ALIASES.items() for alias in aliases}
_IDENTITY_ROLES = ("name", "ticker", "sector")


def _sector_key(text: str) -> str:
    """"Health  Care", "health-care" and "Health & Care" all read alike."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


_SECTOR_ALIASES = {
    "Technology": ("Information Technology", "Technology", "Tech", "Info Tech"),
    "Financial Services": ("Financials", "Financial", "Financial Services"),
    "Healthcare": ("Health Care", "Healthcare"),
    "Industrials": ("Industrials", "Industrial"),
    "Consumer Cyclical": ("Consumer Discretionary", "Consumer Cyclical"),
    "Consumer Defensive": ("Consumer Staples", "Consumer Defensive"),
    "Communication Services": ("Communication", "Communications", "Communication Services",
                               "Telecommunication Services", "Telecommunications",
                               "Telecommunication", "Telecom Services"),
    "Energy": ("Energy",),
    "Utilities": ("Utilities", "Utility"),
    "Real Estate": ("Real Estate", "REIT", "REITs"),
    "Basic Materials": ("Materials", "Basic Materials"),
}
_SECTOR_BY_KEY = {_sector_key(alias): sector
                  for sector, aliases in _SECTOR_ALIASES.items() for alias in aliases}
# "" is also what "-" and "--" become.
_CASH_SECTOR_KEYS = {"", "cash", "cashandorderivatives", "cashandderivatives", "other",
                     "cashandother", "moneymarket", "cashequivalents", "cashandequivalents"}
_CASH_ASSET_CLASSES = {"cash", "moneymarket", "cashcollateralandmargins", "cashandderivatives"}
_CASH_TICKERS = {"USD", "XTSLA"}
_CASH_NAME = re.compile(r"\bcash\b", re.IGNORECASE)

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
# Digits are bounded by lookarounds, not \b, so "2025-11-28T00:00" still reads.
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_US_MONTH_FIRST = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})[- ]([A-Za-z]{3,9})\.?[-, ]+(\d{4})(?!\d)")
_MONTH_DAY_YEAR = re.compile(r"(?<![A-Za-z])([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")


class HoldingsImportError(Exception):
    """A holdings file that cannot be imported; the message names the file and line."""


@dataclass(frozen=True)
class ParsedHoldings:
    path: Path
    as_of: date  # the date the file states its holdings as of
    sector_weights: dict[str, float]  # Yahoo's sector names -> fraction of the fund (0..1)
    top_holdings: list[tuple[str, str, float]]  # (ticker or "", name, fraction), largest first
    rows: int  # data rows read


@dataclass(frozen=True)
class _Header:
    line: int
    width: int
    columns: dict[str, int]  # role -> column index


@dataclass(frozen=True)
class _Row:
    line: int
    ticker: str
    name: str
    sector: str  # as written
    asset_class: str
    weight: float  # as written: percent or fraction
    percent_sign: bool  # the cell said "1.23%"
    day: date | None  # from a date column


def _refusal(path: Path, line: int | None, reason: str) -> HoldingsImportError:
    label = str(path) if len(str(path)) <= 90 else f".../{path.name}"
    where = label if line is None else f"{label}: line {line}"
    return HoldingsImportError(f"{where}: {reason}"[:MAX_MESSAGE_CHARS])


def _shown(cell: str) -> str:
    return repr(cell if len(cell) <= 30 else cell[:30] + "...")


def _decoded_lines(path: Path, handle: BinaryIO) -> Iterator[str]:
    """Decode line by line, so a bad byte is named by its own line number."""
    for number, raw in enumerate(handle, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise _refusal(path, number, f"not UTF-8 text (byte {raw[exc.start]:#04x}); "
                                         "save the file as UTF-8") from None


def _numbered_rows(path: Path, handle: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(_decoded_lines(path, handle))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _refusal(path, reader.line_num, str(exc)) from None
        yield reader.line_num, row


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _header_columns(path: Path, line: int, row: list[str]) -> dict[str, int] | None:
    """The roles of a header row's columns, or None when `row` is no header."""
    columns: dict[str, int] = {}
    twice = None
    for index, cell in enumerate(row):
        role = _COLUMN_ROLES.get(_normalise(cell))
        if role is None:
            continue
        if role in columns:
            twice = twice or role
        columns.setdefault(role, index)
    if "weight" not in columns or not any(role in columns for role in _IDENTITY_ROLES):
        return None
    if twice:
        raise _refusal(path, line, f"two {twice} columns in the header")
    return columns


def _find_header(path: Path, rows: Iterator[tuple[int, list[str]]]
                 ) -> tuple[list[tuple[int, str]], _Header]:
    """The preamble lines (number, text) and the header, consuming rows up to it."""
    preamble: list[tuple[int, str]] = []
    last = 0
    for line, row in rows:
        last = line
        columns = _header_columns(path, line, row)
        if columns is not None:
            return preamble, _Header(line, len(row), columns)
        if not _is_blank(row):
            preamble.append((line, " ".join(cell.strip() for cell in row)))
    if not preamble:
        raise _refusal(path, None, "empty file")
    raise _refusal(path, None, f"no header row in lines 1-{last} (need a weight column and "
                               "a name, ticker or sector column)")


def _cell(row: list[str], header: _Header, role: str) -> str:
    index = header.columns.get(role)
    return row[index].strip() if index is not None and index < len(row) else ""


def _is_footer(row: list[str], header: _Header) -> bool:
    """A row without a weight that is shorter than the header, or one cell of text padded
    with empty ones (a spreadsheet saved as CSV pads every line to the header's width).
    In a two-column file "Energy," is a data row missing its weight, not a footer."""
    if _cell(row, header, "weight"):
        return False
    return len(row) < header.width or (header.width > 2 and _is_blank(row[1:]))


def _parse_weight(path: Path, line: int, cell: str) -> tuple[float, bool]:
    percent_sign = cell.endswith("%")
    number = cell[:-1].strip() if percent_sign else cell
    if not _PLAIN_NUMBER.fullmatch(number):
        raise _refusal(path, line, f"bad weight {_shown(cell)} (need a plain decimal number "
                                   "such as 1.23 or 1.23%)")
    value = float(number)  # finite: the pattern admits no "nan" or "inf"
    if value < 0:
        raise _refusal(path, line, f"negative weight {_shown(cell)}")
    return value, percent_sign


def _find_date(text: str) -> date | None:
    """The first date written in `text` in a common form, or None."""
    found: list[tuple[int, date]] = []
    shapes = ((_YEAR_FIRST, (0, 1, 2)), (_US_MONTH_FIRST, (2, 0, 1)),
              (_DAY_MONTH_YEAR, (2, 1, 0)), (_MONTH_DAY_YEAR, (2, 0, 1)))
    for pattern, (year_at, month_at, day_at) in shapes:
        for match in pattern.finditer(text):
            parts = match.groups()
            month = _month_number(parts[month_at])
            try:
                found.append((match.start(), date(int(parts[year_at]), month, int(parts[day_at]))))
            except (TypeError, ValueError):
                continue
    return min(found)[1] if found else None


def _month_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    word = text.lower()
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(_MONTHS, start=1) if name.startswith(word)), None)


def _parse_row(path: Path, line: int, row: list[str], header: _Header) -> _Row:
    if len(row) > header.width and not _is_blank(row[header.width:]):
        raise _refusal(path, line, f"expected {header.width} fields, found {len(row)}")
    weight, percent_sign = _parse_weight(path, line, _cell(row, header, "weight"))
    day = None
    if "date" in header.columns:
        cell = _cell(row, header, "date")
        day = _find_date(cell)
        if day is None:
            raise _refusal(path, line, f"bad date {_shown(cell)}")
    ticker, name = _cell(row, header, "ticker"), " ".join(_cell(row, header, "name").split())
    return _Row(line=line, ticker="" if set(ticker) <= {"-"} else ticker,
                name="" if set(name) <= {"-"} else name,
                sector=_cell(row, header, "sector"), asset_class=_cell(row, header, "asset_class"),
                weight=weight, percent_sign=percent_sign, day=day)


def _read_data(path: Path, header: _Header, rows: Iterator[tuple[int, list[str]]]
               ) -> tuple[list[_Row], int | None]:
    """The data rows under the header, and the line that ended them (None: end of file)."""
    read: list[_Row] = []
    for line, row in rows:
        if _is_blank(row) or _is_footer(row, header):
            return read, line
        read.append(_parse_row(path, line, row, header))
    return read, None


def _looks_like_holding(row: list[str], header: _Header) -> bool:
    weight = _cell(row, header, "weight").removesuffix("%").strip()
    return (len(row) >= header.width and bool(_PLAIN_NUMBER.fullmatch(weight))
            and any(_cell(row, header, role) for role in _IDENTITY_ROLES))


def _check_nothing_after(path: Path, header: _Header, end: int,
                         rows: Iterator[tuple[int, list[str]]]) -> None:
    for line, row in rows:
        if _looks_like_holding(row, header):
            raise _refusal(path, line, f"a holding row after the data ended at line {end} "
                                       "(a blank line or footer inside the data?)")


def _fraction_scale(path: Path, header: _Header, read: list[_Row]) -> float:
    """1 when the weights are fractions, 0.01 when they are percent."""
    total = sum(row.weight for row in read)
    percent = total > PERCENT_WHEN_SUM_ABOVE or any(row.percent_sign for row in read)
    scale = 0.01 if percent else 1.0
    lines = f"lines {read[0].line}-{read[-1].line}"
    if total == 0:
        raise _refusal(path, None, f"{lines}: every weight is zero")
    if total * scale > MAX_TOTAL_FRACTION + 1e-9:
        raise _refusal(path, None, f"{lines}: weights sum to {total * scale:.1%} of the fund, "
                                   f"more than {MAX_TOTAL_FRACTION:.0%}")
    return scale


def _column_date(path: Path, read: list[_Row]) -> tuple[date, int]:
    first = read[0]
    for row in read:
        if row.day != first.day:
            raise _refusal(path, row.line, f"date {row.day} disagrees with {first.day} "
                                           f"on line {first.line}")
    assert first.day is not None
    return first.day, first.line


def _preamble_date(path: Path, preamble: list[tuple[int, str]]) -> tuple[date, int]:
    for line, text in preamble:
        at = text.lower().find("as of")
        if at < 0:
            continue
        day = _find_date(text[at:]) or _find_date(text)
        if day is not None:
            return day, line
    raise _refusal(path, None, "no as-of date (no date column, no 'as of' line above the "
                               "header); pass --as-of YYYY-MM-DD")


def _as_of(path: Path, given: date | None, header: _Header, read: list[_Row],
           preamble: list[tuple[int, str]]) -> date:
    if given is not None:
        day, line, source = given, None, "--as-of"
    elif "date" in header.columns:
        (day, line), source = _column_date(path, read), "as-of"
    else:
        (day, line), source = _preamble_date(path, preamble), "as-of"
    if day > date.today():
        raise _refusal(path, line, f"{source} date {day} is in the future")
    if day < EARLIEST_AS_OF:
        raise _refusal(path, line, f"{source} date {day} is before {EARLIEST_AS_OF.year}")
    return day


def _is_cash(row: _Row, sector: str | None) -> bool:
    return (_sector_key(row.sector) in _CASH_SECTOR_KEYS
            or _sector_key(row.asset_class) in _CASH_ASSET_CLASSES
            or row.ticker.upper() in _CASH_TICKERS
            or (sector is None and bool(_CASH_NAME.search(row.name))))


def sector_name(row_sector: str) -> str:
    """Yahoo's name for a provider's sector; an unknown one as written, title-cased."""
    mapped = _SECTOR_BY_KEY.get(_sector_key(row_sector))
    if mapped is not None:
        return mapped
    if _sector_key(row_sector) in _CASH_SECTOR_KEYS:
        return CASH_SECTOR
    return " ".join(row_sector.split()).title()


def _sector_of(row: _Row) -> str:
    if _is_cash(row, _SECTOR_BY_KEY.get(_sector_key(row.sector))):
        return CASH_SECTOR
    return sector_name(row.sector)


def _sector_weights(header: _Header, read: list[_Row], scale: float) -> dict[str, float]:
    """Fractions of the whole fund by sector, not renormalised; {} without a sector column."""
    if "sector" not in header.columns:
        return {}
    weights: dict[str, float] = {}
    for row in read:
        sector, fraction = _sector_of(row), row.weight * scale
        if sector == CASH_SECTOR and fraction == 0:
            continue
        weights[sector] = weights.get(sector, 0.0) + fraction
    return dict(sorted(weights.items(), key=lambda item: -item[1]))


def _top_holdings(read: list[_Row], scale: float) -> list[tuple[str, str, float]]:
    held = [(row.ticker, row.name, row.weight * scale) for row in read if row.ticker or row.name]
    return sorted(held, key=lambda holding: -holding[2])  # stable: ties keep the file's order


def _check_file(path: Path) -> None:
    if not path.exists():
        raise _refusal(path, None, "no such file")
    if path.is_dir():
        raise _refusal(path, None, "is a folder, not a holdings file")
    if not path.is_file():
        raise _refusal(path, None, "not a regular file")
    if path.stat().st_size > MAX_HOLDINGS_BYTES:
        raise _refusal(path, None, f"file larger than {MAX_HOLDINGS_BYTES // 2**20} MB")


def read_holdings_csv(path: Path, *, as_of: date | None = None) -> ParsedHoldings:
    """Parse and validate one holdings or sector-weights file.

    `as_of` (the command's --as-of) wins over any date the file states; without it the
    date comes from a date column (every row agreeing) or an "as of" preamble line.
    """
    _check_file(path)
    with path.open("rb") as handle:
        rows = _numbered_rows(path, handle)
        preamble, header = _find_header(path, rows)
        read, end = _read_data(path, header, rows)
        if end is not None:
            _check_nothing_after(path, header, end, rows)
    if not read:
        raise _refusal(path, header.line, "no data rows under this header")
    scale = _fraction_scale(path, header, read)
    return ParsedHoldings(
        path=path,
        as_of=_as_of(path, as_of, header, read, preamble),
        sector_weights=_sector_weights(header, read, scale),
        top_holdings=_top_holdings(read, scale),
        rows=len(read),
    )
