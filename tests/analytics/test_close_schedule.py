"""The saved close schedule: the same latest close as the full NYSE calendar at every
moment it covers, and no answer (so it is rebuilt) outside it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from analytics.market.calendar import CloseSchedule, latest_session_close

THANKSGIVING_WEEK = datetime(2025, 11, 24, 15, tzinfo=UTC)


def test_inside_its_weeks_it_agrees_with_the_full_calendar_minute_by_minute():
    schedule = CloseSchedule.around(THANKSGIVING_WEEK)
    rng = random.Random(7)
    start = THANKSGIVING_WEEK - CloseSchedule.PAST
    moments = [start + timedelta(minutes=rng.randrange(75 * 24 * 60)) for _ in range(2000)]
    moments += [close + timedelta(minutes=d) for close in schedule.closes for d in (-1, 0, 1)]
    answered = [(m, schedule.latest(m)) for m in moments]
    assert sum(day is not None for _, day in answered) > 1900
    assert [(m, day) for m, day in answered if day is not None
            and day != latest_session_close(m)] == []


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2025, 11, 27, 20, 0, tzinfo=UTC), "2025-11-26"),  # Thanksgiving
    (datetime(2025, 11, 28, 17, 59, tzinfo=UTC), "2025-11-26"),  # before the 13:00 ET close
    (datetime(2025, 11, 28, 18, 0, tzinfo=UTC), "2025-11-28"),  # the early close itself
    (datetime(2025, 12, 25, 21, 0, tzinfo=UTC), "2025-12-24"),  # Christmas
])
def test_holidays_and_half_days(moment, expected):
    assert str(CloseSchedule.around(THANKSGIVING_WEEK).latest(moment)) == expected


def test_outside_its_weeks_it_has_no_answer():
    schedule = CloseSchedule.around(THANKSGIVING_WEEK)
    assert schedule.latest(schedule.closes[0] - timedelta(minutes=1)) is None
    assert schedule.latest(schedule.closes[-1] + timedelta(minutes=1)) is None
    assert schedule.latest(THANKSGIVING_WEEK + timedelta(days=90)) is None


def test_it_survives_saving_and_unreadable_text_is_none():
    schedule = CloseSchedule.around(THANKSGIVING_WEEK)
    assert CloseSchedule.from_json(schedule.to_json()) == schedule
    for text in (None, "", "garbage", "[]", "[1, 2]", '{"a": 1}', '[["2025-13-01", "x"]]'):
        assert CloseSchedule.from_json(text) is None
