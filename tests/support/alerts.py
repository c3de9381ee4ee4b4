"""The bot the alert tests start: a group with an admin, an owner and a member, and a
private chat, the clock at EVENING; and what they do with it: a rule that fires on the
2025-03-21 close, the inputs evaluation sees, a delivery round, the alerts a chat got."""

from __future__ import annotations

from datetime import UTC, date, datetime

from analytics.alerts import MetricInputs
from bot.tg.outbox import drain_outbox
from tests.support.bots import Env, start_bot
from tests.support.clock import EVENING, Clock
from tests.support.fake_botapi import FakeBotAPI

GROUP, ADMIN, MEMBER, OWNER = -100777, 21, 22, 23
PRIVATE = 31


async def start_alert_bot(path, api: FakeBotAPI | None = None) -> Env:
    """A bot process over `path`: calling it again is a restart on the same file."""
    if api is None:
        api = FakeBotAPI()
        api.add_group(GROUP, title="Positioning", supergroup=False)
        api.set_member(GROUP, ADMIN, "administrator")
        api.set_member(GROUP, OWNER, "creator")
        api.set_member(GROUP, MEMBER, "member")
        api.add_private_chat(PRIVATE)
    return await start_bot(path, api, jobs=False, clock=Clock(EVENING))


def inputs_until(services, day: date) -> MetricInputs:
    frames = services.market.cached_prices(["VTWO", "SPY"])
    return MetricInputs("VTWO", "SPY", frames["VTWO"], frames["SPY"]).until(day)


async def add_march_rule(env: Env, chat_id: int = PRIVATE, user: int | None = None) -> int:
    """`gap 1y < -10` created on 2025-03-14 (value −8.9: armed); fires on 2025-03-21."""
    clock = env.services.market.clock
    clock.now = datetime(2025, 3, 14, 22, tzinfo=UTC)  # rules see the cache as of then
    chats = env.services.chats
    before = {r.id for r in chats.rules_for_chat(chat_id)}
    await env.say(chat_id, "/alert gap 1y < -10", user_id=user or chat_id)
    clock.now = EVENING
    (rule_id,) = {r.id for r in chats.rules_for_chat(chat_id)} - before
    return rule_id


async def deliver(env: Env):
    return await drain_outbox(env.application.bot, env.services.chats, env.services.market.clock)


def alerts_seen(env: Env, chat_id: int) -> list[str]:
    return [m.plain for m in env.api.transcript(chat_id) if "🔔" in m.plain]
