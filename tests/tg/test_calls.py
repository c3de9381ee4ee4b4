"""A group's calls through the real bot over the strict fake Bot API, on real closes with
a controlled clock: made, sided by members, an admin and an anonymous admin, settled once
from the data (across a second job, a restart and a migration), listed and scored."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from bot.answers.settling import settle_due
from bot.tg.jobs import evaluate_and_send, outbox_sender
from tests.support.bots import Env, start_bot
from tests.support.clock import Clock
from tests.support.expected import csv_column
from tests.support.fake_botapi import FakeBotAPI, feed

GROUP = -1009001
ADMIN, MEMBER, OTHER = 51, 52, 53
MADE = datetime(2025, 1, 2, 22, 0, tzinfo=UTC)  # after the 2025-01-02 close
DUE = datetime(2025, 7, 2, 22, 0, tzinfo=UTC)  # after the 2025-07-02 close


def group_api() -> FakeBotAPI:
    api = FakeBotAPI()
    api.add_group(GROUP, title="Small caps club", supergroup=True)
    api.set_member(GROUP, ADMIN, "administrator")
    for member, name in ((MEMBER, "Mina"), (OTHER, "Omar")):
        api.set_member(GROUP, member, "member")
        api.users[member] = {"id": member, "is_bot": False, "first_name": name}
    api.users[ADMIN] = {"id": ADMIN, "is_bot": False, "first_name": "Ada"}
    return api


async def start(path, api: FakeBotAPI, now: datetime = MADE) -> Env:
    env = await start_bot(path, api, jobs=False, clock=Clock(now))
    env.services.chats.update_chat(GROUP, now, charts=0)
    return env


@pytest.fixture
def db_file(reference_db_file, tmp_path):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    return path


async def say(env: Env, text: str, user: int = MEMBER, **kw) -> list[str]:
    before = len(env.api.transcript(GROUP))
    await feed(env.application, env.api.message_update(GROUP, user, text, **kw))
    return [m.plain for m in env.api.transcript(GROUP)[before:]]


async def press(env: Env, user: int, message, label: str) -> str:
    """Press the button labelled `label` under `message`; the message's text after it."""
    rows = message.reply_markup["inline_keyboard"]
    button = next(b for row in rows for b in row if label in b["text"])
    await feed(env.application, env.api.callback_update(GROUP, user, message.message_id,
                                                        button["callback_data"]))
    return next(m for m in env.api.transcript(GROUP) if m.message_id == message.message_id).plain


def expected_gap(market_data, start: date, end: date) -> float:
    iwm = csv_column(market_data / "IWM_adjusted.csv", "close")
    spy = csv_column(market_data / "SPY_adjusted.csv", "close")
    return ((iwm[end] / iwm[start]) - (spy[end] / spy[start])) * 100


def settlements(env: Env) -> list[str]:
    return [m.plain for m in env.api.transcript(GROUP) if "Call #1 came true" in m.plain
            or "Call #1 missed" in m.plain]


async def test_a_call_is_made_sided_settled_once_and_scored(db_file, market_data):
    api = group_api()
    env = await start(db_file, api)
    try:
        (card,) = await say(env, "/call gap IWM SPY > 0 by 6m 70%")
        assert "Call #1 by Mina" in card
        assert "by 2025-07-02" in card
        assert "from the 2025-01-02 close to the 2025-07-02 close, total return" in card
        assert "Mina gives it 70%" in card
        assert "Base rate: calls like this held in" in card and "rolling 181-day windows" in card
        message = env.api.transcript(GROUP)[-1]
        assert "Ada agrees" in await press(env, ADMIN, message, "Agree")
        assert "Ada already agrees" in await press(env, ADMIN, message, "Agree")
        assert "Omar disagrees" in await press(env, OTHER, message, "Disagree")
        (anonymous,) = await say(env, "/side 1 disagree", anonymous_admin=True)
        assert "Small caps club disagrees" in anonymous
        assert "Agree 1 · 👎 Disagree 2" in anonymous

        env.services.market.clock.now = datetime(2025, 6, 30, 22, tzinfo=UTC)
        await evaluate_and_send_without_jobs(env)
        assert settlements(env) == []  # not due yet
        (standing,) = await say(env, "/calls")
        assert "#1 Mina" in standing and "2 trading days left" in standing

        env.services.market.clock.now = DUE
        await evaluate_and_send_without_jobs(env)
        await evaluate_and_send_without_jobs(env)  # a second run: nothing more
        (settled,) = settlements(env)
        gap = expected_gap(market_data, date(2025, 1, 2), date(2025, 7, 2))
        assert f"{gap:+.1f}pp".replace("-", "−") in settled.replace(" pp", "pp")
        outcome_hit = gap > 0
        assert ("came true" in settled) == outcome_hit
        agreed, disagreed = {"Mina", "Ada"}, {"Omar", "Small caps club"}
        right, wrong = (agreed, disagreed) if outcome_hit else (disagreed, agreed)
        said = next(line for line in settled.splitlines() if line.startswith("Right: "))
        assert said == f"Right: {', '.join(sorted(right, key=said.index))}. " \
                       f"Wrong: {', '.join(sorted(wrong, key=said.index))}."
        assert "Mina gave it 70%: Brier score " + (
            "0.090" if outcome_hit else "0.490") in settled
        (done,) = await say(env, "/calls done")
        assert "#1 Mina" in done
        (board,) = await say(env, "/scoreboard")
        assert "calls settled so far: 1" in board and "Not ranked yet" in board
    finally:
        await env.application.shutdown()


async def evaluate_and_send_without_jobs(env: Env) -> None:
    settle_due(env.services.calls, env.services.market, env.services.market.clock())
    await outbox_sender(env.application).drain()


async def test_a_crash_between_settling_and_sending_and_a_restart_send_it_once(db_file):
    api = group_api()
    env = await start(db_file, api)
    await say(env, "/call gap IWM SPY > 0 by 6m")
    # settled and committed, then the process dies before the outbox is drained
    settle_due(env.services.calls, env.services.market, DUE)
    await env.application.shutdown()
    restarted = await start(db_file, api, now=DUE)
    try:
        settle_due(restarted.services.calls, restarted.services.market, DUE)  # on restart
        await outbox_sender(restarted.application).drain()
        await outbox_sender(restarted.application).drain()
        assert len(settlements(restarted)) == 1
    finally:
        await restarted.application.shutdown()


async def test_two_settlement_jobs_at_once_over_a_slow_telegram_send_once(db_file):
    api = group_api()
    env = await start(db_file, api)
    try:
        await say(env, "/call gap IWM SPY > 0 by 6m")
        env.services.market.clock.now = DUE
        api.set_latency(0.05)  # every Bot API call answers slowly
        context = type("Context", (), {"application": env.application,
                                       "bot_data": env.application.bot_data})()
        await asyncio.gather(evaluate_and_send(context), evaluate_and_send(context))
        assert len(settlements(env)) == 1
    finally:
        await env.application.shutdown()


async def test_a_bot_down_on_the_settle_day_settles_later_with_that_days_figures(db_file,
                                                                                 market_data):
    api = group_api()
    env = await start(db_file, api)
    try:
        await say(env, "/call gap IWM SPY > 0 by 6m")
        late = datetime(2025, 7, 21, 22, tzinfo=UTC)
        env.services.market.clock.now = late
        await evaluate_and_send_without_jobs(env)
        (settled,) = settlements(env)
        assert "to the 2025-07-02 close" in settled
        gap = expected_gap(market_data, date(2025, 1, 2), date(2025, 7, 2))
        assert f"{abs(gap):.1f}" in settled
    finally:
        await env.application.shutdown()


async def test_a_group_that_migrates_before_settlement_gets_it_at_its_new_id(db_file):
    api = group_api()
    env = await start(db_file, api)
    try:
        await say(env, "/call gap IWM SPY > 0 by 6m")
        env.services.chats.migrate_chat(GROUP, GROUP - 1, MADE)
        env.services.market.clock.now = DUE
        await evaluate_and_send_without_jobs(env)
        stored = env.services.calls.call(GROUP - 1, 1)
        assert stored.status == "settled"
        assert env.services.calls.call(GROUP, 1) is None
    finally:
        await env.application.shutdown()


@pytest.mark.parametrize(("text", "expected"), [
    ("/call gap > 5", "when it comes due"),
    ("/call gap > 5 by", "When does it come due?"),
    ("/call gap > 5 by 2024-01-01", "is not in the future"),
    ("/call gap > 5 by 3d", "at least 7 days"),
    ("/call gap > 5 by 9y", "5 years at most"),
    ("/call wobble > 5 by 6m", "is not something a call can be settled on"),
    ("/call gap = 5 by 6m", "is neither"),
    ("/call gap > 5 by 6m 150%", "is not a probability"),
    ("/side 99 agree", "There is no call #99"),
    ("/call del 99", "There is no call #99"),
])
async def test_bad_calls_get_one_line_and_change_nothing(db_file, text, expected):
    api = group_api()
    env = await start(db_file, api)
    try:
        (reply,) = await say(env, text)
        assert expected in reply
        assert env.services.calls.count_open(GROUP) == 0
    finally:
        await env.application.shutdown()


async def test_a_call_on_stale_data_is_refused(db_file):
    api = group_api()
    env = await start(db_file, api, now=datetime(2026, 12, 2, 22, tzinfo=UTC))  # data ends 2026
    try:
        (reply,) = await say(env, "/call gap IWM SPY > 0 by 6m")
        assert "The latest NYSE close is 2026-12-02" in reply
        assert env.services.calls.count_open(GROUP) == 0
    finally:
        await env.application.shutdown()


async def test_an_admin_restricts_calls_and_deletes_any(db_file):
    api = group_api()
    env = await start(db_file, api)
    try:
        await say(env, "/call gap IWM SPY > 0 by 6m")
        (refused,) = await say(env, "/settings calls admins", user=MEMBER)
        assert "admin" in refused.lower()
        await say(env, "/settings calls admins", user=ADMIN)
        (blocked,) = await say(env, "/call gap IWM SPY > 1 by 6m", user=OTHER)
        assert "only admins make calls" in blocked
        (not_yours,) = await say(env, "/call del 1", user=OTHER)
        assert "Only its maker or an admin" in not_yours
        (deleted,) = await say(env, "/call del 1", user=ADMIN)
        assert "Call #1 deleted" in deleted
    finally:
        await env.application.shutdown()


async def test_a_call_in_korean_reads_as_korean(db_file):
    api = group_api()
    env = await start(db_file, api)
    try:
        env.services.chats.update_chat(GROUP, MADE, lang="ko")
        (card,) = await say(env, "/call small_ret IWM SPY > 10 by 1y 60%")
        assert "예측 #1(Mina)" in card
        assert "IWM 수익률이 +10.0%를 넘는다" in card
        assert "기저율: 이런 예측은" in card
    finally:
        await env.application.shutdown()


@pytest.mark.parametrize(("said", "line", "made"), [
    ("I bet small caps beat SPY by 5pp by June, 70% sure",
     "/call gap VTWO SPY > 5 by 2025-06-30 70%", "Call #1 by Mina"),
    ("러셀이 1년 안에 S&P 10%p 이긴다에 건다", "/call gap > 10 by 1y", "예측 #1(Mina)"),
])
async def test_a_call_said_in_words_is_proposed_and_only_its_maker_makes_it(db_file, said,
                                                                           line, made):
    api = group_api()
    env = await start(db_file, api)
    try:
        (proposal,) = await say(env, f"@{api.bot_username} {said}")
        assert proposal.startswith(f"→ {line}")
        message = env.api.transcript(GROUP)[-1]
        await press(env, OTHER, message, "📣")
        assert "Only the person who said it" in env.api.callback_answers[-1]["text"] or (
            "말한 본인만" in env.api.callback_answers[-1]["text"])
        assert env.services.calls.count_open(GROUP) == 0
        data = message.reply_markup["inline_keyboard"][0][0]["callback_data"]
        await press(env, MEMBER, message, "📣")
        assert made in env.api.transcript(GROUP)[-1].plain
        assert env.services.calls.count_open(GROUP) == 1
        # a double tap: the second press was sent before the button went
        await feed(env.application, env.api.callback_update(GROUP, MEMBER, message.message_id,
                                                            data))
        assert env.services.calls.count_open(GROUP) == 1
    finally:
        await env.application.shutdown()


@pytest.mark.parametrize("chatter", [
    "I bet the Lakers win by 10 by June",
    "내기하자 이번 주말 축구 2:1",
    "i bet my discount code expires by june",
])
async def test_bets_on_anything_else_are_no_calls(db_file, chatter):
    api = group_api()
    env = await start(db_file, api)
    try:
        replies = await say(env, f"@{api.bot_username} {chatter}")
        assert not any(r.startswith("→ /call") for r in replies)
    finally:
        await env.application.shutdown()


async def test_korean_side_notes_honour_members_and_speak_of_the_group_as_itself(db_file):
    api = group_api()
    env = await start(db_file, api)
    try:
        env.services.chats.update_chat(GROUP, MADE, lang="ko")
        await say(env, "/call gap IWM SPY > 0 by 6m")
        message = env.api.transcript(GROUP)[-1]
        assert "Ada 님 찬성." in await press(env, ADMIN, message, "찬성")
        assert "Ada 님이 반대로 바꿨습니다." in await press(env, ADMIN, message, "반대")
        (group,) = await say(env, "/side 1 agree", anonymous_admin=True)
        assert "Small caps club 찬성." in group and "Small caps club 님" not in group
    finally:
        await env.application.shutdown()
