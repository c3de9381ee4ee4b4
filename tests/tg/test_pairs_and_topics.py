"""Each group its own pair and topic: /pair, rules that carry their pair and topic,
evaluation per pair, forum topics (including a closed one), migration and restart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from analytics.alerts import metric_series
from bot.answers.alerting import evaluate_all, metric_inputs
from bot.config import load_settings
from bot.tg.app import open_services
from bot.tg.jobs import outbox_sender
from storage import migrations
from storage.db import Storage
from tests.support.bots import Env, start_bot
from tests.support.clock import Clock
from tests.support.fake_botapi import FakeBotAPI, feed

GROUP, FORUM, SUPERGROUP = -7001, -1007002, -1007003
ADMIN, MEMBER = 41, 42
CREATED = datetime(2025, 3, 14, 22, tzinfo=UTC)  # rules made after this close
FIRED = datetime(2025, 3, 21, 22, tzinfo=UTC)  # evaluated after this one


async def start(path, api: FakeBotAPI | None = None) -> Env:
    """The bot with its jobs over `path`, a plain group and a forum with an admin and a
    member each, charts off, the clock after the CREATED close."""
    if api is None:
        api = FakeBotAPI()
        api.add_group(GROUP, title="Plain group")
        api.add_group(FORUM, title="Forum", supergroup=True, forum=True)
        for chat in (GROUP, FORUM):
            api.set_member(chat, ADMIN, "administrator")
            api.set_member(chat, MEMBER, "member")
    env = await start_bot(path, api, jobs=True, clock=Clock(CREATED))
    for chat in (GROUP, FORUM, SUPERGROUP):
        env.services.chats.update_chat(chat, CREATED, charts=0)
    return env


@pytest.fixture
async def env(reference_db_file, tmp_path):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    running = await start(path)
    yield running
    await running.application.shutdown()


async def say(env: Env, chat: int, text: str, user: int = ADMIN, thread: int | None = None
              ) -> list[str]:
    before = len(env.api.transcript(chat))
    await feed(env.application, env.api.message_update(chat, user, text, thread_id=thread))
    return [m.plain for m in env.api.transcript(chat)[before:]]


def rule_between(env: Env, pair: tuple[str, str]) -> str:
    """A `gap 1y` rule on `pair` that is armed at CREATED and fires at FIRED: its line
    lies between the two values, on the side the gap moved to."""
    inputs = metric_inputs(env.services.market, *pair)
    series = metric_series(inputs, "gap", "1y").dropna()
    before = float(series.loc[:str(CREATED.date())].iloc[-1])
    after = float(series.loc[:str(FIRED.date())].iloc[-1])
    line = round((before + after) / 2, 2)
    op = ">" if after > before else "<"
    return f"gap 1y {pair[0]} {pair[1]} {op} {line} band=0"


async def fire(env: Env) -> None:
    env.services.market.clock.now = FIRED
    evaluate_all(env.services.chats, env.services.market, FIRED)
    await outbox_sender(env.application).drain()


# -- per-chat pair -----------------------------------------------------------------------


async def test_a_group_sets_its_pair_and_every_command_uses_it(env):
    (shown,) = await say(env, GROUP, "/pair", user=MEMBER)
    assert "default pair" in shown and "VTWO vs SPY" in shown
    (refused,) = await say(env, GROUP, "/pair IWM SPY", user=MEMBER)
    assert "only admins" in refused and env.services.chats.pair(GROUP) is None
    (done,) = await say(env, GROUP, "/pair iwm spy")
    assert "IWM vs SPY" in done
    (gap,) = await say(env, GROUP, "/gap 1y", user=MEMBER)
    assert gap.startswith("IWM vs SPY")
    (named,) = await say(env, GROUP, "/gap 1y VTWO SPY", user=MEMBER)
    assert named.startswith("VTWO vs SPY")  # a command that names a pair wins
    (drawdown,) = await say(env, GROUP, "/drawdown", user=MEMBER)
    assert "IWM vs SPY" in drawdown
    (reset,) = await say(env, GROUP, "/pair reset")
    assert "VTWO vs SPY" in reset and env.services.chats.pair(GROUP) is None


@pytest.mark.parametrize(("command", "expected"), [
    ("/pair ^TNX SPY", "bond yield"),
    ("/pair SPY SPY", "two different tickers"),
    ("/pair ABC DEF", "No data for"),
    ("/pair IWM", "Usage: /pair"),
    ("/pair <b>x</b> y", "not a ticker"),
])
async def test_a_bad_pair_is_refused_and_changes_nothing(env, command, expected):
    (text,) = await say(env, GROUP, command)
    assert expected in text
    assert env.services.chats.pair(GROUP) is None


async def test_an_index_pair_answers_gap_and_says_sectors_need_funds(env):
    (done,) = await say(env, GROUP, "/pair ^RUT ^GSPC")
    assert "/sectors and /top need funds" in done
    (gap,) = await say(env, GROUP, "/gap 5y", user=MEMBER)
    assert gap.startswith("^RUT vs ^GSPC")
    (sectors,) = await say(env, GROUP, "/sectors", user=MEMBER)
    assert "is an index, not a fund" in sectors


async def test_rules_carry_their_pair_and_each_pair_fires_on_its_own(env):
    (vtwo,) = await say(env, GROUP, "/alert " + rule_between(env, ("VTWO", "SPY")))
    (iwm,) = await say(env, GROUP, "/alert " + rule_between(env, ("IWM", "SPY")))
    assert "Rule #" in vtwo and "Rule #" in iwm
    rules = env.services.chats.rules_for_chat(GROUP)
    assert {(r.small, r.large) for r in rules} == {("VTWO", "SPY"), ("IWM", "SPY")}
    (listing,) = await say(env, GROUP, "/alerts", user=MEMBER)
    assert "VTWO−SPY gap over 1 year" in listing and "IWM−SPY gap over 1 year" in listing
    await fire(env)
    fired = [t for t in env.api.texts(GROUP) if "🔔" in t]
    assert len(fired) == 2
    assert any("IWM−SPY" in t for t in fired) and any("VTWO−SPY" in t for t in fired)
    await fire(env)  # a second tick after the same close changes nothing
    assert len([t for t in env.api.texts(GROUP) if "🔔" in t]) == 2


async def test_a_new_rule_takes_the_chats_pair(env):
    await say(env, GROUP, "/pair IWM SPY")
    await say(env, GROUP, "/alert gap 1y < -50")
    (rule,) = env.services.chats.rules_for_chat(GROUP)
    assert (rule.small, rule.large) == ("IWM", "SPY")
    (tested,) = await say(env, GROUP, "/alert test gap 1y < -10", user=MEMBER)
    assert "IWM−SPY" in tested


# -- forum topics ---------------------------------------------------------------------------


async def test_answers_alerts_and_listings_stay_in_their_topic(env):
    caps = env.api.add_topic(FORUM, "US small caps")
    rates = env.api.add_topic(FORUM, "Rates")
    await say(env, FORUM, "/gap 1y", thread=caps)
    assert env.api.topic_texts(FORUM, caps)[-1].startswith("VTWO vs SPY")
    await say(env, FORUM, "/alert " + rule_between(env, ("VTWO", "SPY")), thread=caps)
    await say(env, FORUM, "/alert " + rule_between(env, ("IWM", "SPY")), thread=rates)
    (in_caps,) = await say(env, FORUM, "/alerts", user=MEMBER, thread=caps)
    assert "VTWO−SPY" in in_caps and "IWM−SPY" not in in_caps
    (everything,) = await say(env, FORUM, "/alerts all", user=MEMBER, thread=caps)
    assert "VTWO−SPY" in everything and "IWM−SPY" in everything
    await fire(env)
    assert [t for t in env.api.topic_texts(FORUM, caps) if "🔔" in t][0].count("VTWO−SPY")
    assert [t for t in env.api.topic_texts(FORUM, rates) if "🔔" in t][0].count("IWM−SPY")
    assert not [t for t in env.api.topic_texts(FORUM, None) if "🔔" in t]


async def test_a_deleted_topic_moves_delivery_to_general_once_with_a_notice(env):
    gone = env.api.add_topic(FORUM, "Old topic")
    await say(env, FORUM, "/alert " + rule_between(env, ("VTWO", "SPY")), thread=gone)
    await say(env, FORUM, "/alert " + rule_between(env, ("IWM", "SPY")), thread=gone)
    env.api.delete_topic(FORUM, gone)
    await fire(env)
    general = env.api.topic_texts(FORUM, None)
    notices = [t for t in general if "General" in t]
    assert len(notices) == 1
    assert len([t for t in general if "🔔" in t]) == 2  # nothing lost, nothing doubled
    assert all(r.thread_id is None for r in env.services.chats.rules_for_chat(FORUM))


async def test_a_closed_topic_is_treated_like_a_deleted_one(env):
    closed = env.api.add_topic(FORUM, "Closed")
    await say(env, FORUM, "/digest daily 08:00", thread=closed)
    env.api.close_topic(FORUM, closed)
    (job,) = env.application.job_queue.get_jobs_by_name(f"digest:{FORUM}")
    await job.run(env.application)
    general = env.api.topic_texts(FORUM, None)
    assert any("gapbot digest" in t for t in general) and any("General" in t for t in general)
    assert env.services.chats.digest(FORUM).thread_id is None


# -- identity and restarts --------------------------------------------------------------------


async def test_a_group_with_its_own_pair_keeps_it_when_it_becomes_a_supergroup(env):
    await say(env, GROUP, "/pair IWM SPY")
    await say(env, GROUP, "/alert gap 1y < -50")
    for update in env.api.migration_updates(GROUP, SUPERGROUP):
        await feed(env.application, update)
    assert env.services.chats.pair(SUPERGROUP) == ("IWM", "SPY")
    (rule,) = env.services.chats.rules_for_chat(SUPERGROUP)
    assert (rule.small, rule.large) == ("IWM", "SPY")
    (shown,) = await say(env, SUPERGROUP, "/pair", user=MEMBER)
    assert "IWM vs SPY" in shown


async def test_a_chats_pair_survives_a_restart(reference_db_file, tmp_path):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    first = await start(path)
    await say(first, GROUP, "/pair IWM SPY")
    await first.application.shutdown()
    first.services.storage.close()
    second = await start(path, first.api)
    (gap,) = await say(second, GROUP, "/gap 1y", user=MEMBER)
    assert gap.startswith("IWM vs SPY")
    await second.application.shutdown()


def test_rules_of_a_release_2_database_keep_vtwo_spy_after_the_upgrade(tmp_path, monkeypatch):
    """A copy of the database as the previous release left it (schema v2), with a rule,
    opened by this release."""
    path = tmp_path / "gapbot.sqlite3"
    with monkeypatch.context() as old_release:
        old_release.setattr("storage.db.SCHEMA_VERSION", 2)
        old = Storage(path)
        assert old.schema_version == 2
        old.db.execute(
            "INSERT INTO alert_rules (chat_id, metric, window, op, threshold, hysteresis, once, "
            "cooldown_s, armed, side, paused, created_at, lang) VALUES "
            "(-5, 'gap', '1y', '<', -10, 1, 0, 0, 1, NULL, 0, '2025-01-01', 'en')")
        old.db.conn.commit()
        old.close()
    settings = load_settings({"GAPBOT_DB": str(path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    assert services.storage.schema_version == migrations.SCHEMA_VERSION
    (rule,) = services.chats.rules_for_chat(-5)
    assert (rule.small, rule.large, rule.thread_id) == ("VTWO", "SPY", None)
    assert services.chats.active_pairs() == [("VTWO", "SPY")]




async def test_one_refresh_covers_every_chats_pair_and_every_rules_pair(env):
    from bot.tg.jobs import tickers_to_refresh

    await say(env, GROUP, "/pair IWM SPY")
    await say(env, FORUM, "/alert gap 1y ^RUT ^GSPC < -50")
    wanted = tickers_to_refresh(env.services)
    assert {"IWM", "SPY", "^RUT", "^GSPC", "VTWO", "^TNX", "^IRX"} <= set(wanted)
    assert len(wanted) == len(set(wanted))  # each ticker once, in one batched refresh
