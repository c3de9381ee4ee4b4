"""Plain-language questions and the command lines they are read as."""

from __future__ import annotations

import random

import pytest

from bot.questions.reader import Reading, examples, read_question
from tests.support.question_table import (
    ENGLISH,
    FOLLOW_UPS,
    GAP_YTD,
    HOSTILE,
    KOREAN,
    OTHER_PAIR,
    PAIR,
    TODAY,
)


def line(text: str, pair: tuple[str, str] = PAIR, previous: Reading | None = None) -> str | None:
    reading = read_question(text, today=TODAY, default_pair=pair, previous=previous)
    return reading.command_line if reading else None


@pytest.mark.parametrize(("question", "expected"), ENGLISH + KOREAN)
def test_question_reads_as_command(question, expected):
    assert line(question) == expected


@pytest.mark.parametrize(("question", "expected"), OTHER_PAIR)
def test_names_follow_the_chats_pair(question, expected):
    assert line(question, pair=("IWM", "QQQ")) == expected


@pytest.mark.parametrize(("previous", "question", "expected"), FOLLOW_UPS)
def test_follow_up_changes_what_it_names(previous, question, expected):
    assert line(question, previous=previous) == expected


def test_table_is_large_and_bilingual():
    rows = ENGLISH + KOREAN + OTHER_PAIR + [(q, e) for _, q, e in FOLLOW_UPS]
    korean = [q for q, _ in rows if any("\uac00" <= c <= "\ud7a3" for c in q)]
    assert len(rows) >= 150
    assert 0.4 <= len(korean) / len(rows) <= 0.6


def test_alert_proposals_ask_for_confirmation():
    reading = read_question("tell us when the gap passes -20", today=TODAY, default_pair=PAIR)
    assert reading is not None and reading.confirm
    assert reading.command_line == "/alert gap 1y crosses -20"
    assert not read_question("small caps this year", today=TODAY, default_pair=PAIR).confirm


def test_reading_shape():
    reading = read_question("IWM this year", today=TODAY, default_pair=PAIR)
    assert reading == Reading("gap", ("ytd", "IWM", "SPY"), "en")
    assert reading.command_line == "/gap ytd IWM SPY"
    with pytest.raises(AttributeError):
        reading.command = "top"  # frozen: a reading is passed around and compared


def test_close_topics_offer_an_alternative():
    reading = read_question("small cap P/E and sector weights", today=TODAY, default_pair=PAIR)
    assert reading is not None and reading.alternative is not None
    assert {reading.command, reading.alternative.command} == {"valuation", "sectors"}


def test_one_clear_topic_offers_no_alternative():
    reading = read_question("Are small caps cheap?", today=TODAY, default_pair=PAIR)
    assert reading is not None and reading.alternative is None


def test_basis_is_noted():
    total = read_question("total return of IWM this year", today=TODAY, default_pair=PAIR)
    korean = read_question("배당 포함 소형주 1년", today=TODAY, default_pair=PAIR)
    plain = read_question("IWM this year", today=TODAY, default_pair=PAIR)
    assert total.command_line == "/gap ytd IWM SPY" and total.basis == "total"
    assert korean.command_line == "/gap 1y" and korean.basis == "total"
    assert plain.basis is None


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("small caps this year", "en"),
        ("러셀 올해", "ko"),
        ("IWM은?", "ko"),
        ("IWM vs SPY 3년", "ko"),
        ("S&P 500 ytd", "en"),
    ],
)
def test_language_is_the_questions(question, lang):
    previous = GAP_YTD if question == "IWM은?" else None
    reading = read_question(question, today=TODAY, default_pair=PAIR, previous=previous)
    assert reading is not None and reading.lang == lang


def test_examples_are_read():
    for lang in ("en", "ko"):
        questions = examples(lang)
        assert len(questions) == 3
        for question in questions:
            reading = read_question(question, today=TODAY, default_pair=PAIR)
            assert reading is not None and reading.lang == lang


def test_long_question_is_refused():
    assert line("small caps this year " * 30) is None


@pytest.mark.parametrize("question", HOSTILE)
def test_hostile_input_never_raises(question):
    reading = read_question(question, today=TODAY, default_pair=PAIR)
    assert reading is None or reading.command_line.startswith("/")


def test_random_unicode_never_raises():
    generator = random.Random(20261127)
    for _ in range(300):
        length = generator.randint(0, 120)
        text = "".join(chr(generator.randint(0, 0x2FFFF)) for _ in range(length))
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "replace").decode("utf-8")
        read_question(text, today=TODAY, default_pair=PAIR)


def test_ten_thousand_characters_are_refused():
    assert line("small caps " * 1000) is None
    assert line("x" * 10_000) is None


def test_non_text_is_refused():
    assert read_question(None, today=TODAY, default_pair=PAIR) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("question", [
    "what about small caps since 1800?", "small caps since 2999",
    "how did small caps do in 1850", "러셀 1800년 이후 얼마나 올랐어?",
])
def test_a_year_the_data_cannot_have_is_refused_not_replaced_by_a_default(question):
    assert read_question(question, today=TODAY, default_pair=("VTWO", "SPY")) is None
