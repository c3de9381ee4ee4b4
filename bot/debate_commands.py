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
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from analytics.drawdown import drawdowns
from analytics.events import event_window, find_event
from analytics.market_data import NEW_YORK
from analytics.mix import mix_portfolio
from analytics.odds import rolling_odds
from analytics.performance import AnalyticsError
from analytics.rates import rates_sensitivity
from bot import render_debate
from bot.context import (
    answers,
    chat_pair,
    check_fetch_budget,
    language,
    now,
    reply,
    services,
)
from bot.handlers import reply_with_chart
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

TEN_YEAR, THREE_MONTH = "^TNX", "^IRX"


@dataclass(frozen=True)
class DebateAnswer:
    text: str
    chart: str | None = None  # a bot.charts function drawing `result`
    result: object = None
    sources: str | None = None
    tickers: tuple[str, ...] = ()


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
    tnx = (await svc.market.prices([TEN_YEAR]))[TEN_YEAR]
    irx = svc.market.cached_prices([THREE_MONTH]).get(THREE_MONTH)
    result = rates_sensitivity(request.small, small, request.large, large, tnx,
                               request.window, irx=irx)
    tickers = (request.small, request.large, TEN_YEAR)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    return DebateAnswer(render_debate.render_rates(lang, result, freshness), "rates_chart",
                        result, _sources(svc, tickers), tickers)


async def drawdown_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_window_pair(args, today, *pair,
                                usage="usage_drawdown", default="max")
    small, large = await _pair_frames(svc, request.small, request.large)
    result = drawdowns(request.small, small, request.large, large, request.window)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    return DebateAnswer(render_debate.render_drawdown(lang, result, freshness),
                        "drawdown_chart", result, _sources(svc, tickers), tickers)


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
                        result, _sources(svc, tickers), tickers)


async def mix_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_mix_args(args, today, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    result = mix_portfolio(request.small, small, request.large, large, request.window,
                           request.pct)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    return DebateAnswer(render_debate.render_mix(lang, result, freshness), "mix_chart",
                        result, _sources(svc, tickers), tickers)


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
        if answer.chart is None:
            await reply(update, context, answer.text, ok=True)
            return
        await reply_with_chart(update, context, answer.text, answer.chart, answer.result,
                               lang, source=answer.sources)

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
