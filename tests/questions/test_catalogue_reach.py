"""The question reader against the tables it reads from, as a specification:

- every command of the catalogue that has words is reached by a natural question in English
  and one in Korean;
- every named event of analytics/events.py is reached in both languages, as `/event SLUG`;
- every alert metric of analytics/alerts.py is reached by an alert question in both languages;
- every command line the reader proposes (for the questions here, the reader's own table
  and many made-up ones) is accepted by the parser of the command it names: a proposal is
  never refused when it is pressed.
"""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from analytics.alerts import METRICS
from analytics.events import EVENTS
from bot.answers.alerts import SUBCOMMANDS
from bot.answers.funds import _fund_tickers, _valuation_pair
from bot.catalogue import COMMANDS
from bot.parsing import (
    check_pair,
    parse_alert_rule,
    parse_event_args,
    parse_gap_args,
    parse_mix_args,
    parse_odds_args,
    parse_ticker,
    parse_window_pair,
)
from bot.questions import derived, words
from bot.questions.reader import Reading, examples, read_question
from tests.support.question_table import (
    ENGLISH,
    FOLLOW_UPS,
    HOSTILE,
    KOREAN,
    OTHER_PAIR,
    PAIR,
    TODAY,
)

HANGUL = re.compile(r"[가-힣]")
WORDED_COMMANDS = [c.name for c in COMMANDS if c.words]


def read(question: str, pair: tuple[str, str] = PAIR, previous: Reading | None = None
         ) -> Reading | None:
    return read_question(question, today=TODAY, default_pair=pair, previous=previous)


def lang_of(question: str) -> str:
    return "ko" if HANGUL.search(question) else "en"


# -- every command with words ------------------------------------------------------------------

# (question, the command line it is read as)
COMMAND_QUESTIONS: dict[str, list[tuple[str, str]]] = {
    "gap": [
        ("How far behind the S&P 500 are small caps this year?", "/gap ytd"),
        ("올해 소형주가 대형주보다 얼마나 뒤처졌어?", "/gap ytd"),
    ],
    "valuation": [
        ("Are small caps cheap compared with large caps right now?", "/valuation"),
        ("지금 소형주가 대형주보다 저평가돼 있어?", "/valuation"),
    ],
    "sectors": [
        ("Which sectors do small caps hold compared with the S&P?", "/sectors"),
        ("소형주랑 대형주 섹터 비중 어떻게 달라?", "/sectors"),
    ],
    "top": [
        ("What are the biggest holdings of IWM?", "/top IWM"),
        ("VTWO 상위 종목이 뭐야?", "/top VTWO"),
    ],
    "status": [
        ("Is your data up to date?", "/status"),
        ("데이터가 언제 마지막으로 갱신됐어?", "/status"),
    ],
    "rates": [
        ("How do small caps react when interest rates rise?", "/rates"),
        ("금리가 오르면 소형주는 어떻게 돼?", "/rates"),
    ],
    "drawdown": [
        ("How far below their all-time high are small caps?", "/drawdown"),
        ("러셀 2000이 전고점 대비 얼마나 빠졌어?", "/drawdown"),
    ],
    "event": [
        ("How did small caps hold up during the covid crash?", "/event covid"),
        ("코로나 폭락 때 소형주는 어땠어?", "/event covid"),
    ],
    "events": [
        ("Which events can you show me?", "/events"),
        ("어떤 이벤트들을 볼 수 있어?", "/events"),
    ],
    "odds": [
        ("What are the chances small caps beat the S&P if I hold for 10 years?", "/odds 10y"),
        ("소형주를 10년 들고 있으면 대형주를 이길 확률은?", "/odds 10y"),
    ],
    "mix": [
        ("What happens if I put 20% of my portfolio in small caps?", "/mix 20"),
        ("포트폴리오에 소형주를 30% 담으면 어떻게 돼?", "/mix 30"),
    ],
    "alerts": [
        ("Which alerts have we set up?", "/alerts"),
        ("지금 설정된 알림 보여줄래?", "/alerts"),
    ],
    "pair": [
        ("What pair are we comparing against by default?", "/pair"),
        ("기본 비교 대상이 뭐야?", "/pair"),
    ],
    "help": [
        ("How do I use this bot?", "/help"),
        ("이 봇 사용법 좀 알려줄래?", "/help"),
    ],
}
COMMAND_ROWS = [(name, q, line) for name, rows in COMMAND_QUESTIONS.items() for q, line in rows]


@pytest.mark.parametrize("name", WORDED_COMMANDS)
def test_every_command_with_words_has_a_question_in_both_languages(name):
    languages = {lang_of(question) for question, _ in COMMAND_QUESTIONS.get(name, [])}
    assert languages == {"en", "ko"}, name


@pytest.mark.parametrize(("name", "question", "expected"), COMMAND_ROWS)
def test_a_natural_question_reaches_its_command(name, question, expected):
    reading = read(question)
    assert reading is not None, question
    assert reading.command == name
    assert reading.command_line == expected
    assert reading.lang == lang_of(question)


def test_the_questions_here_only_name_commands_of_the_catalogue():
    assert set(COMMAND_QUESTIONS) <= set(WORDED_COMMANDS)


# -- every named event -------------------------------------------------------------------------

EVENT_QUESTIONS: dict[str, list[str]] = {
    "dot-com-peak": ["How did small caps fare when the dot-com bubble burst?",
                     "닷컴 버블 붕괴 때 러셀은 어땠어?"],
    "sept-11": ["What happened to small caps after 9/11?", "9·11 테러 때 소형주 성과는?"],
    "lehman": ["Small caps vs the S&P in the 2008 financial crisis",
               "리먼 사태 때 소형주는 얼마나 빠졌어?"],
    "us-downgrade-2011": ["How did small caps react to the 2011 US credit downgrade?",
                          "미국 신용등급 강등 때 소형주 어땠어?"],
    "brexit": ["how did small caps do after brexit?", "브렉시트 투표 뒤에 소형주는 어땠어?"],
    "election-2016": ["How did small caps trade after the 2016 election?",
                      "2016년 미국 대선 때 러셀 성과"],
    "volmageddon": ["small caps during volmageddon", "볼마게돈 때 소형주 낙폭"],
    "q4-2018": ["How bad was the Q4 2018 sell-off for small caps?", "2018년 4분기 급락 때 소형주"],
    "covid": ["Small caps in the pandemic crash", "코로나 사태 때 러셀 2000"],
    "svb": ["What did the SVB collapse do to small caps?", "실리콘밸리은행 파산 때 소형주 반응"],
    "fed-cut-2024": ["How did small caps react to the Fed's first rate cut in 2024?",
                     "연준 첫 금리 인하 때 소형주"],
    "election-2024": ["Did small caps rally after the 2024 election?",
                      "트럼프 재선 때 소형주 어땠어?"],
    "liberation-day": ["How did small caps handle the Liberation Day tariffs?",
                       "해방의 날 관세 발표 때 소형주"],
}
EVENT_ROWS = [(slug, q) for slug, questions in EVENT_QUESTIONS.items() for q in questions]


@pytest.mark.parametrize("slug", [e.key for e in EVENTS])
def test_every_named_event_has_a_question_in_both_languages(slug):
    assert {lang_of(q) for q in EVENT_QUESTIONS.get(slug, [])} == {"en", "ko"}, slug


@pytest.mark.parametrize(("slug", "question"), EVENT_ROWS)
def test_a_question_about_an_event_proposes_its_event(slug, question):
    reading = read(question)
    assert reading is not None and reading.command_line == f"/event {slug}", question


def without_note(name: str) -> str:
    """A name as people type it: `볼마게돈(변동성 폭발)` → `볼마게돈`."""
    return re.sub(r"\s*\([^)]*\)", "", name)


@pytest.mark.parametrize("slug", [e.key for e in EVENTS])
def test_since_an_event_opens_the_window_on_its_day(slug):
    (event,) = [e for e in EVENTS if e.key == slug]
    english = read(f"small caps since the {without_note(event.name_en)}")
    korean = read(f"{without_note(event.name_ko)} 이후 소형주")
    assert english is not None and english.command_line == f"/gap {event.day.isoformat()}"
    assert korean is not None and korean.command_line == f"/gap {event.day.isoformat()}"


@pytest.mark.parametrize("slug", [e.key for e in EVENTS])
def test_every_named_event_has_extra_words_in_both_languages(slug):
    aliases = words.EVENT_ALIASES.get(slug, ())
    assert any(HANGUL.search(a) for a in aliases), slug
    assert any(not HANGUL.search(a) for a in aliases), slug


EVENT_PHRASES = [(tag[6:], phrase.rstrip("*")) for tag, phrases in derived.EVENT_WORDS.items()
                 for phrase in phrases]


@pytest.mark.parametrize(("slug", "phrase"), EVENT_PHRASES)
def test_every_name_of_an_event_leads_to_it(slug, phrase):
    """Its key, names and aliases in analytics/events.py, and the words people use."""
    question = (f"{phrase} 때 소형주 어땠어?" if HANGUL.search(phrase)
                else f"how did small caps do during the {phrase}?")
    reading = read(question)
    assert reading is not None and reading.command_line == f"/event {slug}", question


def test_extra_event_words_are_keyed_by_the_slugs_of_analytics():
    assert set(words.EVENT_ALIASES) <= {e.key for e in EVENTS}


def test_the_reader_keeps_no_copy_of_the_source_tables():
    for copy in ("TOPIC_WORDS", "EVENTS", "EVENT_WORDS", "ALERT_DEFAULT_WINDOW",
                 "ALERT_OPTIONAL_WINDOW"):
        assert not hasattr(words, copy), copy


# -- every alert metric ------------------------------------------------------------------------

METRIC_QUESTIONS: dict[str, list[tuple[str, str]]] = {
    "gap": [
        ("Tell me when the gap between small and large caps passes -20",
         "/alert gap 1y crosses -20"),
        ("소형주와 대형주 격차가 -20을 넘으면 알려줘", "/alert gap 1y > -20"),
    ],
    "small_ret": [
        ("Let me know if small caps fall below -10% over a year", "/alert small_ret 1y < -10"),
        ("소형주 1년 수익률이 -10% 아래로 떨어지면 알려줘", "/alert small_ret 1y < -10"),
    ],
    "large_ret": [
        ("Alert me when the S&P 500's 1-year return rises above 20%",
         "/alert large_ret 1y > 20"),
        ("대형주 수익률이 20% 넘으면 알려줘", "/alert large_ret 1y > 20"),
    ],
    "ratio_z": [
        ("Notify me when the ratio z-score drops below -2", "/alert ratio_z 5y < -2"),
        ("표준편차가 -2 아래로 내려가면 알려줘", "/alert ratio_z 5y < -2"),
    ],
    "pe_spread": [
        ("Ping me when the P/E spread crosses above 4", "/alert pe_spread crosses_above 4"),
        ("P/E 스프레드가 4를 넘으면 알려줘", "/alert pe_spread > 4"),
    ],
    "pe_discount_pct": [
        ("Alert me when the P/E discount goes above its 90th percentile",
         "/alert pe_discount_pct > 90"),
        ("할인율 백분위가 95 넘으면 알려줘", "/alert pe_discount_pct > 95"),
    ],
    "pe_discount": [
        ("Alert me if the P/E discount drops below 25%", "/alert pe_discount < 25"),
        ("할인율이 30% 이상이면 알려줘", "/alert pe_discount >= 30"),
    ],
    "yield": [
        ("Warn me if the 10-year yield goes above 5%", "/alert yield > 5"),
        ("10년물 금리가 5% 넘으면 알려줘", "/alert yield > 5"),
    ],
    "yield_chg": [
        ("Tell me when the 10-year yield moves more than 50 bp in 3 months",
         "/alert yield_chg 3m > 50"),
        ("금리 변동이 50bp 이상이면 알려줘", "/alert yield_chg 3m >= 50"),
    ],
    "small_dd": [
        # Once proposed as `/alert small_dd 1y < -20`, which /alert refuses: small_dd is
        # measured from the peak of all history and takes no window.
        ("tell me when the small cap drawdown over the last year falls below -20%",
         "/alert small_dd < -20"),
        ("소형주 고점 대비 낙폭이 -25% 밑으로 떨어지면 알려줘", "/alert small_dd < -25"),
    ],
    "large_dd": [
        # the large side named alone: its own fall from its peak
        ("Ping me when the S&P is more than 10% off its high", "/alert large_dd < -10"),
        ("대형주 고점 대비 낙폭이 -15% 밑으로 떨어지면 알려줘", "/alert large_dd < -15"),
    ],
    "ratio_dd": [
        ("Alert me when the ratio drawdown falls below -15", "/alert ratio_dd < -15"),
        ("상대 비율 낙폭이 -30 이하로 떨어지면 알려줘", "/alert ratio_dd <= -30"),
    ],
}
METRIC_ROWS = [(m, q, line) for m, rows in METRIC_QUESTIONS.items() for q, line in rows]


@pytest.mark.parametrize("metric", list(METRICS))
def test_every_alert_metric_has_a_question_in_both_languages(metric):
    assert {lang_of(q) for q, _ in METRIC_QUESTIONS.get(metric, [])} == {"en", "ko"}, metric


@pytest.mark.parametrize(("metric", "question", "expected"), METRIC_ROWS)
def test_an_alert_question_proposes_a_rule_on_its_metric(metric, question, expected):
    reading = read(question)
    assert reading is not None and reading.confirm, question
    assert reading.args[0] == metric
    assert reading.command_line == expected


def test_the_words_name_only_metrics_analytics_knows():
    assert {metric for metric, _ in words.ALERT_METRIC_RULES} == set(METRICS)


@pytest.mark.parametrize("metric", list(METRICS))
def test_a_window_is_written_exactly_for_the_metrics_that_take_one(metric):
    """The window asked for, else the metric's default; none where the metric has none."""
    (question, _), *_ = METRIC_QUESTIONS[metric]
    reading = read(question)
    windowed = METRICS[metric].default_window is not None
    written = reading.args[1:-2]  # between METRIC and OP VALUE
    assert bool(written) == windowed, reading.command_line


# -- every proposal is accepted when pressed ---------------------------------------------------


def _no_arguments(args: list[str], today: date, pair: tuple[str, str]) -> None:
    assert args == [], args


def _pair_command(args: list[str], today: date, pair: tuple[str, str]) -> None:
    if args:  # as /pair reads a pair to set (a question only shows the pair)
        check_pair([parse_ticker(a, "usage_pair") for a in args], "usage_pair")


def _alert_command(args: list[str], today: date, pair: tuple[str, str]) -> None:
    assert args and args[0].lower() not in SUBCOMMANDS, args  # a rule, never a change
    parse_alert_rule(args)


# How each answer in bot/answers reads its arguments.
PARSERS = {
    "gap": lambda args, today, pair: parse_gap_args(args, today, *pair),
    "rates": lambda args, today, pair: parse_window_pair(args, today, *pair,
                                                         usage="usage_rates", default="1y"),
    "drawdown": lambda args, today, pair: parse_window_pair(
        args, today, *pair, usage="usage_drawdown", default="max"),
    # Without arguments /event lists the events.
    "event": lambda args, today, pair: args and parse_event_args(args, today, *pair),
    "odds": lambda args, today, pair: parse_odds_args(args, *pair),
    "mix": lambda args, today, pair: parse_mix_args(args, today, *pair),
    "valuation": lambda args, today, pair: _valuation_pair(args, pair),
    "sectors": lambda args, today, pair: _fund_tickers(args, list(pair), "usage_sectors"),
    "top": lambda args, today, pair: _fund_tickers(args, [pair[0]], "usage_top"),
    "alert": _alert_command,
    "alerts": lambda args, today, pair: args in ([], ["all"]) or _no_arguments(args, today,
                                                                               pair),
    "pair": _pair_command,
    "status": _no_arguments,
    "help": _no_arguments,
    "events": _no_arguments,
}
CHAT_PAIRS = [PAIR, ("IWM", "QQQ"), ("^RUT", "^GSPC")]


def press(reading: Reading, pair: tuple[str, str]) -> None:
    """Run the proposal through its command's parser, as pressing it would."""
    assert reading.command in PARSERS, f"no parser known for /{reading.command}"
    PARSERS[reading.command](list(reading.args), TODAY, pair)


def pressed(question: str, pair: tuple[str, str], previous: Reading | None = None) -> None:
    reading = read(question, pair, previous)
    for proposal in (reading, reading and reading.alternative):
        if proposal is not None:
            try:
                press(proposal, pair)
            except Exception as exc:  # noqa: BLE001 - the refusal is the failure shown
                pytest.fail(f"{question!r} with {pair} → {proposal.command_line}: "
                            f"{type(exc).__name__} {getattr(exc, 'key', exc)}")


def test_every_command_the_reader_proposes_has_a_parser():
    assert set(WORDED_COMMANDS) | {"alert"} <= set(PARSERS)


TABLE_QUESTIONS = [
    *(q for q, _ in ENGLISH + KOREAN + OTHER_PAIR),
    *HOSTILE,
    *examples("en"), *examples("ko"),
    *(q for _, q, _ in COMMAND_ROWS),
    *(q for _, q in EVENT_ROWS),
    *(q for _, q, _ in METRIC_ROWS),
]

# Questions that once proposed a line their command refuses.
ONCE_REFUSED = [
    ("tell me when the small cap drawdown over the last year falls below -20%",
     "/alert small_dd < -20"),
    ("notify me when the ratio drawdown over 3 years falls below -15", "/alert ratio_dd < -15"),
    ("300 days after covid", "/event covid 250"),  # /event counts at most 250 days
    ("over 40 years do small caps win?", "/odds 30y"),  # /odds holds at most 30 years
    ("add 12.345% small caps to my portfolio", "/mix 12.35"),  # /mix reads hundredths
    ("top holdings of the russell index", "/top VTWO"),  # an index holds nothing
    ("sector weights of the S&P 500 index", "/sectors VTWO SPY"),
    ("alert me when ^TNX goes above 5", "/alert yield > 5"),  # a yield, never a side
    ("^TNX vs small caps", "/rates"),
    ("small caps since 1850-01-01", None),  # no closes before 1900
    ("1850-01-01 to 2020-01-01 small caps", None),
    ("small caps in january 1850", None),
]


@pytest.mark.parametrize(("question", "expected"), ONCE_REFUSED)
def test_a_line_once_refused_is_now_one_its_command_accepts(question, expected):
    reading = read(question)
    assert (reading.command_line if reading else None) == expected
    pressed(question, PAIR)


def test_the_chats_index_pair_is_written_as_funds_for_holdings():
    index_pair = ("^RUT", "^GSPC")
    assert read("sector weights", index_pair).command_line == "/sectors VTWO SPY"
    assert read("small caps top 10 holdings", index_pair).command_line == "/top VTWO"


def test_two_weeks_in_korean_are_weeks_not_days():
    assert read("지난 2주일 소형주").command_line == "/gap 2026-11-13"


@pytest.mark.parametrize("pair", CHAT_PAIRS)
@pytest.mark.parametrize("question", TABLE_QUESTIONS)
def test_every_proposal_for_the_tables_is_accepted(question, pair):
    pressed(question, pair)


@pytest.mark.parametrize(("previous", "question", "expected"), FOLLOW_UPS)
def test_every_follow_up_is_accepted(previous, question, expected):
    for pair in CHAT_PAIRS:
        pressed(question, pair, previous)


FOLLOWED = [Reading(c, a, "en") for c, a in (
    ("gap", ("ytd",)), ("gap", ("2023-01-01", "2024-06-30", "IWM", "SPY")),
    ("rates", ("3y",)), ("drawdown", ()), ("event", ("covid", "30")), ("event", ("brexit",)),
    ("odds", ("5y",)), ("mix", ("20", "10y")), ("sectors", ()), ("top", ()), ("pair", ()),
)]
REPLIES = ["what about 40 years?", "and the Russell index?", "since 2020?", "IWM은?",
           "S&P 500 지수는?", "and QQQ?", "지난 2주일은?", "30년은?",
           "from 2023-01-01 to 2024-06-30?",
           "^GSPC?", "VTWO and ^RUT?"]


@pytest.mark.parametrize("previous", FOLLOWED, ids=lambda r: r.command_line)
def test_every_follow_up_of_every_command_is_accepted(previous):
    for reply in REPLIES:
        for pair in CHAT_PAIRS:
            pressed(reply, pair, previous)


# Made-up questions: each command's own words with sides, spans and numbers around them.
SUBJECTS = ["small caps", "IWM vs SPY", "the russell index vs the s&p 500 index", "AAPL",
            "러셀", "소형주랑 나스닥", "VTWO", "^RUT", "S&P 500 지수"]
SPANS = ["", "this year", "over 3 years", "since 2020", "in 2024", "last 30 days",
         "from 2023-01-01 to 2024-06-30", "over 40 years", "300 trading days", "지난 2주일",
         "2020년 3월부터", "since brexit", "12 months", "after the 2016 election", "45년"]
NUMBERS = ["", "20%", "12.345%", "0.001%", "-20", "150%", "9999999", "1e3", "0"]
INTENTS = ["", "", "", "tell me when", "알려줘", "alert me if"]
OPERATORS = ["", "", "goes above", "falls below", "crosses", "넘으면", "이하로"]


def made_up_questions(count: int, seed: int) -> list[str]:
    generator = random.Random(seed)
    topic_words = [w for c in COMMANDS for w in c.words]
    event_words = [a for aliases in words.EVENT_ALIASES.values() for a in aliases]
    questions = []
    for _ in range(count):
        parts = [generator.choice(INTENTS), generator.choice(SUBJECTS),
                 generator.choice(topic_words + event_words).rstrip("*"),
                 generator.choice(SPANS), generator.choice(OPERATORS),
                 generator.choice(NUMBERS)]
        generator.shuffle(parts)
        questions.append(" ".join(p for p in parts if p))
    return questions


@pytest.mark.parametrize("pair", CHAT_PAIRS)
def test_every_proposal_for_made_up_questions_is_accepted(pair):
    for question in made_up_questions(1500, seed=20261127):
        pressed(question, pair)
