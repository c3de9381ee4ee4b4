"""A question is answered in the language it was asked in (Hangul: Korean, other letters:
English) unless the chat chose one with /lang; commands keep the chat's language, else
the user's Telegram language. Through the strict fake Bot API."""

from __future__ import annotations

import re

import pytest

from bot.present.i18n import MESSAGES
from bot.questions.reader import Reading
from bot.tg import questions as tg_questions
from tests.support.bots import ADMIN, GROUP, OTHER_USER, USER
from tests.support.questions import button, is_examples_reply, mention, press, question_env

HANGUL = re.compile(r"[가-힣]")
KOREAN_2024 = "2024년 소형주 성과"
ENGLISH_2024 = "How did small caps do in 2024?"


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with question_env(reference_db_file, tmp_path) as running:
        yield running


def korean(text: str) -> bool:
    return len(HANGUL.findall(text)) > 10


async def test_a_korean_question_from_an_english_user_is_answered_in_korean(env):
    (answer,) = await env.say(USER, KOREAN_2024)
    assert answer.startswith("→ /gap 2024-01-01 2024-12-31\n") and korean(answer)
    # The command itself keeps the user's language.
    (typed,) = await env.say(USER, "/gap 2024-01-01 2024-12-31")
    assert not HANGUL.search(typed)


async def test_an_english_question_from_a_korean_user_is_answered_in_english(env):
    (answer,) = await env.say(OTHER_USER, ENGLISH_2024)
    assert answer.startswith("→ /gap 2024-01-01 2024-12-31\n")
    assert "VTWO vs SPY" in answer and not HANGUL.search(answer)
    (typed,) = await env.say(OTHER_USER, "/gap 2024-01-01 2024-12-31")
    assert korean(typed)
    (refusal,) = await env.say(OTHER_USER, "what's the weather")
    assert is_examples_reply(refusal, "en")


async def test_a_chosen_lang_wins_over_the_questions_language(env):
    await env.say(OTHER_USER, "/lang en")
    (answer,) = await env.say(OTHER_USER, KOREAN_2024)
    assert answer.startswith("→ /gap 2024-01-01 2024-12-31\n") and not HANGUL.search(answer)
    (refusal,) = await env.say(OTHER_USER, "점심 뭐 먹지")
    assert is_examples_reply(refusal, "en")
    await env.say(USER, "/lang ko")
    (answer,) = await env.say(USER, ENGLISH_2024)
    assert korean(answer)


async def test_a_question_without_letters_follows_the_chats_language(env):
    (refusal,) = await env.say(USER, "🚀🚀🚀")
    assert is_examples_reply(refusal, "en")
    (refusal,) = await env.say(OTHER_USER, "🚀🚀🚀")
    assert is_examples_reply(refusal, "ko")


async def test_a_proposal_is_in_the_questions_language_and_so_is_its_rule(env):
    (proposal,) = await env.say(USER, "P/E 할인율이 25% 아래로 떨어지면 알려줘")
    assert proposal.splitlines() == [
        "→ /alert pe_discount < 25", MESSAGES["ko"]["question_alert_proposal"]]
    message = env.api.last(USER)
    create = button(message, "qa:")
    assert create["text"] == MESSAGES["ko"]["question_alert_button"]
    await press(env, USER, USER, message.message_id, create["callback_data"])
    assert env.services.chats.count_rules(USER) == 1
    created = env.api.last(USER).plain
    assert created.startswith("→ /alert pe_discount < 25\n") and korean(created)
    # A toast speaks to the presser: the chat's language, else theirs.
    stale = await press(env, USER, USER, message.message_id, create["callback_data"])
    assert stale["text"] == MESSAGES["en"]["question_button_stale"]


async def test_a_second_reading_answers_in_the_language_it_was_offered_in(env, monkeypatch):
    # A reading with a close second, whatever the reader (rewritten elsewhere) makes of it.
    second = Reading("valuation", (), "ko", alternative=Reading("sectors", (), "ko"))
    monkeypatch.setattr(tg_questions, "read_question", lambda *a, **kw: second)
    replies = await env.say(USER, "소형주 밸류에이션이랑 섹터 비중")
    assert len(replies) == 2 and replies[1] == MESSAGES["ko"]["question_alternative"]
    assert korean(replies[0]) or replies[0].startswith("→ /valuation\n")
    message = env.api.last(USER)
    data = button(message, "qr:")["callback_data"]
    await press(env, USER, USER, message.message_id, data)
    pressed = env.api.last(USER).plain
    assert pressed.startswith("→ /sectors\n") and korean(pressed)


async def test_in_a_group_each_question_gets_its_own_language(env):
    (english,) = await env.say(GROUP, f"{mention(env)} {ENGLISH_2024}", user_id=ADMIN)
    (korean_answer,) = await env.say(GROUP, f"{mention(env)} {KOREAN_2024}", user_id=ADMIN)
    assert not HANGUL.search(english) and korean(korean_answer)
    await env.say(GROUP, "/lang ko", user_id=ADMIN)
    (chosen,) = await env.say(GROUP, f"{mention(env)} {ENGLISH_2024}", user_id=ADMIN)
    assert korean(chosen)


async def test_a_follow_up_of_tickers_only_keeps_the_language_of_the_answer_it_replies_to(env):
    # USER's Telegram is English; the conversation is in Korean.
    (answer,) = await env.say(USER, KOREAN_2024)
    assert korean(answer)
    replied = env.api.last(USER).message_id
    (follow_up,) = await env.say(USER, "IWM?", reply_to_message_id=replied)
    assert follow_up.startswith("→ /gap 2024-01-01 2024-12-31 IWM SPY\n") and korean(follow_up)
    # Not a reply: tickers alone have no language, so the user's own is used.
    (alone,) = await env.say(USER, "IWM?")
    assert not HANGUL.search(alone)


async def test_a_window_button_under_a_korean_answer_answers_in_korean(env):
    """A question's answer is in its own language; its window and basis buttons edit it in
    that language too (they once followed the user's Telegram language)."""
    (answer,) = await env.say(USER, "소형주 대형주 1년 격차 보여줘")
    assert korean(answer)
    message = env.api.last(USER)
    three_years = button(message, "/gap 3y")
    await press(env, USER, USER, message.message_id, three_years["callback_data"])
    assert message.edits >= 1 and korean(message.plain)
    # An English answer's buttons stay English for the same user.
    await env.say(USER, "small caps vs large caps over 1 year")
    english = env.api.last(USER)
    await press(env, USER, USER, english.message_id, button(english, "/gap 3y")["callback_data"])
    assert not HANGUL.search(english.plain)
