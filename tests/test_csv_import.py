"""`gapbot import` and `gapbot ask`, run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.csv_import import CsvImportError, read_bars_csv
from storage.db import Storage
from tests.conftest import PROJECT_ROOT


def gapbot(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1",
                   "TELEGRAM_BOT_TOKEN": "", "GAPBOT_LANG": "en", **env}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=PROJECT_ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_columns_are_matched_by_name_in_any_case_and_order(tmp_path):
    path = write(tmp_path / "X.csv",
                 "Volume,CLOSE,Adj Close,date\n100,10.5,10.0,2025-01-03\n200,11,10.5,2025-01-02\n")
    bars = read_bars_csv(path).bars
    assert list(bars.index.astype(str)) == ["2025-01-02", "2025-01-03"]
    assert bars.loc[bars.index[1], "adj_close"] == 10.0


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("date,close\n2025-01-02,10\n2025-01-03,abc\n", 3),
        ("date,close\n2025-01-02,10\n2025-02-30,11\n", 3),
        ("date,close\n2025-01-02,10\n2025-01-02,11\n", 3),
        ("date,close\n2025-01-02,-1\n", 2),
        ("date,close\n2025-01-02,nan\n", 2),
        ("date,open\n2025-01-02,1\n", 1),
        ("", 1),
    ],
)
def test_a_malformed_file_is_refused_with_its_line_number(tmp_path, text, line):
    path = write(tmp_path / "BAD.csv", text)
    with pytest.raises(CsvImportError, match=f"line {line}"):
        read_bars_csv(path)


def test_import_is_idempotent_and_a_bad_file_imports_nothing(tmp_path):
    db = tmp_path / "db.sqlite3"
    good = write(tmp_path / "ABC.csv", "date,close\n2025-01-02,10\n2025-01-03,11\n")
    bad = write(tmp_path / "DEF.csv", "date,close\n2025-01-02,10\n2025-01-03,oops\n")
    for _ in range(2):
        assert gapbot("import", str(good), db=db).returncode == 0
    refused = gapbot("import", str(good), str(bad), db=db)
    assert refused.returncode != 0
    assert "DEF.csv: line 3" in refused.stderr
    assert "Traceback" not in refused.stderr
    storage = Storage(db)
    assert storage.tickers() == ["ABC"]
    assert len(storage.load_prices(["ABC"])["ABC"]) == 2


def test_every_reference_file_imports(tmp_path, market_data):
    db = tmp_path / "db.sqlite3"
    files = sorted(str(p) for p in market_data.glob("*.csv"))
    done = gapbot("import", *files, db=db)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == len(files)
    storage = Storage(db)
    assert set(storage.tickers()) == {"VTWO", "GSPC", "RUT", "SPY", "IWM", "TNX", "XLB", "XLI",
                                      "XLK", "XLU"}
    # SPY_raw.csv and SPY_adjusted.csv merge into one ticker, column by column.
    spy = storage.load_prices(["SPY"])["SPY"]
    assert spy.loc["2025-06-02", "close"] != spy.loc["2025-06-02", "adj_close"]
    assert spy["adj_close"].notna().sum() > spy["close"].notna().sum()


def test_ask_answers_from_the_cache_and_exits_zero(tmp_path, market_data):
    db = tmp_path / "db.sqlite3"
    gapbot("import", str(market_data / "VTWO.csv"), db=db)
    gapbot("import", str(market_data / "SPY_raw.csv"), str(market_data / "SPY_adjusted.csv"),
           db=db)
    answer = gapbot("ask", "/gap 2023-01-01 2025-10-15", db=db)
    assert answer.returncode == 0, answer.stderr
    assert "2022-12-30 close → 2025-10-15 close" in answer.stdout
    assert "<b>" not in answer.stdout  # the console shows text, not tags
    assert "VTWO" in answer.stdout and "SPY" in answer.stdout


@pytest.mark.parametrize("command", ["/gap 2030-01-01", "/gap zz!", "/gap 1y NOPE SPY", "/nope"])
def test_ask_exits_non_zero_with_one_line_on_bad_input_or_missing_data(tmp_path, command):
    db = tmp_path / "db.sqlite3"
    answer = gapbot("ask", command, db=db)
    assert answer.returncode == 1
    assert len(answer.stderr.strip().splitlines()) == 1
    assert "Traceback" not in answer.stderr


def test_invalid_settings_fail_with_one_clear_line(tmp_path):
    result = gapbot("ask", "/gap", db=tmp_path / "db.sqlite3", TELEGRAM_BOT_TOKEN="not-a-token")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "gapbot: TELEGRAM_BOT_TOKEN does not look like a bot token (digits:secret from @BotFather)"
    ]


def test_run_without_a_token_says_how_to_get_one(tmp_path):
    result = gapbot("run", db=tmp_path / "db.sqlite3")
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "gapbot chat" in result.stderr
