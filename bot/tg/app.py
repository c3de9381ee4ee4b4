"""The composition root: opens storage, wires services, builds the Application."""

from __future__ import annotations

import logging
import re

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.answers.services import Services, open_services
from bot.catalogue import COMMANDS, menu
from bot.present.i18n import LANGUAGES
from bot.tg import handlers, questions
from bot.tg.context import CONTEXT_TYPES
from bot.tg.jobs import schedule_all
from bot.tg.rate_limit import PerChatRateLimiter
from bot.tg.update_order import PerChatOrder

log = logging.getLogger(__name__)

__all__ = ["build_application", "configure_logging", "open_services"]


class RedactingFormatter(logging.Formatter):
    """Removes secrets from every formatted line, tracebacks included: httpx and
    python-telegram-bot put request URLs, which contain the bot token, in errors."""

    def __init__(self, fmt: str, secrets: list[str]):
        super().__init__(fmt)
        self._pattern = re.compile("|".join(re.escape(s) for s in secrets if s)) if any(
            secrets) else None

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return self._pattern.sub("[REDACTED]", text) if self._pattern else text


def configure_logging(level: str, secrets: list[str]) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root.handlers[:] = [handler]
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


async def post_init(application: Application) -> None:
    """Publish the command menu in both languages, for private chats and groups."""
    for lang in LANGUAGES:
        commands = [BotCommand(name, summary) for name, summary in menu(lang)]
        code = None if lang == "en" else lang
        for scope in (BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()):
            await application.bot.set_my_commands(commands, scope=scope, language_code=code)


def build_application(
    services: Services,
    *,
    token: str,
    request: BaseRequest | None = None,
    rate_limit: bool = True,
    jobs: bool = True,
) -> Application:
    """The bot with every handler registered; `request` swaps the HTTP layer (tests,
    console), `rate_limit` keeps within Telegram's flood limits."""
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(services.settings.base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=None))
        .post_init(post_init)
        .context_types(CONTEXT_TYPES)
        # Chats are served side by side, each chat's updates in order (bot/update_order).
        .concurrent_updates(PerChatOrder())
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        # A getUpdates cut short by Ctrl-C can hold the only connection of PTB's default
        # pool; a second one lets the final "mark fetched" call through on shutdown.
        builder = builder.get_updates_connection_pool_size(2)
    if rate_limit:
        builder = builder.rate_limiter(PerChatRateLimiter(max_retries=3))
    if not jobs:
        builder = builder.job_queue(None)
    application = builder.build()
    application.bot_data.services = services
    application.bot_data.jobs_enabled = jobs

    # Edited messages must not run a command a second time.
    only_new = filters.UpdateType.MESSAGE
    # Before any command: a chat paused after a 403 that talks to us again is back.
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, handlers.note_chat_activity),
        group=-1,
    )
    for entry in COMMANDS:
        application.add_handler(CommandHandler((entry.name, *entry.aliases), handlers.command,
                                               filters=only_new))
    application.add_handler(CallbackQueryHandler(handlers.answer_button, pattern=r"^(/|d:|gap:)"))
    application.add_handler(InlineQueryHandler(handlers.inline_answer))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, handlers.chat_migrated))
    # Questions in plain words, and their confirm / "did you mean" buttons.
    questions.register(application)
    application.add_handler(CallbackQueryHandler(handlers.stale_button))
    # Last: a private chat's command that no handler above took.
    application.add_handler(MessageHandler(
        only_new & filters.COMMAND & filters.ChatType.PRIVATE, handlers.unknown_command))
    application.add_error_handler(handlers.on_error)

    if jobs:
        schedule_all(application, services.settings.refresh_minutes)
    return application
