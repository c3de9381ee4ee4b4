"""Alert evaluation: metrics once, every rule against them, one transaction.

Evaluations are keyed by the close they describe (`close:2025-04-08`), so a second
scheduler tick, a restart or a crash before commit re-runs the same evaluation at
most once and can never fire a rule twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from analytics.alerts import (
    MetricInputs,
    MetricValue,
    RuleSpec,
    RuleState,
    current_metrics,
    step,
)
from analytics.market_data import MarketData
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
    return MetricInputs(small, large, frames[small], frames[large],
                        market.pe_history(small), market.pe_history(large))


def last_close(inputs: MetricInputs) -> date | None:
    ends = [f.index[-1].date() for f in (inputs.small, inputs.large) if not f.empty]
    return min(ends) if len(ends) == 2 else None


def evaluate(chats: ChatStore, inputs: MetricInputs, now: datetime) -> EvaluationReport:
    """Evaluate every active rule after the newest common close in `inputs`."""
    as_of = last_close(inputs)
    if as_of is None:
        return EvaluationReport(None, skipped_reason="no_data")
    eval_key = f"close:{as_of.isoformat()}"
    if chats.evaluated(eval_key):
        return EvaluationReport(eval_key, skipped_reason="already_evaluated")
    rules = chats.active_rules()
    metrics = current_metrics(inputs, {(r.metric, r.window) for r in rules})
    changes: list[RuleChange] = []
    deletions: list[int] = []
    messages: list[tuple[str, int, str]] = []
    for rule in rules:
        metric = metrics.get((rule.metric, rule.window), MetricValue(None, None))
        if metric.as_of is None or metric.as_of < as_of - timedelta(days=7):
            continue  # no fresh value (e.g. no P/E snapshot lately): leave the rule as it is
        old = state_of(rule)
        new, fired = step(spec_of(rule), old, metric.value, now)
        if fired:
            messages.append((
                f"alert:{rule.id}:{eval_key}",
                rule.chat_id,
                render.render_alert_fired(rule.lang, rule, metric.value, metric.as_of, inputs),
            ))
            if rule.once:
                deletions.append(rule.id)
                continue
        if new != old:
            changes.append(RuleChange(rule.id, new.armed, new.side,
                                      new.last_fired_at, metric.value if fired else
                                      rule.last_fired_value))
    committed = chats.commit_evaluation(
        eval_key, now, changes=changes, deletions=deletions, messages=messages,
        rules_checked=len(rules), fired=len(messages),
    )
    if committed and messages:
        log.info("evaluation %s: %d rules, %d alerts", eval_key, len(rules), len(messages))
    return EvaluationReport(eval_key, len(rules), len(messages), committed)
