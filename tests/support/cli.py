"""`gapbot` run as a user runs it: a subprocess in the project folder, offline, in English
unless told otherwise, with no bot token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import PROJECT_ROOT


def gapbot(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1",
                   "TELEGRAM_BOT_TOKEN": "", "GAPBOT_LANG": "en", **env}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=PROJECT_ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


# No language chosen: neither GAPBOT_LANG nor a locale that says one.
NO_CHOICE = {"GAPBOT_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}


def chat_with_input(db: Path, text: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1",
                   "TELEGRAM_BOT_TOKEN": "", **NO_CHOICE, **env}
    return subprocess.run([sys.executable, "-m", "bot.cli", "chat", *args], cwd=PROJECT_ROOT,
                          env=environment, input=text, capture_output=True, text=True,
                          timeout=120)
