"""Numbers said in words, written as digits for the readers of thresholds, shares and spans:
"minus fifteen percent" → "minus 15 percent", "four and a half percent" → "4.5 percent",
"crosses two" → "crosses 2", "사십 퍼센트" → "40 퍼센트", "다섯 포인트" → "5 포인트",
"육십일" → "60일".

A number word is converted only where it is a quantity: before a unit (percent, points,
days, years, 퍼센트, 포인트, 일, 개월, 년) or, in English, after a word of comparison
("below twenty", "crosses two"). "One-time", "at one point", "오일" (oil) and "이" the
particle are left alone.
"""

from __future__ import annotations

import re

_UNITS_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_DIGITS_EN = {**{k: v for k, v in _UNITS_EN.items() if v < 10}, "zero": 0, "oh": 0}


def _alternation(names) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_UNIT = _alternation(_UNITS_EN)
_TEN = _alternation(_TENS_EN)
_DIGIT = _alternation(_DIGITS_EN)


def _number_en(group: str) -> str:
    """An English number, its parts named with the suffix `group` (the pattern has two)."""
    return (rf"(?:(?P<tens{group}>{_TEN})(?:[\s-](?P<unit{group}>{_UNIT}))?"
            rf"|(?P<alone{group}>{_UNIT})|(?P<hundred{group}>a|one)\s+hundred)"
            rf"(?:\s+and\s+a\s+(?P<half{group}>half)"
            rf"|\s+point\s+(?P<decimals{group}>(?:{_DIGIT})(?:\s+(?:{_DIGIT}))*)\b)?")


_QUANTITY_AFTER = (r"\s*(?:%|percent|per\s?cent|pct|percentage points?|points?|pp|bps?"
                   r"|basis points?|sigmas?|standard deviations?|turns|times|x\b"
                   r"|trading days|days?|weeks?|months?|years?|yrs?|mos?|wks?)")
# Words after which a number is a threshold: "below twenty", "crosses two", "minus ten".
_COMPARISON_BEFORE = (r"(?:minus|negative|below|above|under|over|exceeds?|exceeding|reaches"
                      r"|hits|past|than|crosses|crossing|cross|to|at|beyond|tops)\s+")
# "at one point", "one time": no number ("one point five" is 1.5)
_NO_QUANTITY = rf"(?!one\s+(?:point\b(?!\s+(?:{_DIGIT})\b)|time\b))"
_ENGLISH = re.compile(
    rf"(?<![\w-])(?P<before>{_COMPARISON_BEFORE}){_NO_QUANTITY}"
    rf"(?P<number1>{_number_en('1')})(?![\w-])"
    rf"|(?<![\w-]){_NO_QUANTITY}(?P<number>{_number_en('')})(?={_QUANTITY_AFTER}(?![a-z]))")


def _english_value(match: re.Match[str], group: str) -> float | None:
    tens, unit, alone = (match[g + group] for g in ("tens", "unit", "alone"))
    value = (_TENS_EN.get(tens or "", 0) + _UNITS_EN.get(unit or "", 0)
             + _UNITS_EN.get(alone or "", 0))
    if match["hundred" + group]:
        value = 100
    if match["half" + group]:
        return value + 0.5
    if match["decimals" + group]:
        digits = "".join(str(_DIGITS_EN[d]) for d in match["decimals" + group].split())
        return float(f"{value}.{digits}")
    return value


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# -- Korean --------------------------------------------------------------------------------------

_SINO = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_NATIVE = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5,
           "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
_NATIVE_TENS = {"열": 10, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50}
_SINO_DIGIT = "[일이삼사오육칠팔구]"
# A Sino-Korean number: 사십, 십오, 육십, 이십오, 백 (tens with or without units).
_SINO_NUMBER = rf"(?P<sino>백|{_SINO_DIGIT}?십{_SINO_DIGIT}?|{_SINO_DIGIT})"
_NATIVE_NUMBER = (rf"(?P<native>(?:{_alternation(_NATIVE_TENS)})(?:{_alternation(_NATIVE)})?"
                  rf"|(?:{_alternation(_NATIVE)}))")
# Units after a Korean number; a day count (일) only with a ten in it ("육십일", not "오일").
_KO_UNIT = (r"\s*(?:퍼센트|프로|%|포인트|%p|bp|배|시그마|거래일"
            # a span's unit, not the start of a word ("이 주식", "이달": this stock, this month)
            r"|(?:주일|개월|달|년|주)(?=간|동안|째|전|후|만|치|새|사이|으로|로|이|은|을|도|\s|$|[^가-힣]))")
_KOREAN = re.compile(
    # days first: 구십일 is 90 days, not 91
    rf"(?<![가-힣])(?P<sino_days>{_SINO_DIGIT}?십{_SINO_DIGIT}?)(?=\s*일(?:간|동안|치|\s|$|정도))|"
    # a number with a ten in it stands alone too ("소형주 삼십 대형주 칠십", "마이너스 이십
    # 밑으로"), but not an age or a count of people (삼십대, 이십세, 십분)
    rf"(?<![가-힣])(?P<sino_tens>{_SINO_DIGIT}?십{_SINO_DIGIT}?)"
    rf"(?=\s|으로|로|,|\.|$|%|이면|이상|이하|밑|아래|위|넘|퍼)"
    rf"|(?<![가-힣])(?!이\s*(?:달|주))"
    rf"{_SINO_NUMBER}(?:\s*점\s*(?P<sino_decimal>{_SINO_DIGIT}))?(?={_KO_UNIT})"
    # a single digit after 마이너스: "마이너스 이 아래로"
    rf"|(?<=마이너스 )(?P<minus>{_SINO_DIGIT})(?![가-힣])"
    rf"|(?<=마이너스)(?P<minus2>{_SINO_DIGIT})(?![가-힣])"
    # years in native words: 두 해, 세 해 (작년 한 해 is the calendar year's own phrase)
    rf"|(?<![가-힣])(?P<years>두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*해(?=\s|동안|간|$)"
    # a fraction: 오분의 일, 삼분의 이
    rf"|(?<![가-힣])(?P<whole>{_SINO_DIGIT}|십)(?=\s*분의)"
    rf"|(?<=분의)(?P<part>\s*{_SINO_DIGIT})(?=(?:을|를|은|는|로|으로|만|씩)?(?![가-힣]))"

    rf"|(?<![가-힣]){_NATIVE_NUMBER}(?=\s*(?:포인트|퍼센트|프로|배)(?![가-힣]))")


def _sino_value(text: str) -> int:
    if text == "백":
        return 100
    if "십" not in text:
        return _SINO[text]
    tens, _, units = text.partition("십")
    return _SINO.get(tens, 1) * 10 + _SINO.get(units, 0)


def _native_value(text: str) -> int:
    for name, ten in sorted(_NATIVE_TENS.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(name):
            return ten + _NATIVE.get(text[len(name):], 0)
    return _NATIVE[text]


# Days counted in native words: 이틀, 사흘, 닷새, 열흘, 보름.
_NATIVE_DAYS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
                "여드레": 8, "아흐레": 9, "열흘": 10, "보름": 15}
_DAYS = re.compile(rf"(?<![가-힣])(?P<days>{_alternation(_NATIVE_DAYS)})(?=\s|간|동안|$|,|\?)")


def _korean(match: re.Match[str]) -> str:
    if match["minus"] or match["minus2"]:
        return str(_SINO[match["minus"] or match["minus2"]])
    if match["years"]:
        return f"{_NATIVE[match['years']]}년"
    if match["sino_tens"]:
        return str(_sino_value(match["sino_tens"]))
    if match["whole"]:
        return str(_sino_value(match["whole"]))
    if match["part"]:
        return str(_sino_value(match["part"].strip()))
    if match["native"]:
        return str(_native_value(match["native"]))
    if match["sino_days"]:
        return str(_sino_value(match["sino_days"]))
    value = str(_sino_value(match["sino"]))
    if match["sino_decimal"]:
        value += f".{_SINO[match['sino_decimal']]}"
    return value


def _english(match: re.Match[str]) -> str:
    if match["number1"]:
        return match["before"] + _format(_english_value(match, "1"))
    return _format(_english_value(match, ""))


# "a twenty/eighty split", "sixty-forty": two numbers said as a ratio.
_PAIR_EN = re.compile(rf"(?<![\w-])(?P<a>{_TEN}|{_UNIT})\s*(?:/|-|\bto\b)\s*(?P<b>{_TEN}|{_UNIT})"
                      # a portfolio's split ("a twenty/eighty small/large split"), not a rule
                      r"(?![\w-])(?=\s+(?:[a-z/]+\s+){0,2}(?:split|mix|blend|portfolio|allocation))")
# "one day small caps will outperform": someday, not a one-day window
_ONE_DAY = re.compile(r"(?<![\w-])(?<!last )(?<!past )(?<!over )(?<!the )(?<!in )(?<!within )"
                      r"one day\b")


def _pair_en(match: re.Match[str]) -> str:
    a, b = (_TENS_EN.get(x) or _UNITS_EN[x] for x in (match["a"], match["b"]))
    if a + b != 100:
        return match.group()  # "twenty-five", "one to two": no split
    return f"{a}/{b}"


def numerals_as_digits(text: str) -> str:
    """`text` (lower case) with its quantities said in words written as digits."""
    text = _ONE_DAY.sub("someday", _PAIR_EN.sub(_pair_en, text))
    text = _DAYS.sub(lambda m: f"{_NATIVE_DAYS[m['days']]}일", text)
    return _KOREAN.sub(_korean, _ENGLISH.sub(_english, text))
