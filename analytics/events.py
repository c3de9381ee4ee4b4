"""Named market events and how the pair fared after them, for `/event`.

An event's `day` is its pre-event close: the last close before the news hit (Lehman
filed on Monday 15 Sep 2008, so its day is Friday 12 Sep). The event window runs from
that close to DAYS common trading days later. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from analytics.performance import AnalyticsError
from analytics.series import aligned_pair, last_position_on_or_before

MIN_DAYS, MAX_DAYS = 1, 250
DEFAULT_DAYS = 5


@dataclass(frozen=True)
class Event:
    key: str
    day: date  # the pre-event close
    name_en: str
    name_ko: str
    note: str  # why this close, in English
    aliases: tuple[str, ...] = ()
    note_ko: str = ""  # why this close, in Korean (filled from NOTES_KO below)


EVENTS: tuple[Event, ...] = (
    Event("dot-com-peak", date(2000, 3, 10), "Dot-com peak", "닷컴 버블 정점",
          "the Nasdaq Composite's record close", ("dotcom",)),
    Event("sept-11", date(2001, 9, 10), "September 11 attacks", "9·11 테러",
          "the last close before the attacks; markets reopened on 17 Sep", ("911", "9-11")),
    Event("lehman", date(2008, 9, 12), "Lehman Brothers bankruptcy", "리먼 브라더스 파산",
          "the last close before the filing on Monday 15 Sep 2008", ("gfc",)),
    Event("us-downgrade-2011", date(2011, 8, 5), "US credit downgrade", "미국 신용등급 강등",
          "S&P cut the US to AA+ after the close on Friday 5 Aug 2011", ("downgrade",)),
    Event("brexit", date(2016, 6, 23), "Brexit referendum", "브렉시트 국민투표",
          "referendum day; the result came overnight"),
    Event("election-2016", date(2016, 11, 8), "2016 US election", "2016년 미국 대선",
          "election day; the result came overnight"),
    Event("volmageddon", date(2018, 2, 2), "Volmageddon", "볼마게돈(변동성 폭발)",
          "the last close before the VIX spike of Monday 5 Feb 2018"),
    Event("q4-2018", date(2018, 9, 20), "Q4 2018 sell-off", "2018년 4분기 급락",
          "the S&P 500's record close before the fourth-quarter sell-off", ("dec-2018",)),
    Event("covid", date(2020, 2, 19), "COVID-19 crash", "코로나19 폭락",
          "the S&P 500's record close before the pandemic sell-off", ("corona", "코로나")),
    Event("svb", date(2023, 3, 8), "Silicon Valley Bank collapse", "실리콘밸리은행(SVB) 파산",
          "SVB announced its loss and capital raise after the close", ("실리콘밸리은행",)),
    Event("fed-cut-2024", date(2024, 9, 18), "Fed's first rate cut of 2024 (50 bp)",
          "2024년 연준 첫 금리 인하(50bp)",
          "FOMC decision day (announced at 2 pm, so this close already holds the first "
          "reaction)", ("fed-cut",)),
    Event("election-2024", date(2024, 11, 5), "2024 US election", "2024년 미국 대선",
          "election day; the result came overnight"),
    Event("liberation-day", date(2025, 4, 2), "Liberation Day tariffs", "해방의 날 관세 발표",
          "tariffs announced after the close on 2 Apr 2025", ("liberation", "tariffs", "해방의날")),
)


NOTES_KO = {
    "dot-com-peak": "나스닥 종합지수가 사상 최고치로 마감한 날",
    "sept-11": "테러 전 마지막 종가(시장은 9월 17일에 다시 열림)",
    "lehman": "2008년 9월 15일(월) 파산 신청 전 마지막 종가",
    "us-downgrade-2011": "2011년 8월 5일(금) 장 마감 뒤 S&P가 미국 신용등급을 AA+로 낮춤",
    "brexit": "국민투표 당일, 결과는 밤사이 나옴",
    "election-2016": "선거 당일, 결과는 밤사이 나옴",
    "volmageddon": "2018년 2월 5일(월) VIX 급등 전 마지막 종가",
    "q4-2018": "4분기 급락 전 S&P 500의 사상 최고 종가",
    "covid": "팬데믹 급락 전 S&P 500의 사상 최고 종가",
    "svb": "장 마감 뒤 SVB가 손실과 증자 계획을 발표",
    "fed-cut-2024": "FOMC 결정일(오후 2시 발표라 이 종가에 첫 반응이 이미 담김)",
    "election-2024": "선거 당일, 결과는 밤사이 나옴",
    "liberation-day": "2025년 4월 2일 장 마감 뒤 관세 발표",
}
EVENTS = tuple(replace(event, note_ko=NOTES_KO[event.key]) for event in EVENTS)


def _normalise(name: str) -> str:
    return "-".join(name.strip().lower().replace("_", " ").split())


_BY_NAME: dict[str, Event] = {}
for _event in EVENTS:
    for _name in (_event.key, _event.name_en, _event.name_ko, *_event.aliases):
        _BY_NAME.setdefault(_normalise(_name), _event)


def find_event(name: str) -> Event:
    """The event by key, English or Korean name or alias, in any case; 'unknown_event'."""
    event = _BY_NAME.get(_normalise(name))
    if event is None:
        raise AnalyticsError("unknown_event", name=name, known=tuple(e.key for e in EVENTS))
    return event


@dataclass(frozen=True)
class EventSide:
    ticker: str
    start_close: float  # the pre-event close
    end_close: float
    return_pct: float
    low_pct: float  # lowest close inside the window against the pre-event close
    low_date: date
    # Trading days from the pre-event close to the first close back at or above it after
    # the window's low; 0 when no close inside the window was below it; None: not yet.
    regained_days: int | None
    regained_date: date | None  # the pre-event close itself when regained_days is 0
    days_elapsed: int  # trading days from the pre-event close to the last close in the data
    # % from the pre-event close at each close of the window (0.0 first), for the chart
    path: pd.Series = field(default_factory=lambda: pd.Series(dtype=float), compare=False)


@dataclass(frozen=True)
class EventWindow:
    small_ticker: str
    large_ticker: str
    basis: str  # 'total' | 'price'
    event: Event | None
    requested_start: date
    start_date: date  # the pre-event close (last common close on or before the start)
    end_date: date
    days: int  # trading days after the pre-event close
    last_date: date  # the last common close searched for the regain
    small: EventSide
    large: EventSide

    @property
    def gap_pp(self) -> float:
        return self.small.return_pct - self.large.return_pct


def _side(ticker: str, values: np.ndarray, days: pd.DatetimeIndex, start: int,
          end: int) -> EventSide:
    base = values[start]
    low = start + 1 + int(np.argmin(values[start + 1:end + 1]))
    if values[low] >= base:  # never below the pre-event close inside the window
        regained_pos: int | None = start
    else:
        regained = np.flatnonzero(values[low + 1:] >= base)
        regained_pos = low + 1 + int(regained[0]) if len(regained) else None
    return EventSide(
        ticker=ticker,
        start_close=float(base),
        end_close=float(values[end]),
        return_pct=float((values[end] / base - 1.0) * 100.0),
        low_pct=float((values[low] / base - 1.0) * 100.0),
        low_date=days[low].date(),
        regained_days=None if regained_pos is None else regained_pos - start,
        regained_date=None if regained_pos is None else days[regained_pos].date(),
        days_elapsed=len(values) - 1 - start,
        path=pd.Series((values[start:end + 1] / base - 1.0) * 100.0, index=days[start:end + 1]),
    )


def event_window(
    small_ticker: str,
    small: pd.DataFrame,
    large_ticker: str,
    large: pd.DataFrame,
    start_day: date | Event,
    days: int = 5,
) -> EventWindow:
    """Both sides from the pre-event close to `days` trading days later: returns, gap,
    the low inside the window, and how long each took to regain the pre-event close
    (searching all data after the window's low, not only the window)."""
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or not (
        MIN_DAYS <= days <= MAX_DAYS
    ):
        raise AnalyticsError("bad_days", days=days, min=MIN_DAYS, max=MAX_DAYS)
    days = int(days)
    event = start_day if isinstance(start_day, Event) else None
    requested = event.day if event else start_day
    pair = aligned_pair(small_ticker, small, large_ticker, large)
    start = last_position_on_or_before(pair.days, requested)
    if start < 0:
        raise AnalyticsError("start_before_data", start=requested, first=pair.days[0].date())
    available = len(pair) - 1 - start
    if available < days:
        raise AnalyticsError("not_enough_days", start=pair.days[start].date(), days=days,
                             available=available, last=pair.days[-1].date())
    end = start + days
    return EventWindow(
        small_ticker=small_ticker,
        large_ticker=large_ticker,
        basis=pair.basis,
        event=event,
        requested_start=requested,
        start_date=pair.days[start].date(),
        end_date=pair.days[end].date(),
        days=days,
        last_date=pair.days[-1].date(),
        small=_side(small_ticker, pair.small, pair.days, start, end),
        large=_side(large_ticker, pair.large, pair.days, start, end),
    )
