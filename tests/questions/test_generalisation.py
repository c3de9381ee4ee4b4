"""The reader on questions it was not written from (set A, written blind), and the classes
of its fixes: a question must be about the market before any reading; families are reached
without their keyword; what was named is kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.questions.reader import read_question
from tests.support.reader_score import score

SET_A = Path(__file__).parent / "heldout" / "set_a.jsonl"
TODAY = date(2026, 12, 3)
PAIR = ("VTWO", "SPY")


def line(text: str) -> str | None:
    reading = read_question(text, today=TODAY, default_pair=PAIR)
    return reading.command_line if reading else None


def test_set_a_scores_at_least_what_was_reached():
    results = score(SET_A)
    assert sum(r.passed for r in results) >= 148


def test_no_chatter_of_set_a_is_answered():
    answered = [r.text for r in score(SET_A) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize("text", [
    "5 years", "in 3 months", "2024-05-01", "since 2019", "3년", "지난 6개월", "25%",
    "AAPL", "ORCL next week", "TSLA 1y", "2주 뒤에 봐",
])
def test_a_bare_span_date_percentage_or_unknown_ticker_is_not_a_question(text):
    assert line(text) is None


@pytest.mark.parametrize("text", [
    "the gap between my teeth is getting wider",
    "this sandwich is so cheap",
    "my savings account rate is 3% now",
    "the odds of rain tomorrow are 70%",
    "the drawdown on my patience this week",
    "what sector do you work in?",
    "remind me to buy milk if it drops below 2 dollars",
    "우리 팀이랑 1위랑 격차가 10점이야",
    "이 집 김밥 진짜 싸다",
    "예금 금리 4% 주는 곳 있어?",
    "내일 비 올 확률 60%래",
    "코로나 때 여행 못 가서 아쉬웠지",
    "happy birthday Russell",
])
def test_an_everyday_sentence_with_a_topic_word_but_no_market_is_not_a_question(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "command"), [
    ("what if I put 40% in small caps?", "mix"),
    ("70/30 large/small over 5 years", "mix"),
    ("소형주 30대70으로 섞으면", "mix"),
    ("are small caps still under water?", "drawdown"),
    ("러셀 고점 대비 얼마나 빠져 있어", "drawdown"),
    ("how much more tech does the S&P hold than small caps?", "sectors"),
    ("소형주 금융주 비중", "sectors"),
    ("how often have small caps beaten large caps over 10 years", "odds"),
    ("what events do you know about", "events"),
])
def test_a_family_is_reached_without_its_keyword(text, command):
    reading = read_question(text, today=TODAY, default_pair=PAIR)
    assert reading is not None and reading.command == command, text


def test_last_year_is_the_calendar_year():
    assert line("small caps vs the S&P last year") == "/gap 2025-01-01 2025-12-31"
    assert line("작년 한 해 소형주 성과") == "/gap 2025-01-01 2025-12-31"
    assert line("small caps over the last year") == "/gap 1y"  # trailing


def test_the_ten_year_is_an_instrument_not_a_window():
    assert line("do small caps fall when the 10 year rises?") == "/rates"


def test_a_named_fund_is_kept():
    assert line("top holdings of VOO") == "/top VOO"
    assert line("IWM vs IVV valuation") == "/valuation IWM IVV"
    assert line("alert me if the IWM/SPY 2y gap drops below -10") == (
        "/alert gap 2y IWM SPY < -10")


def test_once_is_kept_in_an_alert():
    assert line("just once, tell me if the gap goes above 5") == "/alert gap 1y > 5 once"
    assert line("격차가 -10 밑으로 가면 한 번만 알려줘") == "/alert gap 1y < -10 once"


def test_a_drawdown_said_as_a_positive_depth_is_below_zero():
    assert line("tell me when small caps are 20% or more below their high") == (
        "/alert small_dd <= -20")
