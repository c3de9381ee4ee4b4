"""Plain Korean or English questions read as the slash command that answers them.

Deterministic and offline: word tables (bot/questions/words.py, and the catalogue's and
analytics' own tables through bot/questions/derived.py) compiled into one regex, a few date
patterns, and an edit-distance check for misspelt names. The bot shows the command
it read, so a wrong guess is visible and costs one tap, while a refusal (None) costs a
re-typed question; that is why the reader guesses when it has a subject and a topic, and
refuses only chatter, other markets and impossible dates.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from analytics.performance import is_price_index, is_yield
from analytics.windows import PRESETS, lookback
from bot.questions import calls, derived, words
from bot.questions.numerals import numerals_as_digits
from bot.questions.settings import read_setting

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
_SEPARATOR = "\x00"  # a trie node where a phrase had a space or hyphen
_STEM_END, _WORD_END = "*", "$"


def _key(phrase: str) -> str:
    """What a phrase and any text it matched have in common: no spaces, hyphens or `*`."""
    return re.sub(r"[\s\-*]", "", phrase)


def _trie_pattern(phrases: list[str], *, bounded: bool) -> str:
    """One regex for many phrases, shaped as a trie so each position costs a few compares
    (an alternation of 600 phrases tried one by one took 6 ms a question).

    Greedy optional branches make the longest phrase win at a position. `bounded` phrases
    (Latin ones) must start and end a word, except stems, which may run on. The trie is
    built on the letters alone, and where a phrase had a space the text may have spaces or
    hyphens, or none: so `실리콘 밸리 은행` and `실리콘밸리은행 파산` share one path, and the
    longer still wins (two paths for one text made the first one tried win).
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for index, part in enumerate(re.split(r"[\s\-]+", phrase.rstrip("*"))):
            if index and part:
                node[_SEPARATOR] = True
            for char in part:
                node = node.setdefault(char, {})
        end = _STEM_END if phrase.endswith("*") or not bounded else _WORD_END
        if node.get("") != _STEM_END:
            node[""] = end

    def render(node: dict, first: bool) -> str:
        gap = r"[\s\-]*" if node.get(_SEPARATOR) else ""
        branches = []
        for char, child in sorted(node.items()):
            if char in ("", _SEPARATOR):
                continue
            piece = gap + re.escape(char)
            if first and bounded:
                # After the first character, so the regex still opens with a literal set
                # that the engine can scan for quickly.
                piece += r"(?<![a-z0-9&^].)"
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
        words.SIDE_WORDS, words.TICKER_WORDS, derived.TOPIC_WORDS, derived.EVENT_WORDS,
        words.ALERT_WORDS, words.OTHER_WORDS, words.EXTRA_TOPIC_WORDS, words.INSTRUMENT_WORDS,
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


def _anchor_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """The market anchors as one regex: Latin ones as whole words (or stems), Hangul
    ones anywhere, a space matching spaces, hyphens or none, as in the vocabulary."""
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        body = r"[\s\-]*".join(re.escape(p) for p in phrase.rstrip("*").split())
        if _HANGUL.search(phrase):
            parts.append(body)
        else:
            parts.append(r"(?<![a-z0-9])" + body + (r"" if phrase.endswith("*") else r"(?![a-z])"))
    return re.compile("|".join(parts))


_ANCHORS = _anchor_pattern(words.MARKET_ANCHORS)
_VALUATION_HISTORY = re.compile(words.VALUATION_HISTORY)
_VALUATION_NOUN = re.compile(
    words.VALUATION_NOUN + r"|주가 ?수익 ?비율|\bprice[\s-]to[\s-]earnings\b")
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
MIN_YEAR = derived.MIN_YEAR  # no daily closes before it: the parsers refuse earlier dates
_SINCE_EN = r"(?:(?P<since>since|from|starting(?: in| from)?|after)\s+)?"
_SINCE_KO = r"(?P<since_ko>\s*(?:이후|부터|이래|후로|以後))?"

_ISO_DATE = re.compile(
    _SINCE_EN + r"(?<!\d)(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)(?:\s*일)?"
    + _SINCE_KO
)
_KO_DATE = re.compile(
    r"(?<![\d.])(?P<y>\d{4}|\d{2})\s*년\s*(?P<m>\d{1,2})\s*월(?:\s*(?P<d>\d{1,2})\s*일)?"
    + _SINCE_KO
)
_EN_DATE = re.compile(
    _SINCE_EN + rf"(?<![a-z])(?P<mon>{_MONTH_WORD})\.?\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?"
    r"(?P<y>\d{4})(?!\d)"
)
# "since march 3", "3월 3일부터": a day without its year is the latest one before today.
_EN_DAY_NO_YEAR = re.compile(
    rf"(?P<since>since|from|starting(?: on| from)?|after)\s+(?P<mon>{_MONTH_WORD})\.?\s+"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\d:])(?!,?\s*\d{4})")
_KO_DAY_NO_YEAR = re.compile(
    r"(?<![\d년])(?<!년 )(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일\s*"
    r"(?P<since_ko>부터|이후|이래|후로)")
_YEAR = re.compile(
    _SINCE_EN + r"(?:in\s+)?(?<![\d.])(?P<y>(?:19|20)\d{2})(?![\d.]|'?s\b)(?:\s*년(?:도)?)?"
    + _SINCE_KO
)
_DURATION_EN = re.compile(
    r"(?<![a-z0-9])(?:(?:the\s+)?(?:last|past|previous|recent|trailing)\s+|over\s+(?:the\s+)?"
    r"(?:(?:last|past)\s+)?|in\s+(?:the\s+)?(?:last|past)\s+|within\s+)?"
    r"(?:(?P<n>\d{1,3})[\s-]*(?P<unit>years?|yrs?|y|months?|mos?|m|weeks?|wks?|w|days?|d"
    r"|trading days|business days)"
    rf"|(?P<nw>{_NUMBER_WORD})[\s-]+(?P<unit_word>years?|months?|weeks?|days?|trading days"
    r"|business days))"
    r"(?![a-z])"
)
_DURATION_KO = re.compile(
    r"(?:(?:지난|최근|과거)\s*)?"  # optional as a whole: a bare \s* here is quadratic
    rf"(?:(?<!\d)(?P<n>\d{{1,3}})|(?<![가-힣])(?P<nw>{_NUMBER_WORD}))\s*"
    r"(?P<unit>개월|달|년|주일|주|거래일|영업일|일)(?:간|동안|치)?"
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
    phrases: list[str] = field(default_factory=list)  # the vocabulary's phrases found
    # Words that stand in for a family's keyword ("exposure", "put"): they count only
    # when the keyword is missing, so they never outweigh a second family's own word.
    weak_topics: Counter[str] = field(default_factory=Counter)
    anchored: bool = False  # something names the market: an index, a fund, small vs large
    weak_side: bool = False  # a name that is also a person's (Russell)
    figures: list[str] = field(default_factory=list)  # sides by a figure ("the tiddlers")
    said: str = ""  # the question, normalised
    everyday_event: bool = False  # an event that is also everyday life (covid)
    span_code: str | None = None  # the first span as a look-back code (`2y`, `2w`)
    once: bool = False
    remark: bool = False  # a remark (one's own money, last year's life): a side asks nothing
    split_pct: float | None = None  # "80/20": the small caps' share
    move: str | None = None  # "up" or "down": the direction a move was said with
    level_below: bool = False  # "below", "아래로": a level under, not a fall's size
    relative: str | None = None  # "behind" or "ahead": the small side against the large
    unread: str = ""  # the question without its vocabulary and windows
    dated: bool = False  # a day was written out (2020-03-23)
    sessions: bool = False  # a span said in trading days (the market's own unit)
    ends_on: date | None = None  # a day said as the window's end ("through Dec 2, 2026")


# NFKC turns the jamo people type alone (ㅋㅋ, ㄱㄱ, ㅠㅠ) into conjoining ones (U+110F…),
# which no pattern here is written in: they are turned back.
_JAMO_TYPED = {ord(unicodedata.normalize("NFKC", chr(c))): chr(c) for c in range(0x3131, 0x318F)
               if unicodedata.normalize("NFKC", chr(c)) != chr(c)}


_ELLIPSIS = re.compile(r"\.{2,}|…")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", _CONTROL.sub(" ", text)).translate(_JAMO_TYPED)
    text = _ELLIPSIS.sub(" ", text)  # "요약 좀...보내주시면...": pauses, not sentence ends
    text = text.replace("−", "-").replace("’", "'").replace("＆", "&")
    return text


# The 10-year yield however it is spelt ("10yr yields", "10-yr treasuries", "ten year
# rates"): one spelling, so its number is never read as a 10-year window.
_TEN_YEAR = re.compile(r"\b(?:10|ten)[\s-]?(?:y|yr|yrs|year)[\s-]*(?:us\s+)?(?:treasury\s+)?"
                       r"(?:yields?|treasur(?:y|ies)|notes?|bonds?|ust|rates?)\b")


# "corr w/ 10y", "beta against the 10yr": the yield, named beside a word of the yield's
# relation, not a 10-year window
_TEN_YEAR_BESIDE = re.compile(
    r"\b(w/|with|against|vs\.?|versus)\s+(?:the\s+)?(?:us\s*)?10\s?(?:y|yr)\b"
    r"(?![\s-]*(?:window|period|span|hold|horizon|returns?|gap|perf\w*|rolling|cagr|backtest))")
_YIELD_RELATION = re.compile(r"\bcorr\w*|\bbeta\b|\brates?\b|\byields?\b|sensitiv|금리")


_SLASH_DATE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
# A sign turning: "the gap flips positive", "플러스로 돌아서면" is a crossing of zero.
_TURNS_POSITIVE = re.compile(r"\b(?:flips?|flipping|turns?|turning|goes|go|becomes?|gets|moves)"
                             r"\s+(?:back\s+)?(?:positive|green)\b|플러스로\s*(?:돌아서|전환|바뀌)|양전")
_TURNS_NEGATIVE = re.compile(r"\b(?:flips?|flipping|turns?|turning|goes|go|becomes?|gets|moves)"
                             r"\s+(?:back\s+)?(?:negative|red)\b|마이너스로\s*(?:돌아서|전환|바뀌)|음전")


# "mix 40 5y" typed as the command: its first number is the share (as /mix reads it)
_TYPED_MIX = re.compile(r"^(\s*/?mix\s+\d{1,2})(?![\d%.ydwm])")


def _slash_date(match: re.Match[str]) -> str:
    """`5/1/2024` as Americans write it (May 1); `25/12/2024` can only be day first."""
    first, second, year = (int(g) for g in match.groups())
    month, day = (first, second) if first <= 12 else (second, first)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return match.group()


# "알려쥬", "알려줭": 줘 said playfully
_PLAYFUL_GIVE = re.compile(r"(?<=[가-힣])(?:쥬|줭|죵)(?=$|[\s.!?~ㅋㅎ^])")
_TWO_WEEKS_KO = re.compile(r"(?<![가-힣])이\s*주\s*(?=간|동안)")  # 이주간: two weeks, not 이주


def _normalise(text: str) -> str:
    text = _TEN_YEAR.sub("10 year yield", text.lower())
    text = _PLAYFUL_GIVE.sub("줘", _TWO_WEEKS_KO.sub("2주", text))
    text = _SLASH_DATE.sub(_slash_date, text)
    text = _TYPED_MIX.sub(r"\1%", text)
    text = _TURNS_POSITIVE.sub(" crosses above 0 ", text)
    text = _TURNS_NEGATIVE.sub(" crosses below 0 ", text)
    if _YIELD_RELATION.search(text):
        text = _TEN_YEAR_BESIDE.sub(r"\1 10 year yield", text)
    text = re.sub(r"\bs\s*(?:&|and|n)\s*p\b", "s&p", text)
    text = re.sub(r"\bp\s*/\s*e\b|\bp-e\b", "p/e", text)
    return _day_first_dates(_shares_as_percent(numerals_as_digits(text)))


_ORDINALS = {word: n for n, word in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth"), start=1)}
_ORDINALS |= {f"twenty {w}": 20 + n for w, n in list(_ORDINALS.items())[:9]}
_ORDINALS |= {"thirtieth": 30, "thirty first": 31}
# "1 May 2024", "the first of May, 2024", "5th of march 2021": the day first, as the British
# write it, was read as the whole month.
_DAY_FIRST = re.compile(
    rf"\b(?:the\s+)?(?P<d>\d{{1,2}}|{'|'.join(sorted(_ORDINALS, key=len, reverse=True))})"
    r"(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<mon>{'|'.join(sorted(words.MONTHS, key=len, reverse=True))})\b,?(?=\s+\d{{4}})")
_SESSIONS = re.compile(r"(?<=\d)\s+(?:trading\s+)?sessions?\b")  # "last 5 sessions"


# "September 11th", "the 11th of september" without a year: the month and day as the
# event names and dates are written ("september 11").
_MONTHS = _MONTH_WORD
_MONTH_ORDINAL = re.compile(rf"\b(?P<mon>{_MONTHS})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b")
_ORDINAL_OF_MONTH = re.compile(
    rf"\b(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)\s+of\s+(?P<mon>{_MONTHS})\b(?!,?\s+\d{{4}})")


def _day_first_dates(text: str) -> str:
    text = _SESSIONS.sub(" trading days", text)
    text = _DAY_FIRST.sub(lambda m: f"{m['mon']} {_ORDINALS.get(m['d'], m['d'])},", text)
    text = _MONTH_ORDINAL.sub(lambda m: f"{m['mon']} {m['d']}", text)
    return _ORDINAL_OF_MONTH.sub(lambda m: f"{m['mon']} {m['d']}", text)


# A share said as a fraction or in words, written as the percentage the readers know.
_PER_CENT = re.compile(r"(?<=\d)\s*(?:per\s?cent|percent|pct\b|퍼센트(?!\s*포인트)|프로"
                       r"|퍼(?![가-힣]))")
_FRACTION_EN = re.compile(
    r"\b(?:(?:(?P<one>a|one)\s+|(?<![a-z] )(?<![a-z]))(?P<part>third|quarter|fifth)"
    r"|(?P<two>two)\s+thirds"
    r"|(?P<three>three)\s+quarters)\b(?=\s+(?:in|into|on|of|small|little|large|big)\b)"
    # "put half in small caps" (not "a half", "half and half")
    r"|(?<!a )(?<!and )\b(?P<half>half)\b(?=\s+(?:in|into|on)\s+(?:the\s+)?"
    r"(?:small|little|large|big|russell|s&p|iwm|vtwo|spy|voo|ivv))")
_FRACTION_KO = re.compile(r"(?<!\d)(?P<whole>[2-9]|10)\s*분의\s*(?P<part>[1-9])(?!\d)|절반")
_EN_SHARES = {"third": 33, "quarter": 25, "fifth": 20}


_OF_THE_BOOK = re.compile(r"(?<=%)\s+of\s+(?:the|my|our|a|your)\s+"
                          r"(?:book|portfolio|port|money|pot|allocation|fund|capital|savings)\b")


def _shares_as_percent(text: str) -> str:
    """"15 per cent" → "15%", "a third in small caps" → "33% in small caps", "3분의1" →
    "33%", "절반" → "50%": a portfolio's share however it is said."""
    text = _PER_CENT.sub("%", text)
    text = _FRACTION_EN.sub(lambda m: "67%" if m["two"] else "75%" if m["three"] else "50%"
                            if m["half"] else f"{_EN_SHARES[m['part']]}%", text)

    def korean(match: re.Match[str]) -> str:
        if match.group() == "절반":
            return "50%"
        whole, part = int(match["whole"]), int(match["part"])
        return f"{round(100 * part / whole)}%" if part < whole else match.group()

    return _OF_THE_BOOK.sub("", _FRACTION_KO.sub(korean, text))


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
        slugs = [] if _said_of_future(phrase, text, match.start(), match.end()) else [
            slug for slug in _event_slugs(tags) if _referenced(slug, text)]
        if slugs:  # "금리 인하 이후": the 2024 cut named, not rate cuts in general (/rates)
            tags = tags - {"topic:rates"}
        tags = _basis_as_meant(tags, text, match.start())
        _note_tags(phrase, tags, clues)
        for slug in slugs:
            _note_event(slug, _said_since(text, match.start(), match.end()), clues)
        end = match.end()
        if phrase.isascii() and match.group()[-1:].isalpha():
            end += len(_RUN_ON.match(text, end).group())  # a stem's ending is its word's
        spans.append((match.start(), end))
    for start, end in spans:
        text = _blank(text, start, end)
    return text


_RUN_ON = re.compile(r"[a-z]*")
_NEGATED = re.compile(r"(?:\b(?:don'?t|do not|not|no|without|skip|never|rather than|instead of)"
                      r"\b[^.,;!?]{0,20}|말고\s*|빼고\s*)$")
_OTHER_BASIS = {"basis:total": "basis:price", "basis:price": "basis:total"}


def _basis_as_meant(tags: frozenset[str], text: str, start: int) -> frozenset[str]:
    """"don't give me total return, just price": a basis refused is the other one asked."""
    refused = tags & _OTHER_BASIS.keys()
    if not refused or not _NEGATED.search(text[max(0, start - 30):start]):
        return tags
    return (tags - refused) | {_OTHER_BASIS[tag] for tag in refused}


_GENERIC_EVENTS = frozenset(words.GENERIC_EVENT_PHRASES)
_FUTURE_AFTER = re.compile(words.FUTURE_AFTER)
_FUTURE_BEFORE = re.compile(words.FUTURE_BEFORE)


def _said_of_future(phrase: str, text: str, start: int, end: int) -> bool:
    """"금리 인하되면", "if rate cuts come": a generic move to come, not the past event
    that has its name (a named event needs a reference to that event)."""
    if phrase not in _GENERIC_EVENTS:
        return False
    before = text[max(0, start - 24):start]
    return bool(_FUTURE_AFTER.match(text, end) or _FUTURE_BEFORE.search(before))


_EVENT_REFERENCE = {slug: re.compile(p) for slug, p in words.EVENT_REFERENCE.items()}


def _referenced(slug: str, text: str) -> bool:
    """An event whose words are also today's news ("S&P 신용등급 강등 뉴스 봤어?") is
    named only with a reference to it: its year, a past one, how a market did."""
    pattern = _EVENT_REFERENCE.get(slug)
    return pattern is None or bool(pattern.search(text))


def _event_slugs(tags: frozenset[str]) -> list[str]:
    return [tag[6:] for tag in tags if tag.startswith("event:")]


def _note_event(slug: str, since: bool, clues: _Clues) -> None:
    """An event named: "since" it, its day opens the window; else the question is about
    the event itself (/event), which outweighs the comparison words around it."""
    clues.events.append((slug, since))
    if slug in words.EVERYDAY_EVENTS:
        clues.everyday_event = True
    else:
        clues.anchored = True
    if since:
        clues.event_start = clues.event_start or derived.EVENT_DAYS[slug]
    else:
        clues.topics["event"] += 4


_WEAK = frozenset(w.rstrip("*") for w in words.WEAK_WORDS)
_STRONG = frozenset(w.rstrip("*") for w in words.STRONG_WORDS | words.STRONG_EXTRA)


def _note_tags(phrase: str, tags: frozenset[str], clues: _Clues) -> None:
    clues.tags |= tags
    clues.phrases.append(phrase)
    if "anchor" in tags:
        clues.anchored = True
    for tag in tags:
        kind, _, value = tag.partition(":")
        if kind == "topic":
            # Comparison words ("vs", "beat", "어때") come with every topic, so they weigh less.
            if phrase in _WEAK:
                clues.weak_topics[value] += 1
                continue
            weight = 1 if value == "gap" else 2
            clues.topics[value] += weight + (1 if phrase in _STRONG else 0)
        elif kind == "side" and phrase in words.FIGURATIVE_SIDES:
            clues.figures.append(value)  # a side only with the other one (_figures_as_sides)
        elif kind in ("side", "family", "ticker"):
            clues.sides.append(value)
            if phrase in words.WEAK_SIDES:
                clues.weak_side = True
            else:
                clues.anchored = True
        elif kind == "op":
            clues.ops.append(value)


_EPISODE_PART = re.compile(words.EPISODE_PART)


def _said_since(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 14):start].split()
    # "관세 쇼크 저점 이후", "since the covid crash": a part of the episode before "since"
    after = _EPISODE_PART.sub("", text[end:end + 16], count=1).lstrip()[:6]
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


# A date said in a question: (first day, last day, said "since").
_Point = tuple[date, date, bool]


def _read_windows(text: str, today: date, clues: _Clues, said: str = "") -> str:
    """Dates and spans of time, most specific pattern first; matched spans are blanked.
    `said` is the question before any blanking, at the same positions."""
    points: list[_Point] = []
    text = _read_dates(text, today, points, clues, said or text)
    _refuse_years_without_data(text, today, clues)
    text = _read_years(text, today, points, clues)
    text = _read_calendar_year(text, today, points, said or text, clues)
    ended = clues.ends_on is not None and len(points) == 1
    if points and not ended:
        clues.window = _window_of(points, today)
    text = _read_window_words(text, clues)
    text = _read_durations(text, today, clues)
    if ended:
        _ended_window(clues, today)
    return text


def _add_point(points: list[_Point], point: _Point, today: date, clues: _Clues) -> None:
    """A date the data can have, cut at today; a future one or one before the first
    daily close makes the question impossible (the parser would refuse it)."""
    first, last, since = point
    if first > today or first.year < MIN_YEAR:
        clues.impossible = True
    points.append((first, min(last, today), since))


def _read_dates(text: str, today: date, points: list[_Point], clues: _Clues,
                said: str = "") -> str:
    """`2023-01-01`, `2023년 3월`, `March 2023`: a day, or a whole month. `said`: the
    question before blanking, whose words around a date say whether it ends the window."""
    said = said or text
    for pattern in (_ISO_DATE, _KO_DATE, _EN_DATE, _EN_DAY_NO_YEAR, _KO_DAY_NO_YEAR):
        for match in pattern.finditer(text):
            # a day written out, not a month ("2023년 3월")
            clues.dated = clues.dated or pattern is _ISO_DATE or bool(match.groupdict().get("d"))
            try:
                point = (_date_point(match) if "y" in match.groupdict()
                         else _day_without_year(match, today))
                _add_point(points, point, today, clues)
            except ValueError:
                clues.impossible = True  # `2023-02-30`
            if _END_BEFORE.search(said[:match.start()]) or said[match.end():].lstrip(
                    ).startswith("까지"):
                clues.ends_on = points[-1][1] if points else None
            text = _blank(text, *match.span())
    return text


# "through Dec 2, 2026", "2026년 11월 30일까지": a day the window ends on, not one it starts on
_END_BEFORE = re.compile(r"\b(?:through|thru|until|till|up to|up until|ending(?: on)?)\s+$")


_LATEST_CLOSE_DAYS = 4  # an end this near today is the latest close (a weekend, a holiday)


def _ended_window(clues: _Clues, today: date) -> None:
    """One day said as the end: the window asked (ytd, 1y) runs to it; none asked, the
    year before it."""
    end = clues.ends_on
    window = clues.window[0] if len(clues.window) == 1 else None
    if window is not None and (today - end).days <= _LATEST_CLOSE_DAYS and (
            window == "ytd" or lookback(window) is not None):
        return  # "year-to-date, through yesterday": the window as asked, to the last close
    if window == "ytd":
        start = date(end.year, 1, 1)
    elif window is not None and lookback(window) is not None:
        count, unit = lookback(window)
        start = (_months_back(end, count * {"y": 12, "m": 1}[unit]) if unit in "ym"
                 else end - timedelta(days=count * {"w": 7, "d": 1}[unit]))
    else:
        start = _months_back(end, 12)
    clues.window = (start.isoformat(), end.isoformat())


def _day_without_year(match: re.Match[str], today: date) -> _Point:
    """The latest such day up to today: "since march 3" on 2026-12-04 is 2026-03-03."""
    month = words.MONTHS[match["mon"]] if "mon" in match.groupdict() else int(match["m"])
    day = date(today.year, month, int(match["d"]))
    if day > today:
        day = date(today.year - 1, month, int(match["d"]))
    return day, day, True


def _date_point(match: re.Match[str]) -> _Point:
    """A day is a start ("since"); a month runs from its first day to its last."""
    year = int(match["y"])
    year += 2000 if year < 100 else 0  # `22년 1월`: a year said in two digits
    month = words.MONTHS[match["mon"]] if "mon" in match.groupdict() else int(match["m"])
    if match["d"]:
        day = date(year, month, int(match["d"]))
        return day, day, True
    first = date(year, month, 1)
    return first, _months_back(first, -1) - timedelta(days=1), _since(match)


def _refuse_years_without_data(text: str, today: date, clues: _Clues) -> None:
    """"since 1800", "in 2999", "1850년": a year the data cannot have is refused, never
    quietly replaced by the default window."""
    for match in _ANY_YEAR.finditer(text):
        year = int(match["y"] or match["y2"])
        if not MIN_YEAR <= year <= today.year:
            clues.impossible = True


def _read_years(text: str, today: date, points: list[_Point], clues: _Clues) -> str:
    """`2024`, `in 2024`, `2024년`: the whole year (or from its start, with "since")."""
    for match in _YEAR.finditer(text):
        year = int(match["y"])
        _add_point(points, (date(year, 1, 1), date(year, 12, 31), _since(match)), today, clues)
        text = _blank(text, *match.span())
    return text


_NOT_CALENDAR = re.compile(words.NOT_CALENDAR_AFTER)
# The year before last first: "재작년 한 해" holds "작년 한 해".
_CALENDAR_YEARS = ((re.compile(words.CALENDAR_YEAR_BEFORE_LAST), 2),
                   (re.compile(words.CALENDAR_LAST_YEAR), 1))


_PERFORMANCE_ASK = re.compile(words.PERFORMANCE_ASK)
_BOUGHT_AFTER = re.compile(words.BOUGHT_AFTER)


def _year_asked(match: re.Match[str], said: str) -> bool:
    """작년에 is the calendar year only when its performance is asked ("작년에 S&P 샀는데
    반은 팔았어" is a statement); English "last year" keeps its reading."""
    return not _HANGUL.search(match.group()) or bool(_PERFORMANCE_ASK.search(said))


def _read_calendar_year(text: str, today: date, points: list[_Point], said: str,
                        clues: _Clues) -> str:
    """"last year", "작년 한 해", "작년에", "재작년": a calendar year before this one, January
    to December; not a point in it (작년 이맘때, 작년 4월) nor a comparison with it (작년에
    비해, 작년 대비: a change), read in the words as said, before any were blanked."""
    for pattern, back in _CALENDAR_YEARS:
        for match in pattern.finditer(text):
            if _NOT_CALENDAR.match(said, match.end()):
                continue
            if not (_year_asked(match, said) or clues.topics):
                text = _blank(text, *match.span())  # "작년에 결혼했어": no window, no question
                clues.remark = True
                continue
            year = today.year - back
            since = (text[max(0, match.start() - 6):match.start()].strip() in ("since", "from")
                     or said[match.end():match.end() + 4].lstrip().startswith(words.SINCE_AFTER)
                     or bool(_BOUGHT_AFTER.match(said, match.end())))
            points.append((date(year, 1, 1), date(year, 12, 31), since))
            text = _blank(text, *match.span())
    return text


def _window_of(points: list[_Point], today: date) -> tuple[str, ...]:
    """The window the dates say: from the first to the last; one date alone is a start
    when it was said with "since" or runs to today, else its own span."""
    points.sort(key=lambda p: p[0])
    first, last, since = points[0]
    if len(points) >= 2:
        window = (first.isoformat(), points[-1][1].isoformat())
    elif since or last >= today:
        window = (first.isoformat(),)
    else:
        window = (first.isoformat(), last.isoformat())
    return window[:1] if window[0] == window[-1] else window


def _read_window_words(text: str, clues: _Clues) -> str:
    """Fixed windows said in words: `this year`, `all time`, `작년`."""
    for pattern, preset in _WINDOW_WORDS:
        for match in pattern.finditer(text):
            if not clues.window:
                clues.window = (preset,)
                clues.years = {"1y": 1, "10y": 10}.get(preset)
            text = _blank(text, *match.span())
    return text


def _read_durations(text: str, today: date, clues: _Clues) -> str:
    """Spans with a number: `the last 3 years`, `six months`, `30 trading days`, `3년간`."""
    for pattern in (_DURATION_EN, _DURATION_KO):
        for match in pattern.finditer(text):
            _note_duration(match, today, clues)
            text = _blank(text, *match.span())
    return text


def _since(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    return bool(groups.get("since") or groups.get("since_ko"))


def _note_duration(match: re.Match[str], today: date, clues: _Clues) -> None:
    """A span of N units back from today; the first span said is the window."""
    groups = match.groupdict()
    raw = groups.get("nw") or groups["n"]
    count = int(raw) if raw.isdigit() else words.NUMBER_WORDS[raw]
    unit = groups.get("unit") or groups.get("unit_word") or ""
    if count <= 0:
        return
    window = _span_window(count, unit, today, clues)
    if window is not None and not clues.window:
        clues.window = (window,)
        clues.span_code = f"{count}{_UNIT_LETTER.get(unit[:1], 'd')}"


_SESSION_UNITS = frozenset({"trading days", "business days", "거래일", "영업일"})
_UNIT_LETTER = {"y": "y", "년": "y", "m": "m", "개": "m", "달": "m", "w": "w", "주": "w"}


def _span_window(count: int, unit: str, today: date, clues: _Clues) -> str | None:
    """The window of `count` units back, as a code or a start date; None when it reaches
    back further than any data (the question is then impossible)."""
    if unit.startswith(("y", "년")):
        return _years_window(count, today, clues)
    if unit.startswith(("mo", "개월", "달")) or unit == "m":
        return _months_window(count, today, clues)
    if unit.startswith(("w", "주")):  # `주일` is a week, though it ends in 일 (day)
        return (today - timedelta(days=7 * count)).isoformat()
    clues.days = clues.days or count  # days, trading days, 일, 거래일: also /event's DAYS
    clues.sessions = clues.sessions or unit in _SESSION_UNITS
    return (today - timedelta(days=count)).isoformat()


def _years_window(count: int, today: date, clues: _Clues) -> str | None:
    if count > MAX_YEARS_BACK:
        clues.impossible = True
        return None
    clues.years = clues.years or count
    code = f"{count}y"
    return code if code in PRESETS else _months_back(today, 12 * count).isoformat()


def _months_window(count: int, today: date, clues: _Clues) -> str | None:
    if count > 12 * MAX_YEARS_BACK:
        clues.impossible = True
        return None
    code = {12: "1y", 36: "3y", 60: "5y", 120: "10y"}.get(count, f"{count}m")
    return code if code in PRESETS else _months_back(today, count).isoformat()


_ZERO_WORD = re.compile(words.ZERO_WORD)


def _zero_as_number(text: str) -> str:
    """"crosses zero": the word as the number 0, the text's length kept."""
    return _ZERO_WORD.sub(lambda m: m.group()[:m.start("zero") - m.start()] + "0   ", text)


def _read_numbers(text: str, clues: _Clues) -> None:
    for match in _NUMBER.finditer(text):
        value = float(match["num"].replace(",", "."))
        if match["neg"]:
            value = -abs(value)
        unit = (match["unit"] or "").replace(" ", "")
        percent = unit in ("%", "퍼센트", "프로") or unit.startswith("per")
        clues.numbers.append((value, "%" if percent else unit))


def _shouted(original: str) -> bool:
    letters = [c for c in original if c.isalpha() and c.isascii()]
    return bool(letters) and all(c.isupper() for c in letters)


def _read_caps_words(original: str, clues: _Clues) -> None:
    """"SPY", not "a spy gadget": a ticker that is also a word names the market in
    capitals, unless the whole question is shouted (Korean has no capitals to shout)."""
    if _CAPS_TICKER_WORDS.search(original) and (
            _HANGUL.search(original) or not _shouted(original)):
        clues.anchored = True


def _read_caps_tickers(original: str, clues: _Clues) -> None:
    """Tickers typed in capitals that the vocabulary does not know (AAPL, XLF)."""
    if _shouted(original):
        return  # a shouted question: capitals say nothing about tickers
    for match in _CAPS_TICKER.finditer(original):
        token = match.group()
        lowered = token.lower()
        if token in words.NOT_TICKERS or lowered in words.COMMON_ENGLISH:
            continue
        if _VOCABULARY.fullmatch(lowered):
            continue  # known already (SPY, QQQ) or a word (ODDS, GAP)
        if is_yield(token) or is_yield("^" + token):
            _note_word("yield", clues)  # ^TNX is the yield itself, never one side of a pair
            continue
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
            _note_word(target, clues)
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
            _note_word(best, clues)


def _note_word(target: str, clues: _Clues) -> None:
    """A phrase of the vocabulary found another way: misspelt, or as a symbol (^TNX)."""
    entry = _ENTRIES.get(_key(target))
    if entry:
        phrase, tags = entry
        _note_tags(phrase, tags, clues)
        for slug in _event_slugs(tags):
            _note_event(slug, False, clues)


_ONCE = re.compile(words.ONCE)
_INDEX_NUMBER = re.compile(words.INDEX_NUMBER)
_SPLIT = re.compile(words.SPLIT)
_OVER_NUMBER = re.compile(r"\b(?:over|above)\s+[-+]?\d")
# "gap > 5", "yield >= 4.5": an operator typed as a symbol before a number
_SYMBOL_OP = re.compile(r"(?<![<>=])(>=|<=|=>|=<|>|<)(?![<>=])(?=\s*[-+]?\d)")
_SYMBOL_OPS = {">": ">", "<": "<", ">=": ">=", "=>": ">=", "<=": "<=", "=<": "<="}


def _read_shapes(text: str, clues: _Clues) -> None:
    """What the shape of a question says, apart from its words: "once", a split of a
    portfolio ("80/20", "50대50", two shares adding up to 100%), "over 30bp"."""
    for topic, weight in clues.weak_topics.items():
        if topic not in clues.topics:
            clues.topics[topic] += weight
    clues.once = bool(_ONCE.search(text))
    # An anchor phrase, or a command's name typed first with its window, as a command is
    # ("gap from 2023-01-01 to 2024-06-30"; "mix the flour 50/50" and "odds are it snows
    # this year" are no command).
    typed = bool(_TYPED_COMMAND.match(text)) and bool(clues.window)
    clues.anchored = clues.anchored or bool(_ANCHORS.search(text)) or typed
    if _VALUATION_HISTORY.search(text):
        clues.anchored = True
        clues.topics["valuation"] += 2
    _read_market_context(text, clues)
    if any(unit in ("bp", "bps") for _, unit in clues.numbers):
        clues.tags.add("metric:change")  # "50bp": a change, whatever the words around it
    if "mix" in clues.topics and any(u == "%" and 0 < v < 100 for v, u in clues.numbers):
        clues.topics["mix"] += 2  # a share with a word of putting it in: a portfolio
    _read_typed_ops(text, clues)
    _read_condition(text, clues)
    _read_split(text, clues)
    if _REST.search(text) and not _rest_asked(text):
        clues.topics.pop("mix", None)  # "the rest of my money is in the S&P lol": no mix asked
        clues.remark = True


def _read_typed_ops(text: str, clues: _Clues) -> None:
    """"over 30bp" is above it; "gap > 5", "yield >= 4.5": the operator typed as a symbol."""
    if _OVER_NUMBER.search(text):
        clues.ops.append(">")
    clues.ops.extend(_SYMBOL_OPS[m[1]] for m in _SYMBOL_OP.finditer(text))


def _read_condition(text: str, clues: _Clues) -> None:
    """A move said as a condition (its direction, and where it leaves the small side
    against the large), and a tell asked for after it ("if it drops 10%, tell me")."""
    condition = bool(_MOVE_CONDITION.search(text))
    clues.move = _move(text) if condition else None
    clues.relative = _relative(text) if condition else None
    clues.level_below = bool(_LEVEL_BELOW.search(text))
    if _ALERT_ASK.search(text):
        clues.tags.add("alert_intent")


_MOVE_DOWN = re.compile(words.MOVE_DOWN)
_MOVE_UP = re.compile(words.MOVE_UP)
_MOVE_CONDITION = re.compile(words.MOVE_CONDITION)
_LEVEL_BELOW = re.compile(words.LEVEL_BELOW)


def _move(text: str) -> str | None:
    """The direction a move is said with ("falls", "down", "빠지면" / "rises", "오르면");
    None when none is said, or both ("up or down 5%"). Read only of a condition."""
    down, up = bool(_MOVE_DOWN.search(text)), bool(_MOVE_UP.search(text))
    if down == up:
        return None
    return "down" if down else "up"


_REL_BEHIND = re.compile(words.REL_BEHIND)
_REL_AHEAD = re.compile(words.REL_AHEAD)
_ALERT_ASK = re.compile(words.ALERT_ASK)
_SMALL_SIDE = re.compile(words.SPLIT_SMALL)
_LARGE_SIDE = re.compile(words.SPLIT_LARGE)
_OTHER_MARK = re.compile(r"\s*(?:보다|대비|에 비해|한테|에게)")


def _relative(text: str) -> str | None:
    """Where the small side ends against the large in a move said between them: "small
    caps fall 3 points behind the S&P", "러셀이 에스앤피보다 뒤처지면" → "behind"; "the S&P
    falls behind the Russell" → "ahead" (the subject is the side named first, unless it is
    marked as the other one: "에스앤피보다 러셀이"). None when no such move is said."""
    behind, ahead = bool(_REL_BEHIND.search(text)), bool(_REL_AHEAD.search(text))
    if behind == ahead:
        return None
    small, large = _SMALL_SIDE.search(text), _LARGE_SIDE.search(text)
    large_subject = large is not None and (small is None or large.start() < small.start())
    first = large if large_subject else small
    if first is not None and _OTHER_MARK.match(text, first.end()):
        large_subject = not large_subject
    return ("ahead" if behind else "behind") if large_subject else ("behind" if behind
                                                                   else "ahead")


_COMMAND_NAMES = frozenset(derived.TOPIC_SLOTS)
# A command's name typed with its window, in either language ("gap 3y", "낙폭 3y"); not
# 금리 or 확률, which say a deposit's rate or a chance as often ("금리 4.5% 1년짜리 적금")
_TYPED_NAMES = (*sorted(_COMMAND_NAMES), "낙폭", "드로다운", "밸류에이션")
_TYPED_COMMAND = re.compile(
    r"(?:" + "|".join(_TYPED_NAMES) + r")\s+(?:from\b|since\b|ytd\b|max\b|\d)")
_SECTOR_NAMES = frozenset(name.rstrip("*") for name in words.SECTOR_NAMES)
_SECTOR_CUE = re.compile(words.SECTOR_CUE)
_RELATION = re.compile(words.RELATION)
_MARKET_FALL = re.compile(words.MARKET_FALL)
_PORTFOLIO_SHARE = re.compile(words.PORTFOLIO_SHARE)
_CAPS_TICKER_WORDS = re.compile(words.CAPS_TICKER_WORDS)
_TOP_N = re.compile(words.TOP_N)
_ODDS_SHARE = re.compile(words.ODDS_SHARE)


def _read_market_context(text: str, clues: _Clues) -> None:
    """Evidence from words together that no word is alone: a sector named with a word of
    weights, a yield with a word of relation, an everyday event with a market's fall, a
    share of a portfolio ("비중 35%로", "a 5% sleeve")."""
    if _SECTOR_CUE.search(text) and _SECTOR_NAMES.intersection(clues.phrases):
        clues.anchored = True
        clues.topics["sectors"] += 2
    if "metric:yield" in clues.tags and _RELATION.search(text):
        clues.topics["rates"] += 3
    if clues.everyday_event and _MARKET_FALL.search(text):
        clues.anchored = True
    if _PORTFOLIO_SHARE.search(text):
        clues.topics["mix"] += 4
    if _BELOW_PEAKS.search(text):
        clues.topics["drawdown"] += 3  # "below their respective peaks", "off its 3y high"
    _read_bare_pair(text, clues)
    _read_gap_over(text, clues)
    if _TOP_N.search(text):
        clues.topics["top"] += 4
    if _ODDS_SHARE.search(text):
        clues.topics["odds"] += 3
    _read_remarks(text, clues)


def _read_gap_over(text: str, clues: _Clues) -> None:
    """"what's the gap over the last 5 days?": the bot's gap, said with its window."""
    if clues.window and _GAP_OVER.search(text):
        clues.anchored = True


_GAP_OVER = re.compile(r"\bthe gap\s+(?:over|in|for|during|since|this)\b"
                       r"|격차\s*(?:는|가)?\s*(?:지난|최근)")


def _read_bare_pair(text: str, clues: _Clues) -> None:
    """"small minus large", "small>large", "40% small / 60% large": the two sides said
    bare, which are the pair's only with something asked of them ("small or large pizza?")."""
    if not _BARE_PAIR.search(text) or {"small", "large"} <= set(clues.sides):
        return
    asked = clues.topics or clues.weak_topics or clues.numbers or clues.window
    if asked or _SIDE_WINS.search(text):
        clues.sides.extend(side for side in ("small", "large") if side not in clues.sides)
        clues.anchored = True


_RECORD_ODDS = frozenset(words.RECORD_ODDS)
_BELOW_PEAKS = re.compile(words.BELOW_PEAKS)
_BARE_PAIR = re.compile(words.BARE_PAIR_SAID)
_SIDE_WINS = re.compile(words.SIDE_WINS)
_OWN_PORTFOLIO = re.compile(words.OWN_PORTFOLIO)
_CHEER = re.compile(words.CHEER)
_TO_OTHERS = re.compile(words.TO_OTHERS)
_TO_THE_BOT = re.compile(r"봇아|봇님|갭봇|gapbot|\bbot\b")
_FIGURE_ASKED = re.compile(words.FIGURE_ASKED)
_OWN_LIFE = re.compile(words.OWN_LIFE)
_PE_OF_OTHER = re.compile(words.PE_OF_OTHER)
_OWN_RECORD = re.compile(words.OWN_RECORD)


def _read_statement(text: str, clues: _Clues) -> None:
    """A long message that asks nothing and requests nothing is a statement ("Filing my
    piece on the small-cap lag at 5pm", "PER은 평균으로 회귀한다는 겁니다"), however many
    of the bot's words it has."""
    if len(text.split()) < 8 or "?" in text or "alert_intent" in clues.tags:
        return
    if not _FIRST_PERSON.search(text) or _QUESTION_CUE.search(text) or _REQUEST.search(text):
        return  # "whats the pe spread between vtwo and spy": terse, still a question
    clues.topics.clear()
    clues.remark = True


# A remark is told: "I'll share the link", "저는 분할매수로 대응하고 있습니다", "말씀은 틀린 게".
_FIRST_PERSON = re.compile(r"\b(?:i'?m|i'?ll|i'?ve|i was|i have|we'?ll|will share|my|our)\b"
                           r"|저는|제가|나는|내가|느낀|겁니다|아니에요|아닙니다|있습니다|했습니다|거지\b"
                           r"|말씀")
_REQUEST = re.compile(r"\b(?:gimme|give me|need|want|pull up|check|let me see|lemme see|show|tell"
                      r"|please|pls|grateful|appreciate|set out|(?:could|would|can) you)\b"
                      r"|궁금|확인|부탁|알고 싶|보고 싶|주세요|주시|해줘|줄래|ㄱㄱ")


def _read_cheer(text: str, clues: _Clues) -> None:
    """A cheer or a groan with the market's words ("SPY at another all time high, we're
    so back", "러셀 떡상 가즈아") asks nothing: no question word, no span, no alert, and
    longer than a terse request ("iwm 3y drawdown lol")."""
    if not _CHEER.search(text) or len(text.split()) <= 4:
        return
    if _QUESTION_CUE.search(text) or clues.window or "alert_intent" in clues.tags:
        return
    clues.topics.clear()
    clues.remark = True


def _read_other_subjects(text: str, clues: _Clues) -> None:
    """The family's words said of something else: one's own life ("the fed cut my
    budget", "helped my mortgage"), a company's P/E ("the P/E on Samsung Electronics")."""
    if _OWN_LIFE.search(text):
        clues.topics.pop("event", None)
        clues.topics.pop("rates", None)
        clues.events.clear()
        clues.remark = True
    if _PE_OF_OTHER.search(text):
        clues.topics.pop("valuation", None)
        clues.remark = True


def _read_remarks(text: str, clues: _Clues) -> None:
    """Words of a family said of one's own: "hit rate", "how often" of anything but one
    side winning ("the hit rate of my stock picks", "how often do you check the S&P") are
    no odds; a remark on one's own portfolio's weights ("내 포트 기술주 비중이 너무 높아")
    asks nothing of the funds' sectors."""
    _read_cheer(text, clues)
    _read_statement(text, clues)
    _read_other_subjects(text, clues)
    record = [p for p in clues.phrases if p.rstrip("*") in _RECORD_ODDS]
    odds_words = [p for p in clues.phrases if "topic:odds" in _ENTRIES.get(_key(p), ("", ()))[1]]
    if record and len(record) == len(odds_words) and not _SIDE_WINS.search(text):
        clues.topics.pop("odds", None)
        clues.remark = True
        if _OWN_RECORD.search(text):
            clues.topics.clear()  # "my stock picks vs the S&P": a record the bot does not keep
    if _OWN_PORTFOLIO.search(text) and not (_QUESTION_CUE.search(text)
                                             or _MIX_ASK.search(text)):
        clues.topics.pop("sectors", None)
        if not any(unit == "%" for _, unit in clues.numbers):
            clues.topics.pop("mix", None)  # "20% small caps in my portfolio" is still a mix
        clues.remark = True


def _read_split(text: str, clues: _Clues) -> None:
    """"80/20", "50대50", or two shares adding up to 100%: a mix, the smaller share the
    small caps'."""
    if _ODDS_SPLIT.search(text):
        return  # "fifty-fifty chance", "60/40 odds": a probability, not a portfolio
    for first, second, small_first in _splits(text, clues):
        if first + second == 100 and first and second:
            small = {True: first, False: second}.get(small_first, min(first, second))
            clues.split_pct = float(small)
            clues.topics["mix"] += 3
            # "50대50으로 섞었을 때 5년 수익률": a blend's returns are the pair's, sides unsaid
            clues.anchored = clues.anchored or bool(_BLEND.search(text) and _RETURNS.search(text))
            return


def _splits(text: str, clues: _Clues) -> list[tuple[int, int, bool | None]]:
    """Every split the question says: (first share, second share, whether the small side
    is first, None when unsaid), the side-named share first."""
    portfolio = bool(_BLEND.search(text) or _HYPOTHETICAL.search(text) or _RATIO_CUE.search(text))
    splits = [(*_in_hundredths(m, portfolio), _small_first(text[m.end():]))
              for m in _SPLIT.finditer(text)]
    shares = [v for v, unit in clues.numbers if unit == "%" and 0 < v < 100]
    if len(shares) == 2 and sum(shares) == 100:
        splits.append((int(shares[0]), int(shares[1]), None))
    if _HALF.search(text):
        splits.append((50, 50, None))
    side_share = _side_share(text)
    if side_share is not None:
        splits.insert(0, (side_share, 100 - side_share, True))
    return splits


_BLEND = re.compile(r"섞|\bmix|\bblend|백테스트|backtest|포트폴리오|\bportfolio|포트\b|포폴")
_RETURNS = re.compile(r"수익률|성과|\breturns?\b|\bperform|백테스트|backtest|\bcagr\b"
                      r"|돌렸으면|돌리면|어케 ?됨|어떻게 ?됐")


_ODDS_SPLIT = re.compile(r"(?:fifty[\s-]fifty|\d{1,2}\s*[/:-]\s*\d{1,2})\s+(?:chance|odds|shot"
                         r"|probability|확률)")
_RATIO_CUE = re.compile(r"\bratio\b|\bsplit\b|비율|비중|들고|\bportfolio\b|포트|\ballocation\b"
                        r"|\bheld\b|\bhold\b")


def _in_hundredths(match: re.Match[str], portfolio: bool) -> tuple[int, int]:
    """"80/20" as it is; "7:3", "6대4", "1:3" as a ratio of shares when a portfolio is
    asked of ("7:3으로 들고갔으면"), never a score ("we won 7:3", "경쟁률 3대1")."""
    first, second = int(match[1]), int(match[2])
    ratio = first + second != 100 and first and second and first + second <= 20
    if portfolio and ratio and re.search(r"[:대]", match.group()):
        share = round(100 * first / (first + second))  # "1:3" is 25 / 75
        return share, 100 - share
    return first, second


_HALF = re.compile(words.HALF)
_SIDE_SHARE = re.compile(words.SIDE_SHARE)
_REST = re.compile(words.REST_CUE)
_SHARE_SIDE = re.compile(words.SHARE_SIDE)
_MIX_ASK = re.compile(words.MIX_ASK)
_REST_SIDE = re.compile(words.REST_SIDE)


def _rest_asked(text: str) -> bool:
    """"the rest" of a portfolio: asked as a hypothetical or a question ("what if", "5y
    backtest?", "…면 어땠어"), or a share and the rest each put on a side ("put 10% in vtwo,
    rest in voo"); not "the rest of my money is in the S&P lol"."""
    if not _REST.search(text):
        return False
    bound = bool(_REST_SIDE.search(text)) and bool(_SHARE_SIDE.search(text)
                                                   or _SIDE_SHARE.search(text))
    return bound or bool(_MIX_ASK.search(text))


def _side_share(text: str) -> int | None:
    """The small caps' share when the sides are named with their shares: "소형주 30 대형주
    70" (two sides adding up to 100), or "러셀 20% 나머지 S&P" (one share and the rest)."""
    said = list(_SIDE_SHARE.finditer(text)) or list(_SHARE_SIDE.finditer(text))
    shares = [("small" if m["small"] else "large", int(m["n"])) for m in said]
    if not shares or not 0 < shares[0][1] < 100:
        return None
    (side, share), *others = shares
    if others and others[0][0] != side and share + others[0][1] == 100:
        return share if side == "small" else others[0][1]
    if not others and (_rest_asked(text) or _one_share_supposed(text, side)):
        return share if side == "small" else 100 - share
    return None


def _one_share_supposed(text: str, side: str) -> bool:
    """"What would a fifth in small caps have done?": one share, of the small side, in a
    hypothetical; the rest is the large side's ("40% small caps 60% S&P" has two)."""
    return side == "small" and len(_PERCENT.findall(text)) == 1 and bool(
        _HYPOTHETICAL.search(text))


_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*%")
_HYPOTHETICAL = re.compile(r"\bwould\b|\bwhat if\b|\bif i had\b|\bhad i\b|backtest|백테스트"
                           r"|했으면|채우면|넣었으면|가져갔으면|였으면|담았으면")
_SPLIT_SIDE = re.compile(rf"(?P<small>{words.SPLIT_SMALL})|(?P<large>{words.SPLIT_LARGE})")


def _small_first(after: str) -> bool | None:
    """Whether the sides named right after a split ("60/40 small/large") put the small
    caps first; None when the split does not name both."""
    sides = ["small" if m["small"] else "large" for m in _SPLIT_SIDE.finditer(after[:30])]
    if len(set(sides[:2])) < 2:
        return None
    return sides[0] == "small"


_CREDIT_CUE = re.compile(words.CREDIT_CUE)
_AGENCY_SP = re.compile(words.AGENCY_SP)
_US_NAMED = re.compile(words.US_NAMED)
_QUESTION_CUE = re.compile(words.QUESTION_CUE)


def _without_agency(text: str) -> str:
    """"S&P cut Boeing to BBB-": S&P the rating agency is no subject, unless the question
    names the event of its downgrade of the US (2011)."""
    if not (_CREDIT_CUE.search(text) and _AGENCY_SP.search(text)):
        return text
    probe = _Clues()
    _read_vocabulary(text, probe)
    if probe.events:
        return text
    return _AGENCY_SP.sub(_spaces, text)


_RUSSELL_PEOPLE = re.compile(words.RUSSELL_PEOPLE)
_BACKGROUND = re.compile(words.BACKGROUND)
_LAST_YEARS_MONTH = re.compile(r"(?:작년|지난 ?해)\s*(?=\d{1,2}\s*월)")
_THIS_YEARS_MONTH = re.compile(r"올해\s*(?=\d{1,2}\s*월)")


_ELECTION_SAID = re.compile(words.ELECTION_SAID)
_NAMED_ELECTION_GAP = re.compile(r"\s*(?:(?:us|u\.s\.|american|presidential|미국)\s*)*")
_ELECTION_YEAR = re.compile(r"(?<![\d.])(?:20)?(?P<yy>\d\d)(?:년)?(?![\d.%])")


def _dated_election(text: str) -> str:
    """An election named by its result and dated by the one election year the sentence
    holds is that election, written as its name: the year is then no calendar window."""
    said = _ELECTION_SAID.search(text)
    if not said:
        return text
    years = [m for m in _ELECTION_YEAR.finditer(text)
             if 2000 + int(m.group("yy")) in derived.ELECTION_YEARS
             and (len(m.group()) >= 4 or m.group().endswith("년"))]
    if len({2000 + int(m.group("yy")) for m in years}) != 1:
        return text  # none, or two: "트럼프 당선" alone could be 2016 or 2024
    if any(m.end() <= said.start() and _NAMED_ELECTION_GAP.fullmatch(text[m.end():said.start()])
           for m in years):
        return text  # "the 2016 US election", "2016 대선": named as it is, read as it is
    year = 2000 + int(years[0].group("yy"))
    for match in reversed(years):
        text = _blank(text, match.start(), match.end())
    return f"{text[:said.start()]}{year} election{text[said.end():]}"


_ASIDE = re.compile(r"\([^()]*\)")


def _without_asides(text: str) -> str:
    """A number in brackets restates one outside them ("90 이상이면(즉 상위 10% 수준으로)"):
    when the question has a number outside its brackets, theirs are not read."""
    outside = _ASIDE.sub(_spaces, text)
    return outside if re.search(r"\d", outside) else text


_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_KO = "월화수목금토일"
_COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_WEEKDAY_AGO = re.compile(
    rf"\b(?:(?P<n>two|three|four|[234])\s+(?P<wd>{'|'.join(_WEEKDAYS_EN)})s\s+ago"
    rf"|(?:last|this past)\s+(?P<wd1>{'|'.join(_WEEKDAYS_EN)}))\b"
    rf"|(?:지난|저번)\s*(?:주\s*)?(?P<wk>[{_WEEKDAYS_KO}])요일")


def _weekdays_as_dates(text: str, today: date) -> str:
    """"two Fridays ago", "last Friday", "지난주 금요일": the day, written out."""
    def day(match: re.Match[str]) -> str:
        if match["wk"]:
            weekday, count = _WEEKDAYS_KO.index(match["wk"]), 1
        else:
            weekday = _WEEKDAYS_EN.index(match["wd"] or match["wd1"])
            count = _COUNTS.get(match["n"] or "", 1)
        if match["wk"] and "주" in match.group():  # 지난주 월요일: that day of last week
            return (today - timedelta(days=today.weekday() + 7 - weekday)).isoformat()
        back = (today.weekday() - weekday) % 7 or 7  # the last one before today
        return (today - timedelta(days=back + 7 * (count - 1))).isoformat()

    return _WEEKDAY_AGO.sub(day, text)


def _months_of_named_years(text: str, today: date) -> str:
    """"작년 5월 1일" is a day of last year, "올해 3월" a month of this one: the year written."""
    text = _LAST_YEARS_MONTH.sub(f"{today.year - 1}년 ", text)
    return _THIS_YEARS_MONTH.sub(f"{today.year}년 ", text)
_EPISODE = re.compile(words.EPISODE)


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())


_CRYPTO = r"(?:비트(?:코인)?|코인|크립토|이더리움|bitcoin|btc|eth|crypto\w*|ethereum)"
# crypto set against our side: a comparison the bot cannot make (beside it, a remark)
_CRYPTO_COMPARED = re.compile(
    rf"{_CRYPTO}\s*(?:vs\.?|versus|against|or|보다|대비|(?:이)?랑|하고|와|과)(?=\s|$)"
    rf"|\b(?:vs\.?|versus|against|than|or)\s+{_CRYPTO}")


def _not_for_us(clues: _Clues, text: str) -> bool:
    """Chatter the market words cannot make a question: Korea's own market with no US
    name ("코스닥 소형주들 빠졌네"), or news asked nothing of ("earnings season is a circus")."""
    if "market:kr" in clues.tags and not _US_NAMED.search(text):
        return True  # "코스닥 소형주들 빠졌네"
    if _PRIVATE_VALUATION.search(text) and not (_US_NAMED.search(text) or clues.sides):
        return True  # "friend's startup raised at a $40M valuation"
    if "market:other" in clues.tags and not (_US_NAMED.search(text) or clues.sides):
        return True  # "다음 포스팅은 금 ETF 비교로 갈 예정입니다"
    if "market:crypto" in clues.tags and (not (_US_NAMED.search(text) or clues.sides)
                                          or _CRYPTO_COMPARED.search(text)):
        return True  # "비트 고점 대비 30% 빠졌는데 드로다운이지 뭐", "bitcoin vs small caps"
    return "news" in clues.tags and not _QUESTION_CUE.search(text)


def _gather(original: str, normalised: str, today: date) -> _Clues:
    """The clues of a question, from its cleaned text (`_clean`) and that text normalised
    (`_normalise`, done once by the caller: it is the costliest step)."""
    clues = _Clues()
    said = _zero_as_number(_without_agency(_RUSSELL_PEOPLE.sub(_spaces, normalised)))
    said = _months_of_named_years(_dated_election(_BACKGROUND.sub(_spaces, said)), today)
    said = _weekdays_as_dates(said, today)
    clues.said = said
    rest = _read_vocabulary(said, clues)
    rest = _INDEX_NUMBER.sub(_spaces, rest)  # "russel 2000": no year
    rest = _read_windows(rest, today, clues, said)
    clues.unread = rest
    _read_numbers(_without_asides(_ONCE.sub(_spaces, rest)), clues)  # "1회성": no value
    _read_caps_tickers(original, clues)
    _read_caps_words(original, clues)
    _read_misspellings(rest, clues)
    _read_shapes(normalised, clues)
    if clues.event_start and len(clues.events) == 1 and (
            _EPISODE.search(rest) or clues.days is not None):
        # "대선 이후 랠리 얼마나 갔었음?", "코로나 폭락 이후 60일간": the days after the event
        clues.event_start = None
        clues.events = [(clues.events[0][0], False)]
        clues.topics["event"] += 4
    if clues.event_start and (not clues.window or (len(clues.window) == 1 and not clues.dated)):
        # "since the covid bottom on 2020-03-23": a day written out is the start asked
        clues.window = (clues.event_start,)
    _figures_as_sides(clues)
    _drop_corrected(clues)
    return clues


# "IWM이랑 QQQ... 아 QQQ 말고 IVV랑", "SPY, no wait, not SPY: VOO": a ticker taken back.
_TAKEN_BACK = re.compile(r"(?P<a>\^?[a-z]{2,5})\s*(?:말고|아니고|대신|아니라)"
                         r"|\b(?:not|instead of|rather than|scratch|i mean not)\s+"
                         r"(?P<b>\^?[a-z]{2,5})\b")


def _drop_corrected(clues: _Clues) -> None:
    """A ticker the asker took back is no side, when another one is named instead."""
    # taken back: said, then named again to be dropped ("iwm instead of voo" compares them)
    dropped = {(m["a"] or m["b"]).upper() for m in _TAKEN_BACK.finditer(clues.said)
               if re.search(rf"\b{re.escape(m['a'] or m['b'])}\b", clues.said[:m.start()])}
    kept = [side for side in clues.sides if side not in dropped]
    if dropped & set(clues.sides) and len(kept) < len(clues.sides) and any(
            side not in _SIDE_OF for side in kept):
        clues.sides = kept


def _figures_as_sides(clues: _Clues) -> None:
    """Sides said by a figure are the market's when both sides are named ("the tiddlers"
    and "the big boys", or "small companies" against the S&P), and nothing alone."""
    named = {_SIDE_OF.get(side, "small" if side in words.SMALL_TICKERS else "large")
             for side in clues.sides}
    if not clues.figures or (len(set(clues.figures) | named) < 2
                             and not _one_figure_asked(clues)):
        return
    terse = len(clues.said.split()) <= 6 and bool(clues.window or "?" in clues.said)
    if not (set(clues.topics) - {"gap"} or _FIGURE_ASKED.search(clues.said) or terse):
        return  # "small companies are hiring more than big companies": asked nothing of them
    clues.sides.extend(side for side in clues.figures if side not in clues.sides)
    clues.anchored = True


def _one_figure_asked(clues: _Clues) -> bool:
    """"How far behind are the little companies over the last three months?": one side
    said as companies, with a performance over a span asked (not "the little ones")."""
    # a market family's own question needs no window: "are the small company shares cheap?"
    asked_of_market = bool(clues.window) or bool(set(clues.topics) & _FIGURE_FAMILIES)
    return bool(_COMPANIES.search(clues.said) and _FIGURE_ASKED.search(clues.said)
                and asked_of_market and _QUESTION_CUE.search(clues.said))


_FIGURE_FAMILIES = frozenset({"valuation", "odds", "mix", "drawdown"})


_COMPANIES = re.compile(r"compan|\bfirms?\b|stocks|\bshares\b|\bfell[ae]s\b|\bones\b"
                        r"|(?:작은|큰) ?(?:애들|놈들|회사들|기업들|종목들)")
_SIDE_OF = {"small": "small", "large": "large", "sp500": "large"}


# -- choosing the command ----------------------------------------------------------------------

# When scores tie, the bot's main question wins, then the cheaper answers; a command the
# catalogue gains later comes last until it is placed here.
_PREFERRED_ORDER = ("gap", "valuation", "event", "odds", "mix", "drawdown", "rates", "sectors",
                    "top", "alerts", "events", "status", "pair", "help")
_TOPIC_ORDER = (*(t for t in _PREFERRED_ORDER if t in derived.TOPIC_SLOTS),
                *(t for t in derived.TOPIC_SLOTS if t not in _PREFERRED_ORDER))
_ALTERNATIVE_SHARE = 0.6  # a second topic this close to the first is offered as a button


def _rank(topic: str) -> int:
    return _TOPIC_ORDER.index(topic) if topic in _TOPIC_ORDER else len(_TOPIC_ORDER)


# The slots of a command line in the order they are written (`/mix PCT WINDOW SMALL LARGE`,
# `/event NAME DAYS SMALL LARGE`); which ones a command fills is the catalogue's `takes`.
_SLOT_ORDER = ("event", "days", "pct", "years", "window", "ticker", "pair")
# /valuation reads the P/E history the refresh stores for the chat's tracked funds, so a
# question never names another pair for it ("and IWM?" after /valuation is not followed).
_CHATS_PAIR_ONLY = frozenset({"valuation"})
# Answered from what a fund holds: an index named stands for a fund that tracks it.
_HOLDINGS_COMMANDS = frozenset({"sectors", "top"})
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}$")


def _slots(topic: str, *, follow_up: bool = False) -> tuple[str, ...] | None:
    """The slots the reader fills for `topic`, in written order; None when the catalogue
    gives it a slot the reader cannot fill (so it is never proposed half-written)."""
    if topic not in derived.TOPIC_SLOTS:
        return None
    takes = derived.TOPIC_SLOTS[topic]
    if follow_up and topic in _CHATS_PAIR_ONLY:
        takes = takes - {"pair"}
    if not takes <= set(_SLOT_ORDER):
        return None
    return tuple(slot for slot in _SLOT_ORDER if slot in takes)


# Commands a reply can follow up on: those naming a pair or a fund.
_FOLLOWS_UP = frozenset(t for t in derived.TOPIC_SLOTS
                        if {"pair", "ticker"} & set(_slots(t, follow_up=True) or ()))


@dataclass(frozen=True)
class _Pair:
    small: str
    large: str
    named: bool  # the question named a ticker, so the pair goes into the command line
    default: tuple[str, str]  # the chat's pair


def _resolve_pair(sides: list[str], default: tuple[str, str]) -> _Pair:
    small_default, large_default = default
    if any(side in words.SP500_FUNDS for side in sides):
        sides = [side for side in sides if side != "sp500"]  # "SPX" is named: it is the S&P
    resolved: list[str] = []
    explicit = False
    for side in sides:
        ticker, named = _side_ticker(side, default)
        explicit = explicit or named
        if ticker not in resolved:
            resolved.append(ticker)
    small, large = _sides_of(resolved, default)
    if small == large:
        return _Pair(small_default, large_default, False, default)
    if "sp500" in sides and is_price_index(small) and not is_price_index(large):
        large, explicit = "^GSPC", True  # "RTY vs SPX": an index against the index
    return _Pair(small, large, explicit, default)


def _sides_of(resolved: list[str], default: tuple[str, str]) -> tuple[str, str]:
    """(small, large) of the tickers named, in order: one replaces its own side of the
    chat's pair; of two, a large-cap fund named first still stands on the large side."""
    small, large = default
    if len(resolved) == 1:
        (ticker,) = resolved
        if ticker in words.LARGE_TICKERS or ticker == large:
            return small, ticker
        return ticker, large
    if len(resolved) >= 2:
        first, second = resolved[:2]
        if first in words.LARGE_TICKERS and second not in words.LARGE_TICKERS:
            first, second = second, first
        return first, second
    return small, large


def _side_ticker(side: str, default: tuple[str, str]) -> tuple[str, bool]:
    """(the ticker a side stands for, whether the question named it itself)."""
    small_default, large_default = default
    if side == "small":
        return small_default, False
    if side == "large":
        return large_default, False
    if side == "sp500":
        if large_default in words.SP500_FUNDS:
            return large_default, False
        return "SPY", True
    return side, True


def _pair_args(pair: _Pair) -> tuple[str, ...]:
    return (pair.small, pair.large) if pair.named else ()


def _fund_pair(small: str, large: str, chat_pair: tuple[str, str]) -> tuple[str, str] | None:
    """The two funds whose holdings answer for a pair; None when a side has no fund, or
    both sides come down to one fund (`VTWO` and `^RUT`)."""
    funds = (derived.fund_for(small, chat_pair), derived.fund_for(large, chat_pair))
    if None in funds or funds[0] == funds[1]:
        return None
    return funds  # type: ignore[return-value]


def _build(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...] | None:
    """The arguments of `topic`'s command, or None when the question lacks what it needs."""
    slots = _slots(topic)
    if slots is None:
        return None
    args: list[str] = []
    for slot in slots:
        filled = _SLOT_FILLERS[slot](topic, clues, pair)
        if filled is None:
            return None
        args += filled
    return tuple(args)


def _fill_event(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...] | None:
    """The event named (not "since" it: that is a window), else a lone start date."""
    named = [slug for slug, since in clues.events if not since]
    if named:
        return (named[0],)
    if len(clues.window) == 1 and _ISO_START.match(clues.window[0]):
        return clues.window
    return None


def _fill_days(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...]:
    """Trading days after the event, at most what /event counts."""
    return (str(min(clues.days, derived.MAX_EVENT_DAYS)),) if clues.days else ()


def _fill_pct(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...]:
    """The small-cap share of the portfolio: the first percent that can be one, to the
    hundredth /mix reads."""
    percents = [round(v, 2) for v, unit in clues.numbers if unit == "%" and 0 < v <= 100]
    pct = clues.split_pct or next((p for p in percents if p > 0), None)
    return (_number_text(pct),) if pct else ()


def _fill_years(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...]:
    return _years_args(clues)


def _years_args(clues: _Clues) -> tuple[str, ...]:
    """The years of a hold, at most the longest hold /odds counts."""
    return (f"{min(clues.years, derived.MAX_YEARS)}y",) if clues.years else ()


def _fill_window(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...]:
    return clues.window


def _fill_ticker(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...] | None:
    """The one fund asked about, written out unless it is the chat's small side."""
    first = clues.sides[0] if clues.sides else None
    large = first in ("large", "sp500") or first in words.LARGE_TICKERS
    fund = derived.fund_for(pair.large if large else pair.small, pair.default)
    if fund is None:
        return None
    return (fund,) if pair.named or fund != pair.default[0] else ()


def _fill_pair(topic: str, clues: _Clues, pair: _Pair) -> tuple[str, ...] | None:
    """The pair named; for holdings, the funds that answer for it (an index holds none)."""
    if topic in _CHATS_PAIR_ONLY:
        return _pair_args(pair) if pair.named and pair.small != pair.large else ()
    if topic not in _HOLDINGS_COMMANDS:
        return _pair_args(pair)
    funds = _fund_pair(pair.small, pair.large, pair.default)
    if funds is None:
        return None
    return funds if pair.named or funds != pair.default else ()


_SLOT_FILLERS = {
    "event": _fill_event, "days": _fill_days, "pct": _fill_pct, "years": _fill_years,
    "window": _fill_window, "ticker": _fill_ticker, "pair": _fill_pair,
}


def _number_text(value: float) -> str:
    """A number as it is typed back: `25`, `-20`, `2.5`, never rounded away; `0`, not `-0`
    ("drops below zero" is a move down to 0)."""
    value = value + 0.0  # -0.0 + 0.0 is 0.0
    text = f"{value:g}"
    return text if float(text) == value else repr(value)


# -- alerts ------------------------------------------------------------------------------------

_OPS_BY_STRENGTH = ("crosses_above", "crosses_below", "<=", ">=", "<", ">", "crosses")


def _alert_args(clues: _Clues, pair: _Pair) -> tuple[str, ...] | None:
    """`METRIC [WINDOW] OP VALUE` as /alert reads it, or None when the question has no
    threshold /alert could hold (an operator without a number, or one out of range)."""
    values = [v for v, unit in clues.numbers]
    if not values:
        return None
    threshold = values[-1]
    if not math.isfinite(threshold) or abs(threshold) > derived.MAX_THRESHOLD:
        return None
    metric = _alert_metric(clues)
    op = next((op for op in _OPS_BY_STRENGTH if op in clues.ops), None)
    if {"<", ">"} <= set(clues.ops) and "crosses" in clues.ops:
        op = "crosses"  # "위로든 아래로든 통과하면": either way
    if op is None and "widens" in clues.ops:
        op = "<" if threshold < 0 else ">"  # widening past -15 is going below it
    if _between_sides(metric, clues):
        return _gap_args(op, threshold, clues, pair)
    op, threshold = _as_move(metric, op, threshold, clues)
    if op is None:
        if metric not in _DRAWDOWN_METRICS:
            return None
        op = "<"  # "down 20% from its high": deeper than -20
    op, threshold = _as_drawdown(metric, op, threshold, "beyond" in clues.ops,
                                 _crossing_said(clues))
    return _rule_args(metric, op, threshold, clues, pair)


def _rule_args(metric: str, op: str, threshold: float, clues: _Clues,
               pair: _Pair) -> tuple[str, ...]:
    """The rule as /alert reads it: the pair only when named and the metric has one."""
    named = pair.named and metric not in _PAIRLESS_METRICS
    return (metric, *_alert_window(metric, clues), *(_pair_args(pair) if named else ()), op,
            _number_text(threshold), *(("once",) if clues.once else ()))


def _between_sides(metric: str, clues: _Clues) -> bool:
    """A move of one side against the other: said "behind" / "ahead of" / "뒤처지면" /
    "앞서면", or a return sized in points (%p, pp): the gap, not either side's return."""
    if metric not in ("gap", "small_ret", "large_ret"):
        return False
    in_points = any(unit in words.GAP_UNITS for _, unit in clues.numbers)
    return clues.relative is not None or (metric != "gap" and in_points)


def _gap_args(op: str | None, threshold: float, clues: _Clues,
              pair: _Pair) -> tuple[str, ...] | None:
    """The gap (small minus large) past the size, on the side the move puts the small
    caps: behind is below minus it (`gap 3m < -5`), ahead above it (`> 5`)."""
    direction = clues.relative or {"down": "behind", "up": "ahead"}.get(clues.move or "")
    if direction is None and "widens" in clues.ops and threshold:
        direction = "behind" if threshold < 0 else "ahead"  # "-15%보다 더 벌어지면"
    if direction is None:
        return None  # points with no direction: no side of the line is safe
    if op in ("crosses", "crosses_above", "crosses_below") and threshold == 0:
        return None
    size = abs(threshold)
    if direction == "behind":
        op, value = ("<=" if op in ("<=", ">=") else "<"), -size
    else:
        op, value = (">=" if op in ("<=", ">=") else ">"), size
    return _rule_args("gap", op, value, clues, pair)


# The yield is the market's, the same for every pair.
_PAIRLESS_METRICS = frozenset({"yield", "yield_chg"})
_DRAWDOWN_METRICS = frozenset({"small_dd", "large_dd", "ratio_dd"})
_MIRRORED = {">": "<", ">=": "<="}


def _crossing_said(clues: _Clues) -> bool:
    """"crosses -30" said as a crossing, not "hits -30" (a depth reached)."""
    return any(phrase.startswith(("cross", "크로스", "교차")) for phrase in clues.phrases)


def _as_drawdown(metric: str, op: str, threshold: float, beyond: bool,
                 crossed: bool = False) -> tuple[str, float]:
    """A drawdown is never above zero: "15% or more below its high" is `<= -15`, and "more
    than -30% off the high" (넘게 밀리면, a word of size) is deeper than -30, `< -30`; "back
    above -10" is a recovery and stays. A depth reached ("hits -20", "-20% 찍으면") is a
    depth passed on the way down: `< -20`."""
    if metric not in _DRAWDOWN_METRICS:
        return op, threshold
    if op == "crosses" and not crossed:  # "crosses -30" said as such stays a crossing
        return "<", -abs(threshold)
    if op == "crosses":
        return op, -abs(threshold)
    if threshold > 0 or (beyond and op in _MIRRORED):
        return _MIRRORED.get(op, op), -abs(threshold)
    return op, threshold


# A return or a change: a move of a size, in the direction its verb says.
_MOVE_METRICS = frozenset({"small_ret", "large_ret", "yield_chg"})
_DOWN_OPS = frozenset({"<", "<=", "crosses_below"})
_UP_OPS = frozenset({">", ">=", "crosses_above"})


def _as_move(metric: str, op: str | None, threshold: float,
             clues: _Clues) -> tuple[str | None, float]:
    """"falls more than 30bp", "down 5%", "30bp 넘게 떨어지면": a fall of that size, below
    minus it (`< -30`, `<= -5`); "10% 오르면", "jumps 20bp": a rise, above it. A level said
    with its own word stays ("falls below 5%", "rises above -5%")."""
    if metric not in _MOVE_METRICS or clues.move is None:
        return op, threshold
    if clues.move == "down":
        if threshold > 0 and clues.level_below:
            return op, threshold  # "falls below 5%": a level
        return (op if op in _DOWN_OPS else _MIRRORED.get(op or "", "<")), -abs(threshold)
    if op in _DOWN_OPS:
        return op, threshold  # a rise said with a word of below: no reading of it is safe
    if op in _UP_OPS:
        return op, threshold if threshold < 0 else abs(threshold)
    return ">", abs(threshold)


def _alert_metric(clues: _Clues) -> str:
    """The first metric whose concepts the question all names (the sides count too)."""
    concepts = clues.tags | {f"side:{s}" for s in clues.sides if s in ("small", "large")}
    if clues.move:
        concepts.add("metric:return")  # "spy down 5%": a move is a return's
    small_named = any(s == "small" or s in words.SMALL_TICKERS for s in clues.sides)
    large_named = any(s in ("large", "sp500") or s in words.LARGE_TICKERS for s in clues.sides)
    if large_named and not small_named:
        # "SPY's 3m return", "S&P 고점 대비 -10%": the large side's own
        concepts |= {"side:large", "side:large_alone"}
    return next(m for m, needs in words.ALERT_METRIC_RULES if needs <= concepts)


def _alert_window(metric: str, clues: _Clues) -> tuple[str, ...]:
    """The window a metric is watched over: the one asked for, else the metric's default,
    written out; none for a metric measured without one (`small_dd` is from the peak of
    all history, so "over the last year" cannot change it)."""
    default = derived.METRIC_DEFAULT_WINDOW[metric]
    if default is None:
        return ()
    if len(clues.window) == 1 and clues.window[0] in PRESETS:
        return clues.window
    if clues.span_code and lookback(clues.span_code):
        return (clues.span_code,)  # `2y`: a look-back /alert reads, not a start date
    return (default,)


# -- follow-ups --------------------------------------------------------------------------------


def _follow_up(previous: Reading, clues: _Clues, default: tuple[str, str],
               lang: Lang) -> Reading | None:
    """A reply to an answer: the same command with the window or a side swapped."""
    command = previous.command
    if command not in _FOLLOWS_UP or previous.confirm:
        return None
    if command == "top":
        return _follow_up_top(clues, default, lang)
    old_window, old_pair, head = _split_args(command, previous.args)
    window = _follow_up_window(command, clues)
    if not window and not clues.sides:
        return None  # nothing this reader can carry over: let the bot show examples
    pair = _follow_up_pair(command, clues, old_pair, default)
    if pair is None:
        return None
    return Reading(command, (*head, *(window or old_window), *pair), lang)


def _follow_up_top(clues: _Clues, default: tuple[str, str], lang: Lang) -> Reading | None:
    """"SPY는?" after /top: the fund named instead."""
    if not clues.sides:
        return None
    named = _resolve_pair(clues.sides[:1], default)
    ticker = named.large if clues.sides[0] in ("large", "sp500") else named.small
    if clues.sides[0] in words.LARGE_TICKERS:
        ticker = clues.sides[0]
    fund = derived.fund_for(ticker, default)
    return Reading("top", (fund,), lang) if fund else None


def _follow_up_window(command: str, clues: _Clues) -> tuple[str, ...]:
    """The new window, in the words the command takes: years for /odds."""
    slots = _slots(command) or ()
    if "years" in slots:
        return _years_args(clues)
    return clues.window if "window" in slots else ()


def _follow_up_pair(command: str, clues: _Clues, old_pair: tuple[str, ...],
                    default: tuple[str, str]) -> tuple[str, ...] | None:
    """The pair after the sides the reply names (the previous one when it names none);
    None when holdings are asked of a pair no two funds answer for."""
    if not clues.sides:
        return old_pair
    new = _resolve_pair(clues.sides, old_pair or default)  # type: ignore[arg-type]
    pair: tuple[str, ...] = (new.small, new.large) if new.named or old_pair else ()
    if pair and command in _HOLDINGS_COMMANDS:
        return _fund_pair(new.small, new.large, default)
    return pair


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


# -- reading a question ------------------------------------------------------------------------


def read_question(
    text: str, *, today: date, default_pair: tuple[str, str], previous: Reading | None = None,
) -> Reading | None:
    """The command answering `text`, or None when the reader does not understand it."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_QUESTION:
        return None
    reading, vetoed = _read(text, today, default_pair, previous)
    if reading is not None or not vetoed:
        return reading
    # "여보 오늘 저녁 뭐 먹을래? 그리고 봇아 … 소형주 올해 S&P보다 얼마나 못했는지 알려줘":
    # a word of dinner vetoes the whole message; a sentence of its own may still ask us.
    for sentence in _SENTENCE_END.split(text):
        if sentence.strip() and sentence.strip() != text.strip():
            reading, _ = _read(sentence, today, default_pair, previous)
            if reading is not None:
                return reading
    return None


# Where one sentence ends and another begins, or a second question joins the first.
_SENTENCE_END = re.compile(r"(?<=[?!.])\s+|\n+|\s+그리고\s+|\s+and also\s+")


def _read(text: str, today: date, default_pair: tuple[str, str],
          previous: Reading | None) -> tuple[Reading | None, bool]:
    """The reading of `text`, and whether a word of something else vetoed it whole."""
    lang: Lang = "ko" if _HANGUL.search(text) else "en"
    original = _clean(text)
    normalised = _normalise(original)
    if _TO_OTHERS.search(normalised) and not _TO_THE_BOT.search(normalised):
        return None, False  # said to someone else, or to everyone: not asked of the bot
    clues = _gather(original, normalised, today)
    setting = _setting_reading(normalised, clues, lang, default_pair)
    if setting is not None:
        return setting, False
    if clues.impossible:
        return None, False
    if "offtopic" in clues.tags or _not_for_us(clues, _normalise(text)):
        return None, True
    proposal = _proposal_reading(clues, normalised, today, lang, default_pair)
    if proposal is not None:
        return proposal, False
    if not clues.topics and previous is not None:
        return _follow_up(previous, clues, default_pair, lang), False
    topics = _topics(clues, normalised)
    if not topics:
        return None, False
    return _best_reading(topics, clues, _resolve_pair(clues.sides, default_pair), lang), False


def _setting_reading(normalised: str, clues: _Clues, lang: Lang,
                     default_pair: tuple[str, str]) -> Reading | None:
    """A change to the chat asked in words is proposed, never made by a question; `/tz`
    alone shows the zone."""
    setting = read_setting(normalised,
                           [side for side in clues.sides if side not in _SIDE_OF],
                           default_pair, words.LARGE_TICKERS)
    if setting is None:
        return None
    command, args = setting
    return Reading(command, args, lang, confirm=bool(args))


def _proposal_reading(clues: _Clues, text: str, today: date, lang: Lang,
                      default: tuple[str, str]) -> Reading | None:
    """A call or an alert asked for: what a tap makes, never a question's answer."""
    return (_call_reading(clues, text, today, lang, default)
            or _alert_reading(clues, lang, default))


def _call_reading(clues: _Clues, text: str, today: date, lang: Lang,
                  default: tuple[str, str]) -> Reading | None:
    """"I bet small caps beat SPY by 5pp by June": a call, proposed for its maker's tap."""
    if not (_about_market(clues) or clues.tags & _WATCHED) or not calls.BET.search(text):
        return None
    pair = _resolve_pair(clues.sides, default)
    sides = {_SIDE_OF.get(side, "small" if side in words.SMALL_TICKERS else "large")
             for side in clues.sides}
    odds = calls.probability(text)
    numbers = [value for value, _ in clues.numbers]
    if odds is not None and float(odds) in numbers:
        numbers.remove(float(odds))  # "70% sure" is the caller's odds, not the claim
    args = calls.call_args(text, today, sides, numbers,
                           (pair.small, pair.large) if pair.named else None)
    return Reading("call", tuple(args), lang, confirm=True) if args else None


def _alert_reading(clues: _Clues, lang: Lang, default: tuple[str, str]) -> Reading | None:
    """"Tell me when …" with a comparison and a number, on something the bot watches: a
    rule, proposed for a tap."""
    if "alert_intent" not in clues.tags or not clues.numbers:
        return None
    if not (clues.ops or clues.move or clues.relative) and "metric:drawdown" not in clues.tags:
        return None  # a depth from the high needs no direction: it only gets deeper
    if not (_about_market(clues) or clues.tags & _WATCHED):
        return None
    args = _alert_args(clues, _resolve_pair(clues.sides, default))
    return Reading("alert", args, lang, confirm=True) if args else None


# What an alert can watch, named without a side: these words are the bot's own metrics
# (a change, a return or a P/E alone could be anyone's: "per gallon", "my returns").
_WATCHED = frozenset({
    "metric:discount", "metric:spread", "metric:zscore", "metric:yield", "metric:drawdown",
    "metric:ratio", "metric:gap",
})
_MARKET_TOPICS = frozenset({"gap", "valuation", "sectors", "top", "rates", "drawdown", "event",
                            "odds", "mix"})


def _about_market(clues: _Clues) -> bool:
    """Whether anything names the market: an index, a fund, small vs large, a valuation,
    the yield, a market event. A name that is also a person's needs another clue; an
    event that is also everyday life needs an event window ("30 days after covid")."""
    if clues.anchored or _elliptical(clues) or (clues.sessions and clues.dated):
        return True
    if clues.weak_side and (clues.topics or clues.window):
        return True
    return clues.everyday_event and clues.days is not None


_FILLER = frozenset(words.FILLER_WORDS)
_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")


def _elliptical(clues: _Clues) -> bool:
    """A short question made only of the bot's own words ("still under water?", "whats the
    underperformance since inception?"): asked of the bot, it is about the market; a
    word of anything else ("our basement was under water") makes it someone's life."""
    if not clues.topics or not _QUESTION_CUE.search(clues.said):
        return False
    unread = _WORD.findall(clues.unread)
    return len(clues.said.split()) <= 10 and all(w in _FILLER for w in unread)


_CUES = {
    "alerts": re.compile(words.LIST_CUE),
    "status": re.compile(words.STATUS_CUE),
    "pair": re.compile(words.PAIR_CUE),
    "help": re.compile(r"\bbot\b|봇|\byou\b|너"),
}
_BARE_META = frozenset(w.rstrip("*") for w in words.BARE_META)
_ALERT_NOUN = re.compile(words.ALERT_NOUN)
_OTHER_ALERT_NOUN = re.compile(words.OTHER_ALERT_NOUN)
_OUR_ALERT_NOUN = re.compile(r"\balerts?\b|알림")
_ALERTS_OF_OURS = re.compile(words.ALERTS_OF_OURS)
_NOT_OUR_ALERTS = re.compile(words.NOT_OUR_ALERTS)
_EVENT_NOUN = re.compile(words.EVENT_NOUN)
_SOURCE_TROUBLE = re.compile(words.SOURCE_TROUBLE)
_EXCLUDING = re.compile(words.EXCLUDING)
_PRIVATE_VALUATION = re.compile(words.PRIVATE_VALUATION)
# events one goes to ("what other events are you going to"), not the market's
_GOING_TO = re.compile(r"\b(?:are|were|will) you (?:going|attending|go)\b|\byou(?:'re| are) "
                       r"(?:going|attending)\b|\bgoing to this\b|갈 ?거|가는 ?(?:이벤트|행사)|참석")
_PAIR_ASKED = re.compile(words.PAIR_ASKED)
_EVENT_LIST_CUE = re.compile(words.EVENT_LIST_CUE)
_EVENTS_ASKED = re.compile(words.EVENTS_ASKED)


def _topics(clues: _Clues, text: str) -> Counter[str]:
    """The topics' scores, with the evidence a question is about the market: without it,
    no market family is read (a span of time, a date or a ticker nobody knows is never
    enough); with it, a side alone asks how small did against large."""
    topics = Counter(clues.topics)
    if not _about_market(clues):
        for topic in _MARKET_TOPICS:
            topics.pop(topic, None)
    elif not topics and _pair_asked(clues, text):
        topics["gap"] = 1
    _weigh_market_topics(topics, clues, text)
    _weigh_bot_topics(topics, clues, text)
    return +topics


def _pair_asked(clues: _Clues, text: str) -> bool:
    """Nothing but a side ("IWM?") or "since an event" ("해방의날 이후로 치면 어케됨?") asked:
    how small did against large. Tickers of no fund or index we know ("NVDA and TSLA are
    the whole market") are no side without a word of comparing them."""
    known = [s for s in clues.sides if s in _SIDE_OF or s in _KNOWN_TICKERS]
    if known and not clues.remark and _side_asked(clues, text):
        return True
    return bool(clues.event_start and _QUESTION_CUE.search(text))


_KNOWN_TICKERS = (words.SMALL_TICKERS | words.LARGE_TICKERS
                  | {tag.split(":", 1)[1] for tag in words.TICKER_WORDS})


def _weigh_market_topics(topics: Counter[str], clues: _Clues, text: str) -> None:
    """What the question's shape says beyond its words."""
    if clues.dated and clues.sessions and clues.days and len(clues.window) == 1:
        # "2024년 8월 5일 급락 이후 15 거래일", "starting 18 December 2024, over the following
        # 10 trading days": the days after a day, /event's own question
        topics["event"] += 5
    if ("valuation" in topics and "gap" in topics and not clues.window
            and _VALUATION_NOUN.search(text)):
        topics["valuation"] += 2  # "P/E spread vs the S&P": the comparison is of the P/Es


def _side_asked(clues: _Clues, text: str) -> bool:
    """A side named with nothing else is a question when it is short ("IWM?", "러셀 3년"),
    has a window or a comparison, or asks something; "나스닥 오늘 불기둥 미쳤다" is a remark."""
    short = 2 if _HANGUL.search(text) else 3  # "러셀 3년", "russell 2000 today"
    return (len(text.split()) <= short or bool(clues.window) or bool(clues.weak_topics)
            or bool(_QUESTION_CUE.search(text)))


def _weigh_bot_topics(topics: Counter[str], clues: _Clues, text: str) -> None:
    """The topics about the bot itself (its events, alerts, data, pair, help): each needs
    a cue that it is asked of the bot, besides a word with an everyday sense."""
    if _EVENT_NOUN.search(text) and _EVENT_LIST_CUE.search(text):
        topics["events"] += 3
        if _EXCLUDING.search(text):
            topics.pop("event", None)  # "리먼 말고 또 뭐 있어": the others asked for
    if _alerts_named(text) and _CUES["alerts"].search(text) and not clues.numbers:
        topics["alerts"] += 3
    if _SOURCE_TROUBLE.search(text) and not _about_market(clues):
        topics["status"] += 3
    if _PAIR_ASKED.search(text):
        topics["pair"] += 3
    for topic, cue in _CUES.items():
        if topic in topics and _bare(topic, clues) and not _has_cue(topic, cue, text):
            del topics[topic]
    _drop_not_asked_of_us(topics, clues, text)


def _alerts_named(text: str) -> bool:
    """The chat's alerts named: as alerts, or as reminders / alarms / notifications set up
    with the bot (not a phone's: "what reminders do I have on my phone")."""
    if _NOT_OUR_ALERTS.search(text) and not _OUR_ALERT_NOUN.search(text):
        return False  # "내 폰에 설정한 알람": a phone's alarm
    return bool(_ALERT_NOUN.search(text)
                or (_OTHER_ALERT_NOUN.search(text) and _ALERTS_OF_OURS.search(text)))


def _drop_not_asked_of_us(topics: Counter[str], clues: _Clues, text: str) -> None:
    """The bot's events, or whether a close is in the figures, asked of something else."""
    if "events" in topics and (not (_about_market(clues) or _EVENTS_ASKED.search(text))
                               or _GOING_TO.search(text)):
        del topics["events"]  # "무슨 이벤트 있어?" of a weekend: not the bot's events
    if "status" in topics and _close_only(clues) and not _CLOSE_OF_OURS.search(text):
        del topics["status"]  # "애플 종가 반영됐나": a price the bot does not show


_CLOSE_IN = frozenset(words.CLOSE_IN)
_CLOSE_OF_OURS = re.compile(words.CLOSE_OF_OURS)


def _close_only(clues: _Clues) -> bool:
    """Whether /status was named only by asking if a day's close is in the figures."""
    named = [p for p in clues.phrases if "topic:status" in _ENTRIES[_key(p)][1]]
    return bool(named) and all(p in _CLOSE_IN for p in named)


def _bare(topic: str, clues: _Clues) -> bool:
    """Whether a topic about the bot was named only by words with everyday senses."""
    tag = f"topic:{topic}"
    named = [p for p in clues.phrases if tag in _ENTRIES[_key(p)][1]]
    return all(p in _BARE_META for p in named)


def _has_cue(topic: str, cue: re.Pattern[str], text: str) -> bool:
    if topic == "help" and len(text.split()) <= 3:
        return True  # "help", "도움말 좀": said to the bot
    return bool(cue.search(text))


def _best_reading(topics: Counter[str], clues: _Clues, pair: _Pair, lang: Lang
                  ) -> Reading | None:
    """The best-scored topic whose command the question can fill, with a close second
    offered as its alternative."""
    basis = next((tag[6:] for tag in sorted(clues.tags) if tag.startswith("basis:")), None)
    ranked = sorted(topics.items(), key=lambda kv: (-kv[1], _rank(kv[0])))
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


# Latin words of no language: the tickers and index names the reader knows, "vs", windows.
_NEUTRAL_WORDS = frozenset(
    phrase for table in (words.TICKER_WORDS, words.SIDE_WORDS) for tag, phrases in table.items()
    if not tag.startswith("side:") for phrase in phrases
    if " " not in phrase and not _HANGUL.search(phrase)
) | {"vs", "v", "russell", "r2k", "ytd", "max", "mtd", *(t.lower() for t in words.SMALL_TICKERS
                                                      | words.LARGE_TICKERS)}
_LATIN_WORD = re.compile(r"\^?[a-z0-9&]*[a-z][a-z0-9&]*")
_WINDOW_TOKEN = re.compile(r"\d+(?:d|w|m|y|mo|yr|yrs)")


# Tickers or a window ("IWM?", "3y"): a follow-up, in the conversation's language. Emoji
# alone name nothing.
_NAMES_SOMETHING = re.compile(r"[A-Za-z0-9]")


def answer_language(text: str, *, chosen: str | None, followed: str | None,
                    fallback: str) -> str:
    """The language a question is answered in: the chat's choice (`/lang`), else the
    question's own, else, for tickers or a window only, the language of the answer it
    follows (`followed`), else `fallback` (the user's or the locale's)."""
    own = language_of(text)
    if chosen or own:
        return chosen or own
    if followed and _NAMES_SOMETHING.search(text):
        return followed
    return fallback


def language_of(text: str) -> Lang | None:
    """The language a text is written in, as the reader tells it: Hangul is Korean, Latin
    words English; None when it has neither (emoji, digits, punctuation), or when its only
    Latin words are tickers, index names, windows or "vs" ("IWM?", "QQQ 5y"): a follow-up
    in any conversation's language."""
    if _HANGUL.search(text):
        return "ko"
    latin = _LATIN_WORD.findall(text.lower())
    if all(w in _NEUTRAL_WORDS or _WINDOW_TOKEN.fullmatch(w) for w in latin):
        return None
    return "en"
