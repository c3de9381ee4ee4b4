"""`gapbot run`: the Telegram bot until SIGINT or SIGTERM, by webhook when one is
configured, else by long polling.

Either way each update is committed to the inbox (bot/tg/inbox.py) before Telegram is
told it arrived, so a crash between the two loses nothing. Long polling is PTB's own
Updater (its back-off, bootstrap retries and final offset on stop) with the inbox as its
queue: the Updater asks for the next offset, which confirms a batch, only once `put`
returned for every update of the batch, and `put` returns once the update is saved.

    1. the Application starts
    2. the inbox hands it what a crash left pending (each chat's before its new updates)
    3. polling starts               (deleteWebhook, keeping Telegram's pending updates)
    stop: polling stops (confirming what was saved), then the Application handles what
    it took, and shuts down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import Application, Updater

from bot.config import Settings
from bot.tg.app import build_application, configure_logging, open_services
from bot.tg.inbox import InboxFeed, UpdateInbox
from bot.tg.webhook import retrying, secret_token, serve_webhook, service_health

log = logging.getLogger(__name__)


def run_bot(settings: Settings,
            on_secrets: Callable[[list[str]], None] = lambda secrets: None) -> None:
    """Run the bot until SIGINT or SIGTERM, then stop cleanly. `on_secrets` hears every
    secret no output may show (the token, and the webhook's secret once it is read from
    the database), for the caller's own last-resort error output."""
    configure_logging(settings.log_level, [settings.token])
    services = open_services(settings)
    application = build_application(services, token=settings.token)
    hook = settings.webhook
    if hook is None:
        log.info("gapbot starting (db %s, offline=%s)", settings.db_path, settings.offline)
        _until_signal(lambda stop: serve_polling(application, stop))
        return
    secret = secret_token(services.storage, hook.secret)
    # PTB logs setWebhook's parameters at DEBUG, the secret among them.
    on_secrets([settings.token, secret])
    configure_logging(settings.log_level, [settings.token, secret])
    log.info("gapbot starting (db %s, offline=%s, webhook)", settings.db_path,
             settings.offline)
    _until_signal(lambda stop: serve_webhook(application, hook, secret,
                                             service_health(services), stop))


async def serve_polling(application: Application, stop_event: asyncio.Event | None = None,
                        inbox: UpdateInbox | None = None) -> None:
    """Poll until `stop_event` is set (forever without one), then stop cleanly. An
    unreachable Telegram at start is retried with back-off, as polling itself is."""
    stop_event = stop_event or asyncio.Event()
    inbox = inbox or UpdateInbox.of(application)
    updater = Updater(application.bot, InboxFeed(inbox))
    async with contextlib.AsyncExitStack() as stages:  # undone in reverse on the way out
        if not await retrying("initialize", application.initialize, stop_event):
            return
        stages.push_async_callback(_shut_down, application)
        await updater.initialize()
        stages.push_async_callback(updater.shutdown)
        if application.post_init:
            await application.post_init(application)
        await application.start()
        stages.push_async_callback(_stop, application)
        inbox.resume()
        await updater.start_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
        stages.push_async_callback(updater.stop)
        await stop_event.wait()
        log.info("polling stopping")


async def _stop(application: Application) -> None:
    await application.stop()  # handles every update already taken, lets jobs finish
    if application.post_stop:
        await application.post_stop(application)


async def _shut_down(application: Application) -> None:
    await application.shutdown()
    if application.post_shutdown:
        await application.post_shutdown(application)


def _until_signal(serve: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run `serve(stop_event)` in a new event loop; SIGINT and SIGTERM (systemd's stop)
    set the event."""

    async def main() -> None:
        stop_event = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # not on Windows' event loops
                loop.add_signal_handler(sig, stop_event.set)
        await serve(stop_event)

    asyncio.run(main())
