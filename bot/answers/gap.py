"""/gap as a message with a chart and buttons, shared by the command, its buttons and
inline mode, so all three show the same numbers."""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from analytics.performance import RelativePerformance, relative_performance
from analytics.windows import Window, is_preset
from bot.answers.pair_offer import pair_offer
from bot.answers.services import Services
from bot.config import TICKER_RE
from bot.parsing import GapRequest
from bot.present import render
from bot.present.i18n import sources_label, t, window_button_label

log = logging.getLogger(__name__)

WINDOW_ROWS = (("1m", "3m", "6m", "ytd"), ("1y", "3y", "5y"))
BASES = ("total", "price")
CALLBACK_PREFIX = "gap"
MAX_CAPTION = 1024
SELECTED = "• "
# The window is a code (`1y`, `ytd`, `7y`) or dates (`s20230101`, `s20230101e20251015`),
# so a pair offered under any /gap answer asks the same question of the other pair.
_CALLBACK = re.compile(
    r"^gap:([a-z0-9]{1,5}|s\d{8}(?:e\d{8})?):(total|price):([^:]{1,16}):([^:]{1,16})$")


@dataclass(frozen=True)
class GapView:
    text: str
    keyboard: InlineKeyboardMarkup
    chart: bytes | None
    result: RelativePerformance


@dataclass(frozen=True)
class GapButton:
    window: str
    basis: str
    small: str
    large: str


def visible_length(markup: str) -> int:
    """Characters Telegram counts for a caption: the text after HTML is parsed."""
    return len(render.html_to_text(markup))


def callback_data(window: str, basis: str, small: str, large: str) -> str:
    data = f"{CALLBACK_PREFIX}:{window}:{basis}:{small}:{large}"
    assert len(data.encode()) <= 64, data  # Telegram's limit; tickers are ≤ 15 chars
    return data


def parse_button(data: str | None) -> GapButton | None:
    """A button press, or None when the data is stale, forged or garbled."""
    match = _CALLBACK.match(data or "")
    if not match:
        return None
    window, basis, small, large = match.groups()
    if not (is_preset(window) or window.startswith("s")):
        return None
    try:  # forged dates (`s20231399`) are a stale button, not a crash
        _window_of(window, date(2000, 1, 1))
    except ValueError:
        return None
    if not (TICKER_RE.match(small) and TICKER_RE.match(large)) or small == large:
        return None
    return GapButton(window, basis, small, large)


def gap_keyboard(lang: str, request: GapRequest, basis: str) -> InlineKeyboardMarkup:
    current = request.window.preset

    def button(label: str, window: str, chosen_basis: str, selected: bool):
        return InlineKeyboardButton(
            (SELECTED if selected else "") + label,
            callback_data=callback_data(window, chosen_basis, request.small, request.large),
        )

    rows = [[button(window_button_label(lang, w), w, basis, w == current) for w in row]
            for row in WINDOW_ROWS]
    # The basis buttons keep the window shown, whatever it is (a code or dates).
    rows.append([button(t(lang, "button_" + b), window_token(request.window), b, b == basis)
                 for b in BASES])
    return InlineKeyboardMarkup(rows)


def is_shown(markup: InlineKeyboardMarkup | None, data: str | None) -> bool:
    """Whether a pressed button asks for what the message already shows: its data is that
    of a marked button (window, basis and pair alike)."""
    return any(button.callback_data == data and button.text.startswith(SELECTED)
               for row in getattr(markup, "inline_keyboard", ()) or () for button in row)


async def build_gap_view(svc: Services, request: GapRequest, basis: str, lang: str,
                         with_chart: bool) -> GapView:
    """The answer for this request, computed once per data change for every chat."""
    key = ("gap", request, basis, lang, with_chart)
    cached = svc.answers.get(key)
    if cached is None:
        cached = await _compute_gap_view(svc, request, basis, lang, with_chart)
        svc.answers.put(key, cached)
    return cached


async def _compute_gap_view(svc: Services, request: GapRequest, basis: str, lang: str,
                            with_chart: bool) -> GapView:
    frames = await svc.market.prices([request.small, request.large])
    small, large = frames[request.small], frames[request.large]
    result = relative_performance(request.small, small, request.large, large, request.window,
                                  basis=basis)
    freshness = svc.market.freshness([request.small, request.large], result.end_date)
    text = render.render_gap(lang, result, freshness, frames_have=_bases_held(
        {request.small: small, request.large: large}))
    keyboard = gap_keyboard(lang, request, basis)
    if result.truncated:
        offer = pair_offer(svc, lang, request.small, request.large, result.requested_start,
                           lambda s, lg: callback_data(window_token(request.window), basis,
                                                       s, lg))
        if offer is not None:
            text += "\n" + offer.text
            keyboard = InlineKeyboardMarkup([*keyboard.inline_keyboard, list(offer.buttons)])
    chart = None
    if with_chart and visible_length(text) <= MAX_CAPTION:
        chart = await render_chart(
            "gap_chart", result, small, large, lang, result.basis,
            source=sources_label(lang, freshness.sources) or None,
            stale_note=render.chart_stale_note(lang, freshness, result.window.end is None))
    return GapView(text, keyboard, chart, result)


def _bases_held(frames: dict) -> dict[tuple[str, str], bool]:
    """Which side has any closes of each basis, so an empty cell is explained truly."""
    held = {}
    for ticker, frame in frames.items():
        for basis, column in (("price", "close"), ("total", "adj_close")):
            held[ticker, basis] = column in frame.columns and bool(frame[column].notna().any())
    return held


# One rendering thread: charts are CPU-bound (the GIL admits one at a time anyway),
# and a single thread keeps matplotlib's buffers in one malloc arena instead of one
# per pool thread, which cost ~100 MB of RSS in the benchmark.
_CHART_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")


async def render_chart(name: str, *args, **kwargs) -> bytes | None:
    """A PNG from bot.present.charts, or None: a chart that fails to render must not cost the
    reader the numbers, which then go out as text."""
    try:
        from bot.present import charts  # matplotlib loads with the first chart, not at start

        # Rendering takes ~100 ms of CPU: off the event loop, so other chats don't wait.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_CHART_THREAD, functools.partial(
            getattr(charts, name), *args, **kwargs))
    except Exception:
        log.exception("chart %s failed; answering with text only", name)
        return None


def inline_title(lang: str, view: GapView) -> str:
    result = view.result
    gap = result.total_gap_pp if result.total_gap_pp is not None else result.price_gap_pp
    window = render.covered_window(lang, result.window, result.start_date, result.end_date,
                                   result.truncated)
    return html.unescape(
        f"{result.small.ticker} vs {result.large.ticker} · {window}: {render.fmt_pp(lang, gap)}"
    )


def window_token(window: Window) -> str:
    """A window in a button's callback data: its code, or its dates."""
    if window.preset:
        return window.preset
    token = f"s{window.start:%Y%m%d}"
    return token + (f"e{window.end:%Y%m%d}" if window.end else "")


def _window_of(token: str, today: date) -> Window:
    if not token.startswith("s"):
        year = today.year if token == "ytd" else None  # this calendar year, as typed
        return Window(preset=token, year=year)
    start = datetime.strptime(token[1:9], "%Y%m%d").date()
    end = datetime.strptime(token[10:18], "%Y%m%d").date() if "e" in token else None
    return Window(start=start, end=end)


def request_for(button: GapButton, today: date) -> GapRequest:
    """The request a button stands for."""
    return GapRequest(window=_window_of(button.window, today), small=button.small,
                      large=button.large)
