"""When a new daily close can exist: the NYSE calendar, not a weekday check."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from analytics.market.data import latest_session_close


@pytest.mark.parametrize(
    ("now_utc", "expected"),
    [
        ("2025-11-27T20:00", date(2025, 11, 26)),  # Thanksgiving: closed all day
        ("2025-11-28T17:30", date(2025, 11, 26)),  # half day, before its 13:00 ET close
        ("2025-11-28T18:30", date(2025, 11, 28)),  # after the early close
        ("2025-11-29T12:00", date(2025, 11, 28)),  # Saturday
        ("2025-12-01T20:00", date(2025, 11, 28)),  # Monday, before the 16:00 ET close
        ("2025-12-01T21:05", date(2025, 12, 1)),
        ("2025-07-04T21:00", date(2025, 7, 3)),  # Independence Day
    ],
)
def test_latest_session_close_follows_holidays_and_half_days(now_utc, expected):
    now = datetime.fromisoformat(now_utc).replace(tzinfo=UTC)
    assert latest_session_close(now) == expected


def test_the_latest_close_agrees_with_the_calendars_own_minute_queries():
    """latest_session_close searches the close times; exchange_calendars' minute
    queries must give the same session, around closes and at random minutes."""
    import random
    from datetime import timedelta

    import exchange_calendars
    import pandas as pd

    from analytics.market.calendar import latest_session_close

    calendar = exchange_calendars.get_calendar("XNYS")

    def by_minutes(now: datetime):
        minute = pd.Timestamp(now).floor("min") + pd.Timedelta(minutes=1)
        return calendar.minute_to_session(calendar.previous_close(minute),
                                          direction="previous").date()

    rng = random.Random(5)
    moments = [datetime(2010, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(8_000_000))
               for _ in range(500)]
    for close in calendar.closes.iloc[-400:-5:7]:
        moments += [(close + pd.Timedelta(minutes=d)).to_pydatetime() for d in (-1, 0, 1)]
    for moment in moments:
        assert latest_session_close(moment) == by_minutes(moment), moment
