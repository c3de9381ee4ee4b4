"""What every Telegram callback needs: the services, who asks where (`Ask`), the chat's
language, the admin check and the memory of which command a bot message answered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cachetools import LRUCache
from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.answers.answer import Ask
from bot.answers.services import Services, chat_pair
from bot.present.i18n import language_for

if TYPE_CHECKING:
    from bot.tg.outbox import OutboxSender

REMEMBERED_ANSWERS = 5000  # bot messages whose command a reply can follow up on
USED_PROPOSALS_KEPT = 10_000  # question buttons already pressed, refused a second time


@dataclass
class BotData:
    """What every callback shares, typed (python-telegram-bot makes it with no arguments;
    build_application fills in the services)."""

    services: Services = None  # type: ignore[assignment]
    jobs_enabled: bool = False  # the console's Application runs no timers
    outbox: OutboxSender | None = None  # made on first use (bot.tg.jobs.outbox_sender)
    # (chat, bot message) → the command line it answered, for follow-up replies.
    answered: LRUCache = field(default_factory=lambda: LRUCache(REMEMBERED_ANSWERS))
    # (chat, message, button) of question proposals already taken.
    used_proposals: LRUCache = field(default_factory=lambda: LRUCache(USED_PROPOSALS_KEPT))


GapContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
CONTEXT_TYPES = ContextTypes(bot_data=BotData)


def services(context: GapContext) -> Services:
    return context.bot_data.services


def chat_language(update: Update, context: GapContext | None = None) -> str:
    """The chat's chosen language, else the user's Telegram language, else English."""
    if context is not None and update.effective_chat is not None:
        chosen = services(context).chats.chat(update.effective_chat.id).lang
        if chosen:
            return chosen
    user = update.effective_user
    return language_for(user.language_code if user else None)


def _thread(update: Update) -> int | None:
    """The forum topic a message was posted in, or None."""
    message = update.effective_message
    return message.message_thread_id if message and message.is_topic_message else None


async def ask_of(update: Update, context: GapContext, *,
                 reading: str | None = None) -> Ask:
    """Who asks, where: the chat (an inline query's user stands for it), its language,
    pair and charts setting, the topic, and how to check the asker is an admin."""
    svc = services(context)
    chat = update.effective_chat
    user = update.effective_user
    chat_id = chat.id if chat is not None else (user.id if user else 0)
    stored = svc.chats.chat(chat.id) if chat is not None else None

    async def admin() -> bool:
        return await is_admin(update, context)

    member_id, member_name = _member(update)
    return Ask(
        member_id=member_id, member_name=member_name,
        chat_id=chat_id, lang=chat_language(update, context if chat else None),
        pair=chat_pair(svc, chat.id if chat else None), now=svc.market.clock(),
        chat_type=chat.type if chat is not None else ChatType.PRIVATE,
        thread_id=_thread(update), user_id=user.id if user else None,
        charts=bool(stored.charts) if stored else False,
        bot_username=context.bot.username or "gapbot", is_admin=admin, reading=reading,
    )


def _member(update: Update) -> tuple[int | None, str]:
    """Who speaks: an anonymous admin posts as the group, and stands for it."""
    chat, message, user = update.effective_chat, update.effective_message, update.effective_user
    if (chat is not None and message is not None and message.sender_chat is not None
            and message.sender_chat.id == chat.id and update.callback_query is None):
        return chat.id, chat.title or "the group"
    if user is None:
        return None, ""
    return user.id, (user.full_name or user.username or str(user.id))[:64]


def typed_command_line(update: Update) -> str | None:
    """The slash command as typed (without @botname), or None."""
    text = (update.effective_message.text or "") if update.effective_message else ""
    if not text.startswith("/"):
        return None
    first, *rest = text.split()
    return " ".join([first.split("@", 1)[0], *rest])[:200]


def remember_answer(context: GapContext, chat_id: int, message_id: int,
                    command_line: str | None) -> None:
    """What a bot message answered, so a reply to it ("what about 3 years?") can reuse it."""
    if command_line:
        context.bot_data.answered[(chat_id, message_id)] = command_line


def answered_command(context: GapContext, chat_id: int,
                     message_id: int) -> str | None:
    return context.bot_data.answered.get((chat_id, message_id))


async def is_admin(update: Update, context: GapContext) -> bool:
    chat = update.effective_chat
    message = update.effective_message
    if message is not None and message.sender_chat is not None and (
            message.sender_chat.id == chat.id):
        return True  # an anonymous admin posts as the group itself
    user = update.effective_user
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
