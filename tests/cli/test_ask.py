"""The console as a user runs it: `gapbot ask` answers in text and leaves no files
behind; `--chart FILE` keeps the chart where the user asked."""

from __future__ import annotations

from tests.support.cli import gapbot


def test_ask_answers_in_text_and_leaves_no_chart_files(reference_db_file, tmp_path):
    db = tmp_path / "gapbot.sqlite3"
    db.write_bytes(reference_db_file.read_bytes())
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    done = gapbot("ask", "/gap 1y", db=db, TMPDIR=str(scratch))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("VTWO vs SPY")
    assert list(scratch.iterdir()) == []


def test_ask_keeps_the_chart_where_asked(reference_db_file, tmp_path):
    db = tmp_path / "gapbot.sqlite3"
    db.write_bytes(reference_db_file.read_bytes())
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    chart = tmp_path / "gap.png"
    done = gapbot("ask", "/gap 1y", "--chart", str(chart), db=db, TMPDIR=str(scratch))
    assert done.returncode == 0, done.stderr
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"[chart: {chart}]" in done.stdout
    assert list(scratch.iterdir()) == []


def test_a_question_works_in_the_console_too(reference_db_file, tmp_path):
    db = tmp_path / "gapbot.sqlite3"
    db.write_bytes(reference_db_file.read_bytes())
    done = gapbot("ask", "how did small caps do since 2023?", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("→ /gap 2023-01-01")
