"""Korean particles chosen from how the word before them is read aloud.

Korean writes 가 after a vowel and 이 after a consonant (는/은, 를/을, 와/과, 로/으로...).
Software that cannot tell writes both, `VTWO이(가)`, which no Korean writer would.
Templates name the particle as a format spec, `{small:이}`, and `particle_formatter`
appends the right form for the value: `VTWO가`, `IWM이`, `^RUT은`, `3년이` (`{arg:~을}`
writes the particle alone, after a value already written inside a tag).

How a value is read: a Hangul syllable by its final consonant (batchim); Latin letters
by their Korean names (M 엠, L 엘, N 엔, R 알 end in a consonant; O 오, Y 와이 do not);
a number by its last spoken unit (10 십, 100 백, 1,000 천, 2.5 오); a unit by its
spoken name (% 퍼센트, %p 퍼센트포인트, bp 비피); an ISO date as a date (… 2 일).
"""

from __future__ import annotations

import html
import re
import string

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the 28 final-consonant slots

# Pairs (after a consonant, after a vowel). Either form may be written in a template.
_PAIRS = (
    ("이", "가"), ("은", "는"), ("을", "를"), ("과", "와"), ("으로", "로"),
    ("이나", "나"), ("이라", "라"), ("이라는", "라는"), ("이랑", "랑"), ("아", "야"),
    ("이에요", "예요"), ("이면", "면"), ("이고", "고"), ("이며", "며"),
)
_PARTICLES = {form: pair for pair in _PAIRS for form in pair}

# Final sound of each Latin letter's Korean name: None for a vowel, "ㄹ" or "other".
_LETTER_ENDS = {letter: None for letter in "ABCDEFGHIJKOPQSTUVWXYZ"}
_LETTER_ENDS.update({"L": "ㄹ", "R": "ㄹ", "M": "other", "N": "other"})
# Digits as read alone (일 이 삼 ...): 0 영, 3 삼, 6 육 end in a consonant, 1 7 8 in ㄹ.
_DIGIT_ENDS = {"0": "other", "1": "ㄹ", "2": None, "3": "other", "4": None, "5": None,
               "6": "other", "7": "ㄹ", "8": "ㄹ", "9": None}
# Names read aloud as words rather than letters.
_SPOKEN_NAMES = {
    "^RUT": "러셀 2000",    # 이천: ends in ㄴ
    "^GSPC": "S&P 500",          # 오백: ends in ㄱ
    "^TNX": "10년물",
    "^IRX": "3개월물",
}
# Units that follow numbers, by how they are spoken.
_UNIT_ENDS = {"%": None, "%p": None, "pp": None, "bp": None, "x": None, "×": None}

_TAG = re.compile(r"<[^>]*>")
_TRAILING_NOISE = " \t\n)]}\"'’”»›.,:;!?·…"
_NUMBER_AT_END = re.compile(r"(\d[\d,]*)(?:\.(\d+))?$")
_ISO_DATE_AT_END = re.compile(r"\d{4}-\d{2}-\d{2}$")
_VOWELS = set("aeiouy")


def _syllable_end(char: str) -> str | None:
    final = (ord(char) - _HANGUL_FIRST) % 28
    if final == 0:
        return None
    return "ㄹ" if final == _RIEUL else "other"


def _number_end(integer: str, decimals: str | None) -> str | None:
    """The final sound of a number read in Sino-Korean: 2.5 오, 10 십, 300 삼백, 2,000 이천."""
    if decimals:
        return _DIGIT_ENDS[decimals[-1]]
    digits = integer.replace(",", "")
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    if not stripped:  # "0"
        return "other"
    if zeros == 0:
        return _DIGIT_ENDS[digits[-1]]
    # 십 백 천 만 ... 억 all end in a consonant; only 조 (10^12) does not.
    return "other" if zeros < 12 else None


def _word_end(word: str) -> str | None:
    """Lower-case English words (rare in our text): a consonant close sounds as batchim."""
    if word.endswith(("l",)):
        return "ㄹ"
    if word.endswith(("m", "n", "ng", "k", "p", "b")):
        return "other"
    return None


def final_sound(text: str) -> str | None:
    """None when the visible text ends in a vowel sound, "ㄹ" for ㄹ, "other" for another
    consonant. HTML tags and entities are what a reader never sees, so they are ignored."""
    visible = html.unescape(_TAG.sub("", str(text))).rstrip(_TRAILING_NOISE)
    if not visible:
        return None
    for name, spoken in _SPOKEN_NAMES.items():
        if visible.endswith(name):
            visible = spoken
            break
    last = visible[-1]
    if _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        return _syllable_end(last)
    if _ISO_DATE_AT_END.search(visible):
        return "ㄹ"  # 2025-04-02 is read as a date: 이천이십오 년 사월 이 일
    for unit, end in _UNIT_ENDS.items():
        head = visible[: -len(unit)].rstrip()
        if visible.endswith(unit) and head and head[-1].isdigit():
            return end
    number = _NUMBER_AT_END.search(visible)
    if number:
        return _number_end(number.group(1), number.group(2))
    if last.isascii() and last.isalpha():
        tail = re.search(r"[A-Za-z]+$", visible).group(0)
        if last.isupper() or not _VOWELS.intersection(tail.lower()):
            # Capitals, or letters no word is made of (`svb`, `xlk`): read one by one.
            return _LETTER_ENDS[last.upper()]
        return _word_end(tail.lower())
    return None


def particle(text: str, form: str) -> str:
    """The form of particle `form` (any of its two spellings) that follows `text`."""
    after_consonant, after_vowel = _PARTICLES[form]
    end = final_sound(text)
    if end is None:
        return after_vowel
    if end == "ㄹ" and after_consonant == "으로":
        return after_vowel  # 서울로, 1년물로: ㄹ takes 로
    return after_consonant


def with_particle(text: str, form: str) -> str:
    return f"{text}{particle(text, form)}"


class ParticleFormatter(string.Formatter):
    """str.format, plus `{name:이}`: the value followed by the particle that fits it, and
    `{name:~이}`: the particle alone, for a value the template has already written
    inside a tag (`<code>{arg}</code>{arg:~을}`)."""

    def format_field(self, value, format_spec: str):
        if format_spec in _PARTICLES:
            return with_particle(str(value), format_spec)
        if format_spec.startswith("~") and format_spec[1:] in _PARTICLES:
            return particle(str(value), format_spec[1:])
        return super().format_field(value, format_spec)


particle_formatter = ParticleFormatter()

# What software writes when it cannot choose: 이(가), (은)는, 을(를), (으)로 ...
BOTH_WAYS = re.compile(r"\((?:이|가|은|는|을|를|와|과|으)\)")
