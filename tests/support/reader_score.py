"""Scoring the question reader on questions written by someone who never saw it: each line
names the command family it expects (or "none": chatter the bot must leave alone) and only
the slots the asker expressed; a reading passes when its command is one of those expected
and its command line honours every slot."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.questions.reader import Reading, read_question

TODAY = date(2026, 12, 3)  # the day the sets were written
PAIR = ("VTWO", "SPY")


@dataclass(frozen=True)
class Scored:
    id: str
    text: str
    expected: object
    got: str | None  # the command line read, or None for no answer
    missing: tuple[str, ...]  # why it fails; empty when it passes

    @property
    def passed(self) -> bool:
        return not self.missing


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _numbers(args: tuple[str, ...]) -> list[float]:
    found = []
    for arg in args:
        with contextlib.suppress(ValueError):
            found.append(float(arg.rstrip("%")))
    return found


_SPAN_DAYS = {"d": 1, "w": 7, "m": 30.44, "y": 365.25}


def _same_span(want: str, args: tuple[str, ...]) -> bool:
    """A look-back written as its start date (`5d` as 2026-11-28, `2y` as 2024-12-03) is
    the same window: the reader may write either."""
    match = re.fullmatch(r"(\d+)([dwmy])", want.lower())
    if not match:
        return False
    start = TODAY - timedelta(days=int(match.group(1)) * _SPAN_DAYS[match.group(2)])
    for arg in args:
        with contextlib.suppress(ValueError):
            if abs((date.fromisoformat(arg) - start).days) <= 4:
                return True
    return False


_SAME_OPS = {">": (">", ">="), "<": ("<", "<="), ">=": (">", ">="), "<=": ("<", "<=")}


def _calendar_year(line: str, year: int) -> bool:
    starts = (f"{year}-01-0", f"{year - 1}-12-3")
    ends = (f"{year}-12-3", f"{year + 1}-01-0")
    return any(s in line for s in starts) and any(e in line for e in ends)


def _slot_misses(reading: Reading, slots: dict) -> list[str]:
    args = tuple(a.lower() for a in reading.args)
    line = " ".join(args)
    misses = []
    for key, want in slots.items():
        if key == "window" and reading.command == "event" and re.fullmatch(r"\d+d", str(want)):
            ok = str(want)[:-1] in args  # `/event NAME DAYS`: the days after it, as a number
        elif key == "window" and isinstance(want, dict) and int(want["year"]) < TODAY.year:
            ok = _calendar_year(line, int(want["year"]))
        elif key == "window" and _same_span(str(want), args):
            ok = True
        elif key == "window" and isinstance(want, dict) and int(want["year"]) == TODAY.year:
            ok = "ytd" in args or _calendar_year(line, int(want["year"]))
        elif key == "op":
            # On a continuous series "at least 5" and "above 5" fire on the same days:
            # 이상 read as >= passes where the writer labelled it >.
            ok = any(op in args for op in _SAME_OPS.get(str(want), (str(want),)))
        elif key in ("window", "ticker", "small", "large"):
            ok = str(want).lower() in args
        elif key == "event":
            ok = str(want).lower().replace(" ", "-") in line.replace(" ", "-")
        elif key == "metric":
            ok = bool(args) and args[0] == str(want).lower()
        elif key in ("threshold", "pct"):
            ok = any(abs(n - float(want)) < 1e-9 for n in _numbers(reading.args))
        elif key == "once":
            ok = "once" in args
        elif key == "basis":
            ok = reading.basis == want or want in args
        else:  # sector: /sectors shows them all; the family is what counts
            ok = True
        if not ok:
            misses.append(f"{key}={want}")
    return misses


def score_one(case: dict) -> Scored:
    reading = read_question(case["text"], today=TODAY, default_pair=PAIR)
    expected = case["expect"]
    got = reading.command_line if reading else None
    if expected == "none":
        return Scored(case["id"], case["text"], expected, got, ("answered chatter",) if reading
                      else ())
    if reading is None:
        return Scored(case["id"], case["text"], expected, got, ("no reading",))
    # A list is several acceptable readings ("cheap or just weak?" is /valuation or /gap):
    # the reading passes when it satisfies one of them.
    readings = expected if isinstance(expected, list) else [expected]
    misses = [_misses(reading, one) for one in readings]
    return Scored(case["id"], case["text"], expected, got, min(misses, key=len))


def _misses(reading: Reading, expected: dict) -> tuple[str, ...]:
    commands = expected["command"]
    commands = [commands] if isinstance(commands, str) else list(commands)
    if reading.command not in commands:
        return (f"command {reading.command}",)
    return tuple(_slot_misses(reading, expected.get("slots", {})))


def score(path: Path) -> list[Scored]:
    return [score_one(case) for case in load(path)]
