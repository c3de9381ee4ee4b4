"""Charts: real data in, valid phone-sized PNGs out, Hangul drawn with real glyphs."""

from __future__ import annotations

import re
import struct
import warnings
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from matplotlib.ft2font import FT2Font

from analytics.drawdown import drawdowns
from analytics.events import EVENTS, event_window, find_event
from analytics.funds import sector_comparison
from analytics.mix import mix_portfolio
from analytics.odds import rolling_odds
from analytics.performance import relative_performance
from analytics.rates import rates_sensitivity
from analytics.windows import Window
from bot import charts
from storage.csv_import import read_bars_csv
from tests.conftest import SECTORS_LARGE, SECTORS_SMALL


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
    history = [(date(2025, 9, 1) + timedelta(days=i), 0.35 + i / 1000) for i in range(points)]
    png = charts.valuation_chart(history, history[-1][1], 50.0 if points > 1 else None, "ko",
                                 "VTWO", "SPY")
    assert png_size(png) == charts.CHART_SIZE_PX


def test_the_korean_font_has_a_glyph_for_every_hangul_character_we_draw():
    from bot.i18n import SECTOR_NAMES_KO

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


def test_footer_text_in_both_languages_short_and_on_one_line():
    day = date(2025, 10, 31)
    assert charts.footer_text("en", day, "CSV import (SPY_adjusted.csv)") == (
        "Source: CSV import (SPY_adjusted.csv) · as of 2025-10-31")
    assert charts.footer_text("ko", day, "Yahoo Finance") == "출처: Yahoo Finance · 2025-10-31 기준"
    assert charts.footer_text("en", day, None) == "As of 2025-10-31"
    assert charts.footer_text("ko", day, "") == "2025-10-31 기준"
    assert charts.footer_text("en", None, None) is None
    assert charts.footer_text("ko", None, "Yahoo Finance") == "출처: Yahoo Finance"
    long = charts.footer_text("en", day, "CSV import (" + "very_long_name_" * 12 + ".csv)\n")
    assert len(long) <= charts.FOOTER_MAX_CHARS and "\n" not in long
    assert long.endswith("… · as of 2025-10-31")
