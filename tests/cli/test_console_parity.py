"""The console does what a reply and a tap do in Telegram: the last answer is the context
a question follows up on, and its buttons (windows, basis, pairs, a second reading, an
alert proposal) are numbered choices, pressed by typing the number. A question is
answered in its own language unless the session chose one. Driven through
`ConsoleSession` itself, and once through `gapbot chat` and `gapbot ask`."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime

import pytest

from bot.answers.services import open_services
from bot.cli.console import CONSOLE_CHAT_ID, ConsoleSession
from bot.cli.messages import CLI_MESSAGES
from bot.config import load_settings
from bot.present.i18n import MESSAGES
from bot.questions import reader
from bot.questions.reader import Reading
from tests.support.cli import NO_CHOICE, chat_with_input, gapbot
from tests.support.question_table import TODAY

# 16:00 in New York on the question table's day, as the Telegram question tests use.
CLOCK = datetime(TODAY.year, TODAY.month, TODAY.day, 21, tzinfo=UTC)
HANGUL = re.compile(r"[가-힣]")
CHOICE = re.compile(r"\[(\d+)\] (• )?([^\[\n]+?)(?=  \[|\n|$)")


@pytest.fixture
def db(reference_db_file, tmp_path):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    return path


@contextlib.asynccontextmanager
async def console(db, *, language: str | None = "en", fallback: str = "en",
                  choices: bool = True):
    services = open_services(load_settings({"GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1"}))
    services.market.clock = lambda: CLOCK
    async with ConsoleSession(services, None, language=language, fallback_language=fallback,
                              choices=choices) as session:
        yield session


async def say(session: ConsoleSession, line: str) -> str:
    return "\n\n".join(await session.ask(line))


def first_line(text: str) -> str:
    return text.splitlines()[0]


def choices(text: str) -> dict[str, int]:
    """The numbered choices printed in `text`: label → number."""
    return {label.strip(): int(number) for number, _, label in CHOICE.findall(text)}


def body(text: str) -> str:
    """An answer without its command-line preface and its choices."""
    lines = [line for line in text.splitlines()
             if not line.startswith(("→ ", "[")) and line not in HINTS]
    return "\n".join(lines)


HINTS = {CLI_MESSAGES[lang]["choices_hint"] for lang in ("en", "ko")}


# -- the last answer is the follow-up context ---------------------------------------------------


async def test_a_question_follows_up_on_the_last_answer(db):
    async with console(db) as session:
        await say(session, "/gap 3y")
        assert first_line(await say(session, "IWM?")) == "→ /gap 3y IWM SPY"
        # The follow-up's answer is the context in turn.
        assert first_line(await say(session, "what about 5 years?")) == "→ /gap 5y IWM SPY"
        assert first_line(await say(session, "3년은?")) == "→ /gap 3y IWM SPY"


async def test_without_a_last_answer_a_question_reads_as_in_a_new_chat(db):
    async with console(db) as session:
        assert first_line(await say(session, "IWM?")) == "→ /gap IWM SPY"


async def test_a_question_that_is_no_follow_up_is_read_on_its_own(db):
    async with console(db) as fresh:
        alone = first_line(await say(fresh, "IWM this year"))
    async with console(db) as session:
        await say(session, "/help")  # no answer a question follows up on
        assert first_line(await say(session, "IWM this year")) == alone


async def test_a_reply_that_answers_nothing_keeps_the_context(db):
    async with console(db) as session:
        await say(session, "/gap 3y")
        not_understood = await say(session, "what's the weather")
        assert not_understood.startswith(MESSAGES["en"]["question_not_understood"])
        assert first_line(await say(session, "IWM?")) == "→ /gap 3y IWM SPY"


# -- buttons are numbered choices ---------------------------------------------------------------


async def test_an_answers_buttons_are_numbered_under_it_and_a_number_presses_one(db):
    async with console(db) as session:
        shown = await say(session, "/gap 3y")
        numbered = choices(shown)
        assert numbered["1M"] == 1 and "• 3Y" in shown and numbered["Price return"]
        assert shown.endswith(CLI_MESSAGES["en"]["choices_hint"])
        # Typing 5Y's number answers what typing its command line does.
        pressed = await say(session, str(numbered["5Y"]))
        assert first_line(pressed) == "→ /gap 5y VTWO SPY"
        assert body(pressed) == body(await say(session, "/gap 5y VTWO SPY"))
        # The pressed answer is the last answer: its choices and its context.
        assert "• 5Y" in pressed
        assert first_line(await say(session, "IWM?")) == "→ /gap 5y IWM SPY"


async def test_a_pair_choice_and_a_basis_choice(db):
    async with console(db) as session:
        shown = await say(session, "/gap 3y")
        pair = await say(session, str(choices(shown)["IWM SPY"]))
        assert first_line(pair) == "→ /gap 3y IWM SPY"
        price = await say(session, str(choices(pair)["Price return"]))
        assert first_line(price) == "→ /gap 3y IWM SPY price"
        assert "• Price return" in price


async def test_numbers_that_press_nothing_say_so_and_change_nothing(db):
    en = CLI_MESSAGES["en"]
    async with console(db) as session:
        assert await say(session, "2") == en["no_choices"]
        shown = await say(session, "/gap 3y")
        count = len(choices(shown))
        assert await say(session, "99") == en["no_such_choice"].format(number=99, count=count)
        assert await say(session, str(choices(shown)["3Y"])) == MESSAGES["en"]["button_same"]
        # Still the /gap 3y answer's choices and context.
        assert first_line(await say(session, str(choices(shown)["1Y"]))) == "→ /gap 1y VTWO SPY"


async def test_a_close_second_reading_is_a_numbered_choice(db, monkeypatch):
    # A reading with a close second, whatever the reader (rewritten elsewhere) makes of it.
    second = Reading("gap", ("1y",), "en", alternative=Reading("rates", ("1y",), "en"))
    monkeypatch.setattr(reader, "read_question", lambda *a, **kw: second)
    async with console(db) as session:
        shown = await session.ask("small caps and rates over a year")
        assert first_line(shown[0]) == "→ /gap 1y"
        offer = shown[-1]
        assert offer.startswith(MESSAGES["en"]["question_alternative"] + "\n")
        assert offer.endswith(CLI_MESSAGES["en"]["choices_hint"])
        numbered = choices("\n".join(shown))
        # The answer's own buttons come first, the second reading after them.
        assert numbered["Did you mean /rates 1y?"] == len(numbered) and numbered["1M"] == 1
        pressed = await say(session, str(numbered["Did you mean /rates 1y?"]))
        assert first_line(pressed) == "→ /rates 1y"
        assert first_line(await say(session, str(choices(pressed)["3Y"]))) == (
            "→ /rates 3y VTWO SPY")


# -- an alert proposal is taken by its number ---------------------------------------------------


async def test_an_alert_proposal_says_to_type_its_number_and_the_number_creates_it(db):
    async with console(db) as session:
        chats = session.services.chats
        proposal = await say(session, "tell us when the gap passes -20")
        assert proposal.splitlines() == [
            "→ /alert gap 1y crosses -20", "Type 1 to create this alert.", "[1] Create alert"]
        assert "Tap" not in proposal and chats.count_rules(CONSOLE_CHAT_ID) == 0
        created = await say(session, "1")
        assert created.startswith("→ /alert gap 1y crosses -20\n✅ Rule #")
        assert chats.count_rules(CONSOLE_CHAT_ID) == 1
        # Used once: the created rule's answer has no choices, so "1" makes no second.
        assert await say(session, "1") == CLI_MESSAGES["en"]["no_choices"]
        assert chats.count_rules(CONSOLE_CHAT_ID) == 1


async def test_a_korean_proposal_is_written_in_korean(db):
    async with console(db, language=None) as session:
        proposal = await say(session, "P/E 할인율이 25% 아래로 떨어지면 알려줘")
        assert proposal.splitlines() == [
            "→ /alert pe_discount < 25", "이 알림을 만들려면 1번을 입력하세요.", "[1] 알림 만들기"]
        await say(session, "1")
        (rule,) = session.services.chats.rules_for_chat(CONSOLE_CHAT_ID)
        assert rule.metric == "pe_discount" and rule.threshold == 25


async def test_gapbot_ask_numbers_nothing_and_names_the_command_that_creates_it(db):
    done = gapbot("ask", "tell us when the gap passes -20", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "→ /alert gap 1y crosses -20",
        "Nothing is created yet. To create this alert, run: "
        "gapbot ask '/alert gap 1y crosses -20'"]
    plain = gapbot("ask", "/gap 3y", db=db)
    assert plain.returncode == 0 and "[1]" not in plain.stdout
    assert CLI_MESSAGES["en"]["choices_hint"] not in plain.stdout


# -- the language a question is answered in -----------------------------------------------------


async def test_a_question_is_answered_in_its_own_language_without_a_chosen_one(db):
    async with console(db, language=None, fallback="en") as session:
        korean = await say(session, "2024년 소형주 성과")
        assert first_line(korean) == "→ /gap 2024-01-01 2024-12-31" and "종가" in korean
        assert korean.endswith(CLI_MESSAGES["ko"]["choices_hint"])
        # Its choices answer in the language they are written in.
        assert HANGUL.search(await say(session, str(choices(korean)["1년"])))
        # Commands keep the session's language.
        assert not HANGUL.search(await say(session, "/gap 1y"))
    async with console(db, language=None, fallback="ko") as session:
        english = await say(session, "How did small caps do in 2024?")
        assert "VTWO vs SPY" in english and not HANGUL.search(english)
        refusal = await say(session, "점심 뭐 먹지")
        assert refusal.startswith(MESSAGES["ko"]["question_not_understood"])
        # No letters at all: the session's language.
        assert (await say(session, "🚀🚀")).startswith(MESSAGES["ko"]["question_not_understood"])


async def test_a_chosen_language_wins_over_the_questions(db):
    async with console(db, language="en") as session:
        answer = await say(session, "2024년 소형주 성과")
        assert first_line(answer) == "→ /gap 2024-01-01 2024-12-31"
        assert not HANGUL.search(answer)
        assert (await say(session, "점심 뭐 먹지")).startswith(
            MESSAGES["en"]["question_not_understood"])
    async with console(db, language=None, fallback="en") as session:
        await say(session, "/lang ko")  # stored for the console chat
        assert HANGUL.search(await say(session, "How did small caps do in 2024?"))


# -- the real prompt ----------------------------------------------------------------------------


def test_gapbot_chat_follows_up_and_presses_numbers(db):
    done = chat_with_input(db, "/gap 3y\nIWM?\n7\ntell us when the gap passes -20\n1\n",
                           "--lang", "en", **NO_CHOICE)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "→ /gap 3y IWM SPY\n" in out
    assert "→ /gap 5y IWM SPY\n" in out  # 7 is 5Y under the IWM answer
    assert "Type 1 to create this alert.\n[1] Create alert" in out
    assert "→ /alert gap 1y crosses -20\n✅ Rule #" in out


async def test_a_follow_up_of_tickers_only_keeps_the_last_answers_language(db):
    async with console(db, language=None, fallback="en") as session:
        assert HANGUL.search(await say(session, "러셀 3년 수익률 S&P랑 비교"))
        follow_up = await say(session, "IWM?")
        assert first_line(follow_up) == "→ /gap 3y IWM SPY"
        assert len(HANGUL.findall(body(follow_up))) > 10
        # A question in words has a language of its own, whatever came before.
        assert not HANGUL.search(body(await say(session, "and over 5 years?")))


async def test_tickers_only_with_nothing_to_follow_take_the_locales_language(db):
    async with console(db, language=None, fallback="ko") as session:
        assert len(HANGUL.findall(body(await say(session, "IWM vs SPY 3y")))) > 10


# -- a setting asked in words is proposed, applied when taken ------------------------------------


async def test_a_language_asked_in_words_is_proposed_and_the_number_applies_it(db):
    async with console(db, language=None) as session:
        chats = session.services.chats
        proposal = await say(session, "앞으로 영어로 답해줘")
        assert proposal.splitlines() == [
            "→ /lang en", "이 설정을 적용하려면 1번을 입력하세요.", "[1] 적용하기"]
        assert chats.chat(CONSOLE_CHAT_ID).lang is None  # nothing changed by the question
        applied = await say(session, "1")
        assert applied.startswith("→ /lang en\n") and chats.chat(CONSOLE_CHAT_ID).lang == "en"


async def test_a_time_zone_and_a_digest_asked_in_words_are_applied_when_taken(db):
    async with console(db) as session:
        chats = session.services.chats
        assert first_line(await say(session, "set my timezone to london")) == \
            "→ /tz Europe/London"
        await say(session, "1")
        assert chats.chat(CONSOLE_CHAT_ID).tz == "Europe/London"
        assert first_line(await say(session, "send us a weekly summary at 9am pls")) == \
            "→ /digest weekly 09:00"
        assert chats.digest(CONSOLE_CHAT_ID) is None
        await say(session, "1")
        digest = chats.digest(CONSOLE_CHAT_ID)
        assert digest.cadence == "weekly" and digest.at_time == "09:00"


async def test_gapbot_ask_names_the_command_that_applies_a_setting(db):
    done = gapbot("ask", "can you reply in korean from now on", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "→ /lang ko",
        "Nothing is changed yet. To apply it, run: gapbot ask '/lang ko'"]
