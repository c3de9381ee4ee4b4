"""The debate answers (/rates /drawdown /event /odds /mix) as HTML in the reader's
language. Every answer ends with its window, basis, trading-day count, source and
as-of close (`render.render_freshness`)."""

from __future__ import annotations

from analytics.drawdown import Drawdowns, SideDrawdown
from analytics.events import EVENTS, Event, EventSide, EventWindow
from analytics.market_data import Freshness
from analytics.mix import MixPortfolio
from analytics.odds import RollingOdds
from analytics.rates import RatesSensitivity, YieldFit
from bot.i18n import fmt_date, fmt_pct, fmt_pp, t
from bot.render import _table, esc, render_freshness

# A correlation this small over a window is noise, not a tendency worth a sentence.
MEANINGFUL_CORRELATION = 0.1


def _signed(value: float | None, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:+.{digits}f}{unit}".replace("-", "−")


def _pct_points(lang: str, percent: float | None) -> str:
    """A return already in percent (e.g. −13.9) in the reader's format."""
    return fmt_pct(lang, None if percent is None else percent / 100)


def _basis(lang: str, basis: str) -> str:
    return t(lang, "basis_word_" + basis)


def _truncated(lang: str, result) -> list[str]:
    """The window asked for reaches back before the pair's common data."""
    if not getattr(result, "truncated", False):
        return []
    return [t(lang, "gap_truncated", start=fmt_date(lang, result.start_date),
              window=esc(result.window.label))]


def _footer(lang: str, start, end, days: int, basis: str, freshness: Freshness) -> list[str]:
    lines = ["", t(lang, "footer_window", start=fmt_date(lang, start), end=fmt_date(lang, end),
                   days=days, basis=_basis(lang, basis))]
    lines.extend(render_freshness(lang, freshness, basis))
    return lines


def _fit_row(lang: str, fit: YieldFit | None, label_key: str) -> str | None:
    if fit is None:
        return None
    return t(lang, "rates_fit_row", label=t(lang, label_key),
             corr=_signed(fit.correlation, 2), beta=_signed(fit.beta_pp_per_10bp, 2),
             days=fit.days)


def render_rates(lang: str, result: RatesSensitivity, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    lines = [
        t(lang, "rates_title", small=small, large=large, window=esc(result.window.label)),
        *_truncated(lang, result),
        t(lang, "rates_yield", start=f"{result.yield_start_pct:.2f}",
          end=f"{result.yield_end_pct:.2f}", change=_signed(result.yield_change_bp, 0)),
        t(lang, "rates_fit_header", small=small, large=large),
    ]
    for fit, key in ((result.fit, "rates_label_window"), (result.fit_3m, "rates_label_3m"),
                     (result.fit_1y, "rates_label_1y")):
        row = _fit_row(lang, fit, key)
        if row:
            lines.append("  " + row)
    spells = result.spells
    lines.append(t(lang, "rates_spells", threshold=f"{spells.threshold_bp:.0f}",
                   rising=fmt_pp(lang, spells.rising_median_gap_pp), rising_n=spells.rising_days,
                   falling=fmt_pp(lang, spells.falling_median_gap_pp),
                   falling_n=spells.falling_days))
    if result.curve is not None:
        curve = result.curve
        lines.append(t(lang, "rates_curve", spread=_signed(curve.spread_bp, 0),
                       as_of=fmt_date(lang, curve.as_of),
                       inverted=t(lang, "rates_inverted") if curve.inverted else ""))
    beta, corr = result.fit.beta_pp_per_10bp, result.fit.correlation
    if corr is None or abs(corr) < MEANINGFUL_CORRELATION or beta is None:
        lines.append(t(lang, "rates_reading_none"))
    else:
        key = "rates_reading_negative" if beta < 0 else "rates_reading_positive"
        lines.append(t(lang, key, small=small, large=large))
    lines.extend(_footer(lang, result.start_date, result.end_date, result.trading_days,
                         result.basis, freshness))
    return "\n".join(lines)


def _drawdown_lines(lang: str, side: SideDrawdown) -> list[str]:
    label = esc(side.label)
    if side.current_pct >= 0:
        lines = [t(lang, "drawdown_side_at_peak", label=label,
                   peak=fmt_date(lang, side.peak_date))]
    else:
        lines = [t(lang, "drawdown_side", label=label, current=_pct_points(lang, side.current_pct),
                   peak=fmt_date(lang, side.peak_date), days=side.days_since_peak)]
    deepest = side.deepest
    if deepest is None:
        lines.append(t(lang, "drawdown_none"))
        return lines
    if deepest.recovery_date is not None:
        recovery = t(lang, "drawdown_recovered", date=fmt_date(lang, deepest.recovery_date),
                     days=deepest.underwater_days)
    else:
        recovery = t(lang, "drawdown_not_recovered", days=deepest.underwater_days)
    lines.append(t(lang, "drawdown_deepest", depth=_pct_points(lang, deepest.depth_pct),
                   peak=fmt_date(lang, deepest.peak_date),
                   trough=fmt_date(lang, deepest.trough_date), recovery=recovery))
    return lines


def render_drawdown(lang: str, result: Drawdowns, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    lines = [t(lang, "drawdown_title", small=small, large=large,
               window=esc(result.window.label)), *_truncated(lang, result)]
    for side in (result.small, result.large, result.ratio):
        lines.extend(_drawdown_lines(lang, side))
    lines.append(t(lang, "drawdown_ratio_note", small=small, large=large))
    lines.extend(_footer(lang, result.start_date, result.end_date, result.trading_days,
                         result.basis, freshness))
    return "\n".join(lines)


def event_name(lang: str, event: Event) -> str:
    return event.name_ko if lang == "ko" else event.name_en


def _event_side(lang: str, side: EventSide) -> str:
    if side.regained_days == 0:
        regained = t(lang, "event_never_below")
    elif side.regained_days is not None:
        regained = t(lang, "event_regained", days=side.regained_days,
                     date=fmt_date(lang, side.regained_date))
    else:
        regained = t(lang, "event_not_regained", days=side.days_elapsed)
    return t(lang, "event_side", ticker=esc(side.ticker), ret=_pct_points(lang, side.return_pct),
             low=_pct_points(lang, side.low_pct), low_date=fmt_date(lang, side.low_date),
             regained=regained)


def render_event(lang: str, result: EventWindow, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    if result.event is not None:
        title = t(lang, "event_title", name=esc(event_name(lang, result.event)), small=small,
                  large=large)
    else:
        title = t(lang, "event_title_date", date=fmt_date(lang, result.requested_start),
                  small=small, large=large)
    lines = [
        title,
        t(lang, "event_window", start=fmt_date(lang, result.start_date),
          end=fmt_date(lang, result.end_date), days=result.days),
        _event_side(lang, result.small),
        _event_side(lang, result.large),
        t(lang, "event_gap", gap=fmt_pp(lang, result.gap_pp), basis=_basis(lang, result.basis)),
    ]
    if result.event is not None and lang == "en":
        lines.append(t(lang, "event_note", note=esc(result.event.note)))
    lines.extend(_footer(lang, result.start_date, result.end_date, result.days, result.basis,
                         freshness))
    return "\n".join(lines)


def render_event_list(lang: str) -> str:
    lines = [t(lang, "event_list_title")]
    for event in sorted(EVENTS, key=lambda e: e.day, reverse=True):
        lines.append(f"<code>{esc(event.key)}</code> · {fmt_date(lang, event.day)} · "
                     f"{esc(event_name(lang, event))}")
    return "\n".join(lines)


def render_odds(lang: str, result: RollingOdds, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    share = f"{result.beat_pct:.1f}%"
    lines = [
        t(lang, "odds_title", years=result.years, small=small, large=large),
        t(lang, "odds_share", small=small, large=large, share=share, n=result.windows,
          years=result.years, first=fmt_date(lang, result.first_date),
          last=fmt_date(lang, result.last_date)),
        t(lang, "odds_spread", years=result.years, median=fmt_pp(lang, result.median_gap_pp),
          p10=fmt_pp(lang, result.p10_gap_pp), p90=fmt_pp(lang, result.p90_gap_pp)),
        t(lang, "odds_best", gap=fmt_pp(lang, result.best.gap_pp),
          start=fmt_date(lang, result.best.start_date), end=fmt_date(lang, result.best.end_date),
          worst_gap=fmt_pp(lang, result.worst.gap_pp),
          worst_start=fmt_date(lang, result.worst.start_date),
          worst_end=fmt_date(lang, result.worst.end_date)),
        t(lang, "odds_latest", start=fmt_date(lang, result.latest.start_date),
          end=fmt_date(lang, result.latest.end_date), gap=fmt_pp(lang, result.latest.gap_pp),
          rank=result.latest_rank, n=result.windows,
          pct="—" if result.latest_percentile is None else f"{result.latest_percentile:.1f}%"),
    ]
    lines.extend(["", t(lang, "footer_history", start=fmt_date(lang, result.first_date),
                        end=fmt_date(lang, result.last_date), years=result.years,
                        basis=_basis(lang, result.basis))])
    lines.extend(render_freshness(lang, freshness, result.basis))
    return "\n".join(lines)


def render_mix(lang: str, result: MixPortfolio, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    pct = f"{result.small_pct:g}"
    rest = f"{100 - result.small_pct:g}"
    table = [[t(lang, "mix_col_portfolio"), t(lang, "mix_col_cagr"), t(lang, "mix_col_vol"),
              t(lang, "mix_col_mdd"), t(lang, "mix_col_worst")]]
    for stats, label in ((result.mix, f"{pct}% {result.small_ticker}"),
                         (result.large_only, f"100% {result.large_ticker}")):
        table.append([
            label, f"{stats.cagr_pct:.2f}%",
            "—" if stats.volatility_pct is None else f"{stats.volatility_pct:.1f}%",
            f"{stats.max_drawdown_pct:.1f}%",
            f"{stats.worst_year}{'*' if stats.worst_year_partial else ''} "
            f"{stats.worst_year_pct:+.1f}%",
        ])
    table = [[cell.replace("-", "−") if i else cell for i, cell in enumerate(row)]
             for row in table]
    vol_change = (None if result.mix.volatility_pct is None
                  or result.large_only.volatility_pct is None
                  else result.mix.volatility_pct - result.large_only.volatility_pct)
    lines = [
        t(lang, "mix_title", pct=pct, small=small, rest=rest, large=large,
          window=esc(result.window.label)),
        *_truncated(lang, result),
        t(lang, "mix_header", n=len(result.rebalance_dates)),
        _table(table),
        *([t(lang, "mix_partial_year")] if result.mix.worst_year_partial else []),
        t(lang, "mix_corr", small=small, large=large, corr=_signed(result.correlation, 2)),
        t(lang, "mix_reading", pct=pct, small=small,
          cagr=fmt_pp(lang, result.mix.cagr_pct - result.large_only.cagr_pct),
          vol=fmt_pp(lang, vol_change)),
    ]
    lines.extend(_footer(lang, result.start_date, result.end_date, result.trading_days,
                         result.basis, freshness))
    return "\n".join(lines)
