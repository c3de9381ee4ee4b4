"""PNG charts rendered in memory, headless, for phones.

Figures are built with matplotlib's object API (no pyplot, no global rcParams), so
rendering is thread-safe and leaks nothing. Korean labels use NanumGothic, loaded
from its file, so Hangul never turns into empty boxes.
"""

from __future__ import annotations

import io
import logging
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
from matplotlib.textpath import text_to_path  # noqa: E402
from matplotlib.ticker import FixedLocator, Formatter, FuncFormatter  # noqa: E402

from analytics.drawdown import Drawdowns  # noqa: E402
from analytics.events import EventSide, EventWindow  # noqa: E402
from analytics.funds import SectorRow  # noqa: E402
from analytics.mix import MixPortfolio  # noqa: E402
from analytics.odds import RollingOdds  # noqa: E402
from analytics.performance import RelativePerformance  # noqa: E402
from analytics.rates import ROLLING_BETA_DAYS, RatesSensitivity  # noqa: E402

log = logging.getLogger(__name__)

CHART_SIZE_PX = (1280, 960)
DPI = 160
SMALL_COLOUR = "#E66100"  # orange / purple: distinguishable with colour-blindness
LARGE_COLOUR = "#5D3A9B"
RATIO_COLOUR = "#1A1A1A"
YIELD_COLOUR = "#0072B2"  # Okabe-Ito blue: set against the black ratio line
ZERO_COLOUR = "#888888"
FAINT_COLOUR = "#555555"
GRID_COLOUR = "#DDDDDD"
TEXT_COLOUR = "#111111"
FOOTER_MAX_CHARS = 80
MAX_REBALANCE_LINES = 40  # more than this and the faint lines become a grey wash

CHART_LABELS = {
    "en": {
        "gap_title": "{small} vs {large} · {window} · {basis}",
        "cumulative": "Cumulative return",
        "ratio": "{small}/{large} ratio",
        "basis_total": "total return",
        "basis_price": "price return",
        "sectors_title": "Sector weights: {small} vs {large}",
        "weight": "Weight (%)",
        "valuation_title": "P/E discount of {small} vs {large}",
        "discount": "Discount (1 - small P/E ÷ large P/E)",
        "now": "now {value}",
        "percentile": "{pct:.0f}th percentile of {n} days",
        "footer": "As of {as_of}",
        "footer_source": "Source: {source} · as of {as_of}",
        "footer_source_only": "Source: {source}",
        "month_format": "%b %Y",
        "day_format": "%b %-d",
        "date_format": "%b %-d, %Y",
        "rates_title": "{small}/{large} and the 10-year yield · {window} · {basis}",
        "yield_axis": "10-year yield (%)",
        "beta_axis": "Beta: pp per +10 bp ({days} days)",
        "beta_short": "The rolling beta needs {days} trading days",
        "drawdown_title": "Drawdowns: {small} vs {large} · {window} · {basis}",
        "underwater": "Below the running peak (%)",
        "deepest": "{value} · {day}",
        "event_title": "{small} vs {large} after {event} · {days} trading days · {basis}",
        "event_axis": "Change since the pre-event close (%)",
        "event_days": "Trading days after the pre-event close",
        "event_side": "{ticker} {value} (low {low}, {day})",
        "event_endpoints": "First and last close only: the daily path is not available",
        "gap_pp": "gap {value} pp",
        "odds_title": "{small} beat {large} in {pct:.0f}% of {n:,} windows",
        "odds_detail": "Rolling {years}-year gap · {first} to {last} · {basis}",
        "odds_axis": "{years}-year gap (pp)",
        "ahead": "{ticker} ahead",
        "latest": "latest {value} pp",
        "mix_title": "{mix} vs 100% {large} · {window} · {basis}",
        "growth": "Growth of 100",
        "rebalance": "Yearly rebalance",
    },
    "ko": {
        "gap_title": "{small} 대 {large} · {window} · {basis}",
        "cumulative": "누적 수익률",
        "ratio": "{small}/{large} 비율",
        "basis_total": "총수익률",
        "basis_price": "가격 수익률",
        "sectors_title": "섹터 비중: {small} 대 {large}",
        "weight": "비중 (%)",
        "valuation_title": "{large} 대비 {small}의 P/E 할인율",
        "discount": "할인율 (1 - 소형 P/E ÷ 대형 P/E)",
        "now": "현재 {value}",
        "percentile": "{n}일 중 {pct:.0f} 백분위",
        "footer": "{as_of} 기준",
        "footer_source": "출처: {source} · {as_of} 기준",
        "footer_source_only": "출처: {source}",
        "month_format": "%Y년 %-m월",
        "day_format": "%-m월 %-d일",
        "date_format": "%Y년 %-m월 %-d일",
        "rates_title": "{small}/{large}와 미국 10년물 금리 · {window} · {basis}",
        "yield_axis": "미국 10년물 금리 (%)",
        "beta_axis": "베타: +10bp당 %p ({days}일)",
        "beta_short": "이동 베타에는 {days}거래일이 필요합니다",
        "drawdown_title": "낙폭: {small} 대 {large} · {window} · {basis}",
        "underwater": "직전 고점 대비 하락률 (%)",
        "deepest": "{value} · {day}",
        "event_title": "{event} 이후 {small} 대 {large} · {days}거래일 · {basis}",
        "event_axis": "사건 직전 종가 대비 (%)",
        "event_days": "사건 직전 종가 이후 거래일",
        "event_side": "{ticker} {value} (최저 {low}, {day})",
        "event_endpoints": "시작과 끝 종가만 표시: 일별 경로 없음",
        "gap_pp": "격차 {value}%p",
        "odds_title": "{small} 우위: {n:,}개 구간 중 {pct:.0f}%",
        "odds_detail": "{years}년 이동 구간 격차 · {first}~{last} · {basis}",
        "odds_axis": "{years}년 격차 (%p)",
        "ahead": "{ticker} 우위",
        "latest": "최근 {value}%p",
        "mix_title": "{mix} 대 100% {large} · {window} · {basis}",
        "growth": "100 투자 시 가치",
        "rebalance": "연말 리밸런싱",
    },
}


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


def footer_text(lang: str, as_of: date | None, source: str | None) -> str | None:
    """"Source: … · as of …" in the reader's language, one line of at most
    FOOTER_MAX_CHARS (a long file name is cut, not the date)."""
    labels = CHART_LABELS[lang]
    day = as_of.isoformat() if as_of is not None else None
    source = " ".join(source.split()) if source else None  # a newline would break the line
    if not source:
        return labels["footer"].format(as_of=day) if day else None
    key = "footer_source" if day else "footer_source_only"
    room = max(FOOTER_MAX_CHARS - len(labels[key].format(source="", as_of=day)), 10)
    if len(source) > room:
        source = source[: room - 1].rstrip() + "…"
    return labels[key].format(source=source, as_of=day)


def _png(figure: Figure, lang: str, as_of: date | None, source: str | None = None) -> bytes:
    footer = footer_text(lang, as_of, source)
    if footer:
        figure.text(0.99, 0.01, footer, ha="right", va="bottom", fontproperties=_font(9),
                    color=FAINT_COLOUR)
    buffer = io.BytesIO()
    # Fast zlib level: encoding at the default level was a third of the render time.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


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
    return f"{value:+.0f}%"


def _signed(value: float, digits: int = 1) -> str:
    """+1.5 / -1.5 / 0, with ASCII '-' (matplotlib's own tick labels use U+2212)."""
    text = f"{value:+.{digits}f}"
    return "0" if float(text) == 0 else text


def _level_pct(value: float, _pos=None) -> str:
    return f"{round(value) + 0:.0f}%"  # + 0 turns -0 into 0


def _zero_line(ax) -> None:
    ax.axhline(0, color=ZERO_COLOUR, linewidth=0.9, zorder=1)


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


TITLE_WIDTH_PT = 470.0  # from the axes' left edge to just inside the figure's right


def _title(ax, text: str, pad: float = 6.0) -> None:
    """Left-aligned bold title at 18 pt, shrunk to fit when long (measured from the
    font's glyph advances, no renderer needed)."""
    prop = _font(18, True)
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    size = max(11.0, min(18.0, 18.0 * TITLE_WIDTH_PT / max(width, 1.0)))
    # An explicit y skips matplotlib's per-draw search for a title position clear of
    # top tick labels (which these charts never have): ~10 ms a render.
    ax.set_title(text, fontproperties=_font(round(size * 2) / 2, True), loc="left",
                 color=TEXT_COLOUR, pad=pad, y=1.0)


def _basis_label(lang: str, basis: str) -> str:
    return CHART_LABELS[lang]["basis_total" if basis == "total" else "basis_price"]


def _end_labels(ax, x, ends: list[tuple[float, str, str]]) -> None:
    """Labels right of the last point; the higher value above its point, the lower below,
    so two close ends do not print over each other."""
    top = max(value for value, _, _ in ends)
    for value, text, colour in ends:
        ax.annotate(text, (x, value), xytext=(6, 0), textcoords="offset points",
                    color=colour, fontproperties=_font(12, True),
                    va="bottom" if value == top else "top")


def gap_chart(result: RelativePerformance, small: pd.DataFrame, large: pd.DataFrame,
              lang: str, basis: str = "total", *, source: str | None = None) -> bytes:
    """Both sides' cumulative return, and beneath it the SMALL/LARGE ratio (a ratio, not
    a difference of percents, which would change with the start date)."""
    labels = CHART_LABELS[lang]
    use_total = basis == "total" and result.small.total and result.large.total
    column = "adj_close" if use_total else "close"
    start, end = (pd.Timestamp(day) for day in result.span("total" if use_total else "price"))
    joined = pd.concat([small[column], large[column]], axis=1, keys=["s", "l"], sort=True)
    joined = joined.loc[start:end].dropna()
    s_ticker, l_ticker = result.small.ticker, result.large.ticker
    figure, (top, bottom) = _figure(2, height_ratios=[3, 2])
    cumulative_s = (joined["s"] / joined["s"].iloc[0] - 1) * 100
    cumulative_l = (joined["l"] / joined["l"].iloc[0] - 1) * 100
    top.plot(joined.index, cumulative_s, color=SMALL_COLOUR, linewidth=2.4, label=s_ticker)
    top.plot(joined.index, cumulative_l, color=LARGE_COLOUR, linewidth=2.4, label=l_ticker)
    top.axhline(0, color="#888888", linewidth=0.8)
    top.yaxis.set_major_formatter(FuncFormatter(_pct))
    for series, colour in ((cumulative_s, SMALL_COLOUR), (cumulative_l, LARGE_COLOUR)):
        top.annotate(f"{series.iloc[-1]:+.1f}%",
                     (joined.index[-1], series.iloc[-1]), xytext=(6, 0),
                     textcoords="offset points", color=colour, fontproperties=_font(12, True),
                     va="center")
    top.set_ylabel(labels["cumulative"], fontproperties=_font(12))
    top.legend(prop=_font(12), frameon=False, loc="upper left")
    basis_label = labels["basis_total" if use_total else "basis_price"]
    top.set_title(labels["gap_title"].format(small=s_ticker, large=l_ticker,
                                             window=result.window.label, basis=basis_label),
                  fontproperties=_font(18, True), loc="left", color=TEXT_COLOUR)

    ratio = joined["s"] / joined["l"]
    bottom.plot(joined.index, ratio, color=RATIO_COLOUR, linewidth=2)
    for stamp, value, align in ((ratio.index[0], ratio.iloc[0], "left"),
                                (ratio.index[-1], ratio.iloc[-1], "right")):
        bottom.scatter([stamp], [value], color=RATIO_COLOUR, s=30, zorder=3)
        bottom.annotate(f"{value:.4f}", (stamp, value), xytext=(0, 12),
                        textcoords="offset points", ha=align, fontproperties=_font(12, True),
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                              "alpha": 0.85})
    bottom.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.3f}"))
    bottom.set_ylabel(labels["ratio"].format(small=s_ticker, large=l_ticker),
                      fontproperties=_font(12))
    _date_axis(bottom, joined.index[0], joined.index[-1], lang)
    figure.subplots_adjust(left=0.12, right=0.88, top=0.92, bottom=0.09, hspace=0.12)
    return _png(figure, lang, result.end_date, source)


def sectors_chart(rows: list[SectorRow], small_ticker: str, large_ticker: str,
                  lang: str, *, source: str | None = None) -> bytes:
    """Side-by-side horizontal bars per sector, small-cap overweights on top."""
    from bot.i18n import sector_name

    labels = CHART_LABELS[lang]
    figure, (ax,) = _figure(1)
    names = [sector_name(lang, r.sector) for r in rows][::-1]
    positions = range(len(rows))
    height = 0.38
    small = [r.small_weight * 100 for r in rows][::-1]
    large = [r.large_weight * 100 for r in rows][::-1]
    ax.barh([p + height / 2 for p in positions], small, height, color=SMALL_COLOUR,
            label=small_ticker)
    ax.barh([p - height / 2 for p in positions], large, height, color=LARGE_COLOUR,
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
    ax.legend(prop=_font(12), frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0),
              ncol=2, borderaxespad=0.2)
    ax.set_title(labels["sectors_title"].format(small=small_ticker, large=large_ticker),
                 fontproperties=_font(18, True), loc="left")
    figure.subplots_adjust(left=0.27, right=0.97, top=0.92, bottom=0.09)
    return _png(figure, lang, None, source)


def valuation_chart(points: list[tuple[date, float]], current: float, percentile: float | None,
                    lang: str, small_ticker: str, large_ticker: str, *,
                    source: str | None = None) -> bytes:
    """The P/E discount over the cached history, today's value and its percentile."""
    labels = CHART_LABELS[lang]
    figure, (ax,) = _figure(1)
    days = [pd.Timestamp(d) for d, _ in points]
    values = [v * 100 for _, v in points]
    if len(points) > 1:
        ax.plot(days, values, color=SMALL_COLOUR, linewidth=2.4)
    last_day = days[-1] if days else pd.Timestamp.today().normalize()
    ax.scatter([last_day], [current * 100], color=SMALL_COLOUR, s=60, zorder=3)
    note = labels["now"].format(value=f"{current * 100:.1f}%")
    if percentile is not None:
        note += " · " + labels["percentile"].format(pct=percentile, n=len(points))
    ax.annotate(note, (last_day, current * 100), xytext=(-10, 14), textcoords="offset points",
                ha="right", fontproperties=_font(13, True), color=TEXT_COLOUR)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    ax.set_ylabel(labels["discount"], fontproperties=_font(12))
    if days:
        _date_axis(ax, days[0], days[-1], lang)
    ax.set_title(labels["valuation_title"].format(small=small_ticker, large=large_ticker),
                 fontproperties=_font(18, True), loc="left")
    figure.subplots_adjust(left=0.12, right=0.97, top=0.92, bottom=0.09)
    return _png(figure, lang, points[-1][0] if points else None, source)


def rates_chart(result: RatesSensitivity, lang: str, *, source: str | None = None) -> bytes:
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
    # On the twin, which is drawn last, with a backing, so neither line crosses the text.
    right.legend(handles=[ratio_line, yield_line], prop=_font(12), loc="upper left",
                 framealpha=0.85, facecolor="white", edgecolor="none")
    _title(top, labels["rates_title"].format(small=s_ticker, large=l_ticker,
                                             window=result.window.label,
                                             basis=_basis_label(lang, result.basis)))

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
    figure.subplots_adjust(left=0.12, right=0.87, top=0.92, bottom=0.09, hspace=0.12)
    return _png(figure, lang, result.end_date, source)


def drawdown_chart(result: Drawdowns, lang: str, *, source: str | None = None) -> bytes:
    """How far each side and the ratio stood below their running peaks, with each side's
    deepest point marked."""
    labels = CHART_LABELS[lang]
    figure, (ax,) = _figure(1)
    sides = ((result.small, SMALL_COLOUR, "-", 2.2), (result.large, LARGE_COLOUR, "-", 2.2),
             (result.ratio, RATIO_COLOUR, "--", 1.6))
    for side, colour, style, width in sides:
        ax.plot(side.underwater.index, side.underwater.to_numpy(), color=colour,
                linestyle=style, linewidth=width, label=side.label)
    days = result.small.underwater.index
    first, last = days[0], days[-1]
    for side, colour, _, _ in sides[:2]:
        deepest = side.deepest
        if deepest is None:
            continue
        stamp = pd.Timestamp(deepest.trough_date)
        # Keep the note inside the axes: left-aligned early on, right-aligned late.
        where = (stamp - first) / (last - first) if last > first else 0.5
        align = "left" if where < 0.25 else "right" if where > 0.75 else "center"
        ax.scatter([stamp], [deepest.depth_pct], color=colour, s=36, zorder=3)
        ax.annotate(labels["deepest"].format(value=f"{deepest.depth_pct:.1f}%",
                                             day=_day(deepest.trough_date, lang)),
                    (stamp, deepest.depth_pct), xytext=(0, -8), textcoords="offset points",
                    ha=align, va="top", color=colour, fontproperties=_font(12, True),
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                          "alpha": 0.85})
    lowest = min(float(side.underwater.min()) for side, _, _, _ in sides)
    depth = max(-lowest, 1.0)
    ax.set_ylim(-depth * 1.25, depth * 0.03)  # the peak line (0 %) along the top
    _zero_line(ax)
    ax.yaxis.set_major_formatter(FuncFormatter(_level_pct))
    ax.set_ylabel(labels["underwater"], fontproperties=_font(12))
    ax.legend(prop=_font(12), loc="lower left", ncol=3, framealpha=0.85, facecolor="white",
              edgecolor="none")
    _title(ax, labels["drawdown_title"].format(small=result.small_ticker,
                                               large=result.large_ticker,
                                               window=result.window.label,
                                               basis=_basis_label(lang, result.basis)))
    _date_axis(ax, first, last, lang)
    figure.subplots_adjust(left=0.11, right=0.97, top=0.92, bottom=0.09)
    return _png(figure, lang, result.end_date, source)


def _event_path(side: EventSide, days: int) -> pd.Series | None:
    """The side's % change from the pre-event close at each of the window's closes, if
    the result carries it (`EventSide.path`, DAYS + 1 values indexed by date)."""
    path = getattr(side, "path", None)
    if isinstance(path, pd.Series) and len(path) == days + 1:
        return path
    return None


def event_chart(result: EventWindow, lang: str, *, source: str | None = None) -> bytes:
    """Both sides from the pre-event close (0 %) over the event window's trading days,
    with the gap at the end. Without a daily path in the result, the first and last
    closes are drawn as points joined by a dotted line, and the note says so."""
    labels = CHART_LABELS[lang]
    n = result.days
    figure, (ax,) = _figure(1)
    paths = [_event_path(result.small, n), _event_path(result.large, n)]
    full = all(path is not None for path in paths)
    for side, colour, path in ((result.small, SMALL_COLOUR, paths[0]),
                               (result.large, LARGE_COLOUR, paths[1])):
        label = labels["event_side"].format(ticker=side.ticker, value=f"{side.return_pct:+.1f}%",
                                            low=f"{side.low_pct:+.1f}%",
                                            day=_day(side.low_date, lang))
        if full:
            ax.plot(range(n + 1), path.to_numpy(dtype=float), color=colour, linewidth=2.4,
                    label=label)
        else:
            ax.plot([0, n], [0.0, side.return_pct], color=colour, linewidth=1.8,
                    linestyle=":", marker="o", markersize=7, label=label)
    _zero_line(ax)
    s_end, l_end = result.small.return_pct, result.large.return_pct
    ax.plot([n, n], [l_end, s_end], color=ZERO_COLOUR, linewidth=3, alpha=0.7,
            solid_capstyle="butt")
    ax.annotate(labels["gap_pp"].format(value=_signed(result.gap_pp)),
                (n, (s_end + l_end) / 2), xytext=(8, 0), textcoords="offset points",
                va="center", fontproperties=_font(13, True), color=TEXT_COLOUR)
    ax.set_xlim(-max(n * 0.03, 0.1), n + max(n * 0.22, 0.6))

    pattern = _date_pattern(result.start_date, result.end_date, lang)
    if full:
        index = paths[0].index
        ticks = sorted({round(i * n / 5) for i in range(6)}) if n >= 5 else list(range(n + 1))
        dates = [pd.Timestamp(index[i]) for i in ticks]
    else:
        ticks = [0, n]
        dates = [pd.Timestamp(result.start_date), pd.Timestamp(result.end_date)]
        ax.text(0.01, 0.01, labels["event_endpoints"], transform=ax.transAxes,
                fontproperties=_font(10), color=FAINT_COLOUR)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels([f"{i}\n{d.strftime(pattern)}" for i, d in zip(ticks, dates, strict=True)])
    ax.set_xlabel(labels["event_days"], fontproperties=_font(12))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _signed(v, 0) + "%"))
    ax.set_ylabel(labels["event_axis"], fontproperties=_font(12))
    ax.legend(prop=_font(12), loc="best", framealpha=0.85, facecolor="white", edgecolor="none")
    if result.event is not None:
        event = result.event.name_ko if lang == "ko" else result.event.name_en
    else:
        event = _day(result.start_date, lang)
    _title(ax, labels["event_title"].format(small=result.small_ticker, large=result.large_ticker,
                                            event=event, days=n,
                                            basis=_basis_label(lang, result.basis)))
    figure.subplots_adjust(left=0.11, right=0.97, top=0.92, bottom=0.15)
    return _png(figure, lang, result.end_date, source)


def odds_chart(result: RollingOdds, lang: str, *, source: str | None = None) -> bytes:
    """The gap of every rolling YEARS-year window by its end date, shaded in the colour
    of the side that was ahead, with the latest window marked."""
    labels = CHART_LABELS[lang]
    s_ticker, l_ticker = result.small_ticker, result.large_ticker
    figure, (ax,) = _figure(1)
    x, gaps = result.gaps.index, result.gaps.to_numpy(dtype=float)
    ax.fill_between(x, gaps, 0, where=gaps >= 0, interpolate=True, color=SMALL_COLOUR,
                    alpha=0.35, linewidth=0, label=labels["ahead"].format(ticker=s_ticker))
    ax.fill_between(x, gaps, 0, where=gaps < 0, interpolate=True, color=LARGE_COLOUR,
                    alpha=0.35, linewidth=0, label=labels["ahead"].format(ticker=l_ticker))
    ax.plot(x, gaps, color=RATIO_COLOUR, linewidth=1.2)
    _zero_line(ax)
    latest = result.latest
    ax.scatter([x[-1]], [latest.gap_pp], color=RATIO_COLOUR, s=40, zorder=3)
    ax.annotate(labels["latest"].format(value=_signed(latest.gap_pp)), (x[-1], latest.gap_pp),
                xytext=(-8, 10 if latest.gap_pp >= 0 else -10), textcoords="offset points",
                ha="right", va="bottom" if latest.gap_pp >= 0 else "top",
                fontproperties=_font(12, True), color=TEXT_COLOUR,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _signed(v, 0)))
    ax.set_ylabel(labels["odds_axis"].format(years=result.years), fontproperties=_font(12))
    ax.legend(prop=_font(12), frameon=False, loc="upper left", ncol=2)
    detail = labels["odds_detail"].format(years=result.years, first=_day(x[0].date(), lang),
                                          last=_day(x[-1].date(), lang),
                                          basis=_basis_label(lang, result.basis))
    headline = labels["odds_title"].format(small=s_ticker, large=l_ticker, pct=result.beat_pct,
                                           n=result.windows)
    _title(ax, headline, pad=24)
    ax.text(0.0, 1.015, detail, transform=ax.transAxes, va="bottom", fontproperties=_font(12),
            color=FAINT_COLOUR)
    _date_axis(ax, x[0], x[-1], lang)
    figure.subplots_adjust(left=0.11, right=0.97, top=0.87, bottom=0.09)
    return _png(figure, lang, result.last_date, source)


def mix_chart(result: MixPortfolio, lang: str, *, source: str | None = None) -> bytes:
    """Growth of 100 in the mix and in the large side alone, yearly rebalances marked."""
    labels = CHART_LABELS[lang]
    figure, (ax,) = _figure(1)
    days = result.mix_curve.index
    mix, large = result.mix_curve.to_numpy(dtype=float), result.large_curve.to_numpy(dtype=float)
    if 0 < len(result.rebalance_dates) <= MAX_REBALANCE_LINES:
        # One collection, not one artist per line.
        ax.vlines(pd.DatetimeIndex(result.rebalance_dates), 0, 1,
                  transform=ax.get_xaxis_transform(), colors="#CCCCCC", linewidth=0.8,
                  zorder=0, label=labels["rebalance"])
    ax.plot(days, mix, color=SMALL_COLOUR, linewidth=2.4, label=result.mix.label)
    ax.plot(days, large, color=LARGE_COLOUR, linewidth=2.4, label=result.large_only.label)
    ax.axhline(100, color=ZERO_COLOUR, linewidth=0.9, zorder=1)

    def value(v: float) -> str:
        return f"{v:,.0f}" if v >= 1000 else f"{v:.1f}"

    _end_labels(ax, days[-1], [(mix[-1], value(mix[-1]), SMALL_COLOUR),
                               (large[-1], value(large[-1]), LARGE_COLOUR)])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_ylabel(labels["growth"], fontproperties=_font(12))
    ax.legend(prop=_font(12), frameon=False, loc="upper left")
    _title(ax, labels["mix_title"].format(mix=result.mix.label, large=result.large_ticker,
                                          window=result.window.label,
                                          basis=_basis_label(lang, result.basis)))
    _date_axis(ax, days[0], days[-1], lang)
    figure.subplots_adjust(left=0.11, right=0.88, top=0.92, bottom=0.09)
    return _png(figure, lang, result.end_date, source)
