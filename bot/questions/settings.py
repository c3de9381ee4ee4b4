"""A chat's settings asked for in plain words: "앞으로 영어로 답해줘" → `/lang en`, "set my
timezone to london" → `/tz london`, "send us a weekly summary" → `/digest weekly`, "make
iwm vs ivv the default comparison" → `/pair IWM IVV`.

Each changes what the chat receives, so each is a proposal (`confirm`): the bot shows the
command and runs it only when someone who may change the chat taps it. A request needs
its setting's noun or verb *and* the thing it is set to; "he speaks Korean", "what time is
it in London" and "a summary of small caps" are not requests.
"""

from __future__ import annotations

import re

from bot.parsing import known_zone

# -- language ------------------------------------------------------------------------------------

_LANGUAGE = {"korean": "ko", "english": "en", "한국어": "ko", "한글": "ko", "국문": "ko",
             "우리말": "ko", "한국말": "ko", "영어": "en", "영문": "en"}
# "go back to English", "switch back to korean": the language asked back (searched first:
# "someone switched this to Korean, go back to English" asks English)
_LANG_BACK = re.compile(r"\b(?:go|switch|change|turn|put it|set it|revert)\s+back\s+(?:in)?to\s+"
                        r"(?P<name>korean|english)\b")
_LANG_EN = re.compile(
    r"\b(?:reply|replies|answer|answers|respond|talk|speak|write|post|switch|change|set)\b"
    r"[^.?!]{0,30}?\b(?:in|to|into)\s+(?P<name>korean|english)\b"
    r"|\blanguage\b[^.?!]{0,20}?\b(?P<name2>korean|english)\b"
    r"|\b(?P<name3>korean|english)\s+(?:(?:please|pls|plz)?\s*from now on\b"
    r"|(?:please|pls|plz)\s*[.!]*$)|^\s*(?P<name4>korean|english)\s+(?:please|pls|plz)\b")
# "영어로 답해줘", "앞으로 한국어로 부탁", "언어를 영어로 바꿔", "답변을 영어로 받아보고 싶은데": a
# language and, after it, a request ("영어로 뭐라고 해?" asks a translation).
_LANG_KO = re.compile(
    r"(?P<name>한국어|한국말|한글|국문|우리말|영어|영문)\s*(?:로|으로)\s*"
    # "한국말로 해라", "영어로 해줘": the language and an imperative alone
    r"(?:만\s*)?(?:좀\s*)?(?:(?:해라|하라|해\s*봐|해\s*줘|해\s*주세요)(?![가-힣])|"
    r"(?:언어\s*)?(?:답|대답|말|얘기|이야기|써|적어|보내|바꿔|바꿀|바꾸|변경|설정"
    r"|해\s*[줘주달]|부탁"
    r"|받)"
    r"[가-힣\s,]{0,20}?(?:줘|주세요|주라|줄래|주실|주시|부탁|바랍|ㄱ|해라|하자|바꿔|변경|설정|싶|있나요"
    r"|있을까요|가능))"
    # "앞으로 답변은 영어로 부탁드립니다": the replies named, then the language they are to be in
    r"|(?:답변|대답|응답|답장)\s*(?:은|는|을|를|도)?\s*(?:모두\s*|전부\s*)?"
    r"(?P<name5>한국어|한국말|한글|국문|우리말|영어|영문)\s*(?:로|으로)(?!\s*(?:뭐|어떻게|번역))")

# -- time zone -----------------------------------------------------------------------------------

_ZONE_EN = re.compile(
    r"\b(?:time\s?zone|tz)\b\s*(?:to|as|=|:|is)?\s*(?P<zone>[a-z][a-z_/, ]{1,30}?)"
    r"\s*(?:please|pls|plz|time|thanks|thx|[.!?]|$)")
_ZONE_KO = re.compile(
    r"(?:시간대|타임존|표준시|시간\s*기준)\s*(?:를|을|는|은)?\s*(?P<zone>[가-힣a-z_/ ]{1,20}?)\s*"
    r"(?:\s*(?:기준|시간|시))?(?:로|으로)\s*(?:바꿔|변경|설정|맞춰|해\s*(?:줘|주|놔))")
# "can you use UK time for this chat", "switch to Seoul time": a zone named with "time".
_ZONE_TIME = re.compile(r"\b(?:use|switch to|change to|set (?:it |us |this )?to|go with)\s+"
                        r"(?P<zone>[a-z][a-z ]{1,20}?)\s+time\b(?!\s*(?:frame|window|horizon))")
# A zone asked to be set, however the place is said.
_ZONE_REQUEST = re.compile(
    r"\b(?:set|change|switch|use|adjust|move)\b[^.?!]{0,40}\b(?:time\s?zone|clock|local time"
    r"|(?P<generic>[a-z]+ time))\b|(?:시간대|타임존|표준시)[^.?!]{0,30}(?:설정|바꿔|변경|맞춰)"
    r"|시간\s*(?:기준\s*)?(?:으로|로)\s*(?:맞춰|바꿔|변경|설정)"
    # "알림 시간 서울 기준으로 맞춰줘요": a place between the time and 기준
    r"|(?:시간|시각)\s*(?:을|를|은|는)?\s*[가-힣a-z ]{1,12}?\s*기준\s*(?:으로|로)\s*"
    r"(?:맞춰|바꿔|변경|설정)"
    r"|\b(?:i'?m|we'?re|i am|we are)\s+(?:on|in)\s+[a-z ]+?\s+time\b[^.?!]*\b(?:use|set|switch)\b")
_ZONE_ASKED = re.compile(r"\b(?:time\s?zone|tz)\b|시간대|타임존")
_ZONE_QUESTION = re.compile(
    r"\b(?:what|which)\b.{0,20}\b(?:time\s?zone|tz)\b.{0,20}"
    r"\b(?:you|your|bot|this chat|the chat|our|we|here)\b"
    r"|\b(?:your|bot's|this chat's)\s+(?:time\s?zone|tz)\b"
    r"|(?:봇|이 채팅|여기)[^.?!]{0,10}시간대\s*(?:뭐|어디|확인)"
    r"|시간대\s*(?:뭐|어디|확인)[^.?!]{0,10}봇")

# -- digest --------------------------------------------------------------------------------------

_SUMMARY = (r"summary|summaries|digest|recap|briefing|report|rundown|roundup|round-up"
            r"|wrap(?:[\s-]?ups?)?"
            r"|요약|브리핑|리포트|레포트|다이제스트|정리(?:해서|한|본|된)")
_DAILY = (r"daily|dly|every\s+(?:day|morning|evening|night)|each\s+(?:day|morning)"
          r"|매일|날마다|아침마다")
_WEEKLY = (r"weekly|wkly|every\s+(?:week|monday|friday|weekend)|each\s+week|once a week|매주|주간"
           r"|주마다"
           r"|월요일마다"
           r"|금요일마다|일주일에\s*한\s*번")
_DIGEST_ON = re.compile(
    rf"(?P<cadence>{_DAILY}|{_WEEKLY})[^.?!]{{0,25}}?(?:{_SUMMARY})"
    rf"|(?:{_SUMMARY})[^.?!]{{0,25}}?(?P<cadence2>{_DAILY}|{_WEEKLY})")
# Asked of the bot: "send us", "can you", "i'd like", "보내줘", "받고 싶어" (not "I get a daily
# report from my broker").
_DIGEST_REQUEST = re.compile(
    r"\b(?:send|give|post|drop)\s+(?:me|us|the group|the chat|this chat|here)\b"
    r"|\bset\s+(?:up|me up|us up)\b|\bsubscribe\b|\bsign\s+(?:me|us)\s+up\b"
    r"|\b(?:can|could|would)\s+(?:you|u|i|we|ya)\b|\bi(?:'d| would| should)?\s+(?:like|want)\b"
    r"|\bcan (?:send|get|have|receive)\b|\b(?:would|is) it (?:be )?possible\b"
    r"|\bplease\b|\bpls\b|\bplz\b|\bstart\b"
    r"|보내\s*(?:줘|주|줄|달)|올려\s*(?:줘|주|줄|달)|받고\s*싶|받을\s*수|받아\s*[보볼봐]|구독|설정"
    r"|해\s*[줘주]|부탁"
    r"|ㄱ")
# "stop sending me the daily report", "turn off the digest", "요약 그만 보내", "요약 알림 꺼줘".
_DIGEST_OFF = re.compile(
    rf"(?:stop|cancel|turn off|unsubscribe|no more|disable)\b[^.?!]{{0,30}}"
    rf"(?:digest|(?:daily|weekly|your|these|the bot'?s)\s+(?:{_SUMMARY}))"
    rf"|(?:{_SUMMARY})\s*(?:알림\s*)?(?:은\s*|는\s*)?(?:그만\s*(?:보내|받)|꺼|끄|구독\s*취소|해지|중지)")
_TIME = re.compile(r"(?<![\d:])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d))?\s*(?P<ampm>am|pm|시)"
                   r"|(?<![\d:])(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)")
_EVENING = re.compile(r"\bpm\b|저녁|오후|밤")

# -- the chat's pair -----------------------------------------------------------------------------

_PAIR_NOUN = re.compile(r"\bdefault (?:pair|comparison|large|small|big)\b|\bpair\b(?! of)"
                        r"|\bdefault (?:to|is|=|as)\b"
                        r"|\bcomparison\b|(?:대형주|소형주)\s*기준"
                        r"|\bby default\b|\bthe default\b|앞으로는?\s.*비교"
                        r"|기본\s*(?:비교|페어|쌍|값)|페어|비교\s*대상|비교\s*쌍")
_PAIR_SET = re.compile(
    r"\b(?:make|set|change|switch|use|from now on|by default|compare)\b|바꿔|변경|설정|로\s*해|고정"
    r"|앞으로")
# "spy 말고 ivv랑", "IVV instead of SPY": the fund named to be dropped
# "switch default large cap to ivv", "대형주 기준을 ivv로": one side of the pair named
# "reset this chat back to the default comparison", "기본 비교로 되돌려줘"
_PAIR_RESET = re.compile(r"\b(?:reset|restore|revert)\b|\bback to (?:the )?(?:default|original)\b"
                         r"|기본\S*\s*(?:으로|로)\s*(?:되돌|돌려|돌아가|복구|초기화|리셋)|초기화|리셋")
_ONE_SIDE = re.compile(r"\b(?:large|small|big)[\s-]?caps?\b|대형주|소형주")
_DROPPED = re.compile(r"(?P<a>[a-z^]{2,6})\s*(?:말고|대신)"
                      r"|(?:instead of|rather than|not)\s+(?P<b>[a-z^]{2,6})")


# A setting is the bot's only when asked of it: "you", "your", "this chat", "from now on",
# "send us", "my time zone", "앞으로", "봇", "답변", "보내줘", or an imperative opening the message.
_OF_THE_BOT = re.compile(
    r"\byou\b|\byour\b|\bu\b|\bbot\b|\bthis (?:chat|group|room)\b|\bthe (?:chat|group)\b"
    r"|\bhere\b|\bfrom now on\b|\bfor (?:me|us)\b|\bsend (?:me|us)\b|\b(?:my|our) time\s?zone\b"
    r"|\bour (?:chat|group|room)\b"
    # an imperative opening the message or a clause: "our group is in NY, set the clock to …"
    r"|(?:^|[,;:]\s*)(?:please\s+|pls\s+|kindly\s+)?"
    r"(?:set|change|switch|use|make|send|stop|turn off|put|reset|restore|revert"
    r"|cancel|unsubscribe|subscribe|answer|reply|respond|talk|speak|write)\b"
    r"|\b(?:please|pls|plz)\s*[.!?]*$|\b(?:please|pls) (?:use|set|switch|change)\b"
    r"|\bby default\b|다이제스트|^\s*(?:korean|english)\s+(?:please|pls|plz)\b"
    r"|\bi should like to\b|고정해|\bcan (?:send|get|have|receive)\b"
    r"|\b(?:would|is) it (?:be )?possible to (?:get|have|receive|set|change|switch)\b"
    r"|(?:한국어|한국말|한글|영어|영문)\s*(?:로|으로)\s*(?:만\s*)?(?:좀\s*)?(?:해라|하라|해\s*봐)"
    r"|\b(?:go|switch|change)\s+back\s+to\b"
    r"|앞으로|봇|이 채팅|이 방|여기|답변|대답|답해|받아\s*[보볼봐]|받고\s*싶|받을\s*수"
    r"|보내\s*[줘주줄]"
    r"|\bdigest\b|\bsign (?:me|us) up\b|\bi(?:'d| would) like to (?:receive|get)\b"
    r"|구독|언어\s*(?:를|을)?\s*(?:설정|바꿔|변경)|^\s*(?:시간대|타임존|언어|요약|매일|매주)"
    r"|(?:시간대|타임존)\s*(?:를|을)?[^.?!]{0,20}(?:설정|바꿔|변경|맞춰)|바꿀 수 있나요"
    # a request closing the message: "기본 비교를 IWM QQQ로 바꿔줘"
    r"|(?:바꿔|변경해|설정해|맞춰|해|꺼|중지해|해지해|되돌려|돌려|초기화해|리셋해)\s*(?:줘요|줘|주세요|주라|줄래|주시겠어요|주십시오"
    r"|주시기 바랍니다)"
    r"\s*[.!?~]*$")
# ... and never when it is said of something else: a phone's language, a meeting's time, a
# report at work, a reply to someone else.
_ELSEWHERE = re.compile(
    r"\b(?:phone|iphone|android|tv|laptop|computer|pc|mac|subtitles?|captions?|app|calendar"
    r"|invite|meeting|call|standup|stand-up|flight|interview|client|email|e-mail|letter"
    r"|essay|alarm|reminder|land|trip|travel|vacation|holiday)\b"
    # a reply to someone else: "talk to him in korean" (not "my grandson's wife joins")
    r"|\b(?:to|for|with)\s+(?:him|her|them|my mom|my dad|my wife|my husband)\b"
    # reported speech: "he said 한국말로 해라 to me"
    r"|\b(?:he|she|they|someone|somebody)\s+(?:said|says|told|wrote)\b"
    # what a summary is of, or a reply for: "the weekly summary of the sprint", "for class"
    r"|\b(?:of|from|for|on|in|to|at|with)\s+(?:the\s+|my\s+|our\s+|his\s+|a\s+)?(?:sprint|hr"
    r"|game|games|workouts?|school|class|kids?|boss|team|manager|coworkers?|channel|office)\b"
    r"|자막|폰|핸드폰|휴대폰|컴퓨터|노트북|회의|미팅|비행|수업|면접|이메일|메일|선생님|친구(?:한테|에게)"
    r"|회사|보고서"
    r"|문서|발표|과제|라고|게임|알람|회의록")


def read_setting(text: str, tickers: list[str], default_pair: tuple[str, str] = ("", ""),
                 large_tickers: frozenset[str] = frozenset()
                 ) -> tuple[str, tuple[str, ...]] | None:
    """(command, args) of a settings request in `text` (normalised: lower case, one space),
    or None. `tickers` are the funds the question named, in order; a pair with one fund
    replaced keeps the other side of `default_pair`."""
    short = len(text.split()) <= 3  # "korean please", "wkly digest pls": said to the bot
    if not (short or _OF_THE_BOT.search(text)) or _ELSEWHERE.search(text):
        return None
    for reader in (_read_lang, _read_zone, _read_digest):
        found = reader(text)
        if found is not None:
            return found
    if _PAIR_RESET.search(text) and _PAIR_NOUN.search(text):
        return "pair", ("reset",)
    return _read_pair(text, tickers, default_pair, large_tickers)


def _read_lang(text: str) -> tuple[str, tuple[str, ...]] | None:
    match = _LANG_BACK.search(text) or _LANG_EN.search(text) or _LANG_KO.search(text)
    if match is None:
        return None
    found = match.groupdict()
    name = next(found[key] for key in ("name", "name2", "name3", "name4", "name5")
                if found.get(key))
    return "lang", (_LANGUAGE[name],)


def _read_zone(text: str) -> tuple[str, tuple[str, ...]] | None:
    match = _ZONE_EN.search(text) or _ZONE_KO.search(text) or _ZONE_TIME.search(text)
    if match is not None:
        zone = match["zone"].strip()
        # "sydney, aedt": the city, then the abbreviation
        for words in (zone, zone.removeprefix("to ").removesuffix(" time"), *zone.split(",")):
            named = known_zone(words.split())
            if named is not None:
                return "tz", (named,)
    request = _ZONE_REQUEST.search(text)
    if request:
        # "시간대를 태평양 시간으로 설정해 주세요", "set your clock to my local time zone (I
        # live in Phoenix)": any place named that is a zone, else the zone shown, with how;
        # "switch to summer time" names no zone and is no request of ours
        zone = _zone_named(text)
        if zone or request["generic"] is None:
            return "tz", (zone,) if zone else ()
    if _ZONE_QUESTION.search(text) and _ZONE_ASKED.search(text):
        return "tz", ()  # "what time zone are you on?": shown, with how to set it
    return None


_PARTICLE = re.compile(r"(?<=[가-힣])(?:시간)?(?:으로|로|에서|에|은|는|이|가|을|를)?$")


def _zone_named(text: str) -> str | None:
    """The first word or two of `text` that names a zone exactly ("phoenix", "태평양"): an
    exact lookup, since a question is no /tz to offer a close city for."""
    tokens = [_PARTICLE.sub("", t) or t for t in re.findall(r"[a-z가-힣]+", text)]
    for size in (2, 1):
        for start in range(len(tokens) - size + 1):
            zone = known_zone(tokens[start:start + size])
            if zone is not None:
                return zone
    return None


def _read_digest(text: str) -> tuple[str, tuple[str, ...]] | None:
    if _DIGEST_OFF.search(text):
        return "digest", ("off",)
    match = _DIGEST_ON.search(text)
    if match is None or not _DIGEST_REQUEST.search(text):
        return None
    cadence = match["cadence"] or match["cadence2"]
    args = ["weekly" if re.fullmatch(_WEEKLY, cadence) else "daily"]
    at = _TIME.search(text)
    if at is not None:
        hour = int(at["h"] or at["h2"])
        minute = at["m"] or at["m2"] or "00"
        if hour < 12 and (at["ampm"] == "pm" or (at["ampm"] == "시" and _EVENING.search(text))):
            hour += 12
        args.append(f"{hour:02d}:{minute}")
    return "digest", tuple(args)


def _read_pair(text: str, tickers: list[str], default_pair: tuple[str, str],
               large_tickers: frozenset[str]) -> tuple[str, tuple[str, ...]] | None:
    if not tickers or not (_PAIR_NOUN.search(text) and _PAIR_SET.search(text)):
        return None
    dropped = {(m["a"] or m["b"]).upper() for m in _DROPPED.finditer(text)}
    kept = [t for t in tickers if t not in dropped]
    if len(kept) == 1 and (dropped or _ONE_SIDE.search(text)) and all(default_pair):
        small, large = default_pair  # "IVV instead of SPY": the chat's other side stays
        (ticker,) = kept
        kept = [small, ticker] if ticker in large_tickers else [ticker, large]
    return ("pair", tuple(kept)) if len(kept) == 2 else None
