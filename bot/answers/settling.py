"""Settling calls when their day's close is in the cache: each once, announced through the
outbox in the topic it was made in.

A call comes due at its settle day's close; a bot that was down that day settles it when
the data arrives, with that day's figures (never a later close's), because the settle day
was fixed when the call was made. Settlement and its message are one transaction
(storage.calls.CallStore.settle), so two jobs at once, a crash between evaluation and
send, or a restart on the settle day announce it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from analytics.alerts import MetricInputs
from analytics.calls import Measured, brier, held, measure
from analytics.market.data import NEW_YORK, MarketData
from analytics.performance import AnalyticsError
from analytics.series import AlignedPair, aligned_pair
from bot.answers.alerting import metric_inputs
from bot.answers.calls import claim
from bot.present import render
from bot.present.alerts import fmt_metric
from bot.present.i18n import fmt_date, fmt_share, t
from storage.calls import CallStore, Side, StoredCall


@dataclass
class SettlementReport:
    settled: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # due, but the close is not in yet


def settlement_key(call_id: int) -> str:
    return f"call:{call_id}:settled"


def settle_due(calls: CallStore, market: MarketData, now: datetime) -> SettlementReport:
    """Every open call whose settle day has come, settled from the cache as it is."""
    report = SettlementReport()
    today = now.astimezone(NEW_YORK).date()
    # One read of each pair's data and of its provenance serves every call on it.
    cached: dict[tuple[str, str], tuple[MetricInputs | None, AlignedPair | None]] = {}
    freshness: dict[tuple[str, str, date], object] = {}
    for due in calls.due(today):
        key = (due.small, due.large)
        if key not in cached:
            cached[key] = _pair_data(market, *key)
        outcome = settled_value(*cached[key], due)
        if outcome is None:
            report.waiting.append(due.id)
            continue
        hit = held(due.op, outcome.value, due.threshold)
        fresh = (*key, outcome.end_day)
        if fresh not in freshness:
            freshness[fresh] = market.freshness(list(key), outcome.end_day)
        provenance = render.render_freshness(due.lang, freshness[fresh], None, open_ended=False)
        text = settlement_text(due, outcome, hit, calls.sides(due.id), provenance)
        message = (settlement_key(due.id), due.chat_id, text, due.thread_id)
        if calls.settle(due.id, end_value=outcome.value, hit=hit, now=now, message=message):
            report.settled.append(due.id)
    return report


def _pair_data(market: MarketData, small: str, large: str
               ) -> tuple[MetricInputs | None, AlignedPair | None]:
    inputs = metric_inputs(market, small, large)
    if inputs is None:
        return None, None
    try:
        return inputs, aligned_pair(small, inputs.small, large, inputs.large)
    except AnalyticsError:
        return inputs, None


def settled_value(inputs: MetricInputs | None, pair: AlignedPair | None,
                  due: StoredCall) -> Measured | None:
    """The call's figure at the first common close on or after its settle day, or None
    while the cache holds none."""
    if inputs is None or pair is None:
        return None
    later = pair.days[pair.days >= pd.Timestamp(due.settle_day)]
    if later.empty:
        return None
    end = later[0].date()
    if due.metric == "pe_discount":
        return measure(inputs, "pe_discount", end, end)
    return measure(inputs, due.metric, due.start_day, end, pair)


def settlement_text(due: StoredCall, outcome: Measured, hit: bool, sides: list[Side],
                    provenance: list[str] = ()) -> str:
    """The announcement: the claim as on its card, the figures at start and end, hit or
    miss, who was right, the maker's Brier score, and the source and as-of close."""
    lang = due.lang
    maker = render.esc(due.maker_name)
    lines = [t(lang, "call_hit" if hit else "call_miss", id=due.number, maker=maker),
             claim(lang, due)]
    values = {"value": fmt_metric(lang, due.metric, outcome.value),
              "threshold": fmt_metric(lang, due.metric, due.threshold),
              "op_word": t(lang, f"op_word_{due.op}"), "end": fmt_date(lang, outcome.end_day)}
    if due.metric == "pe_discount":
        lines.append(t(lang, "call_settled_level",
                       start_value=fmt_metric(lang, due.metric, due.start_value), **values))
    else:
        lines.append(t(lang, "call_settled_return", start=fmt_date(lang, due.start_day),
                       basis=t(lang, f"basis_{outcome.basis}"), **values))
    right = [due.maker_name] if hit else []
    wrong = [] if hit else [due.maker_name]
    for s in sides:
        if s.member_id == due.maker_id:
            continue
        (right if (s.side == "agree") == hit else wrong).append(s.member_name)
    lines.append(t(lang, "call_settled_right",
                   right=render.esc(", ".join(right)) or t(lang, "nobody"),
                   wrong=render.esc(", ".join(wrong)) or t(lang, "nobody")))
    if due.probability is not None:
        lines.append(t(lang, "call_settled_brier", maker=maker,
                       prob=fmt_share(due.probability, 0),
                       brier=f"{brier(due.probability, hit):.3f}"))
    return "\n".join([*lines, *provenance])
