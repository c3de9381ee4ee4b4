"""Alert rules, their values and the pushed alert, as text in the reader's language.

A rule is rendered as a condition (`VTWO drawdown deepens past −20%`, Korean
`VTWO 낙폭이 −20%보다 깊어지면`) from the metric's name, its window and the operator's
phrase; the pushed alert says the same thing in the past (`… deepened past −20%`).
"""

from __future__ import annotations

import functools

from analytics.alerts import METRICS, PE_METRICS, YIELD_METRICS
from analytics.windows import Window
from bot.present.i18n import fmt_date, fmt_signed, t, window_name
from bot.present.render import esc

_OP_NAMES = {">": "gt", ">=": "ge", "<": "lt", "<=": "le", "crosses": "crosses",
             "crosses_above": "crosses_above", "crosses_below": "crosses_below"}
# Metrics that are never above zero: a lower value is a deeper fall, and said so.
_DEPTH_METRICS = ("small_dd", "large_dd", "ratio_dd")
# Metrics that are levels, not changes: no plus sign on their lines.
_LEVEL_METRICS = ("pe_discount", "pe_discount_pct", "yield")
_PE_BASIS = "trailing P/E snapshots"  # analytics.alerts.metric_basis for P/E metrics


@functools.lru_cache(maxsize=4096)
def fmt_metric(lang: str, metric: str, value: float | None) -> str:
    """A metric value with its unit: pp / %p, %, σ, turns."""
    if value is None:
        return t(lang, "na")
    unit = METRICS[metric].unit
    if unit == "yld":  # a yield is a level: no sign, two decimals
        return f"{value:.2f}%".replace("-", "−")
    if unit == "bp":
        return fmt_signed(value, 0) + t(lang, "units_bp")
    if unit == "pctl":  # a rank, 0-100: no sign, no decimals
        return t(lang, "units_percentile", n=f"{value:.0f}")
    sign = fmt_signed(value, 2 if unit == "σ" else 1)
    suffix = {"pp": t(lang, "units_pp"), "%": "%", "σ": "σ", "x": t(lang, "units_turns")}[unit]
    return sign + suffix


def fmt_threshold(lang: str, metric: str, value: float, *, signed: bool = True) -> str:
    """A rule's line as the user wrote it, with its unit: `−20%`, `+5 pp`, `4%`. Levels
    (a yield, a discount) carry no plus sign; changes and gaps do."""
    unit = METRICS[metric].unit
    digits = f"{value:.4f}".rstrip("0").rstrip(".")
    if unit == "pctl":
        return t(lang, "units_percentile", n=digits)
    if signed and value > 0 and metric not in _LEVEL_METRICS:
        digits = "+" + digits
    suffix = {"pp": t(lang, "units_pp"), "%": "%", "σ": "σ", "x": t(lang, "units_turns"),
              "bp": t(lang, "units_bp"), "yld": "%"}[unit]
    return digits.replace("-", "−") + suffix


def _window_words(lang: str, window: str | None) -> str:
    """`over 1 year` / `최근 1년`, `year to date` / `연초 이후`, `over all data` / `전체 기간`."""
    if window is None:
        return ""
    if window == "ytd":
        return window_name(lang, Window(preset="ytd"))
    if window == "max":
        return t(lang, "rule_window_max")
    return t(lang, "rule_window", window=window_name(lang, Window(preset=window)))


@functools.lru_cache(maxsize=1024)
def metric_label(lang: str, metric: str, window: str | None, small: str, large: str) -> str:
    return t(lang, f"rule_metric_{metric}", small=esc(small), large=esc(large),
             window=_window_words(lang, window))


def _phrase(kind: str, metric: str, op: str) -> str:
    name = _OP_NAMES[op]
    if metric in _DEPTH_METRICS and name in ("gt", "lt"):
        name += "_depth"
    return f"{kind}_{name}"


def condition(lang: str, spec, small: str, large: str) -> str:
    """The rule's condition as a clause: `VTWO−SPY gap over 1 year falls below −10 pp`;
    Korean `VTWO와 SPY의 최근 1년 수익률 격차가 −10%p보다 낮아지면`."""
    return t(lang, _phrase("when", spec.metric, spec.op),
             metric=metric_label(lang, spec.metric, spec.window, small, large),
             threshold=fmt_threshold(lang, spec.metric, spec.threshold))


def _is_default_band(spec) -> bool:
    return spec.hysteresis == METRICS[spec.metric].hysteresis


def fmt_band(lang: str, spec) -> str:
    """The hysteresis band, a distance: `1 pp`, `0.25σ`; a yield's in basis points
    (`10 bp`), since `0.1%` would read as a tenth of the yield."""
    if METRICS[spec.metric].unit == "yld":
        return fmt_threshold(lang, "yield_chg", spec.hysteresis * 100, signed=False)
    return fmt_threshold(lang, spec.metric, spec.hysteresis, signed=False)


def rule_text(lang: str, spec, small: str, large: str) -> str:
    """A rule on one line, for lists and titles: its condition and its options."""
    options = []
    if spec.once:
        options.append(t(lang, "opt_once"))
    if spec.cooldown:
        options.append(t(lang, "opt_cooldown",
                         duration=fmt_duration(lang, int(spec.cooldown.total_seconds()))))
    if not _is_default_band(spec):
        options.append(t(lang, "opt_band", band=fmt_band(lang, spec)))
    text = t(lang, "rule_line", condition=condition(lang, spec, small, large))
    space = "" if lang == "ko" else " "  # Korean writes no space before a bracket
    return text + (f"{space}({', '.join(options)})" if options else "")


def rule_created(lang: str, rule_id: int, spec, small: str, large: str) -> str:
    """The confirmation's first sentence: what the rule does, in words."""
    options = ""
    if spec.cooldown:
        options += t(lang, "alert_created_cooldown",
                     duration=fmt_duration(lang, int(spec.cooldown.total_seconds())))
    if not _is_default_band(spec):
        options += t(lang, "alert_created_band", band=fmt_band(lang, spec))
    return t(lang, "alert_created_once" if spec.once else "alert_created", id=rule_id,
             condition=condition(lang, spec, small, large), options=options)


def no_value_reason(lang: str, metric: str, window: str | None, small: str, large: str) -> str:
    """Why a rule has no current value, as a sentence."""
    if metric in PE_METRICS:
        key = "no_value_pe"
    elif metric in YIELD_METRICS:
        key = "no_value_yield"
    else:
        key = "no_value_window" if window is not None else "no_value_price"
    return t(lang, key, small=esc(small), large=esc(large))


def fmt_duration(lang: str, seconds: int) -> str:
    """A cooldown in words: `2 days`, `12 hours`, `1 week`; `2일`, `12시간`."""
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            count = seconds // size
            if count == 1:
                return t(lang, f"duration_{unit}_one")
            return t(lang, f"duration_{unit}", n=count)
    return f"{seconds}s"


def basis_words(lang: str, basis: str) -> str:
    """How a metric's values were computed ('total', 'price', 'yield' or P/E snapshots)."""
    if basis in ("price", "total", "yield"):
        return t(lang, "basis_" + basis)
    if basis == _PE_BASIS:
        return t(lang, "basis_pe_snapshots")
    return esc(basis)


def render_alert_fired(lang: str, rule, value: float, as_of, small: str, large: str,
                       basis: str) -> str:
    """The pushed alert: what crossed, value, threshold, as-of close, basis, how to mute."""
    op = rule.op
    if op == "crosses":  # say which way it went
        op = "crosses_above" if value > rule.threshold else "crosses_below"
    fired = t(lang, _phrase("fired", rule.metric, op),
              metric=metric_label(lang, rule.metric, rule.window, small, large),
              threshold=fmt_threshold(lang, rule.metric, rule.threshold))
    text = t(
        lang, "alert_fired", id=rule.id, fired=fired,
        threshold=fmt_threshold(lang, rule.metric, rule.threshold),
        value=fmt_metric(lang, rule.metric, value), as_of=fmt_date(lang, as_of),
        basis=basis_words(lang, basis),
    )
    if rule.once:
        text += "\n" + t(lang, "alert_fired_once")
    return text
