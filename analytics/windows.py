"""Look-back windows: `1y`, `ytd`, a start date, or a start and an end date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

PRESETS = ("1m", "3m", "6m", "ytd", "1y", "3y", "5y", "10y", "max")
_OFFSETS = {
    "1m": pd.DateOffset(months=1),
    "3m": pd.DateOffset(months=3),
    "6m": pd.DateOffset(months=6),
    "1y": pd.DateOffset(years=1),
    "3y": pd.DateOffset(years=3),
    "5y": pd.DateOffset(years=5),
    "10y": pd.DateOffset(years=10),
}


@dataclass(frozen=True)
class Window:
    """What the user asked for. Dates are resolved against the data by `bounds`."""

    preset: str | None = None  # one of PRESETS, or None for explicit dates
    start: date | None = None
    end: date | None = None

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
        return _OFFSETS[self.preset]

    def bounds(self, last_close: date, first_close: date) -> tuple[date, date]:
        """(start target, end target): the window starts at the last close on or before
        the start target, the usual convention (from 2023-01-01 starts at the
        2022-12-30 close), and ends at the last close on or before the end target.
        """
        end = self.end or last_close
        if self.preset == "max":
            return first_close, end
        if self.preset == "ytd":
            return date(end.year - 1, 12, 31), end
        if self.preset:
            return (pd.Timestamp(end) - self.offset).date(), end
        assert self.start is not None
        return self.start, end
