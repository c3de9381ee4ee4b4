"""The digest: the chat's pair over its usual windows, its P/E discount and the yield,
as one text for the scheduled message."""

from __future__ import annotations

from datetime import date

from analytics.alerts import metric_basis, metric_series
from analytics.market.data import NEW_YORK
from analytics.performance import AnalyticsError
from analytics.valuation import pe_discount
from analytics.windows import Window
from bot.answers.alerting import last_close, metric_inputs
from bot.present import render
from bot.present.alerts import fmt_metric
from bot.present.i18n import fmt_date, fmt_pp, sources_label, t, window_name


def _digest_window(lang: str, code: str, as_of: date) -> str:
    """`1 year`, `YTD 2025` / `1년`, `2025년 연초 이후`: the year of the close the line is of."""
    return window_name(lang, Window(preset=code, year=as_of.year if code == "ytd" else None))


def digest_text(svc, lang: str, pair: tuple[str, str] | None = None) -> str | None:
    """Gap over 1y and YTD with the change since the previous close, valuation and the
    10-year yield, for the chat's pair."""
    small, large = pair or (svc.settings.small, svc.settings.large)
    inputs = metric_inputs(svc.market, small, large)
    if inputs is None:
        return None
    as_of = last_close(inputs)
    lines = [t(lang, "digest_title", small=render.esc(small), large=render.esc(large),
               as_of=fmt_date(lang, as_of))]
    basis = t(lang, "basis_" + metric_basis(inputs, "gap"))
    for window in ("1y", "ytd"):
        try:
            series = metric_series(inputs, "gap", window).dropna()
        except AnalyticsError:
            continue
        if series.empty:
            continue
        if len(series) >= 2:
            lines.append(t(lang, "digest_gap_line", window=_digest_window(lang, window, as_of),
                           gap=fmt_pp(lang, series.iloc[-1]), basis=basis,
                           change=fmt_pp(lang, series.iloc[-1] - series.iloc[-2]),
                           prev=fmt_date(lang, series.index[-2].date())))
        else:
            lines.append(t(lang, "digest_gap_line_first",
                           window=_digest_window(lang, window, as_of),
                           gap=fmt_pp(lang, series.iloc[-1]), basis=basis))
    valuation = _valuation_or_none(svc, small, large)
    if valuation is not None:
        s, g = valuation.small_pe, valuation.large_pe
        lines.append(t(lang, "digest_valuation_line",
                       discount=fmt_metric(lang, "pe_discount", pe_discount(s, g) * 100),
                       small=render.esc(small), large=render.esc(large),
                       small_pe=f"{s:.1f}", large_pe=f"{g:.1f}"))
    yield_line = _digest_yield_line(inputs, lang)
    if yield_line:
        lines.append(yield_line)
    expected = svc.market.expected_close()
    if as_of is not None and as_of < expected:
        # Without it, "since the previous close" reads like yesterday's move.
        lines.append(t(lang, "stale_line", last=fmt_date(lang, as_of),
                       days=(svc.market.clock().astimezone(NEW_YORK).date() - as_of).days,
                       expected=fmt_date(lang, expected)))
    sources = svc.storage.price_sources([small, large])
    label = sources_label(lang, sources) or "cache"
    lines.append(t(lang, "digest_footer", sources=render.esc(label)))
    return "\n".join(lines)


def _digest_yield_line(inputs, lang: str) -> str | None:
    """The 10-year yield's level and its change over a month, when ^TNX is cached."""
    levels = metric_series(inputs, "yield", None).dropna()
    if levels.empty:
        return None
    change = metric_series(inputs, "yield_chg", "1m").dropna()
    return t(lang, "digest_yield_line",
             level=fmt_metric(lang, "yield", float(levels.iloc[-1])),
             change=fmt_metric(lang, "yield_chg", float(change.iloc[-1]))
             if not change.empty else t(lang, "na"),
             as_of=fmt_date(lang, levels.index[-1].date()))


def _valuation_or_none(svc, small: str, large: str):
    """Today's P/Es of the pair, or None until both sides have one (the line is left out)."""
    try:
        return svc.market.valuation(small, large)
    except AnalyticsError:
        return None
