"""`gapbot run` for real: long polling over HTTP against the fake Bot API on loopback."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.fake_botapi import FakeBotAPI, LoopbackBotServer
from tests.support.paths import PROJECT_ROOT
from tests.support.waiting import wait_until

USER = 77


def test_gapbot_run_polls_answers_and_never_logs_the_token(reference_db_file, tmp_path):
    db = tmp_path / "gapbot.sqlite3"
    db.write_bytes(reference_db_file.read_bytes())
    api = FakeBotAPI()
    api.add_private_chat(USER)
    api.queue_update(api.message_update(USER, USER, "/help"))
    api.queue_update(api.message_update(USER, USER, "/status"))
    with LoopbackBotServer(api) as server:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_BASE_URL": server.base_url,
               "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1", "GAPBOT_LOG_LEVEL": "DEBUG"}
        log = tmp_path / "bot.log"
        with log.open("w") as out:  # a file, not a pipe: a full pipe would stall the bot
            bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=PROJECT_ROOT,
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: len(api.texts(USER)) >= 2, 60, "the answers to /help and /status",
                       detail=lambda: log.read_text()[-2000:])
        finally:
            bot.terminate()
            bot.wait(timeout=30)
        output = log.read_text()
    texts = api.texts(USER)
    assert len(texts) == 2, output[-2000:]
    assert "/gap" in texts[0] and "Data status" in texts[1]
    assert {c.method for c in api.calls} >= {"getMe", "getUpdates", "setMyCommands"}
    secret = api.token.split(":", 1)[1]
    assert secret not in output
    # DEBUG logging prints request URLs, which carry the token: they show redacted.
    assert "bot[REDACTED]" in output
    assert "gapbot starting" in output
