"""Charts: real data in, valid phone-sized PNGs out, Hangul drawn with real glyphs."""

from __future__ import annotations

import html
import inspect
import re
import struct
import warnings
from dataclasses import replace
from datetime import date, timedelta

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import same_color
from matplotlib.ft2font import FT2Font

from analytics.drawdown import drawdowns
from analytics.events import EVENTS, event_window, find_event
from analytics.funds import sector_comparison
from analytics.market.csv_files import read_bars_csv
from analytics.market.data import Freshness
from analytics.mix import mix_portfolio
from analytics.odds import rolling_odds
from analytics.performance import relative_performance
from analytics.rates import rates_sensitivity
from analytics.valuation import PePoint, PeSeries, valuation_spread
from analytics.windows import Window
from bot.present import charts
from bot.present.debate import render_odds
from bot.present.i18n import window_name
from bot.present.render import covered_window
from storage.db import Storage
from tests.support.reference import SECTORS_LARGE, SECTORS_SMALL


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def frames(reference_storage):
    return reference_storage.load_prices(["VTWO", "SPY", "^RUT", "^GSPC"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_gap_chart_from_real_data_is_a_png_of_the_chart_size(frames, lang):
    result = relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("1y"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "Glyph ... missing" fails the test
        png = charts.gap_chart(result, frames["VTWO"], frames["SPY"], lang, "total")
    assert png_size(png) == charts.CHART_SIZE_PX
    assert len(png) < 400_000


def test_price_basis_chart_for_indices(frames):
    result = relative_performance("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], Window("5y"))
    png = charts.gap_chart(result, frames["^RUT"], frames["^GSPC"], "en", "total")
    assert png_size(png) == charts.CHART_SIZE_PX


def test_sectors_chart_with_eleven_sectors_in_korean():
    rows = sector_comparison(SECTORS_SMALL, SECTORS_LARGE)
    assert len(rows) == 11
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        png = charts.sectors_chart(rows, "VTWO", "SPY", "ko")
    assert png_size(png) == charts.CHART_SIZE_PX


@pytest.mark.parametrize("points", [1, 40])
def test_valuation_chart_renders_from_one_day_on(points):
    def series(ticker: str, centre: float) -> PeSeries:
        return PeSeries(ticker, "Yahoo Finance", tuple(
            PePoint(date(2025, 9, 1) + timedelta(days=i), centre + i / 100)
            for i in range(points)))

    result = valuation_spread("VTWO", [series("VTWO", 16.0)], "SPY", [series("SPY", 26.0)])
    for lang in ("en", "ko"):
        png = charts.valuation_chart(result, lang, source="Yahoo Finance")
        assert png_size(png) == charts.CHART_SIZE_PX


def test_the_korean_font_has_a_glyph_for_every_hangul_character_we_draw():
    from bot.present.i18n import SECTOR_NAMES_KO

    path = charts.hangul_font_path()
    assert path is not None, "NanumGothic must ship with the dependencies"
    charmap = FT2Font(path).get_charmap()
    text = ("".join(charts.CHART_LABELS["ko"].values()) + "".join(SECTOR_NAMES_KO.values())
            + "".join(event.name_ko for event in EVENTS))
    hangul = {ch for ch in text if "\uac00" <= ch <= "\ud7a3"}
    assert hangul and all(ord(ch) in charmap for ch in hangul)
    # and each glyph is its own shape, not one shared missing-glyph box
    font = FT2Font(path)
    glyphs = {font.get_char_index(ord(ch)) for ch in hangul}
    assert 0 not in glyphs and len(glyphs) == len(hangul)


def test_chart_labels_exist_in_both_languages_and_are_translated():
    en, ko = charts.CHART_LABELS["en"], charts.CHART_LABELS["ko"]
    assert set(en) == set(ko)
    for key in en:
        if re.search(r"[a-z]{3}", re.sub(r"\{[^}]*\}|%[-a-zA-Z]|Yahoo Finance", "", en[key])):
            assert re.search(r"[가-힣]", ko[key]), key


# -- debate charts (/rates, /drawdown, /event, /odds, /mix) from real results -------------


@pytest.fixture
def tnx(market_data) -> pd.DataFrame:
    """^TNX as read from its CSV: the reference database does not hold it."""
    return read_bars_csv(market_data / "TNX.csv").bars


# chart name -> (the analytics call on real data, the chart function)
DEBATE_CHARTS = {
    "rates": (lambda f, tnx: rates_sensitivity("VTWO", f["VTWO"], "SPY", f["SPY"], tnx,
                                               Window("1y")), charts.rates_chart),
    "drawdown": (lambda f, tnx: drawdowns("VTWO", f["VTWO"], "SPY", f["SPY"], Window("5y")),
                 charts.drawdown_chart),
    "event": (lambda f, tnx: event_window("^RUT", f["^RUT"], "^GSPC", f["^GSPC"],
                                          find_event("lehman"), 20), charts.event_chart),
    "odds": (lambda f, tnx: rolling_odds("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], 5),
             charts.odds_chart),
    "mix": (lambda f, tnx: mix_portfolio("^RUT", f["^RUT"], "^GSPC", f["^GSPC"],
                                         Window("max"), 20), charts.mix_chart),
}


def render_korean_safely(chart, result, lang: str, **kwargs) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "Glyph ... missing" fails the test
        return chart(result, lang, **kwargs)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", sorted(DEBATE_CHARTS))
def test_debate_chart_from_real_data_is_a_phone_sized_png(frames, tnx, name, lang):
    analyse, chart = DEBATE_CHARTS[name]
    png = render_korean_safely(chart, analyse(frames, tnx), lang,
                               source="CSV import (RUT.csv)")
    assert png_size(png) == charts.CHART_SIZE_PX
    assert len(png) < 400_000


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_rates_chart_where_the_rolling_beta_starts_as_nan(frames, tnx, lang):
    # ^TNX's file starts in January 2001: the first 63 days have no rolling beta.
    result = rates_sensitivity("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], tnx,
                               Window(start=date(2001, 1, 2), end=date(2001, 6, 1)))
    assert result.rolling_beta.isna().iloc[0] and result.rolling_beta.notna().iloc[-1]
    png = render_korean_safely(charts.rates_chart, result, lang)
    assert png_size(png) == charts.CHART_SIZE_PX

    too_short = rates_sensitivity("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], tnx,
                                  Window(start=date(2001, 1, 2), end=date(2001, 2, 1)))
    assert too_short.rolling_beta.isna().all()
    png = render_korean_safely(charts.rates_chart, too_short, lang)
    assert png_size(png) == charts.CHART_SIZE_PX


def test_event_chart_draws_the_daily_path_the_result_carries(frames):
    result = event_window("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"],
                          find_event("covid"), 30)
    path = result.small.path
    assert len(path) == 31 and path.iloc[0] == 0.0
    assert path.iloc[-1] == pytest.approx(result.small.return_pct)
    assert path.min() == pytest.approx(min(result.small.low_pct, 0.0))
    empty = pd.Series(dtype=float)
    endpoints_only = replace(result, small=replace(result.small, path=empty),
                             large=replace(result.large, path=empty))
    png = render_korean_safely(charts.event_chart, result, "ko")
    assert png_size(png) == charts.CHART_SIZE_PX
    assert png != charts.event_chart(endpoints_only, "ko")


def test_the_footer_names_the_source_it_is_given(frames):
    result = drawdowns("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("1y"))
    csv = charts.drawdown_chart(result, "en", source="CSV import (X.csv)")
    yahoo = charts.drawdown_chart(result, "en", source="Yahoo Finance")
    unnamed = charts.drawdown_chart(result, "en")
    assert len({csv, yahoo, unnamed}) == 3
    # today's positional callers keep working, and may now name the source too
    gap = relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("1y"))
    assert charts.gap_chart(gap, frames["VTWO"], frames["SPY"], "ko", "total",
                            source="CSV import (VTWO.csv)") != charts.gap_chart(
        gap, frames["VTWO"], frames["SPY"], "ko", "total")



# -- what a reader sees: read back from the figures' artists (issue 16) ----------------------

LONG_SOURCE = ("CSV import (IWM_raw.csv), CSV import (IWM_adjusted.csv), "
               "CSV import (SPY_raw.csv), CSV import (SPY_adjusted.csv)")


@pytest.fixture(scope="module")
def all_frames(reference_db_file, tmp_path_factory):
    """Every reference series, loaded once for the figure tests (read only)."""
    copy = tmp_path_factory.mktemp("charts") / "gapbot.sqlite3"
    copy.write_bytes(reference_db_file.read_bytes())
    storage = Storage(copy)
    try:
        return storage.load_prices(["VTWO", "SPY", "IWM", "^RUT", "^GSPC", "^TNX"])
    finally:
        storage.close()


def drawn(figure):
    """The figure after a draw, so every artist has its final place on screen."""
    figure.canvas.draw()
    return figure


def all_texts(figure) -> list:
    texts = list(figure.texts)
    for ax in figure.axes:
        texts += [*ax.texts, ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label]
    for legend in figure.legends + [ax.get_legend() for ax in figure.axes if ax.get_legend()]:
        texts += legend.get_texts()
    return [text for text in texts if text.get_text()]


def words(figure) -> str:
    return " ".join(text.get_text() for text in all_texts(figure)).replace("\n", " ")


def title_of(figure) -> str:
    """The chart's title: its largest text."""
    biggest = max(figure.texts, key=lambda text: text.get_fontsize())
    return biggest.get_text().replace("\n", " ")


def data_points(figure) -> np.ndarray:
    """Screen positions of every data series' vertices (reference lines of two points,
    such as the 0 % line, and single marker dots are left out)."""
    points = [line.get_transform().transform(line.get_xydata())
              for ax in figure.axes for line in ax.get_lines() if len(line.get_xydata()) > 2]
    return np.vstack(points)


def points_inside(box, points: np.ndarray) -> int:
    x, y = points[:, 0], points[:, 1]
    return int(((x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)).sum())


def figures(frames) -> dict:
    """One figure of each chart on real data, built the way the bot builds them."""
    f = frames
    tnx = f["^TNX"]
    rows = sector_comparison(SECTORS_SMALL, SECTORS_LARGE)
    start = date(2025, 9, 1)
    small_pe = PeSeries("VTWO", "Yahoo Finance", tuple(
        PePoint(start + timedelta(days=i), 16.0 + (i % 7) / 10) for i in range(60)))
    large_pe = PeSeries("SPY", "Yahoo Finance", tuple(
        PePoint(start + timedelta(days=i), 26.0) for i in range(60)))
    spread = valuation_spread("VTWO", [small_pe], "SPY", [large_pe])
    return {
        "gap": lambda **kw: charts.gap_figure(
            relative_performance("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("max")),
            f["^RUT"], f["^GSPC"], kw.pop("lang"), "total", **kw),
        "sectors": lambda **kw: charts.sectors_figure(rows, "VTWO", "SPY", kw.pop("lang"), **kw),
        "valuation": lambda **kw: charts.valuation_figure(spread, kw.pop("lang"), **kw),
        "rates": lambda **kw: charts.rates_figure(
            rates_sensitivity("VTWO", f["VTWO"], "SPY", f["SPY"], tnx, Window("1y")), **kw),
        "drawdown": lambda **kw: charts.drawdown_figure(
            drawdowns("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("max")), **kw),
        "event": lambda **kw: charts.event_figure(
            event_window("VTWO", f["VTWO"], "SPY", f["SPY"], find_event("liberation-day"), 4),
            **kw),
        "odds": lambda **kw: charts.odds_figure(
            rolling_odds("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], 5), **kw),
        "mix": lambda **kw: charts.mix_figure(
            mix_portfolio("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("max"), 20), **kw),
    }


CHART_NAMES = ["gap", "sectors", "valuation", "rates", "drawdown", "event", "odds", "mix"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_footer_keeps_every_source_whole_and_wraps_instead_of_cutting(all_frames, lang):
    result = relative_performance("IWM", all_frames["IWM"], "SPY", all_frames["SPY"],
                                  Window("max"))
    figure = drawn(charts.gap_figure(result, all_frames["IWM"], all_frames["SPY"], lang,
                                     source=LONG_SOURCE))
    lines = charts.footer_lines(lang, result.end_date, LONG_SOURCE)
    assert len(lines) > 1
    on_chart = [text for text in figure.texts if text.get_text() in lines]
    assert [text.get_text() for text in on_chart] == lines[::-1]  # drawn bottom line first
    assert " ".join(lines) == charts.footer_text(lang, result.end_date, LONG_SOURCE)
    for name in ("IWM_raw.csv", "IWM_adjusted.csv", "SPY_raw.csv", "SPY_adjusted.csv"):
        assert sum(f"({name})" in line for line in lines) == 1  # a file name on one line
    assert "…" not in " ".join(lines)
    renderer = figure.canvas.get_renderer()
    for text in on_chart:  # and every line lies inside the picture
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= charts.CHART_SIZE_PX[0]


def test_footer_text_in_both_languages_with_the_whole_source():
    day = date(2025, 10, 31)
    assert charts.footer_text("en", day, "CSV import (SPY_adjusted.csv)") == (
        "Source: CSV import (SPY_adjusted.csv) · as of 2025-10-31")
    assert charts.footer_text("ko", day, "CSV import (SPY_adjusted.csv)") == (
        "출처: CSV 가져오기 (SPY_adjusted.csv) · 2025-10-31 기준")
    assert charts.footer_text("ko", day, "Yahoo Finance") == "출처: Yahoo Finance · 2025-10-31 기준"
    assert charts.footer_text("en", day, None) == "As of 2025-10-31"
    assert charts.footer_text("ko", day, "") == "2025-10-31 기준"
    assert charts.footer_text("en", None, None) is None
    assert charts.footer_text("ko", None, "Yahoo Finance") == "출처: Yahoo Finance"
    name = "CSV import (" + "very_long_name_" * 12 + ".csv)"
    lines = charts.footer_lines("en", day, name + "\n")
    assert "".join(lines).replace(" ", "") == f"Source:{name}·asof2025-10-31".replace(" ", "")
    assert all(charts._width_px(line, charts._font(charts.FOOTER_SIZE))
               <= charts.FOOTER_WIDTH_PX for line in lines)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_shows_a_stale_note_in_the_warning_colour(all_frames, name, lang):
    note = charts.stale_note(lang, date(2025, 10, 31), 390)
    assert note == {"en": "Stale: data ends 2025-10-31, 390 days ago",
                    "ko": "데이터가 2025-10-31에서 끝남(390일 전)"}[lang]
    build = figures(all_frames)[name]
    figure = build(lang=lang, source="Yahoo Finance", stale_note=note)
    warnings_drawn = [text.get_text() for text in figure.texts
                      if same_color(text.get_color(), charts.WARNING_COLOUR)]
    assert " ".join(warnings_drawn) == note
    fresh = build(lang=lang, source="Yahoo Finance")
    assert not any(same_color(text.get_color(), charts.WARNING_COLOUR) for text in fresh.texts)
    # the PNG functions take the same keyword
    chart = getattr(charts, f"{name}_chart")
    assert "stale_note" in inspect.signature(chart).parameters


def test_a_stale_note_from_the_text_answers_is_drawn_with_glyphs_the_font_has(all_frames):
    note = "⚠ Stale: data ends 2025-10-31, 390 days ago; change −1.2%"
    figure = figures(all_frames)["drawdown"](lang="en", stale_note=note)
    drawn_note = " ".join(text.get_text() for text in figure.texts
                          if same_color(text.get_color(), charts.WARNING_COLOUR))
    assert drawn_note == "Stale: data ends 2025-10-31, 390 days ago; change -1.2%"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_long_windows_draw_growth_on_a_log_axis_and_say_so(all_frames, lang):
    f = all_frames
    long_gap = relative_performance("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("max"))
    short_gap = relative_performance("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("5y"))
    ten_years = relative_performance("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("10y"))
    log_word = {"en": "log scale", "ko": "로그 눈금"}[lang]
    for result, scale in ((long_gap, "log"), (ten_years, "log"), (short_gap, "linear")):
        top = drawn(charts.gap_figure(result, f["^RUT"], f["^GSPC"], lang)).axes[0]
        assert top.get_yscale() == scale
        assert (log_word in top.get_ylabel()) == (scale == "log")
    top = drawn(charts.gap_figure(long_gap, f["^RUT"], f["^GSPC"], lang)).axes[0]
    ticks = [label.get_text() for label in top.get_yticklabels()]
    assert "+0%" in ticks and "+100%" in ticks  # still read as cumulative return
    long_mix = mix_portfolio("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("max"), 20)
    short_mix = mix_portfolio("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("3y"), 20)
    assert charts.mix_figure(long_mix, lang).axes[0].get_yscale() == "log"
    assert charts.mix_figure(short_mix, lang).axes[0].get_yscale() == "linear"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_titles_name_the_span_covered_when_the_data_is_shorter_than_the_window(all_frames,
                                                                               lang):
    f = all_frames
    gap = relative_performance("VTWO", f["VTWO"], "SPY", f["SPY"], Window("10y"))
    start, end = gap.span("total")
    covered = html.unescape(covered_window(lang, Window("10y"), start, end, True))
    title = title_of(charts.gap_figure(gap, f["VTWO"], f["SPY"], lang))
    assert covered in title and start.isoformat() in title
    assert not re.search(r"\b10Y\b", title)
    mix = mix_portfolio("VTWO", f["VTWO"], "SPY", f["SPY"], Window("10y"), 20)
    assert mix.truncated
    assert html.unescape(covered_window(lang, mix.window, mix.start_date, mix.end_date,
                                        True)) in title_of(charts.mix_figure(mix, lang))
    # a window with an end after the data's is titled to the data's end
    asked = Window(start=date(2025, 1, 1), end=date(2025, 12, 31))
    year = relative_performance("VTWO", f["VTWO"], "SPY", f["SPY"], asked)
    title = title_of(charts.gap_figure(year, f["VTWO"], f["SPY"], lang))
    assert "2025-10-31" in title and "2025-12-31" not in title.split("(")[0]


@pytest.mark.parametrize("code", ["1y", "ytd", "max", "3y"])
def test_korean_titles_name_windows_in_words_not_codes(all_frames, code):
    f = all_frames
    window = Window(code, year=2026) if code == "ytd" else Window(code)
    expected = window_name("ko", window)
    results = {
        "gap": charts.gap_figure(relative_performance("IWM", f["IWM"], "SPY", f["SPY"], window),
                                 f["IWM"], f["SPY"], "ko"),
        "rates": charts.rates_figure(rates_sensitivity("IWM", f["IWM"], "SPY", f["SPY"],
                                                       f["^TNX"], window), "ko"),
        "drawdown": charts.drawdown_figure(drawdowns("IWM", f["IWM"], "SPY", f["SPY"], window),
                                           "ko"),
        "mix": charts.mix_figure(mix_portfolio("IWM", f["IWM"], "SPY", f["SPY"], window, 20),
                                 "ko"),
    }
    for name, figure in results.items():
        title = title_of(figure)
        assert not re.search(r"1Y|3Y|YTD|MAX", title), (name, title)
        if "(" not in title:  # covered in full: the window's name in words
            assert expected in title, (name, title)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", CHART_NAMES)
def test_legends_sit_outside_the_axes_where_no_data_is_drawn(all_frames, name, lang):
    figure = drawn(figures(all_frames)[name](lang=lang))
    renderer = figure.canvas.get_renderer()
    inner = [ax.get_legend() for ax in figure.axes if ax.get_legend()]
    assert not inner
    lines = [line for ax in figure.axes for line in ax.get_lines()
             if len(line.get_xydata()) > 2]
    points = data_points(figure) if lines else np.empty((0, 2))
    for legend in figure.legends:
        box = legend.get_window_extent(renderer)
        assert points_inside(box, points) == 0
        assert box.x0 >= 0 and box.x1 <= charts.CHART_SIZE_PX[0]  # all of it in the picture
        for ax in figure.axes:
            assert not box.overlaps(ax.get_window_extent(renderer)), name


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", ["gap", "drawdown", "event", "odds", "mix", "rates"])
def test_value_labels_leave_the_lines_they_label_uncovered(all_frames, name, lang):
    figure = drawn(figures(all_frames)[name](lang=lang))
    renderer = figure.canvas.get_renderer()
    points = data_points(figure)
    labels = [text for ax in figure.axes for text in [*ax.texts, ax._left_title]
              if text.get_text()]
    boxes = [text.get_window_extent(renderer) for text in labels]
    for text, box in zip(labels, boxes, strict=True):
        assert points_inside(box, points) == 0, text.get_text()
        assert text.get_bbox_patch() is None  # no halo to cut a line
    for i, box in enumerate(boxes):  # and no two labels print over each other
        assert not any(box.overlaps(other) for other in boxes[i + 1:])


def test_close_end_values_are_pushed_apart(all_frames):
    f = all_frames
    # 20/80 and 100 % ^GSPC end 1,887 and 1,921 after 36 years: a few pixels apart
    result = mix_portfolio("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("max"), 20)
    figure = drawn(charts.mix_figure(result, "en"))
    renderer = figure.canvas.get_renderer()
    ends = [text.get_window_extent(renderer) for text in figure.axes[0].texts]
    assert len(ends) == 2 and not ends[0].overlaps(ends[1])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_drawdown_marks_the_deepest_point_of_each_side_and_of_the_ratio(all_frames, lang):
    f = all_frames
    result = drawdowns("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("max"))
    # both indices bottomed on 2009-03-09: one dot each, never one label for both
    assert result.small.deepest.trough_date == result.large.deepest.trough_date
    figure = drawn(charts.drawdown_figure(result, lang))
    ax = figure.axes[0]
    dots = {(mdates.num2date(line.get_xdata()[0]).date()
             if not isinstance(line.get_xdata()[0], pd.Timestamp)
             else line.get_xdata()[0].date(), round(float(line.get_ydata()[0]), 6))
            for line in ax.get_lines() if len(line.get_xydata()) == 1}
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert len(legend) == 3 and len(set(legend)) == 3
    for side in (result.small, result.large, result.ratio):
        deepest = side.deepest
        assert (deepest.trough_date, round(deepest.depth_pct, 6)) in dots
        entry = next(text for text in legend if text.startswith(side.label + ":"))
        assert f"{deepest.depth_pct:.1f}%" in entry
        assert deepest.trough_date.strftime(charts.CHART_LABELS[lang]["date_format"]) in entry


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_mix_marks_rebalances_on_the_date_axis_and_the_legend_says_what_they_are(all_frames,
                                                                                lang):
    f = all_frames
    result = mix_portfolio("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], Window("max"), 20)
    assert len(result.rebalance_dates) > 20
    figure = drawn(charts.mix_figure(result, lang))
    ax = figure.axes[0]
    assert not [c for c in ax.collections if isinstance(c, LineCollection)]  # no grid look
    label = charts.CHART_LABELS[lang]["rebalance"]
    (marks,) = [line for line in ax.get_lines() if line.get_label() == label]
    assert marks.get_linestyle() == "None" and len(marks.get_xdata()) == len(
        result.rebalance_dates)
    assert label in [text.get_text() for text in figure.legends[0].get_texts()]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_odds_subtitle_states_the_span_the_text_answer_states(all_frames, lang):
    f = all_frames
    result = rolling_odds("^RUT", f["^RUT"], "^GSPC", f["^GSPC"], 5)
    freshness = Freshness(last_close=result.last_date, fetched_at=None,
                          expected_close=result.last_date, sources=("CSV import (RUT.csv)",))
    text = render_odds(lang, result, freshness)
    figure = charts.odds_figure(result, lang)
    subtitle = next(t.get_text() for t in figure.texts if t.get_fontsize() == 12)
    chart_dates = re.findall(r"\d{4}-\d{2}-\d{2}", subtitle)
    assert len(chart_dates) == 2
    share_line = next(line for line in text.splitlines()
                      if all(day in line for day in chart_dates))
    assert f"{result.beat_pct:.1f}%" in share_line
    assert f"{result.beat_pct:.1f}%" in title_of(figure)


def test_korean_event_charts_say_이벤트_as_the_text_does(all_frames):
    figure = figures(all_frames)["event"](lang="ko")
    text = words(figure)
    assert "이벤트" in text and "사건" not in text
    assert not any("사건" in label for label in charts.CHART_LABELS["ko"].values())


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_with_every_frame_part_is_still_a_phone_sized_png(all_frames, name, lang):
    chart = getattr(charts, f"{name}_figure")
    figure = figures(all_frames)[name](lang=lang, source=LONG_SOURCE,
                                       stale_note=charts.stale_note(lang, date(2025, 10, 31), 9))
    assert chart is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "Glyph ... missing" fails the test
        png = charts._png(figure)
    assert png_size(png) == charts.CHART_SIZE_PX
