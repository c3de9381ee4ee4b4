"""Charts drawn off the event loop, on one thread, for every front end."""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)

# One rendering thread: charts are CPU-bound (the GIL admits one at a time anyway),
# and a single thread keeps matplotlib's buffers in one malloc arena instead of one
# per pool thread, which cost ~100 MB of RSS in the benchmark.
_CHART_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")


async def draw(name: str, args: tuple, kwargs: dict) -> bytes | None:
    """A PNG from bot.present.charts, or None: a chart that fails to render must not
    cost the reader the numbers, which then go out as text."""
    try:
        from bot.present import charts  # matplotlib loads with the first chart, not at start

        # Rendering takes ~100 ms of CPU: off the event loop, so other chats don't wait.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_CHART_THREAD, functools.partial(
            getattr(charts, name), *args, **kwargs))
    except Exception:
        log.exception("chart %s failed; answering with text only", name)
        return None
