"""A clock the test moves by hand, and the evening the alert and delivery tests run at."""

from __future__ import annotations

from datetime import UTC, datetime

# A Friday after the close: the 2025-03-21 close is the newest the rules can see.
EVENING = datetime(2025, 3, 21, 21, 30, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now
