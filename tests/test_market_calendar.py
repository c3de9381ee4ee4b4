"""When a new daily close can exist: the NYSE calendar, not a weekday check."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from analytics.market_data import latest_session_close


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
