"""`gapbot chat` and `gapbot ask` as a person at a terminal uses them: the language they
chose wins, a closed pipe ends quietly, `--chart` says what it could not write, and
the chat prompt edits lines, keeps history and ends at Ctrl-C."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from bot.answers.help import help_text
from bot.cli.console import BOT_USER
from bot.cli.messages import CLI_MESSAGES
from bot.present.korean import BOTH_WAYS
from bot.present.render import html_to_text
from tests.support.cli import NO_CHOICE, chat_with_input, gapbot
from tests.support.paths import PROJECT_ROOT

HANGUL = re.compile(r"[가-힣]")
# The console language is set only where a test says so: no GAPBOT_LANG, an English locale.


def answers_in_korean(text: str) -> bool:
    return len(HANGUL.findall(text)) > 20


def help_end(lang: str = "en") -> str:
    """The last line /help prints in the console: what shows that /help was answered."""
    text = help_text(lang, "VTWO", "SPY", BOT_USER["username"])
    return html_to_text(text).strip().splitlines()[-1]


@pytest.fixture
def reference_db(reference_db_file, tmp_path) -> Path:
    db = tmp_path / "gapbot.sqlite3"
    db.write_bytes(reference_db_file.read_bytes())
    return db


# -- 18: the language the person chose wins ---------------------------------------------------

def test_lang_flag_beats_a_stored_lang_in_ask_and_leaves_it_stored(tmp_path):
    db = tmp_path / "db.sqlite3"
    assert gapbot("ask", "/lang en", db=db, **NO_CHOICE).returncode == 0
    korean = gapbot("ask", "/help", "--lang", "ko", db=db, **NO_CHOICE)
    assert korean.returncode == 0, korean.stderr
    assert answers_in_korean(korean.stdout)
    # The flag chose for one run; the chat's /lang is still English afterwards.
    assert not HANGUL.search(gapbot("ask", "/help", db=db, **NO_CHOICE).stdout)


def test_gapbot_lang_beats_a_stored_lang(tmp_path):
    db = tmp_path / "db.sqlite3"
    gapbot("ask", "/lang en", db=db, **NO_CHOICE)
    done = gapbot("ask", "/help", db=db, **{**NO_CHOICE, "GAPBOT_LANG": "ko"})
    assert answers_in_korean(done.stdout), done.stdout[:200]


def test_gapbot_lang_in_dot_env_beats_a_stored_lang_and_the_environment_beats_it(tmp_path):
    db = tmp_path / "db.sqlite3"
    gapbot("ask", "/lang en", db=db, **NO_CHOICE)
    (tmp_path / ".env").write_text("GAPBOT_LANG=ko\n")
    environment = {key: value for key, value in os.environ.items() if key != "GAPBOT_LANG"}
    environment.update(GAPBOT_DB=str(db), GAPBOT_OFFLINE="1", TELEGRAM_BOT_TOKEN="",
                       LANG="en_US.UTF-8", LC_ALL="", LC_MESSAGES="")

    def ask(**extra: str) -> str:
        return subprocess.run([sys.executable, "-m", "bot.cli", "ask", "/help"], cwd=tmp_path,
                              env={**environment, **extra}, capture_output=True, text=True,
                              timeout=120).stdout

    assert answers_in_korean(ask())
    assert not HANGUL.search(ask(GAPBOT_LANG="en"))


def test_lang_flag_beats_gapbot_lang(tmp_path):
    done = gapbot("ask", "/help", "--lang", "en", db=tmp_path / "db.sqlite3",
                  **{**NO_CHOICE, "GAPBOT_LANG": "ko"})
    assert done.returncode == 0 and not HANGUL.search(done.stdout)


def test_a_stored_lang_beats_the_locale(tmp_path):
    db = tmp_path / "db.sqlite3"
    gapbot("ask", "/lang ko", db=db, **NO_CHOICE)
    assert answers_in_korean(gapbot("ask", "/help", db=db, **NO_CHOICE).stdout)
    gapbot("ask", "/lang en", db=db, **NO_CHOICE)
    korean_locale = {**NO_CHOICE, "LANG": "ko_KR.UTF-8"}
    assert not HANGUL.search(gapbot("ask", "/help", db=db, **korean_locale).stdout)


def test_chat_banner_and_answers_share_the_chosen_language(tmp_path):
    db = tmp_path / "db.sqlite3"
    gapbot("ask", "/lang en", db=db, **NO_CHOICE)
    done = chat_with_input(db, "/help\n", "--lang", "ko")
    banner = CLI_MESSAGES["ko"]["chat_banner"]
    assert banner in done.stdout
    assert answers_in_korean(done.stdout.split(banner, 1)[1])


# -- 18: a closed pipe, --chart ----------------------------------------------------------------

def test_ask_into_a_pipe_closed_early_ends_quietly_with_141(tmp_path):
    environment = {**os.environ, "GAPBOT_DB": str(tmp_path / "db.sqlite3"),
                   "GAPBOT_OFFLINE": "1", "TELEGRAM_BOT_TOKEN": "", "GAPBOT_LANG": "en"}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "ask", "/help"],
                               cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.close()  # like `| head -1` that has read its line and gone
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert stderr == ""


@pytest.mark.parametrize(("lang", "words"), [("en", "does not exist"), ("ko", "폴더가 없습니다")])
def test_chart_into_a_missing_folder_is_one_line_and_exit_1(reference_db, tmp_path, lang,
                                                            words):
    chart = tmp_path / "no-such-folder" / "gap.png"
    done = gapbot("ask", "/gap 1y", "--chart", str(chart), db=reference_db, GAPBOT_LANG=lang)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and str(chart.parent) in lines[0]
    assert not chart.parent.exists()


@pytest.mark.parametrize(("lang", "words"), [("en", "has none"), ("ko", "차트가 없어")])
def test_chart_for_an_answer_without_one_says_so_and_exits_1(reference_db, tmp_path, lang,
                                                             words):
    chart = tmp_path / "status.png"
    done = gapbot("ask", "/status", "--chart", str(chart), db=reference_db, GAPBOT_LANG=lang)
    assert done.returncode == 1
    assert "VTWO" in done.stdout  # the text answer is still given
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and str(chart) in lines[0]
    assert not chart.exists()


def test_chart_onto_a_folder_names_a_file_instead(reference_db, tmp_path):
    done = gapbot("ask", "/gap 1y", "--chart", str(tmp_path), db=reference_db)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        CLI_MESSAGES["en"]["chart_is_folder"].format(path=tmp_path)]


# -- 18: the chat prompt on a terminal --------------------------------------------------------

class Terminal:
    """`gapbot chat` on a pseudo-terminal that is its controlling terminal, so typing
    Ctrl-C there sends SIGINT as a real terminal does."""

    def __init__(self, db: Path, data_home: Path, *args: str):
        self.master, slave = pty.openpty()
        environment = {**os.environ, "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1",
                       "TELEGRAM_BOT_TOKEN": "", "GAPBOT_LANG": "en", "TERM": "xterm",
                       "XDG_DATA_HOME": str(data_home)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "chat", *args], cwd=PROJECT_ROOT, env=environment,
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.screen = b""

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, text: str, count: int = 1, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while self.screen.decode(errors="replace").count(text) < count:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"never saw {text!r}: {self.screen[-2000:]!r}"
            if select.select([self.master], [], [], min(remaining, 0.5))[0]:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the other side closed
                    chunk = b""
                assert chunk, f"ended before {text!r}: {self.screen[-2000:]!r}"
                self.screen += chunk
        return self.screen.decode(errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def start(*args: str) -> Terminal:
        opened.append(Terminal(tmp_path / "db.sqlite3", tmp_path / "data", *args))
        return opened[-1]

    yield start
    for each in opened:
        each.close()


def test_ctrl_c_at_the_chat_prompt_ends_the_session_at_once(terminal):
    chat = terminal()
    chat.wait_for("> ")
    # No Enter is ever typed: the old prompt ignored Ctrl-C until one. A Ctrl-C landing
    # in the instant before readline waits can be missed on a loaded machine (2 in 7
    # without a pause), so a person's second press is allowed, never an Enter.
    for _ in range(3):
        time.sleep(0.5)
        chat.type("\x03")
        try:
            assert chat.process.wait(timeout=3) == 130
            return
        except subprocess.TimeoutExpired:
            continue
    raise AssertionError("Ctrl-C at the prompt did not end the session")


def test_the_chat_prompt_recalls_history_with_the_up_arrow_and_keeps_it(terminal, tmp_path):
    help_line = help_end()
    chat = terminal()
    chat.wait_for("> ")
    chat.type("/help\r")
    chat.wait_for(help_line)
    chat.wait_for("> ", count=2)
    chat.type("\x1b[A\r")  # up arrow, Enter: the same command again
    screen = chat.wait_for(help_line, count=2)
    assert "^[[A" not in screen
    chat.type("/quit\r")
    assert chat.process.wait(timeout=30) == 0
    history = tmp_path / "data" / "gapbot" / "chat_history"
    assert "/help" in history.read_text().splitlines()


def test_line_editing_moves_the_cursor_within_the_line(terminal):
    chat = terminal()
    chat.wait_for("> ")
    chat.type("/hlp\x1b[D\x1b[De\r")  # two steps left, then the missing letter
    chat.wait_for(help_end())


# -- Korean of the command line ---------------------------------------------------------------

def test_no_cli_line_writes_a_particle_both_ways():
    for key, template in CLI_MESSAGES["ko"].items():
        assert not BOTH_WAYS.search(template), key
