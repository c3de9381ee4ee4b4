"""Analytics results to HTML replies in the reader's language.

Every dynamic value passes through `esc` before it meets a template, because
Telegram rejects (and users would see) a bare `<` or `&`.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from html.parser import HTMLParser

from analytics.funds import SectorRow
from analytics.market_data import Freshness
from analytics.performance import RelativePerformance
from analytics.valuation import ValuationSpread
from analytics.windows import Window
from bot.i18n import fmt_date, fmt_pct, fmt_pp, fmt_span, fmt_time, sector_name, t, window_name
from storage.db import FundSnapshot, TickerStatus


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """What a reader sees of an HTML message: tags dropped, entities decoded."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def paginate(lines: Sequence[str], max_chars: int) -> list[str]:
    """Whole lines grouped into messages of at most `max_chars` visible characters."""
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        length = len(html_to_text(line)) + 1
        if pages[-1] and size + length > max_chars:
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += length
    return ["\n".join(page) for page in pages]


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def display_width(text: str) -> int:
    """Columns a monospace font gives the text: Hangul and other wide glyphs take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(cell: str, width: int, left: bool) -> str:
    padding = " " * (width - display_width(cell))
    return cell + padding if left else padding + cell


def _table(rows: Sequence[Sequence[str]]) -> str:
    """Fixed-width columns in <pre>, so figures line up on a phone, in Korean too."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(_pad(cell, w, left=i == 0) for i, (cell, w) in
                  enumerate(zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]
    return "<pre>" + esc("\n".join(lines)) + "</pre>"


def yahoo_error_text(lang: str, code: str) -> str:
    """A stored refresh error as a short sentence in the reader's language."""
    from analytics import market_data as md

    known = (md.ERROR_RATE_LIMITED, md.ERROR_UNAVAILABLE, md.ERROR_UNKNOWN_TICKER,
             md.ERROR_NO_NEW_DATA)
    # Rows written by older versions hold raw exception text: never shown verbatim.
    return t(lang, "yahoo_" + (code if code in known else md.ERROR_UNAVAILABLE))


def covered_window(lang: str, window: Window, start: date, end: date, truncated: bool) -> str:
    """What a title may claim: the window's name when the data covers it, else the dates
    the data does cover and how much of the asked window that is."""
    if not truncated and not window.ends_short(end):
        return esc(window_name(lang, window))
    return t(lang, "window_covered", start=fmt_date(lang, start), end=fmt_date(lang, end),
             covered=fmt_span(lang, start, end), asked=esc(window_name(lang, window)))


def render_freshness(lang: str, freshness: Freshness, basis: str | None = None, *,
                     open_ended: bool = True) -> list[str]:
    """Source, as-of close and staleness; `basis` adds how returns were computed.
    Staleness is said only of a window that runs to now (`open_ended`): a window that
    closed long before the data ends is not stale for being old."""
    sources = esc(", ".join(freshness.sources) or "cache")
    line = t(lang, "source_line", sources=sources)
    if basis in ("total", "price"):
        line += " " + t(lang, "source_note_" + basis)
    lines = [line]
    if freshness.last_close is not None:
        key = "asof_line" if freshness.fetched_at else "asof_line_unknown"
        lines.append(
            t(lang, key, close=fmt_date(lang, freshness.last_close),
              fetched=esc(fmt_time(lang, freshness.fetched_at)))
        )
    if freshness.stale and (open_ended or freshness.last_close is None):
        if freshness.last_close is None:
            lines.append(t(lang, "stale_line_empty",
                           expected=fmt_date(lang, freshness.expected_close)))
        else:
            lines.append(t(lang, "stale_line", last=fmt_date(lang, freshness.last_close),
                           days=freshness.age_days if freshness.age_days is not None else "?",
                           expected=fmt_date(lang, freshness.expected_close)))
        if freshness.last_error:
            lines.append(t(lang, "stale_error",
                           error=yahoo_error_text(lang, freshness.last_error)))
    return lines


def render_gap(lang: str, result: RelativePerformance, freshness: Freshness,
               basis: str = "total") -> str:
    """The /gap answer; `basis` picks the headline's basis (total return when both
    sides have it, unless the reader chose price)."""
    small, large = result.small, result.large
    window = result.window.label
    lines = [
        t(lang, "gap_title", small=esc(small.ticker), large=esc(large.ticker), window=esc(window)),
        t(lang, "gap_period", start=fmt_date(lang, result.start_date),
          end=fmt_date(lang, result.end_date),
          days=(result.end_date - result.start_date).days),
    ]
    if result.truncated:
        lines.append(t(lang, "gap_truncated", start=fmt_date(lang, result.start_date),
                       window=esc(window)))
    if result.price_span and result.total_span and result.price_span != result.total_span:
        start, end = result.price_span
        lines.append(t(lang, "gap_price_span", start=fmt_date(lang, start),
                       end=fmt_date(lang, end)))

    def ret(basis):
        return fmt_pct(lang, basis.ret if basis else None)

    table = [
        ["", t(lang, "col_price"), t(lang, "col_total")],
        [small.ticker, ret(small.price), ret(small.total)],
        [large.ticker, ret(large.price), ret(large.total)],
        [t(lang, "row_gap"), fmt_pp(lang, result.price_gap_pp), fmt_pp(lang, result.total_gap_pp)],
    ]
    lines.append(_table(table))

    # The headline uses total return where both sides have it: it is what an investor got.
    if result.total_gap_pp is not None and basis == "total":
        gap, basis, ratio_change = result.total_gap_pp, "basis_total", result.total_ratio_change
        ratio_small, ratio_large = small.total, large.total
    else:
        gap, basis, ratio_change = result.price_gap_pp, "basis_price", result.price_ratio_change
        ratio_small, ratio_large = small.price, large.price
    if gap is not None:
        key = "gap_verdict_lag" if gap < 0 else "gap_verdict_lead"
        lines.append(t(lang, key, small=esc(small.ticker), large=esc(large.ticker),
                       gap=fmt_pp(lang, abs(gap)).lstrip("+"), basis=t(lang, basis)))
        lines.append(
            t(lang, "ratio_line", small=esc(small.ticker), large=esc(large.ticker),
              start=f"{ratio_small.start_value / ratio_large.start_value:.4f}",
              end=f"{ratio_small.end_value / ratio_large.end_value:.4f}",
              change=fmt_pct(lang, ratio_change), basis=t(lang, basis))
        )
    for side in (small, large):
        if side.is_index:
            lines.append(t(lang, "note_index_no_total", ticker=esc(side.ticker)))
        elif side.total is None:
            lines.append(t(lang, "note_no_adjusted", ticker=esc(side.ticker)))
        if side.price is None:
            lines.append(t(lang, "note_no_close", ticker=esc(side.ticker)))
    lines.append("")
    lines.extend(render_freshness(lang, freshness, "total" if basis == "basis_total"
                                  else "price"))
    return "\n".join(lines)


def render_valuation(lang: str, result: ValuationSpread, sources: Sequence[str]) -> str:
    small, large = esc(result.small_ticker), esc(result.large_ticker)
    lines = [
        t(lang, "val_title", small=small, large=large),
        t(lang, "val_pe_line", ticker=small, pe=f"{result.small_pe:.1f}",
          as_of=fmt_date(lang, result.small_as_of)),
        t(lang, "val_pe_line", ticker=large, pe=f"{result.large_pe:.1f}",
          as_of=fmt_date(lang, result.large_as_of)),
        t(lang, "val_spread", spread=f"{result.spread_turns:+.1f}".replace("-", "−")),
        t(lang, "val_discount", discount=fmt_pct(lang, result.discount), small=small,
          large=large),
        "<i>" + t(lang, "val_discount_note") + "</i>",
    ]
    history = result.history
    if history is None:
        lines.append(t(lang, "val_history_short"))
    else:
        lines.append(
            t(lang, "val_history", days=history.days, since=fmt_date(lang, history.since),
              low=fmt_pct(lang, history.low), high=fmt_pct(lang, history.high),
              pct=f"{history.percentile:.0f}")
        )
    lines.append(t(lang, "val_source", source=esc(", ".join(sources) or "cache")))
    return "\n".join(lines)


def render_sectors(
    lang: str, rows: list[SectorRow], small: FundSnapshot, large: FundSnapshot
) -> str:
    def pct(x: float) -> str:
        return f"{x * 100:.1f}"

    table = [[t(lang, "sec_header"), small.ticker, large.ticker, t(lang, "sec_diff")]]
    for row in rows:
        table.append([
            sector_name(lang, row.sector), pct(row.small_weight), pct(row.large_weight),
            f"{row.over_under * 100:+.1f}".replace("-", "−"),
        ])
    lines = [
        t(lang, "sec_title", small=esc(small.ticker), large=esc(large.ticker)),
        _table(table),
        t(lang, "sec_asof", small=esc(small.ticker), large=esc(large.ticker),
          small_as_of=fmt_date(lang, small.as_of), large_as_of=fmt_date(lang, large.as_of),
          source=esc(small.source)),
    ]
    return "\n".join(lines)


def render_top(lang: str, snapshot: FundSnapshot, limit: int = 10) -> str:
    holdings = snapshot.top_holdings[:limit]
    table = [[symbol or "—", (name or "")[:22], f"{weight * 100:.2f}%"]
             for symbol, name, weight in holdings]
    total = sum(weight for _, _, weight in holdings)
    lines = [
        t(lang, "top_title", ticker=esc(snapshot.ticker)),
        _table(table) if table else "",
        t(lang, "top_sum", n=len(holdings), total=f"{total * 100:.1f}%"),
        t(lang, "top_asof", as_of=fmt_date(lang, snapshot.as_of), source=esc(snapshot.source)),
    ]
    return "\n".join(line for line in lines if line)


def render_status(
    lang: str,
    statuses: list[TickerStatus],
    *,
    last_refresh: datetime | None,
    expected_close,
    offline: bool,
    backoff_until: datetime | None,
) -> str:
    lines = [t(lang, "status_title")]
    for s in statuses:
        if s.last_date is None:
            lines.append(t(lang, "status_row_empty", ticker=esc(s.ticker)))
        else:
            lines.append(
                t(lang, "status_row", ticker=esc(s.ticker), first=fmt_date(lang, s.first_date),
                  last=fmt_date(lang, s.last_date), rows=s.rows,
                  refreshed=esc(fmt_time(lang, s.last_refresh_at)))
            )
        if s.last_error:
            lines.append(t(lang, "status_error", at=esc(fmt_time(lang, s.last_error_at)),
                           error=yahoo_error_text(lang, s.last_error)))
    lines.append(t(lang, "status_expected", expected=fmt_date(lang, expected_close)))
    lines.append(t(lang, "status_last_refresh", at=esc(fmt_time(lang, last_refresh))))
    if offline:
        lines.append(t(lang, "status_offline"))
    if backoff_until is not None:
        lines.append(t(lang, "status_backoff", until=esc(fmt_time(lang, backoff_until))))
    return "\n".join(lines)
