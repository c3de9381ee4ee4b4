"""Alert rules, their values and the pushed alert, as text in the reader's language."""

from __future__ import annotations

import functools

from bot.i18n import fmt_date, t
from bot.render import esc


@functools.lru_cache(maxsize=4096)
def fmt_metric(lang: str, metric: str, value: float | None) -> str:
    """A metric value with its unit: pp / %p, %, σ, turns."""
    from analytics.alerts import METRICS

    if value is None:
        return t(lang, "na")
    unit = METRICS[metric].unit
    if unit == "yld":  # a yield is a level: no sign, two decimals
        return f"{value:.2f}%".replace("-", "−")
    if unit == "bp":
        return f"{value:+.0f}".replace("-", "−") + t(lang, "units_bp")
    sign = f"{value:+.1f}" if unit != "σ" else f"{value:+.2f}"
    sign = sign.replace("-", "−")
    suffix = {"pp": t(lang, "units_pp"), "%": "%", "σ": "σ", "x": t(lang, "units_turns")}[unit]
    return sign + suffix


@functools.lru_cache(maxsize=1024)
def metric_label(lang: str, metric: str, window: str | None, small: str, large: str) -> str:
    return t(lang, f"metric_{metric}", small=esc(small), large=esc(large),
             window=esc((window or "").upper()))


def rule_text(lang: str, spec, small: str, large: str) -> str:
    """'VTWO−SPY 1Y gap crosses −20.0 pp (once, at most every 2d)' for a RuleSpec."""
    from analytics.alerts import METRICS

    text = (f"{metric_label(lang, spec.metric, spec.window, small, large)} "
            f"{t(lang, 'op_' + spec.op)} {fmt_metric(lang, spec.metric, spec.threshold)}")
    options = []
    if spec.once:
        options.append(t(lang, "opt_once"))
    if spec.cooldown:
        options.append(t(lang, "opt_cooldown",
                         duration=fmt_duration(int(spec.cooldown.total_seconds()))))
    if spec.hysteresis != METRICS[spec.metric].hysteresis:
        options.append(t(lang, "opt_band", band=fmt_metric(lang, spec.metric, spec.hysteresis)
                         .lstrip("+")))
    return text + (f" ({', '.join(options)})" if options else "")


def fmt_duration(seconds: int) -> str:
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def render_alert_fired(lang: str, rule, value: float, as_of, small: str, large: str,
                       basis: str) -> str:
    """The pushed alert: what crossed, value, threshold, as-of close, basis, how to mute."""
    text = t(
        lang, "alert_fired", id=rule.id,
        metric=metric_label(lang, rule.metric, rule.window, small, large),
        op=t(lang, "op_" + rule.op), threshold=fmt_metric(lang, rule.metric, rule.threshold),
        value=fmt_metric(lang, rule.metric, value), as_of=fmt_date(lang, as_of),
        basis=t(lang, "basis_" + basis) if basis in ("price", "total", "yield") else esc(basis),
    )
    if rule.once:
        text += "\n" + t(lang, "alert_fired_once")
    return text
