"""Questions in words, asked through the strict fake Bot API in private chats and groups:
every table row of tests/support/question_table.py must come back as its command's answer,
opening with the command line, or as the short reply with examples."""

from __future__ import annotations

import logging

import pytest

from bot.present.i18n import t
from tests.support.bots import ADMIN, GROUP, OTHER_USER, USER
from tests.support.cli import gapbot
from tests.support.fake_botapi import feed
from tests.support.question_table import (
    ALERT,
    ENGLISH,
    FOLLOW_UPS,
    HOSTILE,
    KOREAN,
    ODDS_5Y,
    OTHER_PAIR,
)
from tests.support.questions import (
    CLOCK,
    FORUM,
    MEMBER,
    PAIR_USER,
    button,
    is_examples_reply,
    lang_of,
    mention,
    press,
    question_env,
    registered,
)

# Telegram delivers no empty or blank message, so those rows cannot be asked in a chat.
ASKABLE = [(q, e) for q, e in ENGLISH + KOREAN if q.strip()]
GROUP_ROWS = ASKABLE[::3]
# /odds 5y is refused by the reference data (under 3 years of VTWO): a refusal is not
# remembered, so there is no answer to follow up on.
FOLLOWABLE = [row for row in FOLLOW_UPS if row[0] != ODDS_5Y]


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with question_env(reference_db_file, tmp_path) as running:
        yield running


def mismatch(question: str, expected: str | None, replies: list[str], *,
             group: bool = False) -> str | None:
    """Why the replies are not the table's answer, or None when they are. What the reader
    does not understand gets the examples privately, and silence in a group."""
    if group and expected is None:
        return None if replies == [] else f"{question!r}: answered chatter {replies[0][:80]!r}"
    if not replies:
        return f"{question!r}: silence"
    if expected is None:
        ok = len(replies) == 1 and is_examples_reply(replies[0], lang_of(question))
        return None if ok else f"{question!r}: expected the examples, got {replies[0][:80]!r}"
    first = replies[0].splitlines()[0]
    return None if first == f"→ {expected}" else f"{question!r}: {first!r} != → {expected}"


# -- the table, privately ----------------------------------------------------------------------


async def test_every_question_in_a_private_chat(env):
    failures = []
    for question_text, expected in ASKABLE:
        chat = OTHER_USER if lang_of(question_text) == "ko" else USER
        failures.append(mismatch(question_text, expected, await env.say(chat, question_text)))
    assert [f for f in failures if f] == []
    assert len(ASKABLE) >= 160
    # Alert questions only proposed their rules.
    assert env.services.chats.count_rules(USER) == env.services.chats.count_rules(OTHER_USER) == 0


async def test_a_chats_own_pair_is_the_readers_default(env):
    failures = [mismatch(q, e, await env.say(PAIR_USER, q)) for q, e in OTHER_PAIR]
    assert [f for f in failures if f] == []


async def test_the_answer_is_the_commands_answer_under_its_command_line(env):
    (asked,) = await env.say(USER, "How did small caps do in 2024?")
    (typed,) = await env.say(USER, "/gap 2024-01-01 2024-12-31")
    assert asked == "→ /gap 2024-01-01 2024-12-31\n" + typed
    assert "VTWO vs SPY" in typed and not typed.startswith("→")  # no preface leaks


async def test_korean_questions_are_answered_in_korean(env):
    (text,) = await env.say(OTHER_USER, "2024년 소형주 성과")
    assert text.startswith("→ /gap 2024-01-01 2024-12-31\n") and "종가" in text
    (refusal,) = await env.say(USER, "점심 뭐 먹지")  # an English chat, a Korean question
    assert is_examples_reply(refusal, "ko")


# -- groups ------------------------------------------------------------------------------------


async def test_group_chatter_is_left_alone(env):
    for question_text, _ in GROUP_ROWS:
        assert await env.say(GROUP, question_text, user_id=USER) == [], question_text
    assert len(GROUP_ROWS) >= 40


async def test_questions_that_mention_the_bot_in_a_group(env):
    failures = []
    for i, (question_text, expected) in enumerate(GROUP_ROWS):
        handle = mention(env) if i % 3 else mention(env).upper()  # mentions ignore case
        text = f"{handle} {question_text}" if i % 2 else f"{question_text} {handle}"
        failures.append(mismatch(question_text, expected,
                                 await env.say(GROUP, text, user_id=USER), group=True))
    assert [f for f in failures if f] == []


async def test_questions_that_reply_to_the_bot_in_a_group(env):
    await env.say(GROUP, mention(env), user_id=USER)  # a bare mention gets the examples
    target = env.api.last(GROUP).message_id
    assert is_examples_reply(env.api.last(GROUP).plain, "en")
    failures = []
    for question_text, expected in GROUP_ROWS:
        replies = await env.say(GROUP, question_text, user_id=USER, reply_to_message_id=target)
        failures.append(mismatch(question_text, expected, replies, group=True))
    assert [f for f in failures if f] == []


async def test_mentions_of_someone_else_are_chatter(env):
    assert await env.say(GROUP, "IWM this year @someotherbot", user_id=USER) == []
    assert await env.say(GROUP, "IWM this year gapbot_test_bot", user_id=USER) == []


async def test_forum_topics_reply_to_their_creation_message_not_to_the_bot(env):
    # A topic the bot opened: Telegram makes each message in it "reply" to the opening.
    topic = env.api.add_topic(FORUM, "Small caps", created_by=env.api.bot_id)
    assert await env.say(FORUM, "IWM this year", user_id=MEMBER, thread_id=topic) == []
    replies = await env.say(FORUM, f"{mention(env)} IWM this year", user_id=MEMBER,
                            thread_id=topic)
    assert replies[0].startswith("→ /gap ytd IWM SPY\n")
    assert env.api.topic_texts(FORUM, topic) == replies
    answer = env.api.last(FORUM).message_id
    (follow_up,) = await env.say(FORUM, "3년은?", user_id=MEMBER, thread_id=topic,
                                 reply_to_message_id=answer)
    assert follow_up.startswith("→ /gap 3y IWM SPY\n")


async def test_edited_questions_are_not_answered_again(env):
    assert await env.say(USER, "IWM this year", edited=True) == []


# -- follow-ups --------------------------------------------------------------------------------


async def previous_answer(env, chat: int, previous) -> int:
    """The id of a bot message that answered `previous`, asked the way users ask it."""
    if previous == ALERT:
        await env.say(chat, "tell us when the gap passes -20")
    else:
        await env.say(chat, previous.command_line)
    return env.api.last(chat).message_id


async def test_follow_ups_reply_to_the_answer_they_follow(env):
    failures = []
    for previous, question_text, expected in FOLLOWABLE:
        chat = OTHER_USER if lang_of(question_text) == "ko" else USER
        target = await previous_answer(env, chat, previous)
        replies = await env.say(chat, question_text, reply_to_message_id=target)
        failures.append(mismatch(question_text, expected, replies))
    assert [f for f in failures if f] == []
    assert len(FOLLOWABLE) >= 15


async def test_follow_ups_in_a_group_need_no_mention(env):
    await env.say(GROUP, f"/gap@{env.api.bot_username} ytd", user_id=USER)
    answer = env.api.last(GROUP).message_id
    (three_years,) = await env.say(GROUP, "what about 3 years?", user_id=MEMBER,
                                   reply_to_message_id=answer)
    assert three_years.startswith("→ /gap 3y\n")
    (iwm,) = await env.say(GROUP, "and IWM?", user_id=USER, reply_to_message_id=answer)
    assert iwm.startswith("→ /gap ytd IWM SPY\n")
    # The follow-up's answer is followed up in turn: IWM over 3 years.
    again = env.api.last(GROUP).message_id
    (chain,) = await env.say(GROUP, "3년은?", user_id=USER, reply_to_message_id=again)
    assert chain.startswith("→ /gap 3y IWM SPY\n")


# -- alerts: proposed, created by a button -----------------------------------------------------


async def test_an_alert_is_proposed_and_created_only_by_its_button(env):
    (proposal,) = await env.say(USER, "tell us when the gap passes -20")
    assert proposal == ("→ /alert gap 1y crosses -20\n"
                        "Tap to create this alert (admins in groups).")
    message = env.api.last(USER)
    create = button(message, "qa:")
    assert create == {"text": "Create alert", "callback_data": "qa:gap 1y crosses -20"}
    assert env.services.chats.count_rules(USER) == 0
    await press(env, USER, USER, message.message_id, create["callback_data"])
    assert env.services.chats.count_rules(USER) == 1
    created = env.api.last(USER)
    assert created.plain.startswith("→ /alert gap 1y crosses -20\n✅ Rule #")
    assert message.reply_markup is None and message.plain.endswith("Alert created by Ann.")
    # The button is gone; a stale client pressing it again creates nothing.
    answer = await press(env, USER, USER, message.message_id, create["callback_data"])
    assert "expired" in answer["text"] and env.services.chats.count_rules(USER) == 1


async def test_in_a_group_only_an_admins_press_creates_the_alert(env):
    await env.say(GROUP, f"{mention(env)} P/E 할인율이 25% 아래로 떨어지면 알려줘", user_id=USER)
    message = env.api.last(GROUP)
    assert message.plain.splitlines() == [
        "→ /alert pe_discount < 25",
        "아래 버튼을 누르면 이 알림이 만들어집니다(그룹에서는 관리자만).",
    ]
    data = button(message, "qa:")["callback_data"]
    answer = await press(env, GROUP, MEMBER, message.message_id, data)
    assert answer["show_alert"] and "admins" in answer["text"]
    assert env.services.chats.count_rules(GROUP) == 0 and len(env.api.transcript(GROUP)) == 1
    await press(env, GROUP, ADMIN, message.message_id, data)
    (rule,) = env.services.chats.rules_for_chat(GROUP)
    assert rule.metric == "pe_discount" and rule.threshold == 25
    assert env.api.last(GROUP).plain.startswith("→ /alert pe_discount < 25\n")


async def test_open_alerts_let_members_confirm(env):
    env.services.chats.update_chat(GROUP, CLOCK, alerts_open=1)
    await env.say(GROUP, f"{mention(env)} alert me if the 10-year yield goes above 5",
                  user_id=MEMBER)
    message = env.api.last(GROUP)
    await press(env, GROUP, MEMBER, message.message_id, button(message, "qa:")["callback_data"])
    assert env.services.chats.count_rules(GROUP) == 1


async def test_forged_buttons_create_nothing(env):
    await env.say(USER, "tell us when the gap passes -20")
    message = env.api.last(USER)
    for data in ("qa:gap 1y > 5", "qa:del 1", "qr:/alert gap 1y > 5", "qr:/lang ko"):
        answer = await press(env, USER, USER, message.message_id, data)
        assert "expired" in answer["text"]
    assert env.services.chats.count_rules(USER) == 0
    assert env.services.chats.chat(USER).lang is None


# -- settings asked in words: proposed, applied by a button --------------------------------------


async def test_a_language_asked_in_words_is_applied_only_by_its_button(env):
    (proposal,) = await env.say(USER, "앞으로 영어로 답해줘")
    assert proposal == "→ /lang en\n아래 버튼을 누르면 이 설정이 적용됩니다(그룹에서는 관리자만)."
    message = env.api.last(USER)
    apply = button(message, "qs:")
    assert apply == {"text": "적용하기", "callback_data": "qs:/lang en"}
    assert env.services.chats.chat(USER).lang is None
    await press(env, USER, USER, message.message_id, apply["callback_data"])
    assert env.services.chats.chat(USER).lang == "en"
    assert message.reply_markup is None and message.plain.endswith("Ann 님이 적용했습니다.")
    answer = await press(env, USER, USER, message.message_id, apply["callback_data"])
    assert "expired" in answer["text"] or "만료" in answer["text"]


async def test_in_a_group_only_an_admin_applies_a_setting_asked_in_words(env):
    await env.say(GROUP, f"{mention(env)} make iwm vs spy the default comparison",
                  user_id=MEMBER)
    message = env.api.last(GROUP)
    assert message.plain.splitlines()[0] == "→ /pair IWM SPY"
    data = button(message, "qs:")["callback_data"]
    answer = await press(env, GROUP, MEMBER, message.message_id, data)
    assert answer["show_alert"] and "admins" in answer["text"]
    assert env.services.chats.pair(GROUP) is None
    await press(env, GROUP, ADMIN, message.message_id, data)
    assert env.services.chats.pair(GROUP) == ("IWM", "SPY")


async def test_a_digest_asked_in_words_is_scheduled_when_applied(env, monkeypatch):
    scheduled = []
    monkeypatch.setattr("bot.tg.handlers.schedule_chat_digest",
                        lambda application, chat_id: scheduled.append(chat_id))
    await env.say(USER, "send us a weekly summary at 9am pls")
    message = env.api.last(USER)
    assert scheduled == [] and env.services.chats.digest(USER) is None
    await press(env, USER, USER, message.message_id, button(message, "qs:")["callback_data"])
    digest = env.services.chats.digest(USER)
    assert digest.cadence == "weekly" and digest.at_time == "09:00"
    assert scheduled == [USER]  # the job is made as for a typed /digest


async def test_a_refused_setting_keeps_its_button_for_another_try(env):
    await env.say(USER, "make iwm vs ivv the default comparison")  # IVV: no closes offline
    message = env.api.last(USER)
    await press(env, USER, USER, message.message_id, button(message, "qs:")["callback_data"])
    assert "No data for IVV" in env.api.last(USER).plain
    assert env.services.chats.pair(USER) is None and button(message, "qs:") is not None


async def test_forged_setting_buttons_change_nothing(env):
    await env.say(USER, "set my timezone to london")
    message = env.api.last(USER)
    for data in ("qs:/tz Asia/Tokyo", "qs:/alert gap 1y > 5", "qs:/settings alerts open"):
        answer = await press(env, USER, USER, message.message_id, data)
        assert "expired" in answer["text"]
    assert env.services.chats.chat(USER).tz is None
    assert env.services.chats.count_rules(USER) == 0


# -- a close second reading --------------------------------------------------------------------


async def test_a_close_second_reading_is_one_tap_away(env):
    answer, offer = await env.say(USER, "small cap P/E and sector weights")
    first = answer.splitlines()[0]
    assert first in ("→ /valuation", "→ /sectors")
    other = "/sectors" if first == "→ /valuation" else "/valuation"
    message = env.api.last(USER)
    assert offer == "Not what you meant?"
    data = button(message, "qr:")
    assert data == {"text": f"Did you mean {other}?", "callback_data": f"qr:{other}"}
    await press(env, USER, USER, message.message_id, data["callback_data"])
    assert env.api.last(USER).plain.startswith(f"→ {other}\n")
    assert message.reply_markup is None


async def test_a_korean_alternative_is_offered_in_korean(env):
    replies = await env.say(OTHER_USER, "소형주 PER이랑 섹터 비중")
    assert len(replies) == 2 and replies[1] == "이 뜻이 아니었나요?"
    assert button(env.api.last(OTHER_USER), "qr:")["text"].endswith("뜻인가요?")


# -- never a traceback, never silence in private -----------------------------------------------


async def test_hostile_text_gets_an_answer_or_the_examples(env, caplog):
    caplog.set_level(logging.ERROR)
    internal = t("en", "err_internal")
    for text in [*HOSTILE, "x" * 4096, "소형주 " * 600, f"{mention(env)}", "/", "@"]:
        replies = await env.say(USER, text)
        assert replies, f"silence for {text[:40]!r}"
        assert internal not in replies and "Traceback" not in "".join(replies)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_long_text_in_a_group_is_answered_only_when_mentioned(env):
    long_text = "small caps this year " * 30
    await env.say(GROUP, mention(env), user_id=USER)
    target = env.api.last(GROUP).message_id
    assert await env.say(GROUP, long_text, user_id=USER) == []
    assert await env.say(GROUP, long_text, user_id=USER, reply_to_message_id=target) == []
    # Mentioned, it is read; a wall of words is no question, and a group gets no refusal.
    assert await env.say(GROUP, f"{mention(env)} {long_text}", user_id=USER) == []


async def test_private_refusals_follow_the_chat_language_when_the_text_has_none(env):
    (refusal,) = await env.say(OTHER_USER, "🚀🚀🚀")
    assert is_examples_reply(refusal, "ko")


# -- the console -------------------------------------------------------------------------------


def test_gapbot_ask_takes_a_question(reference_db_file, tmp_path):
    from bot.config import load_settings
    from bot.tg.app import build_application, open_services
    from tests.support.fake_botapi import FakeBotAPI, FakeRequest

    db = tmp_path / "gapbot.sqlite3"
    db.write_bytes(reference_db_file.read_bytes())
    settings = load_settings({"GAPBOT_DB": str(db), "GAPBOT_OFFLINE": "1"})
    application = build_application(open_services(settings), token="1:questions",
                                    request=FakeRequest(FakeBotAPI()), rate_limit=False,
                                    jobs=False)
    assert registered(application)
    # VTWO's data ends in 2025, so "this year" (2026 by the clock) is refused honestly.
    this_year = gapbot("ask", "how did small caps do this year?", db=db)
    assert this_year.returncode == 1
    assert "No closes in 2026 yet" in this_year.stderr
    done = gapbot("ask", "how did small caps do over the last year?", db=db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    if lines[0].startswith("[chart: "):  # charts are on in a new chat: the caption follows
        lines = lines[1:]
    assert lines[:2] == ["→ /gap 1y", "VTWO vs SPY · 1 year"]
    refused = gapbot("ask", "what's the weather", db=db)
    assert refused.returncode == 1 and "Questions I can answer" in refused.stderr


async def test_a_double_tap_on_create_alert_makes_one_rule(env):
    await env.say(USER, "tell us when the gap passes -20")
    message = env.api.last(USER)
    data = button(message, "qa:")["callback_data"]
    # Both presses were sent before the first one removed the button.
    first = env.api.callback_update(USER, USER, message.message_id, data)
    second = env.api.callback_update(USER, USER, message.message_id, data)
    await feed(env.application, first)
    await feed(env.application, second)
    assert env.services.chats.count_rules(USER) == 1
    assert "expired" in env.api.callback_answers[-1]["text"]


async def test_a_question_never_changes_the_chats_pair(env):
    (answer,) = await env.say(USER, "which pair is better, IWM or QQQ?")
    assert env.services.chats.pair(USER) is None
    if answer.startswith("→ /pair"):
        assert answer.splitlines()[0] == "→ /pair"
