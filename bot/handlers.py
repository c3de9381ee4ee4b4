"""Command callbacks: parse → one analytics call → render → reply.

Bad input and unanswerable questions end in a short localized reply through the
`answers` decorator, so no callback repeats that plumbing and none can crash.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputMediaPhoto,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from analytics.funds import sector_comparison
from analytics.market_data import (
    BACKOFF_KEY,
    LAST_REFRESH_KEY,
    NEW_YORK,
    latest_session_close,
)
from analytics.performance import AnalyticsError, is_price_index
from analytics.valuation import valuation_spread
from bot import render
from bot.gap_view import (
    MAX_CAPTION,
    build_gap_view,
    inline_title,
    parse_button,
    render_chart,
    request_for,
    selection,
    visible_length,
)
from bot.i18n import LANGUAGES, language_for, t
from bot.parsing import UsageError, parse_gap_args, parse_ticker
from bot.services import Services

log = logging.getLogger(__name__)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]


def language(update: Update, context: ContextTypes.DEFAULT_TYPE | None = None) -> str:
    """The chat's chosen language, else the user's Telegram language, else English."""
    if context is not None and update.effective_chat is not None:
        chosen = services(context).chats.chat(update.effective_chat.id).lang
        if chosen:
            return chosen
    user = update.effective_user
    return language_for(user.language_code if user else None)


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str, *, ok: bool) -> None:
    """Send an HTML reply and count it as an answer or a refusal (the console's exit code)."""
    stats = context.bot_data.setdefault("stats", {"answers": 0, "refusals": 0})
    stats["answers" if ok else "refusals"] += 1
    await update.effective_message.reply_text(html, do_quote=False)


def refusal(lang: str, exc: UsageError | AnalyticsError) -> str:
    if isinstance(exc, UsageError):
        values = {k: render.esc(v) for k, v in exc.values.items()}
        text = t(lang, exc.key, **values)
        return f"{text}\n{t(lang, exc.usage)}" if exc.usage else text
    values = {k: render.esc(v) for k, v in exc.details.items() if k != "offline"}
    key = "err_" + exc.code
    if exc.code == "no_data" and exc.details.get("offline"):
        key = "err_no_data_offline"
    return t(lang, key, **values)


def answers(callback: Callback) -> Callback:
    """Turn the expected failures of a command into a polite reply."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await callback(update, context)
        except (UsageError, AnalyticsError) as exc:
            await reply(update, context, refusal(language(update, context), exc), ok=False)

    return wrapper


def _now(context: ContextTypes.DEFAULT_TYPE) -> datetime:
    return services(context).market.clock()


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot does and every command, with examples."""
    settings = services(context).settings
    lang = language(update, context)
    await reply(update, context, t(lang, "help", small=render.esc(settings.small),
                                   large=render.esc(settings.large),
                                   bot=render.esc(context.bot.username)), ok=True)


@answers
async def gap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Relative performance of the small-cap side against the large-cap side."""
    svc = services(context)
    lang = language(update, context)
    today = _now(context).astimezone(NEW_YORK).date()
    request = parse_gap_args(list(context.args or []), today, svc.settings.small,
                             svc.settings.large)
    chat = update.effective_chat
    with_chart = svc.chats.chat(chat.id).charts if chat else False
    if with_chart:
        # The Telegram equivalent of a progress bar while the chart renders.
        await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO)
    view = await build_gap_view(svc, request, "total", lang, with_chart)
    await send_view(update, context, view)


async def send_view(update: Update, context: ContextTypes.DEFAULT_TYPE, view) -> None:
    stats = context.bot_data.setdefault("stats", {"answers": 0, "refusals": 0})
    stats["answers"] += 1
    message = update.effective_message
    if view.chart is not None:
        await message.reply_photo(view.chart, caption=view.text, reply_markup=view.keyboard,
                                  do_quote=False)
    else:
        await message.reply_text(view.text, reply_markup=view.keyboard, do_quote=False)


async def reply_with_chart(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str,
                           chart: str, *args) -> None:
    """A chart with the text answer as its caption, or, when the text is longer than a
    caption may be, the chart under its title line followed by the text."""
    chat = update.effective_chat
    if not services(context).chats.chat(chat.id).charts:
        await reply(update, context, text, ok=True)
        return
    # The text carries every figure the chart draws: it keys the shared answer cache.
    key = ("chart", chart, text)
    cache = services(context).market.answer_cache()
    png = cache.get(key)
    if png is None:
        await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO)
        png = await render_chart(chart, *args)
        if png is not None:
            cache[key] = png
    if png is None:
        await reply(update, context, text, ok=True)
        return
    fits = visible_length(text) <= MAX_CAPTION
    caption = text if fits else text.split("\n", 1)[0]
    await update.effective_message.reply_photo(png, caption=caption, do_quote=False)
    if fits:
        stats = context.bot_data.setdefault("stats", {"answers": 0, "refusals": 0})
        stats["answers"] += 1
    else:
        await reply(update, context, text, ok=True)


async def gap_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A window or basis button under /gap: edit that message in place."""
    query = update.callback_query
    lang = language(update, context)
    pressed = parse_button(query.data)
    if pressed is None or query.message is None:
        await query.answer(t(lang, "button_stale"))
        return
    if selection(query.message.reply_markup) == (pressed.window, pressed.basis):
        await query.answer(t(lang, "button_same"))  # Telegram refuses an identical edit
        return
    svc = services(context)
    has_photo = bool(getattr(query.message, "photo", None))
    try:
        view = await build_gap_view(svc, request_for(pressed), pressed.basis, lang, has_photo)
    except (UsageError, AnalyticsError) as exc:
        await query.answer(render.html_to_text(refusal(lang, exc))[:200], show_alert=True)
        return
    if has_photo and view.chart is not None:
        await query.edit_message_media(
            InputMediaPhoto(view.chart, caption=view.text, parse_mode=ParseMode.HTML),
            reply_markup=view.keyboard,
        )
    else:
        await query.edit_message_text(view.text, reply_markup=view.keyboard)
    await query.answer()


async def inline_gap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot gap 1y` in any chat: the /gap answer as an inline result."""
    query = update.inline_query
    lang = language(update)
    svc = services(context)
    words = (query.query or "").split()
    if words and words[0].lower().lstrip("/") == "gap":
        words = words[1:]
    usage_button = InlineQueryResultsButton(t(lang, "inline_usage_title"), start_parameter="help")
    try:
        today = _now(context).astimezone(NEW_YORK).date()
        request = parse_gap_args(words, today, svc.settings.small, svc.settings.large)
        view = await build_gap_view(svc, request, "total", lang, with_chart=False)
    except (UsageError, AnalyticsError):
        await query.answer([], cache_time=5, button=usage_button)
        return
    result = InlineQueryResultArticle(
        id=hashlib.sha1(view.text.encode()).hexdigest()[:32],
        title=inline_title(lang, view),
        description=f"{view.result.start_date} → {view.result.end_date}",
        input_message_content=InputTextMessageContent(view.text, parse_mode=ParseMode.HTML),
    )
    await query.answer([result], cache_time=60, button=usage_button)


async def lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/lang ko|en`: this chat's language for replies, alerts and digests."""
    from bot.alert_commands import _guarded

    args = [a.lower() for a in (context.args or [])]
    if len(args) != 1 or args[0] not in LANGUAGES:
        await reply(update, context, t(language(update, context), "usage_lang"), ok=False)
        return
    if not await _guarded(update, context):
        return
    services(context).chats.update_chat(update.effective_chat.id, _now(context), lang=args[0])
    await reply(update, context, t(args[0], "lang_set"), ok=True)


@answers
async def valuation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Trailing P/E of both sides, the spread in turns and the discount."""
    svc = services(context)
    small, large = svc.settings.small, svc.settings.large
    lang = language(update, context)
    cache = svc.market.answer_cache()
    key = ("valuation", small, large, lang)
    if key not in cache:
        small_pe, large_pe = svc.market.pe_history(small), svc.market.pe_history(large)
        result = valuation_spread(small, small_pe, large, large_pe)
        small_by_day = {p.as_of: p.trailing_pe for p in small_pe}
        points = [(p.as_of, 1 - small_by_day[p.as_of] / p.trailing_pe)
                  for p in large_pe if p.as_of in small_by_day]
        percentile = result.history.percentile if result.history else None
        cache[key] = (render.render_valuation(lang, result), points, result.discount, percentile)
    text, points, discount, percentile = cache[key]
    await reply_with_chart(update, context, text, "valuation_chart", points, discount,
                           percentile, lang, small, large)


def _fund_tickers(args: list[str], default: list[str], usage: str) -> list[str]:
    if not args:
        return default
    if len(args) != len(default):
        raise UsageError("err_too_many_arguments", usage=usage)
    tickers = [parse_ticker(a, usage) for a in args]
    for ticker in tickers:
        if is_price_index(ticker):
            raise AnalyticsError("not_a_fund", ticker=ticker)
    return tickers


@answers
async def sectors(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sector weights of both funds side by side."""
    svc = services(context)
    small, large = _fund_tickers(list(context.args or []),
                                 [svc.settings.small, svc.settings.large], "usage_gap")
    small_fund = await svc.market.fund(small)
    large_fund = await svc.market.fund(large)
    rows = sector_comparison(small_fund.sector_weights, large_fund.sector_weights)
    lang = language(update, context)
    text = render.render_sectors(lang, rows, small_fund, large_fund)
    await reply_with_chart(update, context, text, "sectors_chart", rows, small, large, lang)


@answers
async def top(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Top holdings of one fund with weights."""
    svc = services(context)
    (ticker,) = _fund_tickers(list(context.args or []), [svc.settings.small], "usage_top")
    snapshot = await svc.market.fund(ticker)
    await reply(update, context, render.render_top(language(update, context), snapshot), ok=True)


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Data freshness per ticker, the last refresh and the last Yahoo error."""
    svc = services(context)
    storage = svc.storage
    last_refresh = storage.get_state(LAST_REFRESH_KEY)
    backoff = storage.get_state(BACKOFF_KEY)
    backoff_until = datetime.fromisoformat(backoff) if backoff else None
    now = _now(context)
    text = render.render_status(
        language(update, context),
        storage.ticker_status(svc.market.tracked),
        last_refresh=datetime.fromisoformat(last_refresh) if last_refresh else None,
        expected_close=latest_session_close(now),
        offline=svc.market.offline,
        backoff_until=backoff_until if backoff_until and backoff_until > now else None,
    )
    await reply(update, context, text, ok=True)


async def note_chat_activity(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command from a chat paused after Telegram said 403 means the bot is back in it."""
    chat = update.effective_chat
    if chat is not None and services(context).chats.resume_chat(chat.id, _now(context)):
        await update.effective_message.reply_text(t(language(update, context), "chat_resumed"))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (the token is redacted by the log filter) and tell the user."""
    log.error("handler failed", exc_info=context.error)
    stats = context.bot_data.setdefault("stats", {"answers": 0, "refusals": 0})
    stats["refusals"] += 1
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(t(language(update), "err_internal"))
        except Exception:  # the reply itself can fail (blocked, network): already logged
            log.warning("could not report the error to the chat")
