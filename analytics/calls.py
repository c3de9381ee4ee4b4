"""A group's calls, settled from the data: what a call measures, when it comes due, whether
it came true, how often a call like it would have, and how well each member has called.

A call on a return (`gap`, `small_ret`, `large_ret`) is measured between two closes of the
pair, in the pair's basis: the close it was made at and the first NYSE close on or after
its horizon. A call on `pe_discount` is a level: the discount on the settle day (the last
P/E both sides have on or before it). Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.alerts import MetricInputs, metric_series, pe_series
from analytics.performance import AnalyticsError
from analytics.series import AlignedPair, aligned_pair, last_position_on_or_before
from analytics.windows import Window, lookback

# metric -> its unit: returns over the call's own span, or the discount's level.
METRICS: dict[str, str] = {"gap": "pp", "small_ret": "%", "large_ret": "%", "pe_discount": "%"}
RETURN_METRICS = ("gap", "small_ret", "large_ret")
OPERATORS = (">", "<")
# A horizon long enough for the market to settle something, short enough to be argued
# about while people still remember the call.
MIN_HORIZON_DAYS, MAX_HORIZON_DAYS = 7, 5 * 366
CUTOFF_SHARE = 0.1  # sides may change during the first tenth of the span
MIN_RANKED_CALLS = 3  # settled calls a member needs to be ranked on the scoreboard


def horizon_target(start: date, horizon: str | date) -> date:
    """The day a horizon (`6m`, `1y`, `30d`, or a date) points at from `start`."""
    if isinstance(horizon, date):
        return horizon
    if lookback(horizon) is None:
        raise AnalyticsError("bad_horizon", horizon=horizon)
    return (pd.Timestamp(start) + Window(preset=horizon).offset).date()


def cutoff_day(start: date, settle: date) -> date:
    """The last day a side may change: a tenth of the span in."""
    return start + timedelta(days=int((settle - start).days * CUTOFF_SHARE))


def held(op: str, value: float, threshold: float) -> bool:
    return value > threshold if op == ">" else value < threshold


# -- measuring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    value: float  # the call's metric, in its unit
    start_day: date  # the closes it was measured between (a level: both the end)
    end_day: date
    basis: str  # 'total' | 'price' for returns, 'trailing P/E' for the discount


def measure(inputs: MetricInputs, metric: str, start: date, end: date,
            pair: AlignedPair | None = None) -> Measured | None:
    """The call's metric from the close on `start` to the last common close on or before
    `end`; None when the data does not reach `start` or holds nothing after it. `pair`:
    the inputs' aligned closes, when the caller has them already."""
    if metric == "pe_discount":
        discounts = pe_series(inputs, "pe_discount").loc[:pd.Timestamp(end)]
        if discounts.empty:
            return None
        return Measured(float(discounts.iloc[-1]), discounts.index[-1].date(),
                        discounts.index[-1].date(), "trailing P/E")
    pair = pair or aligned_pair(inputs.small_ticker, inputs.small, inputs.large_ticker,
                                inputs.large)
    first = last_position_on_or_before(pair.days, start)
    last = last_position_on_or_before(pair.days, end)
    if first < 0 or pair.days[first].date() != start or last <= first:
        return None
    small = (pair.small[last] / pair.small[first] - 1) * 100.0
    large = (pair.large[last] / pair.large[first] - 1) * 100.0
    value = {"gap": small - large, "small_ret": small, "large_ret": large}[metric]
    return Measured(float(value), start, pair.days[last].date(), pair.basis)


# -- how often a call like it came true ----------------------------------------------------------


@dataclass(frozen=True)
class BaseRate:
    rate_pct: float  # share of the windows (or days, for a level) where the call held
    windows: int
    first_day: date  # the earliest window's start (a level: the first day counted)
    last_day: date
    basis: str


def span_code(start: date, settle: date) -> str:
    """The call's span as a look-back code (`182d`), for windows of the same length."""
    return f"{max((settle - start).days, 1)}d"


def base_rate(inputs: MetricInputs, metric: str, op: str, threshold: float, span: str
              ) -> BaseRate | None:
    """Over the history held: for a return, every window of the call's span ending on a
    trading day (the /odds machinery: the start is the last close on or before the same
    length earlier); for the discount, every day it was known. None with no window."""
    if metric == "pe_discount":
        series = pe_series(inputs, "pe_discount")
        basis = "trailing P/E"
    else:
        series = metric_series(inputs, metric, span).dropna()
        pair = aligned_pair(inputs.small_ticker, inputs.small, inputs.large_ticker,
                            inputs.large)
        basis = pair.basis
    if series.empty:
        return None
    first = series.index[0].date()
    if metric != "pe_discount":  # the earliest window starts at a close, not at its target
        target = series.index[0] - Window(preset=span).offset
        first = pair.days[last_position_on_or_before(pair.days, target)].date()
    values = series.to_numpy(dtype=float)
    hits = values > threshold if op == ">" else values < threshold
    return BaseRate(float(hits.mean() * 100.0), len(values), first, series.index[-1].date(),
                    basis)


# -- the scoreboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettledCall:
    maker_id: int
    hit: bool
    probability: float | None  # the maker's, 0-1
    sides: Sequence[tuple[int, str]]  # (member, agree | disagree)


@dataclass(frozen=True)
class MemberScore:
    member_id: int
    made: int  # calls made and settled
    sided: int  # settled calls the member took a side on (not their own)
    right: int  # settled calls the member was right about: made or agreed and hit,
    # or disagreed and missed
    brier: float | None  # mean (p - outcome)^2 over their calls with a probability
    brier_calls: int

    @property
    def settled(self) -> int:
        return self.made + self.sided

    @property
    def ranked(self) -> bool:
        return self.settled >= MIN_RANKED_CALLS

    @property
    def right_pct(self) -> float:
        return self.right / self.settled * 100.0 if self.settled else 0.0


def brier(probability: float, hit: bool) -> float:
    """The squared error of a probability against what happened: 0 is perfect, 0.25 is
    what always saying 50% scores."""
    return (probability - (1.0 if hit else 0.0)) ** 2


def scoreboard(calls: Iterable[SettledCall]) -> list[MemberScore]:
    """Every member with a settled call made or sided, ranked members first (by share
    right, then by calls settled), then the rest."""
    made: dict[int, int] = {}
    sided: dict[int, int] = {}
    right: dict[int, int] = {}
    briers: dict[int, list[float]] = {}
    for call in calls:
        made[call.maker_id] = made.get(call.maker_id, 0) + 1
        right[call.maker_id] = right.get(call.maker_id, 0) + int(call.hit)
        if call.probability is not None:
            briers.setdefault(call.maker_id, []).append(brier(call.probability, call.hit))
        for member, side in call.sides:
            if member == call.maker_id:
                continue
            sided[member] = sided.get(member, 0) + 1
            right[member] = right.get(member, 0) + int(call.hit == (side == "agree"))
    members = set(made) | set(sided)
    scores = [MemberScore(m, made.get(m, 0), sided.get(m, 0), right.get(m, 0),
                          float(np.mean(briers[m])) if m in briers else None,
                          len(briers.get(m, ()))) for m in members]
    return sorted(scores, key=lambda s: (not s.ranked, -s.right_pct, -s.settled, s.member_id))
