"""A group's calls: made with /call, sided with buttons (or /side), listed with /calls,
scored with /scoreboard. Settling them is bot.answers.settling's, run by the scheduler.

A call starts from the latest NYSE close, never from an older one whose sequel is known;
it comes due at the first NYSE close on or after its horizon. Every call shows its base
rate: how often a call like it came true over the history held.
"""

from __future__ import annotations

import asyncio
from datetime import date

from analytics.alerts import MetricInputs
from analytics.calls import (
    MAX_HORIZON_DAYS,
    MIN_HORIZON_DAYS,
    MIN_RANKED_CALLS,
    RETURN_METRICS,
    SettledCall,
    base_rate,
    cutoff_day,
    held,
    horizon_target,
    measure,
    span_code,
)
from analytics.calls import (
    scoreboard as score_members,
)
from analytics.market.calendar import first_session_on_or_after, sessions_between
from analytics.market.data import NEW_YORK
from analytics.performance import AnalyticsError
from analytics.series import aligned_pair
from bot.answers.alerting import metric_inputs
from bot.answers.answer import Answer, Ask, Button
from bot.answers.buttons import button_data
from bot.answers.services import Services, check_fetch_budget
from bot.parsing import UsageError, echo, parse_call, parse_call_id
from bot.present import render
from bot.present.alerts import fmt_metric
from bot.present.i18n import fmt_date, fmt_share, t
from storage.calls import SIDES, NewCall, StoredCall

MAX_OPEN_CALLS_PER_CHAT = 30
MAX_OPEN_CALLS_PER_MEMBER = 5
MIN_BASE_WINDOWS = 20  # fewer like windows say nothing about how often such a call holds
REFRESH_TIMEOUT_S = 20


# -- /call ---------------------------------------------------------------------------------------


async def call(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """Make a call, or `/call del ID`."""
    if args and args[0].lower() in ("del", "delete"):
        return await _delete(svc, ask, args[1:])
    request = parse_call(args, ask.today)
    if ask.member_id is None:
        raise UsageError("err_no_member")
    await _may_call(svc, ask)
    if svc.calls.count_open(ask.chat_id) >= MAX_OPEN_CALLS_PER_CHAT:
        raise UsageError("err_too_many_calls", limit=MAX_OPEN_CALLS_PER_CHAT)
    if svc.calls.count_open(ask.chat_id, ask.member_id) >= MAX_OPEN_CALLS_PER_MEMBER:
        raise UsageError("err_too_many_member_calls", limit=MAX_OPEN_CALLS_PER_MEMBER)
    small, large = request.pair or ask.pair
    check_fetch_budget(svc, ask, [small, large])
    await svc.market.prices([small, large])
    inputs, start = await _at_latest_close(svc, small, large)
    settle = first_session_on_or_after(horizon_target(start, request.horizon))
    _check_span(start, settle)
    start_value = 0.0
    if request.metric == "pe_discount":
        now = measure(inputs, "pe_discount", start, start)
        if now is None:
            raise UsageError("err_call_no_pe", small=small, large=large)
        start_value = now.value
    base = base_rate(inputs, request.metric, request.op, request.threshold,
                     span_code(start, settle))
    number = svc.calls.add(NewCall(
        chat_id=ask.chat_id, thread_id=ask.thread_id, maker_id=ask.member_id,
        maker_name=ask.member_name, metric=request.metric, small=small, large=large,
        op=request.op, threshold=request.threshold, probability=request.probability,
        start_day=start, start_value=start_value, settle_day=settle,
        cutoff_day=cutoff_day(start, settle),
        horizon=request.horizon if isinstance(request.horizon, str)
        else request.horizon.isoformat(),
        lang=ask.lang, base_rate=base.rate_pct if base else None,
        base_windows=base.windows if base else None,
        base_since=base.first_day if base else None,
    ), ask.now)
    stored = svc.calls.call(ask.chat_id, number)
    return card(svc, ask.lang, stored, inputs=inputs)


async def _may_call(svc: Services, ask: Ask) -> None:
    if ask.private or svc.chats.chat(ask.chat_id).calls_open or await ask.is_admin():
        return
    raise UsageError("err_calls_admins_only")


async def _at_latest_close(svc: Services, small: str, large: str
                           ) -> tuple[MetricInputs, date]:
    """The pair's inputs and its last common close, which must be the latest NYSE close:
    behind it, the cache is refreshed once; still behind, the call is refused."""
    for attempt in range(2):
        inputs = metric_inputs(svc.market, small, large)
        if inputs is None:
            raise AnalyticsError("no_data", ticker=small, offline=svc.market.offline)
        last = aligned_pair(small, inputs.small, large, inputs.large).days[-1].date()
        expected = svc.market.expected_close()
        if last >= expected:
            return inputs, last
        if attempt == 0 and not svc.market.offline:
            try:
                await asyncio.wait_for(svc.market.refresh([small, large], with_funds=False),
                                       REFRESH_TIMEOUT_S)
            except TimeoutError:
                break
    raise UsageError("err_call_stale", expected=expected.isoformat(), last=last.isoformat(),
                     small=small, large=large)


def _check_span(start: date, settle: date) -> None:
    days = (settle - start).days
    if days < MIN_HORIZON_DAYS:
        raise UsageError("err_call_horizon_short", usage="usage_call_line", days=MIN_HORIZON_DAYS,
                         settle=settle.isoformat())
    if days > MAX_HORIZON_DAYS:
        raise UsageError("err_call_horizon_long", usage="usage_call_line",
                         years=round(MAX_HORIZON_DAYS / 366), settle=settle.isoformat())


async def _delete(svc: Services, ask: Ask, args: list[str]) -> Answer:
    call_id = parse_call_id(args, "usage_call_line")
    stored = svc.calls.call(ask.chat_id, call_id)
    if stored is None:
        raise UsageError("err_no_such_call", id=call_id)
    mine = ask.member_id is not None and ask.member_id == stored.maker_id
    if not (mine or ask.private or await ask.is_admin()):
        raise UsageError("err_call_not_yours", id=call_id)
    svc.calls.delete(ask.chat_id, call_id)
    return Answer(t(ask.lang, "call_deleted", id=call_id))


# -- the card ------------------------------------------------------------------------------------


def claim(lang: str, stored: StoredCall) -> str:
    value = fmt_metric(lang, stored.metric, stored.threshold)
    return t(lang, f"claim_{stored.metric}_{stored.op}", small=render.esc(stored.small),
             large=render.esc(stored.large), value=value)


def card(svc: Services, lang: str, stored: StoredCall, *, note: str | None = None,
         inputs: MetricInputs | None = None) -> Answer:
    """A call as it stands: the claim, how and when it is settled, its base rate, the
    sides taken, and the buttons to take one."""
    sides = svc.calls.sides(stored.id)
    agree = sum(s.side == "agree" for s in sides)
    maker = render.esc(stored.maker_name)
    target = horizon_target(stored.start_day, _horizon(stored))
    lines = [t(lang, "call_title", id=stored.number, maker=maker, claim=claim(lang, stored),
               settle=fmt_date(lang, stored.settle_day))]
    inputs = inputs or metric_inputs(svc.market, stored.small, stored.large)
    basis = _basis(lang, stored, inputs)
    exact = "_exact" if target == stored.settle_day else ""
    if stored.metric in RETURN_METRICS:
        lines.append(t(lang, "call_span_return" + exact, start=fmt_date(lang, stored.start_day),
                       settle=fmt_date(lang, stored.settle_day), target=fmt_date(lang, target),
                       basis=basis))
    else:
        lines.append(t(lang, "call_span_level" + exact, settle=fmt_date(lang, stored.settle_day),
                       target=fmt_date(lang, target),
                       start_value=fmt_metric(lang, "pe_discount", stored.start_value),
                       pe_day=fmt_date(lang, stored.start_day)))
    if stored.probability is not None:
        lines.append(t(lang, "call_probability", maker=maker,
                       prob=fmt_share(stored.probability, 0)))
    lines.append(_base_line(lang, stored, basis))
    if stored.status == "settled":
        lines.append(t(lang, "call_result_hit" if stored.hit else "call_result_miss",
                       end=fmt_date(lang, stored.settle_day),
                       value=fmt_metric(lang, stored.metric, stored.end_value)))
    today = svc.market.clock().astimezone(NEW_YORK).date()
    key = ("call_sides_open" if stored.status == "open" and today <= stored.cutoff_day
           else "call_sides_final")
    lines.append(t(lang, key, agree=agree, disagree=len(sides) - agree,
                   cutoff=fmt_date(lang, stored.cutoff_day)))
    if note:
        lines.append(note)
    freshness = svc.market.freshness([stored.small, stored.large], stored.start_day)
    lines += render.render_freshness(lang, freshness, None, open_ended=False)
    buttons = ()
    if stored.status == "open":
        buttons = ((Button(t(lang, "button_agree"), button_data("side", [str(stored.number),
                                                                           "agree"])),
                    Button(t(lang, "button_disagree"), button_data("side", [str(stored.number),
                                                                              "disagree"]))),)
    return Answer("\n".join(lines), buttons=buttons, command_line=f"/calls {stored.number}")


def _horizon(stored: StoredCall) -> str | date:
    try:
        return date.fromisoformat(stored.horizon)
    except ValueError:
        return stored.horizon


def _basis(lang: str, stored: StoredCall, inputs: MetricInputs | None) -> str:
    if stored.metric not in RETURN_METRICS or inputs is None:
        return t(lang, "basis_total")
    try:
        pair = aligned_pair(stored.small, inputs.small, stored.large, inputs.large)
    except AnalyticsError:
        return t(lang, "basis_total")
    return t(lang, f"basis_{pair.basis}")


def _base_line(lang: str, stored: StoredCall, basis: str) -> str:
    days = (stored.settle_day - stored.start_day).days
    if stored.base_rate is None or not stored.base_windows:
        return t(lang, "call_base_none", days=days, small=render.esc(stored.small),
                 large=render.esc(stored.large))
    if stored.base_windows < MIN_BASE_WINDOWS:
        return t(lang, "call_base_thin", windows=stored.base_windows)
    values = {"rate": fmt_share(stored.base_rate / 100.0),
              "windows": f"{stored.base_windows:,}", "since": fmt_date(lang, stored.base_since),
              "until": fmt_date(lang, stored.start_day)}
    if stored.metric in RETURN_METRICS:
        return t(lang, "call_base_return", days=days, small=render.esc(stored.small),
                 large=render.esc(stored.large), basis=basis, **values)
    return t(lang, "call_base_level", op_word=t(lang, f"op_word_{stored.op}"),
             value=fmt_metric(lang, "pe_discount", stored.threshold), **values)


# -- sides ---------------------------------------------------------------------------------------


async def side(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """`/side ID agree|disagree`: what the buttons under a call send."""
    if len(args) != 2 or args[1].lower() not in SIDES:
        raise UsageError("usage_side")
    call_id = parse_call_id(args[:1], "usage_side")
    if ask.member_id is None:
        raise UsageError("err_no_member")
    chosen = args[1].lower()
    result = svc.calls.take_side(ask.chat_id, call_id, ask.member_id, ask.member_name, chosen,
                                 ask.today, ask.now)
    if result == "missing":
        raise UsageError("err_no_such_call", id=call_id)
    stored = svc.calls.call(ask.chat_id, call_id)
    name = render.esc(ask.member_name)
    if ask.lang == "ko" and ask.member_id != ask.chat_id:
        name += " 님"  # a member, not the group an anonymous admin speaks as
    if result == "closed":
        note = t(ask.lang, "call_side_closed", id=call_id)
    elif result == "locked":
        note = t(ask.lang, "call_side_locked", name=name, cutoff=fmt_date(ask.lang,
                                                                           stored.cutoff_day))
    else:
        suffix = "" if chosen == "agree" else "_disagree"
        note = t(ask.lang, f"call_side_{result}{suffix}", name=name)
    return card(svc, ask.lang, stored, note=note)


# -- /calls --------------------------------------------------------------------------------------


async def calls(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """The chat's open calls with how each stands now; `/calls done`: the settled ones;
    `/calls ID`: one call's card."""
    lang = ask.lang
    if args and args[0].lower() == "done" and len(args) == 1:
        return _settled_list(svc, ask)
    if len(args) == 1 and args[0].lstrip("#").isdigit():
        stored = svc.calls.call(ask.chat_id, parse_call_id(args, "usage_call_line"))
        if stored is None:
            raise UsageError("err_no_such_call", id=args[0].lstrip("#"))
        return card(svc, lang, stored)
    if args:
        raise UsageError("err_bad_argument", usage="usage_call_line", arg=echo(args[0]))
    open_calls = svc.calls.calls(ask.chat_id, "open")
    if not open_calls:
        return Answer(t(lang, "calls_none"), command_line="/calls")
    lines = [t(lang, "calls_title", count=len(open_calls))]
    days = []
    inputs_by_pair: dict[tuple[str, str], MetricInputs | None] = {}  # one read a pair
    for stored in open_calls:
        pair = (stored.small, stored.large)
        if pair not in inputs_by_pair:
            inputs_by_pair[pair] = metric_inputs(svc.market, *pair)
        line, day = _standing_line(svc, lang, stored, inputs_by_pair[pair])
        lines.append(line)
        days += [day] if day else []
    if days:
        lines.append(t(lang, "calls_as_of", as_of=fmt_date(lang, max(days))))
    return Answer("\n".join(lines), command_line="/calls")


def _standing_line(svc: Services, lang: str, stored: StoredCall,
                   inputs: MetricInputs | None) -> tuple[str, date | None]:
    now = None
    if inputs is not None:
        try:
            now = measure(inputs, stored.metric, stored.start_day, stored.settle_day)
        except AnalyticsError:
            now = None
    if now is None or (stored.metric in RETURN_METRICS and now.end_day <= stored.start_day):
        standing, last = t(lang, "standing_unknown"), stored.start_day
    else:
        on_track = held(stored.op, now.value, stored.threshold)
        kind = "" if stored.metric in RETURN_METRICS else "level_"
        standing = t(lang, f"standing_{kind}{'on_track' if on_track else 'behind'}",
                     value=fmt_metric(lang, stored.metric, now.value))
        last = now.end_day
    sides = svc.calls.sides(stored.id)
    agree = sum(s.side == "agree" for s in sides)
    line = t(lang, "calls_line", id=stored.number, maker=render.esc(stored.maker_name),
             claim=claim(lang, stored), settle=fmt_date(lang, stored.settle_day),
             standing=standing, days_left=sessions_between(last, stored.settle_day),
             agree=agree, disagree=len(sides) - agree)
    return line, (now.end_day if now else None)


def _settled_list(svc: Services, ask: Ask) -> Answer:
    lang = ask.lang
    done = svc.calls.calls(ask.chat_id, "settled")
    if not done:
        return Answer(t(lang, "calls_done_none"), command_line="/calls done")
    lines = [t(lang, "calls_done_title", count=len(done))]
    for stored in done:
        key = "calls_done_line_hit" if stored.hit else "calls_done_line_miss"
        lines.append(t(lang, key, id=stored.number, maker=render.esc(stored.maker_name),
                       claim=claim(lang, stored), settle=fmt_date(lang, stored.settle_day),
                       value=fmt_metric(lang, stored.metric, stored.end_value)))
    return Answer("\n".join(lines), command_line="/calls done")


# -- /scoreboard ---------------------------------------------------------------------------------


async def scoreboard(svc: Services, ask: Ask, args: list[str]) -> Answer:
    lang = ask.lang
    if args:
        raise UsageError("err_too_many_arguments")
    settled = svc.calls.settled_with_sides(ask.chat_id)
    if not settled:
        return Answer(t(lang, "scoreboard_none"), command_line="/scoreboard")
    names: dict[int, str] = {}
    for stored, sides in settled:
        names.setdefault(stored.maker_id, stored.maker_name)
        for s in sides:
            names.setdefault(s.member_id, s.member_name)
    scores = score_members(SettledCall(c.maker_id, bool(c.hit), c.probability,
                                       [(s.member_id, s.side) for s in sides])
                           for c, sides in settled)
    lines = [t(lang, "scoreboard_title", count=len(settled))]
    ranked = [s for s in scores if s.ranked]
    for rank, score in enumerate(ranked, 1):
        lines.append(t(lang, "scoreboard_line", rank=rank,
                       name=render.esc(names[score.member_id]), right=score.right,
                       settled=score.settled, pct=fmt_share(score.right_pct / 100.0, 0),
                       made=score.made, sided=score.sided) + _brier(lang, score))
    unranked = [s for s in scores if not s.ranked]
    if unranked:
        lines.append(t(lang, "scoreboard_unranked", min=MIN_RANKED_CALLS))
        lines += [t(lang, "scoreboard_unranked_line", name=render.esc(names[s.member_id]),
                    right=s.right, settled=s.settled) + _brier(lang, s) for s in unranked]
    lines.append(t(lang, "scoreboard_note"))
    return Answer("\n".join(lines), command_line="/scoreboard")


def _brier(lang: str, score) -> str:
    if score.brier is None:
        return ""
    n = score.brier_calls
    calls_said = f"{n}개" if lang == "ko" else f"{n} call" if n == 1 else f"{n} calls"
    return t(lang, "scoreboard_brier", brier=f"{score.brier:.3f}", calls=calls_said)
