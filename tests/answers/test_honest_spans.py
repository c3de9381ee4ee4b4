"""/gap claims exactly the span its data holds: titles name what is covered, every figure of
the table covers one span, the side that lacks a basis is the one named, imported data says
imported, and a window that closed long ago is not called stale. In both languages."""

from __future__ import annotations

import pytest

from tests.support.bots import OTHER_USER, USER, bot_env
from tests.support.fake_botapi import feed


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        yield running


async def test_a_window_longer_than_the_data_is_titled_with_the_span_covered(env):
    (english,) = await env.say(USER, "/gap 10y")
    (korean,) = await env.say(OTHER_USER, "/gap 10y")
    title = english.splitlines()[0]
    assert title == "VTWO vs SPY · 2022-12-01 → 2025-10-31 (2.9 years of the 10 years asked)"
    assert "10Y" not in english and "10 years asked" in english
    assert korean.splitlines()[0] == "VTWO 대 SPY · 2022-12-01 → 2025-10-31(요청한 10년 중 2.9년)"
    # The conclusion is said of the span covered, not of the decade.
    assert "Over these 731 trading days only, not the whole 10 years" in english
    assert "요청한 10년 전체가 아니라 데이터가 있는 731거래일만 본 결과입니다" in korean


async def test_an_end_date_past_the_data_says_the_answer_stops_short(env):
    (text,) = await env.say(USER, "/gap 2025-01-01 2025-12-31")
    assert text.splitlines()[0].startswith("VTWO vs SPY · 2024-12-31 → 2025-10-31 (10 months")
    assert "The data ends at the 2025-10-31 close, before the 2025-12-31 asked for." in text
    (korean,) = await env.say(OTHER_USER, "/gap 2025-01-01 2025-12-31")
    assert "데이터가 2025-10-31 종가에서 끝나 요청한 2025-12-31까지 이르지 못합니다" in korean


async def test_a_year_the_data_barely_touches_is_not_stated_as_the_year(env):
    (text,) = await env.say(USER, "/gap 2022-01-01 2022-12-31")
    assert "2022-12-01 → 2022-12-30" in text.splitlines()[0]
    assert "Over these 20 trading days only" in text
    assert "(20 trading days)" in text


async def test_the_period_counts_trading_days_and_says_so(env):
    (english,) = await env.say(USER, "/gap 2023-01-01 2025-10-15")
    (korean,) = await env.say(OTHER_USER, "/gap 2023-01-01 2025-10-15")
    assert "2022-12-30 close → 2025-10-15 close (699 trading days)" in english
    assert "2022-12-30 종가 → 2025-10-15 종가(699거래일)" in korean


async def test_every_figure_of_the_table_covers_one_span_and_the_rest_is_said_apart(env):
    # IWM/SPY: adjusted closes 2000-05-26 → 2026-07-13, raw closes 2021-07-01 → 2026-06-30.
    (text,) = await env.say(USER, "/gap max IWM SPY")
    table = text.split("\n")[2:6]
    assert table[0].split() == ["Total"]  # no price column of another span beside it
    assert "IWM beat SPY by 35.7 pp (total return)." in text
    assert ("Price return over its own closes, 2021-07-01 → 2026-06-30 (1,253 trading days): "
            "IWM +29.8%, SPY +73.5%, gap −43.6 pp.") in text
    (korean,) = await env.say(OTHER_USER, "/gap max IWM SPY")
    assert ("가격 수익률은 해당 종가가 있는 구간으로 따로 계산했습니다: "
            "2021-07-01 → 2026-06-30") in korean


async def test_the_price_button_shows_both_bases_over_the_raw_closes_span(env):
    await env.say(USER, "/gap 3y IWM SPY")
    message = env.api.last(USER)
    price = next(b for row in message.reply_markup["inline_keyboard"] for b in row
                 if b["text"] == "Price return")
    await feed(env.application, env.api.callback_update(USER, USER, message.message_id,
                                                        price["callback_data"]))
    edited = env.api.last(USER).plain
    assert "2023-06-30 close → 2026-06-30 close" in edited
    rows = {line.split()[0]: line.split()[1:] for line in edited.splitlines()[3:5]}
    price_ret, total_ret = (float(v.rstrip("%").replace("−", "-")) for v in rows["IWM"])
    assert total_ret > price_ret  # dividends, measured over the same two closes


async def test_the_side_without_adjusted_closes_is_the_one_named(env):
    env.services.storage.db.execute("UPDATE prices SET adj_close = NULL WHERE ticker = 'SPY'")
    (text,) = await env.say(USER, "/gap 2023-01-01 2025-10-15")
    assert "No adjusted closes for SPY in the cache" in text
    assert "for VTWO" not in text
    vtwo = next(line for line in text.splitlines() if line.startswith("VTWO  "))
    assert vtwo.split()[1:] == ["+43.8%", "+49.4%"]  # VTWO's total return exists
    assert "VTWO lagged SPY by 30.1 pp (price return)." in text
    (korean,) = await env.say(OTHER_USER, "/gap 2023-01-01 2025-10-15")
    assert "캐시에 SPY의 수정 종가가 없어" in korean


async def test_imported_data_says_it_was_imported_and_from_which_files(env):
    (english,) = await env.say(USER, "/gap 1y")
    (korean,) = await env.say(OTHER_USER, "/gap 1y")
    assert "fetched" not in english and "(imported 2" in english
    assert "Source: imported CSV files " in english and "VTWO.csv" in english
    assert "수집" not in korean and "가져옴)" in korean and "가져온 CSV 파일" in korean


async def test_a_window_that_closed_long_ago_is_not_called_stale(env):
    (closed,) = await env.say(USER, "/gap 2022-01-01 2022-12-31 IWM SPY")
    assert "Stale" not in closed and "days ago" not in closed
    (running_to_now,) = await env.say(USER, "/gap 1y IWM SPY")
    assert "⚠ Stale: data ends 2026-07-13" in running_to_now


async def test_ytd_names_its_year_and_means_this_year(env):
    (iwm,) = await env.say(USER, "/gap ytd IWM SPY")
    assert iwm.splitlines()[0] == "IWM vs SPY · YTD 2026"
    (korean,) = await env.say(OTHER_USER, "/gap ytd IWM SPY")
    assert korean.splitlines()[0] == "IWM 대 SPY · 2026년 연초 이후"
    # VTWO's data ends in 2025: "this year" is not quietly answered for last year.
    (vtwo,) = await env.say(USER, "/gap ytd")
    assert "No closes in 2026 yet: the data ends at the 2025-10-31 close" in vtwo


async def test_valuation_answers_for_the_pair_it_was_asked_for(env):
    (named,) = await env.say(USER, "/valuation IWM SPY")
    assert "VTWO" not in named and "IWM" in named
    (korean,) = await env.say(OTHER_USER, "/valuation IWM SPY")
    assert "VTWO" not in korean
    (bad,) = await env.say(USER, "/valuation IWM")
    assert "/valuation [SMALL LARGE]" in bad


async def test_when_the_pair_is_too_young_the_pair_that_can_answer_is_offered(env):
    (text,) = await env.say(USER, "/gap 10y")
    assert "IWM" in text.splitlines()[-1] and "^RUT" in text.splitlines()[-1]
    message = env.api.last(USER)
    offered = [b for row in message.reply_markup["inline_keyboard"] for b in row
               if b["text"] == "IWM SPY"]
    assert offered, "a button asks the same question of IWM SPY"
    await feed(env.application, env.api.callback_update(USER, USER, message.message_id,
                                                        offered[0]["callback_data"]))
    edited = env.api.last(USER)
    assert edited.edits == 1 and edited.plain.startswith("IWM vs SPY · 10 years")
    assert "asked)" not in edited.plain.splitlines()[0]  # the window is covered now


async def test_since_1990_offers_the_indices_which_reach_back_that_far(env):
    (text,) = await env.say(USER, "/gap 1990-01-01")
    first = text.splitlines()[0]
    assert first.startswith("VTWO vs SPY · 2022-12-01 → 2025-10-31")
    assert "the data starts after the 1990-01-01 asked" in first
    buttons = [b["text"] for row in env.api.last(USER).reply_markup["inline_keyboard"]
               for b in row]
    assert "^RUT ^GSPC" in buttons and "IWM SPY" not in buttons  # IWM starts in 2000
    (korean,) = await env.say(OTHER_USER, "/gap 1990-01-01")
    assert "데이터가 요청한 1990-01-01보다 늦게 시작" in korean.splitlines()[0]


async def test_settings_alone_shows_the_chats_settings_in_its_language(env):
    (english,) = await env.say(USER, "/settings")
    assert english.startswith("Settings of this chat")
    assert "Pair: VTWO vs SPY" in english and "Charts: off, text only" in english
    assert "Digest: off" in english
    (korean,) = await env.say(OTHER_USER, "/settings")
    assert korean.startswith("이 채팅의 설정") and "비교 쌍: VTWO 대 SPY" in korean


async def test_a_start_date_before_the_data_is_named_as_the_window_from_it(env):
    (english,) = await env.say(USER, "/gap 2020-02-19")
    assert "shorter than the window from 2020-02-19 asked for" in english
    assert "not the whole window from 2020-02-19" in english
    assert "the since" not in english
    (korean,) = await env.say(OTHER_USER, "/gap 2020-02-19")
    assert "요청한 2020-02-19부터의 기간보다 짧습니다" in korean


@pytest.mark.parametrize(("typed", "title"), [
    ("/event 2016 대선 IWM SPY", "2016 US election: IWM vs SPY"),
    ("/event election 2024 IWM SPY", "2024 US election: IWM vs SPY"),
    ("/event fed cut 2024", "Fed's first rate cut of 2024 (50 bp): VTWO vs SPY"),
    ("/event lehman bankruptcy IWM SPY", "Lehman Brothers bankruptcy: IWM vs SPY"),
    ("/event liberation day", "Liberation Day tariffs: VTWO vs SPY"),
    ("/event liberation day 4", "Liberation Day tariffs: VTWO vs SPY"),
])
async def test_event_names_of_several_words_keep_their_years_and_the_chats_pair(env, typed,
                                                                               title):
    (text,) = await env.say(USER, typed)
    assert title in text.splitlines()[:2]


async def test_a_forged_dated_gap_button_is_a_stale_button_not_a_crash(env):
    await env.say(USER, "/gap 1y")
    message = env.api.last(USER)
    for data in ("gap:s20231399:total:IWM:SPY", "gap:s00000101:total:IWM:SPY"):
        await feed(env.application, env.api.callback_update(USER, USER, message.message_id,
                                                            data))
        assert "expired" in env.api.callback_answers[-1].get("text", "")


def test_ytd_on_data_ending_on_last_years_last_close_says_no_close_this_year(reference_storage):
    from datetime import date

    from analytics.performance import AnalyticsError, relative_performance
    from analytics.windows import Window

    frames = reference_storage.load_prices(["IWM", "SPY"])
    cut = {t: f.loc[:"2025-12-31"] for t, f in frames.items()}
    with pytest.raises(AnalyticsError) as refused:
        relative_performance("IWM", cut["IWM"], "SPY", cut["SPY"], Window("ytd", year=2026))
    assert refused.value.code == "no_data_this_year"
    assert refused.value.details["last"] == date(2025, 12, 31)
