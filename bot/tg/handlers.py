"""Telegram's side of every command: an update becomes an `Ask`, the catalogue's answer
function gives an `Answer`, and `send` or `edit` shows it. Nothing here computes a
figure or formats one; a refusal is an Answer like any other.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputMediaPhoto,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden

from bot.answers.answer import Answer, Ask
from bot.answers.buttons import read_button
from bot.answers.charts import chart_png, has_drawn
from bot.answers.dispatch import answer_command
from bot.catalogue import command as catalogue_command
from bot.present import render
from bot.present.i18n import t
from bot.questions.reader import language_of
from bot.tg.context import (
    GapContext,
    ask_of,
    chat_language,
    remember_answer,
    services,
    typed_command_line,
)
from bot.tg.jobs import reschedule_chat, schedule_chat_digest, unschedule_digest

log = logging.getLogger(__name__)

SELECTED = "• "  # marks the button standing for what the message shows


def keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton((SELECTED if b.selected else "") + b.label,
                                  callback_data=b.data) for b in row]
            for row in answer.buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


def with_preface(html: str, reading: str | None, limit: int) -> str:
    """The answer opening with the command a question was read as, so people learn the
    commands and can correct a misreading; a caption at Telegram's limit keeps its
    figures instead."""
    if not reading:
        return html
    if len(render.html_to_text(html)) + len(reading) + 3 > limit:
        return html
    return f"→ <code>{render.esc(reading)}</code>\n{html}"


def fits_caption(text: str) -> bool:
    """Telegram counts a caption's characters after the HTML is parsed."""
    return len(render.html_to_text(text)) <= MessageLimit.CAPTION_LENGTH


async def send(update: Update, context: GapContext, ask: Ask,
               answer: Answer) -> None:
    """An answer as Telegram messages: with its chart when the chat wants charts (the
    text as caption, or, when longer than a caption may be and the chart may stand
    apart, the chart under the title line and then the text), its buttons on the
    message that carries the whole answer, then any further pages."""
    png = None
    if ask.charts and answer.chart is not None and (
            answer.chart.may_stand_apart or fits_caption(answer.html)):
        if not has_drawn(services(context), answer):
            # The Telegram equivalent of a progress bar while the chart renders.
            await update.effective_message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
        png = await chart_png(services(context), answer)
    message = update.effective_message
    markup = keyboard(answer)
    line = ask.reading or typed_command_line(update)
    if png is not None and fits_caption(answer.html):
        sent = await message.reply_photo(
            png, caption=with_preface(answer.html, ask.reading, MessageLimit.CAPTION_LENGTH),
            reply_markup=markup, do_quote=False)
    else:
        if png is not None:
            title = answer.html.split("\n", 1)[0]
            await message.reply_photo(png, caption=with_preface(
                title, ask.reading, MessageLimit.CAPTION_LENGTH), do_quote=False)
        sent = await message.reply_text(
            with_preface(answer.html, ask.reading if png is None else None,
                         MessageLimit.MAX_TEXT_LENGTH),
            reply_markup=markup, do_quote=False)
    # Refusals too: "what about 10 years?" after "5y is too short" is a follow-up.
    remember_answer(context, sent.chat_id, sent.message_id, line)
    for page in answer.more:
        await message.reply_text(page, do_quote=False)
    _schedule(context, ask, answer)


def _schedule(context: GapContext, ask: Ask, answer: Answer) -> None:
    if answer.schedule == "digest":
        schedule_chat_digest(context.application, ask.chat_id)
    elif answer.schedule == "no_digest":
        unschedule_digest(context.application, ask.chat_id)


async def command(update: Update, context: GapContext) -> None:
    """Any command of the catalogue: its answer, or a short localized refusal."""
    name = (update.effective_message.text or "").split(maxsplit=1)[0][1:].split("@", 1)[0]
    ask = await ask_of(update, context)
    answer = await answer_command(services(context), ask, name, list(context.args or []))
    await send(update, context, ask, answer)


async def answer_button(update: Update, context: GapContext) -> None:
    """A window, basis or pair button under an answer: the line it asks for, edited
    into that message in place (chart included)."""
    query = update.callback_query
    message = query.message
    ask = await ask_of(update, context)
    ask = dataclasses.replace(ask, lang=_answered_language(context, ask, message))
    pressed = read_button(query.data)
    if (pressed is None or catalogue_command(pressed[0]) is None
            or not isinstance(message, Message) or not offered(message, query.data)):
        # Only what the message offers: a client may send any data for any message
        # ("/call … " under a call's card would make a call in the presser's name).
        await query.answer(t(ask.lang, "button_stale"))
        return
    if _is_shown(message, query.data):
        await query.answer(t(ask.lang, "button_same"))  # Telegram refuses an identical edit
        return
    answer = await answer_command(services(context), ask, *pressed)
    if answer.refused:
        await query.answer(render.html_to_text(answer.html)[:200], show_alert=True)
        return
    if not await _edit(query, context, message, answer, ask.lang):
        return
    remember_answer(context, message.chat_id, message.message_id,
                    answer.command_line or " ".join(["/" + pressed[0], *pressed[1]]))
    await query.answer()


def _answered_language(context: GapContext, ask: Ask, message) -> str:
    """The language the message under the button was answered in (a question is answered
    in its own, see bot/tg/questions.py): the chat's /lang when chosen, else the message's."""
    if services(context).chats.chat(ask.chat_id).lang or not isinstance(message, Message):
        return ask.lang
    written = language_of(message.text or message.caption or "")
    return written or ask.lang


def offered(message: Message, data: str | None) -> bool:
    """The pressed data is that of a button the message still shows: not forged (a client
    may send any data for any message), not used up."""
    markup = message.reply_markup
    return any(b.callback_data == data
               for row in getattr(markup, "inline_keyboard", ()) or () for b in row)


async def stale_button(update: Update, context: GapContext) -> None:
    """A press no handler took (an old or forged button): answered, so it stops spinning."""
    await update.callback_query.answer(t(chat_language(update, context), "button_stale"))


def _is_shown(message: Message, data: str | None) -> bool:
    """Whether a pressed button asks for what the message already shows: its data is that
    of a marked button."""
    markup = message.reply_markup
    return any(b.callback_data == data and b.text.startswith(SELECTED)
               for row in getattr(markup, "inline_keyboard", ()) or () for b in row)


async def _edit(query, context: GapContext, message: Message,
                answer: Answer, lang: str) -> bool:
    """The message shows `answer` now: a photo message gets the new chart and caption,
    a text message the new text. False when it cannot (already answered the query)."""
    markup = keyboard(answer)
    has_photo = bool(message.photo)
    png = await chart_png(services(context), answer) if has_photo else None
    try:
        if png is not None and fits_caption(answer.html):
            await query.edit_message_media(
                InputMediaPhoto(png, caption=answer.html, parse_mode=ParseMode.HTML),
                reply_markup=markup)
        elif not has_photo:
            await query.edit_message_text(answer.html, reply_markup=markup)
        else:
            await query.answer(t(lang, "button_stale"))
            return False
    except BadRequest as exc:
        if "not modified" not in str(exc.message).lower():
            raise
        # A double tap: already showing it.
        await query.answer(t(lang, "button_same"))
        return False
    return True


async def inline_answer(update: Update, context: GapContext) -> None:
    """`@bot gap 1y`, `@bot rates 3y` in any chat: the answer as an inline result (an
    empty query reads as /gap)."""
    query = update.inline_query
    ask = await ask_of(update, context)
    words = (query.query or "").split()
    name = words[0].lower().lstrip("/") if words else "gap"
    entry = catalogue_command(name)
    if entry is None or not entry.inline:
        name, args = "gap", words
    else:
        args = words[1:]
    usage_button = InlineQueryResultsButton(t(ask.lang, "inline_usage_title"),
                                            start_parameter="help")
    answer = await answer_command(services(context), ask, name, args)
    if answer.refused:
        await query.answer([], cache_time=5, button=usage_button)
        return
    result = InlineQueryResultArticle(
        id=hashlib.sha1(answer.html.encode()).hexdigest()[:32],
        title=answer.title or render.html_to_text(answer.html.split("\n", 1)[0])[:100],
        description=answer.description,
        input_message_content=InputTextMessageContent(answer.html, parse_mode=ParseMode.HTML),
    )
    await query.answer([result], cache_time=60, button=usage_button)


async def note_chat_activity(update: Update, context: GapContext) -> None:
    """A command from a chat paused after Telegram said 403 means the bot is back in it:
    its digest is scheduled again and its alerts are evaluated again."""
    chat = update.effective_chat
    svc = services(context)
    if chat is not None and svc.chats.resume_chat(chat.id, svc.market.clock()):
        schedule_chat_digest(context.application, chat.id)
        await update.effective_message.reply_text(t(chat_language(update, context),
                                                    "chat_resumed"))


async def chat_migrated(update: Update, context: GapContext) -> None:
    """Telegram's service messages for a group that became a supergroup: everything
    keyed by the old id moves to the new one at once, jobs included (both messages
    arrive; the second finds nothing left to move)."""
    message = update.effective_message
    if message.migrate_to_chat_id:
        old_id, new_id = message.chat.id, message.migrate_to_chat_id
    else:
        old_id, new_id = message.migrate_from_chat_id, message.chat.id
    svc = services(context)
    if svc.chats.migrate_chat(old_id, new_id, svc.market.clock()):
        reschedule_chat(context.application, old_id, new_id)
        log.info("chat %s became supergroup %s: rules, settings and digest moved", old_id,
                 new_id)


async def unknown_command(update: Update, context: GapContext) -> None:
    """A private chat never meets silence: an unknown command gets a one-line hint."""
    name = (update.effective_message.text or "").split(maxsplit=1)[0][1:]
    ask = await ask_of(update, context)
    await send(update, context, ask, await answer_command(services(context), ask, name, []))


async def on_error(update: object, context: GapContext) -> None:
    """Log the failure (the token is redacted by the log filter) and tell the user."""
    if isinstance(context.error, Forbidden):
        # The user blocked the bot or removed it from the group: expected, not a bug.
        chat = update.effective_chat if isinstance(update, Update) else None
        log.warning("chat %s refused a reply: %s", chat.id if chat else "?",
                    context.error.message)
        if chat is not None:
            svc = services(context)
            svc.chats.pause_chat(chat.id, str(context.error.message)[:200], svc.market.clock())
            unschedule_digest(context.application, chat.id)
        return
    log.error("handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(t(chat_language(update), "err_internal"))
        except Exception:  # the reply itself can fail (blocked, network): already logged
            log.warning("could not report the error to the chat")
