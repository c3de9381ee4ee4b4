"""Charts: real data in, valid phone-sized PNGs out, Hangul drawn with real glyphs."""

from __future__ import annotations

import re
import struct
import warnings
from datetime import date, timedelta

import pytest
from matplotlib.ft2font import FT2Font

from analytics.funds import sector_comparison
from analytics.performance import relative_performance
from analytics.windows import Window
from bot import charts
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
    text = "".join(charts.CHART_LABELS["ko"].values()) + "".join(SECTOR_NAMES_KO.values())
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
