"""Webhook mode: Telegram posts each update to us instead of us polling for it.

A small tornado server (the library python-telegram-bot's own webhook server runs on)
answers two paths: the webhook path, which takes updates from Telegram, and `/healthz`.
Unlike PTB's `Updater.start_webhook`, which answers 200 once an update is queued in
memory, each update is committed to the inbox (bot/tg/inbox.py) before the 200: Telegram
never resends an update it got a 200 for, so a crash right after it lost the update.

Why not `Updater.start_webhook` itself: its tornado app has one fixed route (no place
for /healthz), its HTTP server takes bodies up to tornado's 100 MB default, and its
handler answers 500 for a body that is not JSON. The lifecycle around the server is
PTB's: initialize → post_init → start, and on stop the updates taken are handled before
shutdown.

    1. the Application starts
    2. the inbox hands it what a crash left pending (each chat's before its new updates)
    3. the server listens          (Telegram may post as soon as setWebhook succeeds)
    4. setWebhook(url, secret_token, allowed_updates=all, drop_pending_updates=False)
    stop: the server stops taking requests, then the Application handles what it took.

The webhook stays registered at Telegram on stop, so Telegram holds updates while the bot
is down (for up to 24 hours) and delivers them on restart; `gapbot run` without a
webhook URL switches back to polling (PTB calls deleteWebhook, keeping pending updates).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.config import HEALTH_PATH, WEBHOOK_SECRET_RE, WebhookSettings
from bot.tg.inbox import UpdateInbox

log = logging.getLogger(__name__)

SECRET_STATE_KEY = "webhook_secret"
# Telegram's updates are a few KB: a body of a megabyte or more is not one of them. Tornado
# refuses it once the headers announce its length, before reading a byte of it (answering
# 400 and closing the connection; a body sent in chunks is cut off where it crosses).
MAX_BODY_BYTES = 1_000_000


def secret_token(storage, configured: str | None) -> str:
    """The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token: the configured one,
    else one generated once and kept in the database, so a restart keeps it and the
    webhook Telegram still holds stays valid."""
    if configured:
        return configured
    stored = storage.get_state(SECRET_STATE_KEY)
    if stored and WEBHOOK_SECRET_RE.match(stored):
        return stored
    generated = secrets.token_urlsafe(32)  # 43 characters of A-Za-z0-9_-
    storage.set_state(SECRET_STATE_KEY, generated)
    return generated


def service_health(services) -> Callable[[], dict[str, Any]]:
    """The /healthz report from the bot's services: the newest close in the price cache
    and how many outbox messages wait to be sent. Nothing secret goes in it."""

    def report() -> dict[str, Any]:
        dates = [d for t in services.market.tracked
                 if (d := services.storage.last_price_date(t)) is not None]
        counts = services.chats.outbox_counts()
        return {"newest_close": max(dates).isoformat() if dates else None,
                "outbox_backlog": counts.get("pending", 0) + counts.get("sending", 0)}

    return report


# -- the HTTP side ---------------------------------------------------------------------------


class _QuietHandler(tornado.web.RequestHandler):
    """JSON errors, and no logging of the request: tornado's default logs its headers,
    which carry the secret token."""

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish(json.dumps({"ok": False, "error": self._reason}))

    def log_exception(self, typ, value, tb) -> None:
        if isinstance(value, tornado.web.HTTPError):
            return
        log.error("webhook request %s %s failed", self.request.method, self.request.path,
                  exc_info=(typ, value, tb) if typ and value and tb else None)


class UpdateReceiver(_QuietHandler):
    """Takes one update from Telegram: 403 without the right secret, 400 for a body
    that is not an Update, else 200 once the update is saved in the inbox (a repeat
    delivery of a saved update gets its 200 too, and is dropped)."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, inbox: UpdateInbox, secret: str) -> None:
        self.inbox = inbox
        self.secret = secret.encode()

    def post(self) -> None:
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.secret):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN, reason="wrong secret token")
        update, data = self._update()
        # Committed before the 200: from then on Telegram will not send it again.
        self.inbox.receive(update, data)
        self.finish("{}")

    def _update(self) -> tuple[Update, dict]:
        try:
            data = json.loads(self.request.body)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="not JSON") from None
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="not an Update")
        try:
            update = Update.de_json(data, self.inbox.application.bot)
        except Exception:  # noqa: BLE001 (PTB raises anything from TypeError to KeyError)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="not an Update") from None
        if update is None:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="not an Update")
        # As PTB's own webhook handler does: arbitrary callback data is resolved here.
        self.inbox.resolve_callback_data(update)
        return update, data


class HealthReport(_QuietHandler):
    """GET /healthz: 200 with the report, 503 when it cannot be made (no details)."""

    SUPPORTED_METHODS = ("GET",)

    def initialize(self, health: Callable[[], dict[str, Any]]) -> None:
        self.health = health

    def get(self) -> None:
        try:
            report = dict(self.health())
        except Exception:
            log.exception("health report failed")
            self.set_status(HTTPStatus.SERVICE_UNAVAILABLE)
            self.finish(json.dumps({"status": "error"}))
            return
        self.finish(json.dumps({"status": "ok", **report}, default=str))


class _NotFound(_QuietHandler):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(HTTPStatus.NOT_FOUND)


class _WebhookApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Our own logging setup decides; tornado's access log is not needed."""


def webhook_app(inbox: UpdateInbox, settings: WebhookSettings, secret: str,
                health: Callable[[], dict[str, Any]]) -> tornado.web.Application:
    """The tornado app: the webhook path (with or without a trailing slash) and /healthz."""
    path = re.escape(settings.path.rstrip("/"))
    return _WebhookApp([
        (rf"{path}/?", UpdateReceiver, {"inbox": inbox, "secret": secret}),
        (re.escape(HEALTH_PATH), HealthReport, {"health": health}),
    ], default_handler_class=_NotFound)


class WebhookListener:
    """The running webhook: `start()` brings up Application, server and setWebhook in the
    order that loses nothing; `stop()` takes them down in reverse. `inbox` defaults to
    the one in the application's database."""

    def __init__(self, application: Application, settings: WebhookSettings, secret: str,
                 health: Callable[[], dict[str, Any]], inbox: UpdateInbox | None = None):
        self.application = application
        self.inbox = inbox or UpdateInbox.of(application)
        self.settings = settings
        self.secret = secret
        self.health = health
        self.port: int | None = None  # the bound port (settings.port may be 0 in tests)
        self._server: HTTPServer | None = None
        self._stages: list[Callable[[], Any]] = []

    async def start(self, stop_event: asyncio.Event | None = None) -> bool:
        """Start everything; False when `stop_event` was set while Telegram was unreachable
        (then nothing is left running)."""
        stop_event = stop_event or asyncio.Event()
        app = self.application
        try:
            if not await retrying("initialize", app.initialize, stop_event):
                return False
            self._stages.append(self._shutdown_application)
            if app.post_init:
                await app.post_init(app)
            await app.start()
            self._stages.append(self._stop_application)
            self.inbox.resume()
            # Listening last means stopping first: no update is accepted (200) after the
            # application stopped reading its queue.
            self._listen()
            registered = await retrying("setWebhook", self._set_webhook, stop_event)
        except BaseException:
            await self.stop()
            raise
        if not registered:
            await self.stop()
            return False
        log.info("webhook listening on %s:%s", self.settings.listen, self.port)
        return True

    def _listen(self) -> None:
        sockets = bind_sockets(self.settings.port, address=self.settings.listen)
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(
            webhook_app(self.inbox, self.settings, self.secret, self.health),
            max_body_size=MAX_BODY_BYTES - 1, xheaders=False)
        self._server.add_sockets(sockets)
        self._stages.append(self._stop_server)

    async def _set_webhook(self) -> None:
        await self.application.bot.set_webhook(
            self.settings.url,
            secret_token=self.secret,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
            max_connections=40,
        )

    async def _stop_server(self) -> None:
        assert self._server is not None
        self._server.stop()
        await self._server.close_all_connections()

    async def _stop_application(self) -> None:
        app = self.application
        if app.running:
            await app.stop()  # handles every update already taken
            if app.post_stop:
                await app.post_stop(app)

    async def _shutdown_application(self) -> None:
        app = self.application
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)

    async def stop(self) -> None:
        """Stop taking requests, then drain and shut down; the webhook stays registered."""
        while self._stages:
            await self._stages.pop()()


async def retrying(what: str, call: Callable[[], Any], stop_event: asyncio.Event) -> bool:
    """Run `call`, retrying while Telegram is unreachable or asks us to wait (as polling's
    bootstrap_retries=-1 does); False when stop_event is set first. A refusal (bad token,
    bad URL) is raised at once."""
    delay = 1.0
    while True:
        try:
            await call()
            return True
        except RetryAfter as exc:
            after = exc.retry_after
            wait = after.total_seconds() if isinstance(after, timedelta) else float(after)
            failure = "flood control"
        except BadRequest:
            raise
        except NetworkError as exc:
            wait, delay = delay, min(delay * 2, 30.0)
            # The class name only: PTB's messages can quote the request URL, and the token.
            failure = type(exc).__name__
        log.warning("%s failed (%s); retrying in %.0f s", what, failure, wait)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_event.wait(), wait)
            return False


async def serve_webhook(application: Application, settings: WebhookSettings, secret: str,
                        health: Callable[[], dict[str, Any]],
                        stop_event: asyncio.Event | None = None) -> None:
    """Serve until `stop_event` is set (forever without one), then stop cleanly."""
    stop_event = stop_event or asyncio.Event()
    listener = WebhookListener(application, settings, secret, health)
    if not await listener.start(stop_event):
        return
    try:
        await stop_event.wait()
    finally:
        log.info("webhook stopping")
        await listener.stop()
