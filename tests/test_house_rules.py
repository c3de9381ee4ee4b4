"""The floor plan, held by tests: which room may import what, how complex a function may
grow, and what the console may load. A change that breaks one says where, by name."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from radon.complexity import cc_visit
from telegram.constants import InlineKeyboardButtonLimit

from bot.answers.buttons import MAX_BUTTON_DATA
from tests.support.paths import PROJECT_ROOT

MAX_COMPLEXITY = 15


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (PROJECT_ROOT / folder).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def importers(paths: list[Path], *roots: str) -> list[str]:
    return [f"{p.relative_to(PROJECT_ROOT)}: {m}" for p in paths for m in imported_modules(p)
            if m.split(".")[0] in roots or m in roots or any(m.startswith(r + ".")
                                                               for r in roots)]


def test_python_telegram_bot_is_imported_only_in_the_telegram_room():
    outside = [p for p in sources("bot", "analytics", "storage")
               if PROJECT_ROOT / "bot" / "tg" not in p.parents]
    assert importers(outside, "telegram") == []


def test_the_telegram_room_uses_no_pandas_or_numpy():
    assert importers(sources("bot/tg"), "pandas", "numpy") == []


def test_storage_imports_nothing_above_it_and_analytics_nothing_of_the_bot():
    assert importers(sources("storage"), "analytics", "bot") == []
    assert importers(sources("analytics"), "bot") == []


def test_the_answers_and_their_text_know_no_front_end():
    assert importers(sources("bot/answers", "bot/present", "bot/questions"),
                     "bot.tg", "bot.cli") == []


def test_sql_runs_only_in_storage():
    """Outside storage, sqlite3 may only be named for its exception types, and nothing
    calls a database's execute, query or connect."""
    outside = sources("bot", "analytics")
    assert importers(outside, "sqlite_utils") == []
    calls = [f"{p.relative_to(PROJECT_ROOT)}:{node.lineno} {node.func.attr}" for p in outside
             for node in ast.walk(ast.parse(p.read_text()))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr in ("execute", "executescript", "executemany", "connect",
                                    "query")]
    assert calls == []


@pytest.mark.parametrize("folder", ["bot", "analytics", "storage"])
def test_no_function_is_more_complex_than_fifteen(folder):
    too_complex = [f"{p.relative_to(PROJECT_ROOT)}:{block.lineno} {block.name} "
                   f"({block.complexity})"
                   for p in sources(folder) for block in cc_visit(p.read_text())
                   if block.complexity > MAX_COMPLEXITY]
    assert too_complex == []


def test_button_data_is_held_to_telegrams_limit():
    assert MAX_BUTTON_DATA == InlineKeyboardButtonLimit.MAX_CALLBACK_DATA


def test_the_console_answers_without_loading_telegram_or_charts(reference_db_file, tmp_path):
    """`gapbot ask` for a text answer imports neither python-telegram-bot nor matplotlib
    nor yfinance: the answer needs none of them."""
    db = tmp_path / "gapbot.sqlite3"
    db.write_bytes(reference_db_file.read_bytes())
    probe = (
        "import sys\n"
        "from bot.cli.main import main\n"
        "code = main(['ask', '/gap 1y'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'telegram', 'matplotlib', 'yfinance', 'tornado'})\n"
        "print('LOADED', loaded, code)\n"
    )
    env = {**os.environ, "GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1", "GAPBOT_LANG": "en",
           "TELEGRAM_BOT_TOKEN": ""}
    done = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("VTWO vs SPY"), done.stderr
    assert done.stdout.strip().splitlines()[-1] == "LOADED [] 0"
