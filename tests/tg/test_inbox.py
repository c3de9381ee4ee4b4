"""No update lost in a crash: the inbox, and `gapbot run` killed between Telegram's
acknowledgement and the handling, in webhook and in polling mode.

The kills are deterministic: the loopback fake Bot API freezes the first call the bot
makes for the chat (so its first command is being handled, not handled) and the test
kills the bot with SIGKILL only once Telegram's side has acknowledged the updates (the
webhook answered 200; polling asked with the next offset). The frozen call is then
dropped, as a dead bot's half-sent request is, and the bot is started again.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import sqlite_utils

from storage.db import Storage
from storage.inbox import KEEP_DONE, Inbox
from storage.migrations import MIGRATIONS
from tests.support.fake_botapi import FakeBotAPI, LoopbackBotServer, _form_params
from tests.support.paths import PROJECT_ROOT
from tests.support.waiting import wait_until

USER = 77
SECRET = "inbox-secret_for-tests"
PATH = "/telegram"
T0 = datetime(2025, 11, 3, 14, 30, tzinfo=UTC)
WAIT = 60  # seconds, an upper bound for a slow machine; no test takes it unless it fails


# -- the inbox in storage --------------------------------------------------------------------


def make_inbox() -> Inbox:
    return Inbox(Storage(None).db)


def update(update_id: int, text: str = "/status") -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "text": text}}


def test_a_saved_update_is_pending_with_its_json_and_chat():
    inbox = make_inbox()
    assert inbox.save(5, USER, update(5), T0)
    (row,) = inbox.pending()
    assert (row.update_id, row.chat_id, row.payload) == (5, USER, update(5))


def test_a_repeated_update_id_is_ignored_pending_or_done():
    inbox = make_inbox()
    assert inbox.save(5, USER, update(5), T0)
    assert not inbox.save(5, USER, update(5, "/help"), T0)
    assert [r.payload for r in inbox.pending()] == [update(5)]
    inbox.mark_done(5, T0)
    assert not inbox.save(5, USER, update(5), T0 + timedelta(hours=23))
    assert inbox.pending() == []


def test_pending_updates_come_in_update_id_order_whatever_order_they_were_saved_in():
    inbox = make_inbox()
    for update_id, chat in ((12, USER), (10, USER), (11, 99), (13, None)):
        inbox.save(update_id, chat, update(update_id), T0)
    assert [r.update_id for r in inbox.pending()] == [10, 11, 12, 13]
    assert [r.update_id for r in inbox.pending() if r.chat_id == USER] == [10, 12]


def test_a_done_update_leaves_pending_and_is_marked_done_once():
    inbox = make_inbox()
    inbox.save(1, USER, update(1), T0)
    inbox.save(2, USER, update(2), T0)
    assert inbox.mark_done(1, T0)
    assert not inbox.mark_done(1, T0)
    assert not inbox.mark_done(3, T0)  # never saved
    assert [r.update_id for r in inbox.pending()] == [2]
    assert inbox.counts() == {"pending": 1, "done": 1}


def test_pruning_forgets_done_updates_older_than_the_kept_days_and_never_pending_ones():
    inbox = make_inbox()
    for update_id in (1, 2, 3):
        inbox.save(update_id, USER, update(update_id), T0)
    inbox.mark_done(1, T0)
    inbox.mark_done(2, T0 + timedelta(days=1))
    assert inbox.prune(T0 + KEEP_DONE + timedelta(seconds=1)) == 1
    assert inbox.counts() == {"pending": 1, "done": 1}
    assert inbox.prune(T0 + timedelta(days=365)) == 1
    assert [r.update_id for r in inbox.pending()] == [3]
    assert timedelta(hours=24) < KEEP_DONE  # longer than Telegram keeps an update to resend


def test_a_database_from_before_the_inbox_gains_it_on_open(tmp_path):
    path = tmp_path / "gapbot.sqlite3"
    older = sqlite_utils.Database(path)
    for version in range(1, 5):
        MIGRATIONS[version](older)
    older.execute("PRAGMA user_version = 4")
    older.close()
    upgraded = Storage(path)
    assert upgraded.schema_version >= 5 and "inbox" in upgraded.db.table_names()
    assert Inbox(upgraded.db).save(1, None, update(1), T0)


# -- a loopback Bot API that can freeze a call ----------------------------------------------


class WireHold:
    """One call frozen at the wire: `reached` once it arrived; `drop()` lets it go
    without Telegram ever acting on it or answering (its sender is dead by then)."""

    def __init__(self, matches: Callable[[str, dict], bool]):
        self.matches = matches
        self.reached = threading.Event()
        self._gone = threading.Event()

    def drop(self) -> None:
        self._gone.set()


class HoldingBotServer(LoopbackBotServer):
    """The loopback fake Bot API, able to freeze the next call that matches a hold."""

    def __init__(self, api: FakeBotAPI):
        super().__init__(api)
        self._holds: list[WireHold] = []
        self._lock = threading.Lock()
        serve = self.server.RequestHandlerClass
        take = self._take

        class Holding(serve):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                params = _form_params(raw, self.headers.get("Content-Type") or "")
                hold = take(self.path.rsplit("/", 1)[-1], params)
                if hold is not None:
                    hold.reached.set()
                    hold._gone.wait()
                    self.close_connection = True
                    return
                self.rfile = io.BytesIO(raw)
                super().do_POST()

        self.server.RequestHandlerClass = Holding

    def hold(self, matches: Callable[[str, dict], bool]) -> WireHold:
        hold = WireHold(matches)
        with self._lock:
            self._holds.append(hold)
        return hold

    def hold_chat(self, chat_id: int) -> WireHold:
        """The bot's next call for this chat: its first step in answering a command."""
        return self.hold(lambda method, params: str(params.get("chat_id")) == str(chat_id))

    def hold_confirm(self, update_id: int) -> WireHold:
        """The getUpdates whose offset would confirm `update_id`."""
        return self.hold(lambda method, params: method == "getUpdates"
                         and int(params.get("offset") or 0) > update_id)

    def _take(self, method: str, params: dict) -> WireHold | None:
        with self._lock:
            for hold in self._holds:
                if hold.matches(method, params):
                    self._holds.remove(hold)
                    return hold
        return None

    def __exit__(self, *exc) -> None:
        for hold in list(self._holds):
            hold.drop()
        super().__exit__(*exc)


class WebhookAwareBotAPI(FakeBotAPI):
    """Accepts setWebhook as Telegram does on loopback, and remembers it."""

    def __init__(self) -> None:
        super().__init__()
        self.webhook: dict = {}

    def _api_setWebhook(self, params, files):  # noqa: N802 (Bot API method name)
        self.webhook = dict(params)
        return True

    def _api_deleteWebhook(self, params, files):  # noqa: N802
        self.webhook = {}
        return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Bot:
    """`gapbot run` as a process, its output in a file (a pipe could fill and stall it)."""

    def __init__(self, env: dict[str, str], log: Path):
        self.log = log
        with log.open("a") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"],
                                            cwd=PROJECT_ROOT, env=env, stdout=out,
                                            stderr=subprocess.STDOUT)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as in a crash or an OOM kill."""
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> int:
        """SIGTERM, as systemd stops it: what was taken is handled first."""
        self.process.terminate()
        return self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log.read_text()[-3000:]


def bot_env(api: FakeBotAPI, server: LoopbackBotServer, db: Path, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("GAPBOT_WEBHOOK_")}
    return {**env, "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_BASE_URL": server.base_url,
            "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1", "GAPBOT_LOG_LEVEL": "INFO", **extra}


def confirmed_past(api: FakeBotAPI, update_id: int) -> bool:
    """Telegram was asked with an offset past `update_id`: it will not send it again."""
    return any(call.method == "getUpdates" and int(call.params.get("offset") or 0) > update_id
               for call in list(api.calls))


def still_at_telegram(api: FakeBotAPI) -> list[int]:
    """The update ids Telegram would deliver to the next getUpdates."""
    return [u["update_id"] for u in api.handle("getUpdates", {"offset": 0}, {})]


def answered_in_order(texts: list[str]) -> bool:
    return (len(texts) == 3 and "Data status" in texts[0] and "/gap" in texts[1]
            and "Data status" in texts[2])


COMMANDS = ("/status", "/help", "/status")  # three quick commands with tell-apart answers


# -- polling ---------------------------------------------------------------------------------


def test_polling_killed_after_confirming_answers_each_command_once_in_order_on_restart(
        tmp_path):
    api = FakeBotAPI()
    api.add_private_chat(USER)
    updates = [api.message_update(USER, USER, text) for text in COMMANDS]
    for item in updates:
        api.queue_update(item)
    last = updates[-1]["update_id"]
    db, log = tmp_path / "gapbot.sqlite3", tmp_path / "bot.log"
    with HoldingBotServer(api) as server:
        first_answer = server.hold_chat(USER)
        env = bot_env(api, server, db)
        bot = Bot(env, log)
        try:
            assert first_answer.reached.wait(WAIT), bot.output()
            wait_until(lambda: confirmed_past(api, last), WAIT,
                       "Telegram asked past the last update", detail=bot.output)
        finally:
            bot.kill()
        first_answer.drop()
        # Telegram holds none of them any more, and none was answered.
        assert still_at_telegram(api) == [] and api.texts(USER) == []

        bot = Bot(env, log)
        try:
            wait_until(lambda: len(api.texts(USER)) >= 3, WAIT, "three answers",
                       detail=bot.output)
        finally:
            bot.stop()
    assert answered_in_order(api.texts(USER)), api.texts(USER)


def test_polling_killed_before_confirming_answers_the_redelivered_update_once(tmp_path):
    api = FakeBotAPI()
    api.add_private_chat(USER)
    command = api.message_update(USER, USER, "/status")
    api.queue_update(command)
    update_id = command["update_id"]
    db, log = tmp_path / "gapbot.sqlite3", tmp_path / "bot.log"
    with HoldingBotServer(api) as server:
        answer, confirm = server.hold_chat(USER), server.hold_confirm(update_id)
        env = bot_env(api, server, db)
        bot = Bot(env, log)
        try:
            assert answer.reached.wait(WAIT) and confirm.reached.wait(WAIT), bot.output()
        finally:
            bot.kill()
        answer.drop()
        confirm.drop()
        # Saved by the bot, but never confirmed: Telegram delivers it again.
        assert still_at_telegram(api) == [update_id] and api.texts(USER) == []

        bot = Bot(env, log)
        try:
            wait_until(lambda: api.texts(USER) and confirmed_past(api, update_id), WAIT,
                       "an answer, and Telegram asked past the update", detail=bot.output)
        finally:
            bot.stop()
    (text,) = api.texts(USER)
    assert "Data status" in text


# -- webhook ---------------------------------------------------------------------------------


def test_webhook_killed_after_its_200s_answers_each_command_once_in_order_on_restart(
        tmp_path):
    api = WebhookAwareBotAPI()
    api.add_private_chat(USER)
    port = free_port()
    url = f"http://127.0.0.1:{port}{PATH}"
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    db, log = tmp_path / "gapbot.sqlite3", tmp_path / "bot.log"
    with HoldingBotServer(api) as server:
        first_answer = server.hold_chat(USER)
        env = bot_env(api, server, db, GAPBOT_WEBHOOK_URL=url, GAPBOT_WEBHOOK_PORT=str(port),
                      GAPBOT_WEBHOOK_SECRET=SECRET)
        bot = Bot(env, log)
        try:
            wait_until(lambda: api.webhook.get("url") == url, WAIT,
                       "the bot to set its webhook", detail=bot.output)
            for text in COMMANDS:
                body = json.dumps(api.message_update(USER, USER, text)).encode()
                response = httpx.post(url, content=body, headers=headers, timeout=10)
                assert response.status_code == 200, bot.output()
            assert first_answer.reached.wait(WAIT), bot.output()
        finally:
            bot.kill()
        first_answer.drop()
        assert api.texts(USER) == []  # Telegram had its 200s: it sends none of them again

        bot = Bot(env, log)
        try:
            wait_until(lambda: len(api.texts(USER)) >= 3, WAIT, "three answers",
                       detail=bot.output)
        finally:
            assert bot.stop() == 0, bot.output()
    assert answered_in_order(api.texts(USER)), api.texts(USER)
