"""Console mode: the same answers as in Telegram, in a terminal.

A typed line is answered like a private chat's message: a command through the catalogue,
anything else through the question reader, both giving the `Answer` Telegram would show,
printed as plain text (HTML tags removed). Charts are written into the session's chart
folder. python-telegram-bot is not loaded: the console needs none of it.

What Telegram does with a reply and a tap, the `gapbot chat` session does with the last
answer: it is the context a question follows up on ("IWM?" after `/gap 3y`), and its
buttons (windows, basis, pairs, a second reading, an alert proposal) are printed under
it as numbered choices; typing `2` presses the second. A reply that answers nothing (the
examples for a question not understood, a number with no choice) changes neither.
`gapbot ask` answers once: no choices, and a proposal says which command creates it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import shlex
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bot.answers.alerts import check_proposal
from bot.answers.answer import Answer, Ask, Button
from bot.answers.buttons import read_button
from bot.answers.charts import chart_png
from bot.answers.dispatch import answer_command
from bot.answers.services import Services, chat_pair
from bot.cli.messages import cli_t
from bot.present.i18n import t
from bot.present.render import esc, html_to_text
from storage.chats import ChatSettings, ChatStore

log = logging.getLogger(__name__)

CONSOLE_CHAT_ID = 1
BOT_USER = {"id": 1, "is_bot": True, "first_name": "gapbot", "username": "gapbot_console"}
CAPTION_LENGTH = 1024  # a chart's caption is the whole answer only up to Telegram's limit
SELECTED = "• "  # marks the choice standing for what the answer shows, as in Telegram
_CHOICE_NUMBER = re.compile(r"[0-9]{1,3}")


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


@dataclasses.dataclass(frozen=True)
class Choice:
    """A button of the last answer, pressed by typing its number.

    `kind`: "answer" (an answer's button; `data` is the command line it asks, see
    bot.answers.buttons), "reading" (a close second reading; `data` is its command line)
    "alert" (a proposed rule; `data` is the /alert line that creates it) or "setting" (a
    proposed change of the chat, `data` its command line: `/lang en`)."""

    label: str
    kind: str
    data: str
    selected: bool = False


def _choice_text(number: int, choice: Choice | Button) -> str:
    """`[2] 3M`; the choice standing for what the answer shows is marked as in Telegram."""
    return f"[{number}] {SELECTED if choice.selected else ''}{choice.label}"


class ConsoleSession:
    """One private chat with the bot, in-process.

    Its language, from strongest to weakest: `language` (chosen for this session),
    the console chat's stored `/lang`, `fallback_language` (the terminal's locale). A
    question without a chosen language is answered in its own: Hangul is Korean, other
    letters English, none the locale's.
    """

    def __init__(self, services: Services, chart_dir: Path | None = None, *,
                 language: str | None = None, fallback_language: str = "en",
                 choices: bool = False):
        """`chart_dir`: where charts are written; None answers in text only, so a
        one-off `gapbot ask` leaves no files behind. `choices`: number the last
        answer's buttons so a typed number presses one (`gapbot chat`)."""
        self.services = dataclasses.replace(
            services, chats=SessionChats(services.chats, language))
        self.chart_dir = chart_dir
        self.charts: list[Path] = []
        self.fallback_language = fallback_language
        self.stats = {"answers": 0, "refusals": 0}
        self.numbered = choices
        # The last answer: the command line it answered (the follow-up context), its
        # choices and the language they answer in.
        self.context: str | None = None
        self.choices: list[Choice] = []
        self.choice_lang = fallback_language

    @property
    def language(self) -> str:
        """The language the bot answers this session's commands in."""
        return self.services.chats.chat(CONSOLE_CHAT_ID).lang or self.fallback_language

    def question_language(self, text: str) -> str:
        """A question's answer language (`answer_language`): the one chosen (`--lang`,
        `GAPBOT_LANG`, `/lang`), else the question's own, else, for tickers only, the last
        answer's, which it follows up on, else the locale's."""
        from bot.questions.reader import answer_language

        return answer_language(text, chosen=self.services.chats.chat(CONSOLE_CHAT_ID).lang,
                               followed=self.choice_lang if self.context else None,
                               fallback=self.fallback_language)

    async def __aenter__(self) -> ConsoleSession:
        charts_on = self.chart_dir is not None
        chats = self.services.chats
        if chats.chat(CONSOLE_CHAT_ID).charts != charts_on:  # no write lock when unchanged
            chats.update_chat(CONSOLE_CHAT_ID, self.services.market.clock(),
                              charts=int(charts_on))
        return self

    async def __aexit__(self, *exc) -> None:
        return None

    def _ask(self, reading: str | None = None, lang: str | None = None) -> Ask:
        return Ask(chat_id=CONSOLE_CHAT_ID, lang=lang or self.language,
                   pair=chat_pair(self.services, CONSOLE_CHAT_ID),
                   now=self.services.market.clock(), charts=self.chart_dir is not None,
                   user_id=CONSOLE_CHAT_ID, bot_username=BOT_USER["username"], reading=reading,
                   member_id=CONSOLE_CHAT_ID, member_name="console")

    async def ask(self, text: str) -> list[str]:
        """One typed line, answered; returns what the bot said, one string per message."""
        line = text.strip()
        if self.numbered and _CHOICE_NUMBER.fullmatch(line):
            return await self.press(int(line))
        if line.startswith("/"):
            name, *args = line.split()
            command = name[1:].split("@", 1)[0]
            answer = await answer_command(self.services, self._ask(), command, args)
            # As Telegram remembers a typed command, refusals too ("what about 10
            # years?" after "5y is too short" is a follow-up).
            self._remember(" ".join(["/" + command, *args]), answer, self.language)
            return await self._show(answer, None, self.language)
        return await self._question(text)

    # -- questions ------------------------------------------------------------------------------

    async def _question(self, text: str) -> list[str]:
        # The reader compiles its vocabulary on import (~40 ms): only for questions.
        from bot.questions.reader import examples

        lang = self.question_language(text)
        reading = self._read(text)
        if reading is None:
            lines = [t(lang, "question_not_understood"),
                     *(f"• {esc(example)}" for example in examples(lang)[:3])]
            return await self._show(Answer("\n".join(lines), refused=True), None, lang)
        return await self._answer_reading(reading, lang)

    def _read(self, text: str):
        """The reading of `text`, following up on the last answer when it can. The
        context is implicit here, not a reply the person chose: a question the reader
        cannot take as a follow-up is read on its own, as in a new chat."""
        from bot.questions.reader import read_question, reading_from_command

        ask = self._ask()
        previous = reading_from_command(self.context) if self.context else None
        for context in dict.fromkeys((previous, None)):
            try:
                reading = read_question(text, today=ask.today, default_pair=ask.pair,
                                        previous=context)
            except Exception:  # as in Telegram: a miss must still get a reply
                log.exception("the question reader failed on %r", text[:80])
                return None
            if reading is not None:
                return reading
        return None

    async def _answer_reading(self, reading, lang: str) -> list[str]:
        """The reading's answer under its command line, as Telegram shows it."""
        line = reading.command_line
        if reading.confirm and reading.command != "alert":
            return self._propose_setting(reading.command_line, lang)
        if reading.confirm:
            return await self._propose(reading, lang)
        # A question never changes the chat's pair: it shows it, whose answer says how.
        args = [] if reading.command == "pair" else list(reading.args)
        answer = await answer_command(self.services, self._ask(line, lang),
                                      reading.command, args)
        self._remember(line, answer, lang)
        shown = await self._show(answer, line, lang, hint=False)
        if reading.alternative is not None:
            other = reading.alternative.command_line
            if self.numbered:
                self.choices.append(Choice(
                    t(lang, "question_alternative_button", command=other), "reading", other))
                shown.append(t(lang, "question_alternative") + "\n"
                             + self._choice_line(len(self.choices)))
            else:
                shown.append(t(lang, "question_alternative") + " " + other)
        return self._with_hint(shown, lang)

    async def _propose(self, reading, lang: str) -> list[str]:
        """An alert changes what the chat receives: shown, created only when taken. A rule
        that already holds says so, and its crossing is offered beside it."""
        line = " ".join(("/alert", *reading.args))
        self.stats["answers"] += 1
        check = await check_proposal(self.services, self._ask(line, lang), list(reading.args))
        note = f"{html_to_text(check.note)}\n" if check.note else ""
        lines = [line] + ([" ".join(("/alert", *check.crossing))] if check.crossing else [])
        if not self.numbered:  # `gapbot ask`: the commands that create it
            commands = "\n  ".join(shlex.join(["gapbot", "ask", x]) for x in lines)
            return [f"→ {line}\n{note}" + cli_t(lang, "proposal_run", command=commands)]
        self.context, self.choice_lang = line, lang
        keys = ("question_alert_button", "question_alert_crossing_button")
        self.choices = [Choice(t(lang, key), "alert", x)
                        for key, x in zip(keys, lines, strict=False)]
        return [f"→ {line}\n{note}" + cli_t(lang, "proposal_type", number=1) + "\n"
                + "\n".join(self._choice_line(n) for n in range(1, len(self.choices) + 1))]

    def _propose_setting(self, line: str, lang: str) -> list[str]:
        """A setting asked in words: shown, applied only when taken (as in Telegram)."""
        self.stats["answers"] += 1
        if not self.numbered:
            return [f"→ {line}\n" + cli_t(lang, "setting_run",
                                          command=shlex.join(["gapbot", "ask", line]))]
        self.context, self.choice_lang = line, lang
        self.choices = [Choice(t(lang, "question_setting_button"), "setting", line)]
        return [f"→ {line}\n" + cli_t(lang, "setting_type", number=1) + "\n"
                + self._choice_line(1)]

    # -- choices --------------------------------------------------------------------------------

    async def press(self, number: int) -> list[str]:
        """The last answer's choice `number` (from 1), pressed."""
        lang = self.choice_lang
        if not self.choices:
            return [cli_t(self.language, "no_choices")]
        if not 1 <= number <= len(self.choices):
            return [cli_t(lang, "no_such_choice", number=number, count=len(self.choices))]
        choice = self.choices[number - 1]
        if choice.kind == "reading":
            from bot.questions.reader import reading_from_command

            reading = reading_from_command(choice.data, lang)
            if reading is not None and not reading.confirm:
                return await self._answer_reading(reading, lang)
        elif choice.kind in ("alert", "setting"):
            command, *args = choice.data.removeprefix("/").split()
            answer = await answer_command(self.services, self._ask(choice.data, lang),
                                          command, args)
            self._remember(choice.data, answer, lang)
            return await self._show(answer, choice.data, lang)
        else:
            return await self._press_button(choice, lang)
        return [t(lang, "question_button_stale")]

    async def _press_button(self, choice: Choice, lang: str) -> list[str]:
        """An answer's button: the line it asks, answered (Telegram edits it in place;
        here it is printed under that line). A refusal leaves the choices as they were."""
        pressed = read_button(choice.data)
        if pressed is None:
            return [t(lang, "button_stale")]
        if choice.selected:
            return [t(lang, "button_same")]
        answer = await answer_command(self.services, self._ask(lang=lang), *pressed)
        if answer.refused:  # Telegram says why in an alert and keeps the message
            self.stats["refusals"] += 1
            return [html_to_text(answer.html)]
        line = answer.command_line or " ".join(["/" + pressed[0], *pressed[1]])
        self._remember(line, answer, lang)
        return await self._show(answer, line, lang)

    def _remember(self, line: str, answer: Answer, lang: str) -> None:
        """`answer` is the last answer now: the context and the choices."""
        self.context, self.choice_lang = line, lang
        self.choices = [Choice(b.label, "answer", b.data, b.selected)
                        for row in answer.buttons for b in row]

    def _choice_line(self, number: int) -> str:
        """Choice `number` (from 1) of the stored choices, as it is printed."""
        return _choice_text(number, self.choices[number - 1])

    def _buttons_text(self, answer: Answer) -> str:
        """The answer's buttons, row by row, numbered from 1 as `_remember` stores them."""
        lines, number = [], 1
        for row in answer.buttons:
            if row:
                lines.append("  ".join(_choice_text(n, b) for n, b in enumerate(row, number)))
                number += len(row)
        return "\n".join(lines)

    def _with_hint(self, shown: list[str], lang: str) -> list[str]:
        if self.numbered and self.choices and shown:
            shown[-1] += "\n" + cli_t(lang, "choices_hint")
        return shown

    # -- showing --------------------------------------------------------------------------------

    async def _show(self, answer: Answer, reading: str | None, lang: str | None = None, *,
                    hint: bool = True) -> list[str]:
        """The messages Telegram would show for `answer`, as plain text; in a chat
        session its buttons numbered under the last of them."""
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
        shown += [html_to_text(page) for page in answer.more]
        buttons = self._buttons_text(answer) if self.numbered else ""
        if buttons:
            shown[-1] += "\n" + buttons
            if hint:
                self._with_hint(shown, lang or self.language)
        return shown

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
