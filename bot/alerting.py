"""Alert evaluation: metrics once, every rule against them, one transaction.

Evaluations are keyed by the close they describe (`close:2025-04-08`), so a second
scheduler tick, a restart or a crash before commit re-runs the same evaluation at
most once and can never fire a rule twice.
"""

from __future__ import annotations

import logging
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
    RuleState,
    current_metrics,
    metric_basis,
    step_many,
)
from analytics.market_data import NEW_YORK, MarketData
from bot import render
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


def state_of(rule: StoredRule) -> RuleState:
    return RuleState(armed=rule.armed, side=rule.side, last_fired_at=rule.last_fired_at)


def metric_inputs(market: MarketData, small: str, large: str) -> MetricInputs | None:
    """The cached data alerts are computed from; None until both sides are cached."""
    frames = market.cached_prices([small, large])
    if len(frames) < 2:
        return None
    inputs = MetricInputs(small, large, frames[small], frames[large],
                          market.pe_history(small), market.pe_history(large))
    # Only what was known at the service's clock: the same rule of no look-ahead in
    # live runs, replays and tests that travel in time.
    return inputs.until(market.clock().astimezone(NEW_YORK).date())


def last_close(inputs: MetricInputs) -> date | None:
    ends = [f.index[-1].date() for f in (inputs.small, inputs.large) if not f.empty]
    return min(ends) if len(ends) == 2 else None


def _epoch(stamp: str | None) -> float:
    return datetime.fromisoformat(stamp).timestamp() if stamp else np.nan


def evaluate(chats: ChatStore, inputs: MetricInputs, now: datetime) -> EvaluationReport:
    """Evaluate every active rule after the newest common close in `inputs`."""
    as_of = last_close(inputs)
    if as_of is None:
        return EvaluationReport(None, skipped_reason="no_data")
    eval_key = f"close:{as_of.isoformat()}"
    if chats.evaluated(eval_key):
        return EvaluationReport(eval_key, skipped_reason="already_evaluated")
    rows = chats.active_rule_rows()
    # Columns: id chat_id metric window op threshold hysteresis once cooldown_s armed side
    # paused last_fired_at last_fired_value lang (storage.chats._RULE_COLUMNS).
    metrics = current_metrics(inputs, {(r[2], r[3]) for r in rows})
    basis = {metric: metric_basis(inputs, metric) for metric in {r[2] for r in rows}}
    stale_before = as_of - timedelta(days=7)
    # No fresh value (e.g. no P/E snapshot lately): the rule is left as it is.
    fresh = {k: m.value for k, m in metrics.items() if m.as_of and m.as_of >= stale_before}
    values = np.array([fresh.get((r[2], r[3]), np.nan) for r in rows], dtype=float)
    batch = RuleBatch(
        op=np.array([OP_CODES[r[4]] for r in rows], dtype=int),
        threshold=np.array([r[5] for r in rows], dtype=float),
        band=np.array([r[6] for r in rows], dtype=float),
        cooldown=np.array([r[8] for r in rows], dtype=float),
        armed=np.array([bool(r[9]) for r in rows], dtype=bool),
        side=np.array([SIDE_CODES[r[10]] for r in rows], dtype=int),
        last_fired=np.array([_epoch(r[12]) for r in rows], dtype=float),
    )
    new_armed, new_side, fired = step_many(batch, values, now.timestamp())
    changed = np.flatnonzero(fired | (new_armed != batch.armed) | (new_side != batch.side))

    changes: list[RuleChange] = []
    deletions: list[int] = []
    messages: list[tuple[str, int, str]] = []
    for i in changed.tolist():
        rule = rows[i]
        if fired[i]:
            stored = ChatStore.as_rule(rule)
            value = float(values[i])
            messages.append((
                f"alert:{stored.id}:{eval_key}",
                stored.chat_id,
                render.render_alert_fired(stored.lang, stored, value, as_of,
                                          inputs.small_ticker, inputs.large_ticker,
                                          basis[stored.metric]),
            ))
            if stored.once:
                deletions.append(stored.id)
                continue
        changes.append(RuleChange(
            rule[0], bool(new_armed[i]), SIDE_NAMES[int(new_side[i])],
            now if fired[i] else (datetime.fromisoformat(rule[12]) if rule[12] else None),
            float(values[i]) if fired[i] else rule[13],
        ))
    committed = chats.commit_evaluation(
        eval_key, now, changes=changes, deletions=deletions, messages=messages,
        rules_checked=len(rows), fired=len(messages),
    )
    if committed and messages:
        log.info("evaluation %s: %d rules, %d alerts", eval_key, len(rows), len(messages))
    return EvaluationReport(eval_key, len(rows), len(messages), committed)
