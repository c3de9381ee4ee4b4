"""Webhook mode for real: HTTP requests posted to the running webhook server on loopback,
the replies read from the fake Bot API's transcript."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
import pytest

from bot.config import SettingsError, WebhookSettings, load_settings, webhook_settings
from bot.tg.app import RedactingFormatter, build_application, open_services
from bot.tg.webhook import (
    MAX_BODY_BYTES,
    SECRET_STATE_KEY,
    WebhookListener,
    secret_token,
    serve_webhook,
    service_health,
)
from storage.db import Storage
from tests.support.fake_botapi import FakeBotAPI, FakeRequest, LoopbackBotServer
from tests.support.paths import PROJECT_ROOT
from tests.support.waiting import wait_until

USER = 77
SECRET = "s3cret-token_for-tests"
PATH = "/telegram"
URL = f"https://bot.example.com{PATH}"


class WebhookBotAPI(FakeBotAPI):
    """The fake Bot API, plus the webhook methods as Telegram answers them."""

    def __init__(self) -> None:
        super().__init__()
        self.webhook: dict = {}

    def _api_setWebhook(self, params, files):  # noqa: N802 (Bot API method name)
        secret = params.get("secret_token")
        # Like a local Bot API server (--local), plain http is fine on loopback.
        if not params.get("url", "").startswith(("https://", "http://127.0.0.1:")):
            raise_bad("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not (1 <= len(secret) <= 256):
            raise_bad("Bad Request: secret token is invalid")
        self.webhook = dict(params)
        return True

    def _api_getWebhookInfo(self, params, files):  # noqa: N802
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": 0}

    def _api_deleteWebhook(self, params, files):  # noqa: N802
        self.webhook = {}
        return True


def raise_bad(description: str) -> None:
    from tests.support.fake_botapi import ApiError

    raise ApiError(400, description)


@asynccontextmanager
async def running_webhook(db_path, api: WebhookBotAPI):
    """The real Application behind the webhook server on 127.0.0.1 (a free port), and an
    HTTP client pointed at it."""
    settings = load_settings({"GAPBOT_DB": str(db_path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                    rate_limit=False, jobs=False)
    hook = WebhookSettings(url=URL, listen="127.0.0.1", port=0, path=PATH)
    listener = WebhookListener(application, hook, SECRET, service_health(services))
    assert await listener.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{listener.port}",
                                     timeout=10) as client:
            client.services = services
            yield client
    finally:
        await listener.stop()
        services.storage.close()


@pytest.fixture
async def api():
    api = WebhookBotAPI()
    api.add_private_chat(USER)
    return api


@pytest.fixture
async def client(db_path, api):
    async with running_webhook(db_path, api) as client:
        yield client


def post_update(client: httpx.AsyncClient, body: bytes | dict, secret: str | None = SECRET,
                path: str = PATH):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    content = json.dumps(body).encode() if isinstance(body, dict) else body
    return client.post(path, content=content, headers=headers)


async def replies(api: FakeBotAPI, chat_id: int, count: int) -> list[str]:
    """The chat's transcript once it holds `count` messages (or after 10 s)."""
    for _ in range(400):
        if len(api.texts(chat_id)) >= count:
            break
        await asyncio.sleep(0.025)
    return api.texts(chat_id)


async def only_the_status_reply(client, api) -> list[str]:
    """Posts /status and returns the transcript once it is answered: anything a refused
    request had set going for the same chat would be in it too (chats are served in order)."""
    response = await post_update(client, api.message_update(USER, USER, "/status"))
    assert response.status_code == 200
    return await replies(api, USER, 1)


# -- the webhook server ----------------------------------------------------------------------


async def test_a_valid_update_is_answered_through_the_bot_api(client, api):
    response = await post_update(client, api.message_update(USER, USER, "/status"))
    assert response.status_code == 200
    (text,) = await replies(api, USER, 1)
    assert "Data status" in text


async def test_set_webhook_on_start_with_url_secret_and_every_update_type(client, api):
    hook = api.webhook
    assert hook["url"] == URL and hook["secret_token"] == SECRET
    allowed = hook["allowed_updates"]
    allowed = json.loads(allowed) if isinstance(allowed, str) else allowed
    assert {"message", "callback_query", "inline_query", "my_chat_member"} <= set(allowed)
    assert hook["drop_pending_updates"] in (False, "false")
    assert int(hook["max_connections"]) == 40
    # The command menu is published as in polling mode (post_init ran).
    assert any(call.method == "setMyCommands" for call in api.calls)


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", SECRET[:-1]])
async def test_a_request_without_the_right_secret_gets_403_and_changes_nothing(
        client, api, secret):
    response = await post_update(client, api.message_update(USER, USER, "/help"), secret)
    assert response.status_code == 403
    assert SECRET not in response.text
    texts = await only_the_status_reply(client, api)
    assert len(texts) == 1 and "Data status" in texts[0]


@pytest.mark.parametrize("body", [
    b"", b"garbage", b"\xff\xfe not utf-8", b"[1, 2]", b"null", b'"update"', b"42",
    b'{"message": {"text": "/help"}}', b'{"update_id": "1"}', b'{"update_id": true}',
    b'{"update_id": 5, "message": {"text": "/help"}}', b"[" * 100_000 + b"]" * 100_000,
])
async def test_a_body_that_is_not_an_update_gets_400(client, api, body):
    response = await post_update(client, body)
    assert response.status_code == 400
    texts = await only_the_status_reply(client, api)
    assert len(texts) == 1


@pytest.mark.parametrize("size", [MAX_BODY_BYTES, 1_048_576, 1_100_000])
async def test_a_body_of_a_megabyte_is_refused_unread(client, api, size):
    update = api.message_update(USER, USER, "/help")
    body = json.dumps(update).encode()
    body += b" " * (size - len(body))  # still a valid update, only too big
    try:
        response = await post_update(client, body)
    except httpx.TransportError:
        pass  # the server closed the connection while the body was being sent
    else:
        assert response.status_code in (400, 413)
    texts = await only_the_status_reply(client, api)
    assert len(texts) == 1 and "Data status" in texts[0]


async def test_a_body_just_under_the_cap_is_taken(client, api):
    update = api.message_update(USER, USER, "/status")
    body = json.dumps(update).encode()
    body += b" " * (MAX_BODY_BYTES - 1 - len(body))
    response = await post_update(client, body)
    assert response.status_code == 200
    assert len(await replies(api, USER, 1)) == 1


async def test_other_paths_and_methods_are_refused(client, api):
    assert (await client.get(PATH)).status_code == 405
    assert (await post_update(client, api.message_update(USER, USER, "/help"),
                              path="/elsewhere")).status_code == 404
    assert (await client.post("/healthz")).status_code == 405
    assert (await post_update(client, api.message_update(USER, USER, "/status"),
                              path=PATH + "/")).status_code == 200
    assert len(await replies(api, USER, 1)) == 1


async def test_healthz_reports_newest_close_and_backlog_and_no_secrets(client, api):
    client.services.chats.enqueue("test:1", USER, "waiting", datetime.now(UTC))
    response = await client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["outbox_backlog"] == 1
    datetime.strptime(report["newest_close"], "%Y-%m-%d")
    for secret in (SECRET, api.token, api.token.split(":")[1], PATH, "telegram"):
        assert secret not in response.text


async def test_healthz_answers_503_without_details_when_the_report_fails(db_path, api):
    settings = load_settings({"GAPBOT_DB": str(db_path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                    rate_limit=False, jobs=False)

    def broken() -> dict:
        raise RuntimeError(f"database at {settings.db_path} unreadable")

    listener = WebhookListener(application, WebhookSettings(url=URL, port=0, path=PATH),
                               SECRET, broken)
    assert await listener.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{listener.port}") as http:
            response = await http.get("/healthz")
    finally:
        await listener.stop()
    assert response.status_code == 503 and response.json() == {"status": "error"}


async def test_stop_drains_queued_updates_and_keeps_the_webhook(db_path, api):
    async with running_webhook(db_path, api) as client:
        for _ in range(3):
            response = await post_update(client, api.message_update(USER, USER, "/status"))
            assert response.status_code == 200
    # Stopped right after the 200s: every accepted update was still answered.
    assert len(api.texts(USER)) == 3
    assert not any(call.method == "deleteWebhook" for call in api.calls)
    assert api.webhook["url"] == URL


async def test_serve_webhook_runs_until_the_stop_event(db_path, api):
    settings = load_settings({"GAPBOT_DB": str(db_path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                    rate_limit=False, jobs=False)
    stop = asyncio.Event()
    task = asyncio.create_task(serve_webhook(
        application, WebhookSettings(url=URL, port=0, path=PATH), SECRET,
        service_health(services), stop))
    for _ in range(400):
        if application.running:
            break
        await asyncio.sleep(0.025)
    assert application.running and api.webhook["url"] == URL
    stop.set()
    await asyncio.wait_for(task, 30)
    assert not application.running


async def test_a_refused_set_webhook_stops_with_nothing_left_running(db_path, api):
    settings = load_settings({"GAPBOT_DB": str(db_path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                    rate_limit=False, jobs=False)
    from telegram.error import BadRequest

    listener = WebhookListener(application, WebhookSettings(url="http://bot.example.com/x",
                                                            port=0), SECRET, lambda: {})
    with pytest.raises(BadRequest):
        await listener.start()
    assert not application.running
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as http:
            await http.get(f"http://127.0.0.1:{listener.port}/healthz")


async def test_neither_token_nor_secret_reaches_the_log_when_both_are_redacted(
        db_path, api, caplog):
    """PTB logs setWebhook's parameters at DEBUG, secret_token included: the secret must
    be in the redaction list next to the token (bot.tg.app.configure_logging)."""
    caplog.set_level(logging.DEBUG)
    async with running_webhook(db_path, api) as client:
        await post_update(client, api.message_update(USER, USER, "/status"))
        await post_update(client, api.message_update(USER, USER, "/help"), "wrong")
        await client.get("/healthz")
        await replies(api, USER, 1)
    formatter = RedactingFormatter("%(name)s %(message)s", [api.token, SECRET])
    output = "\n".join(formatter.format(record) for record in caplog.records)
    assert "setWebhook" in output
    assert SECRET not in output and api.token.split(":")[1] not in output
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name == "bot.tg.webhook")
    assert "webhook listening on 127.0.0.1" in ours and SECRET not in ours


# -- the secret token ------------------------------------------------------------------------


def test_a_generated_secret_is_kept_in_the_database_across_restarts(tmp_path):
    path = tmp_path / "gapbot.sqlite3"
    first = secret_token(Storage(path), None)
    assert 32 <= len(first) <= 256 and first.replace("-", "").replace("_", "").isalnum()
    assert secret_token(Storage(path), None) == first
    assert Storage(path).get_state(SECRET_STATE_KEY) == first


def test_a_configured_secret_wins_and_is_not_stored(tmp_path):
    storage = Storage(tmp_path / "gapbot.sqlite3")
    assert secret_token(storage, SECRET) == SECRET
    assert storage.get_state(SECRET_STATE_KEY) is None


# -- settings --------------------------------------------------------------------------------


def test_no_webhook_url_means_polling():
    assert webhook_settings({}) is None
    assert webhook_settings({"GAPBOT_WEBHOOK_URL": "  "}) is None


def test_webhook_settings_defaults_and_values():
    hook = webhook_settings({"GAPBOT_WEBHOOK_URL": URL})
    assert hook == WebhookSettings(url=URL, listen="127.0.0.1", port=8443, path=PATH)
    hook = webhook_settings({"GAPBOT_WEBHOOK_URL": "https://bot.example.com:8443",
                             "GAPBOT_WEBHOOK_LISTEN": "::1", "GAPBOT_WEBHOOK_PORT": "9000",
                             "GAPBOT_WEBHOOK_SECRET": SECRET, "GAPBOT_WEBHOOK_PATH": "/tg"})
    assert (hook.listen, hook.port, hook.path, hook.secret) == ("::1", 9000, "/tg", SECRET)
    assert SECRET not in repr(hook)
    assert webhook_settings({"GAPBOT_WEBHOOK_URL": "https://bot.example.com"}).path == "/"
    local = webhook_settings({"GAPBOT_WEBHOOK_URL": "http://127.0.0.1:8081/hook"})
    assert local.path == "/hook"


@pytest.mark.parametrize("env, words", [
    ({"GAPBOT_WEBHOOK_URL": "http://bot.example.com/telegram"}, "https://"),
    ({"GAPBOT_WEBHOOK_URL": "bot.example.com/telegram"}, "https"),
    ({"GAPBOT_WEBHOOK_URL": "https:///telegram"}, "with a host"),
    ({"GAPBOT_WEBHOOK_URL": "https://bot.example.com:444/t"}, "443, 80, 88 or 8443"),
    ({"GAPBOT_WEBHOOK_URL": "https://bot.example.com:99999/t"}, "port"),
    ({"GAPBOT_WEBHOOK_URL": "https://bot.example.com/t?x=1"}, "query"),
    ({"GAPBOT_WEBHOOK_URL": "https://user:pw@bot.example.com/t"}, "with a host"),
    ({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_PORT": "0"}, "1..65535"),
    ({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_PORT": "http"}, "1..65535"),
    ({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_LISTEN": "my host"}, "IP address"),
    ({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_PATH": "telegram"}, "path"),
    ({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_PATH": "/a b"}, "path"),
    ({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_PATH": "/healthz"}, "health"),
    ({"GAPBOT_WEBHOOK_URL": "https://bot.example.com/healthz"}, "health"),
])
def test_unusable_webhook_settings_are_one_line_errors(env, words):
    with pytest.raises(SettingsError) as error:
        webhook_settings(env)
    assert words in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("secret", ["has space", "a" * 257, "ümlaut", "semi;colon"])
def test_a_secret_telegram_would_refuse_is_refused_without_being_quoted(secret):
    with pytest.raises(SettingsError) as error:
        webhook_settings({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_SECRET": secret})
    assert "A-Z" in str(error.value) and secret not in str(error.value)


def test_a_url_carrying_the_bot_token_is_refused_without_quoting_it():
    token = "123456:AAH-fake-secret-token-do-not-log"
    with pytest.raises(SettingsError) as error:
        webhook_settings({"TELEGRAM_BOT_TOKEN": token,
                          "GAPBOT_WEBHOOK_URL": f"https://bot.example.com/{token}"})
    assert "token" in str(error.value) and token.split(":")[1] not in str(error.value)


# -- `gapbot run --webhook` ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gapbot_run_webhook_answers_stops_cleanly_and_never_logs_token_or_secret(
        db_path, tmp_path):
    api = WebhookBotAPI()
    api.add_private_chat(USER)
    port = free_port()
    url = f"http://127.0.0.1:{port}{PATH}"
    with LoopbackBotServer(api) as server:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token,
               "TELEGRAM_BASE_URL": server.base_url, "GAPBOT_DB": str(db_path),
               "GAPBOT_OFFLINE": "1", "GAPBOT_LOG_LEVEL": "DEBUG", "GAPBOT_WEBHOOK_URL": url,
               "GAPBOT_WEBHOOK_PORT": str(port)}
        env.pop("GAPBOT_WEBHOOK_SECRET", None)
        log = tmp_path / "bot.log"
        with log.open("w") as out:  # a file, not a pipe: a full pipe would stall the bot
            bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--webhook"],
                                   cwd=PROJECT_ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: "secret_token" in api.webhook, 60,
                       "the bot to set its webhook with a secret token",
                       detail=lambda: log.read_text()[-2000:])
            secret = api.webhook["secret_token"]
            update = json.dumps(api.message_update(USER, USER, "/status")).encode()
            response = httpx.post(url, content=update, timeout=10, headers={
                "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
            wait_until(lambda: api.texts(USER), 60, "the answer to /status",
                       detail=lambda: log.read_text()[-2000:])
        finally:
            bot.terminate()  # SIGTERM, as systemd stops it
            bot.wait(timeout=30)
        output = log.read_text()
    assert response.status_code == 200, output[-2000:]
    assert "Data status" in api.texts(USER)[0]
    assert bot.returncode == 0, output[-2000:]
    # The generated secret was kept in the database, and neither secret reached the log.
    assert Storage(db_path).get_state(SECRET_STATE_KEY) == secret
    assert secret not in output and api.token.split(":", 1)[1] not in output
    assert not any(call.method == "deleteWebhook" for call in api.calls)
