"""A chat's settings asked in words are proposals (`confirm`): the language, the time zone,
a digest and the chat's pair; the same words in everyday sentences are no request."""

from __future__ import annotations

from datetime import date

import pytest

from bot.questions.reader import read_question

TODAY = date(2026, 12, 3)


def read(text: str):
    return read_question(text, today=TODAY, default_pair=("VTWO", "SPY"))


@pytest.mark.parametrize(("text", "line"), [
    ("앞으로 영어로 답해줘", "/lang en"),
    ("한국어로 대답해 주세요", "/lang ko"),
    ("언어 영어로 바꿔줘", "/lang en"),
    ("can you reply in korean from now on", "/lang ko"),
    ("switch the language to english please", "/lang en"),
    ("시간대 서울로 바꿔줘", "/tz Asia/Seoul"),
    ("set my timezone to london", "/tz Europe/London"),
    ("change the time zone to New York", "/tz America/New_York"),
    ("매일아침 요약 좀 보내줘", "/digest daily"),
    ("매주 월요일 아침 9시에 요약 보내줘", "/digest weekly 09:00"),
    ("send us a weekly summary pls", "/digest weekly"),
    ("daily digest at 7pm please", "/digest daily 19:00"),
    ("매일 저녁 8시에 브리핑 부탁해요", "/digest daily 20:00"),
    ("stop the daily summary", "/digest off"),
    ("요약 그만 보내", "/digest off"),
    ("make iwm vs ivv the default comparison", "/pair IWM IVV"),
    ("기본 비교를 IWM QQQ로 바꿔줘", "/pair IWM QQQ"),
])
def test_a_setting_asked_in_words_is_proposed_not_made(text, line):
    reading = read(text)
    assert reading is not None and reading.command_line == line
    assert reading.confirm  # the front end asks for a tap by someone who may change it


def test_a_time_zone_asked_about_is_shown():
    reading = read("what timezone are you on?")
    assert reading.command_line == "/tz" and not reading.confirm


@pytest.mark.parametrize("text", [
    "he speaks korean fluently",
    "영어로 뭐라고 해?",
    "what time is it in london",
    "my daily report to the boss is late",
    "I get a daily report from my broker",
    "weekly update from the fed was boring",
    "IWM or QQQ, which is better?",
    "the default on that loan was ugly",
])
def test_the_same_words_in_everyday_sentences_change_nothing(text):
    reading = read(text)
    assert reading is None or not reading.confirm, reading
