"""What every callback needs: the services, the reader's language, replies, refusals
and the admin check. Handlers, alert commands and jobs import from here, never from
each other."""

from __future__ import annotations

import functools
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import datetime

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from analytics.performance import AnalyticsError
from bot.answers.services import Services
from bot.parsing import UsageError
from bot.present import render
from bot.present.i18n import language_for, t

log = logging.getLogger(__name__)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]


def now(context: ContextTypes.DEFAULT_TYPE) -> datetime:
    return services(context).market.clock()


def language(update: Update, context: ContextTypes.DEFAULT_TYPE | None = None) -> str:
    """The chat's chosen language, else the user's Telegram language, else English."""
    if context is not None and update.effective_chat is not None:
        chosen = services(context).chats.chat(update.effective_chat.id).lang
        if chosen:
            return chosen
    user = update.effective_user
    return language_for(user.language_code if user else None)


def count(context: ContextTypes.DEFAULT_TYPE, *, ok: bool) -> None:
    """Answers and refusals, for the console's exit code."""
    stats = context.bot_data.setdefault("stats", {"answers": 0, "refusals": 0})
    stats["answers" if ok else "refusals"] += 1


# Set while a plain-language question is answered: the command it was read as, shown
# as the answer's first line so people learn the commands and can correct a misreading.
reading_preface: ContextVar[str | None] = ContextVar("reading_preface", default=None)
REMEMBERED_ANSWERS = 5000  # bot messages whose command a reply can follow up on


def command_line_of(update: Update) -> str | None:
    """The command this update asked for: the question's reading, else the slash
    command as typed (without @botname)."""
    preface = reading_preface.get()
    if preface:
        return preface
    text = (update.effective_message.text or "") if update.effective_message else ""
    if not text.startswith("/"):
        return None
    first, *rest = text.split()
    return " ".join([first.split("@", 1)[0], *rest])[:200]


def remember_answer(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int,
                    command_line: str | None) -> None:
    """What a bot message answered, so a reply to it ("what about 3 years?") can reuse it."""
    if not command_line:
        return
    answered: OrderedDict = context.bot_data.setdefault("answered", OrderedDict())
    answered[(chat_id, message_id)] = command_line
    while len(answered) > REMEMBERED_ANSWERS:
        answered.popitem(last=False)


def answered_command(context: ContextTypes.DEFAULT_TYPE, chat_id: int,
                     message_id: int) -> str | None:
    return context.bot_data.get("answered", {}).get((chat_id, message_id))


def with_preface(html: str, *, limit: int | None = None) -> str:
    """The answer with the reading's first line, when answering a question."""
    preface = reading_preface.get()
    if not preface:
        return html
    line = f"→ <code>{render.esc(preface)}</code>"
    if limit is not None and len(render.html_to_text(html)) + len(preface) + 3 > limit:
        return html  # a caption at Telegram's limit keeps its figures, not the preface
    return f"{line}\n{html}"


async def send_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str, *,
                      ok: bool = True, photo: bytes | None = None, counts: bool = True,
                      **kwargs):
    """Every answer goes out here: counted (unless a later part of the same answer
    counts), prefaced when it answers a question, and remembered so replies to it can
    follow up."""
    if counts:
        count(context, ok=ok)
    message = update.effective_message
    if photo is not None:
        sent = await message.reply_photo(photo, caption=with_preface(html, limit=1024),
                                         do_quote=False, **kwargs)
    else:
        sent = await message.reply_text(with_preface(html, limit=4096), do_quote=False,
                                        **kwargs)
    if sent is not None:
        # Refusals too: "what about 10 years?" after "5y is too short" is a follow-up.
        remember_answer(context, sent.chat_id, sent.message_id, command_line_of(update))
    return sent


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str, *, ok: bool,
                **kwargs) -> None:
    """Send an HTML reply and count it as an answer or a refusal."""
    await send_answer(update, context, html, ok=ok, **kwargs)


def chat_pair(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[str, str]:
    """The pair this chat argues about: its own (/pair), else the configured default."""
    settings = services(context).settings
    chat = update.effective_chat
    if chat is not None:
        pair = services(context).chats.pair(chat.id)
        if pair is not None:
            return pair
    return settings.small, settings.large


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


async def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    chat = update.effective_chat
    message = update.effective_message
    if message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous admin posts as the group itself
    user = update.effective_user
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


async def may_manage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Private chats: the user owns it. Groups: admins, or everyone if an admin opened
    the chat's alerts and settings to everyone. Says so when the answer is no."""
    chat = update.effective_chat
    if chat.type == ChatType.PRIVATE or services(context).chats.chat(chat.id).alerts_open:
        return True
    if await is_admin(update, context):
        return True
    await reply(update, context, t(language(update, context), "err_admins_only"), ok=False)
    return False


def check_fetch_budget(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       tickers: list[str]) -> None:
    """Tickers the cache has never seen cost a Yahoo request each: a chat gets a few
    an hour (inline queries fire on every keystroke)."""
    svc = services(context)
    missing = [t for t in tickers if not svc.market.is_cached(t)]
    if not missing or svc.market.offline:
        return
    chat = update.effective_chat
    who = chat.id if chat is not None else (update.effective_user.id
                                            if update.effective_user else 0)
    if not svc.fetch_budget.allow(who, missing):
        raise AnalyticsError("fetch_budget", ticker=missing[0])
