"""/rates, /drawdown, /event, /odds and /mix as people use them in chats, and the new
alert metrics: figures checked against computations written here from the CSVs."""

from __future__ import annotations

import pytest

from analytics.alerts import RuleSpec, backtest, metric_series
from bot.answers.alerting import metric_inputs
from bot.tg.jobs import digest_text
from tests.support.bots import ADMIN, GROUP, OTHER_USER, USER, bot_env
from tests.support.expected import csv_column, last_on_or_before


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        yield running


def close_pct(series: dict, start, end) -> float:
    return (series[end] / series[start] - 1) * 100


async def test_the_liberation_day_week_by_date_and_by_name(env, market_data):
    vtwo = csv_column(market_data / "VTWO.csv", "adj_close")
    spy = csv_column(market_data / "SPY_adjusted.csv", "close")
    from datetime import date

    start, end = date(2025, 4, 2), date(2025, 4, 8)
    gap = close_pct(vtwo, start, end) - close_pct(spy, start, end)
    (text,) = await env.say(USER, "/event 2025-04-02 4")
    assert "2025-04-02 close → 2025-04-08 close (4 trading days)" in text
    assert f"Gap: {gap:+.1f} pp (total return)".replace("-", "−") in text
    assert f"VTWO: {close_pct(vtwo, start, end):+.1f}%".replace("-", "−") in text
    (named,) = await env.say(USER, "/event liberation-day")
    assert "Liberation Day tariffs" in named and "(5 trading days)" in named


async def test_event_alone_lists_the_named_events(env):
    (text,) = await env.say(USER, "/event")
    for key in ("liberation-day", "covid", "svb", "fed-cut-2024"):
        assert key in text


async def test_rates_states_the_yield_change_in_bp_and_the_beta(env, market_data):
    tnx = csv_column(market_data / "TNX.csv", "close")
    (text,) = await env.say(USER, "/rates 1y IWM SPY")
    # IWM/SPY 1Y ends where the pair's common data ends: 2026-06-30 raw / 07-13 adjusted;
    # the yield is read on the same days, so the window's end is TNX's last common day.
    end = last_on_or_before(tnx, max(tnx))
    assert f"→ {tnx[end]:.2f}%" in text
    assert "pp per +10 bp" in text and "Last 3 months" in text and "Last year" in text
    assert "total return" in text and "TNX.csv" in text


async def test_drawdown_of_the_index_pair_over_all_history(env, market_data):
    rut = csv_column(market_data / "RUT.csv", "close")
    peak, deepest, at = 0.0, 0.0, None
    for day in sorted(rut):
        peak = max(peak, rut[day])
        if rut[day] / peak - 1 < deepest:
            deepest, at = rut[day] / peak - 1, day
    (text,) = await env.say(USER, "/drawdown max ^RUT ^GSPC")
    assert f"deepest {deepest * 100:.1f}%".replace("-", "−") in text
    assert f"{at} trough" in text and "price return" in text


async def test_odds_over_five_years_for_the_index_pair(env):
    (text,) = await env.say(USER, "/odds 5y ^RUT ^GSPC")
    assert "^RUT beat ^GSPC in 49.9% of 7,836 rolling 5-year windows" in text
    assert "Worst: −143.6 pp (1994-04-08 → 1999-04-08)" in text


async def test_mix_compares_cagr_volatility_and_drawdown(env):
    (text,) = await env.say(USER, "/mix 20 10y IWM SPY")
    assert "20% IWM + 80% SPY vs 100% SPY" in text
    assert "14.34%" in text and "15.17%" in text and "+0.86" in text


async def test_the_debate_answers_in_korean(env):
    (text,) = await env.say(OTHER_USER, "/event 2025-04-02 4")
    assert "격차" in text and "%p" in text
    (text,) = await env.say(OTHER_USER, "/odds 5y ^RUT ^GSPC")
    assert "승률" in text


@pytest.mark.parametrize(("command", "expected"), [
    ("/event nosuchthing", "don't know the event"),
    ("/event 2025-04-02 0", "not a number of trading days from 1 to 250"),
    ("/event 2025-04-02 10000", "not a number of trading days from 1 to 250"),
    ("/mix -5", "not a share from 0 to 100"),
    ("/mix 150", "not a share from 0 to 100"),
    ("/odds 40y", "not a number of years from 1 to 30"),
    ("/odds 30y", "too short for one 30-year window"),
    ("/rates 1y ^TNX SPY", "bond yield, not a price"),
    ("/drawdown 1y ABC DEF", "No data for"),
    ("/event 1990-01-02 5 VTWO SPY", "starts at"),
])
async def test_bad_input_gets_one_clean_reply_and_changes_nothing(env, command, expected):
    before = env.services.storage.tickers()
    replies = await env.say(USER, command)
    assert len(replies) == 1 and expected in replies[0], replies
    assert env.services.storage.tickers() == before


async def test_inline_rates_answers_in_any_chat(env):
    from tests.support.fake_botapi import feed

    await feed(env.application, env.api.inline_update(USER, "rates 1y IWM SPY"))
    (answer,) = env.api.inline_answers
    (result,) = answer["results"]
    assert "10-year yield" in result["title"]


async def test_help_and_menu_name_the_new_commands(env):
    (text,) = await env.say(USER, "/help")
    for command in ("/rates", "/drawdown", "/event", "/odds", "/mix"):
        assert command in text
    names = {c["command"] for c in env.api.commands[("all_private_chats", None)]}
    assert {"rates", "drawdown", "event", "odds", "mix"} <= names


async def test_yield_alert_metrics_match_the_yield_file(env, market_data):
    tnx = csv_column(market_data / "TNX.csv", "close")
    inputs = metric_inputs(env.services.market, "VTWO", "SPY")
    level = metric_series(inputs, "yield", None).dropna()
    last = level.index[-1].date()
    assert level.iloc[-1] == pytest.approx(tnx[last])
    change = metric_series(inputs, "yield_chg", "1m").dropna()
    from dateutil.relativedelta import relativedelta

    start = last_on_or_before(tnx, last - relativedelta(months=1))
    assert change.iloc[-1] == pytest.approx((tnx[last] - tnx[start]) * 100)
    # `yield crosses 4` fires on each change of side, alternating above and below.
    fired = backtest(RuleSpec("yield", None, "crosses", 4.0, 0.10), level)
    sides = [v > 4.0 for _, v in fired]
    assert len(fired) > 5 and all(a != b for a, b in zip(sides, sides[1:], strict=False))


async def test_small_drawdown_alert_metric_is_the_fall_from_the_running_peak(env, market_data):
    vtwo = csv_column(market_data / "VTWO.csv", "adj_close")
    spy = csv_column(market_data / "SPY_adjusted.csv", "close")
    days = sorted(set(vtwo) & set(spy))
    peak, expected = 0.0, {}
    for day in days:
        peak = max(peak, vtwo[day])
        expected[day] = (vtwo[day] / peak - 1) * 100
    inputs = metric_inputs(env.services.market, "VTWO", "SPY")
    series = metric_series(inputs, "small_dd", None)
    for day in (days[100], days[-1]):
        assert series.loc[str(day)] == pytest.approx(expected[day])


async def test_large_drawdown_alert_metric_is_the_large_sides_own_fall(env, market_data):
    vtwo = csv_column(market_data / "VTWO.csv", "adj_close")
    spy = csv_column(market_data / "SPY_adjusted.csv", "close")
    days = sorted(set(vtwo) & set(spy))
    peak, expected = 0.0, {}
    for day in days:  # over the closes both sides have, as every pair metric
        peak = max(peak, spy[day])
        expected[day] = (spy[day] / peak - 1) * 100
    inputs = metric_inputs(env.services.market, "VTWO", "SPY")
    series = metric_series(inputs, "large_dd", None)
    for day in (days[100], days[-1]):
        assert series.loc[str(day)] == pytest.approx(expected[day])
    assert min(expected.values()) < -15  # the April 2025 sell-off is in the span: a real fall


async def test_groups_can_alert_on_yields_and_drawdowns(env):
    (created,) = await env.say(GROUP, "/alert yield crosses 4", user_id=ADMIN)
    assert "Rule #" in created and "10-year yield" in created
    (created,) = await env.say(GROUP, "/alert small_dd < -20 once", user_id=ADMIN)
    assert "Rule #" in created
    (created,) = await env.say(GROUP, "/alert large_dd < -10", user_id=ADMIN)
    assert "Rule #" in created and "SPY" in created
    (tested,) = await env.say(GROUP, "/alert test yield_chg 3m > 50", user_id=ADMIN)
    assert "bp" in tested


async def test_the_digest_has_a_yield_line(env, market_data):
    tnx = csv_column(market_data / "TNX.csv", "close")
    text = digest_text(env.services, "en")
    assert "10-year yield" in text
    assert f"10-year yield {tnx[max(tnx)]:.2f}%" in text and f"{max(tnx)} close" in text


def window_buttons(message) -> dict[str, str]:
    return {b["text"]: b["callback_data"]
            for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row}


async def test_window_buttons_edit_the_answer_in_place(env):
    from tests.support.fake_botapi import feed

    await env.say(USER, "/drawdown 3y IWM SPY")
    message = env.api.last(USER)
    buttons = window_buttons(message)
    assert "• 3Y" in buttons and "MAX" in buttons
    await feed(env.application, env.api.callback_update(USER, USER, message.message_id,
                                                        buttons["MAX"]))
    assert env.api.last(USER).message_id == message.message_id  # edited, not a new message
    assert message.plain.startswith("Drawdowns: IWM vs SPY · all data") and message.edits == 1
    assert "• MAX" in window_buttons(message)
    await feed(env.application, env.api.callback_update(USER, USER, message.message_id,
                                                        window_buttons(message)["• MAX"]))
    assert env.api.callback_answers[-1].get("text") == "Already showing that."
    # data the message never offered (a modified client can send any) is not pressed
    forged = "d:drawdown 1y ^TNX SPY"
    await feed(env.application, env.api.callback_update(USER, USER, message.message_id, forged))
    assert "expired" in env.api.callback_answers[-1]["text"] and message.edits == 1


async def test_window_buttons_replace_the_chart_too(env):
    from tests.support.fake_botapi import feed

    env.services.chats.update_chat(USER, env.services.market.clock(), charts=1)
    await env.say(USER, "/mix 20 5y IWM SPY")
    message = env.api.last(USER)
    assert message.kind == "photo" and message.plain.startswith("20% IWM + 80% SPY vs 100% SPY")
    before = message.photo
    await feed(env.application, env.api.callback_update(USER, USER, message.message_id,
                                                        window_buttons(message)["10Y"]))
    assert message.photo != before and "· 10 years" in message.plain.splitlines()[0]
