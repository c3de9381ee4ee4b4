"""Every CLI command meets a broken database or a bad setting with one line and an exit
status of its own, never a traceback, and never prints the bot token."""

from __future__ import annotations

import os
import pwd
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bot.cli.messages import CLI_MESSAGES
from storage.db import Storage
from tests.support.paths import PROJECT_ROOT

TOKEN = "123456789:AAH-fake-secret-token-do-not-log-xyz"
COMMANDS = {
    "ask": ["ask", "/gap 1y"],
    "chat": ["chat"],
    "import": ["import", "FILE"],
    "refresh": ["refresh"],
    "run": ["run"],
}


def environment(db: Path, command: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1", "GAPBOT_LANG": "en",
           "TELEGRAM_BOT_TOKEN": "", **extra}
    if command == "run":  # run needs a token; the closed port keeps Telegram away
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL="http://127.0.0.1:9/bot")
    if command == "refresh":  # offline, refresh refuses before touching the database
        env["GAPBOT_OFFLINE"] = "0"
    return env


def gapbot(command: str, db: Path, folder: Path, user: int | None = None,
           **extra: str) -> subprocess.CompletedProcess:
    csv_file = folder / "ABC.csv"
    csv_file.write_text("date,close\n2025-01-02,10\n")
    args = [str(csv_file) if a == "FILE" else a for a in COMMANDS[command]]
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=PROJECT_ROOT,
        env=environment(db, command, **extra), capture_output=True, text=True, timeout=60,
        input="", user=user,
    )


def assert_one_line(result: subprocess.CompletedProcess, code: int, words: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert TOKEN not in result.stderr + result.stdout


def negative_schema_version(path: Path) -> None:
    Storage(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = -5")


def dropped_table(path: Path) -> None:
    Storage(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE alert_rules")


def not_a_database(path: Path) -> None:
    path.write_bytes(b"this is not sqlite" * 500)


def damaged_page(path: Path) -> None:
    Storage(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany("INSERT INTO app_state (key, value) VALUES (?, ?)",
                         [(f"k{i}", "v" * 200) for i in range(2000)])
    conn.close()  # the last connection out folds the WAL into the file
    data = bytearray(path.read_bytes())
    data[4096 * 4:4096 * 7] = b"A" * (4096 * 3)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("damage", [negative_schema_version, dropped_table, not_a_database,
                                    damaged_page])
def test_an_unusable_database_ends_every_command_with_exit_3(tmp_path, command, damage):
    db = tmp_path / "db.sqlite3"
    damage(db)
    assert_one_line(gapbot(command, db, tmp_path), 3, "cannot be used")


@pytest.mark.parametrize("command", ["import"])
def test_a_database_locked_by_another_process_ends_with_exit_4(tmp_path, command):
    db = tmp_path / "db.sqlite3"
    Storage(db).close()
    holder = sqlite3.connect(db)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert_one_line(gapbot(command, db, tmp_path), 4, "locked by another process")
    finally:
        holder.rollback()


def test_the_message_follows_the_console_language(tmp_path):
    db = tmp_path / "db.sqlite3"
    negative_schema_version(db)
    result = gapbot("ask", db, tmp_path, GAPBOT_LANG="ko")
    assert_one_line(result, 3, "데이터베이스")


def test_both_languages_have_the_same_cli_lines():
    assert CLI_MESSAGES["en"].keys() == CLI_MESSAGES["ko"].keys()


@pytest.fixture
def shared_folder():
    """A folder another user can enter: as root, permissions only bite an ordinary user."""
    folder = Path(tempfile.mkdtemp(prefix="gapbot-perm-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o755)
        path.unlink() if path.is_file() else path.rmdir()
    folder.rmdir()


def ordinary_user() -> int | None:
    """A uid for which file permissions hold: ours, or "nobody" when running as root
    (root writes a 0444 file regardless); skip when nobody cannot run our Python."""
    if os.geteuid() != 0:
        return None
    nobody = pwd.getpwnam("nobody").pw_uid
    try:
        usable = subprocess.run([sys.executable, "-c", ""], user=nobody, capture_output=True,
                                cwd="/").returncode == 0
    except OSError:
        usable = False
    if not usable:
        pytest.skip("running as root, and user nobody cannot run this Python")
    return nobody


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_database_file_ends_with_exit_5(shared_folder, command):
    user = ordinary_user()
    db = shared_folder / "db.sqlite3"
    Storage(db).close()
    db.chmod(0o444)
    assert_one_line(gapbot(command, db, shared_folder, user=user), 5, "read-only")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_in_an_unwritable_folder_ends_with_exit_5(shared_folder, command):
    if os.geteuid() == 0:  # root may write any folder, but not into /proc
        db = Path("/proc/gapbot-test/db.sqlite3")
    else:
        locked = shared_folder / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        db = locked / "sub" / "db.sqlite3"
    assert_one_line(gapbot(command, db, shared_folder), 5, "read-only")


def test_a_base_url_without_bot_is_refused_without_showing_the_token(tmp_path):
    env = environment(tmp_path / "db.sqlite3", "run")
    env["TELEGRAM_BASE_URL"] = "http://127.0.0.1:9/"
    result = subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=PROJECT_ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert_one_line(result, 2, "TELEGRAM_BASE_URL")


def test_run_keeps_retrying_an_unreachable_telegram_and_never_prints_the_token(tmp_path):
    env = environment(tmp_path / "db.sqlite3", "run", GAPBOT_LOG_LEVEL="DEBUG")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=PROJECT_ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        time.sleep(3)
        still_running = process.poll() is None
    finally:
        process.send_signal(signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=30)
    assert still_running, stderr
    assert TOKEN not in stdout + stderr
    assert TOKEN.split(":")[1] not in stdout + stderr
