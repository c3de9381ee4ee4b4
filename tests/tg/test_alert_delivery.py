"""Alerts end to end through the strict fake Bot API: permissions, delivery faults,
crashes and restarts. Never lost, never sent twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.answers.alerting import evaluate
from bot.config import load_settings
from bot.tg.app import build_application, open_services
from storage.chats import CLAIM_LEASE
from tests.support.alerts import (
    ADMIN,
    GROUP,
    MEMBER,
    OWNER,
    PRIVATE,
    add_march_rule,
    alerts_seen,
    deliver,
    inputs_until,
    start_alert_bot,
)
from tests.support.clock import EVENING, Clock
from tests.support.fake_botapi import FakeBotAPI, FakeRequest


@pytest.fixture
async def env(reference_db_file, tmp_path):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    yield await start_alert_bot(path)


async def test_a_crossing_is_delivered_once_with_what_crossed_and_how_to_mute(env):
    rule_id = await add_march_rule(env)
    evaluate(env.services.chats, inputs_until(env.services, date(2025, 3, 21)), EVENING)
    await deliver(env)
    await deliver(env)
    (alert,) = alerts_seen(env, PRIVATE)
    assert "the VTWO−SPY gap over 1 year fell below −10 pp" in alert
    assert "as of the 2025-03-21 close" in alert and f"/alert pause {rule_id}" in alert


async def test_the_confirmation_says_whether_the_rule_holds_now(env):
    (reply,) = await env.say(PRIVATE, "/alert gap 1y > -20")
    assert "It already holds" in reply and "Now: −10.1 pp (as of the 2025-03-21 close)" in reply


@pytest.mark.parametrize("crash_point", ["after_evaluation", "before_request", "after_send"])
async def test_a_crash_and_restart_delivers_each_alert_exactly_once(
    reference_db_file, tmp_path, crash_point
):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    first = await start_alert_bot(path)
    await add_march_rule(first)
    evaluate(first.services.chats, inputs_until(first.services, date(2025, 3, 21)), EVENING)
    if crash_point == "before_request":
        # The process dies holding the claim, before Telegram saw the message.
        assert first.services.chats.claim_head(PRIVATE, EVENING, "dead-process") is not None
    elif crash_point == "after_send":
        await deliver(first)
    api = first.api
    await first.application.shutdown()
    first.services.storage.close()

    second = await start_alert_bot(path, api)  # restart on the same file
    evaluate(second.services.chats, inputs_until(second.services, date(2025, 3, 21)), EVENING)
    await deliver(second)
    if crash_point == "before_request":
        # The dead sender's claim is honoured until its lease runs out, then retaken.
        assert alerts_seen(second, PRIVATE) == []
        second.services.market.clock.now = EVENING + CLAIM_LEASE
    await deliver(second)
    await deliver(second)
    assert len(alerts_seen(second, PRIVATE)) == 1


async def test_flood_control_is_honoured_then_the_alert_goes_out(env):
    await add_march_rule(env)
    evaluate(env.services.chats, inputs_until(env.services, date(2025, 3, 21)), EVENING)
    env.api.fail_next("sendMessage", chat_id=PRIVATE, kind="429", retry_after=30)
    report = await deliver(env)
    assert report.retried == 1 and alerts_seen(env, PRIVATE) == []
    env.services.market.clock.now = EVENING + timedelta(seconds=10)
    await deliver(env)
    assert alerts_seen(env, PRIVATE) == []  # still inside retry_after
    env.services.market.clock.now = EVENING + timedelta(seconds=31)
    await deliver(env)
    assert len(alerts_seen(env, PRIVATE)) == 1


@pytest.mark.parametrize("kind", ["timeout", "500", "network"])
async def test_transient_failures_are_retried_with_backoff(env, kind):
    await add_march_rule(env)
    evaluate(env.services.chats, inputs_until(env.services, date(2025, 3, 21)), EVENING)
    env.api.fail_next("sendMessage", chat_id=PRIVATE, kind=kind, times=2)
    clock = env.services.market.clock
    for step in range(6):
        clock.now = EVENING + timedelta(seconds=10 * step)
        await deliver(env)
    assert len(alerts_seen(env, PRIVATE)) == 1


async def test_a_chat_that_blocked_the_bot_is_paused_not_retried_forever(env):
    await add_march_rule(env)
    env.api.block(PRIVATE)
    evaluate(env.services.chats, inputs_until(env.services, date(2025, 3, 21)), EVENING)
    report = await deliver(env)
    assert report.paused_chats == [PRIVATE]
    sends = len([c for c in env.api.calls if c.method == "sendMessage"])
    await deliver(env)
    assert len([c for c in env.api.calls if c.method == "sendMessage"]) == sends
    assert env.services.chats.chat(PRIVATE).paused_reason
    assert env.services.chats.active_rules() == []  # not evaluated while paused


async def test_a_group_that_became_a_supergroup_keeps_its_rules_and_gets_the_alert(env):
    rule_id = await add_march_rule(env, GROUP, user=ADMIN)
    new_id = -1009999
    env.api.add_group(new_id, title="Positioning", supergroup=True)
    env.api.migrate_group(GROUP, new_id)
    evaluate(env.services.chats, inputs_until(env.services, date(2025, 3, 21)), EVENING)
    report = await deliver(env)
    assert report.migrated == {GROUP: new_id}
    assert len(alerts_seen(env, new_id)) == 1
    assert env.services.chats.rule(new_id, rule_id) is not None
    assert env.services.chats.rules_for_chat(GROUP) == []


async def test_only_admins_change_group_rules_but_anyone_lists(env):
    (refused,) = await env.say(GROUP, "/alert gap 1y < -10", user_id=MEMBER)
    assert "only admins" in refused
    assert env.services.chats.rules_for_chat(GROUP) == []
    (created,) = await env.say(GROUP, "/alert gap 1y < -10", user_id=ADMIN)
    assert "Rule #" in created
    (listing,) = await env.say(GROUP, "/alerts", user_id=MEMBER)
    assert "VTWO−SPY gap over 1 year falls below −10 pp" in listing
    rule_id = env.services.chats.rules_for_chat(GROUP)[0].id
    (refused,) = await env.say(GROUP, f"/alert del {rule_id}", user_id=MEMBER)
    assert "only admins" in refused
    (deleted,) = await env.say(GROUP, f"/alert del {rule_id}", user_id=OWNER)
    assert f"Rule #{rule_id} deleted." == deleted


async def test_an_anonymous_admin_can_manage_rules(env):
    (created,) = await env.say(GROUP, "/alert pe_discount < 25", user_id=MEMBER,
                               anonymous_admin=True)
    assert "Rule #" in created


async def test_admins_can_open_rules_to_everyone(env):
    (refused,) = await env.say(GROUP, "/settings alerts open", user_id=MEMBER)
    assert "only admins" in refused
    await env.say(GROUP, "/settings alerts open", user_id=ADMIN)
    (created,) = await env.say(GROUP, "/alert gap 1y < -10", user_id=MEMBER)
    assert "Rule #" in created


async def test_nobody_reaches_another_chats_rule_by_id(env):
    rule_id = await add_march_rule(env)
    for command in (f"/alert del {rule_id}", f"/alert pause {rule_id}"):
        (reply,) = await env.say(GROUP, command, user_id=ADMIN)
        assert f"This chat has no rule #{rule_id}." == reply
    assert env.services.chats.rule(PRIVATE, rule_id).paused is False


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/alert foo > 1", "Unknown metric"),
        ("/alert gap 1y > nan", "is not a usable number"),
        ("/alert gap 1y > inf", "is not a usable number"),
        ("/alert gap 1y > 1e308", "is not a usable number"),
        ("/alert gap 1y ~ 3", "Unknown operator"),
        ("/alert gap 1y < -10 cooldown=9999d", "is not a duration"),
        ("/alert pe_discount 1y < 25", "takes no window"),
        ("/alert gap'; DROP TABLE alert_rules; -- < 1", "Unknown metric"),
        ("/alert <b>gap</b> < 1", "Unknown metric"),
        ("/alert del 1; DROP TABLE x", "is not a rule id"),
        ("/alert del abc", "is not a rule id"),
        ("/alert gap 1y <", "incomplete"),
        ("/digest hourly", "Usage: /digest"),
        ("/digest daily 25:00", "is not a time of day"),
        ("/tz Mars/Olympus", "is not a time zone"),
    ],
)
async def test_garbage_rules_are_refused_and_change_nothing(env, command, expected):
    (reply,) = await env.say(PRIVATE, command)
    assert expected in reply
    assert env.services.chats.rules_for_chat(PRIVATE) == []
    assert "alert_rules" in env.services.storage.db.table_names()


async def test_backtest_counts_firings_over_the_cache(env):
    (reply,) = await env.say(PRIVATE, "/alert test gap 1y < -10")
    assert "it would have fired" in reply and "Last:" in reply
    assert env.services.chats.rules_for_chat(PRIVATE) == []


async def test_digest_is_scheduled_in_the_chat_zone_and_sent_once_a_day(env):
    await env.say(PRIVATE, "/tz Asia/Seoul")
    (reply,) = await env.say(PRIVATE, "/digest daily 08:30")
    assert "every day at 08:30 (Asia/Seoul)" in reply
    from bot.tg.jobs import digest_text

    text = digest_text(env.services, "en")
    assert "1 year gap" in text and "P/E discount" not in text  # no P/E snapshots cached here
    chats = env.services.chats
    assert chats.enqueue(f"digest:{PRIVATE}:2025-03-22", PRIVATE, text, EVENING)
    assert not chats.enqueue(f"digest:{PRIVATE}:2025-03-22", PRIVATE, text, EVENING)


async def test_jobs_are_rebuilt_from_sqlite_at_start_and_never_duplicated(reference_db_file,
                                                                          tmp_path):
    from bot.tg.jobs import schedule_all

    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    settings = load_settings({"GAPBOT_DB": str(path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    services.market.clock = Clock(EVENING)  # 06:30 in Seoul: no digest was missed today
    services.chats.set_digest(PRIVATE, "daily", "08:30", "ko", EVENING)
    services.chats.set_digest(GROUP, "weekly", "09:00", "en", EVENING)
    api = FakeBotAPI()
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                     rate_limit=False, jobs=True)
    schedule_all(application, settings.refresh_minutes)  # a second rebuild, as on restart

    pending = application.job_queue.scheduler.get_jobs()
    assert sorted(job.name for job in pending) == sorted(
        ["market-refresh", "outbox-sender", f"digest:{PRIVATE}", f"digest:{GROUP}"])


async def test_alerts_lists_state_and_last_fired_time(env):
    rule_id = await add_march_rule(env)
    (before,) = await env.say(PRIVATE, "/alerts")
    assert f"#{rule_id} VTWO−SPY gap over 1 year falls below −10 pp" in before
    assert "armed" in before
    evaluate(env.services.chats, inputs_until(env.services, date(2025, 3, 21)), EVENING)
    (after,) = await env.say(PRIVATE, "/alerts")
    assert "fired 2025-03-21 21:30 UTC" in after and "now −10.1 pp" in after
    await env.say(PRIVATE, f"/alert pause {rule_id}")
    (paused,) = await env.say(PRIVATE, "/alerts")
    assert "paused · last fired 2025-03-21 21:30 UTC" in paused
