"""Alert evaluation: metrics once, every rule against them, one transaction.

Evaluations are keyed by the close they describe (`close:2025-04-08`), so a second
scheduler tick, a restart or a crash before commit re-runs the same evaluation at
most once and can never fire a rule twice.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from analytics.alerts import (
    OP_CODES,
    SIDE_CODES,
    SIDE_NAMES,
    MetricInputs,
    RuleBatch,
    RuleSpec,
    current_metrics,
    metric_basis,
    step_many,
)
from analytics.market.data import NEW_YORK, MarketData
from analytics.performance import AnalyticsError
from analytics.rates import YIELD_TICKER
from bot.present.alerts import render_alert_fired
from storage.chats import ChatStore, RuleChange, StoredRule

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class EvaluationReport:
    eval_key: str | None
    rules: int = 0
    fired: int = 0
    committed: bool = False
    skipped_reason: str | None = None


def spec_of(rule: StoredRule) -> RuleSpec:
    return RuleSpec(
        metric=rule.metric, window=rule.window, op=rule.op, threshold=rule.threshold,
        hysteresis=rule.hysteresis, once=rule.once, cooldown=timedelta(seconds=rule.cooldown_s),
    )


def evaluate_all(chats: ChatStore, market: MarketData, now: datetime
                 ) -> list[EvaluationReport]:
    """Every pair that active rules watch, each after its own newest common close."""
    reports = []
    table = chats.active_rule_table()  # read once, ordered by pair: one slice per pair
    # SQLite's binary order of ASCII tickers is Python's: the slices follow sorted().
    counts = Counter(zip(table["small"], table["large"], strict=True))
    start = 0
    for small, large in sorted(counts):
        end = start + counts[(small, large)]
        inputs = metric_inputs(market, small, large)
        if inputs is None:
            reports.append(EvaluationReport(None, skipped_reason=f"no_data:{small}/{large}"))
        else:
            subset = {name: column[start:end] for name, column in table.items()}
            reports.append(evaluate(chats, inputs, now, rules=subset))
        start = end
    return reports


def metric_inputs(market: MarketData, small: str, large: str) -> MetricInputs | None:
    """The cached data alerts are computed from; None until both sides are cached."""
    frames = market.cached_prices([small, large])
    if len(frames) < 2:
        return None
    try:
        valuation = market.valuation(small, large)
    except AnalyticsError:  # no P/E of one side yet: P/E rules have no value
        valuation = None
    inputs = MetricInputs(
        small, large, frames[small], frames[large],
        valuation.small.now_series.points if valuation else (),
        valuation.large.now_series.points if valuation else (),
        market.cached_prices([YIELD_TICKER]).get(YIELD_TICKER),
        valuation.common.points if valuation and valuation.common else (),
    )
    # Only what was known at the service's clock: the same rule of no look-ahead in
    # live runs, replays and tests that travel in time.
    return inputs.until(market.clock().astimezone(NEW_YORK).date())


def last_close(inputs: MetricInputs) -> date | None:
    ends = [f.index[-1].date() for f in (inputs.small, inputs.large) if not f.empty]
    return min(ends) if len(ends) == 2 else None


def _epoch(stamp: str | None) -> float:
    return datetime.fromisoformat(stamp).timestamp() if stamp else np.nan


def evaluate(chats: ChatStore, inputs: MetricInputs, now: datetime,
             rules: dict[str, list] | None = None) -> EvaluationReport:
    """Evaluate the active rules of the pair in `inputs` (or `rules`, already read)
    after the pair's newest common close."""
    as_of = last_close(inputs)
    if as_of is None:
        return EvaluationReport(None, skipped_reason="no_data")
    pair = (inputs.small_ticker, inputs.large_ticker)
    eval_key = f"close:{pair[0]}/{pair[1]}:{as_of.isoformat()}"
    if chats.evaluated(eval_key):
        return EvaluationReport(eval_key, skipped_reason="already_evaluated")
    if rules is None:
        rules = chats.active_rule_table(pair)
    keys = list(zip(rules["metric"], rules["window"], strict=True))
    metrics = current_metrics(inputs, set(keys))
    basis = {metric: metric_basis(inputs, metric) for metric in set(rules["metric"])}
    stale_before = as_of - timedelta(days=7)
    # No fresh value (e.g. no P/E snapshot lately): the rule is left as it is.
    fresh = {k: m.value for k, m in metrics.items() if m.as_of and m.as_of >= stale_before}
    values = np.array([fresh.get(key, np.nan) for key in keys], dtype=float)
    batch = _rule_batch(rules)
    new_armed, new_side, fired = step_many(batch, values, now.timestamp())
    changed = np.flatnonzero(fired | (new_armed != batch.armed) | (new_side != batch.side))

    changes, deletions, messages = _outcomes(
        rules, changed.tolist(), fired, new_armed, new_side, values, now,
        lambda stored, value: (
            f"alert:{stored.id}:{eval_key}", stored.chat_id,
            # A yield's last close can be older than the pair's (bond-market holidays):
            # the alert states the date of the value it shows.
            render_alert_fired(stored.lang, stored, value,
                               metrics[(stored.metric, stored.window)].as_of or as_of,
                               inputs.small_ticker, inputs.large_ticker, basis[stored.metric]),
            stored.thread_id))
    committed = chats.commit_evaluation(
        eval_key, now, changes=changes, deletions=deletions, messages=messages,
        rules_checked=len(rules["id"]), fired=len(messages),
    )
    if committed and messages:
        log.info("evaluation %s: %d rules, %d alerts", eval_key, len(rules["id"]), len(messages))
    return EvaluationReport(eval_key, len(rules["id"]), len(messages), committed)


def _rule_batch(rules: dict[str, list]) -> RuleBatch:
    """The rules' columns as the arrays `step_many` evaluates in one pass."""
    return RuleBatch(
        op=np.array([OP_CODES[op] for op in rules["op"]], dtype=int),
        threshold=np.array(rules["threshold"], dtype=float),
        band=np.array(rules["hysteresis"], dtype=float),
        cooldown=np.array(rules["cooldown_s"], dtype=float),
        armed=np.array(rules["armed"], dtype=bool),
        side=np.array([SIDE_CODES[side] for side in rules["side"]], dtype=int),
        last_fired=np.array([_epoch(stamp) for stamp in rules["last_fired_at"]], dtype=float),
    )


def _outcomes(rules, changed, fired, new_armed, new_side, values, now, message_for):
    """The state changes, deletions (`once` rules that fired) and alert messages of the
    rules that changed, for one transaction."""
    changes: list[RuleChange] = []
    deletions: list[int] = []
    messages: list[tuple[str, int, str, int | None]] = []
    for i in changed:
        stored = ChatStore.rule_at(rules, i)
        if fired[i]:
            messages.append(message_for(stored, float(values[i])))
            if stored.once:
                deletions.append(stored.id)
                continue
        changes.append(RuleChange(
            stored.id, bool(new_armed[i]), SIDE_NAMES[int(new_side[i])],
            now if fired[i] else stored.last_fired_at,
            float(values[i]) if fired[i] else stored.last_fired_value,
        ))
    return changes, deletions, messages
