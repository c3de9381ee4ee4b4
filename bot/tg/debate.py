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
from analytics.market.data import NEW_YORK
from analytics.mix import mix_portfolio
from analytics.odds import rolling_odds
from analytics.performance import AnalyticsError
from analytics.rates import BILL_TICKER, YIELD_TICKER, rates_sensitivity
from analytics.windows import Window
from bot.answers.gap import MAX_CAPTION, visible_length
from bot.answers.pair_offer import MAX_CALLBACK_BYTES, PairOffer, first_close, pair_offer
from bot.answers.services import Services
from bot.parsing import (
    UsageError,
    parse_event_args,
    parse_mix_args,
    parse_odds_args,
    parse_window_pair,
)
from bot.present import debate as render_debate
from bot.present import render
from bot.present.i18n import sources_label, t, window_button_label
from bot.present.render import esc, html_to_text
from bot.tg.context import (
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
from bot.tg.handlers import cached_chart, is_not_modified, reply_with_chart


@dataclass(frozen=True)
class DebateAnswer:
    text: str
    chart: str | None = None  # a bot.present.charts function drawing `result`
    result: object = None
    sources: str | None = None
    tickers: tuple[str, ...] = ()
    # The answer's own words with the pair spelled out, when its window buttons apply:
    # `("1y", "VTWO", "SPY")`, `("20", "10y", "VTWO", "SPY")` for /mix.
    canonical: tuple[str, ...] | None = None
    offer: PairOffer | None = None  # a longer-lived pair that can answer it
    refused: bool = False  # the pair could not answer; `text` says why (and `offer` who can)
    stale_note: str | None = None  # the chart's stale warning, on the text's rule


Builder = Callable[[Services, list[str], str, date, tuple[str, str]],
                   Awaitable[DebateAnswer]]

def _debate_offer(svc: Services, lang: str, command: str, question: tuple[str, ...],
                  small: str, large: str, needed_start: date) -> PairOffer | None:
    """`pair_offer` whose buttons ask `/command QUESTION OTHER_SMALL OTHER_LARGE`."""
    return pair_offer(svc, lang, small, large, needed_start,
                      lambda s, lg: BUTTON_PREFIX + " ".join([command, *question, s, lg]))


def _with_offer(lang: str, text: str, offer: PairOffer | None) -> str:
    return text if offer is None else f"{text}\n{offer.text}"


def _window_words(window: Window) -> tuple[str, ...]:
    """The window as the user would type it again."""
    if window.preset is not None:
        return (window.preset,)
    return tuple(d.isoformat() for d in (window.start, window.end) if d is not None)


async def _pair_frames(svc: Services, small: str, large: str):
    frames = await svc.market.prices([small, large])
    return frames[small], frames[large]


def _sources(svc: Services, lang: str, tickers) -> str:
    return sources_label(lang, svc.storage.price_sources(list(tickers))) or "cache"


def _stale(lang: str, freshness, open_ended: bool) -> str | None:
    return render.chart_stale_note(lang, freshness, open_ended)


def _truncation_offer(svc: Services, lang: str, command: str, question: tuple[str, ...],
                      result, needed_start: date | None = None) -> PairOffer | None:
    """A pair with the history a window cut short by the data needs."""
    if not result.truncated:
        return None
    return _debate_offer(svc, lang, command, question, result.small_ticker,
                         result.large_ticker, needed_start or result.requested_start)


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
    # No pair reaches back further than the yield does.
    needed = max(result.requested_start, first_close(tnx) or result.requested_start)
    offer = _truncation_offer(svc, lang, "rates", _window_words(request.window), result,
                              needed)
    text = _with_offer(lang, render_debate.render_rates(lang, result, freshness), offer)
    return DebateAnswer(text, "rates_chart", result, _sources(svc, lang, tickers), tickers,
                        _preset_args(request), offer,
                        stale_note=_stale(lang, freshness, not result.closed))


async def drawdown_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_window_pair(args, today, *pair,
                                usage="usage_drawdown", default="max")
    small, large = await _pair_frames(svc, request.small, request.large)
    result = drawdowns(request.small, small, request.large, large, request.window)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    offer = _truncation_offer(svc, lang, "drawdown", _window_words(request.window), result)
    text = _with_offer(lang, render_debate.render_drawdown(lang, result, freshness), offer)
    return DebateAnswer(text, "drawdown_chart", result, _sources(svc, lang, tickers), tickers,
                        _preset_args(request), offer,
                        stale_note=_stale(lang, freshness, not result.closed))


async def event_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    if not args:
        return DebateAnswer(render_debate.render_event_list(lang))
    request = parse_event_args(args, today, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    start = find_event(request.event_key) if request.event_key else request.start
    try:
        result = event_window(request.small, small, request.large, large, start,
                              request.days)
    except AnalyticsError as exc:
        if exc.code != "start_before_data":
            raise
        question = (request.event_key or request.start.isoformat(), str(request.days))
        return _refusal_with_offer(svc, lang, exc, "event", question, request,
                                   request.start)
    tickers = (request.small, request.large)
    # Staleness is about the data, which runs on past the event window.
    freshness = svc.market.freshness(list(tickers), result.last_date)
    text = render_debate.render_event(lang, result, freshness)
    if request.read_as:  # `covd` answered as covid: the first line says how it was read
        text = t(lang, "event_read_as", typed=esc(request.read_as),
                 event=request.event_key) + "\n" + text
    return DebateAnswer(text, "event_chart", result, _sources(svc, lang, tickers), tickers,
                        stale_note=_stale(lang, freshness,
                                          render_debate.event_open_ended(result)))


def _refusal_with_offer(svc: Services, lang: str, exc: AnalyticsError, command: str,
                        question: tuple[str, ...], request, needed_start: date
                        ) -> DebateAnswer:
    """The pair's data is too short: say so, and name the pairs that can answer (or
    refuse as before when none can)."""
    offer = _debate_offer(svc, lang, command, question, request.small, request.large,
                          needed_start)
    if offer is None:
        raise exc
    return DebateAnswer(_with_offer(lang, refusal(lang, exc), offer), offer=offer,
                        refused=True)


async def odds_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_odds_args(args, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    try:
        result = rolling_odds(request.small, small, request.large, large, request.years)
    except AnalyticsError as exc:
        if exc.code != "years_too_long":
            raise
        return _refusal_with_offer(svc, lang, exc, "odds", (f"{request.years}y",), request,
                                   exc.details["needed_start"])
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.last_date)
    return DebateAnswer(render_debate.render_odds(lang, result, freshness), "odds_chart",
                        result, _sources(svc, lang, tickers), tickers,
                        (f"{request.years}y", request.small, request.large),
                        stale_note=_stale(lang, freshness, True))


async def mix_answer(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_mix_args(args, today, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    result = mix_portfolio(request.small, small, request.large, large, request.window,
                           request.pct)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    preset = _preset_args(request)
    offer = _truncation_offer(svc, lang, "mix",
                              (f"{request.pct:g}", *_window_words(request.window)), result)
    text = _with_offer(lang, render_debate.render_mix(lang, result, freshness), offer)
    return DebateAnswer(text, "mix_chart", result, _sources(svc, lang, tickers), tickers,
                        (f"{request.pct:g}", *preset) if preset else None, offer,
                        stale_note=_stale(lang, freshness, not result.closed))


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
        keyboard = answer_keyboard(command, answer, lang)
        if answer.chart is None:
            await reply(update, context, answer.text, ok=not answer.refused,
                        reply_markup=keyboard)
            return
        await reply_with_chart(update, context, answer.text, answer.chart, answer.result,
                               lang, source=answer.sources, reply_markup=keyboard,
                               stale_note=answer.stale_note)

    handler.__name__ = command
    handler.__doc__ = f"/{command}: see bot.tg.debate.{command}_answer."
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
        answer = None
    if answer is None or answer.refused:
        await query.answer([], cache_time=5, button=usage_button)
        return
    title = html_to_text(answer.text.split("\n", 1)[0])[:100]
    result = InlineQueryResultArticle(
        id=hashlib.sha1(answer.text.encode()).hexdigest()[:32], title=title,
        input_message_content=InputTextMessageContent(answer.text, parse_mode=ParseMode.HTML),
    )
    await query.answer([result], cache_time=60, button=usage_button)


# -- window and pair buttons -------------------------------------------------------------------

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


def answer_keyboard(command: str, answer: DebateAnswer, lang: str
                    ) -> InlineKeyboardMarkup | None:
    """Under a debate answer: its row of windows, and the pairs that can answer what
    this pair could not."""
    rows = [row for row in (_window_row(command, answer, lang),
                            list(answer.offer.buttons) if answer.offer else None) if row]
    return InlineKeyboardMarkup(rows) if rows else None


def _window_row(command: str, answer: DebateAnswer, lang: str
                ) -> list[InlineKeyboardButton] | None:
    """One row of windows; the shown one is marked."""
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
        label = window_button_label(lang, choice)
        buttons.append(InlineKeyboardButton((SELECTED if shown else "") + label,
                                            callback_data=data))
    return buttons


async def window_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A window or pair button under a debate answer: the same question over another
    window or of another pair, edited in place (chart included)."""
    query = update.callback_query
    lang = language(update, context)
    words = (query.data or "")[len(BUTTON_PREFIX):].split()
    message = query.message
    if not words or words[0] not in BUILDERS or message is None:
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
    keyboard = answer_keyboard(command, answer, lang)
    has_photo = bool(getattr(message, "photo", None))
    png = (await cached_chart(context, answer.text, answer.chart, answer.result, lang,
                              source=answer.sources, stale_note=answer.stale_note)
           if has_photo and answer.chart else None)
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
