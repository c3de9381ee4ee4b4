"""How many tickers the cache has never seen one chat may have fetched from Yahoo.

Each new ticker costs a Yahoo request of up to 20 s; inline queries fire on every
keystroke. A per-chat hourly budget keeps one curious (or hostile) chat from spending
everyone's Yahoo allowance.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

NEW_TICKERS_PER_HOUR = 10
HOUR_S = 3600.0


class FetchBudget:
    def __init__(self, per_hour: int = NEW_TICKERS_PER_HOUR,
                 clock: Callable[[], float] = time.monotonic):
        self.per_hour = per_hour
        self.clock = clock
        self._spent: dict[int, deque[float]] = defaultdict(deque)

    def allow(self, chat_id: int, tickers: list[str]) -> bool:
        """Spend one unit per ticker if all fit in the chat's last hour, else nothing."""
        now = self.clock()
        spent = self._spent[chat_id]
        while spent and now - spent[0] >= HOUR_S:
            spent.popleft()
        if len(spent) + len(tickers) > self.per_hour:
            return False
        spent.extend([now] * len(tickers))
        return True
