"""Scheduled work: refresh → evaluate → send, the outbox sender, and digests.

Jobs are named and rebuilt from SQLite at start; a same-named job is removed before
it is added again, so a restart or a changed digest never runs twice.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from datetime import time as time_of_day
from zoneinfo import ZoneInfo

from telegram.ext import Application

from bot.answers.alerting import evaluate_all
from bot.answers.digest import digest_text
from bot.answers.settling import settle_due
from bot.present.i18n import default_zone, t
from bot.tg.context import GapContext, services
from bot.tg.outbox import DrainReport, OutboxSender
from storage.chats import Digest

log = logging.getLogger(__name__)

REFRESH_JOB = "market-refresh"
OUTBOX_JOB = "outbox-sender"
DIGEST_PREFIX = "digest:"
OUTBOX_INTERVAL_S = 10
# A digest delayed by a restart or a busy loop is still sent (once: its outbox key
# names the local day) rather than silently skipped, as APScheduler's 1 s default would.
DIGEST_MISFIRE_GRACE_S = 6 * 3600
MONDAY = (1,)  # python-telegram-bot counts days 0 = Sunday .. 6 = Saturday


def _replace_job(application: Application, name: str) -> None:
    for job in application.job_queue.get_jobs_by_name(name):
        job.schedule_removal()


def tickers_to_refresh(svc) -> list[str]:
    """The tracked tickers and every ticker a chat's pair or an active rule needs: one
    refresh fetches them together."""
    pairs = svc.chats.pairs_in_use()
    return list(dict.fromkeys([*svc.market.tracked, *(t for pair in pairs for t in pair)]))


async def market_cycle(context: GapContext) -> None:
    """Refresh from Yahoo, evaluate alerts and settle calls on a new close, then send what
    they caused."""
    svc = services(context)
    report = await svc.market.refresh(tickers_to_refresh(svc))
    if report.updated or report.failed:
        log.info("refresh: updated=%s failed=%s", report.updated, list(report.failed))
    await evaluate_and_send(context)


async def evaluate_and_send(context: GapContext) -> None:
    """Alerts and due calls on the cache as it is, then the outbox: what they caused is
    committed with them, so a crash before the send loses nothing and doubles nothing."""
    svc = services(context)
    now = svc.market.clock()
    evaluate_all(svc.chats, svc.market, now)
    settled = settle_due(svc.calls, svc.market, now)
    if settled.settled:
        log.info("calls settled: %s", settled.settled)
    await outbox_sender(context.application).drain()


def outbox_sender(application: Application) -> OutboxSender:
    """The process's one drainer (see bot.tg.outbox.OutboxSender)."""
    sender = application.bot_data.outbox
    if sender is None:
        svc = application.bot_data.services

        async def follow_migration(old_id: int, new_id: int) -> None:
            reschedule_chat(application, old_id, new_id)

        sender = OutboxSender(application.bot, svc.chats, svc.market.clock, follow_migration)
        application.bot_data.outbox = sender
    return sender


async def send_outbox(context: GapContext) -> DrainReport:
    """Deliver due outbox messages (retries after 429s and network faults)."""
    return await outbox_sender(context.application).drain()


async def send_digest(context: GapContext) -> None:
    """One digest per chat and local day, through the outbox."""
    svc = services(context)
    chat_id = context.job.data["chat_id"]
    digest = svc.chats.digest(chat_id)
    if digest is None or svc.chats.chat(chat_id).paused_reason:
        return
    zone = ZoneInfo(context.job.data["tz"])
    due_day = context.job.data.get("day")  # a catch-up names the day it makes up for
    local_day = (date.fromisoformat(due_day) if due_day
                 else svc.market.clock().astimezone(zone).date())
    key = digest_key(chat_id, local_day)
    if svc.chats.has_message(key):
        return  # already queued or sent today (a second job, a restart): not rebuilt
    pair = svc.chats.pair(chat_id)
    text = digest_text(svc, digest.lang, pair) or t(digest.lang, "digest_no_data")
    svc.chats.enqueue(key, chat_id, text, svc.market.clock(), digest.thread_id)
    await outbox_sender(context.application).drain()


def digest_key(chat_id: int, local_day) -> str:
    # storage.chats.migrate_chat renames these keys when a group becomes a supergroup.
    return f"digest:{chat_id}:{local_day.isoformat()}"


def _has_jobs(application: Application) -> bool:
    # The console builds the Application without a JobQueue (nothing runs on a timer).
    return application.bot_data.jobs_enabled


def schedule_digest(application: Application, digest: Digest, zone: str) -> None:
    if not _has_jobs(application):
        return
    name = f"{DIGEST_PREFIX}{digest.chat_id}"
    _replace_job(application, name)
    hour, minute = (int(x) for x in digest.at_time.split(":"))
    at = time_of_day(hour, minute, tzinfo=ZoneInfo(zone))
    days = MONDAY if digest.cadence == "weekly" else tuple(range(7))
    application.job_queue.run_daily(send_digest, at, days=days, name=name,
                                    data={"chat_id": digest.chat_id, "tz": zone},
                                    job_kwargs={"misfire_grace_time": DIGEST_MISFIRE_GRACE_S,
                                                "coalesce": True})


def unschedule_digest(application: Application, chat_id: int) -> None:
    if _has_jobs(application):
        _replace_job(application, f"{DIGEST_PREFIX}{chat_id}")


def digest_zone(chats, digest: Digest) -> str:
    """The chat's /tz, else the zone of the digest's language."""
    return chats.chat(digest.chat_id).tz or default_zone(digest.lang)


def schedule_chat_digest(application: Application, chat_id: int) -> None:
    """(Re)schedule the chat's digest from SQLite, or drop its job if it has none."""
    svc = application.bot_data.services
    digest = svc.chats.digest(chat_id)
    if digest is None or svc.chats.chat(chat_id).paused_reason:
        unschedule_digest(application, chat_id)
        return
    zone = digest_zone(svc.chats, digest)
    schedule_digest(application, digest, zone)


def reschedule_chat(application: Application, old_id: int, new_id: int) -> None:
    """A chat changed id (group → supergroup): its jobs follow it."""
    unschedule_digest(application, old_id)
    schedule_chat_digest(application, new_id)


def schedule_all(application: Application, refresh_minutes: int) -> None:
    """(Re)build every job from SQLite: the market cycle, the sender, each digest."""
    if not _has_jobs(application):
        return
    queue = application.job_queue
    svc = application.bot_data.services
    _replace_job(application, REFRESH_JOB)
    queue.run_repeating(market_cycle, interval=refresh_minutes * 60, first=5, name=REFRESH_JOB)
    _replace_job(application, OUTBOX_JOB)
    queue.run_repeating(send_outbox, interval=OUTBOX_INTERVAL_S, first=1, name=OUTBOX_JOB)
    for job in queue.jobs():
        if job.name and job.name.startswith(DIGEST_PREFIX):
            job.schedule_removal()
    for digest in svc.chats.digests():
        zone = digest_zone(svc.chats, digest)
        schedule_digest(application, digest, zone)
        missed = _missed_day(svc, digest, zone)
        if missed is not None:
            # The bot was down at the digest's time: send it now (once: its key names
            # the local day it was due), as a running bot would within the grace time.
            queue.run_once(send_digest, 1, name=f"{DIGEST_PREFIX}{digest.chat_id}:catch-up",
                           data={"chat_id": digest.chat_id, "tz": zone,
                                 "day": missed.isoformat()})


def _missed_day(svc, digest: Digest, zone: str) -> date | None:
    """The local day whose digest fell due within the grace time and was not sent
    (today's, or yesterday's for a late-evening digest and a restart after midnight)."""
    now = svc.market.clock().astimezone(ZoneInfo(zone))
    hour, minute = (int(x) for x in digest.at_time.split(":"))
    for back in (0, 1):
        due = (now - timedelta(days=back)).replace(hour=hour, minute=minute, second=0,
                                                   microsecond=0)
        late = (now - due).total_seconds()
        weekly_off = digest.cadence == "weekly" and due.weekday() != 0  # Mondays only
        if (not weekly_off and 0 < late <= DIGEST_MISFIRE_GRACE_S
                and not svc.chats.has_message(digest_key(digest.chat_id, due.date()))):
            return due.date()
    return None
