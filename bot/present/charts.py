"""PNG charts rendered in memory, headless, for phones.

Figures are built with matplotlib's object API (no pyplot, no global rcParams), so
rendering is thread-safe and leaks nothing. Korean labels use NanumGothic, loaded
from its file, so Hangul never turns into empty boxes.

Every chart has the same frame (`_layout`): the title (and a subtitle) at the top, the
legend in a row beneath them, outside the axes so it never covers data, and at the
bottom the footer naming the whole source (wrapped, never cut) and, when the caller
passes one, a stale-data note in a warning colour. Each `*_figure` function builds the
figure (tests read its artists back); each `*_chart` function renders it to PNG bytes.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Sequence
from datetime import date
from functools import cache
from importlib import resources

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.textpath import text_to_path  # noqa: E402
from matplotlib.ticker import (  # noqa: E402
    FixedLocator,
    Formatter,
    FuncFormatter,
    LogLocator,
    NullFormatter,
)

from analytics.drawdown import Drawdowns  # noqa: E402
from analytics.events import EventSide, EventWindow  # noqa: E402
from analytics.funds import SectorRow  # noqa: E402
from analytics.mix import MixPortfolio  # noqa: E402
from analytics.odds import RollingOdds  # noqa: E402
from analytics.performance import RelativePerformance  # noqa: E402
from analytics.rates import ROLLING_BETA_DAYS, RatesSensitivity  # noqa: E402
from analytics.series import WindowedResult  # noqa: E402
from analytics.valuation import ValuationSpread  # noqa: E402
from analytics.windows import Window  # noqa: E402
from bot.present.korean import particle_formatter  # noqa: E402
from bot.present.render import covered_window  # noqa: E402

log = logging.getLogger(__name__)

CHART_SIZE_PX = (1280, 960)
DPI = 160
PX_PER_PT = DPI / 72
SMALL_COLOUR = "#E66100"  # orange / purple: distinguishable with colour-blindness
LARGE_COLOUR = "#5D3A9B"
RATIO_COLOUR = "#1A1A1A"
YIELD_COLOUR = "#0072B2"  # Okabe-Ito blue: set against the black ratio line
ZERO_COLOUR = "#888888"
FAINT_COLOUR = "#555555"
GRID_COLOUR = "#DDDDDD"
TEXT_COLOUR = "#111111"
WARNING_COLOUR = "#B3261E"  # dark red: not the orange of the small side
REBALANCE_COLOUR = "#444444"
# From this many years on, growth is drawn on a log axis: over decades a linear axis
# flattens the early years (36 years of ^RUT: everything before 2010 near the zero
# line), while on a log axis the same percentage move has the same height anywhere.
LOG_SCALE_YEARS = 10.0

CHART_LABELS = {
    "en": {
        "gap_title": "{small} vs {large} · {window} · {basis}",
        "cumulative": "Cumulative return",
        "cumulative_log": "Cumulative return (log scale)",
        "ratio": "{small}/{large} ratio",
        "ratio_span": "{small}/{large} ratio: {start} → {end}",
        "basis_total": "total return",
        "basis_price": "price return",
        "sectors_title": "Sector weights: {small} vs {large}",
        "weight": "Weight (%)",
        "valuation_title": "P/E discount of {small} vs {large}",
        "discount": "Discount (1 - small P/E ÷ large P/E)",
        "now": "now {value}",
        "percentile": "percentile {pct:.0f} of {n:,} days",
        "percentile_months": "percentile {pct:.0f} of {n:,} months",
        "under_a_year": "under a year of history",
        "trailing_pe": "Trailing P/E",
        "footer": "As of {as_of}",
        "footer_source": "Source: {source} · as of {as_of}",
        "footer_source_only": "Source: {source}",
        "stale": "Stale: data ends {last}, {days} days ago",
        "month_format": "%b %Y",
        "day_format": "%b %-d",
        "date_format": "%b %-d, %Y",
        "rates_title": "{pair} and the 10-year yield · {window} · {basis}",
        "yield_axis": "10-year yield (%)",
        "beta_axis": "Beta: pp per +10 bp ({days} days)",
        "beta_short": "The rolling beta needs {days} trading days",
        "drawdown_title": "Drawdowns: {small} vs {large} · {window} · {basis}",
        "underwater": "Below the running peak (%)",
        "deepest": "{ticker}: deepest {value}, {day}",
        "event_title": "{small} vs {large} after {event} · {days} trading days · {basis}",
        "event_axis": "Change since the pre-event close (%)",
        "event_days": "Trading days after the pre-event close",
        "event_side": "{ticker} {value} (low {low}, {day})",
        "event_endpoints": "First and last close only: the daily path is not available",
        "gap_pp": "gap {value} pp",
        "odds_title": "{small} beat {large} in {pct:.1f}% of {n:,} windows",
        "odds_detail": "Gap of each {years}-year window by its end date · closes {first} → "
                       "{last} · {basis}",
        "odds_axis": "{years}-year gap (pp)",
        "ahead": "{ticker} ahead",
        "latest": "latest window {value} pp",
        "mix_title": "{mix} vs 100% {large} · {window} · {basis}",
        "growth": "Growth of 100",
        "growth_log": "Growth of 100 (log scale)",
        "rebalance": "Yearly rebalance",
    },
    "ko": {
        "gap_title": "{small} 대 {large} · {window} · {basis}",
        "cumulative": "누적 수익률",
        "cumulative_log": "누적 수익률 (로그 눈금)",
        "ratio": "{small}/{large} 비율",
        "ratio_span": "{small}/{large} 비율: {start} → {end}",
        "basis_total": "총수익률",
        "basis_price": "가격 수익률",
        "sectors_title": "섹터 비중: {small} 대 {large}",
        "weight": "비중 (%)",
        "valuation_title": "{large} 대비 {small}의 P/E 할인율",
        "discount": "할인율 (1 - 소형 P/E ÷ 대형 P/E)",
        "now": "현재 {value}",
        "percentile": "{n:,}일 중 백분위 {pct:.0f}",
        "percentile_months": "{n:,}개월 중 백분위 {pct:.0f}",
        "under_a_year": "이력 1년 미만",
        "trailing_pe": "후행 P/E",
        "footer": "{as_of} 기준",
        "footer_source": "출처: {source} · {as_of} 기준",
        "footer_source_only": "출처: {source}",
        "stale": "데이터가 {last}에서 끝남({days}일 전)",
        "month_format": "%Y년 %-m월",
        "day_format": "%-m월 %-d일",
        "date_format": "%Y년 %-m월 %-d일",
        "rates_title": "미국 10년물 국채 금리와 {pair} · {window} · {basis}",
        "yield_axis": "미국 10년물 국채 금리 (%)",
        "beta_axis": "베타: +10bp당 %p ({days}일)",
        "beta_short": "이동 베타를 구하려면 {days}거래일이 필요합니다",
        "drawdown_title": "낙폭: {small} 대 {large} · {window} · {basis}",
        "underwater": "고점 대비 낙폭 (%)",
        "deepest": "{ticker}: 최대 낙폭 {value}, {day}",
        "event_title": "{event} 이후 {small} 대 {large} · {days}거래일 · {basis}",
        "event_axis": "이벤트 전 종가 대비 변화 (%)",
        "event_days": "이벤트 전 종가 이후 거래일",
        "event_side": "{ticker} {value} (최저 {low}, {day})",
        "event_endpoints": "시작·끝 종가만 표시(일별 추이 없음)",
        "gap_pp": "격차 {value}%p",
        "odds_title": "{small:이} {large:을} 앞선 구간: {n:,}개 중 {pct:.1f}%",
        "odds_detail": "{years}년 구간별 격차 (구간이 끝난 날 기준) · 종가 {first} → {last}"
                       " · {basis}",
        "odds_axis": "{years}년 격차 (%p)",
        "ahead": "{ticker} 우위",
        "latest": "최근 구간 {value}%p",
        "mix_title": "{mix} 대 100% {large} · {window} · {basis}",
        "growth": "100 투자 시 평가액",
        "growth_log": "100 투자 시 평가액 (로그 눈금)",
        "rebalance": "연말 리밸런싱",
    },
}


def _label(lang: str, key: str, **values) -> str:
    """A chart label in `lang`; `{name:이}` picks the Korean particle that fits."""
    return particle_formatter.format(CHART_LABELS[lang][key], **values)


def stale_note(lang: str, last_close: date, days: int) -> str:
    """The short note a caller may pass as `stale_note`: "Stale: data ends 2025-10-31,
    390 days ago" / "오래된 데이터: 2025-10-31까지, 390일 전"."""
    return _label(lang, "stale", last=last_close.isoformat(), days=days)


# -- fonts ------------------------------------------------------------------------------------


@cache
def hangul_font_path(bold: bool = False) -> str | None:
    """NanumGothic (Bold) from the koreanize-matplotlib package, or None (then a warning)."""
    name = "NanumGothicBold.ttf" if bold else "NanumGothic.ttf"
    try:
        path = resources.files("koreanize_matplotlib") / "fonts" / name
        if path.is_file():
            return str(path)
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        pass
    log.warning("%s not found: Korean chart labels may not render", name)
    return None


@cache
def _font(size: float, bold: bool = False) -> font_manager.FontProperties:
    path = hangul_font_path(bold)
    if path:
        return font_manager.FontProperties(fname=path, size=size)
    return font_manager.FontProperties(size=size, weight="bold" if bold else "normal")


@cache
def _tick_family() -> str | None:
    """Register NanumGothic once so tick labels can name it as a family (cheap) instead
    of being restyled one by one."""
    regular, bold = hangul_font_path(), hangul_font_path(True)
    if regular is None:
        return None
    for path in (regular, bold):
        if path:
            font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=regular).get_name()


def _style_ticks(ax) -> None:
    family = _tick_family()
    if family:
        ax.tick_params(colors=TEXT_COLOUR, labelsize=11, labelfontfamily=family)
    else:
        ax.tick_params(colors=TEXT_COLOUR, labelsize=11)


def _drawable(text: str) -> str:
    """Text as NanumGothic can draw it: it has no U+2212 minus and no ⚠ sign (the
    warning colour says it instead)."""
    return " ".join(text.replace("−", "-").replace("⚠", " ").split())


def _width_px(text: str, prop: font_manager.FontProperties) -> float:
    """Drawn width from the font's glyph advances, no renderer needed."""
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return width * PX_PER_PT


def _wrap(pieces: Sequence[str], prop, width_px: float) -> list[str]:
    """Pieces joined greedily into lines no wider than `width_px`."""
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and _width_px((line + piece).strip(), prop) > width_px:
            lines.append(line.strip())
            line = piece
        else:
            line += piece
    lines.append(line.strip())
    return lines


PHRASE_BREAKS = r"(?<=, )|(?<= · )"  # after a list comma or a ` · ` separator
TITLE_BREAKS = PHRASE_BREAKS + r"|(?= \()"  # and before a parenthesis: "(2.9 years of …)"


def _wrap_text(text: str, prop, width_px: float, breaks: str = PHRASE_BREAKS) -> list[str]:
    """Lines no wider than `width_px`, broken at `breaks` where possible, else between
    words, and only inside a word (a very long file name) when it is wider than a line:
    then it goes on over the next line, whole, never cut short with `…`."""
    pieces: list[str] = []
    for phrase in re.split(breaks, text):
        if _width_px(phrase.strip(), prop) <= width_px:
            pieces.append(phrase)
            continue
        for word in re.split(r"(?<= )", phrase):
            while _width_px(word.strip(), prop) > width_px:
                cut = next(i for i in range(len(word) - 1, 0, -1)
                           if _width_px(word[:i], prop) <= width_px)
                pieces.append(word[:cut])
                word = word[cut:]
            pieces.append(word)
    return _wrap(pieces, prop, width_px)


# -- the frame: title, legend, footer -----------------------------------------------------


def _figure(rows: int = 1, height_ratios=None) -> tuple[Figure, list]:
    figure = Figure(figsize=(CHART_SIZE_PX[0] / DPI, CHART_SIZE_PX[1] / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, 1, sharex=rows > 1,
                           gridspec_kw={"height_ratios": height_ratios} if height_ratios else None)
    axes = list(axes) if rows > 1 else [axes]
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(True, color=GRID_COLOUR, linewidth=0.8)
        ax.set_axisbelow(True)
        _style_ticks(ax)
    return figure, axes


def _source_words(lang: str, source: str | None) -> str | None:
    """The source on one line, in the reader's words (`CSV 가져오기` in Korean)."""
    if not source:
        return None
    text = " ".join(source.split())  # a newline would break the layout
    return text.replace("CSV import", "CSV 가져오기") if lang == "ko" else text


def footer_text(lang: str, as_of: date | None, source: str | None) -> str | None:
    """"Source: … · as of …" in the reader's language, the whole source: a chart that
    hides where its data came from cannot be checked. `footer_lines` wraps it."""
    labels = CHART_LABELS[lang]
    day = as_of.isoformat() if as_of is not None else None
    source = _source_words(lang, source)
    if not source:
        return labels["footer"].format(as_of=day) if day else None
    key = "footer_source" if day else "footer_source_only"
    return labels[key].format(source=source, as_of=day)


FOOTER_SIZE = 9.5
STALE_SIZE = 11.0
FOOTER_WIDTH_PX = CHART_SIZE_PX[0] * 0.97


def footer_lines(lang: str, as_of: date | None, source: str | None,
                 width_px: float = FOOTER_WIDTH_PX) -> list[str]:
    """The footer on as many lines as it needs, every source whole (see `_wrap_text`)."""
    text = footer_text(lang, as_of, source)
    return _wrap_text(text, _font(FOOTER_SIZE), width_px) if text else []


def _title_lines(text: str, width_px: float) -> tuple[list[str], float]:
    """The title on one line at 18 to 15 pt, else wrapped at its ` · ` breaks at 16 pt."""
    for size in (18.0, 17.0, 16.0, 15.0):
        if _width_px(text, _font(size, True)) <= width_px:
            return [text], size
    return _wrap_text(text, _font(16.0, True), width_px, TITLE_BREAKS), 16.0


LEGEND_HANDLE_EM, LEGEND_PAD_EM, LEGEND_SPACING_EM = 1.8, 0.8, 1.4


def _legend_columns(handles: Sequence, width_px: float) -> int:
    """The most columns (one row if it fits) whose entries fit across `width_px`,
    measured from the labels' glyphs (matplotlib fills a legend column by column)."""
    em = 12 * PX_PER_PT
    entries = [(LEGEND_HANDLE_EM + LEGEND_PAD_EM) * em + _width_px(h.get_label(), _font(12))
               for h in handles]
    for ncol in range(len(entries), 1, -1):
        rows = -(-len(entries) // ncol)
        columns = [entries[i:i + rows] for i in range(0, len(entries), rows)]
        if sum(map(max, columns)) + LEGEND_SPACING_EM * em * (len(columns) - 1) <= width_px:
            return ncol
    return 1


def _layout(figure: Figure, lang: str, *, title: str, subtitle: str | None = None,
            handles: Sequence = (), as_of: date | None = None, source: str | None = None,
            stale_note: str | None = None, left: float = 0.11, right: float = 0.97,
            bottom_px: float = 46.0, hspace: float | None = None) -> None:
    """Title, subtitle and legend stacked from the top, footer and stale note from the
    bottom, each measured, and the axes fitted in between. `bottom_px` is the room the
    x tick labels (and an x label) need above the footer."""
    width, height = CHART_SIZE_PX
    renderer = figure.canvas.get_renderer()
    text_width = (0.985 - left) * width
    y = 14.0  # px from the top

    def place(text: str, prop, colour: str, gap: float) -> None:
        nonlocal y
        artist = figure.text(left, 1 - y / height, text, ha="left", va="top",
                             fontproperties=prop, color=colour, linespacing=1.15)
        y += artist.get_window_extent(renderer).height + gap

    lines, size = _title_lines(_drawable(title), text_width)
    place("\n".join(lines), _font(size, True), TEXT_COLOUR, 6)
    if subtitle:
        prop = _font(12)
        place("\n".join(_wrap_text(_drawable(subtitle), prop, text_width)), prop,
              FAINT_COLOUR, 6)
    if handles:
        y += 2
        legend = figure.legend(handles=list(handles), loc="upper left",
                               bbox_to_anchor=(left, 1 - y / height),
                               ncol=_legend_columns(handles, text_width), prop=_font(12),
                               frameon=False, borderpad=0, borderaxespad=0,
                               handlelength=LEGEND_HANDLE_EM, handletextpad=LEGEND_PAD_EM,
                               columnspacing=LEGEND_SPACING_EM)
        y += legend.get_window_extent(renderer).height + 4
    y += 10

    bottom = 8.0
    for line in reversed(footer_lines(lang, as_of, source)):
        figure.text(0.99, bottom / height, line, ha="right", va="bottom",
                    fontproperties=_font(FOOTER_SIZE), color=FAINT_COLOUR)
        bottom += FOOTER_SIZE * 1.3 * PX_PER_PT
    if stale_note:
        prop = _font(STALE_SIZE, True)
        for line in reversed(_wrap_text(_drawable(stale_note), prop, FOOTER_WIDTH_PX)):
            figure.text(0.99, bottom / height, line, ha="right", va="bottom",
                        fontproperties=prop, color=WARNING_COLOUR)
            bottom += STALE_SIZE * 1.3 * PX_PER_PT
    figure.subplots_adjust(left=left, right=right, top=1 - y / height,
                           bottom=(bottom + bottom_px) / height, hspace=hspace)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # Fast zlib level: encoding at the default level was a third of the render time.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


# -- axes helpers ---------------------------------------------------------------------------


def _date_pattern(first, last, lang: str) -> str:
    labels = CHART_LABELS[lang]
    span_days = (pd.Timestamp(last) - pd.Timestamp(first)).days
    return labels["month_format"] if span_days > 120 else labels["day_format"]


def _date_axis(ax, first, last, lang: str) -> None:
    """Months over long spans, days over short ones, written the reader's way."""
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(_date_pattern(first, last, lang)))


def _day(day: date, lang: str) -> str:
    return day.strftime(CHART_LABELS[lang]["date_format"])


def _pct(value: float, _pos=None) -> str:
    # ASCII '-': NanumGothic has no U+2212 minus glyph.
    return f"{value:+,.0f}%"


def _signed(value: float, digits: int = 1) -> str:
    """+1.5 / -1.5 / 0, with ASCII '-' (matplotlib's own tick labels use U+2212)."""
    text = f"{value:+.{digits}f}"
    return "0" if float(text) == 0 else text


def _level_pct(value: float, _pos=None) -> str:
    return f"{round(value) + 0:.0f}%"  # + 0 turns -0 into 0


def _zero_line(ax, level: float = 0.0) -> None:
    ax.axhline(level, color=ZERO_COLOUR, linewidth=0.9, zorder=1)


def _is_long(first, last) -> bool:
    return (pd.Timestamp(last) - pd.Timestamp(first)).days / 365.25 >= LOG_SCALE_YEARS


def _log_axis(ax, label) -> None:
    """A log y axis of growth factors, ticked at 1-2-5 steps, labelled by `label`."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(label))
    ax.yaxis.set_minor_formatter(NullFormatter())


class _Decimals(Formatter):
    """Tick labels with as many decimals as the tick step needs (4.25, 4.50, not 4.2,
    4.5), an ASCII '-' and optionally a sign."""

    def __init__(self, signed: bool = False) -> None:
        self.signed = signed
        self.digits = 2

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        ordered = sorted(locs)
        steps = [b - a for a, b in zip(ordered, ordered[1:], strict=False) if b > a]
        step = min(steps) if steps else 1.0
        self.digits = next(
            (d for d in range(6) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 6)

    def __call__(self, value: float, pos=None) -> str:
        if self.signed:
            return _signed(value, self.digits)
        return f"{round(value, self.digits) + 0.0:.{self.digits}f}"


def _basis_label(lang: str, basis: str) -> str:
    return CHART_LABELS[lang]["basis_total" if basis == "total" else "basis_price"]


def _window_label(lang: str, window: Window, start: date, end: date, truncated: bool) -> str:
    """The window's name when the data covers it, else the dates it does cover."""
    return html.unescape(covered_window(lang, window, start, end, truncated))


def _result_window(lang: str, result: WindowedResult) -> str:
    return _window_label(lang, result.window, result.start_date, result.end_date,
                         result.truncated)


def _end_labels(ax, x, ends: list[tuple[float, str, str]]) -> None:
    """Labels right of the last point (where no data is drawn), pushed apart so two close
    ends never print over each other, with nothing behind them to cut the lines.
    Call once the layout is final: the spacing is measured on screen."""
    ax.set_ylim(*ax.get_ylim())  # freeze the autoscaled limits the spacing is measured on
    spacing = 12 * 1.35 * PX_PER_PT

    def screen_y(value: float) -> float:
        return ax.transData.transform((0, value))[1]

    placed: list[float] = []
    for value, text, colour in sorted(ends, key=lambda end: -end[0]):
        y = screen_y(value)
        if placed and placed[-1] - y < spacing:
            y = placed[-1] - spacing
        placed.append(y)
        ax.annotate(text, (x, value), xytext=(8, (y - screen_y(value)) / PX_PER_PT),
                    textcoords="offset points", va="center", ha="left", color=colour,
                    fontproperties=_font(12, True), annotation_clip=False)


# -- /gap -------------------------------------------------------------------------------------


def gap_figure(result: RelativePerformance, small: pd.DataFrame, large: pd.DataFrame,
               lang: str, basis: str = "total", *, source: str | None = None,
               stale_note: str | None = None) -> Figure:
    """Both sides' cumulative return (on a log axis from LOG_SCALE_YEARS on), and beneath
    it the SMALL/LARGE ratio (a ratio, not a difference of percents, which would change
    with the start date)."""
    labels = CHART_LABELS[lang]
    use_total = basis == "total" and result.small.total and result.large.total
    basis = "total" if use_total else "price"
    column = "adj_close" if use_total else "close"
    first, last = result.span(basis)
    joined = pd.concat([small[column], large[column]], axis=1, keys=["s", "l"], sort=True)
    joined = joined.loc[pd.Timestamp(first):pd.Timestamp(last)].dropna()
    s_ticker, l_ticker = result.small.ticker, result.large.ticker
    figure, (top, bottom) = _figure(2, height_ratios=[3, 2])
    growth_s, growth_l = joined["s"] / joined["s"].iloc[0], joined["l"] / joined["l"].iloc[0]
    long = _is_long(joined.index[0], joined.index[-1])
    # On a log axis the curves are growth factors (1 = the start); ticks still read in %.
    curve_s, curve_l = (growth_s, growth_l) if long else ((growth_s - 1) * 100,
                                                          (growth_l - 1) * 100)
    (line_s,) = top.plot(joined.index, curve_s, color=SMALL_COLOUR, linewidth=2.4,
                         label=s_ticker)
    (line_l,) = top.plot(joined.index, curve_l, color=LARGE_COLOUR, linewidth=2.4,
                         label=l_ticker)
    if long:
        _log_axis(top, lambda v, _p: _pct((v - 1) * 100))
        _zero_line(top, 1.0)
    else:
        top.yaxis.set_major_formatter(FuncFormatter(_pct))
        _zero_line(top)
    top.set_ylabel(labels["cumulative_log" if long else "cumulative"], fontproperties=_font(12))

    ratio = joined["s"] / joined["l"]
    bottom.plot(joined.index, ratio, color=RATIO_COLOUR, linewidth=2)
    bottom.scatter([ratio.index[0], ratio.index[-1]], [ratio.iloc[0], ratio.iloc[-1]],
                   color=RATIO_COLOUR, s=30, zorder=3)
    # The ratio's two ends in the gap between the panels, where no data is drawn.
    bottom.set_title(_label(lang, "ratio_span", small=s_ticker, large=l_ticker,
                            start=f"{ratio.iloc[0]:.4f}", end=f"{ratio.iloc[-1]:.4f}"),
                     loc="left", fontproperties=_font(12, True), color=RATIO_COLOUR, pad=6)
    bottom.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.3f}"))
    bottom.set_ylabel(labels["ratio"].format(small=s_ticker, large=l_ticker),
                      fontproperties=_font(12))
    _date_axis(bottom, joined.index[0], joined.index[-1], lang)

    window = _window_label(lang, result.window, first, last, result.truncated)
    title = _label(lang, "gap_title", small=s_ticker, large=l_ticker, window=window,
                   basis=_basis_label(lang, basis))
    _layout(figure, lang, title=title, handles=[line_s, line_l], as_of=result.end_date,
            source=source, stale_note=stale_note, left=0.12, right=0.86, hspace=0.22)
    _end_labels(top, joined.index[-1],
                [(curve_s.iloc[-1], f"{(growth_s.iloc[-1] - 1) * 100:+.1f}%", SMALL_COLOUR),
                 (curve_l.iloc[-1], f"{(growth_l.iloc[-1] - 1) * 100:+.1f}%", LARGE_COLOUR)])
    return figure


def gap_chart(result: RelativePerformance, small: pd.DataFrame, large: pd.DataFrame,
              lang: str, basis: str = "total", *, source: str | None = None,
              stale_note: str | None = None) -> bytes:
    """The /gap chart as PNG bytes (see `gap_figure`)."""
    return _png(gap_figure(result, small, large, lang, basis, source=source,
                           stale_note=stale_note))


# -- /sectors and /valuation --------------------------------------------------------------


def sectors_figure(rows: list[SectorRow], small_ticker: str, large_ticker: str,
                   lang: str, *, source: str | None = None,
                   stale_note: str | None = None) -> Figure:
    """Side-by-side horizontal bars per sector, small-cap overweights on top."""
    from bot.present.i18n import sector_name

    labels = CHART_LABELS[lang]
    figure, (ax,) = _figure(1)
    names = [sector_name(lang, r.sector) for r in rows][::-1]
    positions = range(len(rows))
    height = 0.38
    small = [r.small_weight * 100 for r in rows][::-1]
    large = [r.large_weight * 100 for r in rows][::-1]
    bars_s = ax.barh([p + height / 2 for p in positions], small, height, color=SMALL_COLOUR,
                     label=small_ticker)
    bars_l = ax.barh([p - height / 2 for p in positions], large, height, color=LARGE_COLOUR,
                     label=large_ticker)
    limit = max(small + large + [1])
    for position, row in zip(positions, rows[::-1], strict=True):
        diff = row.over_under * 100
        colour = SMALL_COLOUR if diff > 0.05 else LARGE_COLOUR if diff < -0.05 else "#666666"
        ax.text(limit * 1.22, position, f"{diff:+.1f}", va="center", ha="right",
                fontproperties=_font(12, True), color=colour)
    ax.set_xlim(0, limit * 1.24)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}"))
    ax.set_yticks(list(positions))
    ax.set_yticklabels(names)
    ax.set_xlabel(labels["weight"], fontproperties=_font(12))
    _layout(figure, lang, title=labels["sectors_title"].format(small=small_ticker,
                                                               large=large_ticker),
            handles=[bars_s, bars_l], source=source, stale_note=stale_note, left=0.27,
            bottom_px=74)
    return figure


def sectors_chart(rows: list[SectorRow], small_ticker: str, large_ticker: str,
                  lang: str, *, source: str | None = None,
                  stale_note: str | None = None) -> bytes:
    """The /sectors chart as PNG bytes (see `sectors_figure`)."""
    return _png(sectors_figure(rows, small_ticker, large_ticker, lang, source=source,
                               stale_note=stale_note))


def valuation_figure(result: ValuationSpread, lang: str, *, source: str | None = None,
                     stale_note: str | None = None) -> Figure:
    """The discount over the span both sides' histories share, today's value marked and
    placed in the subtitle; below it each side's P/E over the same span."""
    labels = CHART_LABELS[lang]
    common = result.common
    points = common.points if common else []
    figure, (top, bottom) = _figure(2, height_ratios=[3, 2])
    days = [pd.Timestamp(p.day) for p in points]
    if len(points) > 1:
        top.plot(days, [p.discount * 100 for p in points], color=RATIO_COLOUR, linewidth=2.2)
        # an index standing in for a fund is named beside it: "SPY (^GSPC)"
        names = [side if series.ticker == side else f"{side} ({series.ticker})"
                 for side, series in ((result.small_ticker, common.small),
                                      (result.large_ticker, common.large))]
        (line_s,) = bottom.plot(days, [p.small_pe for p in points], color=SMALL_COLOUR,
                                linewidth=2.0, label=names[0])
        (line_l,) = bottom.plot(days, [p.large_pe for p in points], color=LARGE_COLOUR,
                                linewidth=2.0, label=names[1])
        handles = [line_s, line_l]
    else:
        handles = []
    today = pd.Timestamp(max(result.small_as_of, result.large_as_of))
    top.scatter([today], [result.discount * 100], color=RATIO_COLOUR, s=60, zorder=3)
    note = labels["now"].format(value=f"{result.discount * 100:.1f}%")
    placement = common.placement if common else None
    if placement is not None:
        key = "percentile_months" if placement.monthly else "percentile"
        note += " · " + labels[key].format(pct=placement.percentile, n=placement.count)
        if placement.short:
            note += " · " + labels["under_a_year"]
    top.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    top.set_ylabel(labels["discount"], fontproperties=_font(12))
    bottom.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}×"))
    bottom.set_ylabel(labels["trailing_pe"], fontproperties=_font(12))
    first = days[0] if days else today
    _date_axis(bottom, first, max(today, days[-1] if days else today), lang)
    _layout(figure, lang, title=labels["valuation_title"].format(
                small=result.small_ticker, large=result.large_ticker),
            subtitle=note, handles=handles, as_of=today.date(), source=source,
            stale_note=stale_note, left=0.12)
    return figure


def valuation_chart(result: ValuationSpread, lang: str, *, source: str | None = None,
                    stale_note: str | None = None) -> bytes:
    """The /valuation chart as PNG bytes (see `valuation_figure`)."""
    return _png(valuation_figure(result, lang, source=source, stale_note=stale_note))


# -- /rates -----------------------------------------------------------------------------------


def rates_figure(result: RatesSensitivity, lang: str, *, source: str | None = None,
                 stale_note: str | None = None) -> Figure:
    """The SMALL/LARGE ratio against the 10-year yield (right axis), and beneath it the
    rolling beta of the pair's relative return on the yield's daily change."""
    labels = CHART_LABELS[lang]
    s_ticker, l_ticker = result.small_ticker, result.large_ticker
    figure, (top, bottom) = _figure(2, height_ratios=[3, 2])
    days = result.ratio.index
    ratio_label = labels["ratio"].format(small=s_ticker, large=l_ticker)
    (ratio_line,) = top.plot(days, result.ratio.to_numpy(), color=RATIO_COLOUR, linewidth=2.2,
                             label=ratio_label)
    top.yaxis.set_major_formatter(_Decimals())
    top.set_ylabel(ratio_label, fontproperties=_font(12))

    right = top.twinx()
    _style_ticks(right)
    right.spines["top"].set_visible(False)
    right.spines["right"].set_color(YIELD_COLOUR)
    right.tick_params(axis="y", colors=YIELD_COLOUR)
    (yield_line,) = right.plot(days, result.yield_pct.to_numpy(), color=YIELD_COLOUR,
                               linewidth=1.8, label=labels["yield_axis"])
    right.yaxis.set_major_formatter(_Decimals())
    right.set_ylabel(labels["yield_axis"], fontproperties=_font(12), color=YIELD_COLOUR)

    beta = result.rolling_beta.to_numpy(dtype=float)
    _zero_line(bottom)
    if pd.notna(beta).any():  # NaN until the first full 63-day look-back: a gap, not a zero
        bottom.plot(days, beta, color=RATIO_COLOUR, linewidth=1.8)
    else:
        bottom.set_ylim(-1, 1)
        bottom.text(0.5, 0.5, labels["beta_short"].format(days=ROLLING_BETA_DAYS),
                    transform=bottom.transAxes, ha="center", va="center",
                    fontproperties=_font(12), color=FAINT_COLOUR)
    bottom.yaxis.set_major_formatter(_Decimals(signed=True))
    bottom.set_ylabel(labels["beta_axis"].format(days=ROLLING_BETA_DAYS),
                      fontproperties=_font(11))
    _date_axis(bottom, days[0], days[-1], lang)
    title = _label(lang, "rates_title", pair=f"{s_ticker}/{l_ticker}",
                   window=_result_window(lang, result), basis=_basis_label(lang, result.basis))
    _layout(figure, lang, title=title, handles=[ratio_line, yield_line], as_of=result.end_date,
            source=source, stale_note=stale_note, left=0.12, right=0.87, hspace=0.12)
    return figure


def rates_chart(result: RatesSensitivity, lang: str, *, source: str | None = None,
                stale_note: str | None = None) -> bytes:
    """The /rates chart as PNG bytes (see `rates_figure`)."""
    return _png(rates_figure(result, lang, source=source, stale_note=stale_note))


# -- /drawdown --------------------------------------------------------------------------------


def drawdown_figure(result: Drawdowns, lang: str, *, source: str | None = None,
                    stale_note: str | None = None) -> Figure:
    """How far each side and the ratio stood below their running peaks. Each one's
    deepest point is a dot on its line, and its depth and date are in its legend entry:
    two troughs on one day (2009-03-09 for both indices) then never share a label."""
    labels = CHART_LABELS[lang]
    figure, (ax,) = _figure(1)
    # Dots of different sizes, the smallest on top: troughs a few days apart at the same
    # depth (VTWO and VTWO/SPY in April 2025) show as rings, not one hiding the other.
    sides = ((result.small, SMALL_COLOUR, "-", 2.2, 7.0), (result.large, LARGE_COLOUR, "-", 2.2,
                                                            10.0),
             (result.ratio, RATIO_COLOUR, "--", 1.6, 13.0))
    handles = []
    for side, colour, style, width, dot in sides:
        ax.plot(side.underwater.index, side.underwater.to_numpy(), color=colour,
                linestyle=style, linewidth=width)
        deepest = side.deepest
        label = side.label
        if deepest is not None:
            ax.plot([pd.Timestamp(deepest.trough_date)], [deepest.depth_pct], marker="o",
                    markersize=dot, color=colour, markeredgecolor="white", markeredgewidth=1.2,
                    linestyle="none", zorder=6 - dot / 10)
            label = labels["deepest"].format(ticker=side.label,
                                             value=f"{deepest.depth_pct:.1f}%",
                                             day=_day(deepest.trough_date, lang))
        handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=width,
                              marker="o" if deepest is not None else None, markersize=dot,
                              markeredgecolor="white", label=label))
    days = result.small.underwater.index
    lowest = min(float(side.underwater.min()) for side, *_ in sides)
    depth = max(-lowest, 1.0)
    ax.set_ylim(-depth * 1.06, depth * 0.03)  # the peak line (0 %) along the top
    _zero_line(ax)
    ax.yaxis.set_major_formatter(FuncFormatter(_level_pct))
    ax.set_ylabel(labels["underwater"], fontproperties=_font(12))
    _date_axis(ax, days[0], days[-1], lang)
    title = labels["drawdown_title"].format(small=result.small_ticker,
                                            large=result.large_ticker,
                                            window=_result_window(lang, result),
                                            basis=_basis_label(lang, result.basis))
    _layout(figure, lang, title=title, handles=handles, as_of=result.end_date, source=source,
            stale_note=stale_note)
    return figure


def drawdown_chart(result: Drawdowns, lang: str, *, source: str | None = None,
                   stale_note: str | None = None) -> bytes:
    """The /drawdown chart as PNG bytes (see `drawdown_figure`)."""
    return _png(drawdown_figure(result, lang, source=source, stale_note=stale_note))


# -- /event -----------------------------------------------------------------------------------


def _event_path(side: EventSide, days: int) -> pd.Series | None:
    """The side's % change from the pre-event close at each of the window's closes, if
    the result carries it (`EventSide.path`, DAYS + 1 values indexed by date)."""
    path = getattr(side, "path", None)
    if isinstance(path, pd.Series) and len(path) == days + 1:
        return path
    return None


def event_figure(result: EventWindow, lang: str, *, source: str | None = None,
                 stale_note: str | None = None) -> Figure:
    """Both sides from the pre-event close (0 %) over the event window's trading days,
    with the gap at the end. Without a daily path in the result, the first and last
    closes are drawn as points joined by a dotted line, and the subtitle says so."""
    labels = CHART_LABELS[lang]
    n = result.days
    figure, (ax,) = _figure(1)
    paths = [_event_path(result.small, n), _event_path(result.large, n)]
    full = all(path is not None for path in paths)
    handles = []
    for side, colour, path in ((result.small, SMALL_COLOUR, paths[0]),
                               (result.large, LARGE_COLOUR, paths[1])):
        label = labels["event_side"].format(ticker=side.ticker, value=f"{side.return_pct:+.1f}%",
                                            low=f"{side.low_pct:+.1f}%",
                                            day=_day(side.low_date, lang))
        if full:
            handles += ax.plot(range(n + 1), path.to_numpy(dtype=float), color=colour,
                               linewidth=2.4, label=label)
        else:
            handles += ax.plot([0, n], [0.0, side.return_pct], color=colour, linewidth=1.8,
                               linestyle=":", marker="o", markersize=7, label=label)
    _zero_line(ax)
    s_end, l_end = result.small.return_pct, result.large.return_pct
    ax.plot([n, n], [l_end, s_end], color=ZERO_COLOUR, linewidth=3, alpha=0.7,
            solid_capstyle="butt")
    ax.annotate(labels["gap_pp"].format(value=_signed(result.gap_pp)),
                (n, (s_end + l_end) / 2), xytext=(8, 0), textcoords="offset points",
                va="center", fontproperties=_font(13, True), color=TEXT_COLOUR)
    ax.set_xlim(-max(n * 0.03, 0.1), n + max(n * 0.22, 0.6))  # room right of the end

    pattern = _date_pattern(result.start_date, result.end_date, lang)
    if full:
        index = paths[0].index
        ticks = sorted({round(i * n / 5) for i in range(6)}) if n >= 5 else list(range(n + 1))
        dates = [pd.Timestamp(index[i]) for i in ticks]
    else:
        ticks = [0, n]
        dates = [pd.Timestamp(result.start_date), pd.Timestamp(result.end_date)]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels([f"{i}\n{d.strftime(pattern)}" for i, d in zip(ticks, dates, strict=True)])
    ax.set_xlabel(labels["event_days"], fontproperties=_font(12))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _signed(v, 0) + "%"))
    ax.set_ylabel(labels["event_axis"], fontproperties=_font(12))
    if result.event is not None:
        event = result.event.name_ko if lang == "ko" else result.event.name_en
    else:
        event = _day(result.start_date, lang)
    title = labels["event_title"].format(small=result.small_ticker, large=result.large_ticker,
                                         event=event, days=n,
                                         basis=_basis_label(lang, result.basis))
    _layout(figure, lang, title=title, subtitle=None if full else labels["event_endpoints"],
            handles=handles, as_of=result.end_date, source=source, stale_note=stale_note,
            bottom_px=112)
    return figure


def event_chart(result: EventWindow, lang: str, *, source: str | None = None,
                stale_note: str | None = None) -> bytes:
    """The /event chart as PNG bytes (see `event_figure`)."""
    return _png(event_figure(result, lang, source=source, stale_note=stale_note))


# -- /odds ------------------------------------------------------------------------------------


def odds_figure(result: RollingOdds, lang: str, *, source: str | None = None,
                stale_note: str | None = None) -> Figure:
    """The gap of every rolling YEARS-year window by its end date, shaded in the colour
    of the side that was ahead, with the latest window marked. The subtitle states the
    span the text answer states: the first close to the last."""
    labels = CHART_LABELS[lang]
    s_ticker, l_ticker = result.small_ticker, result.large_ticker
    figure, (ax,) = _figure(1)
    x, gaps = result.gaps.index, result.gaps.to_numpy(dtype=float)
    ahead_s = ax.fill_between(x, gaps, 0, where=gaps >= 0, interpolate=True,
                              color=SMALL_COLOUR, alpha=0.35, linewidth=0,
                              label=labels["ahead"].format(ticker=s_ticker))
    ahead_l = ax.fill_between(x, gaps, 0, where=gaps < 0, interpolate=True,
                              color=LARGE_COLOUR, alpha=0.35, linewidth=0,
                              label=labels["ahead"].format(ticker=l_ticker))
    ax.plot(x, gaps, color=RATIO_COLOUR, linewidth=1.2)
    _zero_line(ax)
    latest = ax.scatter([x[-1]], [result.latest.gap_pp], color=RATIO_COLOUR, s=40, zorder=3,
                        label=labels["latest"].format(value=_signed(result.latest.gap_pp)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _signed(v, 0)))
    ax.set_ylabel(labels["odds_axis"].format(years=result.years), fontproperties=_font(12))
    _date_axis(ax, x[0], x[-1], lang)
    detail = labels["odds_detail"].format(years=result.years,
                                          first=result.first_date.isoformat(),
                                          last=result.last_date.isoformat(),
                                          basis=_basis_label(lang, result.basis))
    headline = _label(lang, "odds_title", small=s_ticker, large=l_ticker, pct=result.beat_pct,
                      n=result.windows)
    _layout(figure, lang, title=headline, subtitle=detail, handles=[ahead_s, ahead_l, latest],
            as_of=result.last_date, source=source, stale_note=stale_note)
    return figure


def odds_chart(result: RollingOdds, lang: str, *, source: str | None = None,
               stale_note: str | None = None) -> bytes:
    """The /odds chart as PNG bytes (see `odds_figure`)."""
    return _png(odds_figure(result, lang, source=source, stale_note=stale_note))


# -- /mix -------------------------------------------------------------------------------------


def mix_figure(result: MixPortfolio, lang: str, *, source: str | None = None,
               stale_note: str | None = None) -> Figure:
    """Growth of 100 in the mix and in the large side alone (on a log axis from
    LOG_SCALE_YEARS on), each yearly rebalance a mark on the date axis."""
    labels = CHART_LABELS[lang]
    figure, (ax,) = _figure(1)
    days = result.mix_curve.index
    mix, large = result.mix_curve.to_numpy(dtype=float), result.large_curve.to_numpy(dtype=float)
    handles = ax.plot(days, mix, color=SMALL_COLOUR, linewidth=2.4, label=result.mix.label)
    handles += ax.plot(days, large, color=LARGE_COLOUR, linewidth=2.4,
                       label=result.large_only.label)
    if result.rebalance_dates:
        # Marks sitting on the date axis, not lines across the chart that read as a grid.
        handles += ax.plot(pd.DatetimeIndex(result.rebalance_dates),
                           [0.0] * len(result.rebalance_dates),
                           transform=ax.get_xaxis_transform(), linestyle="none", marker="^",
                           markersize=7, color=REBALANCE_COLOUR, clip_on=False, zorder=3,
                           label=labels["rebalance"])
    _zero_line(ax, 100.0)
    long = _is_long(days[0], days[-1])
    if long:
        _log_axis(ax, lambda v, _p: f"{v:,.0f}")
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_ylabel(labels["growth_log" if long else "growth"], fontproperties=_font(12))
    _date_axis(ax, days[0], days[-1], lang)
    title = labels["mix_title"].format(mix=result.mix.label, large=result.large_ticker,
                                       window=_result_window(lang, result),
                                       basis=_basis_label(lang, result.basis))
    _layout(figure, lang, title=title, handles=handles, as_of=result.end_date, source=source,
            stale_note=stale_note, right=0.88)

    def value(v: float) -> str:
        return f"{v:,.0f}" if v >= 1000 else f"{v:.1f}"

    _end_labels(ax, days[-1], [(mix[-1], value(mix[-1]), SMALL_COLOUR),
                               (large[-1], value(large[-1]), LARGE_COLOUR)])
    return figure


def mix_chart(result: MixPortfolio, lang: str, *, source: str | None = None,
              stale_note: str | None = None) -> bytes:
    """The /mix chart as PNG bytes (see `mix_figure`)."""
    return _png(mix_figure(result, lang, source=source, stale_note=stale_note))
