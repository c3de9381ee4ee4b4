"""Plain-language questions, answered by the command they are read as.

Where it listens: in a private chat, any text that is not a command; in a group, a message
that mentions the bot or replies to one of its messages (what Telegram delivers with
privacy mode on), so plain group chatter stays unanswered. The reading is answered by the
catalogue's answer for its command, like the slash command, and opens with the command
itself (→ /gap ytd VTWO SPY). An alert is only proposed, with a button that creates it; a
close second reading is offered as a button too.

A question is answered in the language it is asked in (Hangul: Korean, other letters:
English; neither: the chat's language) unless the chat chose one with /lang; its buttons
answer in the language of the message they are under. Commands keep the chat's language.
"""

from __future__ import annotations

import dataclasses
import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot.answers.alerts import SUBCOMMANDS, check_proposal
from bot.answers.answer import Answer, Button
from bot.answers.buttons import MAX_BUTTON_DATA
from bot.answers.dispatch import answer_command
from bot.present import render
from bot.present.i18n import t
from bot.questions.reader import (
    MAX_QUESTION,
    Reading,
    answer_language,
    examples,
    language_of,
    read_question,
    reading_from_command,
)
from bot.tg.context import (
    GapContext,
    answered_command,
    ask_of,
    chat_language,
    is_admin,
    services,
)
from bot.tg.handlers import offered, send

log = logging.getLogger(__name__)

ALERT_BUTTON, ALTERNATIVE_BUTTON, SETTING_BUTTON, CALL_BUTTON = "qa:", "qr:", "qs:", "qc:"
BUTTON_PATTERN = r"^q[arsc]:"


def _t(lang: str, key: str, **values) -> str:
    return t("ko" if lang == "ko" else "en", key, **values)


# -- who is asked -------------------------------------------------------------------------------


def _mentions(message: Message, bot) -> list[str]:
    """The texts of the entities that mention this bot (@name, or a name linked to it)."""
    handle = f"@{bot.username}".lower()
    found = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    return [text for entity, text in found.items()
            if (entity.type == MessageEntity.MENTION and text.lower() == handle)
            or (entity.type == MessageEntity.TEXT_MENTION and entity.user is not None
                and entity.user.id == bot.id)]


def _replied_bot_message(message: Message, bot) -> Message | None:
    """The bot's message this one replies to. In a forum topic every message replies to
    the topic's creation message unless it replies to another: that is no reply."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot.id:
        return None
    if replied.forum_topic_created is not None or (
            message.is_topic_message and replied.message_id == message.message_thread_id):
        return None
    return replied


def _question_text(message: Message, mentions: list[str]) -> str:
    text = message.text or ""
    for mention in mentions:
        text = text.replace(mention, " ")
    return text.strip()


# -- answering ----------------------------------------------------------------------------------


async def question(update: Update, context: GapContext) -> None:
    """A question in words: answered with the command it reads as, or with examples."""
    message = update.effective_message
    chat = update.effective_chat
    bot = context.bot
    if message is None or chat is None or message.text is None:
        return
    private = chat.type == ChatType.PRIVATE
    mentions = _mentions(message, bot)
    replied = _replied_bot_message(message, bot)
    if not _addressed_to_bot(message, bot, private, mentions, replied):
        return
    text = _question_text(message, mentions)
    previous = _previous_reading(context, chat.id, replied)
    ask = await ask_of(update, context)
    lang = question_language(update, context, text, replied)
    try:
        reading = read_question(text, today=ask.today, default_pair=ask.pair,
                                previous=previous)
    except Exception:  # the reader is tested on hostile text; a miss must still get a reply
        log.exception("the question reader failed on %r", text[:80])
        reading = None
    if reading is None:
        # In a group, what the reader cannot take for a question ("ㅋㅋ 맞네" under an
        # answer, "@bot lol") is people talking: the bot stays out of it. A bare mention
        # asks what it can do, and gets the examples, as any private message does.
        if private or not text:
            await not_understood(update, context, lang)
        return
    await answer_reading(update, context, reading, lang)


def _addressed_to_bot(message: Message, bot, private: bool, mentions: list[str],
                      replied: Message | None) -> bool:
    if message.via_bot is not None and message.via_bot.id == bot.id:
        return False  # our own inline answer, posted by the user: not a question
    if not (private or mentions or replied is not None):
        return False  # group chatter: not addressed to the bot
    # A long reply to the bot in a group is a conversation, not a question.
    return len(message.text) <= MAX_QUESTION or private or bool(mentions)


def question_language(update: Update, context: GapContext, text: str,
                      replied: Message | None = None) -> str:
    """The language a question is answered in (`answer_language`): a follow-up of tickers
    only keeps the language of the answer it replies to, else the user's Telegram one."""
    chosen = services(context).chats.chat(update.effective_chat.id).lang
    followed = language_of(replied.text or replied.caption or "") if replied else None
    return _lang(answer_language(text, chosen=chosen, followed=followed,
                                 fallback=chat_language(update, context)))


def _lang(lang: str) -> str:
    return "ko" if lang == "ko" else "en"


def _previous_reading(context: GapContext, chat_id: int,
                      replied: Message | None) -> Reading | None:
    """What the bot message replied to answered: the context of a follow-up."""
    line = answered_command(context, chat_id, replied.message_id) if replied else None
    return reading_from_command(line) if line else None


async def not_understood(update: Update, context: GapContext, lang: str) -> None:
    """One short reply in the question's language, with questions that do work."""
    lines = [_t(lang, "question_not_understood"),
             *(f"• {render.esc(example)}" for example in examples(lang)[:3])]
    ask = dataclasses.replace(await ask_of(update, context), lang=_lang(lang))
    await send(update, context, ask, Answer("\n".join(lines), refused=True))


async def answer_reading(update: Update, context: GapContext,
                         reading: Reading, lang: str) -> None:
    """Answer the reading's command as if typed, prefaced with the command line, in
    `lang` (see `question_language`)."""
    if reading.confirm:
        propose = {"alert": propose_alert, "call": propose_call}.get(reading.command,
                                                                      propose_setting)
        await propose(update, context, reading, lang)
        return
    if reading.command == "pair" and reading.args:
        # A question never changes the chat's pair ("IWM or QQQ, which is better?"):
        # it shows the pair, whose answer says how to set it.
        reading = dataclasses.replace(reading, args=())
    ask = dataclasses.replace(await ask_of(update, context, reading=reading.command_line),
                              lang=_lang(lang))
    answer = await answer_command(services(context), ask, reading.command, list(reading.args))
    await send(update, context, ask, answer)
    if reading.alternative is not None:
        await offer_alternative(update, context, reading, lang)


def _keyboard(label: str, data: str) -> InlineKeyboardMarkup | None:
    if len(data.encode()) > MAX_BUTTON_DATA:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])


async def propose_alert(update: Update, context: GapContext,
                        reading: Reading, lang: str) -> None:
    """An alert changes what the chat receives: show the rule, create it only on a tap."""
    ask = dataclasses.replace(await ask_of(update, context, reading=reading.command_line),
                              lang=_lang(lang))
    # A rule that already holds would stay silent: said, with the crossing offered too.
    check = await check_proposal(services(context), ask, list(reading.args))
    offers = [("question_alert_button", list(reading.args))]
    if check.crossing:
        offers.append(("question_alert_crossing_button", check.crossing))
    datas = [(key, ALERT_BUTTON + " ".join(words)) for key, words in offers]
    fits = all(len(data.encode()) <= MAX_BUTTON_DATA for _, data in datas)
    text = _t(lang, "question_alert_proposal" if fits else "question_alert_type")
    buttons = tuple((Button(_t(lang, key), data),) for key, data in datas) if fits else ()
    text = f"{check.note}\n{text}" if check.note else text
    await send(update, context, ask, Answer(text, buttons=buttons))


async def propose_call(update: Update, context: GapContext,
                       reading: Reading, lang: str) -> None:
    """A call said in words is its maker's: shown as the command, made only when the
    person who said it taps (an anonymous admin said it as the group: any admin)."""
    ask = dataclasses.replace(await ask_of(update, context, reading=reading.command_line),
                              lang=_lang(lang))
    data = f"{CALL_BUTTON}{ask.member_id} {' '.join(reading.args)}"
    if ask.member_id is None or len(data.encode()) > MAX_BUTTON_DATA:
        await send(update, context, ask, Answer(_t(lang, "question_call_type")))
        return
    button = Button(_t(lang, "question_call_button"), data)
    await send(update, context, ask,
               Answer(_t(lang, "question_call_proposal"), buttons=((button,),)))


async def _make_proposed_call(update: Update, context: GapContext, words: list[str],
                              lang: str, toast: str) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if len(words) < 2 or not words[0].lstrip("-").isdigit() or words[1].lower() in (
            "del", "delete"):
        await query.answer(_t(toast, "question_button_stale"))
        return
    sayer, args = int(words[0]), words[1:]
    said_as_group = sayer == chat.id
    if not (query.from_user.id == sayer or (said_as_group and await is_admin(update, context))):
        await query.answer(_t(toast, "question_call_not_yours"), show_alert=True)
        return
    if await _used(update, context, toast):
        return
    line = " ".join(("/call", *args))
    ask = dataclasses.replace(await ask_of(update, context, reading=line), lang=lang)
    if said_as_group:
        ask = dataclasses.replace(ask, member_id=chat.id, member_name=chat.title or "")
    answer = await answer_command(services(context), ask, "call", args)
    if not answer.refused:
        await _proposal_taken(update, context, line, lang, "question_call_made")
    await send(update, context, ask, answer)
    await query.answer()


async def propose_setting(update: Update, context: GapContext,
                          reading: Reading, lang: str) -> None:
    """A setting asked in words ("앞으로 영어로 답해줘"): the command, applied on a tap by
    someone who may change the chat, as if they had typed it."""
    ask = dataclasses.replace(await ask_of(update, context, reading=reading.command_line),
                              lang=_lang(lang))
    data = SETTING_BUTTON + reading.command_line
    if len(data.encode()) > MAX_BUTTON_DATA:
        await send(update, context, ask, Answer(_t(lang, "question_setting_type")))
        return
    button = Button(_t(lang, "question_setting_button"), data)
    await send(update, context, ask,
               Answer(_t(lang, "question_setting_proposal"), buttons=((button,),)))


async def offer_alternative(update: Update, context: GapContext,
                            reading: Reading, lang: str) -> None:
    """A close second reading, one tap away."""
    other = reading.alternative.command_line
    keyboard = _keyboard(_t(lang, "question_alternative_button", command=other),
                         ALTERNATIVE_BUTTON + other)
    if keyboard is not None:
        await update.effective_message.reply_text(
            _t(lang, "question_alternative"), reply_markup=keyboard, do_quote=False)


# -- buttons ------------------------------------------------------------------------------------


async def _may_create(update: Update, context: GapContext) -> bool:
    """Private chats: the user. Groups: admins, or everyone when alerts are open. For a
    button the presser is the update's user (the query's), which `is_admin` checks."""
    chat = update.effective_chat
    if chat.type == ChatType.PRIVATE or services(context).chats.chat(chat.id).alerts_open:
        return True
    return await is_admin(update, context)


async def question_button(update: Update, context: GapContext) -> None:
    """`qa:` creates a proposed alert; `qr:` answers the other reading of a question.
    What is posted follows the message pressed (`_button_language`); a toast speaks to
    the presser, in the chat's language else theirs, as for any button."""
    query = update.callback_query
    message = query.message
    toast = chat_language(update, context)
    lang = _button_language(update, context, message)
    data = query.data or ""
    if not isinstance(message, Message) or not offered(message, data):
        await query.answer(_t(toast, "question_button_stale"))
        return
    if data.startswith(ALERT_BUTTON):
        await _create_proposed_alert(update, context, data[len(ALERT_BUTTON):].split(),
                                     lang, toast)
        return
    if data.startswith(SETTING_BUTTON):
        await _apply_proposed_setting(update, context, data[len(SETTING_BUTTON):], lang, toast)
        return
    if data.startswith(CALL_BUTTON):
        await _make_proposed_call(update, context, data[len(CALL_BUTTON):].split(), lang, toast)
        return
    reading = reading_from_command(data[len(ALTERNATIVE_BUTTON):], lang)
    if reading is None or reading.confirm:
        await query.answer(_t(toast, "question_button_stale"))
        return
    await query.answer()
    await message.edit_text(message.text_html or _t(lang, "question_alternative"),
                            reply_markup=None)
    await answer_reading(update, context, reading, lang)


def _button_language(update: Update, context: GapContext, message) -> str:
    """A question's button answers in the language of the message it is under (the
    question's answer language): the chat's /lang when chosen, else that message's."""
    chosen = services(context).chats.chat(update.effective_chat.id).lang
    written = language_of(message.text or "") if isinstance(message, Message) else None
    return _lang(chosen or written or chat_language(update, context))


async def _create_proposed_alert(update: Update, context: GapContext,
                                 args: list[str], lang: str, toast: str) -> None:
    query = update.callback_query
    if not args or args[0].lower() in SUBCOMMANDS:
        await query.answer(_t(toast, "question_button_stale"))
        return
    if not await _proposal_open(update, context, toast, "question_admins_only"):
        return
    chats = services(context).chats
    chat_id = update.effective_chat.id
    before = chats.count_rules(chat_id)
    line = " ".join(("/alert", *args))
    ask = dataclasses.replace(await ask_of(update, context, reading=line), lang=lang)
    answer = await answer_command(services(context), ask, "alert", args)
    await send(update, context, ask, answer)
    if chats.count_rules(chat_id) > before:
        await _proposal_taken(update, context, line, lang, "question_alert_created")
    await query.answer()


async def _proposal_open(update: Update, context: GapContext, toast: str,
                         admins_only: str) -> bool:
    """Whether the presser may take this proposal now: who may change the chat, and not a
    second time. A proposal is used once: a double tap (both presses still see the button,
    the edit that removes it comes later) must not make two rules or settings."""
    query = update.callback_query
    if not await _may_create(update, context):
        await query.answer(_t(toast, admins_only), show_alert=True)
        return False
    return not await _used(update, context, toast)


async def _used(update: Update, context: GapContext, toast: str) -> bool:
    """Whether this proposal was taken already (then the presser is told so): a double tap
    (both presses still see the button, the edit that removes it comes later) must not make
    two rules, settings or calls."""
    query = update.callback_query
    if (update.effective_chat.id, query.message.message_id) in context.bot_data.used_proposals:
        await query.answer(_t(toast, "question_button_stale"))
        return True
    return False


async def _proposal_taken(update: Update, context: GapContext, line: str, lang: str,
                          done: str) -> None:
    """The proposal took: used up (a chat's updates run in order, so a second tap sees
    this; a refused press leaves the button usable) and its message says who took it
    (editMessageReplyMarkup would do; a text edit also says who confirmed)."""
    query = update.callback_query
    context.bot_data.used_proposals[(update.effective_chat.id, query.message.message_id)] = True
    name = render.esc(query.from_user.first_name or "")
    await query.message.edit_text(
        f"→ <code>{render.esc(line)}</code>\n{_t(lang, done, name=name)}", reply_markup=None)


_PROPOSED_SETTINGS = frozenset({"lang", "tz", "digest", "pair"})


async def _apply_proposed_setting(update: Update, context: GapContext, line: str,
                                  lang: str, toast: str) -> None:
    """The proposed setting, run as the presser's own command; the button goes once the
    setting took (a refused press, e.g. an unknown fund, leaves it for another try)."""
    query = update.callback_query
    command, *args = line.removeprefix("/").split()
    if command not in _PROPOSED_SETTINGS:
        await query.answer(_t(toast, "question_button_stale"))
        return
    if not await _proposal_open(update, context, toast, "question_setting_admins_only"):
        return
    ask = dataclasses.replace(await ask_of(update, context, reading=line), lang=lang)
    answer = await answer_command(services(context), ask, command, args)
    if not answer.refused:
        await _proposal_taken(update, context, line, lang, "question_setting_applied")
    await send(update, context, ask, answer)
    await query.answer()


def register(application: Application) -> None:
    """The question and its buttons, on an Application whose commands are registered."""
    # Edited messages must not answer a second time; commands have their own handlers.
    application.add_handler(MessageHandler(
        filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, question))
    application.add_handler(CallbackQueryHandler(question_button, pattern=BUTTON_PATTERN))
