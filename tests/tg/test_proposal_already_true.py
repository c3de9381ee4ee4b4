"""An alert question whose rule already holds: the proposal says so, with today's value,
and offers the crossing beside the rule as written; either button makes its own rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.bots import USER
from tests.support.questions import button, press, question_env


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with question_env(reference_db_file, tmp_path) as running:
        # The first trading evening after the reference data ends, so today has a value.
        running.services.market.clock = lambda: datetime(2025, 11, 3, 22, tzinfo=UTC)
        yield running


async def test_a_rule_true_today_is_proposed_with_its_crossing(env):
    # The 1-year gap is about −7 pp at the 2025-10-31 close: "above −20" already holds.
    (proposal,) = await env.say(USER, "tell me when the 1 year gap goes above -20")
    first, note, tap = proposal.splitlines()
    assert first == "→ /alert gap 1y > -20"
    assert note.startswith("This already holds: now −") and "−20 pp" in note
    assert tap == "Tap to create this alert (admins in groups)."
    message = env.api.last(USER)
    assert button(message, "qa:gap 1y >")["text"] == "Create alert"
    crossing = button(message, "qa:gap 1y crosses")
    assert crossing == {"text": "Alert at the next crossing",
                        "callback_data": "qa:gap 1y crosses -20"}
    await press(env, USER, USER, message.message_id, crossing["callback_data"])
    (rule,) = env.services.chats.rules_for_chat(USER)
    assert (rule.op, rule.threshold) == ("crosses", -20)


async def test_a_rule_waiting_for_its_condition_has_one_button(env):
    (proposal,) = await env.say(USER, "tell me when the 1 year gap goes below -20")
    assert "already holds" not in proposal
    markup = env.api.last(USER).reply_markup["inline_keyboard"]
    assert [[b["text"] for b in row] for row in markup] == [["Create alert"]]


async def test_in_korean(env):
    (proposal,) = await env.say(USER, "1년 격차가 -20 넘으면 알려줘")
    assert "이미 충족된 상태" in proposal
    texts = [b["text"] for row in env.api.last(USER).reply_markup["inline_keyboard"]
             for b in row]
    assert texts == ["알림 만들기", "다음 돌파 때 알림"]
