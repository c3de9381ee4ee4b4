"""An alert a question proposes is held against today's value before anyone taps it: a rule
that already holds would stay silent until the value leaves and returns, so the proposal
says so, with the value and its close, and offers the crossing instead."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.answers.alerts import check_proposal
from bot.answers.answer import Ask
from bot.answers.services import open_services
from bot.config import load_settings
from bot.parsing import parse_alert_rule

NOW = datetime(2025, 11, 3, 22, tzinfo=UTC)  # the reference data ends on 2025-10-31


@pytest.fixture
def services(reference_db_file, tmp_path):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    return open_services(load_settings({"GAPBOT_DB": str(path), "GAPBOT_OFFLINE": "1"}))


def ask(lang: str) -> Ask:
    return Ask(chat_id=1, lang=lang, pair=("VTWO", "SPY"), now=NOW)


async def test_a_rule_that_already_holds_says_so_and_offers_the_crossing(services):
    # The 1-year gap at the 2025-10-31 close is −6.9 pp: "above −20" is true today.
    check = await check_proposal(services, ask("en"), ["gap", "1y", ">", "-20"])
    assert "already holds" in check.note and "−6.9 pp" in check.note
    assert "2025-10-31" in check.note and "−20 pp" in check.note
    assert check.crossing == ["gap", "1y", "crosses", "-20"]
    assert parse_alert_rule(check.crossing).op == "crosses"


async def test_in_korean_too(services):
    check = await check_proposal(services, ask("ko"), ["gap", "1y", ">", "-20"])
    assert "이미 충족된 상태" in check.note and "돌파 조건" in check.note
    assert "−20%p를" in check.note


@pytest.mark.parametrize("words", [
    ["gap", "1y", "<", "-20"],  # not true today: armed, nothing to say
    ["gap", "1y", "crosses", "-20"],  # a crossing is never "already true"
    ["gap", "1y", "crosses_below", "-20"],
])
async def test_a_rule_waiting_for_its_condition_needs_no_note(services, words):
    check = await check_proposal(services, ask("en"), words)
    assert check.note == "" and check.crossing is None


async def test_the_operator_word_is_replaced_wherever_it_stands(services):
    check = await check_proposal(services, ask("en"), ["gap", "1y", "IWM", "SPY", "above",
                                                       "-50", "once"])
    assert check.crossing == ["gap", "1y", "IWM", "SPY", "crosses", "-50", "once"]
