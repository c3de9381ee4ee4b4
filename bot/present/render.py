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
from analytics.market.data import Freshness
from analytics.performance import RelativePerformance
from analytics.windows import Window
from bot.present.i18n import (
    asked_window,
    fmt_date,
    fmt_pct,
    fmt_pp,
    fmt_signed,
    fmt_span,
    fmt_time,
    imported_file,
    sector_name,
    sources_label,
    t,
    window_name,
)
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
    from analytics.market import data as md

    known = (md.ERROR_RATE_LIMITED, md.ERROR_UNAVAILABLE, md.ERROR_UNKNOWN_TICKER,
             md.ERROR_NO_NEW_DATA)
    # Rows written by older versions hold raw exception text: never shown verbatim.
    return t(lang, "yahoo_" + (code if code in known else md.ERROR_UNAVAILABLE))


def covered_window(lang: str, window: Window, start: date, end: date, truncated: bool) -> str:
    """What a title may claim: the window's name when the data covers it, else the dates
    the data does cover and how much of the asked window that is."""
    if not truncated and not window.ends_short(end):
        return esc(window_name(lang, window))
    if window.preset is None and window.end is None:  # "since 1990-01-01"
        return t(lang, "window_covered_since", start=fmt_date(lang, start),
                 end=fmt_date(lang, end), asked=fmt_date(lang, window.start))
    return t(lang, "window_covered", start=fmt_date(lang, start), end=fmt_date(lang, end),
             covered=fmt_span(lang, start, end), asked=esc(window_name(lang, window)))


def render_freshness(lang: str, freshness: Freshness, basis: str | None = None, *,
                     open_ended: bool = True) -> list[str]:
    """Source, as-of close and staleness; `basis` adds how returns were computed.
    Staleness is said only of a window that runs to now (`open_ended`): a window that
    closed long before the data ends is not stale for being old."""
    sources = esc(sources_label(lang, freshness.sources) or "cache")
    line = t(lang, "source_line", sources=sources)
    if basis in ("total", "price"):
        line += " " + t(lang, "source_note_" + basis)
    lines = [line]
    if freshness.last_close is not None:
        imported = bool(freshness.sources) and all(imported_file(s) for s in freshness.sources)
        key = ("asof_line_unknown" if not freshness.fetched_at
               else "asof_line_imported" if imported else "asof_line")
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


def chart_stale_note(lang: str, freshness: Freshness, open_ended: bool = True) -> str | None:
    """The short stale warning a chart carries, on the same rule as the text's."""
    if not (open_ended and freshness.stale and freshness.last_close is not None):
        return None
    days = freshness.age_days if freshness.age_days is not None else "?"
    return t(lang, "chart_stale", last=fmt_date(lang, freshness.last_close), days=days)


def _gap_table(lang: str, result: RelativePerformance) -> str:
    """Price and total return of both sides over the one span; a basis no side has over
    it is left out (its own span, if any, is stated below the table)."""
    small, large = result.small, result.large

    def ret(basis):
        return fmt_pct(lang, basis.ret if basis else None)

    columns = []
    if small.price or large.price:
        columns.append((t(lang, "col_price"), ret(small.price), ret(large.price),
                        fmt_pp(lang, result.price_gap_pp)))
    if small.total or large.total or (small.is_index or large.is_index) and not columns:
        columns.append((t(lang, "col_total"), ret(small.total), ret(large.total),
                        fmt_pp(lang, result.total_gap_pp)))
    rows = [[""], [small.ticker], [large.ticker], [t(lang, "row_gap")]]
    for column in columns:
        for row, cell in zip(rows, column, strict=True):
            row.append(cell)
    return _table(rows)


def _side_notes(lang: str, result: RelativePerformance, frames_have: dict) -> list[str]:
    """Why a cell is empty, said of the side it is true of."""
    notes = []
    measured_apart = result.other.basis if result.other else None
    span = {"start": fmt_date(lang, result.start_date), "end": fmt_date(lang, result.end_date)}

    def partner_has(side, basis: str) -> bool:
        # A side's missing days matter only when its partner could have given a gap.
        partner = result.large if side is result.small else result.small
        return frames_have.get((partner.ticker, basis), True)
    for side in (result.small, result.large):
        ticker = esc(side.ticker)
        if side.is_index:
            notes.append(t(lang, "note_index_no_total", ticker=ticker))
        elif side.total is None and measured_apart != "total" and (
                partner_has(side, "total") or not frames_have.get((side.ticker, "total"))):
            key = "note_no_adjusted_days" if frames_have.get((side.ticker, "total")) \
                else "note_no_adjusted"
            notes.append(t(lang, key, ticker=ticker, **span))
        if side.price is None and measured_apart != "price" and (
                partner_has(side, "price") or not frames_have.get((side.ticker, "price"))):
            key = "note_no_close_days" if frames_have.get((side.ticker, "price")) \
                else "note_no_close"
            notes.append(t(lang, key, ticker=ticker, **span))
    return notes


def _other_span_line(lang: str, result: RelativePerformance) -> str | None:
    other = result.other
    if other is None or other.small is None or other.large is None:
        return None
    return t(lang, "gap_other_span", basis_name=t(lang, "basis_name_" + other.basis),
             start=fmt_date(lang, other.start_date), end=fmt_date(lang, other.end_date),
             days=f"{other.trading_days:,}", small=esc(result.small.ticker),
             large=esc(result.large.ticker), small_ret=fmt_pct(lang, other.small.ret),
             large_ret=fmt_pct(lang, other.large.ret), gap=fmt_pp(lang, other.gap_pp))


def render_gap(lang: str, result: RelativePerformance, freshness: Freshness,
               frames_have: dict | None = None) -> str:
    """The /gap answer: one span for every figure of the table, titled with what the data
    covers; the headline gap in the result's basis. `frames_have` says which side has
    closes of a basis at all ((ticker, 'total'|'price') -> bool), so an empty cell is
    explained truly."""
    small, large = result.small, result.large
    window = result.window
    covered = covered_window(lang, window, result.start_date, result.end_date, result.truncated)
    lines = [
        t(lang, "gap_title", small=esc(small.ticker), large=esc(large.ticker), window=covered),
        t(lang, "gap_period", start=fmt_date(lang, result.start_date),
          end=fmt_date(lang, result.end_date), days=f"{result.trading_days:,}"),
    ]
    if result.truncated:
        lines.append(t(lang, "gap_truncated", start=fmt_date(lang, result.start_date),
                       window=esc(asked_window(lang, window))))
    if window.ends_short(result.end_date):
        lines.append(t(lang, "gap_ends_short", end=fmt_date(lang, result.end_date),
                       asked=fmt_date(lang, window.end)))
    lines.append(_gap_table(lang, result))

    total = result.basis == "total" and result.total_gap_pp is not None
    gap = result.total_gap_pp if total else result.price_gap_pp
    basis = "total" if total else "price"
    if gap is not None:
        if result.truncated or window.ends_short(result.end_date):
            lines.append(t(lang, "gap_verdict_partial", days=f"{result.trading_days:,}",
                           asked=esc(asked_window(lang, window))))
        rounded = round(gap, 1)
        key = ("gap_verdict_even" if rounded == 0 else
               "gap_verdict_lag" if gap < 0 else "gap_verdict_lead")
        lines.append(t(lang, key, small=esc(small.ticker), large=esc(large.ticker),
                       gap=fmt_pp(lang, abs(gap)).lstrip("+"), basis=t(lang, "basis_" + basis)))
        ratio_small, ratio_large = (small.total, large.total) if total else (
            small.price, large.price)
        lines.append(
            t(lang, "ratio_line", small=esc(small.ticker), large=esc(large.ticker),
              start=f"{ratio_small.start_value / ratio_large.start_value:.4f}",
              end=f"{ratio_small.end_value / ratio_large.end_value:.4f}",
              change=fmt_pct(lang, result.total_ratio_change if total
                             else result.price_ratio_change),
              basis=t(lang, "basis_" + basis))
        )
    other = _other_span_line(lang, result)
    if other:
        lines.append(other)
    lines.extend(_side_notes(lang, result, frames_have or {}))
    lines.append("")
    lines.extend(render_freshness(lang, freshness, basis, open_ended=window.end is None))
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
            fmt_signed(row.over_under * 100),
        ])
    lines = [
        t(lang, "sec_title", small=esc(small.ticker), large=esc(large.ticker)),
        _table(table),
        t(lang, "sec_asof", small=esc(small.ticker), large=esc(large.ticker),
          small_as_of=fmt_date(lang, small.as_of), large_as_of=fmt_date(lang, large.as_of),
          source=esc(", ".join(dict.fromkeys((small.source, large.source))))),
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
                  last=fmt_date(lang, s.last_date), rows=f"{s.rows:,}",
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


def refusal_text(lang: str, exc: Exception) -> str:
    """The short localized reply to bad input (a UsageError: its message, then the
    command's usage) or to a question the data cannot answer (an AnalyticsError)."""
    if hasattr(exc, "key"):  # bot.parsing.UsageError
        values = {k: esc(v) for k, v in exc.values.items()}
        text = t(lang, exc.key, **values)
        return f"{text}\n{t(lang, exc.usage)}" if exc.usage else text
    values = {k: esc(v) for k, v in exc.details.items() if k != "offline"}
    key = "err_" + exc.code
    if exc.code == "no_data" and exc.details.get("offline"):
        key = "err_no_data_offline"
    return t(lang, key, **values)
