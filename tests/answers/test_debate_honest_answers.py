"""The debate answers claim only what their data holds (issue 16): titles name the span
covered, closed windows are not called stale, conclusions need enough days and an
interval that excludes zero, and a pair too young to answer names the pairs that can.
Expected figures come from the CSVs with the csv module and loops, in both languages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from analytics.tracking import covering_pairs, tracked_index
from bot.present.i18n import MESSAGES
from bot.present.korean import BOTH_WAYS
from tests.support.bots import OTHER_USER, USER, bot_env
from tests.support.expected import (
    common,
    csv_column,
    expected_odds,
    fisher_interval,
    last_index_on_or_before,
    last_on_or_before,
    months_earlier,
    pearson,
)
from tests.support.fake_botapi import feed

EN, KO = USER, OTHER_USER


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        yield running


@pytest.fixture(scope="module")
def closes(market_data) -> dict[str, dict[date, float]]:
    return {
        "VTWO": csv_column(market_data / "VTWO.csv", "adj_close"),
        "SPY": csv_column(market_data / "SPY_adjusted.csv", "close"),
        "IWM": csv_column(market_data / "IWM_adjusted.csv", "close"),
        "^TNX": csv_column(market_data / "TNX.csv", "close"),
    }


def stale_marker(lang: str) -> str:
    """The words the stale warning starts with, whatever they are in that language."""
    return MESSAGES[lang]["stale_line"].split("{")[0]


def signed(value: float, digits: int) -> str:
    """How the answers write a signed figure: a real minus, and no sign on what rounds to 0."""
    text = f"{value:+.{digits}f}"
    return f"{0:.{digits}f}" if float(text) == 0 else text.replace("-", "−")


def buttons(message) -> dict[str, str]:
    return {b["text"]: b["callback_data"]
            for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row}


# -- titles claim only the span covered (defect 1) ---------------------------------------------


@pytest.mark.parametrize("command", ["/mix 20 10y", "/mix", "/drawdown 10y", "/rates 10y"])
async def test_a_title_names_the_span_covered_when_the_data_is_shorter_than_asked(
        env, closes, command):
    days = common(closes["VTWO"], closes["SPY"])
    if command.startswith("/rates"):
        days = common(closes["VTWO"], closes["SPY"], closes["^TNX"])
    first, last = days[0], days[-1]
    years = round((last - first).days / 365.25, 1)
    (english,) = await env.say(EN, command)
    title = english.splitlines()[0]
    assert f"{first} → {last} ({years} years of the 10 years asked)" in title
    assert "10Y" not in title
    (korean,) = await env.say(KO, command)
    title = korean.splitlines()[0]
    assert f"{first} → {last}" in title and f"요청한 10년 중 {years}년" in title


@pytest.mark.parametrize(("command", "en_name", "ko_name"), [
    ("/drawdown", "all data", "전체 기간"), ("/rates 1y", "1 year", "1년"),
    ("/mix 20 3m", "3 months", "3개월"),
])
async def test_a_covered_window_is_named_in_words_never_as_a_code(env, command, en_name,
                                                                  ko_name):
    (english,) = await env.say(EN, command)
    assert english.splitlines()[0].endswith(f"· {en_name}")
    (korean,) = await env.say(KO, command)
    title = korean.splitlines()[0]
    assert title.endswith(f"· {ko_name}")
    assert not re.search(r"\b(1Y|3M|YTD|MAX)\b", korean)


# -- closed windows are history, not stale (defect 6) ------------------------------------------


@pytest.mark.parametrize("command", ["/drawdown 2022-01-01 2022-12-31 IWM SPY",
                                     "/mix 20 2022-01-01 2022-12-31 IWM SPY",
                                     "/rates 2022-01-01 2022-12-31 IWM SPY",
                                     "/event covid IWM SPY", "/event lehman IWM SPY"])
async def test_a_window_that_closed_long_before_the_data_ends_is_not_called_stale(env, command):
    for chat, lang in ((EN, "en"), (KO, "ko")):
        (text,) = await env.say(chat, command)
        assert stale_marker(lang) not in text, text


async def test_a_window_running_to_the_last_close_still_says_the_data_is_stale(env):
    for chat, lang in ((EN, "en"), (KO, "ko")):
        (text,) = await env.say(chat, "/drawdown 1y IWM SPY")
        assert stale_marker(lang) in text


async def test_an_event_window_running_to_the_last_close_says_the_data_is_stale(env):
    # 2025-10-28 and 3 trading days after it end at VTWO's last close.
    (text,) = await env.say(EN, "/event 2025-10-28 3")
    assert stale_marker("en") in text


# -- /event names the close it starts from (defect 7) ------------------------------------------


async def test_an_event_on_a_saturday_is_titled_with_the_close_actually_used(env, closes):
    used = last_on_or_before({d: 0 for d in common(closes["VTWO"], closes["SPY"])},
                             date(2025, 4, 5))
    assert used == date(2025, 4, 4)
    (english,) = await env.say(EN, "/event 2025-04-05")
    title = english.splitlines()[0]
    assert f"From the {used} close" in title and "the last close before 2025-04-05" in title
    (korean,) = await env.say(KO, "/event 2025-04-05")
    title = korean.splitlines()[0]
    assert f"{used} 종가부터" in title and "2025-04-05 직전 거래일" in title
    (trading_day,) = await env.say(EN, "/event 2025-04-02 4")
    assert trading_day.splitlines()[0].startswith("From the 2025-04-02 close:")


# -- /rates: where the yield ends, dated rows, spells inside the window (defect 9) -------------


async def test_rates_say_that_the_window_ends_where_the_yield_data_does(env, closes):
    tnx_last = max(closes["^TNX"])
    pair_last = common(closes["IWM"], closes["SPY"])[-1]
    assert tnx_last < pair_last
    (english,) = await env.say(EN, "/rates 3y IWM SPY")
    assert f"data (^TNX) ends at {tnx_last}" in english and f"run to {pair_last}" in english
    (korean,) = await env.say(KO, "/rates 3y IWM SPY")
    assert f"(^TNX) 데이터가 {tnx_last}에서 끝나" in korean and f"{pair_last}까지" in korean
    (own_pair,) = await env.say(EN, "/rates 1y")  # VTWO ends before the yield: nothing to say
    assert "ends at" not in own_pair


async def test_rates_print_the_dates_of_the_last_three_months_and_year(env, closes):
    days = common(closes["VTWO"], closes["SPY"], closes["^TNX"])
    end = days[-1]
    three = days[last_index_on_or_before(days, months_earlier(end, 3))]
    year = days[last_index_on_or_before(days, months_earlier(end, 12))]
    (english,) = await env.say(EN, "/rates 1y")
    assert f"Last 3 months, {three} → {end}" in english
    assert f"Last year, {year} → {end}" in english
    (korean,) = await env.say(KO, "/rates 1y")
    assert f"최근 3개월, {three} → {end}" in korean and f"최근 1년, {year} → {end}" in korean


async def test_rates_spells_count_only_three_month_moves_inside_the_window(env, closes):
    vtwo, spy, tnx = closes["VTWO"], closes["SPY"], closes["^TNX"]
    days = common(vtwo, spy, tnx)
    end = len(days) - 1
    start = last_index_on_or_before(days, months_earlier(days[end], 12))
    rising = falling = 0
    for t in range(start, end + 1):
        a = last_index_on_or_before(days, months_earlier(days[t], 3))
        if a < start:  # the move began before the window
            continue
        move = (tnx[days[t]] - tnx[days[a]]) * 100
        rising += move > 25
        falling += move < -25
    (english,) = await env.say(EN, "/rates 1y")
    assert f"({rising} days) when the yield rose" in english
    assert f"({falling} days) when it fell" in english
    assert "calendar months" in english
    (korean,) = await env.say(KO, "/rates 1y")
    assert f"({rising}일)" in korean and "달력 기준" in korean


# -- /odds ranks the latest window against the others (defect 10) ------------------------------


async def test_odds_rank_the_latest_window_against_the_other_windows(env, closes):
    expected = expected_odds(closes["IWM"], closes["SPY"], 5)
    n = len(expected["windows"])
    upper = expected["top"] <= 50
    share = expected["top"] if upper else expected["bottom"]
    (english,) = await env.say(EN, "/odds 5y IWM SPY")
    assert (f"rank {expected['rank']:,} of {n:,}, in the {'top' if upper else 'bottom'} "
            f"{share:.1f}% of the other {n - 1:,} windows") in english
    (korean,) = await env.say(KO, "/odds 5y IWM SPY")
    assert (f"{n:,}개 중 {expected['rank']:,}위로, 나머지 {n - 1:,}개 구간 가운데 "
            f"{'상위' if upper else '하위'} {share:.1f}%입니다") in korean
    assert "보다 나음" not in korean


@pytest.mark.parametrize("years", [1, 2, 10])
async def test_odds_say_the_latest_rank_from_the_nearer_end(env, closes, years):
    expected = expected_odds(closes["IWM"], closes["SPY"], years)
    upper = expected["top"] <= 50
    share = expected["top"] if upper else expected["bottom"]
    (korean,) = await env.say(KO, f"/odds {years}y IWM SPY")
    assert f"{'상위' if upper else '하위'} {share:.1f}%" in korean


# -- statistics from too little (defect 13) ----------------------------------------------------


async def test_a_mix_shorter_than_a_year_shows_the_cumulative_return_not_a_cagr(env, closes):
    vtwo, spy = closes["VTWO"], closes["SPY"]
    days = common(vtwo, spy)
    end = days[-1]
    start = days[last_index_on_or_before(days, months_earlier(end, 1))]
    small, large = vtwo[end] / vtwo[start] - 1, spy[end] / spy[start] - 1
    mix = (0.2 * small + 0.8 * large) * 100  # no year end inside: never rebalanced
    (english,) = await env.say(EN, "/mix 20 1m")
    assert "CAGR" not in english and "not annualised" in english
    assert re.search(rf"20% VTWO\s+{mix:.2f}%", english)
    assert re.search(rf"100% SPY\s+{large * 100:.2f}%", english)
    (korean,) = await env.say(KO, "/mix 20 1m")
    assert "누적 수익률" in korean and "연복리" not in korean
    assert re.search(rf"VTWO 20%\s+{mix:.2f}%", korean)
    (year,) = await env.say(EN, "/mix 20 1y")
    assert "CAGR" in year and "not annualised" not in year


def window_fit(small: dict, large: dict, tnx: dict, months: int, end_day: date | None = None):
    days = common(small, large, tnx)
    end = len(days) - 1 if end_day is None else last_index_on_or_before(days, end_day)
    start = last_index_on_or_before(days, months_earlier(days[end], months))
    rel = [(small[days[i]] / small[days[i - 1]] - large[days[i]] / large[days[i - 1]]) * 100
           for i in range(start + 1, end + 1)]
    change = [(tnx[days[i]] - tnx[days[i - 1]]) * 100 for i in range(start + 1, end + 1)]
    r = pearson(change, rel)
    return r, *fisher_interval(r, len(rel)), len(rel)


async def test_rates_draw_no_conclusion_from_a_month_of_days(env):
    (english,) = await env.say(EN, "/rates 1m")
    assert "Too few days for a reading" in english and "tended to" not in english
    assert "it takes at least 60" in english
    (korean,) = await env.say(KO, "/rates 1m")
    assert "판단하기엔 데이터가 부족합니다" in korean and "경향" not in korean


async def test_rates_say_no_clear_relation_when_the_interval_includes_zero(env, closes):
    r, low, high, n = window_fit(closes["VTWO"], closes["SPY"], closes["^TNX"], 12)
    assert low < 0 < high  # a year of VTWO: −0.12 is not told apart from none
    (english,) = await env.say(EN, "/rates")
    assert "No clear relation with yields" in english and "tended to" not in english
    assert f"({signed(low, 2)} to {signed(high, 2)}) includes zero" in english
    assert f"correlation {signed(r, 2)} [{signed(low, 2)}, {signed(high, 2)}]" in english
    (korean,) = await env.say(KO, "/rates")
    assert "뚜렷한 관계가 보이지 않습니다" in korean
    assert f"({signed(low, 2)} ~ {signed(high, 2)})" in korean


async def test_rates_state_a_tendency_with_its_interval_when_it_excludes_zero(env, closes):
    tnx_last = max(closes["^TNX"])
    r, low, high, n = window_fit(closes["IWM"], closes["SPY"], closes["^TNX"], 36, tnx_last)
    assert high < 0
    (english,) = await env.say(EN, "/rates 3y IWM SPY")
    assert (f"IWM tended to lag SPY in this window: correlation {signed(r, 2)}, 95% interval "
            f"{signed(low, 2)} to {signed(high, 2)}, from {n} daily changes") in english
    (korean,) = await env.say(KO, "/rates 3y IWM SPY")
    assert "IWM이 SPY보다 뒤처지는 경향" in korean
    assert f"95% 신뢰구간 {signed(low, 2)} ~ {signed(high, 2)}(일별 변화 {n}개)" in korean


async def test_a_mix_correlation_over_too_few_days_is_not_given(env):
    (english,) = await env.say(EN, "/mix 20 1m")
    assert "Too few days (23) for a correlation" in english
    (korean,) = await env.say(KO, "/mix 20 1m")
    assert "거래일이 23일뿐이라 일별 수익률 상관계수를 낼 수 없습니다(최소 60일 필요)." in korean


# -- a pair that cannot answer names the pairs that can (defect 14) ----------------------------


def test_funds_are_known_by_the_index_they_track():
    assert {tracked_index(t) for t in ("VTWO", "IWM", "^RUT")} == {"^RUT"}
    assert {tracked_index(t) for t in ("SPY", "^GSPC")} == {"^GSPC"}
    assert tracked_index("XLK") is None


def test_covering_pairs_are_those_of_the_same_indices_reaching_back_far_enough():
    first = {"VTWO": date(2022, 12, 1), "IWM": date(2000, 5, 26), "SPY": date(1993, 1, 29),
             "^RUT": date(1990, 1, 2), "^GSPC": date(1990, 1, 2)}
    assert covering_pairs("VTWO", "SPY", date(2020, 2, 19), first) == [
        ("IWM", "SPY"), ("^RUT", "^GSPC")]
    # "Since 1990": the indices' first close is the first session of 1990.
    assert covering_pairs("VTWO", "SPY", date(1990, 1, 1), first) == [("^RUT", "^GSPC")]
    assert covering_pairs("VTWO", "SPY", date(1980, 1, 1), first) == []
    # Never a fund against an index, and never the pair asked about.
    assert ("IWM", "^GSPC") not in covering_pairs("VTWO", "SPY", date(2001, 1, 1), first)
    assert ("VTWO", "SPY") not in covering_pairs("VTWO", "SPY", date(2023, 1, 1), first)
    assert covering_pairs("XLK", "SPY", date(2001, 1, 1), first) == []
    assert covering_pairs("IWM", "SPY", date(2001, 1, 1), {}) == []


async def test_odds_too_long_for_the_pair_offer_the_pairs_that_can_answer(env):
    (english,) = await env.say(EN, "/odds")
    assert "too short for one 5-year window" in english
    assert "IWM SPY (from 2000-05-26)" in english
    assert "^RUT ^GSPC (from 1990-01-02, price return)" in english
    message = env.api.last(EN)
    offered = buttons(message)
    assert offered == {"IWM SPY": "/odds 5y IWM SPY", "^RUT ^GSPC": "/odds 5y ^RUT ^GSPC"}
    await feed(env.application, env.api.callback_update(EN, EN, message.message_id,
                                                        offered["IWM SPY"]))
    assert message.edits == 1 and message.plain.startswith("Rolling 5-year odds: IWM vs SPY")
    (korean,) = await env.say(KO, "/odds")
    assert "IWM SPY(2000-05-26부터)" in korean and "같은 지수" in korean
    assert set(buttons(env.api.last(KO))) == {"IWM SPY", "^RUT ^GSPC"}


@pytest.mark.parametrize("event", ["covid", "lehman"])
async def test_an_event_before_the_pair_s_data_offers_the_pairs_that_cover_it(env, event):
    (english,) = await env.say(EN, f"/event {event}")
    assert "starts at 2022-12-01" in english and "IWM SPY" in english
    message = env.api.last(EN)
    data = buttons(message)["IWM SPY"]
    assert data == f"/event {event} 5 IWM SPY" and len(data.encode()) <= 64
    await feed(env.application, env.api.callback_update(EN, EN, message.message_id, data))
    assert ": IWM vs SPY" in message.plain.splitlines()[0]


async def test_a_window_since_1990_offers_only_the_index_pair(env):
    (english,) = await env.say(EN, "/drawdown 1990-01-01")
    assert "^RUT ^GSPC (from 1990-01-02, price return)" in english
    assert set(buttons(env.api.last(EN))) >= {"^RUT ^GSPC"}
    assert "IWM SPY" not in buttons(env.api.last(EN))
    assert buttons(env.api.last(EN))["^RUT ^GSPC"] == "/drawdown 1990-01-01 ^RUT ^GSPC"


async def test_a_truncated_mix_offers_a_longer_pair_beside_its_window_buttons(env):
    await env.say(EN, "/mix 20 10y")
    offered = buttons(env.api.last(EN))
    assert offered["IWM SPY"] == "/mix 20 10y IWM SPY" and "• 10Y" in offered


async def test_a_pair_that_covers_the_question_gets_no_offer(env):
    (text,) = await env.say(EN, "/odds 5y IWM SPY")
    assert "longer history" not in text
    assert all(data.endswith(" IWM SPY") for data in buttons(env.api.last(EN)).values())
    (text,) = await env.say(EN, "/rates max IWM SPY")  # cut short by ^TNX, not by the pair
    assert "longer history" not in text


# -- words (defects 15, 16) --------------------------------------------------------------------


KOREAN_COMMANDS = ["/rates", "/rates 1m", "/rates 3y IWM SPY", "/drawdown", "/drawdown 3y IWM SPY",
                   "/event", "/event liberation-day", "/event 2025-04-05", "/event covid",
                   "/odds", "/odds 1y", "/odds 5y IWM SPY", "/mix", "/mix 20 1m",
                   "/mix 100 1y", "/mix 0 1y", "/event nosuchthing", "/odds 40y"]


async def test_korean_debate_answers_choose_their_particles_and_use_the_reader_s_words(env):
    for command in KOREAN_COMMANDS:
        (text,) = await env.say(KO, command)
        assert not BOTH_WAYS.search(text), (command, text)
        assert "사건" not in text and "보다 나음" not in text, (command, text)
        assert "거래일 동안 고점 아래" not in text and "격차 없음" not in text
    (drawdown,) = await env.say(KO, "/drawdown")
    assert re.search(r"고점 회복까지 \d+거래일", drawdown)
    (odds,) = await env.say(KO, "/odds 1y")
    assert "VTWO가 SPY보다 앞섰습니다" in odds
    (mix,) = await env.say(KO, "/mix 30 1y")
    assert "VTWO를 30% 편입한 결과" in mix


async def test_english_counts_agree_with_their_numbers(env):
    (odds,) = await env.say(EN, "/odds 1y")
    assert "Gap over 1 year:" in odds and "1 years" not in odds
    assert "the same date 1 year before" in odds
    (mix,) = await env.say(EN, "/mix 20 2024-06-01 2025-06-30")
    assert "Rebalanced to the targets once" in mix and "1 times" not in mix
    (all_in,) = await env.say(EN, "/mix 100 1y")
    assert "With 100% in VTWO" in all_in and "Adding" not in all_in
    (none,) = await env.say(EN, "/mix 0 1y")
    assert "With 0% in VTWO the portfolio is 100% SPY" in none


async def test_a_closed_drawdown_window_says_nothing_of_now_or_not_yet(env):
    # ^RUT regained its 2007 peak in 2011: a 2008–2009 window must not say "now" or
    # "not back at the peak" as if that were still true.
    (english,) = await env.say(EN, "/drawdown 2008-01-01 2009-12-31 ^RUT ^GSPC")
    assert "now " not in english and "not back at the peak," not in english
    assert "−18.4% from its 2007-12-31 peak at the window's last close, 2009-12-31" in english
    assert "not back at the peak by the window's end" in english
    (korean,) = await env.say(KO, "/drawdown 2008-01-01 2009-12-31 ^RUT ^GSPC")
    assert "현재" not in korean and "아직" not in korean
    assert "기간 마지막 종가(2009-12-31) 기준 2007-12-31 고점 대비 −18.4%" in korean
