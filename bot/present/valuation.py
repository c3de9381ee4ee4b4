"""/valuation as text: today's P/Es, the spread, and whether the discount is unusual,
each figure with what it rests on (see analytics.valuation)."""

from __future__ import annotations

from datetime import date

from analytics.valuation import PeSeries, Placement, SideValuation, ValuationSpread
from bot.present.i18n import fmt_date, fmt_signed, t
from bot.present.render import esc

# Two P/Es further apart than this are not "today's" on both sides.
APART_DAYS = 7


def render_valuation(lang: str, result: ValuationSpread) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    lines = [
        t(lang, "val_title", small=small, large=large),
        _pe_line(lang, result.small),
        _pe_line(lang, result.large),
        t(lang, "val_spread", spread=fmt_signed(result.spread_turns),
          discount=_pct(result.discount)),
    ]
    if result.days_apart > APART_DAYS:
        lines.append(t(lang, "val_apart", small=small, large=large,
                       small_as_of=_day(lang, result.small_as_of,
                                        result.small.now_series.monthly),
                       large_as_of=_day(lang, result.large_as_of,
                                        result.large.now_series.monthly),
                       span=span_words(lang, result.days_apart)))
    lines.append("<i>" + t(lang, "val_discount_note") + "</i>")
    lines += ["", t(lang, "val_unusual"), *_discount_lines(lang, result)]
    lines += ["", t(lang, "val_sides"),
              *(_side_line(lang, side) for side in (result.small, result.large))]
    notes = _notes(lang, result)
    if notes:
        lines += ["", *notes]
    lines.append(t(lang, "val_source", sources=esc(", ".join(valuation_sources(result)))))
    return "\n".join(lines)


def _pe_line(lang: str, side: SideValuation) -> str:
    values = {"ticker": esc(side.ticker), "pe": f"{side.now.trailing_pe:.1f}",
              "source": esc(side.now_series.source),
              "as_of": _day(lang, side.now.as_of, side.now_series.monthly)}
    if side.proxy:
        return t(lang, "val_pe_line_proxy", index=esc(side.proxy), **values)
    return t(lang, "val_pe_line", **values)


def _discount_lines(lang: str, result: ValuationSpread) -> list[str]:
    common = result.common
    if common is None:
        s, g = result.small.history, result.large.history
        return [t(lang, "val_no_common", small=esc(result.small_ticker),
                  large=esc(result.large_ticker),
                  small_first=_day(lang, s.first, s.monthly),
                  small_last=_day(lang, s.last, s.monthly),
                  large_first=_day(lang, g.first, g.monthly),
                  large_last=_day(lang, g.last, g.monthly))]
    placement = common.placement
    if placement is None:
        return [t(lang, "val_one_point")]
    monthly = placement.monthly
    lines = [
        t(lang, "val_history", count=f"{placement.count:,}", density=_density(lang, common),
          first=_day(lang, placement.first, monthly), last=_day(lang, placement.last, monthly),
          span=_span(lang, placement), sources=_history_sources(lang, result)),
        t(lang, "val_rank", value=_pct(placement.value), pct=_ordinal(lang, placement.percentile),
          z=_z(lang, placement), low=_pct(placement.low),
          low_on=_day(lang, placement.low_on, monthly), high=_pct(placement.high),
          high_on=_day(lang, placement.high_on, monthly)),
    ]
    if placement.short:
        lines.append(t(lang, "val_short", span=_span(lang, placement)))
    return lines


def _side_line(lang: str, side: SideValuation) -> str:
    history, placement = side.history, side.placement
    if placement is None:
        return t(lang, "val_pe_line", ticker=esc(side.ticker), pe=f"{side.now.trailing_pe:.1f}",
                 source=esc(history.source), as_of=_day(lang, side.now.as_of, history.monthly))
    whose = (t(lang, "val_side_own") if history.ticker == side.ticker
             else t(lang, "val_side_index", index=esc(history.ticker)))
    monthly = history.monthly
    return t(lang, "val_side", ticker=esc(side.ticker), pe=f"{side.now.trailing_pe:.1f}",
             pct=_ordinal(lang, placement.percentile), whose=whose,
             count=f"{placement.count:,}", density=_density_of(lang, history),
             first=_day(lang, placement.first, monthly), last=_day(lang, placement.last, monthly),
             z=_z(lang, placement), low=f"{placement.low:.1f}",
             low_on=_day(lang, placement.low_on, monthly), high=f"{placement.high:.1f}",
             high_on=_day(lang, placement.high_on, monthly))


def _notes(lang: str, result: ValuationSpread) -> list[str]:
    notes = []
    one_sided = result.one_sided
    if one_sided and result.common is not None:  # with no shared span, _discount_lines said so
        long, short = one_sided
        notes.append(t(lang, "val_one_sided", long=esc(long.ticker), short=esc(short.ticker),
                       long_first=_day(lang, long.history.first, long.history.monthly),
                       short_first=_day(lang, short.history.first, short.history.monthly)))
    today = {result.small.now_series.source, result.large.now_series.source}
    history = {s.history.source for s in (result.small, result.large)}
    if result.common:
        history |= {result.common.small.source, result.common.large.source}
    if history - today:
        notes.append(t(lang, "val_mixed_sources",
                       sources=esc(", ".join(sorted(today | history)))))
    return notes


def valuation_sources(result: ValuationSpread) -> list[str]:
    """Every source a /valuation answer's figures come from, once each."""
    series = [result.small.now_series, result.large.now_series, result.small.history,
              result.large.history]
    if result.common:
        series += [result.common.small, result.common.large]
    return list(dict.fromkeys(s.source for s in series))


def _history_sources(lang: str, result: ValuationSpread) -> str:
    """One source for both sides' series, or each side's (naming a stand-in index)."""
    common = result.common
    small = _whose_source(common.small, result.small_ticker)
    large = _whose_source(common.large, result.large_ticker)
    if small == large:
        return t(lang, "val_history_source", source=esc(small))
    return t(lang, "val_history_sides", small=esc(result.small_ticker), small_source=esc(small),
             large=esc(result.large_ticker), large_source=esc(large))


def _whose_source(series: PeSeries, ticker: str) -> str:
    """A series' source, naming the index when it stands in for the fund."""
    return series.source if series.ticker == ticker else f"{series.ticker}, {series.source}"


def _density(lang: str, common) -> str:
    if common.small.monthly or common.large.monthly:
        return t(lang, "density_monthly")
    return _density_of(lang, common.small if len(common.small.points) <= len(common.large.points)
                       else common.large)


def _density_of(lang: str, series: PeSeries) -> str:
    if series.monthly:
        return t(lang, "density_monthly")
    points = series.points
    if len(points) < 2:
        return t(lang, "density_irregular")
    per_point = (points[-1].as_of - points[0].as_of).days / (len(points) - 1)
    if per_point <= 4:  # sessions: five a week, with weekends between
        return t(lang, "density_daily")
    return t(lang, "density_weekly" if per_point <= 10 else "density_irregular")


def span_words(lang: str, days: int) -> str:
    """A length of time as a reader says it: days, months under two years, then years."""
    if days == 1:
        return t(lang, "span_day")
    if days < 60:
        return t(lang, "span_days", n=days)
    if days < 730:
        return t(lang, "span_months", n=round(days / 30.44))
    return t(lang, "span_years", n=f"{days / 365.25:.1f}".removesuffix(".0"))


def _span(lang: str, placement: Placement) -> str:
    return span_words(lang, (placement.last - placement.first).days)


def _day(lang: str, day: date, monthly: bool) -> str:
    """A monthly figure is its month's: 2023-06, not 2023-06-01."""
    return day.strftime("%Y-%m") if monthly else fmt_date(lang, day)


def _pct(fraction: float) -> str:
    return f"{fraction * 100:.1f}%".replace("-", "−")


def _z(lang: str, placement: Placement) -> str:
    if placement.zscore is None:
        return ""
    return t(lang, "val_z", z=fmt_signed(placement.zscore, 1))


def _ordinal(lang: str, percentile: float) -> str:
    """`78th` in English; Korean writes the bare number after 백분위."""
    n = round(percentile)
    if lang == "ko":
        return str(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
