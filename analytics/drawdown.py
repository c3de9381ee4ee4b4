"""Drawdowns of each side and of the SMALL/LARGE ratio, for `/drawdown`.

A drawdown is the fall from the running peak, in % (−25.0 = 25 % below the peak).
Inside a window the running peak starts at the window's first close; for alert metrics
(`current_drawdown_series`) it runs over all history. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.series import WindowedResult, aligned_pair, resolve_window
from analytics.windows import Window


@dataclass(frozen=True)
class Drawdown:
    """The deepest fall inside the window, from its peak to its trough."""

    peak_date: date
    peak_value: float
    trough_date: date
    trough_value: float
    depth_pct: float  # negative
    recovery_date: date | None  # first close at or above the peak after the trough
    underwater_days: int  # trading days from the peak to the recovery, or to the window end


@dataclass(frozen=True, eq=False)
class SideDrawdown:
    label: str  # the ticker, or 'VTWO/SPY' for the ratio
    current_pct: float  # at the window's last close, from the running peak (0.0 at a peak)
    peak_date: date  # the running peak the current drawdown is measured from
    days_since_peak: int  # trading days since that peak
    deepest: Drawdown | None  # None: never below its running peak inside the window
    underwater: pd.Series  # drawdown in % at every close of the window

    @property
    def recovered(self) -> bool | None:
        return None if self.deepest is None else self.deepest.recovery_date is not None


@dataclass(frozen=True, eq=False)
class Drawdowns(WindowedResult):
    small: SideDrawdown
    large: SideDrawdown
    ratio: SideDrawdown


def current_drawdown_series(values: pd.Series) -> pd.Series:
    """Running drawdown in % at every day, from the peak of all history up to that day
    (for the alert metrics `small_dd` and `ratio_dd`). NaN stays NaN."""
    values = values.astype(float)
    return (values / values.cummax() - 1.0) * 100.0


def _side(label: str, values: np.ndarray, days: pd.DatetimeIndex) -> SideDrawdown:
    peaks = np.maximum.accumulate(values)
    underwater = (values / peaks - 1.0) * 100.0
    last = len(values) - 1
    # The running peak is the last close at which the value equalled it.
    at_peak = np.flatnonzero(values >= peaks)
    current_peak = int(at_peak[-1])
    trough = int(np.argmin(underwater))
    deepest = None
    if underwater[trough] < 0:
        peak = int(np.argmax(values[: trough + 1]))
        after = np.flatnonzero(values[trough + 1:] >= values[peak])
        recovery = trough + 1 + int(after[0]) if len(after) else None
        deepest = Drawdown(
            peak_date=days[peak].date(),
            peak_value=float(values[peak]),
            trough_date=days[trough].date(),
            trough_value=float(values[trough]),
            depth_pct=float(underwater[trough]),
            recovery_date=days[recovery].date() if recovery is not None else None,
            underwater_days=(recovery if recovery is not None else last) - peak,
        )
    return SideDrawdown(
        label=label,
        current_pct=float(underwater[-1]),
        peak_date=days[current_peak].date(),
        days_since_peak=last - current_peak,
        deepest=deepest,
        underwater=pd.Series(underwater, index=days),
    )


def drawdowns(
    small_ticker: str,
    small: pd.DataFrame,
    large_ticker: str,
    large: pd.DataFrame,
    window: Window | None = None,
) -> Drawdowns:
    """Current and deepest drawdown of both sides and of their ratio inside the window
    (default: all common history)."""
    window = window or Window(preset="max")
    pair = aligned_pair(small_ticker, small, large_ticker, large)
    span = resolve_window(pair.days, window)
    cut = slice(span.start_pos, span.end_pos + 1)
    days = pair.days[cut]
    s, lg = pair.small[cut], pair.large[cut]
    return Drawdowns(
        small_ticker=small_ticker,
        large_ticker=large_ticker,
        basis=pair.basis,
        window=window,
        **span.result_fields(),
        small=_side(small_ticker, s, days),
        large=_side(large_ticker, lg, days),
        ratio=_side(f"{small_ticker}/{large_ticker}", s / lg, days),
    )
