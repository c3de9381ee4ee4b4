"""Alert semantics: edge-triggered, hysteresis, cooldown, once; replayed on real 2025 data.

Expectations are computed here from the CSV files with a loop of our own, and the
replay travels through time one trading day at a time.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
import time_machine

from analytics.alerts import MetricInputs, RuleSpec, backtest, initial_state, step
from bot.answers.alerting import evaluate
from storage.chats import ChatStore
from storage.db import Storage
from tests.support.expected import csv_column, last_on_or_before

NOW = datetime(2025, 3, 3, 21, 30, tzinfo=UTC)


def spec(op: str, threshold: float, band: float = 1.0, **kw) -> RuleSpec:
    return RuleSpec("gap", "1y", op, threshold, band, **kw)


def run(rule: RuleSpec, values: list[float]) -> list[int]:
    """Indices (after the first, the creation value) at which the rule fires."""
    state = initial_state(rule, values[0])
    fired = []
    for i, value in enumerate(values[1:], start=1):
        state, did = step(rule, state, value, NOW + timedelta(days=i))
        if did:
            fired.append(i)
    return fired


def test_fires_when_the_condition_starts_to_hold_not_while_it_stays_true():
    assert run(spec("<", -10), [-5, -11, -12, -13, -12]) == [1]


def test_a_value_wobbling_around_the_line_fires_once():
    assert run(spec("<", -10, band=1), [-9, -10.2, -9.8, -10.1, -9.7, -10.3]) == [1]
    # without a band every dip is a new alert: the spam users complain about
    assert run(spec("<", -10, band=0), [-9, -10.2, -9.8, -10.1, -9.7, -10.3]) == [1, 3, 5]


def test_rearms_after_moving_back_past_the_band():
    assert run(spec("<", -10, band=1), [-9, -11, -8.9, -10.5]) == [1, 3]


def test_a_rule_created_while_its_condition_holds_waits_for_the_next_crossing():
    assert run(spec("<", -10), [-12, -13, -11]) == []
    assert run(spec("<", -10), [-12, -8.5, -11]) == [2]


def test_crosses_fires_both_ways_once_clear_of_the_line_never_on_a_wobble():
    rule = spec("crosses", -10, band=1)
    # -10.5, -9.9, -10.5 wobble within the band; -11.2 is a confirmed move below,
    # -8.8 one above, -11.5 below again: firings alternate.
    values = [-8, -10.5, -9.9, -11.2, -10.5, -9.5, -8.8, -9.6, -10.4, -11.5]
    assert run(rule, values) == [3, 6, 9]
    # band=0: every change of side is a crossing
    assert run(spec("crosses", -10, band=0), [-8, -10.5, -9.9, -10.2]) == [1, 2, 3]


def test_crosses_never_fires_twice_the_same_way_in_a_row():
    rule = spec("crosses", 4.0, band=0.1)
    values = [4.2, 3.98, 4.03, 3.93, 4.02, 3.88, 4.05, 4.12, 3.85]
    fired = run(rule, values)
    sides = [values[i] > 4.0 for i in fired]
    assert fired == [5, 7, 8] and sides == [False, True, False]


def test_crosses_above_and_below_watch_one_direction():
    assert run(spec("crosses_above", 0, band=0.5), [-1, 1, -1, 1]) == [1, 3]
    assert run(spec("crosses_below", 0, band=0.5), [-1, 1, -1, 1]) == [2]


def test_cooldown_spaces_firings():
    rule = spec("<", -10, band=0, cooldown=timedelta(days=3))
    # day 1 fires; the day 3 crossing falls inside the 3-day cooldown; day 5 fires
    assert run(rule, [-9, -11, -9, -11, -9, -11]) == [1, 5]


def test_nan_and_missing_values_change_nothing():
    rule = spec("<", -10)
    state = initial_state(rule, -5)
    for value in (float("nan"), None, float("inf")):
        assert step(rule, state, value, NOW) == (state, False)


def test_once_stops_a_backtest_after_the_first_firing():
    series = pd.Series([-9, -11, -8, -11], index=pd.date_range("2025-01-01", periods=4))
    assert [d for d, _ in backtest(spec("<", -10, band=0, once=True), series)] == [
        date(2025, 1, 2)]


# -- replay on real data -----------------------------------------------------------------------


def expected_gap_1y(market_data, day: date) -> float:
    """The 1y total-return gap in pp computed from the CSVs, independently of analytics."""
    vtwo = csv_column(market_data / "VTWO.csv", "adj_close")
    spy = csv_column(market_data / "SPY_adjusted.csv", "close")
    common = {d: (vtwo[d], spy[d]) for d in vtwo if d in spy}
    end = last_on_or_before(common, day)
    start = last_on_or_before(common, (pd.Timestamp(end) - pd.DateOffset(years=1)).date())
    (v0, s0), (v1, s1) = common[start], common[end]
    return ((v1 / v0) - (s1 / s0)) * 100


def expected_firings(values: list[tuple[date, float]], threshold: float, band: float,
                     cooldown: timedelta = timedelta(0)) -> list[date]:
    """A `gap < threshold` rule, re-armed at threshold + band, written out longhand."""
    armed = values[0][1] >= threshold
    last_fired = None
    fired = []
    for day, value in values[1:]:
        if armed and value < threshold and (
            last_fired is None or day - last_fired >= cooldown
        ):
            fired.append(day)
            armed, last_fired = False, day
        elif not armed and value >= threshold + band:
            armed = True
    return fired


@pytest.fixture
def inputs(reference_storage):
    frames = reference_storage.load_prices(["VTWO", "SPY"])
    return MetricInputs("VTWO", "SPY", frames["VTWO"], frames["SPY"])


def replay(chats: ChatStore, inputs: MetricInputs, first: date, last: date) -> list[date]:
    """Evaluate after each trading day's close, travelling to that evening."""
    days = [d.date() for d in inputs.small.loc[str(first):str(last)].index]
    for day in days:
        evening = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=21, minutes=30)
        with time_machine.travel(evening, tick=False):
            evaluate(chats, inputs.until(day), datetime.now(UTC))
    return days


def fired_days(chats: ChatStore) -> list[date]:
    rows = chats.db.execute("SELECT dedupe_key FROM outbox ORDER BY id").fetchall()
    return [date.fromisoformat(key.rsplit(":", 1)[1]) for (key,) in rows]


def add_gap_rule(chats, inputs, created: date, threshold, band, cooldown_s=0, chat_id=100):
    rule = RuleSpec("gap", "1y", "<", threshold, band, cooldown=timedelta(seconds=cooldown_s))
    from analytics.alerts import metric_series

    value = metric_series(inputs.until(created), "gap", "1y").dropna().iloc[-1]
    state = initial_state(rule, float(value))
    return chats.add_rule(chat_id, metric="gap", window="1y", op="<", threshold=threshold,
                          hysteresis=band, once=False, cooldown_s=cooldown_s, armed=state.armed,
                          side=None, created_by=1, lang="en", now=NOW)


@pytest.mark.parametrize("band", [0.0, 1.0, 2.5])
def test_replay_march_to_may_2025_fires_exactly_on_the_computed_crossings(
    inputs, market_data, band
):
    chats = ChatStore(Storage().db)
    add_gap_rule(chats, inputs, date(2025, 2, 28), threshold=-10.0, band=band)
    days = replay(chats, inputs, date(2025, 3, 3), date(2025, 5, 30))

    values = [(date(2025, 2, 28), expected_gap_1y(market_data, date(2025, 2, 28)))]
    values += [(d, expected_gap_1y(market_data, d)) for d in days]
    expected = expected_firings(values, -10.0, band)
    assert fired_days(chats) == expected
    assert expected, "the April 2025 sell-off must cross the line at least once"
    if band == 1.0:
        assert expected == [date(2025, 3, 21), date(2025, 3, 27), date(2025, 4, 23)]


def test_replay_with_cooldown(inputs, market_data):
    chats = ChatStore(Storage().db)
    cooldown = timedelta(days=14)
    add_gap_rule(chats, inputs, date(2025, 2, 28), -10.0, 0.0, int(cooldown.total_seconds()))
    days = replay(chats, inputs, date(2025, 3, 3), date(2025, 5, 30))
    values = [(date(2025, 2, 28), expected_gap_1y(market_data, date(2025, 2, 28)))]
    values += [(d, expected_gap_1y(market_data, d)) for d in days]
    assert fired_days(chats) == expected_firings(values, -10.0, 0.0, cooldown)


def test_the_alert_message_names_metric_value_threshold_asof_and_mute(inputs):
    chats = ChatStore(Storage().db)
    rule_id = add_gap_rule(chats, inputs, date(2025, 3, 14), -10.0, 1.0)
    replay(chats, inputs, date(2025, 3, 17), date(2025, 3, 21))
    (text,) = [r[0] for r in chats.db.execute("SELECT text FROM outbox")]
    assert "the VTWO−SPY gap over 1 year fell below −10 pp" in text
    assert "Now −10.1 pp" in text
    assert "as of the 2025-03-21 close" in text and "total return" in text
    assert f"/alert pause {rule_id}" in text


def test_evaluating_the_same_close_twice_fires_nothing_twice(inputs):
    chats = ChatStore(Storage().db)
    add_gap_rule(chats, inputs, date(2025, 3, 14), -10.0, 1.0)
    until = inputs.until(date(2025, 3, 21))
    first = evaluate(chats, until, NOW)
    again = evaluate(chats, until, NOW + timedelta(minutes=30))
    assert (first.fired, first.committed) == (1, True)
    assert again.skipped_reason == "already_evaluated"
    assert len(fired_days(chats)) == 1


def test_a_crash_inside_the_evaluation_commit_leaves_nothing_half_done(inputs, monkeypatch):
    storage = Storage()
    chats = ChatStore(storage.db)
    add_gap_rule(chats, inputs, date(2025, 3, 14), -10.0, 1.0)
    until = inputs.until(date(2025, 3, 21))

    real = ChatStore.commit_evaluation

    def crash(self, *args, **kwargs):
        kwargs["messages"] = iter(_exploding(kwargs["messages"]))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ChatStore, "commit_evaluation", crash)
    with pytest.raises(RuntimeError):
        evaluate(chats, until, NOW)
    monkeypatch.undo()
    assert fired_days(chats) == []
    assert chats.active_rules()[0].armed  # the state change was rolled back with the message
    assert evaluate(chats, until, NOW).fired == 1  # the restart evaluates again, once
    assert len(fired_days(chats)) == 1


def _exploding(messages):
    yield from messages
    raise RuntimeError("power cut")


def test_rules_of_another_chat_are_invisible(inputs):
    chats = ChatStore(Storage().db)
    mine = add_gap_rule(chats, inputs, date(2025, 3, 14), -10.0, 1.0, chat_id=1)
    assert chats.rule(2, mine) is None
    assert not chats.delete_rule(2, mine)
    assert not chats.set_rule_paused(2, mine, True)
    assert chats.rule(1, mine) is not None


def test_the_vectorised_evaluation_agrees_with_step_on_random_rules():
    import random

    import numpy as np

    from analytics.alerts import (
        OP_CODES,
        OPERATORS,
        SIDE_CODES,
        SIDE_NAMES,
        RuleBatch,
        RuleState,
        step_many,
    )

    rng = random.Random(7)
    now = NOW + timedelta(days=30)
    specs, states, values = [], [], []
    for _ in range(5000):
        rule = RuleSpec("gap", "1y", rng.choice(OPERATORS), rng.choice([-10.0, 0.0, 5.0]),
                        rng.choice([0.0, 0.5, 2.0]),
                        cooldown=timedelta(days=rng.choice([0, 3, 60])))
        last = rng.choice([None, NOW, now - timedelta(days=2)])
        side = rng.choice([None, "above", "below"]) if rule.op == "crosses" else None
        specs.append(rule)
        states.append(RuleState(rng.random() < 0.5, side, last))
        values.append(rng.choice([rng.uniform(-14, 9), float("nan"), -10.0, 0.0]))
    batch = RuleBatch(
        op=np.array([OP_CODES[s.op] for s in specs]),
        threshold=np.array([s.threshold for s in specs]),
        band=np.array([s.hysteresis for s in specs]),
        cooldown=np.array([s.cooldown.total_seconds() for s in specs]),
        armed=np.array([s.armed for s in states]),
        side=np.array([SIDE_CODES[s.side] for s in states]),
        last_fired=np.array([s.last_fired_at.timestamp() if s.last_fired_at else np.nan
                             for s in states]),
    )
    armed, side, fired = step_many(batch, np.array(values), now.timestamp())
    for i, (rule, state, value) in enumerate(zip(specs, states, values, strict=True)):
        expected, did = step(rule, state, value, now)
        assert (bool(fired[i]), bool(armed[i]), SIDE_NAMES[int(side[i])]) == (
            did, expected.armed, expected.side), (rule, state, value)


def test_todays_metric_values_equal_the_last_point_of_their_series(reference_storage):
    """Evaluation computes only today's value of each metric; backtests use the whole
    series. Both must agree, or a backtest would promise what the live rule doesn't do."""
    from analytics.alerts import PRICE_METRICS, _last_of_series, current_metrics

    frames = reference_storage.load_prices(["VTWO", "SPY", "IWM", "^RUT", "^GSPC"])
    rng = random.Random(11)
    pairs = [("VTWO", "SPY"), ("IWM", "SPY"), ("^RUT", "^GSPC"), ("SPY", "IWM")]
    windows = ["1m", "3m", "6m", "ytd", "1y", "3y", "5y", "10y", "max"]
    for _ in range(120):
        small, large = rng.choice(pairs)
        day = date(1995, 1, 1) + timedelta(days=rng.randrange(11_500))
        inputs = MetricInputs(small, large, frames[small], frames[large]).until(day)
        for metric in PRICE_METRICS:
            window = None if metric.endswith("_dd") else rng.choice(windows)
            fast = current_metrics(inputs, [(metric, window)])[(metric, window)]
            full = _last_of_series(inputs, metric, window)
            assert fast.as_of == full.as_of, (small, large, day, metric, window)
            if full.value is None:
                assert fast.value is None
            else:
                assert fast.value == pytest.approx(full.value, abs=1e-7)
