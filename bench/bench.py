"""Latency, throughput and memory of gapbot on this machine; prints one JSON object.

Loads the real reference data into a temporary database, drives the real
Application in-process through the fake Bot API with a warm cache, and measures:
per command p50/p99 (ms), a trivial echo handler through the same path, charts,
alert evaluation over 100,000 rules, outbox throughput, and peak RSS.

    .venv/bin/python bench/bench.py [--runs 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram.ext import CommandHandler, filters  # noqa: E402

from analytics.alerts import MetricInputs  # noqa: E402
from bot.alerting import evaluate  # noqa: E402
from bot.app import build_application, open_services  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.outbox import drain_outbox  # noqa: E402
from storage.chats import ChatStore  # noqa: E402
from storage.db import Storage  # noqa: E402
from tests.conftest import MARKET_DATA, load_reference, seed_fund_data  # noqa: E402
from tests.fake_botapi import FakeBotAPI, FakeRequest, feed  # noqa: E402

TEXT_COMMANDS = ["/gap 1y", "/gap 10y", "/valuation", "/sectors"]
CHART_COMMANDS = {"/gap 1y chart": "/gap 1y", "/sectors chart": "/sectors"}
if "--no-charts" in sys.argv:  # while bot.charts is being built
    CHART_COMMANDS = {}


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered), 3), "p99_ms": round(p99, 3),
            "runs": len(ordered)}


async def measure_commands(services, runs: int) -> dict:
    api = FakeBotAPI()
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                     rate_limit=False, jobs=False)

    async def echo(update, context) -> None:
        """The floor: a handler that only replies."""
        await update.effective_message.reply_text(update.effective_message.text)

    application.add_handler(CommandHandler("echo", echo, filters=filters.UpdateType.MESSAGE))
    await application.initialize()
    text_chat, chart_chat = 501, 502
    api.add_private_chat(text_chat)
    api.add_private_chat(chart_chat)
    now = datetime.now(UTC)
    services.chats.update_chat(text_chat, now, charts=0)
    services.chats.update_chat(chart_chat, now, charts=1)

    async def timed(chat_id: int, text: str, count: int) -> list[float]:
        samples = []
        for _ in range(5):  # warm caches (frames, calendar, fonts) before measuring
            await feed(application, api.message_update(chat_id, chat_id, text))
        for _ in range(count):
            update = api.message_update(chat_id, chat_id, text)
            start = time.perf_counter()
            await feed(application, update)
            samples.append((time.perf_counter() - start) * 1000)
        return samples

    out = {"echo": percentiles(await timed(text_chat, "/echo hi", runs))}
    for command in TEXT_COMMANDS:
        out[command] = percentiles(await timed(text_chat, command, runs))
    for name, command in CHART_COMMANDS.items():
        out[name] = percentiles(await timed(chart_chat, command, max(50, runs // 4)))
        assert api.last(chart_chat).photo, f"{command} must have answered with a chart"
    for command in TEXT_COMMANDS:
        out[command]["p99_over_echo_p50"] = round(
            out[command]["p99_ms"] / out["echo"]["p50_ms"], 2)
    await application.shutdown()
    return out


def measure_alert_evaluation(reference: Storage) -> dict:
    """100,000 rules over 1,000 chats, thresholds spread around recent values.

    Rules are evaluated once on the previous close (untimed) so their states are
    settled as in a running bot; then the timed evaluation of the next close:
    "quiet" is an ordinary day (2025-10-31), "sell_off" is 2025-04-04, when the
    April 2025 sell-off moved every metric at once.
    """
    frames = reference.load_prices(["VTWO", "SPY"])
    inputs = MetricInputs("VTWO", "SPY", frames["VTWO"], frames["SPY"])
    metrics = [("gap", "1y", -8, 6), ("gap", "3m", 0, 6), ("small_ret", "1y", 5, 12),
               ("large_ret", "6m", 8, 12), ("ratio_z", "1y", 0, 2)]
    results = {}
    for label, before, day in (("quiet", date(2025, 10, 30), date(2025, 10, 31)),
                               ("sell_off", date(2025, 4, 3), date(2025, 4, 4))):
        rng = random.Random(1)
        storage = Storage()
        created = datetime(2025, 1, 2, tzinfo=UTC).isoformat()
        rows = []
        for i in range(100_000):
            metric, window, centre, width = rng.choice(metrics)
            rows.append({
                "chat_id": i % 1000, "metric": metric, "window": window,
                "op": rng.choice(["<", ">", "<=", ">=", "crosses"]),
                "threshold": round(centre + rng.uniform(-width, width), 1),
                "hysteresis": 1.0 if metric != "ratio_z" else 0.25,
                "once": 0, "cooldown_s": 0, "armed": 1, "side": None, "paused": 0,
                "created_at": created, "created_by": 1, "lang": rng.choice(["en", "ko"]),
            })
        storage.db["alert_rules"].insert_all(rows, batch_size=10_000)
        chats = ChatStore(storage.db)
        evaluate(chats, inputs.until(before), datetime.combine(before, datetime.min.time(), UTC))
        start = time.perf_counter()
        report = evaluate(chats, inputs.until(day),
                          datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=22))
        results[label] = {"ms": round((time.perf_counter() - start) * 1000, 1),
                          "rules": report.rules, "fired": report.fired}
    return results


def measure_chart_rendering(reference: Storage, runs: int = 60) -> dict:
    """Cold renders (no answer cache): what the first reader after a refresh waits for."""
    from analytics.funds import sector_comparison
    from analytics.performance import relative_performance
    from analytics.windows import Window
    from bot import charts
    from tests.conftest import SECTORS_LARGE, SECTORS_SMALL

    frames = reference.load_prices(["VTWO", "SPY"])
    result = relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("1y"))
    rows = sector_comparison(SECTORS_SMALL, SECTORS_LARGE)
    out = {}
    for name, render in (
        ("gap_chart", lambda: charts.gap_chart(result, frames["VTWO"], frames["SPY"], "ko")),
        ("sectors_chart", lambda: charts.sectors_chart(rows, "VTWO", "SPY", "ko")),
    ):
        render()  # fonts and matplotlib caches load once per process
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            render()
            samples.append((time.perf_counter() - start) * 1000)
        out[name] = percentiles(samples)
    return out


async def measure_outbox(count: int = 3000) -> float:
    api = FakeBotAPI()
    storage = Storage()
    chats = ChatStore(storage.db)
    now = datetime.now(UTC)
    for chat in range(100):
        api.add_private_chat(10_000 + chat)
    for i in range(count):
        chats.enqueue(f"bench:{i}", 10_000 + i % 100, f"<b>Alert</b> number {i}", now)
    from telegram import Bot

    bot = Bot(api.token, request=FakeRequest(api))
    await bot.initialize()
    start = time.perf_counter()
    report = await drain_outbox(bot, chats, lambda: datetime.now(UTC), limit=count)
    elapsed = time.perf_counter() - start
    await bot.shutdown()
    assert report.sent == count, report
    return round(count / elapsed, 1)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--no-charts", action="store_true")
    args = parser.parse_args()
    if not MARKET_DATA.is_dir():
        sys.exit(f"bench needs the reference data at {MARKET_DATA}")
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.sqlite3"
        storage = Storage(db_path)
        load_reference(storage, MARKET_DATA)
        seed_fund_data(storage, date(2025, 10, 31))
        settings = load_settings({"GAPBOT_DB": str(db_path), "GAPBOT_OFFLINE": "1"})
        services = open_services(settings)
        result = {"commands": await measure_commands(services, args.runs)}
        # The bot's own footprint, before the alert benchmark loads 100,000 rules.
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                      1)
        if CHART_COMMANDS:
            result["chart_render_cold"] = measure_chart_rendering(storage)
        result["alerts_eval_ms"] = measure_alert_evaluation(storage)
        result["outbox_send_per_s"] = await measure_outbox()
    result["peak_rss_mb_after_alert_bench"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
