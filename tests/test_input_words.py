"""Input people type that should just work: any N d/w/m/y window, ytd as this year, city
names for time zones, and event names written loosely. In English and Korean."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from analytics.events import EVENTS
from bot.parsing import ZONE_ALIASES, parse_event_args, parse_zone, read_event_name
from bot.present.korean import BOTH_WAYS
from tests.support.bots import OTHER_USER, USER, bot_env
from tests.support.expected import csv_column, last_on_or_before

FRESH = datetime(2025, 11, 1, 14, tzinfo=UTC)
CHATS = {"en": USER, "ko": OTHER_USER}
REFUSED = ("I don't understand", "이해하지 못했", "is not a ticker", "티커")


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        running.services.market.clock = lambda: FRESH
        yield running


async def say(env, lang: str, text: str) -> str:
    (reply,) = await env.say(CHATS[lang], text)
    assert not BOTH_WAYS.search(reply), reply
    return reply


def vtwo_spy_closes(market_data) -> dict[date, float]:
    vtwo = csv_column(market_data / "VTWO.csv", "adj_close")
    spy = csv_column(market_data / "SPY_adjusted.csv", "close")
    return {d: vtwo[d] for d in vtwo if d in spy}


# -- windows -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("code", "offset"), [("2y", pd.DateOffset(years=2)),
                                              ("2w", pd.DateOffset(weeks=2)),
                                              ("10d", pd.DateOffset(days=10)),
                                              ("18m", pd.DateOffset(months=18))])
async def test_gap_takes_any_look_back_and_starts_where_it_says(env, market_data, lang, code,
                                                                 offset):
    closes = vtwo_spy_closes(market_data)
    end = max(closes)
    start = last_on_or_before(closes, (pd.Timestamp(end) - offset).date())
    text = await say(env, lang, f"/gap {code}")
    assert not any(word in text for word in REFUSED)
    assert f"{start:%Y-%m-%d}" in text.splitlines()[1] and f"{end:%Y-%m-%d}" in text


@pytest.mark.parametrize("command", ["/gap 7y IWM SPY", "/rates 2y", "/drawdown 7y IWM SPY",
                                     "/mix 20 2y", "/mix 30 7y IWM SPY"])
async def test_every_command_that_takes_a_window_takes_any_look_back(env, command):
    text = await say(env, "en", command)
    assert not any(word in text for word in REFUSED) and "Usage" not in text


async def test_an_alert_takes_any_look_back_its_metric_has_a_window_for(env):
    created = await say(env, "en", "/alert gap 2y < -30")
    assert "Rule #" in created and "over 2 years" in created
    (rule,) = env.services.chats.rules_for_chat(USER)
    assert rule.window == "2y"
    korean = await say(env, "ko", "/alert small_ret 2w > 10")
    assert "VTWO의 최근 2주 수익률이 +10%보다 높아지면" in korean


@pytest.mark.parametrize(("lang", "command", "phrase"), [
    ("en", "/gap 0y", "0y is no window"),
    ("en", "/gap 999y", "999y is longer than any market history"),
    ("en", "/alert gap 0y < -10", "0y is no window"),
    ("ko", "/gap 0y", "0y는 기간이 될 수 없습니다."),
    ("ko", "/mix 20 999y", "999y는 어떤 시장 이력보다도 긴 기간입니다."),
])
async def test_an_impossible_window_gets_a_clear_refusal(env, lang, command, phrase):
    text = await say(env, lang, command)
    assert phrase in text and len(text) < 600


async def test_ytd_means_this_year_even_when_the_pairs_data_ended_last_year(env):
    env.services.market.clock = lambda: datetime(2026, 1, 20, 22, tzinfo=UTC)
    text = await say(env, "en", "/gap ytd")  # VTWO.csv ends in 2025
    assert "No closes in 2026 yet: the data ends at the 2025-10-31 close" in text
    assert "VTWO lagged" not in text and "VTWO beat" not in text


# -- time zones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "zone"), [
    ("Seoul", "Asia/Seoul"), ("seoul", "Asia/Seoul"), ("서울", "Asia/Seoul"),
    ("New York", "America/New_York"), ("new_york", "America/New_York"),
    ("London", "Europe/London"), ("KST", "Asia/Seoul"), ("Asia/Tokyo", "Asia/Tokyo"),
    ("도쿄", "Asia/Tokyo"), ("sao paulo", "America/Sao_Paulo"), ("UTC", "UTC"),
])
async def test_tz_takes_a_city_or_an_abbreviation(env, typed, zone):
    text = await say(env, "en", f"/tz {typed}")
    assert f"Time zone: {zone}." == text
    assert env.services.chats.chat(USER).tz == zone


@pytest.mark.parametrize(("lang", "phrase"), [("en", "Did you mean Asia/Seoul?"),
                                              ("ko", "Asia/Seoul을 말씀하신 건가요?")])
async def test_a_misspelt_city_gets_the_zone_it_probably_meant(env, lang, phrase):
    text = await say(env, lang, "/tz Seol")
    assert phrase in text
    assert env.services.chats.chat(CHATS[lang]).tz is None


def test_every_zone_alias_is_a_real_zone_and_iana_city_names_need_no_table():
    from zoneinfo import ZoneInfo

    for zone in ZONE_ALIASES.values():
        ZoneInfo(zone)
    assert "seoul" not in ZONE_ALIASES and "new york" not in ZONE_ALIASES
    assert parse_zone(["Reykjavik"]) == "Atlantic/Reykjavik"  # straight from the database


# -- event names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "key"), [
    ("liberationday", "liberation-day"), ("Liberation_Day", "liberation-day"),
    ("covd", "covid"), ("libration-day", "liberation-day"), ("lehmann", "lehman"),
    ("브렉시트", "brexit"), ("코로나", "covid"),
])
def test_a_loosely_written_event_name_is_read_as_the_event(typed, key):
    event, _ = read_event_name(typed)
    assert event is not None and event.key == key


@pytest.mark.parametrize(("typed", "suggested"), [
    ("election", ("election-2016", "election-2024")),
    ("svc", ("svb",)),
])
def test_an_unsure_event_name_gets_suggestions_not_an_answer(typed, suggested):
    event, suggestions = read_event_name(typed)
    assert event is None and suggestions == suggested


def test_every_events_own_names_read_as_that_event():
    for event in EVENTS:
        for name in (event.key, event.name_en, event.name_ko, *event.aliases):
            assert read_event_name(name)[0] == event, name


def test_an_event_read_from_a_loose_name_says_what_was_typed():
    today = date(2025, 11, 3)
    assert parse_event_args(["covd"], today, "IWM", "SPY").read_as == "covd"
    assert parse_event_args(["covid"], today, "IWM", "SPY").read_as is None
    assert parse_event_args(["liberation", "day", "3"], today, "IWM", "SPY").days == 3


@pytest.mark.parametrize(("lang", "command", "title"), [
    ("en", "/event liberationday", "Liberation Day tariffs"),
    ("en", "/event covd IWM SPY", "COVID-19 crash"),
    ("ko", "/event 브렉시트 IWM SPY", "브렉시트 국민투표"),
    ("en", "/event liberation day 3", "Liberation Day tariffs"),
])
async def test_event_answers_for_a_name_it_can_read(env, lang, command, title):
    text = await say(env, lang, command)
    assert text.startswith(title) or title in text.splitlines()[1]


@pytest.mark.parametrize(("lang", "command", "phrases"), [
    ("en", "/event election", ("Did you mean", "/event election-2016", "/event election-2024")),
    ("en", "/event svc", ("Did you mean /event svb?",)),
    ("ko", "/event svc", ("/event svb를 말씀하신 건가요?",)),
    ("ko", "/event election", ("/event election-2016", "/event election-2024")),
])
async def test_event_asks_when_a_name_could_mean_another_event(env, lang, command, phrases):
    text = await say(env, lang, command)
    assert all(phrase in text for phrase in phrases)


@pytest.mark.parametrize(("lang", "first_line"), [
    ("en", "Read covd as /event covid."),
    ("ko", "covd를 /event covid로 읽었습니다."),
])
async def test_an_event_answered_for_a_loose_name_says_how_it_was_read(env, lang, first_line):
    text = await say(env, lang, "/event covd IWM SPY")
    assert text.splitlines()[0] == first_line
    exact = await say(env, lang, "/event covid IWM SPY")
    assert not exact.startswith(first_line.split()[0])
