"""The first start of the console without a network, or offline with an empty cache:
one sentence saying so and how to work from CSV files, never the transport's own
errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import import_example
from tests.support.paths import PROJECT_ROOT

# Every request to Yahoo goes to a closed local port, as if the network were down; no
# test reaches the real network, whatever the machine can reach.
NO_NETWORK = {name: "http://127.0.0.1:9" for name in
              ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY")}
TRANSPORT_WORDS = ("curl", "DNSError", "Failed to perform", "ConnectionError", "Traceback")
SENTENCE = {"en": "Yahoo Finance could not be reached", "ko": "Yahoo Finance에 접속하지 못해"}


def run(command: list[str], db: Path, lang: str, offline: bool, stdin: str = ""
        ) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items()
                   if key.lower() != "no_proxy"}
    environment.update(NO_NETWORK, GAPBOT_DB=str(db), GAPBOT_OFFLINE="1" if offline else "0",
                       TELEGRAM_BOT_TOKEN="", GAPBOT_LANG=lang)
    return subprocess.run([sys.executable, "-m", "bot.cli", *command], cwd=PROJECT_ROOT,
                          env=environment, input=stdin, capture_output=True, text=True,
                          timeout=180)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_first_chat_without_network_says_once_how_to_work_offline(tmp_path, lang):
    done = run(["chat"], tmp_path / "db.sqlite3", lang, offline=False, stdin="/gap 1y\n")
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    for words in TRANSPORT_WORDS:
        assert words not in said
    assert said.count(SENTENCE[lang]) == 1
    assert "gapbot import " in said


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_refresh_without_network_is_one_sentence_and_exit_1(tmp_path, lang):
    done = run(["refresh"], tmp_path / "db.sqlite3", lang, offline=False)
    assert done.returncode == 1
    for words in TRANSPORT_WORDS:
        assert words not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "gapbot import" in lines[0], done.stderr


@pytest.mark.parametrize(("lang", "words"), [("en", "The cache is empty"),
                                             ("ko", "캐시가 비어 있고")])
def test_an_offline_chat_on_an_empty_cache_says_what_to_import(tmp_path, lang, words):
    done = run(["chat"], tmp_path / "db.sqlite3", lang, offline=True, stdin="")
    assert done.returncode == 0
    assert words in done.stdout and "gapbot import " in done.stdout


def test_the_import_example_names_the_reference_data_when_it_lies_beside_the_project(
        market_data):
    example = import_example()
    assert example.startswith("gapbot import ") and example.endswith("market-data/*.csv")
    folder = Path(example.split()[-1]).parent
    assert folder.resolve() == market_data.resolve()
