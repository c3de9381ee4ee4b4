"""Calls as an investor group makes them, as a specification of behaviour: through the
real bot over the strict fake Bot API, on real IWM and SPY closes, with a clock the test
moves. A forum's topics, a season of calls across a restart and a migration, hostile
input, and the same flow in Korean. Every settled figure, outcome, "who was right" and
Brier score is worked out here from the CSV files, independently of the bot."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.tg.jobs import evaluate_and_send
from tests.support.bots import Env, start_bot
from tests.support.clock import Clock
from tests.support.expected import csv_column
from tests.support.fake_botapi import FakeBotAPI, SentMessage, feed

FORUM, BASIC, SUPER, GROUP, OTHER = -1008801, -8802, -1008803, -1008804, -1008805
ADA, MINA, OMAR, LEE = 61, 62, 63, 64  # Ada is the admin
NAMES = {ADA: "Ada", MINA: "Mina", OMAR: "Omar", LEE: "Lee"}
ENGLISH = ("Call #", "came true", "missed", "Right:", "Wrong:", "Brier score", "Agree",
           "Disagree", "trading days", "Source:", "As of", "Open calls", "Settled calls",
           "Scoreboard", "Not ranked", "There is no", "Usage:")


def evening(day: date) -> datetime:
    return datetime.combine(day, time(22), UTC)  # after that day's NYSE close


@dataclass(frozen=True)
class Call:
    id: int
    made: date
    maker: int
    metric: str
    op: str
    threshold: float
    prob: float | None
    by: str
    target: date  # where `by` points from `made`, worked out by hand

    @property
    def line(self) -> str:
        odds = f" {self.prob * 100:.0f}%" if self.prob else ""
        return f"/call {self.metric} IWM SPY {self.op} {self.threshold:g} by {self.by}{odds}"


class Closes:
    """IWM and SPY adjusted closes read with the csv module: the expectations."""

    def __init__(self, market_data):
        self.iwm = csv_column(market_data / "IWM_adjusted.csv", "close")
        self.spy = csv_column(market_data / "SPY_adjusted.csv", "close")

    def settle_day(self, call: Call) -> date:
        return min(d for d in self.iwm if d >= call.target and d in self.spy)

    def figure(self, metric: str, start: date, end: date) -> float:
        small = (self.iwm[end] / self.iwm[start] - 1) * 100
        large = (self.spy[end] / self.spy[start] - 1) * 100
        return {"gap": small - large, "small_ret": small, "large_ret": large}[metric]

    def outcome(self, call: Call) -> tuple[float, bool]:
        value = self.figure(call.metric, call.made, self.settle_day(call))
        return value, value > call.threshold if call.op == ">" else value < call.threshold


def shown(value: float, metric: str, lang: str = "en") -> str:
    """A figure as a reader sees it: one decimal, a real minus, pp (%p in Korean) or %."""
    text = f"{value:+.1f}".replace("-", "−") if round(value, 1) else "0.0"
    return text + ("%" if metric != "gap" else "%p" if lang == "ko" else " pp")


@pytest.fixture
def closes(market_data) -> Closes:
    return Closes(market_data)


def investors(chat: int, **kind) -> FakeBotAPI:
    api = FakeBotAPI()
    api.add_group(chat, title="Small caps club", **kind)
    for user, name in NAMES.items():
        api.set_member(chat, user, "administrator" if user == ADA else "member")
        api.users[user] = {"id": user, "is_bot": False, "first_name": name}
    return api


async def start(path, api: FakeBotAPI, day: date) -> Env:
    env = await start_bot(path, api, jobs=False, clock=Clock(evening(day)))
    for chat in api.chats:
        env.services.chats.update_chat(chat, evening(day), charts=0)
    return env


async def stop(env: Env) -> None:
    await env.application.shutdown()
    env.services.storage.close()


async def say(env: Env, chat: int, user: int, text: str, thread: int | None = None
              ) -> list[str]:
    before = len(env.api.transcript(chat))
    await feed(env.application, env.api.message_update(chat, user, text, thread_id=thread))
    return [m.plain for m in env.api.transcript(chat)[before:]]


async def press(env: Env, chat: int, user: int, message: SentMessage, data: str) -> dict | None:
    """Press a button carrying `data` under `message`; the toast (None: unanswered)."""
    before = len(env.api.callback_answers)
    await feed(env.application, env.api.callback_update(chat, user, message.message_id, data))
    answers = env.api.callback_answers[before:]
    return answers[0] if answers else None


async def evenings(env: Env, first: date, last: date) -> None:
    """The scheduler's evaluate-and-send after each evening's close, day by day."""
    context = type("Context", (), {"application": env.application,
                                   "bot_data": env.application.bot_data})()
    for days in range((last - first).days + 1):
        env.services.market.clock.now = evening(first + timedelta(days=days))
        await evaluate_and_send(context)


def settlements(api: FakeBotAPI, chat: int, call_id: str = "") -> list[SentMessage]:
    return [m for m in api.transcript(chat) if m.plain.startswith(("✅", "❌"))
            and f"#{call_id}" in m.plain.split("\n", 1)[0]]


def assert_settled(text: str, call: Call, closes: Closes, sides: dict | None = None,
                   lang: str = "en") -> bool:
    """(3) The settlement says the CSV's figure over the call's own span, its outcome, who
    was right (the maker agrees with their call) and the maker's Brier score."""
    value, hit = closes.outcome(call)
    end, maker = closes.settle_day(call), NAMES[call.maker]
    if lang == "en":
        assert text.startswith(f"{'✅' if hit else '❌'} Call #{call.id} "
                               f"{'came true' if hit else 'missed'} ({maker})")
        assert (f"From the {call.made} close to the {end} close: "
                f"{shown(value, call.metric)} (the call needed") in text
    else:
        assert text.startswith(f"{'✅' if hit else '❌'} 예측 #{call.id} "
                               f"{'적중' if hit else '빗나감'}({maker})")
        assert f"{call.made} 종가부터 {end} 종가까지 {shown(value, call.metric, 'ko')}(" in text
    sides = {**(sides or {}), call.maker: "agree"}
    right = {NAMES[m] for m, side in sides.items() if (side == "agree") == hit}
    said = re.search(r"^(?:Right|맞힌 사람): (.*)\. (?:Wrong|틀린 사람): (.*)\.$", text, re.M)
    nobody = {"nobody", "없음"}
    assert set(said[1].split(", ")) - nobody == right
    assert set(said[2].split(", ")) - nobody == {NAMES[m] for m in sides} - right
    scored = [x.rstrip(".") for x in text.splitlines() if "Brier score" in x or "브라이어" in x]
    assert len(scored) == (call.prob is not None)
    for line in scored:  # the maker's odds, and (p - outcome)² worked out here
        assert f"{call.prob:.0%}" in line and line.endswith(f" {(call.prob - hit) ** 2:.3f}")
    return hit


# -- (1) forum topics --------------------------------------------------------------------------

IN_CAPS = Call(1, date(2025, 3, 3), MINA, "gap", ">", 0, 0.7, "30d", date(2025, 4, 2))
IN_BETS = Call(2, date(2025, 3, 3), OMAR, "small_ret", "<", -5, None, "45d", date(2025, 4, 17))


@pytest.mark.parametrize("gone", ["closed", "deleted"])
async def test_a_topics_call_settles_in_its_topic_and_a_gone_topics_call_in_general(
        db_path, closes, gone):
    api = investors(FORUM, supergroup=True, forum=True)
    caps, bets = api.add_topic(FORUM, "US small caps"), api.add_topic(FORUM, "Bets")
    env = await start(db_path, api, IN_CAPS.made)
    try:
        (card,) = await say(env, FORUM, MINA, IN_CAPS.line, thread=caps)
        assert card.startswith("📣 Call #1 by Mina") and api.topic_texts(FORUM, caps) == [card]
        (other,) = await say(env, FORUM, OMAR, IN_BETS.line, thread=bets)
        assert other.startswith("📣 Call #2 by Omar") and api.topic_texts(FORUM, bets) == [other]
        await evenings(env, date(2025, 3, 4), closes.settle_day(IN_CAPS))
        (settled,) = settlements(api, FORUM)
        assert settled.thread_id == caps  # in the topic it was made in, nowhere else
        assert_settled(settled.plain, IN_CAPS, closes)
        (api.close_topic if gone == "closed" else api.delete_topic)(FORUM, bets)
        await evenings(env, date(2025, 4, 3), date(2025, 4, 25))
        (moved,) = settlements(api, FORUM, "2 ")
        assert moved.thread_id is None  # General, once, after a one-line notice
        assert_settled(moved.plain, IN_BETS, closes)
        general = api.topic_texts(FORUM, None)
        notices = [t for t in general if "General" in t]
        assert len(notices) == 1 and general.index(notices[0]) < general.index(moved.plain)
        assert len(settlements(api, FORUM)) == 2
        assert env.services.calls.call(FORUM, 2).thread_id is None
        (done,) = await say(env, FORUM, LEE, "/calls done", thread=caps)
        assert "#1 Mina" in done and "#2 Omar" in done
    finally:
        await stop(env)


# -- (2) a season: members and an admin, a restart, a migration --------------------------------

SEASON = (
    Call(1, date(2025, 3, 3), MINA, "gap", ">", 0, 0.70, "30d", date(2025, 4, 2)),
    Call(2, date(2025, 3, 3), MINA, "small_ret", ">", 0, 0.60, "45d", date(2025, 4, 17)),
    Call(3, date(2025, 3, 10), ADA, "large_ret", ">", 0, 0.80, "30d", date(2025, 4, 9)),
    Call(4, date(2025, 3, 17), MINA, "gap", "<", -3, 0.90, "2025-05-19", date(2025, 5, 19)),
    Call(5, date(2025, 3, 17), LEE, "gap", ">", 5, None, "1y", date(2026, 3, 17)),
)
SIDES = {1: {OMAR: "disagree", ADA: "agree"}, 2: {LEE: "agree", OMAR: "disagree"},
         3: {OMAR: "agree"}, 4: {OMAR: "disagree"}}
MIGRATED = date(2025, 4, 7)  # after call 1 settled, before the others


def expected_board(closes: Closes, settled: tuple[Call, ...]) -> dict[int, dict]:
    """Per member: settled calls made or sided, right ones, calls made, Brier scores."""
    board = defaultdict(lambda: {"n": 0, "right": 0, "made": 0, "briers": []})
    for call in settled:
        hit = closes.outcome(call)[1]
        board[call.maker]["made"] += 1
        if call.prob is not None:
            board[call.maker]["briers"].append((call.prob - (1.0 if hit else 0.0)) ** 2)
        for member, side in {call.maker: "agree", **SIDES.get(call.id, {})}.items():
            board[member]["n"] += 1
            board[member]["right"] += (side == "agree") == hit
    return board


@pytest.mark.parametrize("migration", ["service message", "send answered migrated"])
async def test_a_season_of_calls_across_a_restart_and_a_migration(db_path, closes, migration):
    api = investors(BASIC)  # a basic group: it becomes a supergroup on the way
    env = await start(db_path, api, SEASON[0].made)
    try:
        for call in SEASON:
            env.services.market.clock.now = evening(call.made)
            (card,) = await say(env, BASIC, call.maker, call.line)
            assert card.startswith(f"📣 Call #{call.id} by {NAMES[call.maker]}")
            assert f"by {closes.settle_day(call)}" in card.splitlines()[0]
            message = api.transcript(BASIC)[-1]
            for member, side in SIDES.get(call.id, {}).items():  # Lee types it, others press
                if member == LEE:
                    await say(env, BASIC, LEE, f"/side {call.id} {side}")
                else:
                    await press(env, BASIC, member, message, f"/side {call.id} {side}")
    finally:
        await stop(env)

    env = await start(db_path, api, date(2025, 3, 24))  # a restart, a week later
    try:
        await evenings(env, date(2025, 3, 24), MIGRATED - timedelta(days=1))
        (first,) = settlements(api, BASIC)
        assert_settled(first.plain, SEASON[0], closes, SIDES[1])
        if migration == "service message":
            for update in api.migration_updates(BASIC, SUPER):
                await feed(env.application, update)
        else:
            api.migrate_group(BASIC, SUPER)  # no service message reached the bot
        await evenings(env, MIGRATED, date(2025, 5, 23))
        settled, still_open = SEASON[:4], SEASON[4]
        assert [m.plain for m in settlements(api, BASIC)] == [first.plain]
        for call in settled[1:]:
            (message,) = settlements(api, SUPER, f"{call.id} ")
            assert_settled(message.plain, call, closes, SIDES[call.id])
        assert len(settlements(api, SUPER)) == 3  # each once, nothing doubled

        (done,) = await say(env, SUPER, LEE, "/calls done")
        latest_first = sorted(settled, key=closes.settle_day, reverse=True)
        for line, call in zip(done.splitlines()[1:], latest_first, strict=True):
            value, hit = closes.outcome(call)
            assert line.startswith(f"#{call.id} {NAMES[call.maker]}: ") and line.endswith(
                f"{'came true' if hit else 'missed'} at the {closes.settle_day(call)} close "
                f"({shown(value, call.metric)})")

        (listing,) = await say(env, SUPER, LEE, "/calls")
        as_of = max(d for d in closes.iwm if d <= date(2025, 5, 23))
        now = closes.figure("gap", still_open.made, as_of)
        left = sum(as_of < d <= closes.settle_day(still_open) for d in closes.iwm)
        state = "On track" if now > still_open.threshold else "Not there yet"
        assert listing.startswith("Open calls (1)\n#5 Lee: ")
        assert f"{state}: {shown(now, 'gap')} so far · {left} trading days left" in listing
        assert f"as of the {as_of} close" in listing

        (board,) = await say(env, SUPER, OMAR, "/scoreboard")
        lines, expected = board.splitlines(), expected_board(closes, settled)
        assert lines[0].endswith("calls settled so far: 4")
        ranked = sorted((m for m in expected if expected[m]["n"] >= 3),
                        key=lambda m: -expected[m]["right"] / expected[m]["n"])
        apart = sorted(m for m in expected if expected[m]["n"] < 3)
        assert apart == [ADA, LEE] and lines[len(ranked) + 1] == (
            "Not ranked yet (under 3 settled calls):")
        for rank, member in enumerate(ranked, 1):
            row, briers = expected[member], expected[member]["briers"] or [0]
            calls = f"{len(briers)} call" + ("s" if len(briers) > 1 else "")
            brier = f" · Brier {sum(briers) / len(briers):.3f} on {calls} with odds"
            assert lines[rank] == (
                f"{rank}. {NAMES[member]}: {row['right']} of {row['n']} right "
                f"({row['right'] / row['n']:.0%}) · made {row['made']}, "
                f"sided {row['n'] - row['made']}" + (brier if row["briers"] else ""))
        def brier_of(member: int) -> str:
            briers = expected[member]["briers"]
            calls = f"{len(briers)} call" + ("s" if len(briers) > 1 else "")
            return (f" · Brier {sum(briers) / len(briers):.3f} on {calls} with odds"
                    if briers else "")

        assert sorted(lines[len(ranked) + 2:-1]) == [
            f"{NAMES[m]}: {expected[m]['right']} of {expected[m]['n']} right" + brier_of(m)
            for m in apart]
    finally:
        await stop(env)


# -- (4) hostile input in a group ----------------------------------------------------------------

HOSTILE = [
    "/call gap > " + "9" * 4000 + " by 6m",
    "/call " + "gap " * 1000,
    "/call gap > nan by 6m", "/call gap > -inf by 6m", "/call gap > 1e308 by 6m",
    "/call <b>gap</b> > 5 by 6m", "/call gap > 5 by 2025-02-30", "/call gap > 5 by 9999999d",
    "/call gap > 5 by 6m 70% 80%", "/call gap > 5 by 6m 0%", "/call gap IWM IWM > 5 by 6m",
    "/call gap > 5 by 6m &amp; <script>", "/call del 1; DROP TABLE calls",
    "/side 2 agree", "/side 1 maybe", "/side 99999999999999999999 agree", "/side -1 agree",
    "/calls 2", "/call del 2", "/scoreboard now",
]


@pytest.fixture
async def two_clubs(db_path):
    """A group with Mina's call #1, and another group (Lee's) with call #2."""
    api = investors(GROUP, supergroup=True)
    api.add_group(OTHER, title="Other club", supergroup=True)
    api.set_member(OTHER, LEE, "member")
    env = await start(db_path, api, date(2025, 3, 3))
    await say(env, GROUP, MINA, IN_CAPS.line)
    await say(env, OTHER, LEE, "/call gap IWM SPY < 0 by 30d")
    yield env
    await stop(env)


def state(env: Env) -> tuple:
    calls = env.services.calls
    return (calls.count_open(GROUP), calls.count_open(OTHER), calls.sides(1), calls.sides(2),
            [(m.plain, m.reply_markup) for m in env.api.transcript(GROUP)])


async def test_hostile_lines_get_one_short_reply_and_change_nothing(two_clubs):
    env = two_clubs
    for text in HOSTILE:
        before = state(env)
        replies = await say(env, GROUP, OMAR, text)
        assert len(replies) == 1, text[:40]
        assert len(replies[0]) <= 500 and not replies[0].startswith("📣"), replies[0]
        assert state(env)[:4] == before[:4], text[:40]
    (no_such,) = await say(env, GROUP, OMAR, "/side 2 agree")
    assert no_such == "There is no call #2 in this chat."


# A client may send any data for a message: only what the message offers is pressed.
@pytest.mark.parametrize("data", [
    "/side 2 agree",  # the other chat's call
    "/side 999 agree",
    "/side 1 maybe",
    "/side 1 agree " + "x" * 40,
    "/call del 1",
    "qc:63 gap > 0 by 6m",
    "zzz",  # data no handler's pattern matches: still answered
    "/call gap IWM SPY > -50 by 6m",  # would make a call in the presser's name
])
async def test_a_forged_button_gets_a_toast_and_changes_nothing(two_clubs, data):
    env = two_clubs
    before = state(env)
    answer = await press(env, GROUP, OMAR, env.api.transcript(GROUP)[0], data)
    assert state(env) == before  # no call, no side, Mina's card still shows call #1
    assert answer is not None and answer.get("text", "").startswith("This button has expired")


# -- (5) the same flow in Korean -----------------------------------------------------------------

async def korean_club(db_path, closes) -> tuple[Env, list[str]]:
    """A group that chose Korean makes, sides, lists and settles a call: what it read."""
    api = investors(GROUP, supergroup=True)
    env = await start(db_path, api, IN_CAPS.made)
    assert await say(env, GROUP, ADA, "/lang ko") == ["이제 한국어로 답합니다."]
    read = await say(env, GROUP, MINA, IN_CAPS.line)
    card = api.transcript(GROUP)[-1]
    assert [b["text"] for b in card.reply_markup["inline_keyboard"][0]] == ["👍 찬성", "👎 반대"]
    await press(env, GROUP, OMAR, card, "/side 1 disagree")
    read.append(api.transcript(GROUP)[-1].plain)
    for user, text in ((LEE, "/side 1 agree"), (LEE, "/side 1 maybe"), (OMAR, "/side 9 agree"),
                       (LEE, "/call gap > nan by 6m"), (LEE, "/calls")):
        read += await say(env, GROUP, user, text)
    await evenings(env, date(2025, 3, 4), closes.settle_day(IN_CAPS))
    read += [m.plain for m in settlements(api, GROUP)]
    for text in ("/calls done", "/scoreboard", "/calls"):
        read += await say(env, GROUP, LEE, text)
    return env, read


async def test_a_group_that_chose_korean_reads_its_calls_in_korean(db_path, closes):
    env, read = await korean_club(db_path, closes)
    try:
        card, sided, agreed, usage, no_such, bad, listing, settled, done, board, empty = read
        assert card.startswith("📣 예측 #1(Mina): 2025-04-02까지 IWM−SPY 수익률 격차가 "
                               "0.0%p를 넘는다")
        assert "Mina의 예상 확률: 70%" in card and "기저율: 이런 예측은" in card
        assert "Omar 님 반대." in sided and "Lee 님 찬성." in agreed
        assert usage.startswith("사용법: /side 번호")
        assert no_such == "이 채팅에 예측 #9는 없습니다."
        assert bad.startswith("nan은 ")
        assert listing.startswith("진행 중인 예측(1개)\n#1 Mina:") and "남은 거래일" in listing
        hit = assert_settled(settled, IN_CAPS, closes, {OMAR: "disagree", LEE: "agree"}, "ko")
        assert "종가 기준" in settled
        assert done.startswith("판정된 예측(1개)\n#1 Mina:")
        assert ("적중" if hit else "빗나감") in done
        assert board.startswith("적중 순위") and "아직 순위 밖(판정된 예측 3개 미만)" in board
        assert empty.startswith("이 채팅에 진행 중인 예측이 없습니다.")
        for text in read:
            assert not [w for w in ENGLISH if w in text], text
    finally:
        await stop(env)


async def test_korean_says_what_a_call_needed_grammatically(db_path, closes):
    env, read = await korean_club(db_path, closes)
    try:
        settled = next(text for text in read if text.startswith(("✅", "❌")))
        assert "초과이" not in settled and "맞으려면 0.0%p 초과" in settled
    finally:
        await stop(env)
