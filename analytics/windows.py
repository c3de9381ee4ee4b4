"""Look-back windows: `1y`, `7y`, `2w`, `10d`, `ytd`, a start date, or a start and an end date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

# The windows offered on buttons and in help; any N days/weeks/months/years is accepted.
PRESETS = ("1m", "3m", "6m", "ytd", "1y", "3y", "5y", "10y", "max")
_LOOKBACK = re.compile(r"^(\d{1,4})([dwmy])$")
# Longest look-back per unit: about 130 years, more than any series since 1900 holds.
LOOKBACK_LIMITS = {"d": 50_000, "w": 7_000, "m": 1_600, "y": 130}
_UNIT_OFFSETS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


def lookback(code: str) -> tuple[int, str] | None:
    """(count, unit) of a look-back window such as `7y` or `2w`; None for anything else."""
    match = _LOOKBACK.match(code.lower())
    if not match:
        return None
    count, unit = int(match.group(1)), match.group(2)
    if not 1 <= count <= LOOKBACK_LIMITS[unit]:
        return None
    return count, unit


def is_preset(code: str) -> bool:
    """A window written as a code: `ytd`, `max` or any look-back (`1y`, `7y`, `2w`, `10d`)."""
    return code.lower() in ("ytd", "max") or lookback(code) is not None


@dataclass(frozen=True)
class Window:
    """What the user asked for. Dates are resolved against the data by `bounds`."""

    preset: str | None = None  # a code `is_preset` accepts, or None for explicit dates
    start: date | None = None
    end: date | None = None
    # The calendar year `ytd` means: the year of today's date when the question was
    # asked, so a series that ended last year does not quietly answer for last year.
    year: int | None = None

    @property
    def label(self) -> str:
        if self.preset:
            return self.preset.upper() if self.preset != "max" else "MAX"
        if self.end:
            return f"{self.start:%Y-%m-%d} → {self.end:%Y-%m-%d}"
        return f"{self.start:%Y-%m-%d} →"

    @property
    def offset(self) -> pd.DateOffset:
        """The look-back of a fixed-length preset (not ytd or max)."""
        count, unit = lookback(self.preset)
        return pd.DateOffset(**{_UNIT_OFFSETS[unit]: count})

    @property
    def years(self) -> float | None:
        """The look-back's length in years (None for ytd, max and dates)."""
        parsed = lookback(self.preset) if self.preset else None
        if parsed is None:
            return None
        count, unit = parsed
        return count / {"d": 365.25, "w": 52.18, "m": 12, "y": 1}[unit]

    def ends_short(self, end_date: date) -> bool:
        """Whether the data stops before the end asked for: the last close used is more
        than a long weekend (4 calendar days, as over Good Friday) before it."""
        if self.end is None:
            return False
        return (self.end - end_date).days > 4

    def bounds(self, last_close: date, first_close: date) -> tuple[date, date]:
        """(start target, end target): the window starts at the last close on or before
        the start target, the usual convention (from 2023-01-01 starts at the
        2022-12-30 close), and ends at the last close on or before the end target.
        """
        end = self.end or last_close
        if self.preset == "max":
            return first_close, end
        if self.preset == "ytd":
            year = self.year or end.year
            return date(year - 1, 12, 31), min(end, date(year, 12, 31))
        if self.preset:
            return (pd.Timestamp(end) - self.offset).date(), end
        assert self.start is not None
        return self.start, end
