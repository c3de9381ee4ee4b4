"""Waiting for what another process or thread does: poll, sleep between looks, and give
up at a deadline with a sentence saying what never happened."""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_INTERVAL = 0.01  # seconds between looks: short next to any wait, long next to a look


def wait_until(condition: Callable[[], object], timeout: float, what: str, *,
               detail: Callable[[], str] | None = None) -> None:
    """Return as soon as `condition()` is true; fail the test if it is still false after
    `timeout` seconds, naming `what` was awaited and adding `detail()` (a log, say)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            message = f"gave up after {timeout:g} s waiting for {what}"
            if detail is not None:
                message += f"\n{detail()}"
            raise AssertionError(message)
        time.sleep(POLL_INTERVAL)
