"""The one button format: a button asks for the command line in its data.

`/gap 3y IWM SPY price` under a /gap answer, `/rates 5y VTWO SPY` under /rates, a pair
offered under any answer: pressing one answers that line, edited into the message that
carries it. Telegram caps callback data at 64 bytes, so dates may be written without
dashes (`20230101`); buttons of messages sent before this format (`gap:1y:total:…`,
`d:rates 1y …`) are read too, so old messages in chats keep working.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.config import TICKER_RE

# Telegram's InlineKeyboardButtonLimit.MAX_CALLBACK_DATA (a test holds them equal; this
# layer imports nothing of python-telegram-bot).
MAX_BUTTON_DATA = 64
BASIS_WORDS = ("total", "price")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_OLD_GAP = re.compile(
    r"^gap:([a-z0-9]{1,5}|s\d{8}(?:e\d{8})?):(total|price):([^:]{1,16}):([^:]{1,16})$")


def button_data(command: str, words: tuple[str, ...] | list[str]) -> str | None:
    """The data of a button asking `/command words…`, or None when even with compact
    dates it is longer than Telegram allows (such a button is left out)."""
    data = " ".join(["/" + command, *words])
    if len(data.encode()) <= MAX_BUTTON_DATA:
        return data
    compact = " ".join(["/" + command, *(_ISO_DATE.sub(r"\1\2\3", w) for w in words)])
    return compact if len(compact.encode()) <= MAX_BUTTON_DATA else None


def read_button(data: str | None) -> tuple[str, list[str]] | None:
    """`(command, words)` a button asks for, or None for data of no answer button."""
    data = data or ""
    if data.startswith("/"):
        command, *words = data[1:].split()
        return (command.lower(), [_iso(w) for w in words]) if command else None
    if data.startswith("d:"):  # the debate buttons' old format
        command, *words = data[2:].split() or [""]
        return (command.lower(), words) if command else None
    match = _OLD_GAP.match(data)
    if match:  # read as strictly as it was: anything odd in it is a stale button
        window, basis, small, large = match.groups()
        words = _old_window(window)
        if small == large or not all(TICKER_RE.match(t) for t in (small, large)) or any(
                _COMPACT_DATE.match(w) for w in words):
            return None
        return "gap", [*words, small, large, basis]
    return None


def _iso(word: str) -> str:
    match = _COMPACT_DATE.match(word)
    if not match:
        return word
    try:
        return datetime.strptime(word, "%Y%m%d").date().isoformat()
    except ValueError:
        return word  # not a date: the command's parser refuses it in words


def _old_window(token: str) -> list[str]:
    if not token.startswith("s"):
        return [token]
    return [_iso(part) for part in token[1:].split("e")]
