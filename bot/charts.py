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
from matplotlib.ticker import FuncFormatter  # noqa: E402

from analytics.funds import SectorRow  # noqa: E402
from analytics.performance import RelativePerformance  # noqa: E402

log = logging.getLogger(__name__)

CHART_SIZE_PX = (1280, 960)
DPI = 160
SMALL_COLOUR = "#E66100"  # orange / purple: distinguishable with colour-blindness
LARGE_COLOUR = "#5D3A9B"
RATIO_COLOUR = "#1A1A1A"
GRID_COLOUR = "#DDDDDD"
TEXT_COLOUR = "#111111"

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
        "footer": "Source: Yahoo Finance · as of {as_of}",
        "month_format": "%b %Y",
        "day_format": "%b %-d",
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
        "footer": "출처: Yahoo Finance · {as_of} 기준",
        "month_format": "%Y년 %-m월",
        "day_format": "%-m월 %-d일",
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
        family = _tick_family()
        if family:
            ax.tick_params(colors=TEXT_COLOUR, labelsize=11, labelfontfamily=family)
        else:
            ax.tick_params(colors=TEXT_COLOUR, labelsize=11)
    return figure, axes


def _png(figure: Figure, lang: str, as_of: date | None) -> bytes:
    labels = CHART_LABELS[lang]
    if as_of is not None:
        figure.text(0.99, 0.01, labels["footer"].format(as_of=as_of.isoformat()),
                    ha="right", va="bottom", fontproperties=_font(9), color="#555555")
    buffer = io.BytesIO()
    # Fast zlib level: encoding at the default level was a third of the render time.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _date_axis(ax, first, last, lang: str) -> None:
    """Months over long spans, days over short ones, written the reader's way."""
    labels = CHART_LABELS[lang]
    span_days = (pd.Timestamp(last) - pd.Timestamp(first)).days
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6))
    pattern = labels["month_format"] if span_days > 120 else labels["day_format"]
    ax.xaxis.set_major_formatter(mdates.DateFormatter(pattern))


def _pct(value: float, _pos=None) -> str:
    # ASCII '-': NanumGothic has no U+2212 minus glyph.
    return f"{value:+.0f}%"


def gap_chart(result: RelativePerformance, small: pd.DataFrame, large: pd.DataFrame,
              lang: str, basis: str = "total") -> bytes:
    """Both sides' cumulative return, and beneath it the SMALL/LARGE ratio (a ratio, not
    a difference of percents, which would change with the start date)."""
    labels = CHART_LABELS[lang]
    use_total = basis == "total" and result.small.total and result.large.total
    column = "adj_close" if use_total else "close"
    start, end = pd.Timestamp(result.start_date), pd.Timestamp(result.end_date)
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
    return _png(figure, lang, result.end_date)


def sectors_chart(rows: list[SectorRow], small_ticker: str, large_ticker: str,
                  lang: str) -> bytes:
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
    return _png(figure, lang, None)


def valuation_chart(points: list[tuple[date, float]], current: float, percentile: float | None,
                    lang: str, small_ticker: str, large_ticker: str) -> bytes:
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
    return _png(figure, lang, points[-1][0] if points else None)
