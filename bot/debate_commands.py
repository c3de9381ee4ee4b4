"""/rates, /drawdown, /event, /odds and /mix: the rest of the small-cap debate.

Each answer is built by one function from the command's words, shared by the command,
inline mode and the console, so all of them show the same numbers. Handlers stay thin:
parse → one analytics call → render → reply (with a chart when the chat wants one).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputMediaPhoto,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from analytics.drawdown import drawdowns
from analytics.events import event_window, find_event
from analytics.market_data import NEW_YORK
from analytics.mix import mix_portfolio
from analytics.odds import rolling_odds
from analytics.performance import AnalyticsError
from analytics.rates import BILL_TICKER, YIELD_TICKER, rates_sensitivity
from bot import render_debate
from bot.context import (
    answers,
    chat_pair,
    check_fetch_budget,
    language,
    now,
    refusal,
    remember_answer,
    reply,
    services,
)
from bot.gap_view import MAX_CAPTION, visible_length
from bot.handlers import cached_chart, is_not_modified, reply_with_chart
from bot.i18n import t
from bot.parsing import (
    UsageError,
    parse_event_args,
    parse_mix_args,
    parse_odds_args,
    parse_window_pair,
)
from bot.render import html_to_text
from bot.services import Services


@dataclass(frozen=True)
class DebateAnswer:
    text: str
    chart: str | None = None  # a bot.charts function drawing `result`
    result: object = None
    sources: str | None = None
    tickers: tuple[str, ...] = ()
    # The answer's own words with the pair spelled out, when its window buttons apply:
    # `("1y", "VTWO", "SPY")`, `("20", "10y", "VTWO", "SPY")` for /mix.
    canonical: tuple[str, ...] | None = None


Builder = Callable[[Services, list[str], str, date, tuple[str, str]],
                   Awaitable[DebateAnswer]]


async def _pair_frames(svc: Services, small: str, large: str):
    frames = await svc.market.prices([small, large])
    return frames[small], frames[large]


def _sources(svc: Services, tickers) -> str:
    return ", ".join(svc.storage.price_sources(list(tickers))) or "cache"


async def rates_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_window_pair(args, today, *pair,
                                usage="usage_rates", default="1y")
    small, large = await _pair_frames(svc, request.small, request.large)
    tnx = (await svc.market.prices([YIELD_TICKER]))[YIELD_TICKER]
    irx = svc.market.cached_prices([BILL_TICKER]).get(BILL_TICKER)
    result = rates_sensitivity(request.small, small, request.large, large, tnx,
                               request.window, irx=irx)
    tickers = (request.small, request.large, YIELD_TICKER)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    return DebateAnswer(render_debate.render_rates(lang, result, freshness), "rates_chart",
                        result, _sources(svc, tickers), tickers, _preset_args(request))


async def drawdown_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_window_pair(args, today, *pair,
                                usage="usage_drawdown", default="max")
    small, large = await _pair_frames(svc, request.small, request.large)
    result = drawdowns(request.small, small, request.large, large, request.window)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    return DebateAnswer(render_debate.render_drawdown(lang, result, freshness),
                        "drawdown_chart", result, _sources(svc, tickers), tickers,
                        _preset_args(request))


async def event_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    if not args:
        return DebateAnswer(render_debate.render_event_list(lang))
    request = parse_event_args(args, today, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    start = find_event(request.event_key) if request.event_key else request.start
    result = event_window(request.small, small, request.large, large, start, request.days)
    tickers = (request.small, request.large)
    # Staleness is about the data, which runs on past the event window.
    freshness = svc.market.freshness(list(tickers), result.last_date)
    return DebateAnswer(render_debate.render_event(lang, result, freshness), "event_chart",
                        result, _sources(svc, tickers), tickers)


async def odds_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_odds_args(args, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    result = rolling_odds(request.small, small, request.large, large, request.years)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.last_date)
    return DebateAnswer(render_debate.render_odds(lang, result, freshness), "odds_chart",
                        result, _sources(svc, tickers), tickers,
                        (f"{request.years}y", request.small, request.large))


async def mix_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_mix_args(args, today, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    result = mix_portfolio(request.small, small, request.large, large, request.window,
                           request.pct)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    preset = _preset_args(request)
    return DebateAnswer(render_debate.render_mix(lang, result, freshness), "mix_chart",
                        result, _sources(svc, tickers), tickers,
                        (f"{request.pct:g}", *preset) if preset else None)


def _preset_args(request) -> tuple[str, ...] | None:
    """`(window, SMALL, LARGE)` for a preset window; dates get no window buttons."""
    if request.window.preset is None:
        return None
    return (request.window.preset, request.small, request.large)


BUILDERS: dict[str, Builder] = {
    "rates": rates_answer,
    "drawdown": drawdown_answer,
    "event": event_answer,
    "odds": odds_answer,
    "mix": mix_answer,
}


async def debate_answer(svc: Services, command: str, args: list[str], lang: str,
                        today: date, pair: tuple[str, str]) -> DebateAnswer:
    """The answer to one debate command, computed once per data change for every chat."""
    key = ("debate", command, tuple(a.lower() for a in args), lang, today, pair)
    cached = svc.answers.get(key)
    if cached is None:
        cached = await BUILDERS[command](svc, args, lang, today, pair)
        svc.answers.put(key, cached)
    return cached


def _explicit_tickers(args: list[str]) -> list[str]:
    from bot.config import TICKER_RE

    words = [a.upper() for a in args[-2:]]
    return words if len(words) == 2 and all(TICKER_RE.match(w) and not w[0].isdigit()
                                            for w in words) else []


def _handler(command: str):
    @answers
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        svc = services(context)
        args = list(context.args or [])
        check_fetch_budget(update, context, _explicit_tickers(args))
        lang = language(update, context)
        today = now(context).astimezone(NEW_YORK).date()
        answer = await debate_answer(svc, command, args, lang, today,
                                     chat_pair(update, context))
        keyboard = window_keyboard(command, answer)
        if answer.chart is None:
            await reply(update, context, answer.text, ok=True, reply_markup=keyboard)
            return
        await reply_with_chart(update, context, answer.text, answer.chart, answer.result,
                               lang, source=answer.sources, reply_markup=keyboard)

    handler.__name__ = command
    handler.__doc__ = f"/{command}: see bot.debate_commands.{command}_answer."
    return handler


rates = _handler("rates")
drawdown = _handler("drawdown")
event = _handler("event")
odds = _handler("odds")
mix = _handler("mix")


INLINE_PATTERN = r"(?i)^\s*/?(rates|drawdown|event|odds|mix)\b"


async def inline_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot rates 1y` in any chat: the debate answer as an inline result."""
    query = update.inline_query
    svc = services(context)
    lang = language(update)
    words = (query.query or "").split()
    command, args = words[0].lower().lstrip("/"), words[1:]
    usage_button = InlineQueryResultsButton(t(lang, "inline_usage_title"), start_parameter="help")
    try:
        check_fetch_budget(update, context, _explicit_tickers(args))
        today = now(context).astimezone(NEW_YORK).date()
        answer = await debate_answer(svc, command, args, lang, today,
                                     chat_pair(update, context))
    except (UsageError, AnalyticsError):
        await query.answer([], cache_time=5, button=usage_button)
        return
    title = html_to_text(answer.text.split("\n", 1)[0])[:100]
    result = InlineQueryResultArticle(
        id=hashlib.sha1(answer.text.encode()).hexdigest()[:32], title=title,
        input_message_content=InputTextMessageContent(answer.text, parse_mode=ParseMode.HTML),
    )
    await query.answer([result], cache_time=60, button=usage_button)


# -- window buttons ----------------------------------------------------------------------------

BUTTON_PREFIX = "d:"
BUTTON_PATTERN = r"^d:"
# The windows a button row offers per command (the position of the window in the
# answer's canonical words: /mix has its share first).
WINDOW_CHOICES = {
    "rates": (0, ("3m", "1y", "3y", "5y", "10y")),
    "drawdown": (0, ("1y", "3y", "5y", "10y", "max")),
    "odds": (0, ("3y", "5y", "10y", "20y")),
    "mix": (1, ("3y", "5y", "10y", "max")),
}
SELECTED = "• "
MAX_CALLBACK_BYTES = 64


def window_keyboard(command: str, answer: DebateAnswer) -> InlineKeyboardMarkup | None:
    """One row of windows under a debate answer; the shown one is marked."""
    if command not in WINDOW_CHOICES or answer.canonical is None:
        return None
    position, choices = WINDOW_CHOICES[command]
    buttons = []
    for choice in choices:
        words = list(answer.canonical)
        words[position] = choice
        data = BUTTON_PREFIX + " ".join([command, *words])
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            return None
        shown = answer.canonical[position] == choice
        buttons.append(InlineKeyboardButton((SELECTED if shown else "") + choice.upper(),
                                            callback_data=data))
    return InlineKeyboardMarkup([buttons])


async def window_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A window button under a debate answer: the same question over another window,
    edited in place (chart included)."""
    query = update.callback_query
    lang = language(update, context)
    words = (query.data or "")[len(BUTTON_PREFIX):].split()
    message = query.message
    if not words or words[0] not in WINDOW_CHOICES or message is None:
        await query.answer(t(lang, "button_stale"))
        return
    current = [b.callback_data for row in getattr(message.reply_markup, "inline_keyboard", ())
               for b in row if b.text.startswith(SELECTED)]
    if query.data in current:
        await query.answer(t(lang, "button_same"))  # Telegram refuses an identical edit
        return
    svc = services(context)
    today = now(context).astimezone(NEW_YORK).date()
    command, args = words[0], words[1:]
    try:
        check_fetch_budget(update, context, _explicit_tickers(args))  # data can be forged
        answer = await debate_answer(svc, command, args, lang, today,
                                     chat_pair(update, context))
    except (UsageError, AnalyticsError) as exc:
        await query.answer(html_to_text(refusal(lang, exc))[:200], show_alert=True)
        return
    keyboard = window_keyboard(command, answer)
    has_photo = bool(getattr(message, "photo", None))
    png = (await cached_chart(context, answer.text, answer.chart, answer.result, lang,
                              source=answer.sources) if has_photo and answer.chart else None)
    try:
        if png is not None and visible_length(answer.text) <= MAX_CAPTION:
            await query.edit_message_media(
                InputMediaPhoto(png, caption=answer.text, parse_mode=ParseMode.HTML),
                reply_markup=keyboard)
        elif not has_photo:
            await query.edit_message_text(answer.text, reply_markup=keyboard)
        else:
            await query.answer(t(lang, "button_stale"))
            return
    except BadRequest as exc:
        if not is_not_modified(exc):
            raise
        await query.answer(t(lang, "button_same"))  # a double tap: already showing it
        return
    remember_answer(context, message.chat_id, message.message_id,
                    " ".join([f"/{command}", *args]))
    await query.answer()
