"""Console mode: the real Application, handlers, storage and rendering, answering in a
terminal instead of Telegram.

A local `BaseRequest` plays the Bot API: it answers getMe and records what the bot
sends, which is then printed as plain text (HTML tags removed).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.answers.services import Services
from bot.present.render import html_to_text
from bot.tg.app import build_application
from storage.chats import ChatSettings, ChatStore

CONSOLE_TOKEN = "1:console-mode-no-telegram-connection"
CONSOLE_CHAT_ID = 1
BOT_USER = {"id": 1, "is_bot": True, "first_name": "gapbot", "username": "gapbot_console"}


class InProcessRequest(BaseRequest):
    """A Bot API answered inside this process: nothing to connect or close."""

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


class ConsoleRequest(InProcessRequest):
    """Answers the few Bot API methods the bot uses, keeping what it sends."""

    def __init__(self, chart_dir: Path | None = None) -> None:
        self.outbox: list[str] = []
        self.charts: list[Path] = []
        self.chart_dir = chart_dir
        self._message_id = 0

    def _save_photo(self, request_data: RequestData | None) -> str:
        """Charts land in the session's chart folder, which the caller owns (and removes)."""
        for part in (request_data.multipart_data or {}).values() if request_data else ():
            payload = part[1] if isinstance(part, tuple) else part
            if isinstance(payload, bytes) and self.chart_dir is not None:
                path = self.chart_dir / f"gapbot-chart-{len(self.charts) + 1}.png"
                path.write_bytes(payload)
                self.charts.append(path)
                return str(path)
        return "no image"

    async def do_request(self, url, method, request_data: RequestData | None = None,
                         read_timeout=None, write_timeout=None, connect_timeout=None,
                         pool_timeout=None) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if name == "getMe":
            result: object = BOT_USER
        elif name in ("sendMessage", "sendPhoto", "editMessageText", "editMessageCaption"):
            text = params.get("text") or params.get("caption") or ""
            shown = html_to_text(text) if params.get("parse_mode") == "HTML" else text
            if name == "sendPhoto":
                shown = f"[chart: {self._save_photo(request_data)}]\n" + shown
            self.outbox.append(shown)
            self._message_id += 1
            result = {"message_id": self._message_id, "date": int(time.time()),
                      "chat": {"id": CONSOLE_CHAT_ID, "type": "private"}, "from": BOT_USER,
                      "text": text}
        else:  # setMyCommands, sendChatAction, answerCallbackQuery ...: nothing to show
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()


class SessionChats(ChatStore):
    """The chat store as one console session sees it: a language chosen for the session
    (`--lang`, `GAPBOT_LANG`) wins over the console chat's stored `/lang` without
    overwriting it, so the next session without a choice finds the stored one again.
    `/lang` typed in the session changes both."""

    def __init__(self, store: ChatStore, language: str | None):
        super().__init__(store.db)
        self.session_language = language

    def chat(self, chat_id: int) -> ChatSettings:
        settings = super().chat(chat_id)
        if chat_id == CONSOLE_CHAT_ID and self.session_language:
            return dataclasses.replace(settings, lang=self.session_language)
        return settings

    def update_chat(self, chat_id: int, now: datetime, **fields) -> None:
        if chat_id == CONSOLE_CHAT_ID and fields.get("lang") and self.session_language:
            self.session_language = fields["lang"]
        super().update_chat(chat_id, now, **fields)


class ConsoleSession:
    """One private chat with the bot, in-process.

    Its language, from strongest to weakest: `language` (chosen for this session),
    the console chat's stored `/lang`, `fallback_language` (the terminal's locale).
    """

    def __init__(self, services: Services, chart_dir: Path | None = None, *,
                 language: str | None = None, fallback_language: str = "en"):
        """`chart_dir`: where charts are written; None answers in text only, so a
        one-off `gapbot ask` leaves no files behind."""
        self.services = dataclasses.replace(
            services, chats=SessionChats(services.chats, language))
        self.request = ConsoleRequest(chart_dir)
        self.application = build_application(
            self.services, token=CONSOLE_TOKEN, request=self.request, rate_limit=False,
            jobs=False,
        )
        self.fallback_language = fallback_language
        self._update_id = 0

    @property
    def language(self) -> str:
        """The language the bot answers this session in."""
        return self.services.chats.chat(CONSOLE_CHAT_ID).lang or self.fallback_language

    async def __aenter__(self) -> ConsoleSession:
        await self.application.initialize()
        charts_on = self.request.chart_dir is not None
        chats = self.services.chats
        if chats.chat(CONSOLE_CHAT_ID).charts != charts_on:  # no write lock when unchanged
            chats.update_chat(CONSOLE_CHAT_ID, self.services.market.clock(),
                              charts=int(charts_on))
        return self

    async def __aexit__(self, *exc) -> None:
        await self.application.shutdown()

    @property
    def stats(self) -> dict[str, int]:
        return self.application.bot_data.setdefault("stats", {"answers": 0, "refusals": 0})

    async def ask(self, text: str) -> list[str]:
        """Feed one typed line as a private message; return what the bot answered."""
        self._update_id += 1
        first_word = text.split(maxsplit=1)[0] if text.strip() else ""
        entities = []
        if first_word.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0,
                             "length": len(first_word.encode("utf-16-le")) // 2})
        user = {"id": CONSOLE_CHAT_ID, "is_bot": False, "first_name": "you",
                "language_code": self.fallback_language}
        update = {
            "update_id": self._update_id,
            "message": {
                "message_id": self._update_id, "date": int(time.time()),
                "chat": {"id": CONSOLE_CHAT_ID, "type": "private", "first_name": "you"},
                "from": user, "text": text, "entities": entities,
            },
        }
        before = len(self.request.outbox)
        await self.application.process_update(Update.de_json(update, self.application.bot))
        return self.request.outbox[before:]


HISTORY_LENGTH = 1000


@contextlib.contextmanager
def line_editing(history_file: Path) -> Iterator[None]:
    """Line editing, arrow keys and history at the `gapbot chat` prompt (readline), the
    history kept between sessions in `history_file`. Only for a person at a terminal:
    piped input stays plain, and no history is written for it."""
    readline = None
    if sys.stdin.isatty():
        # Not on Windows; there, and when importing fails, the prompt is a plain one.
        with contextlib.suppress(ImportError):
            import readline
    if readline is None:
        yield
        return
    readline.set_history_length(HISTORY_LENGTH)
    with contextlib.suppress(OSError):
        readline.read_history_file(history_file)
    try:
        yield
    finally:
        # History is a convenience: an unwritable data folder must not end the session badly.
        with contextlib.suppress(OSError):
            history_file.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history_file)
