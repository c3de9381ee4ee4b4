"""Blind tests of the input parsers: `/gap` windows, `/tz` zones and `/event` names.

Written from the README and the event table (analytics/events.py) only, without reading
the parsers or their tests. Each case says what a demanding user in a Korean/English
group chat would expect. Cases whose expected answer is a matter of taste (NYC, EST, a
Korean `1년` typed after /gap, ...) are left out and listed in comments at the end of
each table instead of being guessed.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.parsing import UsageError, parse_gap_args, parse_zone, read_event_name

TODAY = date(2026, 12, 2)
SMALL, LARGE = "VTWO", "SPY"


def gap(*args: str):
    return parse_gap_args(list(args), TODAY, SMALL, LARGE)


# --------------------------------------------------------------------------------------
# 1. /gap windows
# --------------------------------------------------------------------------------------

# (args, expected preset); the pair stays the chat's default.
PRESET_CASES = [
    # the documented presets
    (("1m",), "1m"),
    (("3m",), "3m"),
    (("6m",), "6m"),
    (("1y",), "1y"),
    (("3y",), "3y"),
    (("5y",), "5y"),
    (("10y",), "10y"),
    (("max",), "max"),
    # the documented free look-backs
    (("10d",), "10d"),
    (("2w",), "2w"),
    (("18m",), "18m"),
    (("2y",), "2y"),
    (("7y",), "7y"),
    # other look-backs of N days/weeks/months/years
    (("1d",), "1d"),
    (("1w",), "1w"),
    (("4y",), "4y"),
    (("20y",), "20y"),
    # case: people type on phones with auto-capitalisation (medium-high confidence)
    (("MAX",), "max"),
    (("1Y",), "1y"),
]


@pytest.mark.parametrize("args,preset", PRESET_CASES, ids=[" ".join(a) for a, _ in PRESET_CASES])
def test_gap_preset_windows(args, preset):
    request = gap(*args)
    assert request.window.preset == preset
    assert (request.small, request.large) == (SMALL, LARGE)


@pytest.mark.parametrize("args", [("ytd",), ("YTD",)], ids=["ytd", "YTD"])
def test_gap_ytd_names_the_current_year(args):
    request = gap(*args)
    assert request.window.preset == "ytd"
    assert request.window.year == 2026
    assert (request.small, request.large) == (SMALL, LARGE)


# (args, expected start, expected end or None for "to the latest close")
DATE_CASES = [
    (("2023-01-01",), date(2023, 1, 1), None),
    (("2023-01-01", "2025-10-15"), date(2023, 1, 1), date(2025, 10, 15)),
    (("2022-01-01", "2022-12-31"), date(2022, 1, 1), date(2022, 12, 31)),
    (("2008-09-12",), date(2008, 9, 12), None),
    (("2024-02-29",), date(2024, 2, 29), None),  # a real leap day
    (("2020-02-19", "2020-03-23"), date(2020, 2, 19), date(2020, 3, 23)),
    (("2026-01-02", "2026-12-02"), date(2026, 1, 2), date(2026, 12, 2)),  # end = today
]


@pytest.mark.parametrize("args,start,end", DATE_CASES, ids=[" ".join(a) for a, _, _ in DATE_CASES])
def test_gap_date_windows(args, start, end):
    window = gap(*args).window
    assert window.start == start
    if end is None:
        # "a start date": to now; the end may be left open or set to today
        assert window.end in (None, TODAY)
    else:
        assert window.end == end
    assert window.preset in (None, "")


# (args, expected preset or start/end, expected small, expected large)
PAIR_CASES = [
    (("ytd", "IWM", "SPY"), "ytd", "IWM", "SPY"),
    (("1y", "IWM", "SPY"), "1y", "IWM", "SPY"),
    (("5y", "^RUT", "^GSPC"), "5y", "^RUT", "^GSPC"),
    (("2023-01-01", "2025-10-15", "IWM", "SPY"), (date(2023, 1, 1), date(2025, 10, 15)),
     "IWM", "SPY"),
    (("2023-01-01", "IWM", "SPY"), (date(2023, 1, 1), None), "IWM", "SPY"),
    # lower-case tickers are the same tickers (medium-high confidence)
    (("1y", "iwm", "spy"), "1y", "IWM", "SPY"),
]


@pytest.mark.parametrize("args,window,small,large", PAIR_CASES,
                         ids=[" ".join(c[0]) for c in PAIR_CASES])
def test_gap_window_with_pair(args, window, small, large):
    request = gap(*args)
    if isinstance(window, str):
        assert request.window.preset == window
    else:
        start, end = window
        assert request.window.start == start
        if end is None:
            assert request.window.end in (None, TODAY)
        else:
            assert request.window.end == end
    assert (request.small, request.large) == (small, large)


def test_gap_no_args_is_the_default_window_for_the_chat_pair():
    request = gap()
    assert request.window is not None
    assert (request.small, request.large) == (SMALL, LARGE)


def test_gap_pair_without_window_keeps_a_default_window():
    request = gap("IWM", "SPY")
    assert request.window is not None
    assert (request.small, request.large) == ("IWM", "SPY")


REFUSED_WINDOWS = [
    ("0y",),  # an empty look-back
    ("0d",),
    ("0m",),
    ("999y",),  # beyond any data
    ("2q",),  # quarters are not a unit
    ("1.5y",),  # not a whole number
    ("-1y",),  # negative
    ("y",),  # no number
    ("1yy",),
    ("2027-01-01",),  # start in the future
    ("2026-12-03",),  # tomorrow
    ("2023-01-01", "2027-01-01"),  # end in the future
    ("2025-02-30",),  # no such day
    ("2025-02-29",),  # not a leap year
    ("2023-13-01",),  # no such month
    ("2023-01-32",),
    ("2025-10-15", "2023-01-01"),  # end before start
    ("foo",),  # words
    ("yesterday",),
    ("ytd", "IWM"),  # half a pair
    ("1y", "2y"),  # two windows / half a pair
    ("1y", "IWM", "SPY", "QQQ"),  # too many words
    ("2023-01-01", "2024-01-01", "2025-01-01"),  # three dates
    ("1y", "2y", "IWM", "SPY"),
    ("2q", "IWM", "SPY"),  # bad window even with a good pair
    ("0y", "IWM", "SPY"),
]


@pytest.mark.parametrize("args", REFUSED_WINDOWS, ids=[" ".join(a) for a in REFUSED_WINDOWS])
def test_gap_refuses(args):
    with pytest.raises(UsageError) as caught:
        gap(*args)
    assert isinstance(caught.value.key, str) and caught.value.key


# Left out of the window table (expectation unclear, not guessed):
#   "1년", "3개월" (Korean units after /gap: the README documents them only as output)
#   "30y", "50y", "100y" (where the upper limit sits; only 999y is clearly absurd)
#   "12m" -> "12m" or normalised to "1y"
#   "2023/01/01", "20230101", "2023-1-1" (other date spellings)
#   "1899-12-31" (before any data: refused or clamped?)
#   start == end ("2024-01-02 2024-01-02"), start == today
#   "IWM SPY 1y" (pair before window), "SPY SPY" (same ticker twice)
#   "last year" (two words that are also valid-looking tickers)


# --------------------------------------------------------------------------------------
# 2. /tz zones
# --------------------------------------------------------------------------------------

ZONE_CASES = [
    (("Seoul",), "Asia/Seoul"),
    (("seoul",), "Asia/Seoul"),
    (("SEOUL",), "Asia/Seoul"),
    (("서울",), "Asia/Seoul"),
    (("Tokyo",), "Asia/Tokyo"),
    (("도쿄",), "Asia/Tokyo"),
    (("New", "York"), "America/New_York"),
    (("new", "york"), "America/New_York"),
    (("new_york",), "America/New_York"),
    (("New_York",), "America/New_York"),
    (("뉴욕",), "America/New_York"),
    (("London",), "Europe/London"),
    (("런던",), "Europe/London"),
    (("Hong", "Kong"), "Asia/Hong_Kong"),
    (("hong_kong",), "Asia/Hong_Kong"),
    (("홍콩",), "Asia/Hong_Kong"),
    (("Singapore",), "Asia/Singapore"),
    (("싱가포르",), "Asia/Singapore"),
    (("Asia/Seoul",), "Asia/Seoul"),
    (("asia/seoul",), "Asia/Seoul"),  # medium-high: case of an IANA name
    (("America/New_York",), "America/New_York"),
    (("Europe/London",), "Europe/London"),
    (("Australia/Sydney",), "Australia/Sydney"),  # any valid IANA name
    (("America/Chicago",), "America/Chicago"),
    (("KST",), "Asia/Seoul"),
    (("kst",), "Asia/Seoul"),
    (("JST",), "Asia/Tokyo"),
    (("HKT",), "Asia/Hong_Kong"),  # medium: unambiguous, but maybe not in the table
]


@pytest.mark.parametrize("args,zone", ZONE_CASES, ids=[" ".join(a) for a, _ in ZONE_CASES])
def test_zone_maps(args, zone):
    assert parse_zone(list(args)) == zone


@pytest.mark.parametrize("args", [("UTC",), ("utc",)], ids=["UTC", "utc"])
def test_zone_utc(args):
    assert parse_zone(list(args)) in ("UTC", "Etc/UTC")


REFUSED_ZONES = [
    (),  # nothing typed
    ("CST",),  # US Central, China or Cuba
    ("IST",),  # India, Israel or Irish
    ("BST",),  # British Summer or Bangladesh
    ("cst",),
    ("Mars",),
    ("asdf",),
    ("Asia/Nowhere",),
    ("Asia",),  # a region, not a zone
    ("12345",),
    ("Seoul", "Tokyo"),  # two places
    ("../etc/passwd",),
    ("",),
]


@pytest.mark.parametrize("args", REFUSED_ZONES, ids=[repr(" ".join(a)) for a in REFUSED_ZONES])
def test_zone_refuses(args):
    with pytest.raises(UsageError):
        parse_zone(list(args))


# Left out of the zone table (expectation unclear, not guessed):
#   "NYC" (likely wanted as America/New_York, but not clearly promised)
#   "EST", "ET", "EDT" (EST is a fixed UTC-5 zone in the IANA data; ET is informal)
#   "PST" (Pacific, but also Philippine Standard Time), "GMT" (UTC or London?)
#   "SGT", "Los Angeles", "Sydney", "Paris", "부산", "한국", "Korea", "Japan"
#   "+09:00", "UTC+9", "Etc/GMT-9" (offsets)


# --------------------------------------------------------------------------------------
# 3. /event names
# --------------------------------------------------------------------------------------

EVENT_CASES = [
    # Liberation Day
    ("liberation-day", "liberation-day"),
    ("Liberation Day", "liberation-day"),
    ("liberation day", "liberation-day"),
    ("LIBERATION DAY", "liberation-day"),
    ("liberationday", "liberation-day"),  # missing hyphen/space
    ("liberation_day", "liberation-day"),
    ("libration day", "liberation-day"),  # typo
    ("liberaton day", "liberation-day"),  # typo
    ("해방의 날", "liberation-day"),
    ("해방의날", "liberation-day"),
    ("tariffs", "liberation-day"),
    ("tariff", "liberation-day"),  # singular
    # Lehman
    ("lehman", "lehman"),
    ("Lehman Brothers", "lehman"),
    ("lehmann", "lehman"),  # typo (German spelling)
    ("lehamn", "lehman"),  # transposition
    ("리먼", "lehman"),  # medium-high: how Korean chats say it
    ("리먼 브라더스", "lehman"),
    ("리먼브라더스", "lehman"),
    ("gfc", "lehman"),
    # COVID
    ("covid", "covid"),
    ("COVID-19", "covid"),
    ("covid19", "covid"),
    ("covid 19", "covid"),
    ("corona", "covid"),
    ("코로나", "covid"),
    ("코로나19", "covid"),
    ("covdi", "covid"),  # typo
    # SVB
    ("svb", "svb"),
    ("SVB", "svb"),
    ("silicon valley bank", "svb"),
    ("Silicon Valley Bank", "svb"),
    ("실리콘밸리은행", "svb"),
    ("실리콘밸리 은행", "svb"),
    # September 11
    ("9/11", "sept-11"),
    ("911", "sept-11"),
    ("9-11", "sept-11"),
    ("9·11", "sept-11"),
    ("september 11", "sept-11"),
    ("sept 11", "sept-11"),
    # others
    ("brexit", "brexit"),
    ("Brexit", "brexit"),
    ("brexti", "brexit"),  # typo
    ("브렉시트", "brexit"),
    ("dotcom", "dot-com-peak"),
    ("dot-com", "dot-com-peak"),
    ("dot com", "dot-com-peak"),
    ("닷컴", "dot-com-peak"),
    ("닷컴 버블", "dot-com-peak"),
    ("volmageddon", "volmageddon"),
    ("볼마게돈", "volmageddon"),
    ("volmagedon", "volmageddon"),  # typo
    ("fed cut", "fed-cut-2024"),
    ("fed-cut-2024", "fed-cut-2024"),
    ("fed cut 2024", "fed-cut-2024"),
    ("downgrade", "us-downgrade-2011"),
    ("us downgrade", "us-downgrade-2011"),
    ("미국 신용등급 강등", "us-downgrade-2011"),
    ("신용등급 강등", "us-downgrade-2011"),
    ("q4 2018", "q4-2018"),
    ("dec 2018", "q4-2018"),
    ("election 2024", "election-2024"),
    ("2024 election", "election-2024"),
    ("2024 대선", "election-2024"),
    ("2016 대선", "election-2016"),
    ("election-2016", "election-2016"),
    ("2016 election", "election-2016"),
    ("2016년 미국 대선", "election-2016"),
]


@pytest.mark.parametrize("typed,key", EVENT_CASES, ids=[t for t, _ in EVENT_CASES])
def test_event_name_is_read(typed, key):
    event, _suggestions = read_event_name(typed)
    assert event is not None, f"{typed!r} was not read as {key}"
    assert event.key == key


# Ambiguous: no event chosen, both candidates suggested.
AMBIGUOUS_CASES = [
    ("election", {"election-2016", "election-2024"}),
    ("us election", {"election-2016", "election-2024"}),
    ("대선", {"election-2016", "election-2024"}),
    ("미국 대선", {"election-2016", "election-2024"}),
]


@pytest.mark.parametrize("typed,expected", AMBIGUOUS_CASES, ids=[t for t, _ in AMBIGUOUS_CASES])
def test_event_name_ambiguous_suggests(typed, expected):
    event, suggestions = read_event_name(typed)
    assert event is None
    assert expected <= set(suggestions)


def test_event_name_election_2020_is_not_an_event():
    # there was no event for 2020's election in the table: never pick 2016 or 2024
    event, _suggestions = read_event_name("election 2020")
    assert event is None


NON_EVENTS = [
    "",
    "   ",
    "hello",
    "spy",
    "IWM",
    "1y",
    "ytd",
    "apple",
    "what",
    "안녕하세요",
    "주식",
    "banana bread recipe",
    "help",
    "price",
    "today",
    "chart",
]


@pytest.mark.parametrize("typed", NON_EVENTS, ids=[repr(t) for t in NON_EVENTS])
def test_non_events_are_not_matched(typed):
    assert read_event_name(typed) == (None, ())


# Left out of the event table (expectation unclear, not guessed):
#   "pandemic", "tariff day", "rate cut", "금리 인하", "fed" (plausible but not named)
#   "2024" (both fed-cut-2024 and election-2024 -- suggest or nothing?)
#   "2025-04-02" (a date: /event reads dates elsewhere)
#   "trump" (election-2016/2024 or Liberation Day?)
