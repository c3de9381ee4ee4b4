"""Command callbacks: parse → one analytics call → render → reply.

Bad input and unanswerable questions end in a short localized reply through the
`answers` decorator, so no callback repeats that plumbing and none can crash.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputMediaPhoto,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from analytics.funds import sector_comparison
from analytics.market.data import (
    BACKOFF_KEY,
    LAST_REFRESH_KEY,
    NEW_YORK,
    latest_session_close,
)
from analytics.performance import AnalyticsError, is_price_index
from analytics.valuation import discount_history, valuation_spread
from bot.answers.gap import (
    MAX_CAPTION,
    build_gap_view,
    inline_title,
    is_shown,
    parse_button,
    render_chart,
    request_for,
    visible_length,
)
from bot.parsing import UsageError, check_pair, parse_gap_args, parse_ticker
from bot.present import render
from bot.present.i18n import LANGUAGES, sources_label, t
from bot.tg.context import (
    answers,
    chat_pair,
    check_fetch_budget,
    count,
    language,
    may_manage,
    now,
    refusal,
    reply,
    send_answer,
    services,
)
from bot.tg.jobs import reschedule_chat, schedule_chat_digest, unschedule_digest

log = logging.getLogger(__name__)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot does and every command, with examples."""
    small, large = chat_pair(update, context)
    lang = language(update, context)
    await reply(update, context, t(lang, "help", small=render.esc(small),
                                   large=render.esc(large),
                                   bot=render.esc(context.bot.username)), ok=True)


@answers
async def gap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Relative performance of the small-cap side against the large-cap side."""
    svc = services(context)
    lang = language(update, context)
    today = now(context).astimezone(NEW_YORK).date()
    request = parse_gap_args(list(context.args or []), today, *chat_pair(update, context))
    check_fetch_budget(update, context, [request.small, request.large])
    chat = update.effective_chat
    with_chart = svc.chats.chat(chat.id).charts if chat else False
    if with_chart:
        # The Telegram equivalent of a progress bar while the chart renders.
        await update.effective_message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    view = await build_gap_view(svc, request, "total", lang, with_chart)
    await send_view(update, context, view)


async def send_view(update: Update, context: ContextTypes.DEFAULT_TYPE, view) -> None:
    await send_answer(update, context, view.text, photo=view.chart, reply_markup=view.keyboard)


async def cached_chart(context: ContextTypes.DEFAULT_TYPE, text: str, chart: str, *args,
                       **kwargs) -> bytes | None:
    """The chart for an answer, rendered once per data change for every chat."""
    # The text carries every figure the chart draws: it keys the shared answer cache.
    key = ("chart", chart, text)
    cache = services(context).answers
    png = cache.get(key)
    if png is None:
        png = await render_chart(chart, *args, **kwargs)
        if png is not None:
            cache.put(key, png)
    return png


async def reply_with_chart(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str,
                           chart: str, *args, reply_markup=None, **kwargs) -> None:
    """A chart with the text answer as its caption, or, when the text is longer than a
    caption may be, the chart under its title line followed by the text. Buttons
    (`reply_markup`) go on the message that carries the whole answer."""
    chat = update.effective_chat
    if not services(context).chats.chat(chat.id).charts:
        await reply(update, context, text, ok=True, reply_markup=reply_markup)
        return
    if ("chart", chart, text) not in services(context).answers:
        await update.effective_message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    png = await cached_chart(context, text, chart, *args, **kwargs)
    if png is None:
        await reply(update, context, text, ok=True, reply_markup=reply_markup)
        return
    fits = visible_length(text) <= MAX_CAPTION
    caption = text if fits else text.split("\n", 1)[0]
    await send_answer(update, context, caption, photo=png, counts=fits,
                      reply_markup=reply_markup if fits else None)
    if not fits:
        await reply(update, context, text, ok=True, reply_markup=reply_markup)


async def gap_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A window or basis button under /gap: edit that message in place."""
    query = update.callback_query
    lang = language(update, context)
    pressed = parse_button(query.data)
    if pressed is None or query.message is None:
        await query.answer(t(lang, "button_stale"))
        return
    if is_shown(query.message.reply_markup, query.data):
        await query.answer(t(lang, "button_same"))  # Telegram refuses an identical edit
        return
    svc = services(context)
    has_photo = bool(getattr(query.message, "photo", None))
    try:
        today = now(context).astimezone(NEW_YORK).date()
        view = await build_gap_view(svc, request_for(pressed, today), pressed.basis, lang,
                                    has_photo)
    except (UsageError, AnalyticsError) as exc:
        await query.answer(render.html_to_text(refusal(lang, exc))[:200], show_alert=True)
        return
    try:
        if has_photo and view.chart is not None:
            await query.edit_message_media(
                InputMediaPhoto(view.chart, caption=view.text, parse_mode=ParseMode.HTML),
                reply_markup=view.keyboard,
            )
        else:
            await query.edit_message_text(view.text, reply_markup=view.keyboard)
    except BadRequest as exc:
        if not is_not_modified(exc):
            raise
        await query.answer(t(lang, "button_same"))  # a double tap: already showing it
        return
    await query.answer()


def is_not_modified(exc: BadRequest) -> bool:
    """Telegram refusing an edit to the content a message already has."""
    return "not modified" in str(exc.message).lower()


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
        today = now(context).astimezone(NEW_YORK).date()
        request = parse_gap_args(words, today, *chat_pair(update, context))
        check_fetch_budget(update, context, [request.small, request.large])
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
    args = [a.lower() for a in (context.args or [])]
    if len(args) != 1 or args[0] not in LANGUAGES:
        await reply(update, context, t(language(update, context), "usage_lang"), ok=False)
        return
    if not await may_manage(update, context):
        return
    services(context).chats.update_chat(update.effective_chat.id, now(context), lang=args[0])
    await reply(update, context, t(args[0], "lang_set"), ok=True)


@answers
async def valuation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Trailing P/E of both sides, the spread in turns and the discount."""
    svc = services(context)
    small, large = _valuation_pair(list(context.args or []), chat_pair(update, context))
    lang = language(update, context)
    key = ("valuation", small, large, lang)
    answer = svc.answers.get(key)
    if answer is None:
        small_pe, large_pe = svc.market.pe_history(small), svc.market.pe_history(large)
        result = valuation_spread(small, small_pe, large, large_pe)
        points = discount_history(small_pe, large_pe)
        percentile = result.history.percentile if result.history else None
        sources = svc.market.pe_sources([small, large])
        answer = (render.render_valuation(lang, result, sources), points, result.discount,
                  percentile, sources_label(lang, sources) or None)
        svc.answers.put(key, answer)
    text, points, discount, percentile, source = answer
    await reply_with_chart(update, context, text, "valuation_chart", points, discount,
                           percentile, lang, small, large, source=source)


def _valuation_pair(args: list[str], default: tuple[str, str]) -> tuple[str, str]:
    """`/valuation [SMALL LARGE]`: the pair named, else the chat's."""
    if not args:
        return default
    if len(args) != 2:
        raise UsageError("err_bad_argument" if len(args) == 1 else "err_too_many_arguments",
                         usage="usage_valuation", arg=args[0][:32])
    return check_pair([parse_ticker(a, "usage_valuation") for a in args], "usage_valuation")


def _fund_tickers(args: list[str], default: list[str], usage: str) -> list[str]:
    """The funds named, else the chat's pair; an index (no holdings) is refused either way."""
    if args and len(args) != len(default):
        raise UsageError("err_too_many_arguments", usage=usage)
    tickers = [parse_ticker(a, usage) for a in args] if args else default
    for ticker in tickers:
        if is_price_index(ticker):
            raise AnalyticsError("not_a_fund", ticker=ticker)
    return tickers


@answers
async def sectors(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sector weights of both funds side by side."""
    svc = services(context)
    small, large = _fund_tickers(list(context.args or []),
                                 list(chat_pair(update, context)), "usage_sectors")
    check_fetch_budget(update, context, [small, large])
    small_fund = await svc.market.fund(small)
    large_fund = await svc.market.fund(large)
    rows = sector_comparison(small_fund.sector_weights, large_fund.sector_weights)
    lang = language(update, context)
    text = render.render_sectors(lang, rows, small_fund, large_fund)
    await reply_with_chart(update, context, text, "sectors_chart", rows, small, large, lang,
                           source=small_fund.source)


@answers
async def top(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Top holdings of one fund with weights."""
    svc = services(context)
    (ticker,) = _fund_tickers(list(context.args or []), [chat_pair(update, context)[0]],
                              "usage_top")
    check_fetch_budget(update, context, [ticker])
    snapshot = await svc.market.fund(ticker)
    await reply(update, context, render.render_top(language(update, context), snapshot), ok=True)


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Data freshness per ticker, the last refresh and the last Yahoo error."""
    svc = services(context)
    storage = svc.storage
    last_refresh = storage.get_state(LAST_REFRESH_KEY)
    backoff = storage.get_state(BACKOFF_KEY)
    backoff_until = datetime.fromisoformat(backoff) if backoff else None
    moment = now(context)
    text = render.render_status(
        language(update, context),
        storage.ticker_status(svc.market.tracked),
        last_refresh=datetime.fromisoformat(last_refresh) if last_refresh else None,
        expected_close=latest_session_close(moment),
        offline=svc.market.offline,
        backoff_until=backoff_until if backoff_until and backoff_until > moment else None,
    )
    await reply(update, context, text, ok=True)


async def note_chat_activity(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command from a chat paused after Telegram said 403 means the bot is back in it:
    its digest is scheduled again and its alerts are evaluated again."""
    chat = update.effective_chat
    if chat is not None and services(context).chats.resume_chat(chat.id, now(context)):
        schedule_chat_digest(context.application, chat.id)
        await update.effective_message.reply_text(t(language(update, context), "chat_resumed"))


async def chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram's service messages for a group that became a supergroup: everything
    keyed by the old id moves to the new one at once, jobs included (both messages
    arrive; the second finds nothing left to move)."""
    message = update.effective_message
    if message.migrate_to_chat_id:
        old_id, new_id = message.chat.id, message.migrate_to_chat_id
    else:
        old_id, new_id = message.migrate_from_chat_id, message.chat.id
    if services(context).chats.migrate_chat(old_id, new_id, now(context)):
        reschedule_chat(context.application, old_id, new_id)
        log.info("chat %s became supergroup %s: rules, settings and digest moved", old_id,
                 new_id)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private chat never meets silence: an unknown command gets a one-line hint."""
    word = (update.effective_message.text or "").split(maxsplit=1)[0][:32]
    await reply(update, context, t(language(update, context), "unknown_command",
                                   command=render.esc(word)), ok=False)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (the token is redacted by the log filter) and tell the user."""
    count(context, ok=False)
    if isinstance(context.error, Forbidden):
        # The user blocked the bot or removed it from the group: expected, not a bug.
        chat = update.effective_chat if isinstance(update, Update) else None
        log.warning("chat %s refused a reply: %s", chat.id if chat else "?",
                    context.error.message)
        if chat is not None:
            services(context).chats.pause_chat(chat.id, str(context.error.message)[:200],
                                               now(context))
            unschedule_digest(context.application, chat.id)
        return
    log.error("handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(t(language(update), "err_internal"))
        except Exception:  # the reply itself can fail (blocked, network): already logged
            log.warning("could not report the error to the chat")
