"""Plain Korean or English questions read as the slash command that answers them.

Deterministic and offline: word tables (bot/questions/words.py) compiled into one regex, a
few date patterns, and an edit-distance check for misspelt names. The bot shows the command
it read, so a wrong guess is visible and costs one tap, while a refusal (None) costs a
re-typed question; that is why the reader guesses when it has a subject and a topic, and
refuses only chatter, other markets and impossible dates.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from analytics.windows import PRESETS
from bot.questions import words

MAX_QUESTION = 500
MAX_YEARS_BACK = 50

Lang = Literal["ko", "en"]


@dataclass(frozen=True)
class Reading:
    """One way to read a question: the command line the bot would run."""

    command: str
    args: tuple[str, ...] = ()
    lang: Lang = "en"
    alternative: Reading | None = None  # a close second reading, offered as a button
    confirm: bool = False  # alert proposals change state, so the user confirms first
    basis: str | None = None  # "total" or "price" when asked; /gap shows both anyway

    @property
    def command_line(self) -> str:
        return " ".join((f"/{self.command}", *self.args))


_EXAMPLES = {
    "en": [
        "How far do small caps lag the S&P this year?",
        "Are small caps cheap? What's the P/E discount?",
        "Tell us when the gap passes -20",
    ],
    "ko": [
        "올해 러셀이 S&P보다 얼마나 뒤졌어?",
        "소형주 밸류에이션 싸?",
        "P/E 할인율이 25% 아래로 떨어지면 알려줘",
    ],
}


def examples(lang: str) -> list[str]:
    """Three questions the reader understands, for the reply to one it did not."""
    return list(_EXAMPLES["ko" if lang == "ko" else "en"])


# -- the vocabulary as one regex ---------------------------------------------------------------

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_SPACE = " "
_STEM_END, _WORD_END = "*", "$"


def _key(phrase: str) -> str:
    """What a phrase and any text it matched have in common: no spaces, hyphens or `*`."""
    return re.sub(r"[\s\-*]", "", phrase)


def _trie_pattern(phrases: list[str], *, bounded: bool) -> str:
    """One regex for many phrases, shaped as a trie so each position costs a few compares
    (an alternation of 600 phrases tried one by one took 6 ms a question).

    Greedy optional branches make the longest phrase win at a position. `bounded` phrases
    (Latin ones) must start and end a word, except stems, which may run on.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in re.sub(r"[\s\-]+", _SPACE, phrase.rstrip("*")):
            node = node.setdefault(char, {})
        end = _STEM_END if phrase.endswith("*") or not bounded else _WORD_END
        if node.get("") != _STEM_END:
            node[""] = end

    def render(node: dict, first: bool) -> str:
        branches = []
        for char, child in sorted(node.items()):
            if char == "":
                continue
            piece = r"[\s\-]*" if char == _SPACE else re.escape(char)
            if first and bounded:
                # After the first character, so the regex still opens with a literal set
                # that the engine can scan for quickly.
                piece += r"(?<![a-z0-9&^]" + ("." if char != _SPACE else "") + ")"
                if char == _SPACE:
                    piece = r"[\s\-]*"
            branches.append(piece + render(child, False))
        end = node.get("")
        if end == _WORD_END:
            branches.append(r"(?![a-z])")
            return "(?:" + "|".join(branches) + ")"
        if not branches:
            return ""
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if end == _STEM_END else group

    return render(trie, True)


def _build_vocabulary() -> tuple[re.Pattern[str], dict[str, tuple[str, frozenset[str]]]]:
    tags_by_key: dict[str, set[str]] = {}
    phrase_by_key: dict[str, str] = {}
    tables = (
        words.SIDE_WORDS, words.TICKER_WORDS, words.TOPIC_WORDS, words.EVENT_WORDS,
        words.ALERT_WORDS, words.OTHER_WORDS,
    )
    phrases: set[str] = set()
    for table in tables:
        for tag, table_phrases in table.items():
            for phrase in table_phrases:
                phrases.add(phrase)
                tags_by_key.setdefault(_key(phrase), set()).add(tag)
                phrase_by_key.setdefault(_key(phrase), phrase.rstrip("*"))
    free = sorted(p for p in phrases if _HANGUL.search(p))
    bounded = sorted(p for p in phrases if not _HANGUL.search(p))
    # Korean phrases first: a Latin phrase may begin one ("s&p" in "s&p 지수"), never the reverse.
    pattern = _trie_pattern(free, bounded=False) + "|" + _trie_pattern(bounded, bounded=True)
    entries = {k: (phrase_by_key[k], frozenset(tags)) for k, tags in tags_by_key.items()}
    return re.compile(pattern), entries


_VOCABULARY, _ENTRIES = _build_vocabulary()
_FUZZY_LATIN = tuple(t for t in words.FUZZY_TARGETS if not _HANGUL.search(t))
_FUZZY_HANGUL = tuple(t for t in words.FUZZY_TARGETS if _HANGUL.search(t))
_LETTERS = {t: frozenset(t) for t in words.FUZZY_TARGETS}
_JAMO_TARGETS = {
    t: (unicodedata.normalize("NFD", t), frozenset(unicodedata.normalize("NFD", t)))
    for t in _FUZZY_HANGUL
}


# -- windows and numbers -----------------------------------------------------------------------

_NUMBER_WORD = "|".join(sorted(words.NUMBER_WORDS, key=len, reverse=True))
_MONTH_WORD = "|".join(sorted(words.MONTHS, key=len, reverse=True))
_ANY_YEAR = re.compile(
    r"(?:since|from|in|after)\s+(?P<y>\d{4})(?![\d.])(?!\s*(?:days?|weeks?|months?|years?"
    r"|trading|bp|%))|(?<![\d.])(?P<y2>\d{4})\s*년")
MIN_YEAR = 1900  # no daily closes before it
_SINCE_EN = r"(?:(?P<since>since|from|starting(?: in| from)?|after)\s+)?"
_SINCE_KO = r"(?P<since_ko>\s*(?:이후|부터|이래|후로|以後))?"

_ISO_DATE = re.compile(
    _SINCE_EN + r"(?<!\d)(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)(?:\s*일)?"
    + _SINCE_KO
)
_KO_DATE = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월(?:\s*(?P<d>\d{1,2})\s*일)?" + _SINCE_KO
)
_EN_DATE = re.compile(
    _SINCE_EN + rf"(?<![a-z])(?P<mon>{_MONTH_WORD})\.?\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?"
    r"(?P<y>\d{4})(?!\d)"
)
_YEAR = re.compile(
    _SINCE_EN + r"(?:in\s+)?(?<![\d.])(?P<y>(?:19|20)\d{2})(?![\d.])(?:\s*년(?:도)?)?" + _SINCE_KO
)
_DURATION_EN = re.compile(
    r"(?<![a-z0-9])(?:(?:the\s+)?(?:last|past|previous|recent|trailing)\s+|over\s+(?:the\s+)?"
    r"(?:(?:last|past)\s+)?|in\s+(?:the\s+)?(?:last|past)\s+|within\s+)?"
    r"(?:(?P<n>\d{1,3})[\s-]*(?P<unit>years?|yrs?|y|months?|mos?|m|weeks?|wks?|w|days?|d"
    r"|trading days)"
    rf"|(?P<nw>{_NUMBER_WORD})[\s-]+(?P<unit_word>years?|months?|weeks?|days?|trading days))"
    r"(?![a-z])"
)
_DURATION_KO = re.compile(
    r"(?:(?:지난|최근|과거)\s*)?"  # optional as a whole: a bare \s* here is quadratic
    rf"(?:(?<!\d)(?P<n>\d{{1,3}})|(?<![가-힣])(?P<nw>{_NUMBER_WORD}))\s*"
    r"(?P<unit>개월|달|년|주일|주|거래일|일)(?:간|동안|치)?"
)
_WINDOW_WORDS = [
    (re.compile(r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z])"), preset)
    for pattern, preset in words.WINDOW_WORDS
]
_NUMBER = re.compile(
    r"(?P<neg>minus\s+|마이너스\s*|negative\s+)?(?<![\w.])(?P<num>[-+]?\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>%p|%|pp|퍼센트포인트|퍼센트|프로|percent|per\s*cent|포인트|points?|bps?|bp)?"
)
_CAPS_TICKER = re.compile(r"(?<![A-Za-z0-9^])\^?[A-Z]{2,5}(?![A-Za-z])")
_LATIN_TOKEN = re.compile(r"[a-z]{4,}")
_HANGUL_TOKEN = re.compile(r"[가-힣]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f]")


@dataclass
class _Clues:
    """Everything a question says, before choosing the command."""

    tags: set[str] = field(default_factory=set)
    topics: Counter[str] = field(default_factory=Counter)
    sides: list[str] = field(default_factory=list)  # "small", "large", "sp500" or a ticker
    events: list[tuple[str, bool]] = field(default_factory=list)  # (slug, said "since")
    window: tuple[str, ...] = ()
    event_start: str | None = None  # "since Liberation Day": the event's day opens the window
    years: int | None = None  # a window said as N years, for /odds
    days: int | None = None  # a span said in days, for /event
    numbers: list[tuple[float, str]] = field(default_factory=list)  # (value, unit)
    ops: list[str] = field(default_factory=list)
    impossible: bool = False


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", _CONTROL.sub(" ", text))
    text = text.replace("−", "-").replace("’", "'").replace("＆", "&")
    return text


def _normalise(text: str) -> str:
    text = text.lower()
    text = re.sub(r"\bs\s*(?:&|and|n)\s*p\b", "s&p", text)
    text = re.sub(r"\bp\s*/\s*e\b|\bp-e\b", "p/e", text)
    return text


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _read_vocabulary(text: str, clues: _Clues) -> str:
    """Tags from the word tables; matched spans are blanked for the number patterns."""
    spans: list[tuple[int, int]] = []
    for match in _VOCABULARY.finditer(text):
        entry = _ENTRIES.get(_key(match.group()))
        if entry is None:
            continue  # a stem's run-on cannot happen; a trie path that is no phrase cannot
        phrase, tags = entry
        _note_tags(phrase, tags, clues)
        for tag in tags:
            if tag.startswith("event:"):
                since = _said_since(text, match.start(), match.end())
                clues.events.append((tag[6:], since))
                if since:
                    clues.event_start = clues.event_start or words.EVENTS[tag[6:]][1]
                else:
                    clues.topics["event"] += 4
        spans.append(match.span())
    for start, end in spans:
        text = _blank(text, start, end)
    return text


def _note_tags(phrase: str, tags: frozenset[str], clues: _Clues) -> None:
    clues.tags |= tags
    for tag in tags:
        kind, _, value = tag.partition(":")
        if kind == "topic":
            # Comparison words ("vs", "beat", "어때") come with every topic, so they weigh less.
            weight = 1 if value == "gap" else 2
            clues.topics[value] += weight + (1 if phrase in words.STRONG_WORDS else 0)
        elif kind in ("side", "family", "ticker"):
            clues.sides.append(value)
        elif kind == "op":
            clues.ops.append(value)


def _said_since(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 14):start].split()
    after = text[end:end + 6].lstrip()
    if before and before[-1] == "the":
        before = before[:-1]
    return bool(before and before[-1] in words.SINCE_BEFORE) or after.startswith(
        words.SINCE_AFTER
    )


def _months_back(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = today.day
    while True:
        try:
            return date(year, month + 1, day)
        except ValueError:
            day -= 1


def _read_windows(text: str, today: date, clues: _Clues) -> str:
    """Dates and spans of time, most specific pattern first; matched spans are blanked."""
    points: list[tuple[date, date, bool]] = []  # (first day, last day, said "since")

    def add(first: date, last: date, since: bool) -> None:
        if first > today:
            clues.impossible = True
        points.append((first, min(last, today), since))

    for pattern in (_ISO_DATE, _KO_DATE, _EN_DATE):
        for match in pattern.finditer(text):
            try:
                year = int(match["y"])
                month = (words.MONTHS[match["mon"]] if "mon" in match.groupdict()
                         else int(match["m"]))
                if match["d"]:
                    day = date(year, month, int(match["d"]))
                    add(day, day, True)
                else:
                    first = date(year, month, 1)
                    last = _months_back(first, -1) - timedelta(days=1)
                    add(first, last, _since(match))
            except ValueError:
                clues.impossible = True
            text = _blank(text, *match.span())
    for match in _ANY_YEAR.finditer(text):
        # "since 1800", "in 2999", "1850년": a year the data cannot have is refused,
        # never quietly replaced by the default window.
        year = int(match["y"] or match["y2"])
        if not MIN_YEAR <= year <= today.year:
            clues.impossible = True
    for match in _YEAR.finditer(text):
        year = int(match["y"])
        add(date(year, 1, 1), date(year, 12, 31), _since(match))
        text = _blank(text, *match.span())
    if points:
        points.sort(key=lambda p: p[0])
        first = points[0]
        if len(points) >= 2:
            clues.window = (first[0].isoformat(), points[-1][1].isoformat())
        elif first[2] or first[1] >= today:
            clues.window = (first[0].isoformat(),)
        else:
            clues.window = (first[0].isoformat(), first[1].isoformat())
        if clues.window[0] == clues.window[-1] and len(clues.window) == 2:
            clues.window = clues.window[:1]
    for pattern, preset in _WINDOW_WORDS:
        for match in pattern.finditer(text):
            if not clues.window:
                clues.window = (preset,)
                clues.years = {"1y": 1, "10y": 10}.get(preset)
            text = _blank(text, *match.span())
    for pattern in (_DURATION_EN, _DURATION_KO):
        for match in pattern.finditer(text):
            _note_duration(match, today, clues)
            text = _blank(text, *match.span())
    return text


def _since(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    return bool(groups.get("since") or groups.get("since_ko"))


def _note_duration(match: re.Match[str], today: date, clues: _Clues) -> None:
    groups = match.groupdict()
    raw = groups.get("nw") or groups["n"]
    count = int(raw) if raw.isdigit() else words.NUMBER_WORDS[raw]
    unit = groups.get("unit") or groups.get("unit_word") or ""
    if count <= 0:
        return
    if unit.startswith(("y", "년")):
        if count > MAX_YEARS_BACK:
            clues.impossible = True
            return
        clues.years = clues.years or count
        window = f"{count}y" if f"{count}y" in PRESETS else _months_back(today, 12 * count)
    elif unit.startswith(("mo", "개월", "달")) or unit == "m":
        if count > 12 * MAX_YEARS_BACK:
            clues.impossible = True
            return
        preset = {12: "1y", 36: "3y", 60: "5y", 120: "10y"}.get(count, f"{count}m")
        window = preset if preset in PRESETS else _months_back(today, count)
    elif "일" in unit or unit.startswith("d") or unit == "trading days":
        clues.days = clues.days or count
        window = today - timedelta(days=count)
    else:  # weeks
        window = today - timedelta(days=7 * count)
    if not clues.window:
        clues.window = (window if isinstance(window, str) else window.isoformat(),)


def _read_numbers(text: str, clues: _Clues) -> None:
    for match in _NUMBER.finditer(text):
        value = float(match["num"].replace(",", "."))
        if match["neg"]:
            value = -abs(value)
        unit = (match["unit"] or "").replace(" ", "")
        percent = unit in ("%", "퍼센트", "프로") or unit.startswith("per")
        clues.numbers.append((value, "%" if percent else unit))


def _read_caps_tickers(original: str, clues: _Clues) -> None:
    """Tickers typed in capitals that the vocabulary does not know (AAPL, XLF)."""
    letters = [c for c in original if c.isalpha() and c.isascii()]
    if letters and all(c.isupper() for c in letters):
        return  # a shouted question: capitals say nothing about tickers
    for match in _CAPS_TICKER.finditer(original):
        token = match.group()
        lowered = token.lower()
        if token in words.NOT_TICKERS or lowered in words.COMMON_ENGLISH:
            continue
        if _VOCABULARY.fullmatch(lowered):
            continue  # known already (SPY, QQQ) or a word (ODDS, GAP)
        clues.sides.append(token)


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, where a swap of neighbours counts once."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _jamo(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _closest(token: str, targets: tuple[str, ...], limit: int) -> str | None:
    best, best_distance = None, limit + 1
    letters = frozenset(token)
    for target in targets:
        # Each letter one word has and the other lacks costs an edit: a bound that skips
        # most targets before the quadratic distance (long messages have many words).
        if len(letters - _LETTERS[target]) > limit or len(_LETTERS[target] - letters) > limit:
            continue
        distance = _edit_distance(token, target, limit)
        if distance < best_distance:
            best, best_distance = target, distance
    return best


def _read_misspellings(text: str, clues: _Clues) -> None:
    """Words left over after exact matching, checked against names worth correcting."""
    for token in _LATIN_TOKEN.findall(text):
        if token in words.COMMON_ENGLISH:
            continue
        limit = 1 if len(token) <= 6 else 2
        target = _closest(token, _FUZZY_LATIN, limit)
        if target:
            _note_fuzzy(target, clues)
    for token in _HANGUL_TOKEN.findall(text):
        stem = token
        for particle in words.KO_PARTICLES:
            if stem.endswith(particle) and len(stem) > len(particle) + 1:
                stem = stem[: -len(particle)]
                break
        # Compare letter by letter (jamo), so 러쎌 is one letter from 러셀, not one syllable.
        jamo = _jamo(stem)
        letters = frozenset(jamo)
        best, best_distance = None, 2
        for target, (target_jamo, target_letters) in _JAMO_TARGETS.items():
            if len(letters - target_letters) > 1 or len(target_letters - letters) > 1:
                continue  # the bound of _closest, letter by letter
            distance = _edit_distance(jamo, target_jamo, 1)
            if distance < best_distance:
                best, best_distance = target, distance
        if best:
            _note_fuzzy(best, clues)


def _note_fuzzy(target: str, clues: _Clues) -> None:
    entry = _ENTRIES.get(_key(target))
    if entry:
        phrase, tags = entry
        _note_tags(phrase, tags, clues)
        for tag in tags:
            if tag.startswith("event:"):
                clues.events.append((tag[6:], False))
                clues.topics["event"] += 4


def _gather(text: str, today: date) -> _Clues:
    clues = _Clues()
    original = _clean(text)
    rest = _read_vocabulary(_normalise(original), clues)
    rest = _read_windows(rest, today, clues)
    _read_numbers(rest, clues)
    _read_caps_tickers(original, clues)
    _read_misspellings(rest, clues)
    if clues.event_start and (not clues.window or len(clues.window) == 1):
        clues.window = (clues.event_start,)
    return clues


# -- choosing the command ----------------------------------------------------------------------

_PAIR_COMMANDS = frozenset({"gap", "sectors", "rates", "drawdown", "event", "odds", "mix", "pair"})
_WINDOW_COMMANDS = frozenset({"gap", "rates", "drawdown", "mix"})
# When scores tie, the bot's main question wins, then the cheaper answers.
_TOPIC_ORDER = ("gap", "valuation", "event", "odds", "mix", "drawdown", "rates", "sectors",
                "top", "alerts", "status", "pair", "help")
_ALTERNATIVE_SHARE = 0.6  # a second topic this close to the first is offered as a button


@dataclass(frozen=True)
class _Pair:
    small: str
    large: str
    named: bool  # the question named a ticker, so the pair goes into the command line


def _resolve_pair(sides: list[str], default: tuple[str, str]) -> _Pair:
    small_default, large_default = default
    resolved: list[str] = []
    explicit = False
    for side in sides:
        if side == "small":
            ticker = small_default
        elif side == "large":
            ticker = large_default
        elif side == "sp500":
            if large_default in words.SP500_FUNDS:
                ticker = large_default
            else:
                ticker, explicit = "SPY", True
        else:
            ticker, explicit = side, True
        if ticker not in resolved:
            resolved.append(ticker)
    small, large = small_default, large_default
    if len(resolved) == 1:
        (ticker,) = resolved
        if ticker in words.LARGE_TICKERS or ticker == large_default:
            large = ticker
        else:
            small = ticker
    elif len(resolved) >= 2:
        first, second = resolved[:2]
        if first in words.LARGE_TICKERS and second not in words.LARGE_TICKERS:
            first, second = second, first
        small, large = first, second
    if small == large:
        return _Pair(small_default, large_default, False)
    return _Pair(small, large, explicit)


def _pair_args(pair: _Pair) -> tuple[str, ...]:
    return (pair.small, pair.large) if pair.named else ()


def _build(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...] | None:
    """The arguments of `topic`'s command, or None when the question lacks what it needs."""
    window = clues.window
    if topic in ("gap", "rates", "drawdown"):
        return (*window, *_pair_args(pair))
    if topic == "sectors" or topic == "pair":
        return _pair_args(pair)
    if topic in ("valuation", "status", "help", "alerts"):
        return ()
    if topic == "top":
        if not clues.sides:
            return ()
        ticker = pair.small if clues.sides[0] not in ("large", "sp500") else pair.large
        return (ticker,) if pair.named or ticker != pair.small else ()
    if topic == "event":
        named = [slug for slug, since in clues.events if not since]
        if named:
            head = named[0]
        elif len(window) == 1 and re.match(r"\d{4}-", window[0]):
            head = window[0]
        else:
            return None
        days = (str(clues.days),) if clues.days else ()
        return (head, *days, *_pair_args(pair))
    if topic == "odds":
        years = clues.years
        return ((f"{years}y",) if years else ()) + _pair_args(pair)
    if topic == "mix":
        percents = [v for v, unit in clues.numbers if unit == "%" and 0 < v <= 100]
        pct = (f"{percents[0]:g}",) if percents else ()
        return (*pct, *window, *_pair_args(pair))
    return None


def _alert_args(clues: _Clues) -> tuple[str, ...] | None:
    values = [v for v, unit in clues.numbers]
    if not values or not clues.ops:
        return None
    concepts = clues.tags | {f"side:{s}" for s in clues.sides if s in ("small", "large")}
    if "sp500" in clues.sides and "small" not in clues.sides:
        concepts.add("side:large")
    metric = next(m for m, needs in words.ALERT_METRIC_RULES if needs <= concepts)
    window: tuple[str, ...] = ()
    if len(clues.window) == 1 and clues.window[0] in PRESETS:
        window = clues.window
    if metric in words.ALERT_DEFAULT_WINDOW:
        window = window or (words.ALERT_DEFAULT_WINDOW[metric],)
    elif metric not in words.ALERT_OPTIONAL_WINDOW:
        window = ()
    op = next(op for op in ("crosses_above", "crosses_below", "<=", ">=", "<", ">", "crosses")
              if op in clues.ops)
    return (metric, *window, op, f"{values[-1]:g}")


def _follow_up(previous: Reading, clues: _Clues, default: tuple[str, str],
               lang: Lang) -> Reading | None:
    """A reply to an answer: the same command with the window or a side swapped."""
    command = previous.command
    if command not in _PAIR_COMMANDS | {"top"} or previous.confirm:
        return None
    old_window, old_pair, head = _split_args(command, previous.args)
    if command == "top":
        if not clues.sides:
            return None
        named = _resolve_pair(clues.sides[:1], default)
        ticker = named.large if clues.sides[0] in ("large", "sp500") else named.small
        if clues.sides[0] in words.LARGE_TICKERS:
            ticker = clues.sides[0]
        return Reading("top", (ticker,), lang)
    if command == "odds":
        window = (f"{clues.years}y",) if clues.years else ()
    elif command in _WINDOW_COMMANDS:
        window = clues.window
    else:
        window = ()
    if not window and not clues.sides:
        return None  # nothing this reader can carry over: let the bot show examples
    pair = old_pair
    if clues.sides:
        new = _resolve_pair(clues.sides, old_pair or default)
        pair = (new.small, new.large) if new.named or old_pair else ()
    return Reading(command, (*head, *(window or old_window), *pair), lang)


def _split_args(command: str, args: tuple[str, ...]) -> tuple[tuple, tuple, tuple]:
    """(window, pair, head) of a command line the reader produced."""
    head: tuple[str, ...] = ()
    rest = list(args)
    if command == "event" and rest:
        head = (rest.pop(0),)
        if rest and rest[0].isdigit():
            head += (rest.pop(0),)
    if command == "mix" and rest and re.fullmatch(r"\d+(?:\.\d+)?", rest[0]):
        head = (rest.pop(0),)
    window = tuple(a for a in rest if a in PRESETS or re.match(r"\d", a))
    tickers = tuple(a for a in rest if a not in window)
    return window, (tickers if len(tickers) == 2 else ()), head


def read_question(
    text: str, *, today: date, default_pair: tuple[str, str], previous: Reading | None = None,
) -> Reading | None:
    """The command answering `text`, or None when the reader does not understand it."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_QUESTION:
        return None
    lang: Lang = "ko" if _HANGUL.search(text) else "en"
    clues = _gather(text, today)
    if clues.impossible or "offtopic" in clues.tags:
        return None
    basis = next((tag[6:] for tag in sorted(clues.tags) if tag.startswith("basis:")), None)
    if "alert_intent" in clues.tags and clues.ops and clues.numbers:
        args = _alert_args(clues)
        if args:
            return Reading("alert", args, lang, confirm=True)
    pair = _resolve_pair(clues.sides, default_pair)
    topics = Counter(clues.topics)
    if not topics and previous is not None:
        return _follow_up(previous, clues, default_pair, lang)
    if not topics:
        if not clues.sides and not clues.window:
            return None
        topics["gap"] = 1  # a side or a span of time alone: how small did against large
    ranked = sorted(topics.items(), key=lambda kv: (-kv[1], _TOPIC_ORDER.index(kv[0])))
    readings: list[tuple[int, Reading]] = []
    for topic, score in ranked:
        args = _build(topic, clues, pair)
        if args is not None:
            readings.append((score, Reading(topic, args, lang, basis=basis)))
        if len(readings) == 2:
            break
    if not readings:
        return None
    (best_score, best), *others = readings
    if others and others[0][0] >= _ALTERNATIVE_SHARE * best_score:
        best = replace(best, alternative=others[0][1])
    return best


# -- the other way: a command line back to a reading -------------------------------------------

_READABLE_COMMANDS = frozenset(_TOPIC_ORDER) | {"alert"}
_MAX_COMMAND_ARGS = 8


def reading_from_command(command_line: str, lang: Lang = "en") -> Reading | None:
    """The reading behind a command line the bot answered (`/gap@bot ytd IWM SPY`), so a
    reply to that answer can follow up on it; None for commands a question never runs."""
    parts = command_line.split() if isinstance(command_line, str) else []
    if not parts or not parts[0].startswith("/") or len(parts) > 1 + _MAX_COMMAND_ARGS:
        return None
    command = parts[0][1:].split("@", 1)[0].lower()
    command = "help" if command == "start" else command
    if command not in _READABLE_COMMANDS:
        return None
    return Reading(command, tuple(parts[1:]), lang, confirm=command == "alert")


def language_of(text: str) -> Lang | None:
    """The language a text is written in, as the reader tells it: Hangul is Korean, Latin
    letters English; None when it has neither (emoji, digits, punctuation)."""
    if _HANGUL.search(text):
        return "ko"
    return "en" if re.search(r"[A-Za-z]", text) else None
