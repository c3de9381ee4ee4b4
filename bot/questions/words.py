"""The words behind plain-language questions, per language, as data for bot/questions/reader.py.

A phrase is matched in the lower-cased question. Latin phrases must start a word; they must
also end one unless they end in `*` (a stem: `outperform*` covers `outperformed`). Hangul
phrases match anywhere, because Korean glues particles and endings to the word (`러셀이`,
`섞으면`). A space inside a phrase matches any run of spaces or hyphens, or none, so
`러셀 2000` also covers `러셀2000` and `10 year` covers `10-year`.

Each table maps a tag to its phrases. Tags: `topic:<command>` scores a command,
`side:small|large` names the chat's side, `ticker:<T>` names a ticker, `event:<slug>` a
market event, `op:<operator>` an alert comparison, `metric:<concept>` what an alert watches,
and single words for the rest (`alert_intent`, `offtopic`, `basis:total`, ...).

Only the words are here. What the words stand for is the bot's own tables, read by
bot/questions/derived.py: the commands and their topic words (bot/catalogue.py), the named
events and their days (analytics/events.py), the alert metrics and their windows
(analytics/alerts.py).
"""

from __future__ import annotations

# -- subjects ----------------------------------------------------------------------------------

# The sides by a figure ("the tiddlers", "작은애들", "the little companies"): a side only
# when the other side is named too ("have the tiddlers caught up with the big boys?"), never
# alone ("the little ones are asleep").
FIGURATIVE_SMALL = (
    "tiddlers", "the tiddlers", "minnows", "the minnows", "little guys", "the little guys",
    "little ones", "the little ones", "small fry", "small companies", "smaller companies",
    "small firms", "smaller firms", "the small ones", "little companies",
    "the little companies", "small guys", "the small guys", "smaller ones", "the smaller ones",
    "the small company fund", "small company fund", "small company shares",
    "smaller company shares", "small company stocks", "little fellas", "the little fellas",
    "little fellers", "the little fellers",
    "작은애들", "작은 애들", "작은놈들", "작은 놈들", "작은 회사들", "작은 기업들", "작은 종목들",
)
FIGURATIVE_LARGE = (
    "big boys", "the big boys", "big guys", "the big guys", "large companies",
    "larger companies", "big companies", "bigger companies", "large firms", "big firms",
    "the large ones", "the big ones", "the larger ones", "the bigger ones", "large ones",
    "big ones", "blue chips", "blue chip stocks", "the big one", "big company fund",
    "the big company fund", "large company fund", "big company shares",
    "큰애들", "큰 애들", "큰놈들", "큰 놈들", "큰 회사들", "큰 기업들", "큰 종목들", "우량주",
)
FIGURATIVE_SIDES = frozenset(FIGURATIVE_SMALL + FIGURATIVE_LARGE)

# Generic names mean "the chat's side"; index names mean the index itself.
SIDE_WORDS: dict[str, tuple[str, ...]] = {
    "side:small": (
        "small caps", "small cap*", "smallcap*", "small-cap*", "small stocks", "russell",
        "russell 2000", "russell2000", "r2k",
        "소형주", "소형 주", "중소형주", "스몰캡", "러셀", "러셀 2000", "러셀이천",
        "스몰 캡", "스몰캡스", "소형주들", "소형 종목", "소형 종목들", "smalls",
        *FIGURATIVE_SMALL, "작은 회사 주식", "작은 기업 주식", "small company stocks",
        "small-company stocks", "소형 회사 주식",
    ),
    "side:large": (
        "large caps", "large cap*", "largecap*", "big caps", "big stocks", "mega caps",
        "대형주", "대형 주", "라지캡", "빅캡", "라지 캡", "빅 캡", "대형주들", "대형 종목",
        "대형 종목들",
        *FIGURATIVE_LARGE, "대형우량주", "대형 우량주", "큰 회사 주식", "big company stocks",
        "대기업 주식",
    ),
    # Resolved to the chat's large side when that side is an S&P 500 fund, else SPY.
    "family:sp500": (
        "s&p", "s&p 500", "s&p500", "sp500", "sp 500", "snp", "snp500", "spx", "the market",
        "the big 500", "big 500",
        "에스앤피", "에스엔피", "에스앤피500", "에스엔피500",
    ),
}

TICKER_WORDS: dict[str, tuple[str, ...]] = {
    "ticker:^RUT": (
        "^rut", "rut", "rty", "rty index", "russell index", "russell 2000 index",
        "the russell index",
        "러셀 지수", "러셀 2000 지수", "러셀2000지수",
    ),
    "ticker:^GSPC": (
        "^gspc", "gspc", "s&p 500 index", "s&p index", "s&p500 index",
        "s&p 지수", "s&p 500 지수", "s&p500 지수", "에스앤피 지수", "에스앤피 500 지수",
    ),
    "ticker:QQQ": ("qqq", "nasdaq", "nasdaq 100", "nasdaq100", "나스닥", "나스닥100", "나스닥 100"),
    "ticker:IJR": ("ijr", "s&p 600", "s&p600", "sp600", "s&p smallcap 600", "s&p 600 지수"),
    "ticker:IWB": ("iwb", "russell 1000", "러셀 1000", "러셀1000"),
    "ticker:DIA": ("dia", "dow jones", "the dow", "다우", "다우존스"),
    # Tickers said in Hangul letters, as Korean investors write them
    "ticker:VTWO": ("vtwo", "브이티더블유오", "브이티더블류오", "브이티투"),
    "ticker:IWM": ("iwm", "아이더블유엠", "아이더블류엠"),
    "ticker:SPY": ("spy", "스파이", "에스피와이"),
    "ticker:VOO": ("voo", "브이오오"),
    "ticker:IVV": ("ivv", "아이브이브이"),
    "ticker:VTI": ("vti",),
    "ticker:IWN": ("iwn",),
    "ticker:IWO": ("iwo",),
    "ticker:VB": ("vb",),
    "ticker:SCHA": ("scha",),
    "ticker:RSP": ("rsp",),
    "ticker:MDY": ("mdy",),
}

# Which side a ticker stands on when the question names two in an unusual order.
SMALL_TICKERS = frozenset({"VTWO", "IWM", "^RUT", "IJR", "IWN", "IWO", "VB", "SCHA"})
LARGE_TICKERS = frozenset({"SPY", "VOO", "IVV", "^GSPC", "QQQ", "IWB", "DIA", "VTI", "RSP", "MDY"})
SP500_FUNDS = frozenset({"SPY", "VOO", "IVV", "SPLG", "^GSPC"})

# Upper-case words that look like tickers and are not (checked after the vocabulary).
NOT_TICKERS = frozenset(
    [
        "I", "A", "OK", "US", "USA", "UK", "EU", "PE", "PER", "EPS", "ETF", "ETFS", "YTD", "MAX",
        "THE", "AND", "OR", "VS", "AI", "IPO", "USD", "KRW", "NYSE", "FOMC", "CPI", "GDP", "FED",
        "SVB", "CEO", "CFO", "UST", "LOL", "LMAO", "OMG", "WTF", "BTW", "FYI", "IMO", "TR", "DD",
        "MDD",
        "KO", "EN", "EN-US", "NO", "YES", "HI", "HEY", "YO", "PM", "AM", "EST", "KST", "UTC", "TL",
        "DR", "ATH", "PP", "BP", "YOY", "QOQ", "MOM", "PLS", "THX", "TY", "WHO", "WHY", "HOW",
        "WHAT", "WHEN", "IS", "IT", "MY", "ME", "WE", "DO",
        # credit grades (S&P the rating agency: "cut to BBB-")
        "AAA", "AA", "BBB", "BB", "CCC", "CC",
    ]
)

# -- topics ------------------------------------------------------------------------------------

# The topics and their words are the catalogue's (bot/catalogue.py, `Command.words`): a
# command's words lead a question to it, and a new command with words is read at once.

# Command names typed as words are strong evidence; everything else scores 1.
STRONG_WORDS = frozenset({
    "gap", "valuation", "valuations", "sectors", "drawdown", "odds", "mix", "alerts",
    "status", "pair", "밸류에이션", "섹터", "낙폭", "확률", "도움말", "알림 목록",
    "보유 종목", "보유종목", "포트폴리오", "10년물", "금리", "top holdings", "from the peak",
    "peak", "off the high", "from the high", "고점 대비", "고점대비", "고점에서", "전고점",
})

# -- market events ----------------------------------------------------------------------------

# The named events, their slugs and their days are analytics/events.py's (`EVENTS`); its
# names and aliases are read as they are written there. These are the other ways people say
# them, in English and Korean, keyed by the event's slug. A phrase here must point at one
# event only: `election` or `트럼프 당선` could be 2016 or 2024, so only dated ones are here.
EVENT_ALIASES: dict[str, tuple[str, ...]] = {
    "dot-com-peak": (
        "dot com", "dot com bubble", "dot com bust", "dot com crash", "tech bubble",
        "internet bubble", "2000 bubble", "the 2000 crash",
        "닷컴", "닷컴 버블", "it 버블", "인터넷 버블", "기술주 버블", "2000년 버블",
    ),
    "sept-11": (
        "9/11", "9 11", "september 11", "sept 11", "sep 11", "twin towers", "sept. 11",
        "sept 11 attacks", "september 11 attacks", "9/11 attacks",
        "planes hit the towers", "the planes hit", "towers fell", "the towers came down",
        "terrorist attack*", "terror attack*", "wtc attack*",
        "9·11", "9/11 테러", "9.11 테러", "9 11 테러", "911 테러", "동시다발 테러", "테러",
        "세계무역센터", "쌍둥이 빌딩",
    ),
    "lehman": (
        "lehman*", "gfc", "financial crisis", "2008 crisis", "global financial crisis",
        "2008 crash", "great recession", "subprime*", "credit crisis",
        "리먼", "금융위기", "금융 위기", "2008년 위기", "서브프라임", "글로벌 금융위기",
        "리먼 사태", "2008년 폭락", "big bank went belly up", "bank went belly up",
        "banks went bust", "the 08 crash", "08 crash", "08 crisis",
    ),
    "us-downgrade-2011": (
        "us downgrade", "credit downgrade", "us credit downgrade", "s&p downgrade",
        "2011 downgrade", "downgrade of the us", "debt ceiling crisis", "lost its aaa",
        "lost its aaa rating", "lost aaa", "us lost its aaa", "aaa rating", "triple a rating",
        "triple a credit rating", "lost its triple a", "its triple a",
        "downgraded us debt", "downgraded the us", "s&p downgraded", "us debt downgrade",
        "credit rating cut", "its credit rating cut", "us credit rating", "rating cut",
        "미국 국채 등급 강등", "미국 등급 강등 때",
        "신용등급 강등", "미국 신용등급", "미국 등급 강등", "신용 강등", "2011년 강등",
        "부채 한도 위기", "부채한도 위기",
    ),
    "brexit": (
        "brexit*", "brexit vote", "brexit referendum", "uk referendum", "eu referendum",
        "leave vote", "voted to leave", "vote to leave", "leave the eu", "left the eu",
        "leaving the eu", "britain voted", "uk voted", "brexit day",
        "브렉시트", "브렉싯", "영국 국민투표", "영국 eu 탈퇴", "영국의 eu 탈퇴", "영국 탈퇴",
    ),
    "election-2016": (
        "2016 election", "the 2016 election", "2016 us election", "2016 presidential election",
        "trump's first election", "first trump election", "trump 2016", "trump won in 2016",
        "trump won 2016", "trump's 2016 win",
        "2016 대선", "2016년 대선", "16년 대선", "2016 미국 대선", "2016년 선거", "트럼프 첫 당선",
        "트럼프 1기",
    ),
    "volmageddon": (
        "volmageddon", "volpocalypse", "vix spike", "vix blow up", "vix explosion",
        "volatility spike of 2018", "february 2018 sell off", "feb 2018 sell off",
        "volatility funds blew up", "vol funds blew up", "short vol etfs", "short vol funds",
        "short vol blew up", "xiv blew up",
        "볼마게돈", "변동성 폭발", "vix 급등", "빅스 급등", "2018년 2월 급락", "숏볼", "xiv 청산",
    ),
    "q4-2018": (
        "q4 2018", "2018 q4", "q4 2018 sell off", "december 2018 sell off", "dec 2018 sell off",
        "christmas eve crash", "late 2018 sell off", "fourth quarter of 2018",
        "last quarter of 2018", "selloff at the end of 2018", "sell off at the end of 2018",
        "end of 2018 sell off", "end of 2018 selloff", "2018 sell off", "2018 selloff",
        "late 2018 selloff", "2018년 말 폭락", "2018년 연말 급락", "christmas 2018",
        "christmas of 2018", "2018 christmas", "2018년 크리스마스",
        "2018년 4분기", "18년 4분기", "2018년 말 급락", "2018년 12월 급락", "크리스마스 이브 폭락",
    ),
    "covid": (
        "covid*", "corona*", "pandemic", "covid crash", "covid-19", "covid 19", "lockdown crash",
        "2020 crash",
        "코로나", "팬데믹", "코로나19", "코로나 폭락", "코로나 사태", "코로나 쇼크",
        "2020년 폭락",
    ),
    "svb": (
        "svb", "silicon valley bank", "bank crisis", "banking crisis", "regional bank crisis",
        "regional banking crisis", "regional bank failures", "regional bank collapse*",
        "svb collapse", "bank run*", "2023 banking crisis",
        "실리콘밸리은행", "실리콘 밸리 은행", "은행 위기", "지역은행", "svb 사태", "svb 파산",
        "뱅크런", "은행 파산", "2023년 은행 위기",
    ),
    "fed-cut-2024": (
        "fed cut", "the fed cut", "rate cut", "rate cuts", "first cut", "fed cut 2024",
        "fed-cut-2024", "the first rate cut", "fed pivot", "fed's first cut", "jumbo cut",
        "50 bp cut", "half point cut", "september 2024 cut",
        "금리 인하", "금리인하", "첫 인하", "연준 인하", "기준금리 인하", "연준 피벗", "fed 피벗",
        "연준 금리 인하", "빅컷", "빅 컷", "50bp 인하", "2024년 금리 인하",
    ),
    "election-2024": (
        "2024 election", "the 2024 election", "2024 us election", "2024 presidential election",
        "trump won in 2024", "trump won 2024",
        "trump's second win", "trump reelection", "trump re election", "trump 2024",
        "2024 대선", "2024년 대선", "24년 대선", "2024 미국 대선", "2024년 선거", "트럼프 재선",
        "트럼프 2기",
    ),
    "liberation-day": (
        "liberation day", "tariff day", "liberation day tariffs", "april 2 tariffs",
        "tariff shock", "tariff crash", "reciprocal tariff*", "trump tariff*",
        "해방의 날", "해방의날", "해방일", "관세 발표", "상호관세", "상호 관세", "관세 쇼크",
        "관세 폭락", "트럼프 관세",
        # the name said in Hangul letters, and the April 2025 tariffs described
        "리버레이션 데이", "리버레이션", "관세 폭탄", "관세 충격", "관세 발표일", "tariff bomb",
        "tariff announcement", "april 2025 tariffs", "2025 tariff shock", "tariff board",
        "rose garden tariff*", "관세 판넬", "관세 패널", "관세표",
    ),
}
# Right before an English event name / right after a Korean one, these make it a start date.
SINCE_BEFORE = ("since", "from", "starting")
SINCE_AFTER = ("이후", "부터", "이래", "후로")
# A part of an event's episode said between its name and "이후" ("관세 쇼크 저점 이후"): still
# since the event (직후, "right after", asks the event's own window and is not here).
EPISODE_PART = r"^\s*(?:저점|바닥|고점|폭락|급락|쇼크|사태|발표|당시)(?=\s)"

# Event names that are also a generic move ("a rate cut"): said of the future or as a
# condition ("금리 인하되면", "if rate cuts come"), they are no reference to the past event.
GENERIC_EVENT_PHRASES = frozenset({
    "rate cut", "rate cuts", "fed cut", "the fed cut", "first cut", "fed pivot", "jumbo cut",
    "half point cut", "50 bp cut", "the first rate cut", "금리 인하", "금리인하", "첫 인하",
    "연준 인하", "기준금리 인하", "피벗", "연준 금리 인하", "빅컷", "빅 컷", "50bp 인하",
})
FUTURE_AFTER = (r"\s*(?:되|하|된다|한다|해지|해주)면"
                r"|\s*(?:될|할|해줄|해 ?줄)(?:까|지| ?거| ?수| ?때)"
                r"|\s*(?:예정|전망|가능성|기대|시작되면|오면|들어가면)"
                r"|\s+(?:will|would|could|might|come|coming|ahead|next|again)\b")
FUTURE_BEFORE = (r"\b(?:if|will|would|could|might|another|next|more|future|upcoming|expected"
                 r"|any|once)\s+(?:the\s+|a\s+|more\s+)?$|(?:다음|향후|추가|또|앞으로)\s*$")

# -- alerts ------------------------------------------------------------------------------------

def _politely(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """A request ending in 줘 ("핑 줘", "톡 줘") is also asked politely: 주세요, 주시겠어요,
    주십시오 (not 알려주세요, which asks a question as often as an alert)."""
    polite = tuple(f"{p[:-1]}{ending}" for p in phrases
                   if p.endswith("줘") and not p.startswith("알려")  # 알려주세요: "please tell"
                   for ending in ("주세요", "주시", "주십"))
    return tuple(dict.fromkeys(phrases + polite))


ALERT_WORDS: dict[str, tuple[str, ...]] = {
    "alert_intent": _politely((
        "tell us when", "tell me when", "tell us if", "tell me if", "let me know",
        "let us know", "alert me", "alert us", "notify", "ping me", "ping us", "warn me",
        "warn us", "warns us", "warns me", "that warns", "set an alert", "set alert",
        "create an alert", "add an alert",
        "heads up", "message me", "message us", "remind me", "alert the", "flag it",
        "tell the chat", "tell the group", "tell the room", "tell everyone", "ping the",
        "post in the chat", "post here", "message the", "notify the",
        "flag if", "flag when", "flag me", "flag us", "flag this", "could you flag",
        "알려줘", "알려 줘", "알려주", "알려다오", "알림 설정", "알림 걸", "알림 줘", "알림 해",
        "알림 만들", "알림을 설정", "알람", "경고해", "통보",
        # a ping or a buzz asked for
        "핑 줘", "핑 좀 줘", "핑 해줘", "핑 날려", "핑 보내", "buzz me", "buzz us", "buzz the",
        # to be told, a warning asked for: an alert however politely it is put
        "like to be told", "want to be told", "wish to be told", "keep me posted",
        "keep us posted", "경고 좀", "경고 줘", "경고 부탁", "경고 날려", "경고 보내",
        "나한테 알려", "저한테 알려", "우리한테 알려",
        # an alarm or a notification asked for
        "set an alarm", "set alarm", "set up an alarm", "alarm me", "alarm us",
        "set a notification", "send me a notification", "notify me", "notify us",
        # a notification to receive, in either language ("notification 받을 수 있을까요")
        "notification 받", "notifications 받", "noti 받", "노티 받", "노티피케이션 받",
        "get a notification", "get notified", "get an alert", "receive a notification",
        "receive an alert",
        # to be told, said formally
        "be informed", "be notified", "appreciate a message", "appreciate a note",
        "appreciate a notification", "appreciate an alert",
        "set a warning", "a warning for when", "a warning if", "send a warning", "send an alert",
        "알림 부탁드", "알림 설정 부탁", "알려 주시기", "알려주시기", "통지", "연락 부탁",
        # to be told, said in chat shorthand
        "lmk", "shout if", "shout when", "give me a shout", "give us a shout",
        "tell me", "tell us", "so i hear about it", "so we hear about it", "text me if",
        "inform me", "inform us",
        "holler at me", "holler if", "give me a holler", "give us a holler",
        "text me when", "dm me if", "dm me when",
        "톡좀", "톡 좀", "톡해", "톡 해", "연락 주", "알림좀", "알림 좀",
        "알림 ㄱ", "알림ㄱ", "알람 ㄱ", "알람ㄱ",
        "알림 부탁", "울려줘", "울려 줘", "알려달", "알려 달",
        "ping 좀", "ping 해", "ping 줘", "ping 주", "핑 좀 해", "ping once", "ping when",
        "ping if", "just ping", "give us a yell", "give me a yell", "yell if", "yell when",
        "give us a bell", "give me a bell",
        # something set up for when a level is reached, said vaguely or as a trigger
        "set something", "set smth", "set sth", "set up something", "set something up",
        "set one up", "set up a trigger", "set a trigger", "add a trigger", "trigger for when",
        "trigger when", "trigger if", "뭐 하나 걸어", "하나 걸어", "트리거 걸", "트리거 설정",
    )),
    # Longer phrases first in meaning: "crosses above" beats "crosses".
    "op:crosses_above": (
        "crosses back above", "cross back above", "crosses back over", "gets back above",
        "goes back above", "back above", "다시 위로", "다시 올라서",
        "crosses above", "breaks above", "crosses over", "상향 돌파", "상향돌파", "돌파",
        "break above", "breaking above", "breaks through", "break through", "punches through",
        "pushes through", "crosses up", "뚫고 올라", "뚫고 오르", "위로 뚫", "뚫으면", "뚫어",
    ),
    "op:crosses_below": (
        "crosses back below", "cross back below", "crosses back under", "gets back below",
        "goes back below", "back below", "다시 아래로", "다시 밑으로",
        "crosses below", "breaks below", "하향 돌파", "하향돌파", "이탈", "break below",
        "breaking below", "falling through", "falls through", "fall through", "drops through",
        "dropping through", "sinks through", "crosses down", "breaks down through",
        "뚫고 내려", "뚫고 떨어", "아래로 뚫", "밑으로 뚫", "깨고 내려", "깨지면", "깨면",
    ),
    "op:crosses": (
        "cross*", "pass*", "hits", "hit", "reaches", "touches", "goes through",
        "통과", "지나", "도달", "닿으면", "찍으면", "되면", "교차", "크로스",
        "either way", "either direction", "in either direction", "위로든 아래로든", "넘나들",
        "넘나드", "오르내리", "선 넘나", "every time it crosses", "whenever it crosses",
        "어느 방향이든", "어느 쪽으로든",
    ),
    "op:>": (
        "above", "goes over", "rises over", "gets over", "is over", "exceeds", "exceed", "tops",
        "more than", "greater than",
        "higher than", "rises above", "climbs above", "goes above", "gets above",
        "goes past", "gets past", "moves past", "rises past", "climbs past", "pushes past",
        "넘으면", "넘어서", "넘어가", "넘기", "넘", "초과", "위로", "보다 크", "보다 높", "높아지",
        "올라가", "올라서", "웃돌", "상회",
    ),
    # `bp 이상` is also a change in basis points (metric:change): one phrase, both tags.
    "op:>=": ("at least", "or more", "or above", "이상", "bp 이상"),
    "op:<": (
        "below", "under", "falls below", "drops below", "dips below", "less than",
        "lower than", "goes below", "gets below", "falls under", "sinks below",
        "아래로", "밑으로", "미만", "떨어지", "떨어져", "내려가", "낮아지", "하회", "보다 작",
        "보다 낮",
        "밑돌", "밑이면", "밑이 되면", "아래면", "아래이면", "아래가 되면",
    ),
    "op:<=": ("at most", "or less", "or below", "이하"),
    # Words of size, not of direction: "more than -30% off the high" is deeper than -30,
    # where "above -10" of a drawdown is a recovery.
    # A gap that widens past a line: further from zero on its side ("-15%보다 더 벌어지면").
    "op:widens": ("더 벌어지", "벌어지면", "벌어질", "더 커지면", "widens beyond", "widens past",
                  "widen beyond", "widen past", "widens to", "widens below", "widens above",
                  "gets wider than", "grows beyond"),
    "op:beyond": ("넘게", "넘으면", "넘어서", "넘어가", "초과", "more than", "exceeds", "exceed",
                  "worse than", "deeper than"),
    "metric:discount": ("discount*", "할인율", "할인"),
    # the discount's rank in its own history (pe_discount_pct)
    "metric:percentile": ("percentile*", "pctl", "백분위", "백분위수", "퍼센타일", "분위"),
    "metric:spread": (
        "spread", "pe spread", "p/e spread", "turns", "스프레드", "p/e 차이", "pe 차이", "per 차이",
        "배 차이", "피이 차이", "per차이", "pe차이", "멀티플 차이", "differential",
        "p/e differential", "pe differential", "earnings differential",
    ),
    "metric:pe": ("p/e", "pe", "per", "pe ratio", "주가수익비율", "피이", "주가 수익 비율",
                  "price earnings", "price to earnings", "earnings multiple*"),
    "metric:zscore": (
        "z score", "zscore", "z-score", "sigma*", "σ", "standard deviation*", "표준편차", "시그마",
        "z 스코어", "z 점수", "제트 스코어", "제트 점수", "지 스코어", "z값", "z 값", "제트값",
        "ratio z", "ratio's z", "z of the ratio", "z점수", "z 점수가",
    ),
    "metric:yield": ("yield", "yields", "10 year yield", "10 year treasury", "10y yield",
                     "10년물", "국채 금리", "금리", "10년 국채"),
    "metric:change": ("change*", "moves", "move", "jumps", "jump", "by", "변화", "변동", "움직",
                      "bp", "bps", "basis point*", "bp 이상"),
    "metric:drawdown": (
        "drawdown*", "draw down", "from the peak", "낙폭", "고점 대비", "고점대비", "드로다운",
        "드로우다운", "드로 다운", "전고점", "전고점 대비", "고점에서", "최고점", "off the high*",
        "고점대비 하락률", "고점 대비 하락률", "고점대비 하락", "고점 대비 하락",
        "from the high*", "peak to trough",
    ),
    "metric:ratio": ("ratio", "비율", "상대 비율"),
    "metric:gap": ("gap", "격차", "차이", "lag*", "relative*", "상대"),
    "metric:return": (
        "return", "returns", "수익률", "fall*", "drop*", "rise*", "gain*", "lose*", "falls below",
        "drops below", "dips below", "falls under", "sinks below", "rises above", "climbs above",
        "떨어지", "오르면", "올라가",
    ),
}

# The alert metric for a set of concepts: the first row whose concepts are all present.
ALERT_METRIC_RULES: tuple[tuple[str, frozenset[str]], ...] = (
    ("ratio_z", frozenset({"metric:zscore"})),
    ("ratio_dd", frozenset({"metric:ratio", "metric:drawdown"})),
    ("large_dd", frozenset({"metric:drawdown", "side:large_alone"})),
    ("small_dd", frozenset({"metric:drawdown"})),
    ("pe_spread", frozenset({"metric:spread"})),
    ("pe_discount_pct", frozenset({"metric:percentile", "metric:discount"})),
    ("pe_discount_pct", frozenset({"metric:percentile", "metric:pe"})),
    ("pe_discount", frozenset({"metric:discount"})),
    ("pe_discount", frozenset({"metric:pe"})),
    ("yield_chg", frozenset({"metric:yield", "metric:change"})),
    ("yield", frozenset({"metric:yield"})),
    ("gap", frozenset({"metric:gap"})),
    ("large_ret", frozenset({"metric:return", "side:large"})),
    ("small_ret", frozenset({"metric:return"})),
    ("gap", frozenset()),
)
# Which metric takes a window, and its default, is analytics/alerts.py's (`METRICS`).

# -- the rest ----------------------------------------------------------------------------------

OTHER_WORDS: dict[str, tuple[str, ...]] = {
    "basis:total": (
        "total return*", "with dividends", "including dividends", "dividends included",
        "dividends reinvested", "배당 포함", "배당포함", "배당 재투자", "총수익", "토탈 리턴",
        "tr", "total ret", "with divs", "w/ divs", "incl divs", "incl. divs", "div adjusted",
        "incl dividends", "including divs", "배당까지", "배당 다 쳐서", "배당 포함해서",
        "배당까지 다",
        "dividend adjusted", "토탈리턴", "배당 재투자 기준",
    ),
    "basis:price": ("price return*", "price only", "가격 기준", "주가 기준", "가격만", "가격수익률",
                    "가격 수익률", "주가수익률 기준", "price basis", "on price", "px only",
                    "px ret", "px return", "just the price", "not counting dividends",
                    "not including dividends", "without counting dividends", "ex divs"),
    "offtopic": (
        "dogecoin", "weather", "lunch",
        "dinner", "breakfast", "recipe", "movie*", "football", "soccer", "joke", "gold price",
        "가상화폐", "암호화폐", "날씨", "점심", "저녁", "아침 뭐",
        "메뉴", "먹지", "먹을까", "맛집", "영화", "축구", "야구", "농담", "금값", "부동산",
        "다큐", "documentary", "netflix", "넷플릭스", "애니", "드라마", "스파이 패밀리",
        "spy family",
        # sizes of things: "small or large pizza?", "40% small / 60% large t-shirts"
        "pizza", "fries", "eggs", "drinks", "t shirt*", "shirts", "shoes",
        "flour", "baking", "pair of",
        "아파트",
        # shopping: a discount of a shop's, not the small caps'
        "this store", "that store", "the store", "store's", "shopping", "coupon*", "promo code",
        "black friday", "cyber monday", "쿠폰", "세일", "마트", "쇼핑", "백화점", "블프",
        "블랙프라이데이", "할인 코드",
    ),
    # Korea's own markets: small caps there are not the Russell (see US_NAMED).
    "market:kr": ("kosdaq", "kospi", "kospi 200", "kosdaq 150", "krx", "konex", "코스닥",
                  "코스피", "코스피200", "코스피 200", "코스닥150", "코스닥 150",
                  "코넥스", "국장", "한국 증시", "국내 증시", "국내 주식", "한국 주식"),
    # Crypto's own moves: a drawdown of bitcoin is not the Russell's (see US_NAMED).
    # Other markets than ours, named: gold, Japan, housing (their ETFs are not our pair).
    "market:other": ("금 etf", "금etf", "금값", "금 시세", "금 투자", "gold etf", "gold etfs",
                     "gold price*", "nikkei", "니케이", "닛케이", "일본 증시", "topix",
                     "housing market", "집값", "부동산 시장"),
    # Said beside a side of ours ("how did the russell do? bet crypto did worse") it is a
    # remark; alone, the question is about crypto.
    "market:crypto": ("비트", "비트코인", "코인", "크립토", "이더리움", "bitcoin", "btc", "eth",
                      "crypto*", "ethereum", "altcoin*", "알트코인", "알트"),
    # News about the market, not a question of it: an earnings calendar, an index's
    # membership. Read only when the message asks something besides (QUESTION_CUE).
    "news": ("earnings season", "earnings call*", "earnings report*", "reporting season",
             "earnings week", "실적 시즌", "실적시즌", "어닝 시즌", "어닝시즌", "실적 발표",
             "index committee", "the committee", "committee", "index inclusion",
             "added to the s&p", "added to the index", "added to the russell",
             "removed from the s&p", "removed from the index", "dropped from the s&p",
             "joins the s&p", "join the s&p", "joining the s&p", "reconstitution", "recon",
             "지수 편입", "지수편입", "편입됐", "편출", "지수위원회",
             "지수 위원회", "정기 변경", "구성 종목 변경"),
}

# Where someone comes from, not what they ask: "코인만 하다가 왔는데" (read with the offtopic
# words blanked out).
BACKGROUND = (r"(?:코인|크립토|비트코인|crypto|bitcoin)\s*(?:만|은|이랑)?\s*"
              r"(?:하다가|하다 와서|해보다가|하던|에서 왔|은 -?\d+%)")

# Common English words that fuzzy matching must leave alone (they sit near our vocabulary).
COMMON_ENGLISH = frozenset(
    [
        "about", "after", "again", "also", "been", "before", "being", "could", "dates", "does",
        "doing", "down", "else", "even", "ever", "from", "give", "good", "have", "here", "into",
        "just", "know", "last", "like", "look", "make", "many", "more", "most", "much", "must",
        "need", "next", "only", "over", "part", "past", "really", "same", "show", "some", "such",
        "take", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
        "time", "very", "want", "week", "well", "were", "what", "when", "where", "which", "while",
        "will", "with", "would", "year", "years", "your", "months", "month", "today", "since",
        "until", "worth", "least", "maybe", "please", "thanks", "thank", "hello", "morning",
        "night", "rather", "sense", "russia", "states", "rules", "house", "horse", "pride", "party",
        "water",
    ]
)

# Names and key words worth correcting when misspelt; short words are left exact.
FUZZY_TARGETS = (
    "russell", "vtwo", "nasdaq", "valuation", "valuations", "drawdown", "sectors", "sector",
    "holdings", "outperform", "underperform", "performance", "liberation", "treasury",
    "yields", "portfolio", "diversify", "probability", "discount", "expensive", "compare",
    "dividends", "lehman", "pandemic", "alerts", "brexit", "volmageddon",
    "러셀", "나스닥", "밸류에이션", "섹터", "낙폭", "코로나", "포트폴리오", "에스앤피", "소형주",
    "대형주", "보유종목", "국채", "해방의날", "수익률", "브렉시트", "볼마게돈",
)

# Korean particles and endings that follow a noun: stripped before fuzzy matching.
KO_PARTICLES = (
    "이랑", "에서", "보다", "까지", "부터", "으로", "이나", "하고", "에게", "이가", "은", "는",
    "이",
    "가", "을", "를", "의", "랑", "과", "와", "도", "만", "로", "에",
)

# -- windows -----------------------------------------------------------------------------------

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
    "한": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4, "다섯": 5, "여섯": 6, "열": 10,
    # Sino-Korean numbers (삼년, 육개월) are written as digits by numerals.py, where they
    # are quantities: 이 of 이달 / 이 주식 and 오 of 오일 are no numbers
}
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
# Fixed windows said in words (regex → preset); relative spans with numbers are in the parser.
WINDOW_WORDS: tuple[tuple[str, str], ...] = (
    (r"year[\s-]*to[\s-]*date|ytd|this year|so far this year|since (?:the )?start of (?:the )?year"
     r"|since january|since new year|올해|올 ?들어|금년|연초 ?(?:이후|부터|대비)?|연중", "ytd"),
    (r"all[\s-]*time|since inception|max(?:imum)? (?:history|period)"
     r"|(?:full|entire|whole|all|maximum|max)(?: (?:the|of the))?(?: available)?"
     r" (?:history|data|sample)"
     r"|all available data|전체 ?데이터|데이터 ?전체"
     r"|전체 ?기간|역대|상장 ?(?:이후|이래)|사상 최대|전 ?기간", "max"),
    (r"last year|past year|over a year|a year|12 months|지난 ?해|작년|지난 ?1 ?년|최근 ?1 ?년"
     r"|any (?:given|single) year|a given year|in any year|어느 ?한 ?해"
     r"|1 ?년 ?간|일 ?년|한 ?해", "1y"),
    (r"last month|past month|this month|지난 ?달|지난 ?한 ?달|한 ?달|이번 ?달", "1m"),
    (r"(?:the )?(?:last|past|this) fortnight|a fortnight|fortnight", "2w"),
    (r"last quarter|past quarter|this quarter|지난 ?분기|한 ?분기|이번 ?분기", "3m"),
    (r"half a year|half[\s-]*year|six months|반 ?년|반기", "6m"),
    (r"a decade|last decade|past decade|decade|십 ?년", "10y"),
)

# -- evidence beyond the catalogue's words -----------------------------------------------------

# The sectors by name (a question about one of them is a question about weights); with a
# word of sectors or weights (SECTOR_CUE) a sector named is the market's, not everyday life.
SECTOR_NAMES: tuple[str, ...] = (
    "tech", "technology", "information technology", "energy", "utilities", "financials",
    "health care", "healthcare", "industrials", "materials", "consumer discretionary",
    "consumer staples", "communication services", "reits", "real estate", "biotech",
    "테크", "정보기술", "it 섹터", "에너지", "유틸리티", "금융주", "금융 섹터", "헬스케어",
    "산업재", "소재", "경기소비재", "필수소비재", "커뮤니케이션", "리츠", "부동산 섹터",
    "부동산 업종", "부동산주", "금융", "바이오", "헬스 케어", "임의소비재",
    # a sector said as its stocks or its sector (기술주, 에너지 업종)
    "기술주", "기술 섹터", "기술 업종", "테크주", "it주", "에너지주", "에너지 섹터", "은행주",
    "헬스케어주", "바이오주", "제약주", "유틸리티주", "통신주", "통신 섹터", "소재주",
    "산업주", "소비재", "소비재주", "반도체주", "리츠주", "금융 업종", "헬스케어 섹터",
)
SECTOR_CUE = (r"섹터|업종|비중|\bsectors?\b|overweight|underweight|오버웨이트|언더웨이트|무겁|가볍"
              r"|allocated to|allocation to|proportion|share of|how much of|편입"
              r"|heav(?:y|ier) (?:in|on)\b|light(?:er)? (?:in|on)\b|\bweight(?:s|ed|ing)\b"
              r"|\bweight (?:in|of|on)\b")

# How old the numbers are, asked without the word "data": /status, with a cue that the
# numbers are the bot's ("these numbers", "보여주는 숫자").
AS_OF_WORDS = ("언제 기준", "며칠 기준", "몇일 기준", "기준 시점", "기준 날짜", "언제 날짜",
               "언제꺼", "언제 거", "as of when", "how current", "how recent", "how fresh",
               "how up to date", "how stale", "last updated", "언제 업데이트", "언제 갱신",
               # the date the figures are of
               "몇일자", "며칠자", "몇 일자", "며칠 자", "몇일 날짜", "as of what date",
               "as of which date", "what date are", "which date are", "as of time",
               "as-of time", "sourced from", "data source", "source of your data",
               "where's it sourced", "데이터 출처")
# Whether a day's close is in the figures: asked of the bot's own figures only (CLOSE_OF_OURS),
# since "애플 종가 반영됐나" asks of a price the bot does not show.
CLOSE_IN = ("종가 반영", "종가가 반영", "종가까지 반영", "종가 들어", "종가가 들어", "종가 포함",
            "today's close in", "include today's close", "includes today's close",
            "yesterday's close in", "include yesterday's close", "includes yesterday's close",
            # whether the figures are of the last close: asked of the bot's own (CLOSE_OF_OURS)
            "종가 기준임", "종가 기준이야", "종가 기준인가", "종가 기준 맞", "어제종가 기준",
            "어제 종가 기준", "오늘 기준 맞", "오늘 기준이 맞", "오늘 기준인", "어제꺼 아니",
            "어제 꺼 아니", "어제 거 아니", "최신 맞", "최신이 맞", "최신 거 맞", "최신꺼 맞",
            "today's numbers", "yesterday's numbers", "today's figures", "yesterday's figures",
            "today's data", "yesterday's data", "from today or yesterday")
CLOSE_OF_OURS = (r"숫자|수치|데이터|이거|이것|여기|이 ?값|봇|\bdata\b|\bnumbers\b|\bfigures\b"
                 r"|\bthese\b|\bthis\b|\byour\b|\byou\b")

# Other ways people name a family's subject: loanword spellings, synonyms, the things a
# family is about said without its keyword. Merged with the catalogue's words; they lead a
# question to a family only when the question is about the market at all (MARKET_ANCHORS).
# A fall from the top, however the top is named: a drawdown, asked of or watched.
# Small and large said bare, together ("소형 대형 비교", "small to large ratio").
BARE_PAIR = ("소형 대형", "대형 소형", "소형vs대형", "소형 vs 대형", "대형 vs 소형", "소형과 대형",
             "소형이랑 대형", "대형이랑 소형", "소형 대 대형", "small to large", "large to small")
# Words that ask nothing of their own: a question made of these and the bot's words only is
# asked of the bot ("still under water?"). Particles are stripped from Korean words first.
FILLER_WORDS = frozenset({
    "still", "yet", "now", "so", "then", "again", "are", "is", "was", "were", "we", "it",
    "they", "the", "a", "an", "what", "whats", "what's", "how", "how's", "hows", "like", "full",
    "any", "and", "or", "pls", "please", "plz", "us", "our", "hmm", "ok", "okay", "lol", "just",
    "do", "does", "did", "be", "been", "being", "there", "that", "this", "these", "those",
    "of", "on", "in", "at", "for", "to", "by", "with", "about", "ever", "really", "actually",
    "whole", "total", "overall", "currently", "right", "today", "anyway", "btw", "u", "ya",
    "far", "both", "each", "them", "their", "its", "from", "off", "much",
    "아직", "아직도", "지금", "좀", "여전히", "혹시", "그래서", "요즘", "현재", "그럼", "그러면",
    "얼마나", "어때", "어때요", "어떄", "임", "인가요", "이냐", "냐", "야", "요", "ㅋㅋ", "ㅋㅋㅋ",
})
# An election said by its result or its winner, dated by a year elsewhere in the sentence
# ("2016년 트럼프 당선 직후", "after trump got elected in 2016").
ELECTION_SAID = (r"대선|당선|선거|\belect(?:ed|ion|ions)\b|\b(?:trump|biden|clinton|harris)"
                 r"(?:'s)?\s+(?:(?:19|20)\d\d\s+)?(?:won|win|wins|victory)\b")
FROM_THE_TOP = (
    "from their high*", "from its peak*", "from their peak*", "off the peak*", "off its peak*",
    "off their peak*", "below its peak*", "below their peak*", "below the peak*", "off the top",
    "from the top", "under its high*", "under their high*", "under the high*", "under its peak*",
    "under their peak*", "under the peak*", "beneath its high*", "beneath its peak*",
    "off its top", "off their top", "from its top", "from their top", "고점 기준", "꼭지 대비",
    "꼭지에서",
)
EXTRA_TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "side:small": ("small vs large", "small versus large", "small/large", "large/small",
                   "small outperform*", "small underperform*", "small beat*", "small over large",
                   "small and large", "small or large caps", *BARE_PAIR),
    "side:large": ("small vs large", "small versus large", "small/large", "large/small",
                   "small over large", "small and large", "small or large caps", "vs large",
                   "versus large", *BARE_PAIR),
    "topic:status": (*AS_OF_WORDS, *CLOSE_IN),
    "topic:valuation": ("디스카운트", "프리미엄", "premium", "밸류 에이션", "p/e gap", "pe gap",
                        "multiples", "multiples wise", "earnings multiple*", "valuation multiple*",
                        "multiple compression", "multiple expansion", "할인 폭", "할인폭",
                        "turns of pe", "turns of p/e", "pe turns", "p/e turns",
                        "turns of earnings", "trading at a discount", "trade at a discount",
                        "trades at a discount", "멀티플 차이", "몇 배 차이", "몇배 차이",
                        # P/E by its full name, in either language
                        "주가 수익 비율", "주가수익비율", "price earnings", "price to earnings",
                        "price earnings ratio", "price to earnings ratio", "earnings multiple*",
                        "p e ratio", "피이 차이", "per차이", "pe차이", "피이차이", "cheapness",
                        "how cheap", "cheaper than", "price to earnings wise", "p/e wise",
                        "저평가", "고평가", "undervalued", "overvalued", "under valued",
                        "이익 대비", "몇배에 거래", "on sale", "a bargain", "bargain"),
    "topic:drawdown": (
        "how deep", "deepest", "below its high*", "off its high*", "off their high*",
        "below its best", "off its best", "from its best", "under its best", "below their best",
        "below their high*", "under water", "underwater", "peak to trough", "recover*",
        "recovery", "물속", "물 속", "물에 잠", "하락폭", "고점대비 하락", "고점 대비 하락",
        "하락률", "낙폭률", "고점 대비 하락률", "전고점 대비", "하락해 있", "빠져 있", "빠져있",
        "내려와 있", "떨어져 있", "고점에서 얼마나", "best point", "how far down",
        "gotten back to where", "get back to where", "back to where it was",
        "회복", "깊게 빠", "가장 많이 빠", "제일 많이 빠", "최대 하락", "엠디디",
        "드로다운", "드로우다운", "드로 다운", "trough", "bottomed", "최대 낙폭", "바닥",
        *FROM_THE_TOP,
    ),
    "topic:odds": (
        "how many times", "how frequently", "rolling", "롤링", "이긴 적", "앞선 적", "이긴 횟수",
        "이길 가능성", "이길 확률", "chance of beating", "chances of beating",
        "단위로", "몇 번이나", "몇 퍼센트의 확률",
        # how often a side won, as a share of the times or of the windows
        "share of the time", "fraction of the time", "percentage of the time",
        "% of the time", "of the time", "how frequently", "what share of", "what fraction of",
        "what percentage of", "historically", "track record", "batting average", "success rate",
        "base rate*", "hit rate*", "hit ratio", "strike rate", "how often", "타율",
        "확률적으로", "승률", "이길 확률", "이긴 확률",
        "이기는 경우", "이긴 경우", "앞서는 경우", "앞선 경우", "이긴 비율", "이기는 비율",
        "앞선 비율", "앞서는 비율", "우위였던", "우위인 경우", "우위 비율", "역사적으로",
        "구간으로 쪼개", "구간별로", "구간으로 나눠", "쪼개", "빈도", "확률적으로", "몇 퍼센트",
        "몇 %", "몇 프로", "얼마나 자주",
    ),
    "topic:top": (
        "inside", "largest names", "biggest names", "biggest positions", "largest holdings",
        "biggest holdings", "top holding*", "top names", "담긴", "들어 있는 종목", "들어있는 종목",
        "탑홀딩스", "탑 홀딩스", "탑홀딩", "종목 구성", "종목들",
        "holdings", "largest holding*", "biggest holding*", "largest position*",
        "top position*", "top stocks", "largest stocks", "biggest companies",
        "largest companies", "hold the most", "holds the most", "hold most", "holds most",
        "owns the most", "own the most", "biggest weights", "heaviest names",
        "톱 종목", "탑 종목", "톱10", "톱 10", "상위 보유", "주요 종목", "대표 종목",
        "많이 담", "많이 들고", "들어있", "들어 있", "큰 종목", "비중 높은 종목", "비중이 큰 종목",
        "많이 든", "든 종목", "든 회사", "들어간 종목", "들어간 회사", "담긴 회사",
        "biggest stuff", "holdin", "is holding", "holding the most", "제일 큰 회사들",
        "가장 큰 회사들", "제일 큰 회사", "가장 큰 회사", "제일 큰 종목", "가장 큰 종목",
        "큰 회사", "큰 기업", "어떤 종목", "무슨 종목", "종목 뭐", "which stocks", "what stocks",
        "which companies", "what companies", "stocks are in", "companies are in",
    ),
    "topic:sectors": (
        "overweight", "underweight", "exposure", "weighting",
        "오버웨이트", "언더웨이트", "비중", "노출",
        # the sectors themselves: a question about one of them is a question about weights
        *SECTOR_NAMES,
        "무겁", "가볍", "heavier in", "lighter in", "more weight in", "tilted toward*",
        "sector breakdown", "sector exposure", "섹터별", "섹터 구성", "업종 비중",
        "업종별", "업종별 비중", "업종별 편입 비중", "편입 비중", "편입비중", "업종 구성",
        "어떤 산업", "산업별", "산업 비중", "industries", "what industries", "which industries",
    ),
    "topic:rates": (
        "rate cut", "rate cuts", "rate hike", "rate hikes", "금리 인하", "금리인하", "금리 인상",
        "corr", "ust10y", "us10y", "tnx",
        "금리인상",
        "beta", "correlation", "correlated", "베타", "상관관계", "상관", "연동", "the 10 year",
        "the 10yr", "the 10y", "the ten year", "10년 금리", "장기 금리", "장기금리",
        "ten year yield", "ten year yields", "ten year treasury", "ten year note", "10 year note",
        "10yr yield", "10 yr yield", "10yr treasury", "10 year yields",
    ),
    "topic:mix": (
        "put", "putting", "add", "adding", "allocate", "the rest in", "the rest",
        "넣은", "넣", "담은", "섞은", "비중으로", "얹", "추가하면", "더하면", "끼워", "포폴",
        "sleeve", "cagr", "top up", "tilt toward*",
    ),
    "topic:gap": ("held up", "hold up", "holds up", "fared", "fare better", "버텼", "버틴"),
}
# Words that point at a family only weakly (score 1): a weight is asked of sectors and of
# holdings alike, "put" of mixes and of options.
WEAK_WORDS = frozenset({
    "overweight", "underweight", "exposure", "weight", "weights", "weighting", "오버웨이트",
    "언더웨이트", "비중", "노출", "put", "putting", "add", "adding", "the rest", "넣", "inside",
    "단위로", "recover*", "회복", "종목들", "무겁", "가볍", "heavier in", "lighter in",
    "more weight in", "tilted toward*", "몇 퍼센트", "몇 %", "몇 프로", "cagr", "들어있",
    "들어 있", "trough", "바닥", "historically", "역사적으로", "of the time",
})
STRONG_EXTRA = frozenset({
    "p/e", "pe ratio", "p/e gap", "pe gap", "디스카운트", "주가 수익 비율", "주가수익비율",
    "price earnings", "price to earnings", "price earnings ratio", "price to earnings ratio",
    "earnings multiple*", "p e ratio", "top holding*", "탑홀딩스", "탑 홀딩스",
    "the 10 year", "the 10yr", "the 10y", "the ten year", "이긴 적", "앞선 적", "cheapness",
    "저평가", "고평가", "undervalued", "overvalued", "multiples", "multiples wise", "멀티플",
    "turns of pe", "turns of p/e", "pe turns", "p/e turns", "turns of earnings",
    "trading at a discount", "trade at a discount", "trades at a discount",
})
# The instruments: "the 10-year" is the yield, never a 10-year window.
INSTRUMENT_WORDS: dict[str, tuple[str, ...]] = {
    "metric:yield": ("the 10 year", "the 10yr", "the 10y", "the ten year", "10년 금리",
                     "십년물", "십 년물", "십년 물",
                     "ten year yield", "ten year treasury", "ten year note", "10 year note",
                     "10y ust", "10 year ust", "10yr ust", "ust 10y", "ust", "usts", "ust10y",
                     "us10y", "tnx", "yld", "10y yld", "10yr yld",
                     "10yr yield", "10 yr yield", "10yr treasury", "10 year yields",
                     "ten year yields",
                     "장기 금리", "장기금리"),
    "metric:zscore": ("z스코어", "z 스코어", "지스코어", "제트스코어"),
    "metric:discount": ("디스카운트",),
    "metric:gap": ("갭", "격차"),
    "metric:drawdown": ("below its high*", "off its high*", "off their high*",
                        "below their high*", "from its high*", "엠디디", "mdd",
                        *FROM_THE_TOP),
    "basis:price": ("배당 빼고", "배당 제외", "배당 없이", "주가로만", "가격으로만", "no divs",
                    "no dividends", "ex dividends", "without dividends", "excluding dividends"),
    "alert_intent": (
        "alert", "one time alert", "one off alert", "one shot alert", "single use alert",
        "알려줄", "알려 줄", "알려드", "알림", "톡 줘", "톡 주", "톡 ㄱ", "alert when", "alert if",
        "let the group know", "let everyone know", "let the chat know", "let the room know",
        "give me a heads up", "heads up if", "heads up when",
    ),
    "op:<": ("worse than", "deeper than", "drops under", "goes under"),
    "op:>=": ("or higher", "or greater", "or more"),
    # "-10% or worse" of a fall is as deep or deeper: a size, its side the metric's
    "op:beyond": ("or worse",),
    "op:<=": ("or lower",),
    "op:>": ("넘게", "jump over", "jumps over", "rise over", "rises over", "climb over",
             "go over", "goes over"),
}

# What makes a question about the bot's topic at all (matched apart from the vocabulary,
# so an anchor never hides the family words it contains): a market, an index, a fund, small
# versus large, a valuation or the yield. A time span, a date, a percentage or a ticker the
# reader does not know is never enough; nor are family words in their everyday senses
# (a gap, cheap, a drawdown of energy, a rate on a loan, the odds of rain).
MARKET_ANCHORS: tuple[str, ...] = (
    "index", "indexes", "indices", "etf", "etfs", "fund", "funds", "stock market", "equities",
    "valuation", "valuations", "p/e", "pe ratio", "p/e spread", "pe spread", "earnings yield",
    "max drawdown", "mdd", "treasury", "treasuries", "10 year yield", "10y yield",
    "ten year yield", "ten year yields", "ten year treasury", "ten year note", "10 year note",
    "10yr yield", "10 yr yield", "10yr treasury", "10 year yields",
    "10 year treasury", "bond yields", "the 10 year", "the 10yr", "the 10y", "the ten year",
    "sector weights", "sector breakdown", "sector weight", "sector exposure", "sector allocation*",
    "지수", "펀드", "증시", "주식시장", "미국 주식", "미국주식", "밸류에이션", "국채", "10년물",
    "10년 국채", "10년 금리", "장기 금리", "장기금리", "섹터 비중", "섹터별", "섹터 구성",
    "업종 비중", "엠디디", "rate sensitiv*", "interest rate sensitiv*", "yield sensitiv*",
    "금리 민감", "금리민감", "금리 베타", "total return*", "price return*", "dividend*", "divs",
    "배당", "보유하", "보유 기간", "hold for", "held for", "holding period", "small vs large",
    "small versus large", "small/large", "large/small",
    # the bot's own vocabulary: the two legs of the pair, their ratio, its drawdown
    "both legs", "each leg", "the ratio", "ratio drawdown", "drawdown of the ratio",
    "the pair", "this pair", "our pair", "both sides", "양쪽다", "양쪽 다", "양쪽 모두", "양쪽의",
    "양측", "each side", "either side", "both of them",
    "peak to trough", "deepest drawdown", "maximum drawdown", "lookback", "드로다운",
    "드로우다운", "비율 드로다운", "최대 낙폭", "cagr",
    # valuation's and relative performance's own jargon
    "멀티플", "multiples wise", "earnings multiples", "valuation multiples", "underperformance",
    "turns of pe", "turns of p/e", "pe turns", "p/e turns", "trading at a discount",
    "outperformance", "relative performance", "relative returns", "언더퍼폼", "아웃퍼폼",
)
# Whether the valuation gap is unusual, asked of its history ("is the discount unusual?",
# "PER 차이 역사적으로 어느 수준이야?"): the debate's own question, a market question without
# a side named.
# ("pe" and "per" only as a ratio: a PE teacher and per capita income are not P/Es)
VALUATION_NOUN = (r"(?:\bdiscount\b|\bp/e\b|\bpe (?:ratio|spread|gap|discount|multiple)s?\b"
                   r"|\bper\s*(?=[가-힣])|\bvaluations?\b|할인율|할인 ?폭|밸류에이션|멀티플(?!렉스)"
                   r"|디스카운트|\bmultiples\b)")
_HISTORY_WORD = (r"(?:\bunusual\b|\bhistoric(?:al|ally)?\b|\bhistory\b|\bnormal\b|\btypical\b"
                 r"|\bextreme\b|\brecord\b|\bpercentile\b|\bon average\b|\blong[- ]term average\b"
                 r"|역사적|과거|이례적|평균|역대|백분위|장기 평균)")
VALUATION_HISTORY = (rf"{VALUATION_NOUN}[^.?!]{{0,40}}{_HISTORY_WORD}"
                     rf"|{_HISTORY_WORD}[^.?!]{{0,40}}{VALUATION_NOUN}")
# People named Russell: never the index ("russell crowe in gladiator", "kurt russell").
RUSSELL_PEOPLE = (r"\brussell\s+(?:crowe|brand|westbrook|wilson|peters|simmons|howard|hobbs"
                  r"|moore|hornsby|martin|tovey|hantz|t\.?\s*davies|davies|crow)\b"
                  r"|\b(?:bertrand|kurt|jane|keri|kerry|ken|theresa|mark|david|leon|bill|jack"
                  r"|nipsey|bryan|lilly|lily)\s+russell\b|러셀\s*(?:크로우|크로|브랜드|웨스트브룩|윌슨)")
# Subject names that are also people's names: they name the market only with other evidence.
# Tickers that are also everyday words ("a spy gadget"): in lower case, the same.
WEAK_SIDES = frozenset({"russell", "러셀", "spy", "dia", "rut", "스파이"})
# ... and in capitals, the ticker.
CAPS_TICKER_WORDS = r"\b(?:SPY|DIA|RUT)\b"
# Events that are also everyday life: they make a market question only with other evidence
# (or as an event window, "30 days after covid").
EVERYDAY_EVENTS = frozenset({"covid", "sept-11", "brexit", "election-2016", "election-2024"})
# Families about the bot itself: each needs one of its own cues besides a bare word.
ALERT_NOUN = r"\balerts?\b|\balert rules?\b|알림|알람"
# Other names for them, which are also a phone's or a calendar's: the chat's alerts only when
# asked of the bot or as set up (ALERTS_OF_OURS), and never of a device (NOT_OUR_ALERTS).
OTHER_ALERT_NOUN = (r"\breminders?\b|\balarms?\b|\bnotifications?\b|\btriggers?\b|\bpings\b"
                    r"|트리거|리마인더"
                    # the chat's rules as what was set up: "show me what's set up", "걸어둔 거"
                    r"|\bwhat(?:'s| is| has been| we(?:'ve| have)?| i(?:'ve| have)?) (?:been )?"
                    r"set up\b|걸어 ?둔|설정해 ?둔|걸려 ?있는")
ALERTS_OF_OURS = (r"\byou\b|\bbot\b|봇|\bhere\b|\bthis chat\b|\bset up\b|\bi(?:'ve| have)? set\b"
                  r"|\bhave i set\b|\bdid i set\b|\bwe(?:'ve| have)? set\b|\bhave we set\b"
                  r"|설정|걸어|\bsubscribed\b|\bsigned up\b|구독")
NOT_OUR_ALERTS = (r"\bphone\b|\biphone\b|\bandroid\b|calendar|\bwatch\b|\bapp\b|\balexa\b"
                  r"|\bsiri\b|\bgoogle\b|\boutlook\b|\bclock\b|\bemail|폰|캘린더|달력|시계|카톡|아이폰")
EVENT_NOUN = (r"\bevents\b|\bevent names?\b|이벤트|사건"
              # the events by other names: episodes and crises of the market's past
              r"|\b(?:historical|historic|market|past|financial|famous|major|big) "
              r"(?:episodes|crises|crashes|sell[\s-]?offs|shocks|moments)\b"
              # "which crashes or episodes does it know": two of them named together
              r"|\b(?:crashes|crises|episodes|sell[\s-]?offs|shocks)\s+(?:or|and|&|/)\s+"
              r"(?:crashes|crises|episodes|sell[\s-]?offs|shocks|events)\b"
              r"|위기들|과거 ?위기|역대 ?위기|역사적 ?(?:위기|국면|순간)|폭락장들")
# A company's or a flat's price: a startup "raised at a $40M valuation" is not the P/E gap.
PRIVATE_VALUATION = (r"\bstart-?ups?\b|\bpre-?money\b|\bpost-?money\b|\bseries [a-e]\b"
                     r"|\bfunding round\b|\braised at\b|\$\d+(?:\.\d+)?\s?(?:m|b|k|mn|bn)\b"
                     r"|\bunicorn\b|\bipo price\b|스타트업|투자 ?유치|기업 ?가치|시리즈 ?[a-e]\b"
                     r"|유니콘|\d+억 ?밸류")
# "리먼 말고 또 뭐 있어", "besides covid, which events": an event named to be set aside
EXCLUDING = r"말고|빼고|외에|제외|\bother than\b|\bbesides\b|\bexcept\b|\bapart from\b"
LIST_CUE = (r"\blists?\b|목록|리스트|\bshow\b|보여|\bwhat\b|\bwhich\b|뭐|\bset up\b|설정|걸린|걸어"
            r"|\benumerate\b|\bconfigured\b|\bexisting\b"
            r"|\bevery\b|\bin here\b|있지|있어|있음|\bactive\b")
# A company's or a flat's price: a startup "raised at a $40M valuation" is not the P/E gap.
PRIVATE_VALUATION = (r"\bstart-?ups?\b|\bpre-?money\b|\bpost-?money\b|\bseries [a-e]\b"
                     r"|\bfunding round\b|\braised at\b|\$\d+(?:\.\d+)?\s?(?:m|b|k|mn|bn)\b"
                     r"|\bunicorn\b|\bipo price\b|스타트업|투자 ?유치|기업 ?가치|시리즈 ?[a-e]\b"
                     r"|유니콘|\d+억 ?밸류")
# "리먼 말고 또 뭐 있어", "besides covid, which events": an event named to be set aside
EXCLUDING = r"말고|빼고|외에|제외|\bother than\b|\bbesides\b|\bexcept\b|\bapart from\b"
EVENT_LIST_CUE = (r"\blists?\b|목록|리스트|종류|\bkinds\b|\btypes\b|뭐뭐|어떤|무슨|가능한|볼 수"
                  r"|아는|\bwhich\b|\bwhat\b"
                  r"|\bknow\b|\bcan you\b|\banaly[sz]|\bsupport|지원|이름|\bnames\b|\bavailable\b"
                  r"|\bcover|다룰|다루는|되는")
# The events asked of the bot, not of a town's weekend: said to it, or of what it analyses.
EVENTS_ASKED = (r"\byou\b|\bu\b|봇|\bbot\b|지원|\bsupport|\bknow\b|아는|알고 있|\bcan i\b"
                r"|가능|볼 수|분석|종류|\bkinds\b|analy|/event|\bnames?\b|이름|목록|\blists?\b"
                r"|리스트|\bcover"
                r"|다룰|다루는|\bnamed\b|보여|\bshow\b|\blook at\b|\bcompare\b|비교"
                r"|\bthis thing\b|\bknow about\b")
STATUS_CUE = (r"data|데이터|yahoo|야후|refresh|종가|close|기준일|갱신"
              # the numbers the bot shows: how old they are is asked of the bot
              r"|\bnumbers\b|\bfigures\b|\bprices\b|\bquotes\b|숫자|수치|시세"
              # where the figures come from, and the bot's last fetch of them
              r"|\blast pull\b(?! request)|\bsourced?\b|\bfetch")
# The data's source said to be failing ("yahoo down again?", "야후 또 터졌나요?"): asked of
# the bot, it is /status, which says what went wrong with Yahoo.
SOURCE_TROUBLE = (r"(?:봇|\bbot\b|\byahoo\b(?!\s*(?:mail|news|answers|sports|japan))"
                  r"|야후(?!\s*(?:메일|재팬|뉴스))|\bdata ?(?:feed|source)\b|데이터 ?소스)"
                  r"[^.?!]{0,15}?"
                  r"(?:\bdown\b|\bbroken?\b|\bbreak(?:s|ing)?\b|\bdead\b|\bfail\w*|\berrors?\b"
                  r"|\bout(?:age)?\b|\bglitch\w*|\bacting up\b|\bwork(?:s|ing)?\b|터졌|터진|죽었"
                  r"|죽은|죽음|터짐|뻗|먹통|막혔|막힌|고장|오류|에러|장애|문제|안\s*(?:돼|되|들어|와|나와))"
                  # the figures not moving: "숫자가 어제랑 똑같은데", "numbers haven't changed"
                  r"|(?:숫자|수치|데이터)\S*\s*(?:가|이)?\s*어제(?:랑|와|하고)\s*(?:똑같|같)"
                  r"|(?:터졌|죽었|먹통|뻗었|장애)[^.?!]{0,6}(?:야후|\byahoo\b)(?!\s*(?:메일|mail))")
PAIR_CUE = r"compar|default|기본|비교|which|what|뭐"
# The chat's pair asked after without its name: "우리방 기본으로 뭐랑뭐 비교하게 돼있어?",
# "what do you compare by default?"
PAIR_ASKED = (r"기본\S*\s*(?:으로\s*)?(?:뭐|무엇|어떤)\S*\s*(?:뭐\S*\s*)?비교"
              r"|\b(?:what|which)\b[^.?!]{0,30}\b(?:compar\w*|pair)\b[^.?!]{0,20}\bby default\b"
              r"|\b(?:what|which)\b[^.?!]{0,20}\bdefault (?:pair|comparison)\b")
BARE_META = frozenset({"alerts", "pair", "페어", "updated", "업데이트", "최신", "fresh*", "stale",
                       "as of", "how old", "신선", "help", "도움", "기능", "features",
                       *AS_OF_WORDS, *CLOSE_IN})
# "just once", "한 번만": an alert that fires once.
ONCE = (r"\bonce\b|\bone[\s-]?time\b|\bone[\s-]?off\b|\bone[\s-]?shot\b|\bsingle[\s-]?use\b"
        r"|\b(?:just|only)\s+(?:the\s+)?one\s+(?:notification|alert|message|ping|warning)\b"
        r"|\ba single (?:notification|alert|message|ping|warning)\b|단 ?한 ?번|딱 ?한 ?번"
        r"|\bthen (?:delete|remove|drop|kill|cancel) it\b|한 ?번 ?만|1 ?회만|1 ?회성|일회성"
        r"|1 ?회용|일회용|(?:그 ?다음|그 ?담|그 ?뒤|그 ?후|울리면|울리고)(?:엔|에는|에)? ?"
        r"(?:바로 ?)?(?:지워|삭제|없애|꺼)")
# The order a split names its sides in ("60/40 small/large"): the first side named after
# the numbers takes the first number.
SPLIT_SMALL = r"small|little|소형|스몰|russell|러셀|iwm|vtwo|r2k"
SPLIT_LARGE = r"large|대형|라지|big|s&p|spy|voo|ivv|에스앤피"
_SIDE = rf"(?:{SPLIT_SMALL}|{SPLIT_LARGE})"
_HALF_KO = r"반(?:씩|으로|이면|이고|에)?(?![가-힣])"  # 반, not 반등 or 반도체
# "반반", "half and half", and each side named with its half ("러셀 반 s&p 반", "half in
# IWM, half in SPY"): a split of a portfolio in two equal shares.
HALF = (r"반반|반 반|half and half|half[\s/-]half|fifty[\s/-]fifty|5 ?대 ?5|equal[\s-]weight"
        rf"|{_SIDE}\S*?\s*{_HALF_KO}[^반]{{0,20}}?{_SIDE}\S*?\s*{_HALF_KO}"
        rf"|\bhalf\s+(?:in(?:to)?\s+|on\s+)?(?:the\s+)?{_SIDE}.{{0,25}}?"
        rf"\bhalf\s+(?:in(?:to)?\s+|on\s+)?(?:the\s+)?{_SIDE}")
# "비중 35%로 가져가면", "IWM 10% 얹으면", "a 5% small-cap sleeve": a share of a portfolio.
PORTFOLIO_SHARE = (r"\d+(?:\.\d+)?\s*%\s*(?:로|으로)\s*"
                   r"(?:가져|잡|하면|해서|두|맞추|늘리|유지|채우|구성)"
                   r"|\d+(?:\.\d+)?\s*%\s*(?:만\s*)?(?:얹|넣|담|섞|추가|더하|편입|끼워)"
                   # "20%를 소형주로 채우면": the share, then the side it fills
                   r"|\d+(?:\.\d+)?\s*%\s*(?:을|를)\s*\S+?(?:로|으로)\s*"
                   r"(?:채우|채워|넣|담|가져|구성|잡|운용|투자|배분|할당|,?\s*나머지)"
                   r"|\d+(?:\.\d+)?\s*%\s+(?:[a-z-]+\s+){0,2}"
                   r"(?:sleeve|slice|allocation|tilt|position|sprinkle|dash|dose|splash|chunk"
                   r"|bucket|overlay|carve[\s-]?out|weight(?:ing)?|share)\b"
                   # "10% … of small caps in the book": a share held in a portfolio
                   r"|\d+(?:\.\d+)?\s*%\s+(?:\S+\s+){0,5}?in\s+(?:the|my|our|a|your)\s+"
                   r"(?:book|portfolio|port|allocation|account)\b"
                   r"|\b(?:allocate|allocating|put|putting|add|adding|move|moving|shift|tilt"
                   r"|threw|throw|throwing|stuck|stick|park|parked|parking|dump|dumped|kept)\s+"
                   r"(?:just\s+|only\s+)?\d+(?:\.\d+)?\s*%")
# "상위 10개 종목", "top 5 holdings", "10대 종목": the largest holdings of a fund.
TOP_N = (r"(?:상위|톱|탑|\btop|\blargest|\bbiggest)\s*(?:\d{1,2}|ten|five|twenty)\s*"
         r"(?:개|위|대|개의)?\s*"
         r"(?:종목|보유|기업|회사|holdings?|stocks|names|positions|companies|constituents)"
         r"|\d{1,2}\s*대\s*(?:보유\s*)?종목|(?:종목|회사|기업)\s*\d{1,2}\s*(?:개|곳|위)")
# "percent of 5-year periods", "what fraction of rolling windows": how often, as a share.
ODDS_SHARE = (r"(?:percent(?:age)?|share|fraction|proportion|%)\s+of\s+(?:the\s+|all\s+)?"
              r"(?:rolling\s+)?(?:\d+[\s-]*(?:years?|yrs?|y)\s+|[a-z]+[\s-]years?\s+)?"
              r"(?:periods|windows|stretches|spans|holds|holding periods|years|times)\b"
              r"|구간\s*중|기간\s*중\s*(?:몇|얼마)|(?<!비)중\s*몇\s*(?:번|%|퍼센트|프로)"
              r"|(?:이기|이긴|앞서|앞선|아웃퍼폼)\S*\s*(?:구간|기간|경우)\S*\s*(?:비율|비중|확률|횟수)"
              r"|(?:과거|역대)\s*통계")
# A yield and the gap said together with a word of relation: the question /rates answers.
RELATION = (r"\blinks?\b|\blinked\b|relationship|connection|\bcorrelat|\brelated\b|\btied to\b"
            r"|\bdriv(?:e|es|en|ing)\b|\baffect|\bimpact|\binfluenc|\bdepend|\breact|\brespond"
            r"|move with|moves with|track with|상관|관계|연관|연동|영향")
# Words of a market falling: with an event that is also everyday life, a market question.
MARKET_FALL = (r"sell[\s-]?off|crash(?! course)|bear market|correction|rebound|rally"
               r"|폭락|급락|하락장|약세장|반등|조정장|증시")
# An episode after an event ("the rally after the 2024 election", "대선 이후 랠리"): the
# event itself is asked (/event), not the gap since its day.
EPISODE = (r"\brall(?:y|ies|ied)\b|랠리|sell[\s-]?off|\brebound|반등|폭락|급락|\bcrash|\bbounce"
           r"|\bspike|급등|\bpop(?:ped)?\b|\bsurge|\bslump")
# A fall from a top with words between: "below their respective peaks", "off its 3y high".
BELOW_PEAKS = (r"\b(?:below|off|from|under)\s+(?:their|its|the)\s+(?:[\w-]+\s+){0,2}"
               r"(?:peaks?|highs?|tops?|records?)\b")
# The two sides said bare and close: "small minus large", "small>large", "small / 60% large".
BARE_PAIR_SAID = (r"\bsmall\b\s*(?:[-/>+<]|minus|vs\.?|versus|or|and|over|to|than)?\s*"
                  r"(?:\d+\s*%\s*)?\b(?:large|big)\b")
# Index names with a number, misspelt ("russel 2000"): the number is no year.
INDEX_NUMBER = (r"(?<![a-z])ru[a-z]{2,6}\s*-?\s*(?:2000|1000)(?!\d)"
                r"|러[가-힣]{1,2}\s*(?:2000|1000)(?!\d)")
# The calendar year before last.
CALENDAR_YEAR_BEFORE_LAST = r"재작년|재 작년|지지난 ?해|the year before last|year before last"
# "80/20", "50대50": a split of a portfolio, the smaller share the small caps'.
SPLIT = r"(?<![\d./])(\d{1,2})\s*(?:/|대|:|-)\s*(\d{1,2})(?![\d./])"
# "배당 빼고", "나스닥 말고": what the question set aside is not its subject.
NOT_AFTER = ("말고", "빼고", "제외")
# "last year" as a calendar year; "the last year", "over the last year" is a trailing one.
# 작년 said as the time in which ("작년에", "작년 동안") is the calendar year too; bare 작년
# stays a trailing year ("작년 소형주 성과").
CALENDAR_LAST_YEAR = (r"(?<!the )(?<!past )\blast year\b|작년 ?한 ?해|작년 ?일 ?년|작년 ?연간"
                      r"|지난 ?해 ?한 ?해|전년도|(?:작년|지난 ?해)"
                      r"(?:에는|에|엔|\s*동안|\s*내내|(?=\s*(?:부터|이후|이래)))")
# Right after a calendar year's words: a point in it (작년 이맘때, 작년 4월) or a comparison
# with it (작년에 비해, last year's level: a change), not the year as a window.
NOT_CALENDAR_AFTER = (r"\s*(?:이맘|대비|동기|보다|비해|비하면|비교|말\b|초\b|\d|같은|처럼|만큼"
                      r"|여름|겨울|봄|가을|쯤)")
# S&P the credit-rating agency, not the index: a rating, a grade, a downgrade, debt.
CREDIT_CUE = (r"credit|rating|신용|등급|강등|downgrad|upgrad|\bjunk\b|정크|investment grade"
              r"|\b(?:aaa|aa|bbb|bb|ccc)[+-]?(?![a-z])|\bdebt\b|부채|채무|outlook")
AGENCY_SP = r"s&p(?!\s*(?:500|600|400|지수|index|small|smallcap))|에스앤피(?!\s*(?:500|지수))"
# Names of the US market: with them, KOSDAQ small caps can be compared to the Russell.
US_NAMED = (r"russell|러셀|r2k|s&p|에스앤피|미국|\bus\b|u\.s\.|\bamerica|nasdaq|나스닥|\bdow\b"
            r"|다우|\bspx\b|iwm|vtwo|spy|voo|ivv")
# The message asks something (news is read only with a question besides).
QUESTION_CUE = (r"\?|\bhow\b|\bwhat\b|\bwhats\b|\bwhich\b|\bdid\b|\bdoes\b|\bwhy\b|\bshow\b"
                r"|\bcompare|\btell me\b|어때|어땠|얼마|뭐|왜|했어|했나|나요|까요|까\b|보여|비교"
                r"|알려|\bvs\b|versus|대비|보다|줘|\bpls\b|\bplease\b|어케|어떻게|어떰|어떤지")
# "러셀 20% 나머지 S&P", "소형주 30 대형주 70": a side named with its share of a portfolio.
SIDE_SHARE = (rf"(?:(?P<small>{SPLIT_SMALL})|(?P<large>{SPLIT_LARGE}))"
              # the share said with its side, not across "and" ("SPY and 25% in IWM")
              r"(?:(?!\band\b|,|그리고)[^\d%]){0,12}?"
              r"(?<![\d.])(?P<n>\d{1,2})(?![\d.])\s*(?:%|퍼센트|프로)?"
              # a move, not a share: "small caps 30% up", "소형주 3% 빠졌"
              r"(?!\s*(?:up\b|down\b|gain|drop|fell|rose|ral|올|빠|떨|상승|하락|급|넘게))"
              r"(?!\s*(?:년|개월|달|주|일|배|bp|x\b|y\b|yrs?\b|years?\b|m\b|mo\b|months?\b|w\b"
              r"|d\b|days?\b))")
# The rest of a portfolio said without its number: "나머지 S&P", "the rest in SPY".
REST_CUE = (r"나머지|나머진|\bthe rest\b|\brest in\b|\brest into\b|\bremainder\b|\brest of it\b"
            # "rest s&p", "rest on the russell": the rest said right before its side
            rf"|\brest\s+(?:on\s+|to\s+)?(?:the\s+)?{_SIDE}")
# "25% small caps", "30% in the russell": a share said before its side (with the rest, or
# another side's share, a split).
SHARE_SIDE = (r"(?<![\d.])(?P<n>\d{1,2})\s*(?:%|퍼센트|프로)\s*(?:in(?:to)?\s+|on\s+)?(?:the\s+)?"
              rf"(?:(?P<small>{SPLIT_SMALL})|(?P<large>{SPLIT_LARGE}))")
# A move said with its direction: "falls more than 30bp", "down 5%", "10% 오르면". With a
# size, the move's sign is the verb's ("set up" is no move).
MOVE_DOWN = (r"\b(?:falls?|fell|falling|drops?|dropped|dropping|down|slides?|slid|sliding"
             r"|sinks?|sank|declines?|declined|tumbles?|tumbled|tanks?|tanked|plunges?|plunged"
             r"|slumps?|slumped|loses?|lost|shed|sheds)\b"
             r"|떨어|빠지|빠져|빠진|하락|내리면|내려|밀리면|밀려|급락|폭락")
MOVE_UP = (r"(?<!set )(?<!sets )(?<!set it )\bup\b"
           r"|\b(?:rises?|rose|rising|jumps?|jumped|climbs?|climbed|gains?|gained|rall(?:y|ies|ied)"
           r"|surges?|surged|soars?|soared|spikes?|spiked|pops?|popped)\b"
           r"|오르|올라|상승|튀면|튀어|뛰면|뛰어|급등")
# Words of a level below: with them a fall is to a level ("falls below 5%"), not of a size.
LEVEL_BELOW = (r"\bbelow\b|\bunder\b|\bless than\b|\blower than\b|아래|밑으로|밑돌|미만|이하|하회"
               r"|보다 ?(?:작|낮)")
# A move is an alert's condition only when said as one ("if", "when", "…면", "set an alert:");
# "it was up 2% this week, let me know how it did" reports a move, it asks for no rule.
MOVE_CONDITION = (r"\bif\b|\bwhen(?:ever)?\b|\bonce\b|\bin case\b|\bshould\b|면(?![가-힣])"
                  r"|\b(?:set|create|add|make)\s+(?:up\s+)?(?:an?\s+)?alert"
                  r"|\balert\s+(?:me|us)\s+(?:on|for|to)\b")

# A move against the other side: the small side "behind", "lagging", "뒤처지면", "보다 …
# 밀리면" is the gap below minus the size; "ahead of", "앞서면", "이기면" above it. Read only of
# an alert's condition.
REL_BEHIND = (r"\bbehind\b|\blag(?:s|ged|ging)?\b|\btrail(?:s|ed)?\b|\bunderperform\w*"
              r"|뒤처지|뒤쳐지|뒤처져|뒤쳐져|뒤지면|뒤지는|뒤떨어|언더퍼폼"
              r"|(?:보다|대비|에 비해)[^.?!]{0,16}밀리")
REL_AHEAD = (r"\bahead of\b|\boutperform\w*|\bout ?run\w*|\bbeats?\s+(?:the\s+)?(?:s&p|spy"
             r"|large|big|russell|small)|\bleads?\s+(?:the\s+)?(?:s&p|spy|large|big|russell|small)"
             r"|앞서|이기면|이길|아웃퍼폼|(?:보다|대비|에 비해)[^.?!]{0,16}(?:앞서|이기)")
# Zero said as a word after a comparison ("crosses zero", "goes below zero"): the number 0.
ZERO_WORD = (r"\b(?:cross\w*|above|below|over|under|through|past|hits?|reach\w*|than|to"
             r"|touch\w*)\s+(?:the\s+)?(?P<zero>zero)\b")
# A size between the sides: percentage points.
GAP_UNITS = frozenset({"%p", "pp", "퍼센트포인트", "포인트", "point", "points"})
# "If …, tell me": a tell asked for after a condition; "… 알려" closing the message.
ALERT_ASK = (r"\b(?:if|when(?:ever)?|should|once|in case)\b[^.?!]*?,\s*"
             r"(?:(?:then|please|just|do)\s+)*"
             r"(?:tell|inform|notify|warn)\s+(?:me|us)\b|알려\s*(?:ㄱ|요)?[.!~\s]*$")
# A mix asked of: a hypothetical or a question ("would", "if I had", "backtest", "?",
# "어땠", "…면", "포트 짜"). Without one, "the rest" / a share is said of one's own money
# ("the rest of my money is in the S&P lol"), not asked of a portfolio.
MIX_ASK = (r"\?|\bwould\b|\bif\b|backtest|\bhow\b|what if|\bsuppose|\bimagine|\bsay i\b"
           r"|어땠|어때|면(?![가-힣])|포트 ?짜|포폴 ?짜|했으면|백테스트|얼마|보여|비교|경우|궁금")
# 작년에 as the calendar year only when its performance is asked ("작년에 S&P 샀는데 반은
# 팔았어" is a statement); a purchase then ("작년에 산", "작년에 샀") is a start.
PERFORMANCE_ASK = r"얼마나|어땠|어때|수익률|성과|\?|비교|보여|알려"
BOUGHT_AFTER = r"\s*(?:산|샀|매수|사서|사둔|사 둔|들어간|투자한|넣은)"
# Odds words of a record ("hit rate", "how often") are odds only of one side winning.
RECORD_ODDS = ("hit rate", "hit ratio", "how often", "track record", "batting average",
               "success rate", "strike rate", "얼마나 자주", "타율")
SIDE_WINS = (r"\bwin|\bwon\b|\bbeat|outperform|\bahead\b|\blead|\btop(?:s|ped)?\b|\blag"
             r"|small\s*>\s*large|large\s*<\s*small"
             r"|underperform|\btrail|이기|이긴|앞서|앞선|우위|뒤처|아웃퍼폼|언더퍼폼|좋았|나았|잘했")
# A cheer or a groan, not a question: "SPY at another all time high, we're so back".
CHEER = (r"we'?re so back|\bso back\b|it'?s so over|to the moon|\bstonks\b|\blfg\b"
         r"|가즈아|떡상|떡락|난리\s*났|ㄷㄷ"
         r"|^\s*(?:agreed|exactly|true that|facts|so true|맞아|ㅇㅈ|인정)\b"
         # an opinion or a bet said, not asked
         r"|\bi bet\b|gonna (?:rip|moon|pump|dump|crash|fly)|\balways (?:look|are|seem)"
         r"|whole point|\bi think\b|\bimo\b|\bimho\b|얘기 ?(?:몇|듣)|듣는 ?중")
# Said to someone else in the chat, or to everyone: "@dave did you dump your IWM yet?",
# "anyone else still holding small caps?", "다들 소형주 비중 얼마나 가져가세요?".
TO_OTHERS = (r"^\s*@\w+|\banyone else\b|\bwho else\b|\byou guys\b"
             r"|^\s*(?:anyone|anybody)\b"
             # "다들 … 가세요?" asks the group; "다들 싸다 하는데 …" reports what it says
             r"|^\s*(?:다들|여러분|님들|얘들아|너네|니들)(?![^.?!]{0,25}(?:하는데|하던데|그러는데"
             r"|라는데|던데|하지만|말이 많|많은데))")
# The P/E of something the bot does not value: "the P/E on Samsung Electronics", "PE of
# Apple" (the name after it is no side, fund or index of ours).
PE_OF_OTHER = (r"\b(?:p/e|pe ratio|pe|per|valuation|multiple)\s+(?:on|of|for)\s+(?!(?:the|both|each"
               r"|it|its|them|their|these|those|our|this|that|small|little|large|big|russell|s&p"
               r"|iwm|vtwo|spy|voo|ivv|r2k|rut|spx|us|u\.s\.|american|index|indexes|funds?)\b)"
               r"[a-z][\w.&-]+")
# One's own life said with an event's words: "the fed cut my budget", "rate cuts helped my
# mortgage", "saved my house".
OWN_LIFE = (r"\b(?:cut|cuts|helped|hurt|saved|killed|ruined)\s+(?:my|our)\b"
            r"|\bmy (?:budget|mortgage|house|loan|rent|salary|pay|hours|bonus)\b")
# Words that show the sides' figures are asked about as the market: a performance.
FIGURE_ASKED = (r"caught up|catch up|\blag|\bbehind\b|\bbeat|outperform|underperform|perform"
                r"|\breturns?\b|\bdone\b|\bdid\b|\bdoing\b|\bfared?\b|held up|hold up|cheap"
                r"|수익률|성과|격차|뒤처|따라잡|이겼|앞서|싸|잘했|잘 했|못했|나았|좋았|어땠|얼마나"
                r"|더 ?올랐|더 ?빠졌|더 ?떨어졌|\brallied\b|\bdropped more\b|\bahead\b|how often")
# One's own portfolio remarked on: "내 포트 기술주 비중이 너무 높아" asks nothing of the funds.
OWN_PORTFOLIO = (r"(?:내|제|우리) ?(?:포트|포폴|계좌)|\bmy (?:portfolio|account|holdings)"
                 r"|계좌 ?-?\d|괜히 샀|샀다가|물렸|손절했"
                 r"|\bmy (?:own )?(?:stocks|picks)")
# A named event whose words are also today's news: read only with a reference to the
# event itself (its year, the US rated with a past reference, or how a market did).
_PAST_REF = (r"(?:때|당시|이후|직후|\bafter\b|\bduring\b|\bback\b|\bsince\b|\bfollowing\b"
             r"|\bin the\b)")
_US = r"(?:미국|\bus\b|u\.s\.|\bamerica)"
EVENT_REFERENCE = {
    # Rate cuts in general ("do rate cuts help small caps?") are the rates question; the
    # 2024 cut is the event when that cut is meant: its year, "the" cut, "first", 50 bp.
    "fed-cut-2024": (
        r"2024|작년|지난 ?해|last year|september|\bsept?\b|9월|\bfirst\b|첫|50 ?bp|jumbo"
        r"|빅 ?컷|big cut|half[\s-]point|pivot|피벗|fed-cut|\b(?:the|that)\s+(?:fed(?:'s)?\s+)?"
        r"(?:rate\s+)?cuts?\b|\bfed\s+cut\b|인하\s*(?:이후|후|때|직후|당시)"
        r"|\bafter\s+(?:the\s+)?fed\b"),
    "us-downgrade-2011": (
        rf"2011|{_US}[^.?!]*?{_PAST_REF}|{_PAST_REF}[^.?!]*?{_US}"
        r"|\bhow (?:did|do|does)\b|\bwhat happened\b|어땠|얼마나|성과|수익률|\bperform|\bfared?\b"
        r"|\breact|반응"),
}
# A record of one's own ("my stock picks", "our trades", "내 종목"): not the funds'.
OWN_RECORD = r"\b(?:my|our|your)\b|\byou guys\b|내 |제 |우리 "
# The rest put on a side: "rest in voo", "the rest on the s&p", "나머지 S&P".
REST_SIDE = (r"(?:\bthe rest\b|\brest\b|\bremainder\b|나머지|나머진)(?:를|는|은|도)?\s*"
             r"(?:(?:in(?:to)?|on|to)\s+)?"
             rf"(?:the\s+)?{_SIDE}")
