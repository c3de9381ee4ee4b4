"""A call said in words ("I bet small caps beat SPY by 5pp by June", "러셀이 1년 안에 S&P
10%p 이긴다에 건다") as the `/call` it proposes: a bet word, a claim the data can settle
and when it comes due. Without all three it is no call (a bet on a match, a hope).

The reader (bot/questions/reader.py) gives the sides and numbers it read; this module
reads the claim's direction, its horizon and the caller's own odds from the text.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.questions import words

BET = re.compile(
    r"\bi(?:'ll| will|'d)? bet\b|\bbet you\b|\bbetting\b|\bcalling it\b|\bmy call\b"
    r"|\bi predict\b|\bmark my words\b|\bmy prediction\b|\bi(?:'m| am) calling\b"
    r"|\bwanna bet\b|\bwant to bet\b|\bi(?:'m| am) (?:sure|certain|confident) (?:that )?"
    r"|건다|걸게|걸어 ?본다|걸겠|내기|장담|예언|예측한다|확신한다|찍는다|무조건")
_AHEAD = re.compile(r"\bbeat|\boutperform|\bahead of\b|\bovertake|\bcatch up\b"
                    r"|이긴|이길|이긴다|앞선|앞설|앞서|아웃퍼폼|따라잡")
_BEHIND = re.compile(r"\blag|\btrail|\bunderperform|\bbehind\b|\blose to\b"
                     r"|뒤진|뒤처|뒤질|뒤쳐|언더퍼폼|밀린|밀릴|진다")
_UP = re.compile(r"\bup\b|\brise|\brally|\bgain|\bclimb|\bhit\b|\breach|\bsurge"
                 r"|오른|오를|간다|갈 ?거|상승|뛴|뛸")
_DOWN = re.compile(r"\bdown\b|\bfall|\bdrop|\bsink|\bcrash|\blose\b"
                   r"|빠진|빠질|떨어|하락|폭락")
_DISCOUNT = re.compile(r"\bdiscount\b|할인|디스카운트")
_NARROWS = re.compile(r"\bclose[sd]?\b|\bnarrow|\bshrink|\bbelow\b|\bunder\b|\bless than\b"
                      r"|좁혀|줄어|밑|아래|미만|축소")
_SURE = re.compile(r"(?P<a>\d{1,2})\s*%\s*(?:sure|confident|chance|odds|likely|확률|확신)"
                   r"|(?:확률|가능성|odds)\s*(?P<b>\d{1,2})\s*%")
_WITHIN = re.compile(r"\b(?:in|within|over the next|inside|in the next)\s+(?:(?P<n>\d{1,2})|a|one)"
                     r"\s+(?P<unit>year|month|week)s?\b"
                     r"|(?P<kn>\d{1,2})\s*(?P<kunit>년|개월|달|주)\s*(?:안에|내에|내|뒤|후|만에|이내)")
_YEAR_END = re.compile(r"\bby (?:the )?(?:end of (?:the |this )?year|year[\s-]?end|eoy)\b"
                       r"|연말까지|올해 ?말까지|연말에|올해 안에")
_NEXT_YEAR_END = re.compile(r"\bby (?:the )?end of next year\b|내년 ?말까지|내년 ?연말까지")
_BY_MONTH = re.compile(rf"\bby (?:the )?(?:end of )?(?P<mon>{'|'.join(words.MONTHS)})\b"
                       r"|(?P<kmon>\d{1,2})\s*월\s*(?:말)?\s*까지")
_BY_DATE = re.compile(r"\bby (?P<d>\d{4}-\d{2}-\d{2})\b|(?P<kd>\d{4}-\d{2}-\d{2})\s*까지")
_UNIT_CODES = {"y": "y", "m": "m", "w": "w", "년": "y", "개": "m", "달": "m", "주": "w"}
MIN_DAYS = 7  # a horizon nearer than this is next year's ("by December" said on 28 Dec)


def probability(text: str) -> int | None:
    """The caller's own odds ("70% sure", "확률 70%"), in whole percent."""
    match = _SURE.search(text)
    return int(match["a"] or match["b"]) if match else None


def horizon(text: str, today: date) -> str | None:
    """When the call comes due, as /call writes it (`6m`, `1y`, a date), or None."""
    match = _BY_DATE.search(text)
    if match:
        return match["d"] or match["kd"]
    match = _WITHIN.search(text)
    if match:
        count = int(match["n"] or match["kn"] or 1)
        return f"{count}{_UNIT_CODES[(match['unit'] or match['kunit'])[0]]}"
    if _NEXT_YEAR_END.search(text):
        return date(today.year + 1, 12, 31).isoformat()
    if _YEAR_END.search(text):
        return _ahead(date(today.year, 12, 31), today).isoformat()
    match = _BY_MONTH.search(text)
    if match:
        month = words.MONTHS[match["mon"]] if match["mon"] else int(match["kmon"])
        if 1 <= month <= 12:
            last = date(today.year, month, calendar.monthrange(today.year, month)[1])
            return _ahead(last, today).isoformat()
    return None


def _ahead(day: date, today: date) -> date:
    """`day`, or the same day a year on when it is too near or past."""
    if day - today >= timedelta(days=MIN_DAYS):
        return day
    return date(day.year + 1, day.month, calendar.monthrange(day.year + 1, day.month)[1])


def claim(text: str, sides: set[str], numbers: list[float]) -> tuple[str, str, float] | None:
    """(metric, operator, threshold) of the claim: the discount's level, small against
    large, or one side's return; None when the text claims none of them."""
    value = abs(numbers[0]) if numbers else 0.0
    if _DISCOUNT.search(text):
        if not numbers:
            return None
        return ("pe_discount", "<" if _NARROWS.search(text) else ">", value)
    if _BEHIND.search(text):
        return ("gap", "<", -value)
    if _AHEAD.search(text):
        return ("gap", ">", value)
    side = "small_ret" if "small" in sides else "large_ret" if "large" in sides else None
    if side is None or not numbers:
        return None
    if _DOWN.search(text):
        return (side, "<", -value)
    if _UP.search(text):
        return (side, ">", value)
    return None


def call_args(text: str, today: date, sides: set[str], numbers: list[float],
              pair: tuple[str, str] | None) -> list[str] | None:
    """The `/call` words of a call said in `text` (normalised), or None."""
    if not BET.search(text):
        return None
    due = horizon(text, today)
    said = claim(text, sides, numbers)
    if due is None or said is None:
        return None
    metric, op, threshold = said
    args = [metric, *(pair or ()), op, f"{threshold:g}", "by", due]
    odds = probability(text)
    if odds is not None and 0 < odds < 100:
        args.append(f"{odds}%")
    return args
