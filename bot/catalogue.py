"""Every command once: its name, grammar, help and examples in both languages, menu
entry, inline support, window buttons, the slots it takes, the words that lead a
question to it, and the function that answers it.

Telegram's handlers and menu, /help, inline mode, the console and the question reader
are all derived from this table; nothing else lists the commands. Adding a command is
one entry here, one answer function and its messages (README, "Adding a command").

Help texts are HTML (`&amp;`, `&lt;`); examples are shown as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Command:
    name: str
    answer: str  # "module:function" of bot.answers, imported when first asked
    group: str  # the /help section: market, debate, alerts, settings
    syntax: dict[str, str]  # the arguments, in each language ("" for none)
    summary: dict[str, str]  # one line: the menu entry and the help line
    examples: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    in_menu: bool = True
    inline: bool = False  # answers `@bot NAME ARGS` in any chat
    # The slots the command reads: window, pair, ticker, event, days, pct, years, metric.
    takes: frozenset[str] = frozenset()
    # A row of window buttons under the answer, and where the window stands in its words.
    window_buttons: tuple[str, ...] = ()
    window_position: int = 0
    # Words that point a plain-language question at this command (bot/questions).
    words: tuple[str, ...] = field(default=(), repr=False)


GROUPS = ("market", "debate", "calls", "alerts", "settings")

COMMANDS: tuple[Command, ...] = (
    Command(
        "gap", "bot.answers.gap:gap", "market",
        {"en": "[WINDOW] [SMALL LARGE]", "ko": "[기간] [소형주 대형주]"},
        {"en": "Small vs large caps: relative performance, price and total return",
         "ko": "소형주 대 대형주 상대 성과(가격 수익률과 총수익률)"},
        ("/gap 1y", "/gap ytd IWM SPY", "/gap 2023-01-01 2025-10-15", "/gap 5y ^RUT ^GSPC",
         "/gap 3y price"),
        inline=True, takes=frozenset({"window", "pair"}),
        words=(
            "lag*", "behind", "trail*", "outperform*", "underperform*", "beat*", "beating",
            "perform*", "return", "returns", "vs", "versus", "compare*", "comparison", "gap",
            "difference", "relative*", "how far", "catch up", "caught up",
            "lead*", "ahead", "gain*", "up or down",
            "뒤졌", "뒤처", "뒤쳐", "뒤떨어", "차이", "격차", "수익률", "성과", "성적", "이겼",
            "이기", "앞섰", "앞서", "비교", "어때", "어땠", "어떄", "얼마나", "올랐", "상승",
            "하락", "언더퍼폼", "아웃퍼폼", "대비", "벌어", "따라잡", "잘했", "못했", "부진",
            "선방", "상대 성과", "갭",
        ),
    ),
    Command(
        "valuation", "bot.answers.funds:valuation", "market",
        {"en": "[SMALL LARGE]", "ko": "[소형주 대형주]"},
        {"en": "P/E spread and discount: trailing P/E of both sides",
         "ko": "P/E 스프레드와 할인율: 양쪽의 후행 P/E"},
        ("/valuation", "/valuation IWM SPY"), takes=frozenset({"pair"}),
        words=(
            "valuation*", "cheap*", "expensive", "p/e", "pe", "pe ratio", "per", "multiple*",
            "earnings", "discount*", "overvalued", "undervalued", "pricey", "p/e spread",
            "pe spread", "p/e 차이", "pe 차이", "per 차이", "할인율", "주가수익비율",
            "밸류에이션", "밸류", "싸", "싼", "저평가", "고평가", "비싸", "비싼", "할인",
            "주가수익",
            "멀티플", "피이", "고밸류", "저밸류",
        ),
    ),
    Command(
        "sectors", "bot.answers.funds:sectors", "market",
        {"en": "[SMALL LARGE]", "ko": "[소형주 대형주]"},
        {"en": "Sector weights side by side (funds, not indexes)",
         "ko": "섹터 비중 비교(지수가 아닌 펀드)"},
        ("/sectors", "/sectors IWM SPY"), takes=frozenset({"pair"}),
        words=("sector*", "industr*", "sector weights", "sector allocation*", "섹터", "업종",
               "산업별", "산업 비중"),
    ),
    Command(
        "top", "bot.answers.funds:top", "market",
        {"en": "[TICKER]", "ko": "[티커]"},
        {"en": "Top holdings of a fund", "ko": "펀드 상위 보유 종목"},
        ("/top VTWO",), takes=frozenset({"ticker"}),
        words=(
            "holding*", "top holdings", "constituent*", "top 10", "top ten", "biggest stocks",
            "largest positions", "what's in", "what is in", "whats in", "what's inside",
            "whats inside",
            "보유 종목", "보유종목", "구성 종목", "구성종목", "편입 종목", "상위 종목", "top10",
            "담고 있", "뭘 담", "뭐가 들어", "비중 큰 종목", "탑10", "탑 10",
        ),
    ),
    Command(
        "status", "bot.answers.funds:status", "market", {"en": "", "ko": ""},
        {"en": "Data freshness and the last Yahoo error",
         "ko": "데이터 최신 여부와 마지막 Yahoo 오류"},
        words=(
            "fresh*", "stale", "updated", "up to date", "last refresh*", "data", "last update*",
            "as of", "latest close", "how old",
            "데이터", "최신", "업데이트", "갱신", "신선", "기준일", "마지막 종가",
        ),
    ),
    Command(
        "rates", "bot.answers.debate:rates", "debate",
        {"en": "[WINDOW] [SMALL LARGE]", "ko": "[기간] [소형주 대형주]"},
        {"en": "How the pair moves with the 10-year yield, beta per +10 bp",
         "ko": "미국 10년물 국채 금리와의 관계, +10bp당 베타"},
        ("/rates 1y", "/rates 5y IWM SPY"), inline=True,
        takes=frozenset({"window", "pair"}), window_buttons=("3m", "1y", "3y", "5y", "10y"),
        words=(
            "yield", "yields", "rate", "rates", "interest rate*", "10 year yield",
            "10 year treasury", "10y yield", "10 year rate", "the 10 yr", "10 yr yield",
            "treasur*", "bond*",
            "rate sensitiv*", "sensitiv*", "국채 금리",
            "금리", "국채", "10년물", "10년 국채", "10년 만기", "채권", "민감도", "민감", "이자율",
        ),
    ),
    Command(
        "drawdown", "bot.answers.debate:drawdown", "debate",
        {"en": "[WINDOW] [SMALL LARGE]", "ko": "[기간] [소형주 대형주]"},
        {"en": "Drawdowns from the peak, and recoveries", "ko": "고점 대비 낙폭과 회복"},
        ("/drawdown", "/drawdown 3y IWM SPY"), inline=True,
        takes=frozenset({"window", "pair"}), window_buttons=("1y", "3y", "5y", "10y", "max"),
        words=(
            "drawdown*", "draw down", "peak", "off the high*", "from the high*",
            "from its high*", "below the high*", "all time high*", "ath", "max drawdown", "mdd",
            "underwater", "from the peak",
            "낙폭", "고점 대비", "고점대비", "고점에서", "최고점", "전고점", "고점", "하락폭",
        ),
    ),
    Command(
        "event", "bot.answers.debate:event", "debate",
        {"en": "DATE|NAME [DAYS] [SMALL LARGE]", "ko": "날짜|이름 [거래일수] [소형주 대형주]"},
        {"en": "An event window: Liberation Day, COVID, SVB…",
         "ko": "이벤트 전후 성과: 해방의 날, 코로나, SVB…"},
        ("/event liberation-day", "/event 2025-04-02 4", "/event covid 20 ^RUT ^GSPC"),
        inline=True, takes=frozenset({"event", "days", "pair"}),
        words=(
            "crisis", "crash*", "sell off", "selloff", "panic", "during", "episode", "shock",
            "위기", "폭락", "사태", "당시", "때", "쇼크", "급락",
        ),
    ),
    Command(
        "events", "bot.answers.help:events", "debate", {"en": "", "ko": ""},
        {"en": "The named events /event knows, with their dates",
         "ko": "/event가 아는 이벤트와 그 날짜"},
        ("/events",),
        words=(
            "what events", "which events", "list of events", "events can you", "named events",
            "무슨 이벤트", "어떤 이벤트", "이벤트 목록", "이벤트 뭐",
        ),
    ),
    Command(
        "odds", "bot.answers.debate:odds", "debate",
        {"en": "[YEARS]y [SMALL LARGE]", "ko": "[연수]y [소형주 대형주]"},
        {"en": "How often small beat large over N-year holds",
         "ko": "N년씩 보유했을 때 소형주가 앞선 비율"},
        ("/odds 5y", "/odds 10y ^RUT ^GSPC"), inline=True,
        takes=frozenset({"years", "pair"}), window_buttons=("3y", "5y", "10y", "20y"),
        words=(
            "odds", "probabilit*", "chance*", "likel*", "how often", "win rate", "hit rate",
            "win", "wins", "hold for", "holding period", "held for", "percent of the time",
            "확률", "승률", "보유하", "보유 기간", "들고 있으면", "가지고 있으면", "몇 번",
            "얼마나 자주", "이길 확률", "이길까",
        ),
    ),
    Command(
        "mix", "bot.answers.debate:mix", "debate",
        {"en": "[PCT] [WINDOW] [SMALL LARGE]", "ko": "[비중] [기간] [소형주 대형주]"},
        {"en": "A small-cap slice in a large-cap portfolio",
         "ko": "대형주 포트폴리오에 소형주를 섞었을 때"},
        ("/mix 20 10y", "/mix 30 5y IWM SPY"), inline=True,
        takes=frozenset({"pct", "window", "pair"}), window_buttons=("3y", "5y", "10y", "max"),
        window_position=1,
        words=(
            "mix*", "portfolio*", "allocat*", "diversif*", "blend*", "slice", "tilt",
            "add small caps", "adding small caps",
            "섞", "포트폴리오", "분산", "배분", "자산 배분", "편입", "넣으면", "담으면", "섞으면",
        ),
    ),
    Command(
        "alert", "bot.answers.alerts:alert", "alerts",
        {"en": "METRIC [WINDOW] [SMALL LARGE] OP VALUE [once]",
         "ko": "지표 [기간] [소형주 대형주] 연산자 값 [once]"},
        {"en": "Add or test a threshold alert", "ko": "임계값 알림 추가·테스트"},
        ("/alert pe_discount < 25", "/alert gap 1y crosses -20", "/alert yield crosses 4",
         "/alert small_dd < -20 once", "/alert test gap 1y < -10", "/alert del 3"),
        takes=frozenset({"metric", "window", "pair"}),
    ),
    Command(
        "call", "bot.answers.calls:call", "calls",
        {"en": "METRIC [SMALL LARGE] >|< VALUE by WHEN [PROB%]",
         "ko": "지표 [소형주 대형주] >|< 값 by 기한 [확률%]"},
        {"en": "Make a call the data settles: gap, small_ret, large_ret or pe_discount",
         "ko": "데이터로 판정되는 예측: gap, small_ret, large_ret, pe_discount"},
        ("/call gap > 5 by 6m 70%", "/call small_ret IWM SPY > 10 by 2027-06-30",
         "/call del 3"),
    ),
    Command(
        "calls", "bot.answers.calls:calls", "calls", {"en": "[done]", "ko": "[done]"},
        {"en": "This chat's open calls and how they stand (done: the settled ones)",
         "ko": "이 채팅의 진행 중인 예측과 현재 상황(done: 판정된 예측)"},
        ("/calls", "/calls done"),
    ),
    Command(
        "scoreboard", "bot.answers.calls:scoreboard", "calls", {"en": "", "ko": ""},
        {"en": "Who called it: hits, sides taken and Brier scores",
         "ko": "누가 맞혔나: 적중, 찬반, 브라이어 점수"},
        ("/scoreboard",),
    ),
    Command(
        "side", "bot.answers.calls:side", "calls",
        {"en": "ID agree|disagree", "ko": "번호 agree|disagree"},
        {"en": "Take a side on a call (the buttons do this)",
         "ko": "예측에 찬성·반대(버튼과 같음)"},
        ("/side 3 agree",), in_menu=False,
    ),
    Command(
        "alerts", "bot.answers.alerts:alerts", "alerts", {"en": "[all]", "ko": "[all]"},
        {"en": "This chat's alerts, their values and states",
         "ko": "이 채팅의 알림, 현재 값과 상태"},
        ("/alerts",),
        words=(
            "alerts", "my alerts", "our alerts", "alert list", "list of alerts", "which alerts",
            "what alerts", "alert rules",
            "알림 목록", "알림목록", "알림 리스트", "설정된 알림", "알림들", "알림 뭐", "무슨 알림",
            "알림 현황",
        ),
    ),
    Command(
        "digest", "bot.answers.chat:digest", "alerts",
        {"en": "daily|weekly|off [HH:MM]", "ko": "daily|weekly|off [HH:MM]"},
        {"en": "Daily or weekly summary at a set time", "ko": "정해진 시각에 받는 매일·매주 요약"},
        ("/digest daily 08:30", "/digest weekly", "/digest off"),
    ),
    Command(
        "tz", "bot.answers.chat:tz", "alerts", {"en": "ZONE", "ko": "시간대"},
        {"en": "Time zone for digests", "ko": "요약을 보낼 시간대"}, ("/tz Asia/Seoul",),
    ),
    Command(
        "pair", "bot.answers.chat:pair", "settings",
        {"en": "[SMALL LARGE|reset]", "ko": "[소형주 대형주|reset]"},
        {"en": "This chat's pair, e.g. IWM QQQ", "ko": "이 채팅의 비교 쌍, 예: IWM QQQ"},
        ("/pair IWM QQQ", "/pair reset"), takes=frozenset({"pair"}),
        words=(
            "pair", "default pair", "which pair", "what pair", "comparing against",
            "페어", "기본 쌍", "비교 대상", "비교 쌍", "기본 비교",
        ),
    ),
    Command(
        "settings", "bot.answers.chat:settings", "settings",
        {"en": "[charts on|off] [alerts open|admins] [calls open|admins]",
         "ko": "[charts on|off] [alerts open|admins] [calls open|admins]"},
        {"en": "Charts on/off, who may change alerts and make calls",
         "ko": "차트 켜기·끄기, 알림 변경·예측 권한"},
        ("/settings", "/settings charts off", "/settings alerts open", "/settings calls admins"),
    ),
    Command(
        "lang", "bot.answers.chat:lang", "settings", {"en": "ko|en", "ko": "ko|en"},
        {"en": "Language: ko or en", "ko": "언어: ko 또는 en"}, ("/lang ko", "/lang en"),
    ),
    Command(
        "help", "bot.answers.help:help", "settings", {"en": "", "ko": ""},
        {"en": "What the bot does, and every command", "ko": "봇 소개와 모든 명령어"},
        aliases=("start",),
        words=(
            "help", "what can you do", "what do you do", "commands", "how do i use",
            "how to use", "what can i ask", "features", "able to do", "capable of",
            "what does this bot do", "what does the bot do",
            "도움말", "도움", "뭐 할 수 있", "뭘 할 수 있", "무엇을 할 수 있", "사용법", "명령어",
            "기능", "뭐 물어", "뭘 물어", "어떻게 써", "뭐 할 줄 알", "뭐 할 줄 아", "뭘 할 줄 알",
            "뭘 할 줄 아", "할 줄 아는 게", "할 줄 아는 거",
            "what can this bot", "what does this bot", "what is this bot", "what's this bot",
            "this bot even do", "이 봇 뭐", "뭐 하는 봇", "무슨 봇", "봇 사용법",
            "what sorts of questions", "what kinds of questions", "what kind of questions",
            "what can you actually do", "what do you actually do", "what can u do",
            "what else can you do", "what are you able to do", "how does one use",
            "use this thing", "how does this work", "how does this thing work",
            "can this bot do", "things can this bot do", "어떻게 쓰는", "어떻게 사용",
            "what questions can", "questions can you answer", "what can you answer",
            "조회할 수 있", "조회 가능한", "안내 부탁", "무엇을 물어볼", "뭘 물어볼",
        ),
    ),
)

_BY_NAME = {name: command for command in COMMANDS for name in (command.name, *command.aliases)}


def command(name: str) -> Command | None:
    """The command a name (or alias) stands for, any case, without a leading slash."""
    return _BY_NAME.get(name.lower().lstrip("/"))


def inline_commands() -> tuple[Command, ...]:
    return tuple(c for c in COMMANDS if c.inline)


def menu(lang: str) -> list[tuple[str, str]]:
    """The command menu Telegram shows, in the catalogue's order."""
    return [(c.name, c.summary[lang]) for c in COMMANDS if c.in_menu]
