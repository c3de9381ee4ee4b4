"""/alert and /alerts: threshold rules over ChatStore and analytics.

In groups, changing rules takes an admin (anonymous admins included), unless an admin
opened it to everyone. Every rule lookup is scoped by the chat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from analytics.alerts import (
    METRICS,
    PE_METRICS,
    RISING_OPS,
    YIELD_METRICS,
    RuleSpec,
    backtest,
    initial_state,
    metric_basis,
    metric_series,
)
from analytics.performance import AnalyticsError
from analytics.rates import YIELD_TICKER
from analytics.windows import Window, is_preset
from bot.answers.alerting import metric_inputs, spec_of
from bot.answers.answer import Answer, Ask
from bot.answers.services import Services, check_fetch_budget, may_manage
from bot.parsing import (
    UsageError,
    operator_of,
    parse_alert_rule,
    parse_rule_id,
)
from bot.present import render
from bot.present.alerts import (
    fmt_band,
    fmt_metric,
    fmt_threshold,
    no_value_reason,
    rule_created,
    rule_text,
)
from bot.present.i18n import fmt_date, fmt_span, fmt_time, t, window_name
from bot.present.valuation import valuation_sources

MAX_RULES_PER_CHAT = 50
# Telegram's limit is 4096 characters; a page stays well under it with room for the
# page number, whatever the language.
ALERTS_PAGE_CHARS = 3500
BACKTEST_SHOWN = 5
DEFAULT_DIGEST_TIME = {"ko": "08:00", "en": "08:00"}


async def _inputs(svc: Services, ask: Ask, pair: tuple[str, str]):
    """The pair's metric inputs; a pair the cache lacks is fetched once (or refused)."""
    check_fetch_budget(svc, ask, list(pair))
    await svc.market.prices(list(pair))
    inputs = metric_inputs(svc.market, *pair)
    if inputs is None:
        raise AnalyticsError("no_data", ticker=pair[0], offline=svc.market.offline)
    return inputs


def _current(inputs, metric: str, window: str | None):
    try:
        series = metric_series(inputs, metric, window).dropna()
    except AnalyticsError:
        return None, None
    if series.empty:
        return None, None
    return float(series.iloc[-1]), series.index[-1].date()


def _spec(request) -> RuleSpec:
    band = request.band if request.band is not None else METRICS[request.metric].hysteresis
    return RuleSpec(request.metric, request.window, request.op, request.threshold, band,
                    request.once, timedelta(seconds=request.cooldown_s))


def _rearm_level(spec: RuleSpec) -> float:
    if spec.op in RISING_OPS:
        return spec.threshold - spec.hysteresis
    return spec.threshold + spec.hysteresis


@dataclass(frozen=True)
class ProposalCheck:
    """A proposed rule held against today's value, before anyone taps it."""

    note: str  # what the proposal says about now (empty when the rule is simply armed)
    crossing: list[str] | None  # the rule's words that alert at the next crossing instead


async def check_proposal(svc: Services, ask: Ask, args: list[str]) -> ProposalCheck:
    """A rule a question proposed, checked as /alert would create it: when it already holds
    ("격차가 -20 넘으면", with the gap at −7), it would stay silent until the value leaves
    and comes back, so the proposal says so and offers the crossing (`crosses -20`)."""
    try:
        request = parse_alert_rule(args)
        inputs = await _inputs(svc, ask, request.pair or ask.pair)
    except (UsageError, AnalyticsError):
        return ProposalCheck("", None)  # /alert itself says why when it is taken
    spec = _spec(request)
    value, as_of = _current(inputs, spec.metric, spec.window)
    if value is None or initial_state(spec, value).armed or spec.op == "crosses":
        return ProposalCheck("", None)
    at = next(i for i, word in enumerate(args) if operator_of(word) == spec.op)
    crossing = [*args[:at], "crosses", *args[at + 1:]]
    lang = ask.lang
    note = t(lang, "proposal_holds", value=fmt_metric(lang, spec.metric, value),
             as_of=fmt_date(lang, as_of), threshold=fmt_threshold(lang, spec.metric,
                                                                   spec.threshold),
             rearm=fmt_threshold(lang, spec.metric, _rearm_level(spec)))
    return ProposalCheck(note, crossing)


CHANGES = ("del", "delete", "rm", "pause", "resume")
SUBCOMMANDS = frozenset({*CHANGES, "test"})


async def alert(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """Create a rule, or: del / pause / resume / test."""
    sub = args[0].lower() if args else ""
    if sub in CHANGES:
        return await _change_rule(svc, ask, sub, args[1:])
    if sub == "test":
        return await _test_rule(svc, ask, args[1:])
    return await _create_rule(svc, ask, args)


async def _create_rule(svc: Services, ask: Ask, args: list[str]) -> Answer:
    request = parse_alert_rule(args)
    await may_manage(svc, ask)
    lang = ask.lang
    chat_id = ask.chat_id
    if svc.chats.count_rules(chat_id) >= MAX_RULES_PER_CHAT:
        raise UsageError("err_too_many_rules", limit=MAX_RULES_PER_CHAT)
    spec = _spec(request)
    pair = request.pair or ask.pair
    inputs = await _inputs(svc, ask, pair)
    if spec.metric in YIELD_METRICS and inputs.yields is None:
        raise AnalyticsError("no_data", ticker=YIELD_TICKER, offline=svc.market.offline)
    value, as_of = _current(inputs, spec.metric, spec.window)
    if value is None and spec.window is not None:
        _refuse_short_history(lang, inputs, spec, args)
    state = initial_state(spec, value)
    rule_id = svc.chats.add_rule(
        chat_id, metric=spec.metric, window=spec.window, op=spec.op, threshold=spec.threshold,
        hysteresis=spec.hysteresis, once=spec.once, cooldown_s=request.cooldown_s,
        armed=state.armed, side=state.side,
        created_by=ask.user_id, lang=lang, now=ask.now, small=pair[0], large=pair[1],
        thread_id=ask.thread_id,
    )
    small, large = pair
    lines = [rule_created(lang, rule_id, spec, small, large)]
    if value is None:
        lines.append(no_value_reason(lang, spec.metric, spec.window, small, large))
        lines.append(t(lang, "alert_created_no_value"))
    else:
        lines.append(t(lang, "alert_created_now", value=fmt_metric(lang, spec.metric, value),
                       as_of=fmt_date(lang, as_of)))
        if not state.armed:
            lines.append(t(lang, "alert_created_holds",
                           rearm=fmt_threshold(lang, spec.metric, _rearm_level(spec))))
        else:
            lines.append(t(lang, "alert_created_armed"))
    return Answer("\n".join(lines), command_line=" ".join(["/alert", *args]))


async def _change_rule(svc: Services, ask: Ask, action: str, args: list[str]) -> Answer:
    rule_id = parse_rule_id(args)
    await may_manage(svc, ask)
    chats = svc.chats
    chat_id = ask.chat_id
    if action in ("del", "delete", "rm"):
        done, key = chats.delete_rule(chat_id, rule_id), "alert_deleted"
    else:
        done = chats.set_rule_paused(chat_id, rule_id, action == "pause")
        key = "alert_paused" if action == "pause" else "alert_resumed"
    if not done:
        raise UsageError("err_rule_not_found", id=rule_id)
    return Answer(t(ask.lang, key, id=rule_id))


async def _test_rule(svc: Services, ask: Ask, args: list[str]) -> Answer:
    request = parse_alert_rule(args)
    spec = _spec(request)
    lang = ask.lang
    pair = request.pair or ask.pair
    inputs = await _inputs(svc, ask, pair)
    series = metric_series(inputs, spec.metric, spec.window).dropna()
    if series.empty and spec.window is not None:
        _refuse_short_history(lang, inputs, spec, args, "/alert test")
    lines = [t(lang, "backtest_title", rule=rule_text(lang, spec, *pair))]
    if series.empty:
        lines.append(t(lang, "backtest_no_data"))
        return Answer("\n".join(lines))
    fired = backtest(spec, series)
    suffix = "_pe" if spec.metric in PE_METRICS else ""  # P/E dates are no trading days
    span = dict(start=fmt_date(lang, series.index[0].date()),
                end=fmt_date(lang, series.index[-1].date()), days=f"{len(series):,}")
    if fired:
        times = (t(lang, "backtest_times_one") if len(fired) == 1
                 else t(lang, "backtest_times_many", n=len(fired)))
        lines.append(t(lang, "backtest_span" + suffix, times=times, **span))
        space = "" if lang == "ko" else " "  # Korean writes no space before a bracket
        shown = ", ".join(f"{fmt_date(lang, d)}{space}({fmt_metric(lang, spec.metric, v)})"
                          for d, v in fired[-BACKTEST_SHOWN:])
        lines.append(t(lang, "backtest_last", dates=shown))
    else:
        lines.append(t(lang, "backtest_none" + suffix, **span))
    lines.append(_band_line(lang, spec))
    lines.extend(_provenance(svc, lang, inputs, spec, pair, series.index[-1].date()))
    return Answer("\n".join(lines), command_line=" ".join(["/alert test", *args]))


def _band_line(lang: str, spec: RuleSpec) -> str:
    """The hysteresis band a backtest used, default or not, and what it does."""
    default = spec.hysteresis == METRICS[spec.metric].hysteresis
    kind = (t(lang, "band_default", metric=spec.metric) if default
            else t(lang, "band_custom"))
    band = fmt_band(lang, spec)
    if spec.op == "crosses":
        return t(lang, "backtest_band_crosses", band=band, kind=kind,
                 threshold=fmt_threshold(lang, spec.metric, spec.threshold))
    return t(lang, "backtest_band", band=band, kind=kind,
             rearm=fmt_threshold(lang, spec.metric, _rearm_level(spec)))


def _provenance(svc: Services, lang: str, inputs, spec: RuleSpec, pair: tuple[str, str],
                last_value_day) -> list[str]:
    """Basis, source, as-of close and staleness, as every other answer ends."""
    basis = metric_basis(inputs, spec.metric)
    tickers = [YIELD_TICKER] if spec.metric in YIELD_METRICS else list(pair)
    freshness = svc.market.freshness(tickers, last_value_day)
    lines = []
    if basis == "yield":
        lines.append(t(lang, "backtest_basis_yield"))
    elif basis not in ("total", "price"):
        sources = valuation_sources(svc.market.valuation(*pair))
        lines.append(t(lang, "backtest_basis_pe", sources=render.esc(", ".join(sources))))
    return lines + render.render_freshness(lang, freshness, basis)


async def alerts(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """The chat's rules with current values and states. Anyone may list; in a forum
    topic, that topic's rules unless `all` is asked."""
    chat_id = ask.chat_id
    whole_chat = [a.lower() for a in args] == ["all"] or ask.thread_id is None
    rules = (svc.chats.rules_for_chat(chat_id) if whole_chat
             else svc.chats.rules_for_chat(chat_id, ask.thread_id))
    settings = svc.chats.chat(chat_id)
    lines = [t(ask.lang, "alerts_title")]
    if settings.paused_reason:
        lines.append(t(ask.lang, "alerts_chat_paused",
                       reason=render.esc(settings.paused_reason)))
    if not rules:
        lines.append(t(ask.lang, "alerts_empty"))
    values = _current_values(svc, rules)
    lines += [_listed_rule(ask.lang, rule, values) for rule in rules]
    if not ask.private:
        lines.append(t(ask.lang, "alerts_access_open" if settings.alerts_open
                       else "alerts_access_admins"))
    pages = render.paginate(lines, ALERTS_PAGE_CHARS)
    if len(pages) > 1:
        pages = [page + "\n" + t(ask.lang, "alerts_page", page=number, pages=len(pages))
                 for number, page in enumerate(pages, start=1)]
    return Answer(pages[0], more=tuple(pages[1:]), command_line="/alerts")


def _current_values(svc: Services, rules) -> dict:
    """Each rule's metric now, computed once per pair and metric."""
    values = {}
    for pair in {(r.small, r.large) for r in rules}:
        inputs = metric_inputs(svc.market, *pair)
        for key in {(r.metric, r.window) for r in rules if (r.small, r.large) == pair}:
            values[(*pair, *key)] = _current(inputs, *key)[0] if inputs else None
    return values


def _rule_state(lang: str, rule) -> str:
    when = render.esc(fmt_time(lang, rule.last_fired_at)) if rule.last_fired_at else None
    if rule.paused:
        state = t(lang, "state_paused")
    elif rule.armed:
        state = t(lang, "state_armed")
    elif when:
        state = t(lang, "state_fired", when=when)
    else:  # created while its condition held: it has not fired yet
        state = t(lang, "state_holding")
    if when and (rule.paused or rule.armed):
        state += " · " + t(lang, "last_fired", when=when)
    return state


def _listed_rule(lang: str, rule, values: dict) -> str:
    rule_line = rule_text(lang, spec_of(rule), rule.small, rule.large)
    value = _listed_value(lang, rule.metric,
                          values[(rule.small, rule.large, rule.metric, rule.window)])
    return f"#{rule.id} {rule_line}\n    {value} · {_rule_state(lang, rule)}"


def _refuse_short_history(lang: str, inputs, spec: RuleSpec, args: list[str],
                          command: str = "/alert") -> None:
    """A windowed metric with no value at all: the pair's common history is shorter
    than the window, so a rule on it could not fire. Say so, with the same rule over
    the longest window the data holds, instead of saving it."""
    common = inputs.small.index.intersection(inputs.large.index)
    if len(common) < 2:
        raise AnalyticsError("no_overlap", small=inputs.small_ticker, large=inputs.large_ticker)
    first, last = common[0].date(), common[-1].date()
    window = _longest_window(inputs, spec.metric, (last - first).days)
    raise UsageError(
        "err_alert_window_too_long", metric=spec.metric, code=spec.window,
        window=window_name(lang, Window(preset=spec.window)), small=inputs.small_ticker,
        large=inputs.large_ticker, span=fmt_span(lang, first, last),
        first=fmt_date(lang, first), last=fmt_date(lang, last),
        example=f"{command} {_with_window(args, window) if window else ' '.join(args)}",
    )


def _longest_window(inputs, metric: str, days: int) -> str | None:
    """The longest whole number of years (else months) for which the metric has a value."""
    years = int(days // 365.25)
    candidates = [f"{n}y" for n in range(years, 0, -1)]
    candidates += [f"{n}m" for n in range(11, 0, -1)]
    for window in candidates:
        if _current(inputs, metric, window)[0] is not None:
            return window
    return None


def _with_window(args: list[str], window: str) -> str:
    """The user's rule with its window replaced (or, when it used the default, added)."""
    words = list(args)
    if len(words) > 1 and is_preset(words[1]):
        words[1] = window
    else:
        words.insert(1, window)
    return " ".join(words)


def _listed_value(lang: str, metric: str, value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return t(lang, "no_value_short")
    return t(lang, "alerts_now", value=fmt_metric(lang, metric, value))


