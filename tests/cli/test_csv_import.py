"""`gapbot import` and `gapbot ask`, run as a user runs them."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.market.csv_files import CsvImportError, read_bars_csv
from storage.db import Storage
from tests.support.cli import gapbot
from tests.support.expected import csv_column
from tests.support.paths import PROJECT_ROOT
from tests.support.waiting import wait_until


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
    lines = done.stdout.splitlines()
    assert len([line for line in lines if " days " in line]) == len(files)
    # Index and yield files are filed under their Yahoo symbols, and the output says so.
    for name, symbol in (("RUT.csv", "^RUT"), ("GSPC.csv", "^GSPC"), ("TNX.csv", "^TNX")):
        assert f"{name} is filed as {symbol}" in done.stdout
    storage = Storage(db)
    assert set(storage.tickers()) == {"VTWO", "^GSPC", "^RUT", "SPY", "IWM", "^TNX", "XLB",
                                      "XLI", "XLK", "XLU"}
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


# -- impossible data, encodings, several files under one ticker ---------------------------

def sessions(count: int, start: str = "1990-01-02") -> list[str]:
    """`count` consecutive real NYSE sessions from `start`."""
    import exchange_calendars

    calendar = exchange_calendars.get_calendar("XNYS", start="1990-01-01")
    days = calendar.sessions[calendar.sessions >= start][:count]
    return [d.date().isoformat() for d in days]


def test_an_encoding_error_is_reported_at_its_real_line(tmp_path):
    days = sessions(3100)
    lines = [b"date,close"] + [f"{d},{100 + i % 7}.25".encode() for i, d in enumerate(days)]
    lines[3001] = days[3000].encode() + b",10\xff.5"  # line 3002 of the file
    path = tmp_path / "BAD.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    with pytest.raises(CsvImportError, match=r"line 3002: not UTF-8"):
        read_bars_csv(path)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2099-01-02,10", "after the latest NYSE close"),
        ("0001-01-03,10", "before 1900"),
        ("2025-01-04,10", "not an NYSE trading day"),  # a Saturday
        ("2025-01-01,10", "not an NYSE trading day"),  # New Year's Day
        ("1995-12-25,10", "not an NYSE trading day"),  # Christmas, before 2006
        ("2025-01-02,10,11", "expected 2 fields, found 3"),
        ("2025-01-02,1_000", "bad close"),
        ("2025-01-02,inf", "bad close"),
        ("2025-01-02,NaN", "bad close"),
        ("2025-01-02,1e3", "bad close '1e3' .not a plain decimal"),
        ("2025-01-02,1E3", "bad close '1E3' .not a plain decimal"),
        ("2025-01-02,1e-2", "bad close '1e-2' .not a plain decimal"),
        ("2025-01-02,0x10", "bad close"),
    ],
)
def test_impossible_rows_are_refused_naming_the_file_and_line(tmp_path, row, reason):
    path = write(tmp_path / "ODD.csv", f"date,close\n2025-01-03,10\n{row}\n")
    with pytest.raises(CsvImportError, match=f"ODD.csv: line 3: .*{reason}"):
        read_bars_csv(path)


def test_two_securities_filed_under_one_ticker_are_refused(tmp_path):
    db = tmp_path / "db.sqlite3"
    days = sessions(20, "2024-12-02")
    spy = write(tmp_path / "SPY.csv", "date,close\n" + "".join(f"{d},591.2\n" for d in days))
    iwm = write(tmp_path / "IWM.csv", "date,close\n" + "".join(f"{d},221.3\n" for d in days))
    refused = gapbot("import", str(spy), str(iwm), "--ticker", "MIX", db=db)
    assert refused.returncode == 1
    assert "SPY.csv and IWM.csv disagree: they look like different securities" in refused.stderr
    assert "591.2 vs 221.3" in refused.stderr
    assert Storage(db).tickers() == []


def test_an_adjusted_file_far_above_the_raw_one_is_another_security(tmp_path):
    db = tmp_path / "db.sqlite3"
    days = sessions(20, "2024-12-02")
    raw = write(tmp_path / "X_raw.csv", "date,close\n" + "".join(f"{d},100\n" for d in days))
    adjusted = write(tmp_path / "X_adjusted.csv",
                     "date,close\n" + "".join(f"{d},1000\n" for d in days))
    refused = gapbot("import", str(raw), str(adjusted), db=db)
    assert refused.returncode == 1
    assert "look like different securities" in refused.stderr


# -- all or nothing ------------------------------------------------------------------------

def many_files(folder: Path, count: int) -> list[str]:
    """`count` files of 8,000 real sessions each: an import that takes a while to write."""
    body = "date,open,high,low,close,volume\n" + "".join(
        f"{d},{10 + i % 9}.5,{11 + i % 9}.5,{9 + i % 9}.5,{10 + i % 9}.25,{1000 + i}\n"
        for i, d in enumerate(sessions(8000)))
    paths = []
    for n in range(count):
        path = folder / f"T{n:03d}.csv"
        path.write_text(body)
        paths.append(str(path))
    return paths


def start_import_and_wait_for_writing(tmp_path) -> tuple[subprocess.Popen, Path]:
    db = tmp_path / "db.sqlite3"
    Storage(db).close()  # from here on the WAL file grows only by the import's own writes
    files = many_files(tmp_path, 60)
    environment = {**os.environ, "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1",
                   "TELEGRAM_BOT_TOKEN": "", "GAPBOT_LANG": "en"}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "import", *files],
                               cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    wal = Path(f"{db}-wal")
    wait_until(lambda: process.poll() is not None or (wal.exists() and wal.stat().st_size > 2**20),
               120, "the import to write its first MiB or to end")
    assert process.poll() is None, "the import ended before it was seen writing"
    return process, db


def test_an_import_killed_midway_leaves_no_rows(tmp_path):
    process, db = start_import_and_wait_for_writing(tmp_path)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert Storage(db).tickers() == []


def test_ctrl_c_during_an_import_rolls_back_and_says_so(tmp_path):
    process, db = start_import_and_wait_for_writing(tmp_path)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip().splitlines() == ["import interrupted: nothing imported"]
    assert Storage(db).tickers() == []


@pytest.mark.parametrize(("lang", "words"), [("en", "import refused"),
                                             ("ko", "CSV 가져오기 거부")])
def test_gapbot_import_refuses_exponent_notation_naming_file_and_line(tmp_path, lang, words):
    db = tmp_path / "db.sqlite3"
    path = write(tmp_path / "EXP.csv", "date,close\n2025-01-02,10\n2025-01-03,1.1e1\n")
    refused = gapbot("import", str(path), db=db, GAPBOT_LANG=lang)
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "EXP.csv: line 3" in lines[0]
    assert Storage(db).tickers() == []


# -- a folder of data: files that are not CSV files, bases, progress -----------------------

def bars_file(folder: Path, name: str, columns: str = "close", count: int = 30) -> Path:
    """A small file of real NYSE sessions with the given close columns."""
    values = ",".join("10.5" if c == "close" else "10.25" for c in columns.split(","))
    rows = "".join(f"{day},{values}\n" for day in sessions(count, "2024-11-01"))
    return write(folder / name, f"date,{columns}\n{rows}")


@pytest.mark.parametrize(("lang", "words"), [("en", "skipped README.md: not a .csv file"),
                                             ("ko", "README.md 건너뜀: .csv 파일이 아닙니다")])
def test_a_folder_import_skips_what_is_not_a_csv_file_naming_it(tmp_path, lang, words):
    folder = tmp_path / "data"
    folder.mkdir()
    bars_file(folder, "ABC.csv")
    bars_file(folder, "DEF.csv")
    write(folder / "README.md", "# Daily bars\n\nSee the CSV files.\n")
    (folder / "old").mkdir()
    db = tmp_path / "db.sqlite3"
    done = gapbot("import", *sorted(str(p) for p in folder.iterdir()), db=db, GAPBOT_LANG=lang)
    assert done.returncode == 0, done.stderr
    skipped = done.stderr.strip().splitlines()
    assert len(skipped) == 2
    assert any(line.startswith(words) for line in skipped)
    assert any("old" in line and "old/*.csv" in line for line in skipped)
    assert Storage(db).tickers() == ["ABC", "DEF"]


def test_a_malformed_csv_beside_skipped_files_still_imports_nothing(tmp_path):
    bars_file(tmp_path, "ABC.csv")
    bad = write(tmp_path / "BAD.csv", "date,close\n2025-01-02,ten\n")
    notes = write(tmp_path / "notes.txt", "nothing here\n")
    db = tmp_path / "db.sqlite3"
    refused = gapbot("import", str(tmp_path / "ABC.csv"), str(bad), str(notes), db=db)
    assert refused.returncode == 1
    assert "skipped notes.txt" in refused.stderr and "BAD.csv: line 2" in refused.stderr
    assert Storage(db).tickers() == []


def test_an_import_of_no_csv_file_at_all_is_refused(tmp_path):
    notes = write(tmp_path / "notes.txt", "date,close\n")
    refused = gapbot("import", str(notes), db=tmp_path / "db.sqlite3")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines()[-1].startswith("import refused")


@pytest.mark.parametrize(("lang", "raw", "adjusted", "both"), [
    ("en", "(raw closes)", "(adjusted closes)", "(raw and adjusted closes)"),
    ("ko", "종가)", "수정 종가)", "종가와 수정 종가)"),
])
def test_each_imported_file_says_which_closes_it_gave(tmp_path, lang, raw, adjusted, both):
    bars_file(tmp_path, "ABC_raw.csv")
    bars_file(tmp_path, "ABC_adjusted.csv")
    bars_file(tmp_path, "XYZ.csv", columns="close,adj_close")
    done = gapbot("import", *(str(tmp_path / n) for n in ("ABC_raw.csv", "ABC_adjusted.csv",
                                                           "XYZ.csv")),
                  db=tmp_path / "db.sqlite3", GAPBOT_LANG=lang)
    assert done.returncode == 0, done.stderr
    lines = dict(zip(("raw", "adjusted", "both"), done.stdout.splitlines(), strict=True))
    assert lines["raw"].startswith("ABC: ") and "ABC_raw.csv" in lines["raw"]
    assert lines["raw"].endswith(raw) and not lines["raw"].endswith(adjusted)
    assert lines["adjusted"].endswith(adjusted) and not lines["adjusted"].endswith(both)
    assert lines["both"].startswith("XYZ: ") and lines["both"].endswith(both)


def test_the_reference_folder_imports_whole_with_its_readme_skipped(tmp_path, market_data):
    db = tmp_path / "db.sqlite3"
    done = gapbot("import", *sorted(str(p) for p in market_data.iterdir()), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [
        line for line in done.stderr.strip().splitlines() if line.startswith("skipped ")]
    assert "skipped README.md" in done.stderr
    vtwo = next(line for line in done.stdout.splitlines() if line.startswith("VTWO: "))
    closes = csv_column(market_data / "VTWO.csv", "close")
    assert vtwo == (f"VTWO: {len(closes)} trading days {min(closes)} → {max(closes)} from "
                    "VTWO.csv (raw and adjusted closes)")


def import_on_a_terminal(folder: Path, files: list[str], lang: str) -> str:
    """What `gapbot import` shows on a terminal (a pseudo-terminal), start to end."""
    import pty
    import select

    master, slave = pty.openpty()
    environment = {**os.environ, "GAPBOT_DB": str(folder / "db.sqlite3"), "GAPBOT_OFFLINE": "1",
                   "TELEGRAM_BOT_TOKEN": "", "GAPBOT_LANG": lang, "TERM": "xterm",
                   "COLUMNS": "100"}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "import", *files],
                               cwd=PROJECT_ROOT, env=environment, stdin=subprocess.DEVNULL,
                               stdout=slave, stderr=slave)
    os.close(slave)
    screen = b""
    while True:
        if select.select([master], [], [], 60)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the import has ended and closed the terminal
                chunk = b""
            if not chunk:
                break
            screen += chunk
    os.close(master)
    assert process.wait(timeout=60) == 0, screen
    return screen.decode(errors="replace")


@pytest.mark.parametrize(("lang", "checking"), [("en", r"Checking T00\d\.csv"),
                                                ("ko", r"T00\d\.csv 확인 중")])
def test_a_terminal_sees_progress_per_file_and_a_pipe_sees_only_the_lines(tmp_path, lang,
                                                                          checking):
    files = many_files(tmp_path, 6)
    screen = import_on_a_terminal(tmp_path, files, lang)
    assert re.search(checking, screen), screen  # a bar, drawn and then cleared
    assert re.search(r"[0-6]/6", screen)
    piped = gapbot("import", *files, db=tmp_path / "piped.sqlite3", GAPBOT_LANG=lang)
    assert piped.returncode == 0
    assert "\x1b" not in piped.stdout and "\r" not in piped.stdout
    assert len(piped.stdout.splitlines()) == len(files)
