"""/alert, /alerts, /digest, /tz and /settings: thin callbacks over ChatStore and analytics.

In groups, changing rules or digests takes an admin (anonymous admins included),
unless an admin opened it to everyone. Every rule lookup is scoped by the chat.
"""

from __future__ import annotations

import math
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from analytics.alerts import (
    METRICS,
    RISING_OPS,
    YIELD_METRICS,
    RuleSpec,
    backtest,
    initial_state,
    metric_basis,
    metric_series,
)
from analytics.performance import AnalyticsError, is_price_index
from analytics.rates import YIELD_TICKER
from analytics.windows import Window, is_preset
from bot.answers.alerting import metric_inputs, spec_of
from bot.parsing import (
    UsageError,
    check_pair,
    parse_alert_rule,
    parse_rule_id,
    parse_ticker,
    parse_time_of_day,
    parse_zone,
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
from bot.present.i18n import default_zone, fmt_date, fmt_span, fmt_time, t, window_name
from bot.tg.context import (
    answers,
    chat_pair,
    check_fetch_budget,
    is_admin,
    language,
    may_manage,
    now,
    reply,
    services,
)
from bot.tg.jobs import schedule_digest, unschedule_digest

MAX_RULES_PER_CHAT = 50
# Telegram's limit is 4096 characters; a page stays well under it with room for the
# page number, whatever the language.
ALERTS_PAGE_CHARS = 3500
BACKTEST_SHOWN = 5
DEFAULT_DIGEST_TIME = {"ko": "08:00", "en": "08:00"}


async def _inputs(update: Update, context: ContextTypes.DEFAULT_TYPE, pair: tuple[str, str]):
    """The pair's metric inputs; a pair the cache lacks is fetched once (or refused)."""
    svc = services(context)
    check_fetch_budget(update, context, list(pair))
    await svc.market.prices(list(pair))
    inputs = metric_inputs(svc.market, *pair)
    if inputs is None:
        raise AnalyticsError("no_data", ticker=pair[0], offline=svc.market.offline)
    return inputs


def _rule_pair(update: Update, context: ContextTypes.DEFAULT_TYPE, request) -> tuple[str, str]:
    return request.pair or chat_pair(update, context)


def _thread(update: Update) -> int | None:
    """The forum topic a message was posted in, or None."""
    message = update.effective_message
    return message.message_thread_id if message and message.is_topic_message else None


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


@answers
async def alert(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Create a rule, or: del / pause / resume / test."""
    args = list(context.args or [])
    sub = args[0].lower() if args else ""
    if sub in ("del", "delete", "rm", "pause", "resume"):
        await _change_rule(update, context, sub, args[1:])
    elif sub == "test":
        await _test_rule(update, context, args[1:])
    else:
        await _create_rule(update, context, args)


async def _create_rule(update: Update, context: ContextTypes.DEFAULT_TYPE, args) -> None:
    request = parse_alert_rule(args)
    if not await may_manage(update, context):
        return
    svc = services(context)
    lang = language(update, context)
    chat_id = update.effective_chat.id
    if svc.chats.count_rules(chat_id) >= MAX_RULES_PER_CHAT:
        raise UsageError("err_too_many_rules", limit=MAX_RULES_PER_CHAT)
    spec = _spec(request)
    pair = _rule_pair(update, context, request)
    inputs = await _inputs(update, context, pair)
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
        created_by=update.effective_user.id if update.effective_user else None, lang=lang,
        now=now(context), small=pair[0], large=pair[1], thread_id=_thread(update),
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
    await reply(update, context, "\n".join(lines), ok=True)


async def _change_rule(update: Update, context: ContextTypes.DEFAULT_TYPE, action, args) -> None:
    rule_id = parse_rule_id(args)
    if not await may_manage(update, context):
        return
    chats = services(context).chats
    chat_id = update.effective_chat.id
    if action in ("del", "delete", "rm"):
        done, key = chats.delete_rule(chat_id, rule_id), "alert_deleted"
    else:
        done = chats.set_rule_paused(chat_id, rule_id, action == "pause")
        key = "alert_paused" if action == "pause" else "alert_resumed"
    lang = language(update, context)
    if not done:
        raise UsageError("err_rule_not_found", id=rule_id)
    await reply(update, context, t(lang, key, id=rule_id), ok=True)


async def _test_rule(update: Update, context: ContextTypes.DEFAULT_TYPE, args) -> None:
    request = parse_alert_rule(args)
    spec = _spec(request)
    lang = language(update, context)
    pair = _rule_pair(update, context, request)
    inputs = await _inputs(update, context, pair)
    series = metric_series(inputs, spec.metric, spec.window).dropna()
    if series.empty and spec.window is not None:
        _refuse_short_history(lang, inputs, spec, args, "/alert test")
    lines = [t(lang, "backtest_title", rule=rule_text(lang, spec, *pair))]
    if series.empty:
        lines.append(t(lang, "backtest_no_data"))
        await reply(update, context, "\n".join(lines), ok=True)
        return
    fired = backtest(spec, series)
    span = dict(start=fmt_date(lang, series.index[0].date()),
                end=fmt_date(lang, series.index[-1].date()), days=f"{len(series):,}")
    if fired:
        times = (t(lang, "backtest_times_one") if len(fired) == 1
                 else t(lang, "backtest_times_many", n=len(fired)))
        lines.append(t(lang, "backtest_span", times=times, **span))
        space = "" if lang == "ko" else " "  # Korean writes no space before a bracket
        shown = ", ".join(f"{fmt_date(lang, d)}{space}({fmt_metric(lang, spec.metric, v)})"
                          for d, v in fired[-BACKTEST_SHOWN:])
        lines.append(t(lang, "backtest_last", dates=shown))
    else:
        lines.append(t(lang, "backtest_none", **span))
    lines.append(_band_line(lang, spec))
    lines.extend(_provenance(context, lang, inputs, spec, pair, series.index[-1].date()))
    await reply(update, context, "\n".join(lines), ok=True)


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


def _provenance(context, lang: str, inputs, spec: RuleSpec, pair: tuple[str, str],
                last_value_day) -> list[str]:
    """Basis, source, as-of close and staleness, as every other answer ends."""
    svc = services(context)
    basis = metric_basis(inputs, spec.metric)
    tickers = [YIELD_TICKER] if spec.metric in YIELD_METRICS else list(pair)
    freshness = svc.market.freshness(tickers, last_value_day)
    lines = []
    if basis == "yield":
        lines.append(t(lang, "backtest_basis_yield"))
    elif basis not in ("total", "price"):
        lines.append(t(lang, "backtest_basis_pe"))
    return lines + render.render_freshness(lang, freshness, basis)


@answers
async def alerts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The chat's rules with current values and states. Anyone may list."""
    svc = services(context)
    lang = language(update, context)
    chat_id = update.effective_chat.id
    args = [a.lower() for a in (context.args or [])]
    whole_chat = args == ["all"] or _thread(update) is None
    rules = svc.chats.rules_for_chat(chat_id) if whole_chat else svc.chats.rules_for_chat(
        chat_id, _thread(update))
    settings = svc.chats.chat(chat_id)
    lines = [t(lang, "alerts_title")]
    if settings.paused_reason:
        lines.append(t(lang, "alerts_chat_paused", reason=render.esc(settings.paused_reason)))
    if not rules:
        lines.append(t(lang, "alerts_empty"))
    else:
        values = {}
        for pair in {(r.small, r.large) for r in rules}:
            inputs = metric_inputs(svc.market, *pair)
            for key in {(r.metric, r.window) for r in rules if (r.small, r.large) == pair}:
                values[(*pair, *key)] = _current(inputs, *key)[0] if inputs else None
        for rule in rules:
            when = (render.esc(fmt_time(lang, rule.last_fired_at)) if rule.last_fired_at
                    else None)
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
            rule_line = rule_text(lang, spec_of(rule), rule.small, rule.large)
            value = _listed_value(lang, rule.metric,
                                  values[(rule.small, rule.large, rule.metric, rule.window)])
            lines.append(f"#{rule.id} {rule_line}\n    {value} · {state}")
    if update.effective_chat.type != ChatType.PRIVATE:
        lines.append(t(lang, "alerts_access_open" if settings.alerts_open
                       else "alerts_access_admins"))
    pages = render.paginate(lines, ALERTS_PAGE_CHARS)
    for number, page in enumerate(pages, start=1):
        if len(pages) > 1:
            page += "\n" + t(lang, "alerts_page", page=number, pages=len(pages))
        await reply(update, context, page, ok=True)


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


def chat_zone(context, chat_id: int, lang: str) -> str:
    return services(context).chats.chat(chat_id).tz or default_zone(lang)


@answers
async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Daily or weekly summary at a time in the chat's zone; `off` stops it."""
    args = [a.lower() for a in (context.args or [])]
    if not args or args[0] not in ("daily", "weekly", "off") or len(args) > 2:
        raise UsageError("usage_digest")
    at_time = parse_time_of_day(args[1], "usage_digest") if len(args) == 2 else None
    if args[0] == "off" and at_time:
        raise UsageError("usage_digest")
    if not await may_manage(update, context):
        return
    svc = services(context)
    lang = language(update, context)
    chat_id = update.effective_chat.id
    if args[0] == "off":
        removed = svc.chats.delete_digest(chat_id)
        unschedule_digest(context.application, chat_id)
        await reply(update, context, t(lang, "digest_off" if removed else "digest_none"), ok=True)
        return
    zone = chat_zone(context, chat_id, lang)
    at_time = at_time or DEFAULT_DIGEST_TIME[lang]
    svc.chats.set_digest(chat_id, args[0], at_time, lang, now(context), _thread(update))
    schedule_digest(context.application, svc.chats.digest(chat_id), zone)
    await reply(update, context, t(lang, "digest_set", cadence=t(lang, "cadence_" + args[0]),
                                   time=at_time, tz=render.esc(zone)), ok=True)


@answers
async def tz(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the chat's time zone for digests."""
    args = list(context.args or [])
    lang = language(update, context)
    chat_id = update.effective_chat.id
    if not args:
        await reply(update, context, t(lang, "tz_set", tz=render.esc(
            chat_zone(context, chat_id, lang))) + "\n" + t(lang, "usage_tz"), ok=True)
        return
    zone = parse_zone(args)
    if not await may_manage(update, context):
        return
    svc = services(context)
    svc.chats.update_chat(chat_id, now(context), tz=zone)
    existing = svc.chats.digest(chat_id)
    if existing:
        schedule_digest(context.application, existing, zone)
    await reply(update, context, t(lang, "tz_set", tz=render.esc(zone)), ok=True)


def _settings_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The chat's settings as they stand, then how to change them."""
    lang = language(update, context)
    svc = services(context)
    chat_id = update.effective_chat.id
    chat = svc.chats.chat(chat_id)
    small, large = chat_pair(update, context)
    digest = svc.chats.digest(chat_id)
    lines = [
        t(lang, "settings_title"),
        t(lang, "settings_pair", small=render.esc(small), large=render.esc(large)),
        t(lang, "settings_language", language=t(lang, "language_" + lang)),
        t(lang, "settings_state_charts_" + ("on" if chat.charts else "off")),
        t(lang, "settings_alerts_" + ("open" if chat.alerts_open else "admins")),
        t(lang, "settings_digest", tz=render.esc(chat.tz or default_zone(lang)),
          digest=(t(lang, "cadence_" + digest.cadence) + " " + digest.at_time if digest
                  else t(lang, "settings_digest_off"))),
        "",
        t(lang, "usage_settings_all"),
    ]
    return "\n".join(lines)


@answers
async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/settings alerts open|admins` (who may change alerts), `/settings charts on|off`."""
    args = [a.lower() for a in (context.args or [])]
    if not args:
        await reply(update, context, _settings_text(update, context), ok=True)
        return
    choices = {"alerts": ("open", "admins"), "charts": ("on", "off")}
    if len(args) != 2 or args[1] not in choices.get(args[0], ()):
        raise UsageError("usage_settings_all")
    chat = update.effective_chat
    svc = services(context)
    # Opening the rules to everyone is itself an admin decision, even once opened.
    if chat.type != ChatType.PRIVATE and not await is_admin(update, context):
        await reply(update, context, t(language(update, context), "err_admins_only"), ok=False)
        return
    if args[0] == "alerts":
        svc.chats.update_chat(chat.id, now(context), alerts_open=int(args[1] == "open"))
        key = "settings_alerts_open" if args[1] == "open" else "settings_alerts_admins"
    else:
        svc.chats.update_chat(chat.id, now(context), charts=int(args[1] == "on"))
        key = "settings_charts_on" if args[1] == "on" else "settings_charts_off"
    await reply(update, context, t(language(update, context), key), ok=True)


@answers
async def pair(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/pair` shows the chat's pair, `/pair SMALL LARGE` sets it, `/pair reset` returns
    to the default. Every command, digest and new rule in the chat then uses it."""
    args = list(context.args or [])
    svc = services(context)
    lang = language(update, context)
    chat_id = update.effective_chat.id
    default = (svc.settings.small, svc.settings.large)
    if not args:
        small, large = chat_pair(update, context)
        key = "pair_show" if svc.chats.pair(chat_id) else "pair_show_default"
        await reply(update, context, t(lang, key, small=render.esc(small),
                                       large=render.esc(large)) + "\n" + t(lang, "usage_pair"),
                    ok=True)
        return
    if len(args) == 1 and args[0].lower() == "reset":
        if not await may_manage(update, context):
            return
        svc.chats.set_pair(chat_id, None, now(context))
        await reply(update, context, t(lang, "pair_reset", small=render.esc(default[0]),
                                       large=render.esc(default[1])), ok=True)
        return
    if len(args) != 2:
        raise UsageError("usage_pair")
    small, large = check_pair([parse_ticker(a, "usage_pair") for a in args], "usage_pair")
    if not await may_manage(update, context):
        return
    check_fetch_budget(update, context, [small, large])
    await svc.market.prices([small, large])  # cached, or fetched now: else refused
    svc.chats.set_pair(chat_id, (small, large), now(context))
    lines = [t(lang, "pair_set", small=render.esc(small), large=render.esc(large))]
    if is_price_index(small) or is_price_index(large):
        lines.append(t(lang, "pair_index_note"))
    await reply(update, context, "\n".join(lines), ok=True)
