"""What the bot says is true and readable: sources as recorded, staleness as an age,
Yahoo errors as a sentence in the reader's language, yields never as returns, long
lists split, and no silence in a private chat."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.tg.jobs import digest_text
from tests.support.bots import GROUP, OTHER_USER, USER, bot_env

LATER = datetime(2026, 11, 25, 22, tzinfo=UTC)  # 13 months after VTWO.csv ends


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        yield running


async def test_a_stale_answer_says_how_old_its_data_is(env):
    env.services.market.clock = lambda: LATER
    (text,) = await env.say(USER, "/gap 1y")
    assert "data ends 2025-10-31, 390 days ago" in text
    assert "the latest close is 2026-11-25" in text


async def test_yahoo_errors_are_a_short_sentence_in_the_readers_language(env):
    env.services.market.clock = lambda: LATER
    for ticker in ("VTWO", "SPY"):
        env.services.storage.record_error(
            ticker, "DNSError('Failed to perform, curl: (6) Could not resolve host')", LATER)
    (english,) = await env.say(USER, "/status")
    (korean,) = await env.say(OTHER_USER, "/gap 1y")
    for text in (english, korean):
        assert "curl" not in text and "DNSError" not in text
    assert "Yahoo Finance could not be reached." in english
    assert "Yahoo Finance에 연결할 수 없었습니다." in korean


async def test_a_yield_is_never_shown_as_a_price_return(env):
    (text,) = await env.say(USER, "/gap 1y ^TNX ^GSPC")
    assert "bond yield, not a price" in text and "/rates" in text
    assert "%" not in text


async def test_the_price_view_does_not_claim_total_return(env):
    (text,) = await env.say(USER, "/gap 5y ^RUT ^GSPC")
    assert "Total return from dividend-adjusted closes" not in text
    assert "Price return from closes, dividends excluded" in text
    (text,) = await env.say(USER, "/gap 1y")
    assert "Total return from dividend-adjusted closes" in text


async def test_sources_are_the_ones_recorded_not_a_brand_name(env):
    (gap,) = await env.say(USER, "/gap 1y")
    source = gap.split("Source: ")[1].split(". ")[0]
    assert source.startswith("imported CSV files ") and "VTWO.csv" in source and "SPY_" in source
    assert "Yahoo" not in gap.split("Source:")[1]
    digest = digest_text(env.services, "en")
    assert "Source: imported CSV files" in digest and "Yahoo" not in digest.split("Source:")[1]
    (valuation,) = await env.say(USER, "/valuation")
    assert "Source: Yahoo Finance" in valuation  # the seeded P/E snapshots say so
    (text,) = await env.say(USER, "/help")
    assert "Real numbers from Yahoo Finance" not in text


async def test_sectors_refusals_show_the_sectors_usage(env):
    (text,) = await env.say(USER, "/sectors IWM")
    assert "/sectors [SMALL LARGE]" in text and "/gap [WINDOW]" not in text


async def test_an_unknown_command_gets_a_hint_in_private_and_silence_in_groups(env):
    (text,) = await env.say(USER, "/gapp 1y")
    assert "/gapp" in text and "/help" in text
    (korean,) = await env.say(OTHER_USER, "/whatever")
    assert "없는 명령어입니다" in korean and "(은)" not in korean
    assert await env.say(GROUP, "/whatever", user_id=USER) == []


async def test_the_command_menu_lists_tz_and_settings(env):
    for commands in env.api.commands.values():
        names = {c["command"] for c in commands}
        assert {"tz", "settings", "alerts", "digest"} <= names


async def test_a_long_alert_list_is_split_into_messages_telegram_accepts(env):
    for n in range(50):
        await env.say(USER, f"/alert gap 1y crosses -{n + 1}.5 cooldown=2d band=0.3")
    replies = await env.say(USER, "/alerts")
    assert len(replies) >= 2
    assert all(len(r) <= 4096 for r in replies)
    listed = "\n".join(replies)
    for rule in env.services.chats.rules_for_chat(USER):
        assert f"#{rule.id} " in listed
    assert "(page 1 of" in replies[0]


async def test_a_rule_whose_window_is_longer_than_the_history_is_refused(env):
    (text,) = await env.say(USER, "/alert ratio_z <= -2")
    assert "5y" in text and "VTWO/SPY" in text and "2.9 years" in text
    assert env.services.chats.rules_for_chat(USER) == []
    (ok,) = await env.say(USER, "/alert ratio_z 1y <= -2")
    assert "Rule #" in ok


async def test_the_internal_error_reply_promises_nothing_untrue(env, monkeypatch):
    from bot.tg import handlers

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(handlers.render, "render_status", broken)
    (text,) = await env.say(USER, "/status")
    assert "team has been told" not in text and "log" in text


async def test_a_digest_on_old_data_says_it_is_stale(env):
    env.services.market.clock = lambda: LATER
    text = digest_text(env.services, "en")
    assert "data ends 2025-10-31, 390 days ago" in text
