"""Every message exists in English and Korean, translated, with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from bot.catalogue import menu
from bot.present.i18n import LANGUAGES, MESSAGES, fmt_pp, language_for, t
from bot.present.render import html_to_text

PLACEHOLDER = string.Formatter()
SYMBOLS_ONLY = re.compile(r"^[\W\d_A-Z/<>]*$")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in PLACEHOLDER.parse(template) if name}


def test_both_languages_have_every_key():
    assert set(MESSAGES["en"]) == set(MESSAGES["ko"])


@pytest.mark.parametrize("key", sorted(MESSAGES["en"]))
def test_every_message_is_translated_with_the_same_placeholders(key):
    en, ko = MESSAGES["en"][key], MESSAGES["ko"][key]
    assert placeholders(en) == placeholders(ko), key
    if not SYMBOLS_ONLY.match(html_to_text(en)):
        assert en != ko, f"{key} is not translated"
        assert re.search(r"[가-힣]", ko) or key.startswith("units_"), f"{key} has no Hangul"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", sorted(MESSAGES["en"]))
def test_every_placeholder_is_filled_and_the_html_is_well_formed(lang, key):
    values = {name: "X" for name in placeholders(MESSAGES[lang][key])}
    text = t(lang, key, **values)
    assert "{" not in text.replace("{}", "") and "}" not in text
    # Telegram refuses unbalanced tags: every template opens and closes the same ones.
    opened = re.findall(r"<(b|i|code|pre)>", text)
    closed = re.findall(r"</(b|i|code|pre)>", text)
    assert sorted(opened) == sorted(closed), key


def test_the_command_menu_exists_in_both_languages_with_the_same_commands():
    assert [c for c, _ in menu("en")] == [c for c, _ in menu("ko")]
    for lang in LANGUAGES:
        # Telegram's BotCommand limits: 3 to 256 characters of description.
        assert all(3 <= len(d) <= 256 for _, d in menu(lang))


def test_language_follows_telegram_tags():
    assert language_for("ko-KR") == "ko"
    assert language_for("en-US") == "en"
    assert language_for(None) == "en"
    assert language_for("de") == "en"


def test_percentage_points_follow_each_languages_convention():
    assert fmt_pp("en", -6.94) == "−6.9 pp"
    assert fmt_pp("ko", -6.94) == "−6.9%p"


def test_korean_tables_line_up_in_a_monospace_font():
    from bot.present.render import display_width

    assert display_width("가격") == 4 and display_width("Price") == 5
