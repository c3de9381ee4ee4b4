"""Alert metrics and the edge-triggered rule state machine. Pure: no I/O.

The same `step` function drives live evaluation, `/alert test` backtests and the
replay tests, so what a backtest promises is what the live rule does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from analytics.drawdown import current_drawdown_series
from analytics.performance import AnalyticsError, is_price_index
from analytics.valuation import DiscountPoint, PePoint, PeSeries, paired, percentile_series
from analytics.windows import Window, is_preset

MAX_ABS_THRESHOLD = 1e6
MAX_COOLDOWN = timedelta(days=365)


@dataclass(frozen=True)
class MetricSpec:
    name: str
    unit: str  # "pp", "%", "σ", "x"
    default_window: str | None  # None: the metric takes no window
    hysteresis: float  # default re-arm band, in the metric's unit


METRICS: dict[str, MetricSpec] = {
    m.name: m
    for m in (
        MetricSpec("gap", "pp", "1y", 1.0),
        MetricSpec("small_ret", "%", "1y", 1.0),
        MetricSpec("large_ret", "%", "1y", 1.0),
        MetricSpec("ratio_z", "σ", "5y", 0.25),
        MetricSpec("pe_spread", "x", None, 0.25),
        MetricSpec("pe_discount", "%", None, 1.0),
        # the discount's percentile in its own history (0..100), see percentile_series
        MetricSpec("pe_discount_pct", "pctl", None, 5.0),
        MetricSpec("yield", "yld", None, 0.10),  # the 10-year yield's level, in %
        MetricSpec("yield_chg", "bp", "3m", 10.0),
        MetricSpec("small_dd", "%", None, 1.0),  # drawdown from the all-history peak
        MetricSpec("large_dd", "%", None, 1.0),
        MetricSpec("ratio_dd", "%", None, 1.0),
    )
}
YIELD_METRICS = ("yield", "yield_chg")
OPERATORS = (">", ">=", "<", "<=", "crosses", "crosses_above", "crosses_below")
RISING_OPS = (">", ">=", "crosses_above")


@dataclass(frozen=True)
class RuleSpec:
    """What a rule watches. `window` is None for metrics without one."""

    metric: str
    window: str | None
    op: str
    threshold: float
    hysteresis: float
    once: bool = False
    cooldown: timedelta = timedelta(0)

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.metric, self.window)


@dataclass(frozen=True)
class RuleState:
    """`armed`: the next time the condition holds, the rule fires. After firing it is
    disarmed until the value moves back past the threshold by the hysteresis band.
    `side` records which side of the line a `crosses` rule last fired on."""

    armed: bool
    side: str | None = None
    last_fired_at: datetime | None = None


def holds(spec: RuleSpec, value: float) -> bool:
    """Is the condition true at this value? For `crosses`, never on its own: a
    crossing is a change of side, handled in `step`."""
    x = spec.threshold
    return {
        ">": value > x,
        ">=": value >= x,
        "crosses_above": value > x,
        "<": value < x,
        "<=": value <= x,
        "crosses_below": value < x,
        "crosses": False,
    }[spec.op]


def _side(spec: RuleSpec, value: float) -> str:
    return "above" if value > spec.threshold else "below"


def _decisive(spec: RuleSpec, value: float) -> bool:
    """The value stands clear of the line by the hysteresis band."""
    return abs(value - spec.threshold) >= spec.hysteresis


def initial_state(spec: RuleSpec, value: float | None) -> RuleState:
    """A rule created while its condition already holds waits for the next crossing."""
    if value is None or not math.isfinite(value):
        return RuleState(armed=True)
    if spec.op == "crosses":
        return RuleState(armed=True, side=_side(spec, value))
    return RuleState(armed=not holds(spec, value))


def _rearmed(spec: RuleSpec, value: float) -> bool:
    """Has a threshold rule's value moved back past the line by the band?"""
    if spec.op in RISING_OPS:
        return value <= spec.threshold - spec.hysteresis
    return value >= spec.threshold + spec.hysteresis


def step(spec: RuleSpec, state: RuleState, value: float | None, now: datetime
         ) -> tuple[RuleState, bool]:
    """Advance one evaluation: (new state, fired?).

    Threshold rules fire when the condition starts to hold and re-arm once the value
    is back past the line by the band. A `crosses` rule fires when the value stands on
    the other side of the line from its last confirmed side, clear of the line by the
    band (a Schmitt trigger): a wobble around the line never fires, and firings
    alternate above, below, above.
    """
    if value is None or not math.isfinite(value):
        return state, False
    if spec.op == "crosses":
        side = _side(spec, value)
        if state.side is None:
            return RuleState(armed=True, side=side, last_fired_at=state.last_fired_at), False
        if side != state.side and _decisive(spec, value):
            if _cooled_down(spec, state, now):
                return RuleState(armed=True, side=side, last_fired_at=now), True
            return replace(state, armed=True, side=side), False
        return state, False
    if state.armed:
        if holds(spec, value) and _cooled_down(spec, state, now):
            return RuleState(armed=False, last_fired_at=now), True
        return state, False
    if _rearmed(spec, value):
        return replace(state, armed=True), False
    return state, False


def _cooled_down(spec: RuleSpec, state: RuleState, now: datetime) -> bool:
    return state.last_fired_at is None or now - state.last_fired_at >= spec.cooldown


# -- metrics ----------------------------------------------------------------------------------


def _basis_column(ticker_a: str, a: pd.DataFrame, ticker_b: str, b: pd.DataFrame) -> str:
    """Total return (adjusted closes) when both sides have it, else price return."""
    for ticker, frame in ((ticker_a, a), (ticker_b, b)):
        if is_price_index(ticker) or not frame["adj_close"].notna().any():
            return "close"
    return "adj_close"


def _aligned(small_ticker, small, large_ticker, large) -> tuple[pd.Series, pd.Series]:
    column = _basis_column(small_ticker, small, large_ticker, large)
    joined = pd.concat([small[column], large[column]], axis=1, keys=["s", "l"], sort=True)
    joined = joined.dropna()
    joined = joined[(joined["s"] > 0) & (joined["l"] > 0)]
    return joined["s"], joined["l"]


def _window_starts(days: pd.DatetimeIndex, window: str,
                   ends: pd.DatetimeIndex | None = None) -> np.ndarray:
    """For each day (or each of `ends`), the position in `days` of the window's first
    close (the last close on or before the start target), or -1 where the history is
    too short."""
    ends = days if ends is None else ends
    if window == "max":
        return np.zeros(len(ends), dtype=int)
    if window == "ytd":
        targets = pd.DatetimeIndex(
            [pd.Timestamp(d.year - 1, 12, 31) for d in ends]
        )
    else:
        offset = Window(preset=window).offset
        targets = ends - offset
    positions = days.searchsorted(targets, side="right") - 1
    first_too_late = targets < days[0]
    positions[first_too_late] = -1
    return positions


def return_series(values: pd.Series, window: str) -> pd.Series:
    """Trailing return over `window` at every day, in %; NaN where history is short."""
    days = pd.DatetimeIndex(values.index)
    starts = _window_starts(days, window)
    arr = values.to_numpy(dtype=float)
    out = np.full(len(arr), np.nan)
    ok = starts >= 0
    out[ok] = (arr[ok] / arr[starts[ok]] - 1.0) * 100.0
    ok_positions = np.flatnonzero(ok)
    same_day = ok_positions[starts[ok_positions] == ok_positions]
    out[same_day] = np.nan
    return pd.Series(out, index=values.index)


def ratio_z_series(small: pd.Series, large: pd.Series, window: str) -> pd.Series:
    """z-score of today's SMALL/LARGE ratio against its trailing `window` of closes."""
    ratio = small / large
    days = pd.DatetimeIndex(ratio.index)
    starts = _window_starts(days, window)
    arr = ratio.to_numpy(dtype=float)
    csum = np.concatenate([[0.0], np.cumsum(arr)])
    csq = np.concatenate([[0.0], np.cumsum(arr * arr)])
    out = np.full(len(arr), np.nan)
    idx = np.arange(len(arr))
    ok = (starts >= 0) & (idx - starts >= 20)  # fewer than 20 closes make no z-score
    n = (idx - starts + 1)[ok]
    total = csum[idx[ok] + 1] - csum[starts[ok]]
    squares = csq[idx[ok] + 1] - csq[starts[ok]]
    mean = total / n
    variance = np.maximum((squares - n * mean * mean) / (n - 1), 0.0)
    std = np.sqrt(variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[ok] = np.where(std > 0, (arr[ok] - mean) / std, np.nan)
    return pd.Series(out, index=ratio.index)


PE_METRICS = ("pe_spread", "pe_discount", "pe_discount_pct")


def pe_series(inputs: MetricInputs, metric: str) -> pd.Series:
    """P/E spread (turns) or discount (%) on each date both sides have a figure (paired
    as /valuation pairs them); the discount's percentile in its history on each date."""
    live = paired(PeSeries(inputs.small_ticker, "", tuple(inputs.small_pe)),
                  PeSeries(inputs.large_ticker, "", tuple(inputs.large_pe)))
    if metric == "pe_discount_pct":
        points = dict(percentile_series(inputs.pe_history, live))
    elif metric == "pe_discount":
        points = {p.day: p.discount * 100.0 for p in live}
    else:
        points = {p.day: p.spread for p in live}
    series = pd.Series(points, dtype=float)
    series.index = pd.to_datetime(series.index)
    return series.sort_index()


@dataclass(frozen=True)
class MetricInputs:
    """Everything metrics are computed from, for one pair."""

    small_ticker: str
    large_ticker: str
    small: pd.DataFrame
    large: pd.DataFrame
    small_pe: Sequence[PePoint] = ()
    large_pe: Sequence[PePoint] = ()
    yields: pd.DataFrame | None = None  # ^TNX: the 10-year yield in percent
    # The discount's history (analytics.valuation.common_history), which may come from
    # other sources than today's P/Es: what a percentile is taken in.
    pe_history: Sequence[DiscountPoint] = ()

    @property
    def yield_levels(self) -> pd.Series:
        if self.yields is None or "close" not in self.yields:
            return pd.Series(dtype=float)
        return self.yields["close"].dropna()

    def until(self, day: date) -> MetricInputs:
        """The inputs as they were known after the close of `day` (time travel)."""
        stamp = pd.Timestamp(day)
        return replace(
            self,
            small=self.small.loc[:stamp],
            large=self.large.loc[:stamp],
            small_pe=[p for p in self.small_pe if p.as_of <= day],
            large_pe=[p for p in self.large_pe if p.as_of <= day],
            pe_history=[p for p in self.pe_history if p.day <= day],
            yields=None if self.yields is None else self.yields.loc[:stamp],
        )


def metric_series(inputs: MetricInputs, metric: str, window: str | None) -> pd.Series:
    """The metric's value on every day the cache can compute it (for backtests)."""
    if metric in PE_METRICS:
        return pe_series(inputs, metric)
    if metric in YIELD_METRICS:
        levels = inputs.yield_levels
        if metric == "yield" or levels.empty:
            return levels
        assert window is not None
        starts = _window_starts(pd.DatetimeIndex(levels.index), window)
        values = levels.to_numpy(dtype=float)
        change = np.full(len(values), np.nan)
        ok = starts >= 0
        change[ok] = (values[ok] - values[starts[ok]]) * 100.0  # percentage points → bp
        return pd.Series(change, index=levels.index)
    small, large = _aligned(inputs.small_ticker, inputs.small, inputs.large_ticker, inputs.large)
    if len(small) < 2:
        raise AnalyticsError("no_overlap", small=inputs.small_ticker, large=inputs.large_ticker)
    if metric == "small_dd":
        return current_drawdown_series(small)
    if metric == "large_dd":
        return current_drawdown_series(large)
    if metric == "ratio_dd":
        return current_drawdown_series(small / large)
    assert window is not None
    if metric == "ratio_z":
        return ratio_z_series(small, large, window)
    small_ret = return_series(small, window)
    large_ret = return_series(large, window)
    if metric == "small_ret":
        return small_ret
    if metric == "large_ret":
        return large_ret
    return small_ret - large_ret


@dataclass(frozen=True)
class MetricValue:
    value: float | None
    as_of: date | None


PRICE_METRICS = ("gap", "small_ret", "large_ret", "ratio_z", "small_dd", "large_dd", "ratio_dd")


def current_metrics(
    inputs: MetricInputs, keys: Iterable[tuple[str, str | None]]
) -> dict[tuple[str, str | None], MetricValue]:
    """Each (metric, window) once: the last value of its series.

    Evaluation needs only today's value, so price metrics are computed at the last
    close alone, from one alignment of the pair (50 pairs × many metrics stay well
    under a second); anything the shortcut cannot settle (short history, a flat
    ratio) falls back to the full series, which backtests use, so both agree."""
    out: dict[tuple[str, str | None], MetricValue] = {}
    aligned: tuple[pd.Series, pd.Series] | None = None
    for key in set(keys):
        metric, window = key
        value = None
        if metric in PRICE_METRICS:
            if aligned is None:
                aligned = _aligned(inputs.small_ticker, inputs.small, inputs.large_ticker,
                                   inputs.large)
            value = _last_price_metric(*aligned, metric, window)
        out[key] = value if value is not None else _last_of_series(inputs, metric, window)
    return out


def _last_of_series(inputs: MetricInputs, metric: str, window: str | None) -> MetricValue:
    try:
        series = metric_series(inputs, metric, window).dropna()
    except AnalyticsError:
        series = pd.Series(dtype=float)
    if series.empty:
        return MetricValue(None, None)
    return MetricValue(float(series.iloc[-1]), series.index[-1].date())


_DEPTHS = ("small_dd", "large_dd", "ratio_dd")  # falls from the all-history peak


def _last_price_metric(small: pd.Series, large: pd.Series, metric: str, window: str | None
                       ) -> MetricValue | None:
    """`metric_series(...).iloc[-1]` computed at the last close only; None: use the
    full series."""
    if len(small) < 2:
        return MetricValue(None, None)  # no common closes: metric_series refuses too
    s, lg = small.to_numpy(dtype=float), large.to_numpy(dtype=float)
    as_of = small.index[-1].date()
    if metric in _DEPTHS:
        values = {"small_dd": s, "large_dd": lg}.get(metric, s / lg)
        return MetricValue(float((values[-1] / values.max() - 1.0) * 100.0), as_of)
    assert window is not None
    days = pd.DatetimeIndex(small.index)
    start = int(_window_starts(days, window, ends=days[-1:])[0])
    last = len(s) - 1
    if start < 0:
        # The window's start falls before the data on the last day, so on every day:
        # the series has no value at all.
        return MetricValue(None, None)
    if start == last:
        return None
    if metric == "ratio_z":
        if last - start < 20:
            return None
        ratio = s[start:] / lg[start:]
        std = float(np.std(ratio, ddof=1))
        if not std > 0:
            return None
        return MetricValue(float((ratio[-1] - ratio.mean()) / std), as_of)
    small_ret = (s[-1] / s[start] - 1.0) * 100.0
    large_ret = (lg[-1] / lg[start] - 1.0) * 100.0
    value = {"small_ret": small_ret, "large_ret": large_ret}.get(metric, small_ret - large_ret)
    return MetricValue(float(value), as_of)


def backtest(spec: RuleSpec, series: pd.Series) -> list[tuple[date, float]]:
    """Every day the rule would have fired over `series` (created at its first day)."""
    values = series.dropna()
    if values.empty:
        return []
    state = initial_state(spec, float(values.iloc[0]))
    fired = []
    for stamp, value in values.iloc[1:].items():
        moment = datetime.combine(stamp.date(), datetime.min.time())
        state, did_fire = step(spec, state, float(value), moment)
        if did_fire:
            fired.append((stamp.date(), float(value)))
            if spec.once:
                break
    return fired


def validate_window(metric: str, window: str | None) -> str | None:
    spec = METRICS[metric]
    if spec.default_window is None:
        return None
    window = (window or spec.default_window).lower()
    if not is_preset(window):  # any N d/w/m/y look-back, ytd or max
        raise ValueError(window)
    return window


def metric_basis(inputs: MetricInputs, metric: str) -> str:
    """'total' or 'price' for return metrics, the source for P/E ones."""
    if metric in PE_METRICS:
        return "trailing P/E snapshots"
    if metric in YIELD_METRICS:
        return "yield"
    column = _basis_column(inputs.small_ticker, inputs.small, inputs.large_ticker, inputs.large)
    return "total" if column == "adj_close" else "price"


# -- many rules at once ---------------------------------------------------------------------------

OP_CODES = {op: i for i, op in enumerate(OPERATORS)}
_RISING_CODES = [OP_CODES[op] for op in RISING_OPS]
_CROSSES = OP_CODES["crosses"]
SIDE_CODES = {None: 0, "below": -1, "above": 1}
SIDE_NAMES = {code: name for name, code in SIDE_CODES.items()}


@dataclass
class RuleBatch:
    """Column arrays of many rules, for `step_many`. Times are epoch seconds (NaN: never)."""

    op: np.ndarray  # int, OP_CODES
    threshold: np.ndarray
    band: np.ndarray
    cooldown: np.ndarray
    armed: np.ndarray  # bool
    side: np.ndarray  # int, SIDE_CODES
    last_fired: np.ndarray


def step_many(batch: RuleBatch, values: np.ndarray, now: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`step` for every rule at once: (new armed, new side, fired mask).

    The same semantics as `step`, vectorised so 100,000 rules evaluate in
    milliseconds; tests check the two agree on random rules.
    """
    op, x, band = batch.op, batch.threshold, batch.band
    armed, side = batch.armed, batch.side
    finite = np.isfinite(values)
    v = np.where(finite, values, 0.0)
    cooled = np.isnan(batch.last_fired) | (now - np.nan_to_num(batch.last_fired) >= batch.cooldown)
    rising = np.isin(op, _RISING_CODES)
    holds = np.select(
        [op == OP_CODES[">"], op == OP_CODES["crosses_above"], op == OP_CODES[">="],
         op == OP_CODES["<"], op == OP_CODES["crosses_below"], op == OP_CODES["<="]],
        [v > x, v > x, v >= x, v < x, v < x, v <= x],
        default=False,
    )
    crosses = op == _CROSSES
    # threshold rules
    fire_t = ~crosses & finite & armed & holds & cooled
    rearm_t = ~crosses & finite & ~armed & np.where(rising, v <= x - band, v >= x + band)
    # crossing rules: a confirmed change of side, clear of the line by the band
    value_side = np.where(v > x, 1, -1)
    decisive = np.abs(v - x) >= band
    no_side = side == 0
    change = ~no_side & (value_side != side) & decisive
    fire_c = crosses & finite & change & cooled
    armed_c = np.where(no_side | change, True, armed)

    fired = fire_t | fire_c
    new_armed = np.where(crosses, np.where(finite, armed_c, armed),
                         np.where(fire_t, False, np.where(rearm_t, True, armed)))
    new_side = np.where(crosses & finite & (no_side | change), value_side, side)
    return new_armed.astype(bool), new_side.astype(int), fired
