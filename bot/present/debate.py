"""The debate answers (/rates /drawdown /event /odds /mix) as HTML in the reader's
language. Every answer ends with its window, basis, trading-day count, source and
as-of close (`render.render_freshness`)."""

from __future__ import annotations

from datetime import date

from analytics.drawdown import Drawdowns, SideDrawdown
from analytics.events import EVENTS, Event, EventSide, EventWindow
from analytics.market.data import Freshness
from analytics.mix import MixPortfolio, PortfolioStats
from analytics.odds import RollingOdds
from analytics.rates import RatesSensitivity, YieldFit, YieldSpells
from analytics.series import MIN_OBSERVATIONS, Correlation, WindowedResult
from bot.present.i18n import asked_window, fmt_count, fmt_date, fmt_pct, fmt_pp, fmt_signed, t
from bot.present.render import _table, covered_window, esc, render_freshness


def _signed(value: float | None, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "—"
    return fmt_signed(value, digits) + unit


def _pct_points(lang: str, percent: float | None) -> str:
    """A return already in percent (e.g. −13.9) in the reader's format."""
    return fmt_pct(lang, None if percent is None else percent / 100)


def _basis(lang: str, basis: str) -> str:
    return t(lang, "basis_word_" + basis)


def _title_window(lang: str, result: WindowedResult) -> str:
    """The window a title may claim: its name when the data covers it, else the dates
    it does cover (`render.covered_window`)."""
    return covered_window(lang, result.window, result.start_date, result.end_date,
                          result.truncated)


def _truncated(lang: str, result: WindowedResult) -> list[str]:
    """The window asked for reaches back before the pair's common data."""
    if not result.truncated:
        return []
    return [t(lang, "gap_truncated", start=fmt_date(lang, result.start_date),
              window=esc(asked_window(lang, result.window)))]


def _footer(lang: str, start, end, days: int, basis: str, freshness: Freshness, *,
            open_ended: bool = True) -> list[str]:
    lines = ["", t(lang, "footer_window", start=fmt_date(lang, start), end=fmt_date(lang, end),
                   days=f"{days:,}", basis=_basis(lang, basis))]
    lines.extend(render_freshness(lang, freshness, basis, open_ended=open_ended))
    return lines


def _window_footer(lang: str, result: WindowedResult, freshness: Freshness) -> list[str]:
    # A window that closed before the data ends answers a question about then: newer
    # closes missing from the cache do not make it stale.
    return _footer(lang, result.start_date, result.end_date, result.trading_days,
                   result.basis, freshness, open_ended=not result.closed)


def _interval(correlation: Correlation) -> dict[str, str]:
    return {"corr": _signed(correlation.value, 2), "low": _signed(correlation.low, 2),
            "high": _signed(correlation.high, 2), "days": str(correlation.observations)}


def _fit_row(lang: str, fit: YieldFit | None, label_key: str) -> str | None:
    if fit is None:
        return None
    span = {"label": t(lang, label_key), "start": fmt_date(lang, fit.start_date),
            "end": fmt_date(lang, fit.end_date), "days": fit.days}
    if fit.correlation is None:
        return t(lang, "rates_fit_too_few", min=MIN_OBSERVATIONS, **span)
    return t(lang, "rates_fit_row", **{**_interval(fit.correlation), **span},
             beta=_signed(fit.beta_pp_per_10bp, 2))


def _spells_line(lang: str, spells: YieldSpells, small: str, large: str) -> str:
    def spell(days: int, median: float | None) -> str:
        if not days:
            return t(lang, "rates_spell_none")
        return t(lang, "rates_spell_median", median=fmt_pp(lang, median), days=days)

    return t(lang, "rates_spells", threshold=f"{spells.threshold_bp:.0f}", small=small,
             large=large,
             rising=spell(spells.rising_days, spells.rising_median_gap_pp),
             falling=spell(spells.falling_days, spells.falling_median_gap_pp))


def _rates_reading(lang: str, fit: YieldFit, small: str, large: str) -> str:
    """A conclusion only from enough days, and only when the correlation's 95% interval
    leaves out zero."""
    relation = fit.relation
    if relation is None:
        return t(lang, "rates_reading_too_few", days=fit.days, min=MIN_OBSERVATIONS)
    values = {**_interval(fit.correlation), "small": small, "large": large}
    return t(lang, "rates_reading_" + {"unclear": "none"}.get(relation, relation), **values)


def render_rates(lang: str, result: RatesSensitivity, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    lines = [
        t(lang, "rates_title", small=small, large=large, window=_title_window(lang, result)),
        *_truncated(lang, result),
    ]
    if result.end_date < result.pair_last_date and (
        result.window.end is None or result.window.end > result.end_date
    ):
        lines.append(t(lang, "rates_yield_ends", end=fmt_date(lang, result.end_date),
                       small=small, large=large,
                       pair_last=fmt_date(lang, result.pair_last_date)))
    lines += [
        t(lang, "rates_yield", start=f"{result.yield_start_pct:.2f}",
          end=f"{result.yield_end_pct:.2f}", change=_signed(result.yield_change_bp, 0)),
        t(lang, "rates_fit_header", small=small, large=large),
    ]
    for fit, key in ((result.fit, "rates_label_window"), (result.fit_3m, "rates_label_3m"),
                     (result.fit_1y, "rates_label_1y")):
        row = _fit_row(lang, fit, key)
        if row:
            lines.append("  " + row)
    lines.append(_spells_line(lang, result.spells, small, large))
    if result.curve is not None:
        curve = result.curve
        lines.append(t(lang, "rates_curve", spread=_signed(curve.spread_bp, 0),
                       as_of=fmt_date(lang, curve.as_of),
                       inverted=t(lang, "rates_inverted") if curve.inverted else ""))
    lines.append(_rates_reading(lang, result.fit, small, large))
    lines.extend(_window_footer(lang, result, freshness))
    return "\n".join(lines)


def _drawdown_lines(lang: str, side: SideDrawdown, end: date | None) -> list[str]:
    """One side's drawdown; `end` is the window's last close when the window closed
    before the data ends, so nothing is said of "now" or "not yet"."""
    label = esc(side.label)
    closed = "_closed" if end is not None else ""
    end_text = fmt_date(lang, end) if end is not None else ""
    if side.current_pct >= 0:
        lines = [t(lang, "drawdown_side_at_peak" + closed, label=label, end=end_text,
                   peak=fmt_date(lang, side.peak_date))]
    else:
        lines = [t(lang, "drawdown_side" + closed, label=label, end=end_text,
                   current=_pct_points(lang, side.current_pct),
                   peak=fmt_date(lang, side.peak_date), days=f"{side.days_since_peak:,}")]
    deepest = side.deepest
    if deepest is None:
        lines.append(t(lang, "drawdown_none"))
        return lines
    if deepest.recovery_date is not None:
        recovery = t(lang, "drawdown_recovered", date=fmt_date(lang, deepest.recovery_date),
                     days=f"{deepest.underwater_days:,}")
    else:
        recovery = t(lang, "drawdown_not_recovered" + closed,
                     days=f"{deepest.underwater_days:,}")
    lines.append(t(lang, "drawdown_deepest", depth=_pct_points(lang, deepest.depth_pct),
                   peak=fmt_date(lang, deepest.peak_date),
                   trough=fmt_date(lang, deepest.trough_date), recovery=recovery))
    return lines


def render_drawdown(lang: str, result: Drawdowns, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    lines = [t(lang, "drawdown_title", small=small, large=large,
               window=_title_window(lang, result)), *_truncated(lang, result)]
    end = result.end_date if result.closed else None
    for side in (result.small, result.large, result.ratio):
        lines.extend(_drawdown_lines(lang, side, end))
    lines.append(t(lang, "drawdown_ratio_note", small=small, large=large))
    lines.extend(_window_footer(lang, result, freshness))
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


def _event_title(lang: str, result: EventWindow) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    if result.event is not None:
        return t(lang, "event_title", name=esc(event_name(lang, result.event)), small=small,
                 large=large)
    # A date with no close (a weekend, a holiday) starts at the close before it: the
    # title names the close used, and says why.
    key = ("event_title_date" if result.start_date == result.requested_start
           else "event_title_date_before")
    return t(lang, key, date=fmt_date(lang, result.start_date),
             asked=fmt_date(lang, result.requested_start), small=small, large=large)


def event_open_ended(result: EventWindow) -> bool:
    """Whether an event answer speaks of now: "not back yet" is a claim about now, which
    stale data can make wrong; a window that closed and regained long before the data
    ends is history."""
    return result.end_date >= result.last_date or any(
        side.regained_days is None for side in (result.small, result.large))


def render_event(lang: str, result: EventWindow, freshness: Freshness) -> str:
    lines = [
        _event_title(lang, result),
        t(lang, "event_window", start=fmt_date(lang, result.start_date),
          end=fmt_date(lang, result.end_date), days=result.days),
        _event_side(lang, result.small),
        _event_side(lang, result.large),
        t(lang, "event_gap", gap=fmt_pp(lang, result.gap_pp), basis=_basis(lang, result.basis)),
    ]
    if result.event is not None:
        note = result.event.note_ko if lang == "ko" else result.event.note
        lines.append(t(lang, "event_note", note=esc(note)))
    lines.extend(_footer(lang, result.start_date, result.end_date, result.days, result.basis,
                         freshness, open_ended=event_open_ended(result)))
    return "\n".join(lines)


def render_event_list(lang: str) -> str:
    lines = [t(lang, "event_list_title")]
    for event in sorted(EVENTS, key=lambda e: e.day, reverse=True):
        lines.append(f"<code>{esc(event.key)}</code> · {fmt_date(lang, event.day)} · "
                     f"{esc(event_name(lang, event))}")
    return "\n".join(lines)


def _odds_latest(lang: str, result: RollingOdds) -> str:
    latest = result.latest
    values = {"start": fmt_date(lang, latest.start_date), "end": fmt_date(lang, latest.end_date),
              "gap": fmt_pp(lang, latest.gap_pp), "n": f"{result.windows:,}"}
    if result.latest_percentile is None:
        return t(lang, "odds_latest_only", **values)
    if result.latest_rank == 1:
        return t(lang, "odds_latest_best", **values)
    # A rank is said from the nearer end, as a share of the other windows: the top 7.9%
    # (상위 7.9%), the bottom 17.6% (하위 17.6%).
    top = result.latest_top_pct <= 50
    share = result.latest_top_pct if top else result.latest_bottom_pct
    return t(lang, "odds_latest" if top else "odds_latest_lower", **values,
             rank=f"{result.latest_rank:,}", others=f"{result.windows - 1:,}",
             share=f"{share:.1f}%")


def render_odds(lang: str, result: RollingOdds, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    span = fmt_count(lang, result.years, "y")
    lines = [
        t(lang, "odds_title", years=result.years, small=small, large=large),
        t(lang, "odds_share", small=small, large=large, share=f"{result.beat_pct:.1f}%",
          n=f"{result.windows:,}", years=result.years, first=fmt_date(lang, result.first_date),
          last=fmt_date(lang, result.last_date)),
        t(lang, "odds_spread", span=span, median=fmt_pp(lang, result.median_gap_pp),
          p10=fmt_pp(lang, result.p10_gap_pp), p90=fmt_pp(lang, result.p90_gap_pp)),
        t(lang, "odds_best", gap=fmt_pp(lang, result.best.gap_pp),
          start=fmt_date(lang, result.best.start_date), end=fmt_date(lang, result.best.end_date),
          worst_gap=fmt_pp(lang, result.worst.gap_pp),
          worst_start=fmt_date(lang, result.worst.start_date),
          worst_end=fmt_date(lang, result.worst.end_date)),
        _odds_latest(lang, result),
    ]
    lines.extend(["", t(lang, "footer_history", start=fmt_date(lang, result.first_date),
                        end=fmt_date(lang, result.last_date), years=result.years, span=span,
                        basis=_basis(lang, result.basis))])
    lines.extend(render_freshness(lang, freshness, result.basis))
    return "\n".join(lines)


def _growth_cell(stats: PortfolioStats) -> str:
    """CAGR over a year or more, else the cumulative return (`mix_not_annualised`)."""
    value = stats.cagr_pct if stats.cagr_pct is not None else stats.return_pct
    return f"{value:.2f}%"


def _mix_header(lang: str, rebalances: int) -> str:
    key = {0: "mix_header_never", 1: "mix_header_once"}.get(rebalances, "mix_header")
    return t(lang, key, n=rebalances)


def _mix_correlation(lang: str, result: MixPortfolio, small: str, large: str) -> str:
    if result.correlation is None:
        return t(lang, "mix_corr_too_few", days=result.trading_days, min=MIN_OBSERVATIONS)
    return t(lang, "mix_corr", small=small, large=large, **_interval(result.correlation))


def _mix_reading(lang: str, result: MixPortfolio, small: str, large: str, pct: str) -> str:
    if result.small_pct == 0:
        return t(lang, "mix_reading_none", small=small, large=large)
    mix, alone = result.mix, result.large_only
    annualised = mix.cagr_pct is not None and alone.cagr_pct is not None
    growth = (mix.cagr_pct - alone.cagr_pct if annualised
              else mix.return_pct - alone.return_pct)
    vol = (None if mix.volatility_pct is None or alone.volatility_pct is None
           else mix.volatility_pct - alone.volatility_pct)
    return t(lang, "mix_reading" if annualised else "mix_reading_return", pct=pct,
             small=small, large=large, cagr=fmt_pp(lang, growth), vol=fmt_pp(lang, vol))


def render_mix(lang: str, result: MixPortfolio, freshness: Freshness) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    pct = f"{result.small_pct:g}"
    rest = f"{100 - result.small_pct:g}"
    annualised = result.mix.cagr_pct is not None
    table = [[t(lang, "mix_col_portfolio"),
              t(lang, "mix_col_cagr" if annualised else "mix_col_return"),
              t(lang, "mix_col_vol"), t(lang, "mix_col_mdd"), t(lang, "mix_col_worst")]]
    for stats, ticker, weight in ((result.mix, result.small_ticker, pct),
                                  (result.large_only, result.large_ticker, "100")):
        # As the title writes it: "20% VTWO" in English, "VTWO 20%" in Korean.
        label = f"{ticker} {weight}%" if lang == "ko" else f"{weight}% {ticker}"
        table.append([
            label, _growth_cell(stats),
            "—" if stats.volatility_pct is None else f"{stats.volatility_pct:.1f}%",
            f"{stats.max_drawdown_pct:.1f}%",
            f"{stats.worst_year}{'*' if stats.worst_year_partial else ''} "
            f"{fmt_signed(stats.worst_year_pct)}%",
        ])
    table = [[cell.replace("-", "−") if i else cell for i, cell in enumerate(row)]
             for row in table]
    lines = [
        t(lang, "mix_title", pct=pct, small=small, rest=rest, large=large,
          window=_title_window(lang, result)),
        *_truncated(lang, result),
        _mix_header(lang, len(result.rebalance_dates)),
        _table(table),
        *([] if annualised else [t(lang, "mix_not_annualised")]),
        *([t(lang, "mix_partial_year")] if result.mix.worst_year_partial else []),
        _mix_correlation(lang, result, small, large),
        _mix_reading(lang, result, small, large, pct),
    ]
    lines.extend(_window_footer(lang, result, freshness))
    return "\n".join(lines)


def render_events(lang: str) -> str:
    """/events: each named event with the close /event starts from and why that close."""
    lines = [t(lang, "events_title")]
    for event in sorted(EVENTS, key=lambda e: e.day, reverse=True):
        note = event.note_ko if lang == "ko" and event.note_ko else event.note
        lines.append(f"<code>{esc(event.key)}</code> · {fmt_date(lang, event.day)} · "
                     f"{esc(event_name(lang, event))}\n    {esc(note)}")
    lines.append(t(lang, "events_usage"))
    return "\n".join(lines)
