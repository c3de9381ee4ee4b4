"""The reader on questions it was not written from (set A, written blind), and the classes
of its fixes: a question must be about the market before any reading; families are reached
without their keyword; what was named is kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.questions.reader import language_of, read_question
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


# -- set B: written apart from set A, so its failures were what set A's fixes did not
# generalise; each class below was fixed by a rule about how people talk of the domain,
# and is tested here in words that are not set B's.

SET_B = Path(__file__).parent / "heldout" / "set_b.jsonl"


def test_set_b_scores_at_least_what_was_reached():
    results = score(SET_B)
    assert sum(r.passed for r in results) >= 150


def test_no_chatter_of_set_b_is_answered():
    answered = [r.text for r in score(SET_B) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("top 5 holdings of IWM", "/top IWM"),
    ("what are the biggest positions in VOO", "/top VOO"),
    ("what does IVV own the most of", "/top IVV"),
    ("what stocks are in IWM", "/top IWM"),
    ("QQQ 상위 5종목 뭐야", "/top QQQ"),
    ("IWM 10대 종목 알려줘", "/top IWM"),
    ("SPY 안에 제일 큰 회사 10개", "/top SPY"),
    ("VTWO에 뭐가 제일 많이 들어있어?", "/top VTWO"),
])
def test_top_holdings_in_other_words_name_the_fund(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("what share of the time has the russell led over 10 years", "/odds 10y"),
    ("percent of 5-year periods where small caps won", "/odds 5y"),
    ("10년씩 들고 있으면 소형주가 이긴 비율은?", "/odds 10y"),
    ("5년 구간으로 나눠보면 러셀이 앞선 비율 몇 %?", "/odds 5y"),
])
def test_how_often_as_a_share_of_the_time_is_odds(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "which events do you support", "what event names can I use", "이벤트 뭐뭐 지원해?",
    "이벤트 종류 알려줘",
])
def test_the_events_asked_of_the_bot_are_listed(text):
    assert line(text) == "/events"


@pytest.mark.parametrize(("text", "expected"), [
    ("alert me if small caps drop 30% from the peak, only once", "/alert small_dd < -30 once"),
    ("ping me when the russell is down 20% from its high", "/alert small_dd < -20"),
    ("러셀 고점 대비 -20% 넘게 빠지면 알려줘", "/alert small_dd < -20"),
    # a word of direction on a drawdown is a recovery, kept as said
    ("tell me when the small cap drawdown recovers above -10", "/alert small_dd > -10"),
    ("비율 드로다운 -25 밑으로 가면 한 번만 알려줘", "/alert ratio_dd < -25 once"),
    ("notify me if the 10 year yield breaks above 5%", "/alert yield crosses_above 5"),
    ("10년물 4% 깨지면 알려줘", "/alert yield crosses_below 4"),
    ("격차 -15 교차하면 알림", "/alert gap 1y crosses -15"),
    ("one-off alert if the gap drops below -20", "/alert gap 1y < -20 once"),
    ("gap 1y -10 밑으로 가면 알려주고 그 다음엔 지워줘", "/alert gap 1y < -10 once"),
    ("S&P 1년 수익률이 30% 넘으면 한 번만 알려줘", "/alert large_ret 1y > 30 once"),
    ("could you flag it when the P/E discount goes below 20%", "/alert pe_discount < 20"),
])
def test_alerts_in_other_words(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "pct"), [
    ("half and half russell and s&p over 5 years", "50"),
    ("S&P 포트에 러셀 20% 얹으면?", "20"),
    ("소형주 비중 25%로 가져가면 CAGR 어때", "25"),
    ("what about a 15% small cap sleeve over 10 years", "15"),
    ("70/30 small/large over 10y", "70"),  # the order named says which share is small
    ("80/20 large/small 5y", "20"),
])
def test_a_share_of_a_portfolio_is_a_mix(text, pct):
    reading = read_question(text, today=TODAY, default_pair=PAIR)
    assert reading is not None and reading.command == "mix" and reading.args[0] == pct, text


@pytest.mark.parametrize(("text", "command"), [
    ("유틸리티 섹터 누가 더 무거워?", "sectors"),
    ("is the russell heavier in health care?", "sectors"),
    ("max drawdown of the ratio", "drawdown"),
    ("peak to trough for both legs over 5 years", "drawdown"),
    ("what's the correlation between yields and small cap performance", "rates"),
    ("do yields drive the small-cap gap?", "rates"),
    ("2020 covid crash small vs large", "event"),
])
def test_the_bots_own_vocabulary_is_enough(text, command):
    reading = read_question(text, today=TODAY, default_pair=PAIR)
    assert reading is not None and reading.command == command, text


def test_calendar_years_said_in_words():
    assert line("재작년 소형주 수익률") == "/gap 2024-01-01 2024-12-31"
    assert line("small caps vs the s&p the year before last") == "/gap 2024-01-01 2024-12-31"
    assert line("how did the russel 2000 do vs the s&p in 2022") == "/gap 2022-01-01 2022-12-31"


@pytest.mark.parametrize("text", [
    "my kid wants a spy gadget kit for christmas", "my wife is a spy",
    "he was a spy in the 2000s", "odds are it rains tomorrow",
    "odds are good we'll be late this year", "MY KID WANTS A SPY GADGET",
    "what events are there in town this weekend", "이번 주말에 무슨 이벤트 있어?",
    "covid crash course for nurses", "my kid's tech homework is heavier this year",
    "my weight is 70 and I'm in tech", "let's split the pizza half and half", "반반 치킨 시켜줘",
    "top 10 movies of 2023", "상위 10개 대학 순위", "flag it if you see my cat",
    "재작년에 제주도 갔었지", "in 2023 I moved to Seoul", "percent of the time I'm late",
    "the relationship between my yields of tomatoes and rain", "what stocks should I buy",
    "tell the group I'll be 20 minutes late", "both legs hurt after the run",
])
def test_everyday_words_that_are_tickers_or_cues_need_the_market(text):
    assert line(text) is None


# -- set C: written apart from sets A and B; each class of its failures was fixed by a
# rule about a kind of message, tested here in words that are not set C's.

SET_C = Path(__file__).parent / "heldout" / "set_c.jsonl"


def test_set_c_scores_at_least_what_was_reached():
    results = score(SET_C)
    assert sum(r.passed for r in results) >= 150


def test_no_chatter_of_set_c_is_answered():
    answered = [r.text for r in score(SET_C) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize("text", [
    "Moody's and S&P both downgraded Intel's debt to junk",
    "S&P upgraded Korea's sovereign rating to AA+",
    "S&P가 한전 신용등급 전망을 부정적으로 낮췄네",
    "S&P가 현대차 등급 AA-로 상향",
])
def test_sp_the_rating_agency_is_not_the_index(text):
    assert line(text) is None


def test_the_sp_downgrade_of_the_us_is_still_the_event():
    assert line("since the S&P downgrade of the US, how did small caps do") == "/gap 2011-08-05"
    assert line("S&P 미국 신용등급 강등 이후 소형주 성과") == "/gap 2011-08-05"


@pytest.mark.parametrize("text", [
    "코스피 대형주만 오르고 중소형주는 죽쑤네",
    "KOSPI large caps carried the whole market today",
    "코스닥 소형주 요즘 너무 빠짐",
    "kosdaq small caps are a casino this week",
])
def test_koreas_own_market_is_not_us_small_vs_large(text):
    assert line(text) is None


def test_koreas_market_with_a_us_name_is_still_a_question():
    assert line("코스닥 소형주랑 러셀 비교하면 어때?") == "/gap"


@pytest.mark.parametrize("text", [
    "Tesla got added to the S&P index by the committee back then",
    "the Russell reconstitution is next Friday",
    "small cap earnings season starts next week, buckle up",
    "대형주 실적 시즌이라 정신없네",
    "삼성전자 지수 편입됐다네",
])
def test_market_news_asked_nothing_of_is_chatter(text):
    assert line(text) is None


@pytest.mark.parametrize("text", [
    "금리 인하하면 예금 이자 줄겠네",
    "if the fed cuts rates my mortgage gets cheaper",
    "기준금리 인하될까 대출 갈아타야 하나",
    "rate cuts will help my car loan",
])
def test_a_rate_cut_to_come_is_not_the_past_event(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("금리 인하 이후 러셀 성과 어땠어?", "/gap 2024-09-18"),
    ("how did small caps do after the rate cut", "/event fed-cut-2024"),
    ("2024년 금리 인하 때 러셀 어땠음", "/event fed-cut-2024"),
])
def test_a_past_rate_cut_is_still_the_event(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "how stale is the data you show",
    "as of when are these prices",
    "how current are your figures",
    "지금 수치들 언제 기준이야?",
    "이 숫자 몇일 기준임?",
])
def test_how_old_the_numbers_are_is_status(text):
    assert line(text) == "/status"


@pytest.mark.parametrize("text", [
    "이사 언제 기준으로 잡을까", "how recent is your favourite movie", "언제 기준으로 정산해?",
])
def test_as_of_words_without_the_bots_numbers_are_chatter(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("러셀 40% 나머지는 SPY로 5년 돌리면?", "/mix 40 5y VTWO SPY"),
    ("소형주 25 대형주 75로 나눠 담았으면 10년 성과", "/mix 25 10y"),
    ("대형주 80 소형주 20으로 구성하면 어땠을까", "/mix 20"),
    ("IWM 35% and the rest in SPY over 5 years", "/mix 35 5y IWM SPY"),
    ("small caps 40, large caps 60 over the last 3 years", "/mix 40 3y"),
    ("put 10% in vtwo, rest in voo, 10y", "/mix 10 10y VTWO VOO"),
])
def test_a_split_portfolio_named_by_its_sides_is_a_mix(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("what's the hit rate of small caps beating large over 5y holds", "/odds 5y"),
    ("base rate of the russell winning over 10-year periods", "/odds 10y"),
    ("확률적으로 소형주가 5년 보유시 이기나?", "/odds 5y"),
    ("10년 들고 가면 러셀 승률 얼마야", "/odds 10y"),
])
def test_odds_vocabulary_is_odds_not_rates(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "러셀 2000에 헬스케어주 비중 몇 퍼센트야",
    "S&P에서 에너지 섹터 비중 얼마나 돼?",
    "소형주 지수 금융 업종 비중은?",
    "what's the tech weight in the russell 2000",
])
def test_one_sectors_weight_is_sectors(text):
    assert line(text).startswith("/sectors"), text


@pytest.mark.parametrize(("text", "expected"), [
    ("one-time alert: gap below -15", "/alert gap 1y < -15 once"),
    ("single-use alert when the p/e discount goes above 30%", "/alert pe_discount > 30 once"),
    ("alert: small cap drawdown worse than -25%", "/alert small_dd < -25"),
    ("new alert, ratio drawdown under -20, just once", "/alert ratio_dd < -20 once"),
])
def test_the_noun_alert_with_a_threshold_is_a_rule(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("작년에 러셀이랑 S&P 성과 차이", "/gap 2025-01-01 2025-12-31"),
    ("지난해에 소형주 대형주 수익률 차이", "/gap 2025-01-01 2025-12-31"),
    ("작년 동안 러셀 낙폭", "/drawdown 2025-01-01 2025-12-31"),
    ("작년부터 소형주 수익률", "/gap 2025-01-01"),
    ("what did small caps return vs the S&P last year?", "/gap 2025-01-01 2025-12-31"),
    # a point in last year or a comparison with it is no calendar window
    ("작년에 비해 러셀 얼마나 올랐어", "/gap 1y"),
    ("작년 이맘때 러셀 어땠지", "/gap 1y"),
])
def test_last_year_as_the_time_in_which_is_the_calendar_year(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("IWM?", None), ("iwm vs spy", None), ("3y", None), ("QQQ 5y", None),
    ("S&P 500 ytd", None), ("^RUT 6m", None),
    ("IWM은?", "ko"), ("3년은?", "ko"),
    ("how about IWM", "en"), ("AAPL?", "en"), ("and for 5y?", "en"),
])
def test_tickers_and_windows_alone_have_no_language(text, expected):
    assert language_of(text) == expected


# -- set D: written apart from A, B and C; its failures were moves said by their verb, Korean
# names of metrics and of an event, splits in other shapes and the date of the figures. Each
# class is tested here in sentences that are not set D's.

SET_D = Path(__file__).parent / "heldout" / "set_d.jsonl"


def test_set_d_scores_at_least_what_was_reached():
    results = score(SET_D)
    assert sum(r.passed for r in results) >= 150


def test_no_chatter_of_set_d_is_answered():
    answered = [r.text for r in score(SET_D) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("alert me if SPY drops 4% or more in a week", "/alert large_ret 1w VTWO SPY <= -4"),
    ("buzz me if QQQ slides 7% in 2 weeks", "/alert large_ret 2w VTWO QQQ < -7"),
    ("tell me when IWM rallies more than 8% in a month", "/alert small_ret 1m IWM SPY > 8"),
    ("ping me if the 10 year yield jumps 25bp in a week", "/alert yield_chg 1w > 25"),
    ("소형주가 3개월 동안 15% 넘게 빠지면 알려줘", "/alert small_ret 3m < -15"),
    ("금리가 2주 동안 30bp 넘게 떨어지면 알려줘", "/alert yield_chg 2w < -30"),
    ("S&P 1주일에 3% 이상 하락하면 알림 걸어줘", "/alert large_ret 1w <= -3"),
    ("러셀 한달 수익률 10% 떨어지면 알려줘", "/alert small_ret 1m < -10"),
])
def test_a_move_said_by_its_verb_has_the_verbs_sign(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("alert me if small caps fall below -10% over a year", "/alert small_ret 1y < -10"),
    ("소형주 1년 수익률이 5% 아래로 떨어지면 알려줘", "/alert small_ret 1y < 5"),
    ("let me know if small caps rise above -5% over a year", "/alert small_ret 1y > -5"),
])
def test_a_level_said_with_its_own_word_keeps_its_sign(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "let me know how SPY did, it was up 2% this week",
    "let me know when spy is up or down 5%",
    "소형주 오늘 왜 3% 빠졌는지 알려줘",
])
def test_a_move_reported_or_either_way_is_no_alert(text):
    reading = read_question(text, today=TODAY, default_pair=PAIR)
    assert reading is None or reading.command != "alert", text


@pytest.mark.parametrize(("text", "expected"), [
    ("제트스코어가 2 넘으면 핑 좀 줘", "/alert ratio_z 5y > 2"),
    ("비율 z 점수가 2.5 위로 올라가면 핑 보내줘", "/alert ratio_z 5y > 2.5"),
    ("buzz me if the ratio z-score drops below -1.5", "/alert ratio_z 5y < -1.5"),
])
def test_korean_metric_names_and_pings_are_alerts(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("소형주 고점 대비 -25% 도달하면 알려줘", "/alert small_dd < -25"),
    ("tell me when the russell hits -15% from its high", "/alert small_dd < -15"),
    ("let me know when the ratio drawdown touches -10", "/alert ratio_dd < -10"),
])
def test_a_depth_reached_is_a_depth_passed_on_the_way_down(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("소형주 반 대형주 반으로 가면 수익률 어때", "/mix 50"),
    ("what about half small caps half s&p", "/mix 50"),
    ("half in IWM, half in SPY over 5 years", "/mix 50 5y IWM SPY"),
    ("40% in the russell, rest on the s&p", "/mix 40"),
    ("20% 소형주 나머지 대형주면 어땠어", "/mix 20"),
])
def test_a_split_in_halves_or_a_share_before_its_side_is_a_mix(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "반 반 섞은 김밥", "half the team went home, half stayed", "러셀 반등 s&p 반등",
])
def test_halves_without_two_sides_are_no_split(text):
    reading = read_question(text, today=TODAY, default_pair=PAIR)
    assert reading is None or reading.command != "mix", text


@pytest.mark.parametrize("text", [
    "이 숫자들 며칠자 데이터야?", "어제 종가 반영된 수치예요?", "does this include today's close?",
    "as of what date are these numbers",
])
def test_the_date_of_the_figures_is_status(text):
    assert line(text) == "/status"


@pytest.mark.parametrize("text", [
    "애플 종가 반영됐나", "오늘 종가가 반영된 가격으로 사면 돼?",
    "does the aapl price include today's close", "며칠자 택배야?",
])
def test_a_close_of_a_price_the_bot_does_not_show_is_chatter(text):
    assert line(text) is None


@pytest.mark.parametrize("text", [
    "리버레이션 데이 때 소형주 어땠어", "관세 폭탄 터졌을 때 소형주 대 대형주",
    "how did small caps react to the tariff bomb",
])
def test_liberation_day_in_hangul_letters_or_described_is_the_event(text):
    assert line(text) == "/event liberation-day"


# -- set E: an alert watches what was asked, on the side it was asked ---------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Let me know if the Russell falls more than 4 points behind the S&P over six months.",
     "/alert gap 6m < -4"),
    ("Alert me when small caps lag large caps by over 6% in a year", "/alert gap 1y < -6"),
    ("ping me if small caps get 5 points ahead of the S&P over 3 months", "/alert gap 3m > 5"),
    ("tell me if the S&P falls 3 points behind the Russell over a month", "/alert gap 1m > 3"),
    ("러셀이 1년 기준으로 S&P보다 10%p 넘게 앞서면 알려줘", "/alert gap 1y > 10"),
    ("소형주가 대형주보다 3개월간 4%p 이상 밀리면 알려줘", "/alert gap 3m <= -4"),
    ("에스앤피보다 러셀이 6개월 동안 7%p 넘게 뒤처지면 알림 줘", "/alert gap 6m < -7"),
])
def test_a_move_behind_or_ahead_of_the_other_side_is_the_gap_on_that_side(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("warn me if small caps drop 4 pp against the S&P over a month", "/alert gap 1m < -4"),
    ("Let me know if the Russell falls more than 4 points behind the S&P over six months.",
     "/alert gap 6m < -4"),
    ("소형주가 대형주보다 3개월간 4%p 이상 밀리면 알려줘", "/alert gap 3m <= -4"),
    # a plain percentage stays a return
    ("alert me if small caps drop 5% in a month", "/alert small_ret 1m < -5"),
])
def test_a_move_in_points_is_the_gap_not_a_return(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Please warn me if the small caps slide 30% from their peak.", "/alert small_dd < -30"),
    ("Let me know should the Russell sink 20% off its top.", "/alert small_dd < -20"),
    ("러셀이 전고점 대비 20% 넘게 빠지면 알려줘", "/alert small_dd < -20"),
    ("Ping me if the small/large ratio falls 12% from its peak", "/alert ratio_dd < -12"),
    ("소형주/대형주 비율이 꼭지 대비 10% 빠지면 경고 줘", "/alert ratio_dd < -10"),
    # asked, not watched: still the drawdown
    ("How far below their peak are the small caps now?", "/drawdown"),
])
def test_a_fall_from_the_high_is_the_drawdown(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("If the 10-year yield jumps 25bp in a week, I would like to be told.",
     "/alert yield_chg 1w > 25"),
    ("If small caps drop 8% over a month, tell me.", "/alert small_ret 1m < -8"),
    ("10년물 금리가 한 달새 40bp 넘게 오르면 나한테 알려", "/alert yield_chg 1m > 40"),
    ("러셀이 3개월에 10% 넘게 빠지면 저한테 알려", "/alert small_ret 3m < -10"),
])
def test_being_told_after_a_condition_is_an_alert_ask(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("small caps fell 3% behind yesterday, why?", "/gap"),
    ("러셀이 어제 에스앤피보다 2%p 뒤처졌던데 왜 그래?", "/gap"),
    ("When small caps dropped 10% in 2022, tell me what the gap did.",
     "/gap 2022-01-01 2022-12-31"),
    ("if you have time, tell me how small caps did this year", "/gap ytd"),
    ("러셀 고점대비 얼마나 빠졌는지 알려", "/drawdown"),
])
def test_a_reported_move_or_a_question_is_no_alert(text, expected):
    assert line(text) == expected


# Set E, written blind after set D's fixes: 126/150 on the reader it was written against,
# 133 after one class (alerts proposed with the wrong sign or metric) fixed from it, 138 after
# four vocabulary classes (P/E by its full name, alerts and events listed in other words,
# notify me / set an alarm). Its other 12 misses are the open work (indirect names of the
# sides: "the tiddlers", "the little ones"; events and mixes in other words), so it is held
# at what was reached.
SET_E = Path(__file__).parent / "heldout" / "set_e.jsonl"


def test_set_e_scores_at_least_what_was_reached():  # 147 after set G's classes
    assert sum(r.passed for r in score(SET_E)) >= 147


def test_no_chatter_of_set_e_is_answered():
    answered = [r.text for r in score(SET_E) if r.expected == "none" and r.got is not None]
    assert answered == []


# -- chatter a reviewer found answered, by class -------------------------------------------


@pytest.mark.parametrize("text", [
    "the rest of the S&P story is boring",
    "the rest of my money is in the S&P lol",
    "30% of my salary goes to rent, the rest to the S&P",
    "우리 엄마 러셀 20% 나머지 예금이래",
    "the rest of the week I'm ignoring the Russell",
    "I spent the rest of the day reading about SPY",
    "나머지 돈은 다 S&P에 있어 ㅋㅋ",
])
def test_the_rest_or_a_share_said_of_ones_money_asks_no_mix(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("the rest in SPY and 25% in IWM, 5y backtest?", "/mix 25 5y IWM SPY"),
    ("20% in IWM and the rest in SPY, how would that have done?", "/mix 20 IWM SPY"),
    ("러셀 30% 나머지 S&P로 포트 짜면 어땠어?", "/mix 30"),
    ("what if I had 40% small caps and the rest in the S&P?", "/mix 40"),
])
def test_the_rest_asked_as_a_hypothetical_is_a_mix_with_its_share_bound_to_its_side(
        text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "작년에 S&P 샀는데 반은 팔았어",
    "작년에 결혼했어, 러셀이랑",
    "작년에 러셀 사서 아직 들고 있어",
    "작년에 S&P 얘기 많이 했지",
    "작년에 이사했는데 러셀 생각났어",
])
def test_last_year_in_a_statement_is_no_question(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("작년에 산 S&P ETF 얼마나 올랐어?", "/gap 2025-01-01"),
    ("작년에 산 러셀 수익률 어때?", "/gap 2025-01-01"),
    ("작년에 러셀 성과 어땠어?", "/gap 2025-01-01 2025-12-31"),
    ("작년에 러셀이 S&P보다 얼마나 못했어?", "/gap 2025-01-01 2025-12-31"),
])
def test_last_year_asked_of_is_the_calendar_year_or_a_purchase_a_start(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "what's the hit rate of my stock picks vs the S&P?",
    "how often do you guys check the S&P lol",
    "how often do you look at the russell",
    "what's the hit rate of your calls on the S&P",
    "my batting average against SPY is terrible",
])
def test_odds_words_of_ones_own_record_are_no_odds(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("how often do small caps beat the S&P over 5 years?", "/odds 5y"),
    ("hit rate of small caps beating large caps over 3 years", "/odds 3y"),
    ("how often has the russell outperformed the s&p", "/odds"),
])
def test_odds_words_of_a_side_winning_are_odds(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "내 포트 기술주 비중이 너무 높아",
    "우리 포트 기술주 비중 너무 높네",
    "내 포폴 헬스케어 비중이 좀 낮아",
    "my portfolio is overweight tech lol",
])
def test_a_remark_on_ones_own_portfolio_weights_is_no_question(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("VTWO 기술주 비중 얼마야?", "/sectors VTWO SPY"),
    ("which sectors is SPY overweight in?", "/sectors VTWO SPY"),
    ("내 포트에 러셀 20% 넣으면 어땠어?", "/mix 20"),
])
def test_the_funds_weights_or_a_mix_asked_still_are_read(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "S&P 신용등급 강등 뉴스 봤어?",
    "S&P downgrade news is everywhere today",
    "did you see the S&P credit downgrade headline?",
    "신용등급 강등 얘기 또 나오네 S&P",
])
def test_downgrade_news_is_not_the_2011_event(text):
    assert line(text) is None


@pytest.mark.parametrize("text", [
    "how did small caps do after the US downgrade",
    "how did the russell do after the 2011 downgrade?",
    "미국 신용등급 강등 때 러셀 어땠어?",
])
def test_the_2011_downgrade_referred_to_is_the_event(text):
    assert line(text) == "/event us-downgrade-2011"


@pytest.mark.parametrize(("text", "expected"), [
    ("러셀이 S&P보다 5%p 뒤처지면 알려줘", "/alert gap 1y < -5"),
    ("tell me if small caps lag the S&P by 5 points", "/alert gap 1y < -5"),
    ("if small caps outperform the S&P by 10 points, alert me", "/alert gap 1y > 10"),
    ("소형주가 대형주보다 3%p 앞서면 알려줘", "/alert gap 1y > 3"),
    ("let me know if the russell trails the s&p by 4 points", "/alert gap 1y < -4"),
    ("러셀이 S&P보다 5%p 더 떨어지면 알려줘", "/alert gap 1y < -5"),
])
def test_a_gap_alert_said_by_behind_or_ahead_needs_no_word_of_falling(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("qqq랑 iwm 주가 수익 비율 어느 쪽이 높아?", "/valuation IWM QQQ"),
    ("소형주 주가수익비율 대형주랑 비교하면 어때", "/valuation"),
    ("how does the price to earnings ratio of IWM compare with SPY", "/valuation IWM SPY"),
    ("is the earnings multiple of small caps below the s&p's?", "/valuation"),
    ("price-earnings of the russell vs large caps right now", "/valuation"),
])
def test_pe_by_its_full_name_is_the_valuation_family(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "which alarms have I set up with you?",
    "show me the notifications I've set here",
    "what reminders did I set with the bot",
    "봇에 걸어둔 리마인더 뭐 있어?",
    "내가 설정한 알림 뭐뭐 있지",
])
def test_alerts_by_other_names_are_the_chats_alerts(text):
    assert line(text) == "/alerts"


@pytest.mark.parametrize("text", [
    "what historical crises can you analyse?",
    "which market crashes do you have?",
    "do you cover any famous episodes of the past?",
    "어떤 과거 위기들 볼 수 있어?",
    "역대 위기 목록 보여줘",
])
def test_events_by_other_names_are_the_bots_events(text):
    assert line(text) == "/events"


@pytest.mark.parametrize(("text", "expected"), [
    ("alarm me when the 3-month gap crosses zero", "/alert gap 3m crosses 0"),
    ("notify us if the gap over one year goes below zero", "/alert gap 1y < 0"),
    ("set an alarm for when the z-score is under -2", "/alert ratio_z 5y < -2"),
    ("please set an alarm: the 10-year yield above 5%", "/alert yield > 5"),
])
def test_alarms_and_notifications_asked_with_a_rule_are_alerts(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "set an alarm for 7am",
    "notify me when the pizza arrives",
    "alarm me at 6 tomorrow",
    "what reminders do I have on my phone",
    "what reminders have I set on my phone",
    "내 폰에 설정한 알람 뭐있지",
    "which episodes of the show have you seen",
    "what crises are you dealing with at work",
    "the temperature crossed zero today",
    "PER 높은 회사가 좋은 회사야?",
    "is a high price to earnings company a good company?",
])
def test_everyday_alarms_reminders_episodes_and_pe_stay_chatter(text):
    assert line(text) is None


# Set F, written blind after every fix above (80: 40 ko, 40 en, 24 chatter) and scored
# before any change: 77/80, no chatter answered. Not tuned on.
SET_F = Path(__file__).parent / "heldout" / "set_f.jsonl"


def test_set_f_scores_at_least_what_it_reached():
    assert sum(r.passed for r in score(SET_F)) >= 80  # 77 blind, then E's and G's classes


def test_no_chatter_of_set_f_is_answered():
    answered = [r.text for r in score(SET_F) if r.expected == "none" and r.got is not None]
    assert answered == []


# -- set G: a retail group chat in slang and finance Twitter, written blind (86/120 before) ---

SET_G = Path(__file__).parent / "heldout" / "set_g.jsonl"


def test_set_g_scores_at_least_what_was_reached():
    assert sum(r.passed for r in score(SET_G)) >= 118


def test_no_chatter_of_set_g_is_answered():
    answered = [r.text for r in score(SET_G) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Have the tiddlers caught up with the big boys over the past three years?", "/gap 3y"),
    ("요즘 작은애들이랑 큰애들 격차 어떰", "/gap"),
    ("are small companies cheap compared with the large ones?", "/valuation"),
    ("how did the minnows hold up vs spx last year", "/gap 2025-01-01 2025-12-31"),
])
def test_sides_said_by_a_figure_are_read_when_both_are_named(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "the little ones are asleep finally",
    "small companies pay more tax than big companies",
    "the big boys at work got bonuses again",
    "작은애들이 요즘 말을 안 들어",
])
def test_a_figure_alone_or_asked_nothing_is_no_side(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("아이더블유엠 vs 스파이 1년 격차", "/gap 1y IWM SPY"),
    ("브이티더블유오 상위종목 뭐뭐 들어있어", "/top VTWO"),
    ("스몰 캡 3년 수익률", "/gap 3y"),
    ("3개월 수익률 소형 대형 비교좀", "/gap 3m"),
])
def test_tickers_in_hangul_letters_and_bare_sides_are_read(text, expected):
    assert line(text) == expected


def test_a_spy_in_hangul_is_not_a_ticker_without_the_market():
    assert line("스파이 영화 봤어?") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("소형주 절반 대형주 절반 섞었으면 10년동안 어케됐을까", "/mix 50 10y"),
    ("러셀 3분의1 에스앤피 3분의2 포트 5년 수익률 보여줘", "/mix 33 5y"),
    ("If I had put a quarter in small caps and the rest in the S&P ten years ago?", "/mix 25 10y"),
    ("대형주 7 소형주 3 이렇게 7:3으로 들고갔으면 어땠을지 백테스트", "/mix 30"),
    ("what about 15 per cent in small caps and the rest in spy over 5 years?",
     "/mix 15 5y VTWO SPY"),
])
def test_a_share_said_as_a_fraction_in_words_or_in_tenths_is_a_mix(text, expected):
    assert line(text) == expected


def test_a_quarter_of_a_year_is_no_share():
    assert line("what did small caps do over the last quarter?") != "/mix 25"


@pytest.mark.parametrize(("text", "expected"), [
    ("show me the pair around brexit", "/event brexit"),
    ("How did small caps fare when Britain voted to leave the EU?", "/event brexit"),
    ("feb 2018 when the short vol etfs blew up, small vs large?", "/event volmageddon"),
    ("when trump held up the tariff board in the rose garden, how did iwm do vs spy?",
     "/event liberation-day IWM SPY"),
    ("2024 대선 이후에 스몰캡 랠리 얼마나 갔었음?", "/event election-2024"),
])
def test_events_described_and_the_episode_after_one_are_the_event(text, expected):
    assert line(text) == expected


def test_the_gap_since_an_event_stays_a_window():
    assert line("2024 대선 이후 소형주 수익률") == "/gap 2024-11-05"


@pytest.mark.parametrize(("text", "expected"), [
    ("do rate cuts help small caps?", "/rates"),
    ("everyone says rate cuts = small cap rally, does the data back that up", "/rates"),
    ("how did small caps do after the rate cut", "/event fed-cut-2024"),
    ("금리 인하 이후 소형주 어땠어?", "/gap 2024-09-18"),
])
def test_rate_cuts_in_general_are_rates_and_the_2024_cut_is_the_event(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "나스닥 오늘 불기둥 미쳤다",
    "small caps are ripping today",
    "russell crowe in gladiator is still peak cinema",
    "러셀 크로우 영화 추천",
])
def test_a_remark_on_a_side_or_a_person_named_russell_is_no_question(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("IWM?", "/gap IWM SPY"),
    ("russell 2000 today", "/gap"),
    ("러셀 요즘 어때", "/gap"),
])
def test_a_side_asked_about_is_still_a_question(text, expected):
    assert line(text) == expected


# -- set H: formal Korean and English (analysts, retirees), written blind: 83/120 on the
# reader before set G's fixes, 95/120 after them (blind), then tuned on ----------------------

SET_H = Path(__file__).parent / "heldout" / "set_h.jsonl"


def test_set_h_scores_at_least_what_was_reached():
    assert sum(r.passed for r in score(SET_H)) >= 120


def test_no_chatter_of_set_h_is_answered():
    answered = [r.text for r in score(SET_H) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Please notify me once if the one-year gap falls below minus fifteen percent.",
     "/alert gap 1y < -15 once"),
    ("Kindly set an alert for when the ten-year yield rises above four and a half percent.",
     "/alert yield > 4.5"),
    ("Please alert the group whenever the ratio z-score crosses two.",
     "/alert ratio_z 5y crosses 2"),
    ("PER 스프레드가 다섯 포인트 이상으로 벌어지면 알림 설정 부탁드립니다.",
     "/alert pe_spread >= 5"),
    ("편입 비중을 소형주 사십 퍼센트로 가져갔을 경우 성과를 보고 싶습니다.", "/mix 40"),
    ("Could you show the sixty days following the Brexit referendum for small versus large?",
     "/event brexit 60"),
])
def test_numbers_said_in_words_are_read_as_numbers(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "at one point small caps were ahead, remember?",
    "one time I bought IWM at the top",
    "오일 가격 요즘 어때",
])
def test_number_words_that_are_no_quantity_stay_words(text):
    assert line(text) is None or "1" not in (line(text) or "").split()


@pytest.mark.parametrize(("text", "expected"), [
    ("소형주와 대형주의 1년 격차가 -15%보다 더 벌어지면 알림 부탁드립니다.", "/alert gap 1y < -15"),
    ("I would like to be informed should the Russell 2000 fall twenty percent or more "
     "from its peak.", "/alert small_dd <= -20"),
    ("Should the S&P 500's one-year return drop below zero, I'd appreciate a message.",
     "/alert large_ret 1y < 0"),
    ("Let me know if small caps' three-month return exceeds ten percent. Just the one "
     "notification, please.", "/alert small_ret 3m > 10 once"),
    ("Set a warning for when the price-to-earnings differential exceeds five points.",
     "/alert pe_spread > 5"),
])
def test_alerts_asked_formally_are_proposed(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("코로나 폭락 이후 60일간 소형주가 대형주 대비 어땠나요?", "/event covid 60"),
    ("What proportion of IWM is allocated to technology?", "/sectors IWM SPY"),
    ("VTWO와 SPY의 업종별 편입 비중을 나란히 비교해 주시겠습니까?", "/sectors VTWO SPY"),
    ("최근 5년 기준으로 양쪽의 고점 대비 하락률을 부탁드립니다.", "/drawdown 5y"),
    ("반반, 그러니까 50대50으로 섞었을 때 5년 수익률은 어땠을까요?", "/mix 50 5y"),
    ("올해 소형주가 대형주보다 얼마나 부진했는지 가격수익률 기준으로", "/gap ytd"),
    ("시간대를 서울 기준으로 맞춰 주시기 바랍니다.", "/tz Asia/Seoul"),
    ("답변을 영어로 받아보고 싶은데 언어 설정을 변경해 주시겠습니까?", "/lang en"),
    ("I'm new to this group. What sorts of questions can you answer?", "/help"),
    ("이 봇으로 어떤 것들을 조회할 수 있는지 안내 부탁드립니다.", "/help"),
])
def test_formal_questions_reach_their_families(text, expected):
    assert line(text) == expected


def test_a_blend_asked_nothing_of_returns_is_no_mix():
    assert line("반반 섞었을 때 맛 어땠어?") is None


# -- set I: an office worker, an options trader, a beginner, an Australian fund manager,
# written blind while H's classes were fixed: 102/120 blind (1 chatter answered), then tuned --

SET_I = Path(__file__).parent / "heldout" / "set_i.jsonl"


def test_set_i_scores_at_least_what_was_reached():
    assert sum(r.passed for r in score(SET_I)) >= 120


def test_no_chatter_of_set_i_is_answered():
    answered = [r.text for r in score(SET_I) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("지난 닷새 동안은 소형주가 대형주보다 잘했어요?", "/gap 2026-11-28"),  # 5 days back
    ("리먼 파산 이후 구십일 동안 소형주 성과 어땠나요", "/event lehman 90"),
    ("소형주 삼십 대형주 칠십으로 섞었으면 10년간 어땠을까", "/mix 30 10y"),
    ("포트 오분의 일을 소형주로 채우면 백테스트 결과 어때요?", "/mix 20"),
    ("1년 갭이 마이너스 이십 밑으로 떨어지면 알려줘", "/alert gap 1y < -20"),
    ("ten yr relative perf small vs large pls", "/gap 10y"),
])
def test_korean_numbers_in_words_days_and_fractions(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", ["삼십대 직장인인데 러셀 사도 돼?",
                                  "십분만 기다려 러셀 보고 올게"])
def test_an_age_or_minutes_are_no_number(text):
    assert "30" not in (line(text) or "") and "10" not in (line(text) or "")


@pytest.mark.parametrize(("text", "expected"), [
    ("alert me if the gap > 5", "/alert gap 1y > 5"),
    ("alert if 10y yield > 4.75", "/alert yield > 4.75"),
    ("tell me when 10y yield >= 4.5", "/alert yield >= 4.5"),
    ("Flag it if the IWM/SPY ratio z crosses -2.5", "/alert ratio_z 5y IWM SPY crosses -2.5"),
    ("Alert me when the P/E discount on small caps goes past thirty per cent.",
     "/alert pe_discount > 30"),
    ("S&P 3개월 수익률이 마이너스 십 밑으로 가면 알림 ㄱ", "/alert large_ret 3m < -10"),
])
def test_alerts_with_symbols_and_trader_shorthand(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ratio 1:3 small to large, 10y", "/mix 25 10y"),
    ("What would a fifth of the book in small caps have done over the last ten years?",
     "/mix 20 10y"),
    ("what if i held 40% small caps 60% S&P for the last 5 years", "/mix 40 5y"),
])
def test_shares_as_ratios_and_of_the_book(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("iwm vs spy 1y tr", "/gap 1y IWM SPY"),
    ("as-of time on your last pull? and where's it sourced from", "/status"),
    ("what happened to the russell when the US lost its AAA rating",
     "/event us-downgrade-2011"),
    ("That nasty selloff at the end of 2018 - how did small caps hold up against the S&P?",
     "/event q4-2018"),
    ("매일 아침 요약 좀 보내줄 수 있어?", "/digest daily"),
    ("set my time zone to Sydney, AEDT", "/tz Australia/Sydney"),
])
def test_other_classes_of_set_i(text, expected):
    assert line(text) == expected


def test_total_return_in_shorthand_is_the_basis():
    reading = read_question("iwm vs spy 1y tr", today=TODAY, default_pair=PAIR)
    assert reading.basis == "total"


@pytest.mark.parametrize("text", [
    "어제 리먼 브라더스 다큐 봤는데 재밌더라",
    "what's the source of that quote in your bio",
    "since the end of 2018 I've been in cash",
])
def test_more_chatter_of_set_i_classes(text):
    assert line(text) is None


# -- sets J and K, written blind after set I's fixes: J 104/120 (1 chatter answered), K 112/120
# (none), then tuned on; a student, a salesperson, a dad in plain words, a quant (J); a
# YouTube viewer, a retiree, a journalist, a Reddit user (K) ---------------------------------

SET_J = Path(__file__).parent / "heldout" / "set_j.jsonl"
SET_K = Path(__file__).parent / "heldout" / "set_k.jsonl"


@pytest.mark.parametrize(("path", "reached"), [(SET_J, 119), (SET_K, 120)])
def test_sets_j_and_k_score_at_least_what_was_reached(path, reached):
    assert sum(r.passed for r in score(path)) >= reached


@pytest.mark.parametrize("path", [SET_J, SET_K])
def test_no_chatter_of_sets_j_and_k_is_answered(path):
    answered = [r.text for r in score(path) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("how have the little companies done compared to the big 500 over the last five years?",
     "/gap 5y"),
    ("Are the little companies actually cheaper than the big ones right now?", "/valuation"),
    ("3m rel perf small minus large, total return", "/gap 3m"),
    ("rolling 3y hit rate small>large", "/odds 3y"),
    ("How would a 40% small / 60% large split have done over the past 20 years?",
     "/mix 40 2006-12-03"),  # 20 years back, written as the start
    ("what if I'd held a twenty/eighty small/large split for ten years", "/mix 20 10y"),
    ("who's winning lately, small or large?", "/gap"),
])
def test_the_sides_said_in_plain_or_bare_words(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", ["small or large pizza?", "a small or a large coffee, please"])
def test_small_and_large_of_anything_else_are_no_sides(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("작년5월1일부터 지금까지 스몰캡이랑 대형주 차이", "/gap 2025-05-01"),
    ("소형주/대형주 비율 z점수가 마이너스 이 아래로 내려가면 딱 한 번만 알려주세요",
     "/alert ratio_z 5y < -2 once"),
    ("최근 두 해 동안 미 국채 10년물 금리와 소형주 움직임의 상관관계를 알고 싶습니다",
     "/rates 2024-12-03"),
    ("작년 한해 소형주가 대형주 대비 얼마나 밀렸음?", "/gap 2025-01-01 2025-12-31"),
    ("iwm 안에 제일 많이 든 회사들", "/top IWM"),
    ("R2K sensitivity to 10y UST, 2y window", "/rates 2024-12-03"),
    ("How far below their respective peaks are small and large caps currently?", "/drawdown"),
    ("what happened to small caps after S&P downgraded US debt back in 2011?",
     "/event us-downgrade-2011"),
    ("are we at peak small cap cheapness or nah", "/valuation"),
    ("I'm in London, can you use UK time for this chat", "/tz Europe/London"),
    ("ok bot, what can you actually do?", "/help"),
])
def test_other_classes_of_sets_j_and_k(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("SPY at another all time high, we're so back", None),
    ("러셀 오늘 떡상 가즈아 ㅋㅋ", None),
    ("iwm 3y drawdown lol", "/drawdown 3y IWM SPY"),
    ("how did iwm do this year lol", "/gap ytd IWM SPY"),
])
def test_a_cheer_is_no_question_but_a_terse_request_with_lol_is(text, expected):
    assert line(text) == expected


# -- sets L and M, written blind after J's and K's fixes: L 107/120 (3 chatter answered), M
# 107/120 (6 answered: questions to other members, opinions), then tuned on ------------------

SET_L = Path(__file__).parent / "heldout" / "set_l.jsonl"
SET_M = Path(__file__).parent / "heldout" / "set_m.jsonl"


@pytest.mark.parametrize("path", [SET_L, SET_M])
def test_sets_l_and_m_score_what_was_reached(path):
    assert sum(r.passed for r in score(path)) >= 120


@pytest.mark.parametrize("path", [SET_L, SET_M])
def test_no_chatter_of_sets_l_and_m_is_answered(path):
    answered = [r.text for r in score(path) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize("text", [
    "@민수 너 아직 vtwo 안팔았냐?",
    "@dave did you dump your IWM yet?",
    "anyone else still holding small caps or is it just me suffering",
    "다들 소형주 비중 얼마나 가져가세요? 저는 이십 프로 정도요",
    "what share of small caps do you guys hold?",
])
def test_what_is_said_to_other_members_is_not_asked_of_the_bot(text):
    assert line(text) is None


def test_what_everyone_says_can_still_be_asked_of_the_bot():
    assert line("다들 러셀 싸다싸다 하는데 밸류 차이 실제로 몇 퍼 할인된거야") == "/valuation"


@pytest.mark.parametrize("text", [
    "small caps always look cheap, that's kind of the whole point of them",
    "소형주 싸다는 얘기 몇년째 듣는중임 ㅋㅋ 언제 오르냐",
    "Fed cut again, small caps gonna rip I bet",
    "SPY at another all time high, we're so back",
    "what's the P/E on Samsung Electronics these days",
    "the fed cut my budget haha",
    "rate cuts in 2024 helped my mortgage lol",
])
def test_opinions_bets_and_other_subjects_are_no_question(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("small caps drawdown from the peak lol", "/drawdown"),
    ("small caps p/e gap right now lol", "/valuation"),
    ("소형주 대형주 격차 지금 어때 ㅋㅋ", "/gap"),
])
def test_a_laugh_alone_does_not_make_a_question_chatter(text, expected):
    assert line(text) == expected


# A review of this reader's settings, numbers and sides found these read as requests; each
# class is held here (the review's messages, in its words).
@pytest.mark.parametrize("text", [
    "my phone language is korean",
    "I set my phone language to english",
    "change the subtitles to korean",
    "talk to him in korean please",
    "he speaks english please don't worry",
    "please answer in english for the interview",
    "영어로 바꿔줘 자막",
    "영어로 써줘 이메일은",
    "let's use london time for the standup",
    "switch to tokyo time when you land",
    "move the meeting to lunch time",
    "switch to summer time next week",
    "set a reminder for dinner time in seoul",
    "can you send me the weekly summary of the sprint?",
    "I'd like a weekly recap of the game",
    "daily standup summary please",
    "매일 아침 정리 좀 해줘",
    "주간 리포트 설정해야 돼 회사에서",
    "요약 그만하고 본론으로",
    "브리핑 취소됐대",
    "cancel the report meeting",
    "I'd switch from spy to voo, default choice for bogleheads",
])
def test_settings_words_said_of_other_things_propose_nothing(text):
    reading = read_question(text, today=TODAY, default_pair=PAIR)
    assert reading is None or not reading.confirm, (text, reading)


@pytest.mark.parametrize(("text", "expected"), [
    ("korean please", "/lang ko"),
    ("answer in korean please", "/lang ko"),
    ("daily digest pls", "/digest daily"),
    ("다이제스트 꺼줘", "/digest off"),
    ("stop sending me the daily report", "/digest off"),
    ("Sign me up for the weekly digest.", "/digest weekly"),
    ("from now on compare vtwo with voo by default", "/pair VTWO VOO"),
    ("제가 다음 주부터 밴쿠버에 있을 예정이라, 시간대를 태평양 시간으로 설정해 주세요.",
     "/tz America/Los_Angeles"),
    ("I'm in Toronto, can you use Eastern time for me?", "/tz America/New_York"),
])
def test_settings_asked_of_the_bot_are_still_proposed(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "dm me your small cap picks over 10%",
    "text me the link, small caps up over 2% today",
    "연락줘 소형주 -10% 넘게 빠지면 물타기 하자",
    "we won 7:3 lol small caps also won today",
    "경쟁률 3대1이래 소형주 공모주",
    "the pareto eighty/twenty rule applies to small caps too",
    "small or large pizza for 4 people?",
    "40% small / 60% large t-shirts for the order",
    "small companies are hiring more than big companies this year",
    "minnows vs the big boys in the fishing contest this year",
    "작은 회사들 vs 큰 회사들 연봉 5년차 비교",
    "rose garden party this weekend",
    "short vol is my trading style",
    "스파이 패밀리 2기 어때?",
    "last pull request got merged",
    "what's your source on that rumor?",
])
def test_the_reviews_chatter_gets_no_alert_mix_or_reading(text):
    assert line(text) is None or line(text) in ("/gap",), (text, line(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("text me if the gap drops below -5", "/alert gap 1y < -5"),
    ("what if I had put half in small caps 10 years ago?", "/mix 50 10y"),
    ("이달 들어 소형주 얼마나 올랐어?", "/gap"),
    ("오일 가격 오르면 소형주 빠져?", "/gap"),
    ("다음 금리 인하 때 소형주 오를까?", "/rates"),
    ("fifty-fifty chance small caps outperform this year?", "/odds"),
])
def test_the_reviews_misreadings_are_read_right(text, expected):
    assert line(text) == expected


# -- sets N and O, written blind after L's and M's fixes and the review: N 103/120 (1 chatter
# answered), O 105/120 (2 answered), then tuned on ----------------------------------------------

SET_N = Path(__file__).parent / "heldout" / "set_n.jsonl"
SET_O = Path(__file__).parent / "heldout" / "set_o.jsonl"


@pytest.mark.parametrize("path", [SET_N, SET_O])
def test_sets_n_and_o_score_what_was_reached(path):
    assert sum(r.passed for r in score(path)) >= 119


@pytest.mark.parametrize("path", [SET_N, SET_O])
def test_no_chatter_of_sets_n_and_o_is_answered(path):
    answered = [r.text for r in score(path) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("앞으로는 spy 말고 ivv랑 비교해줘요", "/pair VTWO IVV"),
    ("Could we compare against IVV instead of SPY by default?", "/pair VTWO IVV"),
    ("make the default iwm vs voo from now on", "/pair IWM VOO"),
    ("알림 오는 시간이 이상해요 한국 시간으로 맞춰주세요", "/tz Asia/Seoul"),
    ("답이 영어로 나오는데 한국말로 바꿀 수 있나요?", "/lang ko"),
    ("can u send a weekly summary every monday", "/digest weekly"),
    ("얘들아 오늘은 비교해 볼 거야. 봇아, 최근 세 달 동안 소형주가 대형주보다 얼마나 "
     "잘했는지 보여줄래?", "/gap 3m"),
])
def test_settings_and_the_bot_addressed_in_a_class(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("대형주 대비 소형주가 얼마나 저평가 돼있는지 숫자로 보여줘", "/valuation"),
    ("소형주 이십프로만 넣은 포트 백테스트 해줘 삼년으로", "/mix 20 3y"),
    ("1년 격차가 마이너스 십 퍼센트 선 넘나들 때마다 알려줘", "/alert gap 1y crosses -10"),
    ("whats the gap over the last 5 days lol market's been wild", "/gap 2026-11-28"),
    ("lmk if small caps fall more than 25% from the top", "/alert small_dd < -25"),
    ("how far behind are them little companies over the last three months, partner?",
     "/gap 3m"),
    ("holler at me if the ten-year yield crosses four and a half", "/alert yield crosses 4.5"),
    ("how'd small caps hold up back when that big bank went belly up in '08?", "/event lehman"),
])
def test_more_classes_of_sets_n_and_o(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "파월 오늘 금리 동결했다던데 나스닥 난리났네 ㄷㄷ",
    "ㅋㅋ 나 이번 달 계좌 -7% 찍음 소형주 괜히 샀다",
    "agreed, valuations alone never timed anything. patience is the trade",
])
def test_news_heard_a_loss_vented_and_agreement_are_no_question(text):
    assert line(text) is None


# -- sets P and Q, written blind after N's and O's fixes: P 114/120 (no chatter answered), Q
# 108/120 (3 answered: opinions told at length, a journalist's plan), then tuned on ---------

SET_P = Path(__file__).parent / "heldout" / "set_p.jsonl"
SET_Q = Path(__file__).parent / "heldout" / "set_q.jsonl"


@pytest.mark.parametrize(("path", "reached"), [(SET_P, 119), (SET_Q, 118)])
def test_sets_p_and_q_score_what_was_reached(path, reached):
    assert sum(r.passed for r in score(path)) >= reached


@pytest.mark.parametrize("path", [SET_P, SET_Q])
def test_no_chatter_of_sets_p_and_q_is_answered(path):
    answered = [r.text for r in score(path) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize("text", [
    "Filing my piece on the small-cap lag at 5pm, will share the link here",
    "민수님 말씀은 좀 틀린 게, 소형주가 싼 건 이익이 안 나서 그런 거지 저평가가 아니에요",
    "제가 이십 년 넘게 가치투자를 해오면서 느낀 건, 결국 PER은 평균으로 회귀한다는 겁니다.",
])
def test_a_statement_told_at_length_is_no_question(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("whats the pe spread between vtwo and spy", "/valuation VTWO SPY"),
    ("win rate of small caps over rolling 3-year windows", "/odds 3"),
    ("I'd be grateful if you could set out the relative performance of the Russell 2000 "
     "against the S&P 500 over the last ten years, as I have a client meeting on Monday.",
     "/gap 10y"),
])
def test_terse_and_polite_requests_are_no_statements(text, expected):
    assert (line(text) or "").startswith(expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("반반 섞어서 10년 돌렸으면 어케 됨?", "/mix 50 10y"),
    ("매일 아침에...요약 좀...보내주시면...감사하겠습니다...", "/digest daily"),
    ("제가 지금...뉴욕에...출장 중이라...시간을...동부시간으로...맞춰주시겠어요...",
     "/tz America/New_York"),
    ("How did small caps fare when the US lost its triple-A credit rating, say over the "
     "following sixty days?", "/event us-downgrade-2011 60"),
    ("after Trump won in 2016, how did small caps do relative to large over the next 30 days",
     "/event election-2016 30"),
    ("코인만 하다가 왔는데요 소형주가 요즘 대형주보다 많이 못했다던데 최근 세달 기준으로 "
     "얼마나 차이나요?", "/gap 3m"),
    ("IWM 안에 제일 큰 회사들이 어디임", "/top IWM"),
    ("Please inform me when the three-month return of small caps is above fifteen percent.",
     "/alert small_ret 3m > 15"),
    ("I'm on New York time, please use that for everything", "/tz America/New_York"),
])
def test_classes_of_sets_p_and_q(text, expected):
    assert line(text) == expected


# -- sets R and S, written blind after P's and Q's fixes: R 107/120, S 114/120, no chatter
# answered in either (the last blind measure of this reader), then tuned on -----------------

SET_R = Path(__file__).parent / "heldout" / "set_r.jsonl"
SET_S = Path(__file__).parent / "heldout" / "set_s.jsonl"


@pytest.mark.parametrize(("path", "reached"), [(SET_R, 115), (SET_S, 120)])
def test_sets_r_and_s_score_what_was_reached(path, reached):
    assert sum(r.passed for r in score(path)) >= reached


@pytest.mark.parametrize("path", [SET_R, SET_S])
def test_no_chatter_of_sets_r_and_s_is_answered(path):
    answered = [r.text for r in score(path) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Could you reply in Korean from now on? My grandson's wife is joining the group.",
     "/lang ko"),
    ("english pls, can't read korean 😅", "/lang en"),
    ("외국인 친구가 들어와서 그런데 영어로 언어 설정 바꿔주세요", "/lang en"),
    ("알림 시간이 이상하게 와 한국 시간 기준으로 맞춰줘", "/tz Asia/Seoul"),
    ("switch default large cap to ivv", "/pair VTWO IVV"),
    ("앞으로 이 방에서는 대형주 기준을 ivv로 고정해주세요", "/pair VTWO IVV"),
    ("Could you send me a little report once a week? I don't check every day.",
     "/digest weekly"),
    ("I should like to receive a weekly summary, if that is possible.", "/digest weekly"),
    ("remind me which notifications I've subscribed to", "/alerts"),
    ("alert me if large caps' drawdown hits -10% or worse", "/alert large_dd < -10"),
    ("러셀 고점대비 하락률이 마이너스 이십퍼 밑으로 내려가면 알람 줘", "/alert small_dd < -20"),
    ("10년 묻어두면 소형주가 이길 가능성 얼마나 돼요?", "/odds 10y"),
    ("Is it true the smaller companies are on sale compared to the big ones?", "/valuation"),
])
def test_classes_of_sets_r_and_s(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("gap since 1 may 2024 vtwo voo", "/gap 2024-05-01 VTWO VOO"),
    ("I would like to know the difference in returns between VTWO and VOO since the first "
     "of May, 2024.", "/gap 2024-05-01 VTWO VOO"),
    ("since the 21st of march 2023 small caps vs spy", "/gap 2023-03-21 VTWO SPY"),
    ("may 2024 small caps", "/gap 2024-05-01 2024-05-31"),
    ("smalls finally catching up or nah? last 5 sessions", "/gap 2026-11-28"),
])
def test_a_day_written_first_is_that_day_and_sessions_are_trading_days(text, expected):
    assert line(text) == expected


# -- set T, written blind after every fix of this reader (a pension-fund analyst, a night-shift
# nurse, a Scottish shop owner, a Japanese-American retiree): 115/120, no chatter answered.
# Not tuned on: it is held at its blind score ---------------------------------------------

SET_T = Path(__file__).parent / "heldout" / "set_t.jsonl"


def test_set_t_scores_at_least_what_it_scored_blind():
    assert sum(r.passed for r in score(SET_T)) >= 115


def test_no_chatter_of_set_t_is_answered():
    answered = [r.text for r in score(SET_T) if r.expected == "none" and r.got is not None]
    assert answered == []


# -- set U, written blind at the start of the fourth session (a Korean retail investor in
# 반말 with spacing slips, a securities intern mixing English terms, a Singaporean fund-ops
# clerk, an American retiree on a tablet): 111/120 blind, no chatter answered; 120/120
# after its classes were fixed (settings asked without the usual words, "notification
# 받을 수", ordinal days "September 11th", days without a year "since march 3") ----------

SET_U = Path(__file__).parent / "heldout" / "set_u.jsonl"


def test_set_u_reads_as_its_writer_expected():
    assert [r.text for r in score(SET_U) if not r.passed] == []


def test_no_chatter_of_set_u_is_answered():
    answered = [r.text for r in score(SET_U) if r.expected == "none" and r.got is not None]
    assert answered == []


# -- sets V and W, written blind at the start of the fifth session (V in group-chat slang,
# W in an analyst's register: "RTY vs SPX", "TR basis", 존댓말): V 111/120, W 112/120 blind,
# no chatter answered in either; 120/120 each after their classes were fixed. Then X (four
# personas: 반말 on a phone, a PB's 존댓말, a day-trader, a British engineer) and Y (replies
# inside a busy group: self-corrections, sarcasm, two clauses), written blind after V's and
# W's fixes: X 113/120 with one chatter answered ("엑셀피벗 help좀" read as the Fed's pivot),
# Y 104/120; 120/120 each after their classes were fixed -----------------------------------

SET_V = Path(__file__).parent / "heldout" / "set_v.jsonl"
SET_W = Path(__file__).parent / "heldout" / "set_w.jsonl"
SET_X = Path(__file__).parent / "heldout" / "set_x.jsonl"
SET_Y = Path(__file__).parent / "heldout" / "set_y.jsonl"


@pytest.mark.parametrize("path", [SET_V, SET_W, SET_X, SET_Y])
def test_sets_v_to_y_read_as_their_writers_expected(path):
    assert [r.text for r in score(path) if not r.passed] == []


@pytest.mark.parametrize("path", [SET_V, SET_W, SET_X, SET_Y])
def test_no_chatter_of_sets_v_to_y_is_answered(path):
    answered = [r.text for r in score(path) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    # an election named by its result, dated by the one election year in the sentence
    ("2024년 트럼프 재당선 뒤로 20거래일 소형주 대형주 비교해줘", "/event election-2024 20"),
    ("how did small caps do in the 15 days after trump's 2016 victory",
     "/event election-2016 15"),
    # a trading day said as a business day
    ("코로나 직후 20영업일 러셀 vs s&p", "/event covid 20"),
    ("small vs large over the 10 business days after lehman", "/event lehman 10"),
    # the 10-year yield however it is spelt is the instrument, never a 10-year window
    ("how sensitive are small caps to 10-yr treasuries over the last 2 years?",
     "/rates 2024-12-03"),
    ("ping me if ten year rates rise more than 30bp in a month",
     "/alert yield_chg 1m > 30"),
    # a rule asked for vaguely, and a rule's kin named as a trigger
    ("could you set something up for when the pe discount tops 35%?",
     "/alert pe_discount > 35"),
    ("what triggers have we set up here?", "/alerts"),
    # a fall under the high without the word drawdown
    ("let us know when IWM sits 20% under its peak", "/alert small_dd IWM SPY < -20"),
    # polite Korean endings of a request
    ("10년물 4.8 넘으면 톡 주세요", "/alert yield > 4.8"),
    # a number in brackets restates one outside them
    ("P/E 디스카운트가 40 넘으면(지금은 33쯤) 알려줘", "/alert pe_discount > 40"),
    # a short question made of the bot's own words
    ("are we still underwater?", "/drawdown"),
    ("whats the outperformance since inception?", "/gap max"),
    ("small vs large over the whole available history, price only", "/gap max"),
    # index tickers as analysts write them
    ("SPX vs RTY YTD", "/gap ytd ^RUT ^GSPC"),
    # the data's source said to be failing
    ("is yahoo finance down? numbers look frozen", "/status"),
    ("야후 먹통이에요?", "/status"),
    # settings asked without the usual words
    ("we're all in london now, set the clock to uk time", "/tz Europe/London"),
    ("put our comparison back to the original default", "/pair reset"),
    ("대답은 전부 영어로 해 주세요", "/lang en"),
    # a share of small caps held in a portfolio
    ("a 15% small-cap sleeve in the portfolio over 5 years?", "/mix 15 5y"),
    # since an episode of an event: a part of it between the name and 이후
    ("코로나 폭락 이후 러셀 수익률", "/gap 2020-02-19"),
])
def test_classes_of_sets_v_and_w(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "our basement was under water for a week after the storm?",
    "my yahoo mail is down again lol",
    "I reset my router, what's the default password?",
    "답변은 영어로 뭐라고 해야 돼?",
    "나 2016년에 반장 선거 당선됐었음 ㅋㅋ",
    "10% of my paycheck goes in the savings account",
])
def test_chatter_near_the_classes_of_sets_v_and_w_is_left_alone(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    # Korean words of direction an alert is said with
    ("러셀 1년 수익률이 -15%를 하회하면 채팅방에 알림 걸어줘", "/alert small_ret 1y < -15"),
    ("10년물 4% 밑이면 알람 줘", "/alert yield < 4"),
    # a correction: a ticker said, then taken back
    ("VTWO랑 SPY, 아니 SPY 말고 VOO랑 3년 비교", "/gap 3y VTWO VOO"),
    ("iwm vs qqq, scratch qqq, vs ivv since 2023", "/gap 2023-01-01 IWM IVV"),
    # a basis refused is the other one
    ("1y small vs large, not total return please, price", "/gap 1y"),
    # the comparison of P/Es, and valuation's jargon
    ("IWM vs IVV price-to-earnings spread right now?", "/valuation IWM IVV"),
    ("소형주 멀티플이 대형주보다 얼마나 싸요?", "/valuation"),
    ("is the 2y outperformance of large caps unusual or just noise", "/gap 2024-12-03"),
    # a rule crossing back over its line
    ("tell us if the 1y gap gets back above -5", "/alert gap 1y crosses_above -5"),
    # the chat's rules as what was set up; the bot's events as crashes and crises
    ("둘 중 누가 걸어둔 알림이야? 걸어둔 거 보여줘", "/alerts"),
    ("which crises and sell-offs can you look at?", "/events"),
    # the default comparison asked after
    ("what pair does this chat use by default?", "/pair"),
    # the 10-year named beside its relation
    ("beta of small caps against the 10y over 2 years", "/rates 2024-12-03"),
    # a day written out is the start, whatever event it is said with
    ("since the liberation day low on 2025-04-08, small vs large", "/gap 2025-04-08"),
    # a share of small caps parked in a portfolio
    ("if i had parked 30% in small caps for 10 years", "/mix 30 10y"),
    # sectors asked as an allocation
    ("show me the sector allocation of IWM against SPY", "/sectors IWM SPY"),
])
def test_classes_of_sets_x_and_y(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "엑셀 피벗 테이블 만드는 법 좀",
    "멀티플렉스에서 3시 영화 볼 사람",
    "우리 작은애들 2주 사이에 키가 더 컸음?",
    "what's set up for the team dinner tonight?",
    "he put 30% of his paycheck in a savings account",
])
def test_chatter_near_the_classes_of_sets_x_and_y_is_left_alone(text):
    assert line(text) is None


# -- set Z, written blind after X's and Y's fixes (a student, a retiree in formal Korean with
# odd spacing, a Korean-American switching languages, a Canadian accountant precise about
# dates, a teenager): 108/120 blind, no chatter answered; 119/120 after its classes were
# fixed. The one left: "hits the 95th percentile" is read as crossing 95, where its writer
# wanted "at or above" (a crossing fires on the way up too) ------------------------------

SET_Z = Path(__file__).parent / "heldout" / "set_z.jsonl"


def test_set_z_scores_what_was_reached():
    assert sum(r.passed for r in score(SET_Z)) >= 119


def test_no_chatter_of_set_z_is_answered():
    answered = [r.text for r in score(SET_Z) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    # a day and a count of trading days after it: /event's own question
    ("what happened in the 20 trading days after 2022-06-16?", "/event 2022-06-16 20"),
    ("2020년 3월 16일 이후 10거래일 소형주 대형주", "/event 2020-03-16 10"),
    # dates as Americans write them, and weekdays counted back
    ("small caps since 3/15/2025", "/gap 2025-03-15"),
    ("russell vs s&p since last friday", "/gap 2026-11-27"),
    ("지난주 월요일부터 소형주 성과", "/gap 2026-11-23"),
    # a sign turning is a crossing of zero
    ("let us know when the 1y gap turns negative again", "/alert gap 1y crosses_below 0"),
    ("소형주 1년 초과수익이 플러스로 돌아서면 알려줘", "/alert gap 1y crosses_above 0"),
    # the events asked for besides one named
    ("besides covid, which other events do you know?", "/events"),
    # a bare fraction of the book
    ("third in small caps, the rest in the s&p, over 10 years", "/mix 33 10y"),
    # once with odd spacing; an English verb inside a Korean request
    ("러셀 고점 대비 -30% 밑으로 가면 한 번 만 ping 해줘", "/alert small_dd < -30 once"),
    ("whats inside VOO", "/top VOO"),
    ("how did small caps do over the max available history", "/gap max"),
])
def test_classes_of_set_z(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "my exam is on 5/12/2026, wish me luck",
    "we won last friday 3-1, next game in two fridays",
    "my mood turns negative every monday lol",
    "besides the wedding, what other events are you going to this year?",
])
def test_chatter_near_the_classes_of_set_z_is_left_alone(text):
    assert line(text) is None


# -- set AA, written blind after Z's fixes (a fund manager's voice notes, a first-time
# investor's worried questions, an Australian crypto trader, an Indian-English engineer):
# 113/120 blind, one chatter answered ("비트 고점 대비 … 드로다운이지 뭐": bitcoin's
# drawdown read as ours); 120/120 after its classes were fixed ------------------------------

SET_AA = Path(__file__).parent / "heldout" / "set_aa.jsonl"


def test_set_aa_reads_as_its_writer_expected():
    assert [r.text for r in score(SET_AA) if not r.passed] == []


def test_no_chatter_of_set_aa_is_answered():
    answered = [r.text for r in score(SET_AA) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    # crypto beside a side of ours is a remark; the question is still ours
    ("how did small caps hold up in the covid crash? crypto got wrecked lol", "/event covid"),
    # the 10-year in Korean numerals, two weeks as 이주
    ("VTWO 십년물 민감도 1년", "/rates 1y VTWO SPY"),
    ("러셀이랑 s&p 이주간 누가 더 올랐음?", "/gap 2026-11-19"),
    # P/E counted in turns
    ("what's the gap in turns of p/e between small and large?", "/valuation"),
    # the chat's rules enumerated; a wrap-up is a digest
    ("kindly enumerate the alerts configured here", "/alerts"),
    ("send us a daily wrap-up at 8am please", "/digest daily 08:00"),
])
def test_classes_of_set_aa(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "비트 고점 대비 40% 빠짐 ㅋㅋ 이게 드로다운이지",
    "eth drawdown this month is brutal",
    "이주 준비 중이라 바빠요",
    "did small caps hold up better than bitcoin in the covid crash?",  # not ours to compare
])
def test_chatter_near_the_classes_of_set_aa_is_left_alone(text):
    assert line(text) is None


# -- set AB, written blind after AA's fixes (one group over a week: a moderator, a quant, two
# joking members, a newcomer): 110/120 blind, one chatter answered (a startup's "$40M
# valuation" read as the P/E gap); 116/120 after its classes were fixed. Left: two
# follow-ups with no market word ("그럼 작년 한 해만 놓고 보면?", "so what about since the
# election then?") that only a reply to an answer can place, "리먼 사태 이후에 … 어땠는지"
# read as since Lehman where its writer meant the event's window, and a request addressed
# to "@mod" ------------------------------------------------------------------------------------

SET_AB = Path(__file__).parent / "heldout" / "set_ab.jsonl"


def test_set_ab_scores_what_was_reached():
    assert sum(r.passed for r in score(SET_AB)) >= 116


def test_no_chatter_of_set_ab_is_answered():
    answered = [r.text for r in score(SET_AB) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("SVB 이후로 치면 어떻게 돼?", "/gap 2023-03-08"),  # since an event, asked alone
    ("10년물 한 달 새 30bp 넘게 빠지면 알려쥬", "/alert yield_chg 1m < -30"),
    ("ping us if the ratio drawdown crosses -25", "/alert ratio_dd crosses -25"),
    ("매주 월요일 아침에 요약 올려줘", "/digest weekly"),
    ("which pings do we have set up here?", "/alerts"),
    ("is the russell still trading at a discount?", "/valuation"),
])
def test_classes_of_set_ab(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "my cousin's startup raised at a $12M valuation lol",
    "스타트업 기업가치 100억 밸류 받았대",
    "코로나 이후로 치면 어떻게 돼? 우리 회사 재택 얘기임",
])
def test_chatter_near_the_classes_of_set_ab_is_left_alone(text):
    assert line(text) is None


# -- set AC, written blind after AB's fixes (a retail desk forwarding clients' questions, a
# teenager's slang, a New Zealand farmer, a financial journalist): 108/120 blind, no chatter
# answered; 120/120 after its classes were fixed (the last: a day said as the window's
# end, "year-to-date, through Dec 2, 2026") --------------------------------------------------

SET_AC = Path(__file__).parent / "heldout" / "set_ac.jsonl"


def test_set_ac_reads_as_its_writer_expected():
    assert [r.text for r in score(SET_AC) if not r.passed] == []


def test_no_chatter_of_set_ac_is_answered():
    answered = [r.text for r in score(SET_AC) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("how did the little fellas go this past fortnight?", "/gap 2w"),
    ("over any 10 year stretch how often do the small ones come out ahead?", "/odds 10y"),
    ("are small company shares cheap at the moment?", "/valuation"),
    ("give us a yell if the big company fund drops more than 10% over 3 months",
     "/alert large_ret 3m < -10"),
    ("if the 10y yield jumps more than 30bp in a month, ping once",
     "/alert yield_chg 1m > 30 once"),
    ("how far off its best is IWM right now?", "/drawdown IWM SPY"),
    ("포트폴리오 20%를 러셀로, 나머지를 S&P로 10년 돌렸으면?", "/mix 20 10y"),
    ("봇 데이터 또 터짐?", "/status"),
    ("what happened after the sept. 11 attacks, 30 trading days, small vs large",
     "/event sept-11 30"),
])
def test_classes_of_set_ac(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "the little fellas at school did great on their exams",
    "give me a yell when dinner's ready",
    "my phone battery 터짐 ㅋㅋ",
])
def test_chatter_near_the_classes_of_set_ac_is_left_alone(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    # a day said as the end: the window asked runs to it; through the last close, it is
    # just the window; none asked, the year before it
    ("small caps vs s&p through june 30 2025", "/gap 2024-06-30 2025-06-30"),
    ("IWM vs SPY over 3 years until 2024-12-31", "/gap 2021-12-31 2024-12-31 IWM SPY"),
    ("러셀 vs S&P 2025년 3월 31일까지 6개월 성과", "/gap 2024-09-30 2025-03-31"),
    ("russell vs s&p ytd, through 2026-12-02", "/gap ytd"),
    ("small caps from 2025-01-01 through 2025-06-30", "/gap 2025-01-01 2025-06-30"),
])
def test_a_day_said_as_the_end_ends_the_window(text, expected):
    assert line(text) == expected


# -- set AD, written blind after AC's fixes (an ETF blogger, a couple in a family chat, a
# Singaporean banker, an economics teacher; commands typed lazily, two questions in one
# message): 108/120 blind, two chatter answered ("금 ETF 비교로 갈 예정", "NVDA and TSLA are
# the whole market"); 118/120 after its classes were fixed (the last: a market question in
# a sentence of its own after a dinner question). Left: "what does IWM actually hold?" and
# "warns us if … climbs over positive two" ---------------------------------------------------

SET_AD = Path(__file__).parent / "heldout" / "set_ad.jsonl"


def test_set_ad_scores_what_was_reached():
    assert sum(r.passed for r in score(SET_AD)) >= 118


def test_no_chatter_of_set_ad_is_answered():
    answered = [r.text for r in score(SET_AD) if r.expected == "none" and r.got is not None]
    assert answered == []


@pytest.mark.parametrize(("text", "expected"), [
    ("VTWO랑 VOO 멀티플 차이 얼마나 나요?", "/valuation VTWO VOO"),
    ("봇 고장났나? 수치가 어제랑 똑같네", "/status"),
    ("드로다운 5y", "/drawdown 5y"),
    ("mix 25 10y", "/mix 25 10y"),
    ("IWM top ten names please", "/top IWM"),
    ("how far off their highs are both?", "/drawdown"),
    ("biggest fall from the peak for each side over 5 years?", "/drawdown 5y"),
])
def test_classes_of_set_ad(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "금리 4.5% 1년짜리 적금 특판 나왔대요",
    "gold ETF vs silver ETF this year, which did better?",
    "AAPL and MSFT are basically the whole index lol",
    "집값 3년 동안 얼마나 올랐냐",
])
def test_chatter_near_the_classes_of_set_ad_is_left_alone(text):
    assert line(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    # a word of something else vetoes only its own sentence
    ("점심 뭐 먹을래? 그리고 러셀 1년 성과 S&P랑 비교해줘", "/gap 1y"),
    ("dinner at 7 tonight. also how did small caps do vs the s&p this year?", "/gap ytd"),
])
def test_a_market_sentence_beside_one_of_something_else_is_read(text, expected):
    assert line(text) == expected


@pytest.mark.parametrize("text", [
    "점심 뭐 먹을래? 나는 김치찌개",
    "lunch was great. the market crashed lol",
])
def test_sentences_of_something_else_stay_unanswered(text):
    assert line(text) is None
