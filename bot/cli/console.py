"""Console mode: the same answers as in Telegram, in a terminal.

A typed line is answered like a private chat's message: a command through the catalogue,
anything else through the question reader, both giving the `Answer` Telegram would show,
printed as plain text (HTML tags removed). Charts are written into the session's chart
folder. python-telegram-bot is not loaded: the console needs none of it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bot.answers.answer import Answer, Ask
from bot.answers.charts import chart_png
from bot.answers.dispatch import answer_command
from bot.answers.services import Services, chat_pair
from bot.present.i18n import t
from bot.present.render import esc, html_to_text
from storage.chats import ChatSettings, ChatStore

CONSOLE_CHAT_ID = 1
BOT_USER = {"id": 1, "is_bot": True, "first_name": "gapbot", "username": "gapbot_console"}
CAPTION_LENGTH = 1024  # a chart's caption is the whole answer only up to Telegram's limit


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
        self.chart_dir = chart_dir
        self.charts: list[Path] = []
        self.fallback_language = fallback_language
        self.stats = {"answers": 0, "refusals": 0}

    @property
    def language(self) -> str:
        """The language the bot answers this session in."""
        return self.services.chats.chat(CONSOLE_CHAT_ID).lang or self.fallback_language

    async def __aenter__(self) -> ConsoleSession:
        charts_on = self.chart_dir is not None
        chats = self.services.chats
        if chats.chat(CONSOLE_CHAT_ID).charts != charts_on:  # no write lock when unchanged
            chats.update_chat(CONSOLE_CHAT_ID, self.services.market.clock(),
                              charts=int(charts_on))
        return self

    async def __aexit__(self, *exc) -> None:
        return None

    def _ask(self, reading: str | None = None) -> Ask:
        return Ask(chat_id=CONSOLE_CHAT_ID, lang=self.language,
                   pair=chat_pair(self.services, CONSOLE_CHAT_ID),
                   now=self.services.market.clock(), charts=self.chart_dir is not None,
                   user_id=CONSOLE_CHAT_ID, bot_username=BOT_USER["username"], reading=reading)

    async def ask(self, text: str) -> list[str]:
        """One typed line, answered; returns what the bot said, one string per message."""
        if text.strip().startswith("/"):
            name, *args = text.split()
            answer = await answer_command(self.services, self._ask(),
                                          name[1:].split("@", 1)[0], args)
            return await self._show(answer, None)
        return await self._question(text)

    async def _question(self, text: str) -> list[str]:
        # The reader compiles its vocabulary on import (~40 ms): only for questions.
        from bot.questions.reader import examples, language_of, read_question

        ask = self._ask()
        reading = read_question(text, today=ask.today, default_pair=ask.pair)
        if reading is None:
            lang = language_of(text) or ask.lang
            lines = [t(lang, "question_not_understood"),
                     *(f"• {esc(example)}" for example in examples(lang)[:3])]
            return await self._show(Answer("\n".join(lines), refused=True), None)
        lang = "ko" if reading.lang == "ko" else "en"
        if reading.confirm:  # nothing to tap here: the command to type instead
            return await self._show(Answer(t(lang, "question_alert_type")),
                                    reading.command_line)
        args = [] if reading.command == "pair" else list(reading.args)
        answer = await answer_command(self.services, self._ask(reading.command_line),
                                      reading.command, args)
        shown = await self._show(answer, reading.command_line)
        if reading.alternative is not None:
            shown.append(t(lang, "question_alternative") + " "
                         + reading.alternative.command_line)
        return shown

    async def _show(self, answer: Answer, reading: str | None) -> list[str]:
        """The messages Telegram would show for `answer`, as plain text."""
        self.stats["refusals" if answer.refused else "answers"] += 1
        preface = f"→ {reading}\n" if reading else ""
        text = html_to_text(answer.html)
        path = await self._chart(answer, text)
        if path is None:
            shown = [preface + text]
        elif len(text) <= CAPTION_LENGTH:
            shown = [f"[chart: {path}]\n{preface}{text}"]
        else:  # the chart under the title line, then the whole text
            shown = [f"[chart: {path}]\n{preface}{text.split(chr(10), 1)[0]}", text]
        return shown + [html_to_text(page) for page in answer.more]

    async def _chart(self, answer: Answer, text: str) -> Path | None:
        if self.chart_dir is None or answer.chart is None or not (
                answer.chart.may_stand_apart or len(text) <= CAPTION_LENGTH):
            return None
        png = await chart_png(self.services, answer)
        if png is None:
            return None
        path = self.chart_dir / f"gapbot-chart-{len(self.charts) + 1}.png"
        path.write_bytes(png)
        self.charts.append(path)
        return path


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
