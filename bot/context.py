"""What every callback needs: the services, the reader's language, replies, refusals
and the admin check. Handlers, alert commands and jobs import from here, never from
each other."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from analytics.performance import AnalyticsError
from bot import render
from bot.i18n import language_for, t
from bot.parsing import UsageError
from bot.services import Services

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


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str, *, ok: bool,
                **kwargs) -> None:
    """Send an HTML reply and count it as an answer or a refusal."""
    count(context, ok=ok)
    await update.effective_message.reply_text(html, do_quote=False, **kwargs)


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
