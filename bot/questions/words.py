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
"""

from __future__ import annotations

# -- subjects ----------------------------------------------------------------------------------

# Generic names mean "the chat's side"; index names mean the index itself.
SIDE_WORDS: dict[str, tuple[str, ...]] = {
    "side:small": (
        "small caps", "small cap*", "smallcap*", "small-cap*", "small stocks", "russell",
        "russell 2000", "russell2000", "r2k",
        "소형주", "소형 주", "중소형주", "스몰캡", "러셀", "러셀 2000", "러셀이천",
    ),
    "side:large": (
        "large caps", "large cap*", "largecap*", "big caps", "big stocks", "mega caps",
        "대형주", "대형 주", "라지캡", "빅캡",
    ),
    # Resolved to the chat's large side when that side is an S&P 500 fund, else SPY.
    "family:sp500": (
        "s&p", "s&p 500", "s&p500", "sp500", "sp 500", "snp", "snp500", "the market",
        "에스앤피", "에스엔피", "에스앤피500", "에스엔피500",
    ),
}

TICKER_WORDS: dict[str, tuple[str, ...]] = {
    "ticker:^RUT": (
        "^rut", "rut", "russell index", "russell 2000 index", "the russell index",
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
    "ticker:VTWO": ("vtwo",),
    "ticker:IWM": ("iwm",),
    "ticker:SPY": ("spy",),
    "ticker:VOO": ("voo",),
    "ticker:IVV": ("ivv",),
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
RUSSELL_2000_FUNDS = frozenset({"VTWO", "IWM", "^RUT"})
SP500_FUNDS = frozenset({"SPY", "VOO", "IVV", "SPLG", "^GSPC"})

# Upper-case words that look like tickers and are not (checked after the vocabulary).
NOT_TICKERS = frozenset(
    [
        "I", "A", "OK", "US", "USA", "UK", "EU", "PE", "PER", "EPS", "ETF", "ETFS", "YTD", "MAX",
        "THE", "AND", "OR", "VS", "AI", "IPO", "USD", "KRW", "NYSE", "FOMC", "CPI", "GDP", "FED",
        "SVB", "CEO", "CFO", "LOL", "LMAO", "OMG", "WTF", "BTW", "FYI", "IMO", "TR", "DD", "MDD",
        "KO", "EN", "EN-US", "NO", "YES", "HI", "HEY", "YO", "PM", "AM", "EST", "KST", "UTC", "TL",
        "DR", "ATH", "PP", "BP", "YOY", "QOQ", "MOM", "PLS", "THX", "TY", "WHO", "WHY", "HOW",
        "WHAT", "WHEN", "IS", "IT", "MY", "ME", "WE", "DO",
    ]
)

# -- topics ------------------------------------------------------------------------------------

TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "topic:gap": (
        "lag*", "behind", "trail*", "outperform*", "underperform*", "beat*", "beating",
        "perform*", "return", "returns", "vs", "versus", "compare*", "comparison", "gap",
        "difference", "relative*", "how far", "catch up", "caught up",
        "lead*", "ahead", "gain*", "up or down",
        "뒤졌", "뒤처", "뒤쳐", "뒤떨어", "차이", "격차", "수익률", "성과", "성적", "이겼", "이기",
        "앞섰", "앞서", "비교", "어때", "어땠", "어떄", "얼마나", "올랐", "상승", "하락",
        "언더퍼폼",
        "아웃퍼폼", "대비", "벌어", "따라잡", "잘했", "못했", "부진", "선방", "상대 성과", "갭",
    ),
    "topic:valuation": (
        "valuation*", "cheap*", "expensive", "p/e", "pe", "pe ratio", "per", "multiple*",
        "earnings", "discount*", "overvalued", "undervalued", "pricey", "p/e spread",
        "pe spread", "p/e 차이", "pe 차이", "per 차이", "할인율", "주가수익비율",
        "밸류에이션", "밸류", "싸", "싼", "저평가", "고평가", "비싸", "비싼", "할인", "주가수익",
        "멀티플", "피이", "고밸류", "저밸류",
    ),
    "topic:sectors": (
        "sector*", "industr*", "sector weights", "섹터", "업종", "산업별", "산업 비중",
    ),
    "topic:top": (
        "holding*", "top holdings", "constituent*", "top 10", "top ten", "biggest stocks",
        "largest positions", "what's in", "what is in",
        "보유 종목", "보유종목", "구성 종목", "구성종목", "편입 종목", "상위 종목", "top10",
        "담고 있", "뭘 담", "뭐가 들어", "비중 큰 종목", "탑10", "탑 10",
    ),
    "topic:rates": (
        "yield", "yields", "rate", "rates", "interest rate*", "10 year yield",
        "10 year treasury", "10y yield", "10 year rate", "10 yr", "treasur*", "bond*",
        "rate sensitiv*", "sensitiv*", "국채 금리",
        "금리", "국채", "10년물", "10년 국채", "10년 만기", "채권", "민감도", "민감", "이자율",
    ),
    "topic:drawdown": (
        "drawdown*", "draw down", "peak", "off the high*", "from the high*", "from its high*",
        "below the high*", "all time high*", "ath", "max drawdown", "mdd", "underwater",
        "from the peak",
        "낙폭", "고점 대비", "고점대비", "고점에서", "최고점", "전고점", "고점", "하락폭",
    ),
    "topic:event": (
        "crisis", "crash*", "sell off", "selloff", "panic", "during", "episode", "shock",
        "위기", "폭락", "사태", "당시", "때", "쇼크", "급락",
    ),
    "topic:odds": (
        "odds", "probabilit*", "chance*", "likel*", "how often", "win rate", "hit rate",
        "win", "wins", "hold for", "holding period", "held for", "percent of the time",
        "확률", "승률", "보유하", "보유 기간", "들고 있으면", "가지고 있으면", "몇 번",
        "얼마나 자주",
        "이길 확률", "이길까",
    ),
    "topic:mix": (
        "mix*", "portfolio*", "allocat*", "diversif*", "blend*", "slice", "tilt",
        "add small caps", "adding small caps",
        "섞", "포트폴리오", "분산", "배분", "자산 배분", "편입", "넣으면", "담으면", "섞으면",
    ),
    "topic:alerts": (
        "alerts", "my alerts", "our alerts", "alert list", "list of alerts", "which alerts",
        "what alerts", "alert rules",
        "알림 목록", "알림목록", "알림 리스트", "설정된 알림", "알림들", "알림 뭐", "무슨 알림",
        "알림 현황",
    ),
    "topic:status": (
        "fresh*", "stale", "updated", "up to date", "last refresh*", "data", "last update*",
        "as of", "latest close", "how old",
        "데이터", "최신", "업데이트", "갱신", "신선", "기준일", "마지막 종가",
    ),
    "topic:help": (
        "help", "what can you do", "what do you do", "commands", "how do i use",
        "how to use", "what can i ask", "features",
        "도움말", "도움", "뭐 할 수 있", "뭘 할 수 있", "무엇을 할 수 있", "사용법", "명령어",
        "기능",
        "뭐 물어", "뭘 물어", "어떻게 써",
    ),
    "topic:pair": (
        "pair", "default pair", "which pair", "what pair", "comparing against",
        "페어", "기본 쌍", "비교 대상", "비교 쌍", "기본 비교",
    ),
}

# Command names typed as words are strong evidence; everything else scores 1.
STRONG_WORDS = frozenset({
    "gap", "valuation", "valuations", "sectors", "drawdown", "odds", "mix", "alerts",
    "status", "pair", "밸류에이션", "섹터", "낙폭", "확률", "도움말", "알림 목록",
    "보유 종목", "보유종목", "포트폴리오", "10년물", "금리", "top holdings", "from the peak",
    "peak", "off the high", "from the high", "고점 대비", "고점대비", "고점에서", "전고점",
})

# Named market events: (slug for /event, the day it started).
EVENTS: dict[str, tuple[str, str]] = {
    "liberation-day": ("liberation-day", "2025-04-02"),
    "covid": ("covid", "2020-02-19"),
    "svb": ("svb", "2023-03-08"),
    "fed-cut-2024": ("fed-cut-2024", "2024-09-18"),
    "lehman": ("lehman", "2008-09-12"),
}
EVENT_WORDS: dict[str, tuple[str, ...]] = {
    "event:liberation-day": (
        "liberation day", "tariff day", "liberation day tariffs", "april 2 tariffs",
        "해방의 날", "해방의날", "해방일", "관세 발표", "상호관세",
    ),
    "event:covid": (
        "covid*", "corona*", "pandemic", "covid crash", "covid-19",
        "코로나", "팬데믹", "코로나19",
    ),
    "event:svb": (
        "svb", "silicon valley bank", "bank crisis", "banking crisis", "regional bank*",
        "실리콘밸리은행", "실리콘 밸리 은행", "은행 위기", "지역은행",
    ),
    "event:fed-cut-2024": (
        "fed cut", "the fed cut", "rate cut", "rate cuts", "first cut", "fed cut 2024",
        "fed-cut-2024", "the first rate cut", "fed pivot",
        "금리 인하", "금리인하", "첫 인하", "연준 인하", "기준금리 인하", "피벗",
    ),
    "event:lehman": (
        "lehman*", "gfc", "financial crisis", "2008 crisis", "global financial crisis",
        "리먼", "금융위기", "금융 위기", "2008년 위기",
    ),
}
# Right before an English event name / right after a Korean one, these make it a start date.
SINCE_BEFORE = ("since", "from", "starting")
SINCE_AFTER = ("이후", "부터", "이래", "후로")

# -- alerts ------------------------------------------------------------------------------------

ALERT_WORDS: dict[str, tuple[str, ...]] = {
    "alert_intent": (
        "tell us when", "tell me when", "tell us if", "tell me if", "let me know",
        "let us know", "alert me", "alert us", "notify", "ping me", "ping us", "warn me",
        "warn us", "set an alert", "set alert", "create an alert", "add an alert",
        "heads up", "message me", "message us", "remind me",
        "알려줘", "알려 줘", "알려주", "알려다오", "알림 설정", "알림 걸", "알림 줘", "알림 해",
        "알림 만들", "알림을 설정", "알람", "경고해", "통보",
    ),
    # Longer phrases first in meaning: "crosses above" beats "crosses".
    "op:crosses_above": (
        "crosses above", "breaks above", "crosses over", "상향 돌파", "상향돌파", "돌파",
    ),
    "op:crosses_below": ("crosses below", "breaks below", "하향 돌파", "하향돌파", "이탈"),
    "op:crosses": (
        "cross*", "pass*", "hits", "hit", "reaches", "touches", "goes through",
        "통과", "지나", "도달", "닿으면", "찍으면", "되면",
    ),
    "op:>": (
        "above", "goes over", "rises over", "gets over", "is over", "exceeds", "exceed", "tops",
        "more than", "greater than",
        "higher than", "rises above", "climbs above", "goes above", "gets above",
        "넘으면", "넘어서", "넘어가", "넘기", "넘", "초과", "위로", "보다 크", "보다 높", "높아지",
        "올라가", "올라서", "웃돌",
    ),
    "op:>=": ("at least", "or more", "or above", "이상"),
    "op:<": (
        "below", "under", "falls below", "drops below", "dips below", "less than",
        "lower than", "goes below", "gets below", "falls under", "sinks below",
        "아래로", "밑으로", "미만", "떨어지", "떨어져", "내려가", "낮아지", "하회", "보다 작",
        "보다 낮",
        "밑돌",
    ),
    "op:<=": ("at most", "or less", "or below", "이하"),
    "metric:discount": ("discount*", "할인율", "할인"),
    "metric:spread": (
        "spread", "pe spread", "p/e spread", "turns", "스프레드", "p/e 차이", "pe 차이", "per 차이",
        "배 차이",
    ),
    "metric:pe": ("p/e", "pe", "per", "pe ratio", "주가수익비율", "피이"),
    "metric:zscore": (
        "z score", "zscore", "z-score", "sigma*", "σ", "standard deviation*", "표준편차", "시그마",
    ),
    "metric:yield": ("yield", "yields", "10 year yield", "10 year treasury", "10y yield",
                     "10년물", "국채 금리", "금리", "10년 국채"),
    "metric:change": ("change*", "moves", "move", "jumps", "jump", "by", "변화", "변동", "움직",
                      "bp", "bps", "basis point*", "bp 이상"),
    "metric:drawdown": ("drawdown*", "draw down", "from the peak", "낙폭", "고점 대비", "고점대비"),
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
    ("small_dd", frozenset({"metric:drawdown"})),
    ("pe_spread", frozenset({"metric:spread"})),
    ("pe_discount", frozenset({"metric:discount"})),
    ("pe_discount", frozenset({"metric:pe"})),
    ("yield_chg", frozenset({"metric:yield", "metric:change"})),
    ("yield", frozenset({"metric:yield"})),
    ("gap", frozenset({"metric:gap"})),
    ("large_ret", frozenset({"metric:return", "side:large"})),
    ("small_ret", frozenset({"metric:return"})),
    ("gap", frozenset()),
)
# Metrics measured over a window, with the window written out when the question gives none.
ALERT_DEFAULT_WINDOW = {"gap": "1y", "small_ret": "1y", "large_ret": "1y", "ratio_z": "5y"}
# Newer metrics that take a window only when one is asked for.
ALERT_OPTIONAL_WINDOW = frozenset({"yield_chg", "small_dd", "ratio_dd"})

# -- the rest ----------------------------------------------------------------------------------

OTHER_WORDS: dict[str, tuple[str, ...]] = {
    "basis:total": (
        "total return*", "with dividends", "including dividends", "dividends included",
        "dividends reinvested", "배당 포함", "배당포함", "배당 재투자", "총수익", "토탈 리턴",
    ),
    "basis:price": ("price return*", "price only", "가격 기준", "주가 기준", "가격만"),
    "offtopic": (
        "bitcoin", "btc", "crypto*", "ethereum", "eth", "dogecoin", "weather", "lunch",
        "dinner", "breakfast", "recipe", "movie*", "football", "soccer", "joke", "gold price",
        "비트코인", "코인", "이더리움", "가상화폐", "암호화폐", "날씨", "점심", "저녁", "아침 뭐",
        "메뉴", "먹지", "먹을까", "맛집", "영화", "축구", "야구", "농담", "금값", "부동산",
        "아파트",
    ),
}

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
    "dividends", "lehman", "pandemic", "alerts",
    "러셀", "나스닥", "밸류에이션", "섹터", "낙폭", "코로나", "포트폴리오", "에스앤피", "소형주",
    "대형주", "보유종목", "국채", "해방의날", "수익률",
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
    "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "십": 10,
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
    (r"all[\s-]*time|since inception|max(?:imum)? (?:history|period)|full history"
     r"|전체 ?기간|역대|상장 ?(?:이후|이래)|사상 최대|전 ?기간", "max"),
    (r"last year|past year|over a year|a year|12 months|지난 ?해|작년|지난 ?1 ?년|최근 ?1 ?년"
     r"|1 ?년 ?간|일 ?년|한 ?해", "1y"),
    (r"last month|past month|this month|지난 ?달|지난 ?한 ?달|한 ?달|이번 ?달", "1m"),
    (r"last quarter|past quarter|this quarter|지난 ?분기|한 ?분기|이번 ?분기", "3m"),
    (r"half a year|half[\s-]*year|six months|반 ?년|반기", "6m"),
    (r"a decade|last decade|past decade|decade|십 ?년", "10y"),
)
