"""/lang, /pair, /settings, /digest and /tz: what a chat chose, over ChatStore.

Changes take an admin in groups unless an admin opened the chat to everyone; opening
it (/settings alerts) always takes an admin. A digest change tells the front end to
schedule it anew (`Answer.schedule`): only the Telegram front end has jobs.
"""

from __future__ import annotations

from analytics.performance import is_price_index
from bot.answers.answer import Answer, Ask
from bot.answers.services import Services, check_fetch_budget, may_manage, require_admin
from bot.parsing import UsageError, check_pair, parse_ticker, parse_time_of_day, parse_zone
from bot.present import render
from bot.present.i18n import LANGUAGES, default_zone, t

DEFAULT_DIGEST_TIME = {"ko": "08:00", "en": "08:00"}


async def lang(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """`/lang ko|en`: this chat's language for replies, alerts and digests."""
    words = [a.lower() for a in args]
    if len(words) != 1 or words[0] not in LANGUAGES:
        raise UsageError("usage_lang")
    await may_manage(svc, ask)
    svc.chats.update_chat(ask.chat_id, ask.now, lang=words[0])
    return Answer(t(words[0], "lang_set"))


def chat_zone(svc: Services, chat_id: int, lang: str) -> str:
    return svc.chats.chat(chat_id).tz or default_zone(lang)


async def digest(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """Daily or weekly summary at a time in the chat's zone; `off` stops it."""
    words = [a.lower() for a in args]
    if not words or words[0] not in ("daily", "weekly", "off") or len(words) > 2:
        raise UsageError("usage_digest")
    at_time = parse_time_of_day(words[1], "usage_digest") if len(words) == 2 else None
    if words[0] == "off" and at_time:
        raise UsageError("usage_digest")
    await may_manage(svc, ask)
    if words[0] == "off":
        removed = svc.chats.delete_digest(ask.chat_id)
        return Answer(t(ask.lang, "digest_off" if removed else "digest_none"),
                      schedule="no_digest")
    zone = chat_zone(svc, ask.chat_id, ask.lang)
    at_time = at_time or DEFAULT_DIGEST_TIME[ask.lang]
    svc.chats.set_digest(ask.chat_id, words[0], at_time, ask.lang, ask.now, ask.thread_id)
    return Answer(t(ask.lang, "digest_set", cadence=t(ask.lang, "cadence_" + words[0]),
                    time=at_time, tz=render.esc(zone)), schedule="digest")


async def tz(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """The chat's time zone for digests: shown, or set."""
    if not args:
        zone = chat_zone(svc, ask.chat_id, ask.lang)
        return Answer(t(ask.lang, "tz_set", tz=render.esc(zone)) + "\n"
                      + t(ask.lang, "usage_tz"))
    zone = parse_zone(args)
    await may_manage(svc, ask)
    svc.chats.update_chat(ask.chat_id, ask.now, tz=zone)
    return Answer(t(ask.lang, "tz_set", tz=render.esc(zone)),
                  schedule="digest" if svc.chats.digest(ask.chat_id) else None)


def _settings_text(svc: Services, ask: Ask) -> str:
    """The chat's settings as they stand, then how to change them."""
    lang = ask.lang
    chat = svc.chats.chat(ask.chat_id)
    small, large = ask.pair
    digest_row = svc.chats.digest(ask.chat_id)
    lines = [
        t(lang, "settings_title"),
        t(lang, "settings_pair", small=render.esc(small), large=render.esc(large)),
        t(lang, "settings_language", language=t(lang, "language_" + lang)),
        t(lang, "settings_state_charts_" + ("on" if chat.charts else "off")),
        t(lang, "settings_alerts_" + ("open" if chat.alerts_open else "admins")),
        t(lang, "settings_calls_" + ("open" if chat.calls_open else "admins")),
        t(lang, "settings_digest", tz=render.esc(chat.tz or default_zone(lang)),
          digest=(t(lang, "cadence_" + digest_row.cadence) + " " + digest_row.at_time
                  if digest_row else t(lang, "settings_digest_off"))),
        "",
        t(lang, "usage_settings_all"),
    ]
    return "\n".join(lines)


SETTING_CHOICES = {"alerts": ("open", "admins"), "charts": ("on", "off"),
                   "calls": ("open", "admins")}


async def settings(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """`/settings alerts open|admins` (who may change alerts), `/settings calls
    open|admins` (who may make calls), `/settings charts on|off`."""
    words = [a.lower() for a in args]
    if not words:
        return Answer(_settings_text(svc, ask), command_line="/settings")
    if len(words) != 2 or words[1] not in SETTING_CHOICES.get(words[0], ()):
        raise UsageError("usage_settings_all")
    # Opening the rules to everyone is itself an admin decision, even once opened.
    await require_admin(ask)
    if words[0] == "alerts":
        svc.chats.update_chat(ask.chat_id, ask.now, alerts_open=int(words[1] == "open"))
        key = "settings_alerts_open" if words[1] == "open" else "settings_alerts_admins"
    elif words[0] == "calls":
        svc.chats.update_chat(ask.chat_id, ask.now, calls_open=int(words[1] == "open"))
        key = "settings_calls_" + words[1]
    else:
        svc.chats.update_chat(ask.chat_id, ask.now, charts=int(words[1] == "on"))
        key = "settings_charts_on" if words[1] == "on" else "settings_charts_off"
    return Answer(t(ask.lang, key))


async def pair(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """`/pair` shows the chat's pair, `/pair SMALL LARGE` sets it, `/pair reset` returns
    to the default. Every command, digest and new rule in the chat then uses it."""
    lang = ask.lang
    if not args:
        key = "pair_show" if svc.chats.pair(ask.chat_id) else "pair_show_default"
        small, large = ask.pair
        return Answer(t(lang, key, small=render.esc(small), large=render.esc(large)) + "\n"
                      + t(lang, "usage_pair"), command_line="/pair")
    if len(args) == 1 and args[0].lower() == "reset":
        await may_manage(svc, ask)
        svc.chats.set_pair(ask.chat_id, None, ask.now)
        default = (svc.settings.small, svc.settings.large)
        return Answer(t(lang, "pair_reset", small=render.esc(default[0]),
                        large=render.esc(default[1])))
    if len(args) != 2:
        raise UsageError("usage_pair")
    small, large = check_pair([parse_ticker(a, "usage_pair") for a in args], "usage_pair")
    await may_manage(svc, ask)
    check_fetch_budget(svc, ask, [small, large])
    await svc.market.prices([small, large])  # cached, or fetched now: else refused
    svc.chats.set_pair(ask.chat_id, (small, large), ask.now)
    lines = [t(lang, "pair_set", small=render.esc(small), large=render.esc(large))]
    if is_price_index(small) or is_price_index(large):
        lines.append(t(lang, "pair_index_note"))
    return Answer("\n".join(lines))
