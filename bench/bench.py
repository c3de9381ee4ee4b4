"""Latency, throughput and memory of gapbot on this machine; prints one JSON object.

Loads the real reference data into a temporary database, drives the real
Application in-process through the fake Bot API with a warm cache, and measures:
per command p50/p99 (ms), a trivial echo handler through the same path, charts,
alert evaluation over 100,000 rules (one pair, and 50 pairs), outbox throughput, and
peak RSS; the debate commands warm and cold and their charts; private answers while a
group waits out its flood limit; the webhook server on loopback; the question reader.
Where a section has a target, it is reported beside the number (measured, not asserted).

    .venv/bin/python bench/bench.py [--runs 300]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
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

from telegram import Update  # noqa: E402
from telegram.ext import CommandHandler, filters  # noqa: E402

from analytics.alerts import MetricInputs  # noqa: E402
from bot.answers.alerting import evaluate, evaluate_all  # noqa: E402
from bot.answers.services import open_services  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.tg.app import build_application  # noqa: E402
from bot.tg.outbox import drain_outbox  # noqa: E402
from storage.chats import ChatStore  # noqa: E402
from storage.db import Storage  # noqa: E402
from tests.support.fake_botapi import FakeBotAPI, FakeRequest, feed  # noqa: E402
from tests.support.paths import MARKET_DATA  # noqa: E402
from tests.support.reference import load_reference, seed_fund_data  # noqa: E402

TEXT_COMMANDS = ["/gap 1y", "/gap 10y", "/valuation", "/sectors"]
CHART_COMMANDS = {"/gap 1y chart": "/gap 1y", "/sectors chart": "/sectors"}
if "--no-charts" in sys.argv:  # while bot.present.charts is being built
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
                "small": "VTWO", "large": "SPY",  # rules without a pair are never evaluated
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
    from bot.present import charts
    from tests.support.reference import SECTORS_LARGE, SECTORS_SMALL

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


class TimedBotAPI(FakeBotAPI):
    """The fake Bot API, noting the moment each message lands in a chat's transcript
    (so a reply's latency is read off the clock, not off a polling interval), and
    answering setWebhook as Telegram does for a loopback URL."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._waiting: dict[int, asyncio.Future] = {}

    def expect_reply(self, chat_id: int) -> asyncio.Future:
        """A future set to perf_counter() when the chat's next message lands."""
        future = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = future
        return future

    def _store(self, chat_id, *args, **kwargs):
        sent = super()._store(chat_id, *args, **kwargs)
        future = self._waiting.pop(chat_id, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())
        return sent

    def _api_setWebhook(self, params, files):  # noqa: N802 (Bot API method name)
        return True


async def reply_ms(api: TimedBotAPI, chat_id: int, send, timeout: float = 10.0
                   ) -> float | None:
    """Milliseconds from calling `send` to the chat's reply landing; None if none came."""
    landed = api.expect_reply(chat_id)
    start = time.perf_counter()
    await send()
    try:
        return (await asyncio.wait_for(landed, timeout) - start) * 1000
    except TimeoutError:
        return None


def flood_refusals(api: FakeBotAPI) -> int:
    return sum(1 for c in api.calls if not c.ok and "Too Many Requests" in (c.error or ""))


async def timed_feed(application, api: FakeBotAPI, chat_id: int, text: str, count: int,
                     before=None, warm: int = 3) -> list[float]:
    """Milliseconds per update fed to the Application (handler and reply included);
    `before` runs untimed ahead of each one (e.g. to drop caches)."""
    samples = []
    for _ in range(warm):
        await feed(application, api.message_update(chat_id, chat_id, text))
    for _ in range(count):
        if before is not None:
            before()
        update = api.message_update(chat_id, chat_id, text)
        start = time.perf_counter()
        await feed(application, update)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


async def measure_busy_group(services, runs: int) -> dict:
    """Private /status and /gap 1y while one group has 30 replies queued behind
    Telegram's 20-a-minute group limit: the bot as deployed (AIORateLimiter, chats served
    side by side) over a fake that answers 429 where Telegram would. A group's flood
    limit must only ever delay that group.

    The group's 30 updates go on the update queue first; private commands start once the
    group has spent its 20 sends (plus 1 s, so Telegram's 30-a-second global window is
    not what is measured), 20 a second from 40 users (each under 1 a second), one at a
    time, each timed from put to its reply landing.
    """
    group, member = -5005, 9001
    users = list(range(7001, 7041))
    api = TimedBotAPI(flood_limits=True)
    api.add_group(group, title="Busy", supergroup=True)
    for user in users:
        api.add_private_chat(user)
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                    rate_limit=True, jobs=False)
    await application.initialize()
    await application.start()
    queue, bot = application.update_queue, application.bot

    async def put(chat_id: int, user_id: int, text: str) -> None:
        await queue.put(Update.de_json(api.message_update(chat_id, user_id, text), bot))

    pace = 0.05  # seconds between private commands: 20 a second
    for user in users:  # first contact with each chat, and warm caches, untimed
        await reply_ms(api, user, lambda u=user: put(u, u, "/gap 1y"))
        await asyncio.sleep(pace)
    await asyncio.sleep(1.1)
    refused_before = flood_refusals(api)
    for _ in range(30):
        await put(group, member, "/status")
    for _ in range(200):
        if len(api.transcript(group)) >= 20:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(1.0)
    out, missing, turn = {}, 0, 0
    for command in ("/status", "/gap 1y"):
        samples = []
        for _ in range(runs):
            user = users[turn % len(users)]
            turn += 1
            began = time.perf_counter()
            # A reply held up by a flood wait still comes: wait for it, so it is counted.
            ms = await reply_ms(api, user, lambda u=user, c=command: put(u, u, c), timeout=90)
            if ms is None:
                missing += 1
            else:
                samples.append(ms)
            await asyncio.sleep(max(0.0, pace - (time.perf_counter() - began)))
        out[command] = {**percentiles(samples), "max_ms": round(max(samples), 1),
                        "over_target": sum(ms > 250 for ms in samples), "target_ms": 250}
    out["group_replies_sent_meanwhile"] = len(api.transcript(group))
    out["private_unanswered"] = missing
    out["flood_429s"] = flood_refusals(api) - refused_before
    # Stop without waiting out the group's backlog: its handlers sit in the rate limiter.
    for task in asyncio.all_tasks():
        if task.get_name().endswith(":process_concurrent_update") and not task.done():
            task.cancel()
    await application.stop()
    await application.shutdown()
    return out


DEBATE_COMMANDS = ["/rates 1y", "/drawdown", "/event liberation-day", "/odds 5y ^RUT ^GSPC",
                   "/mix 20 10y IWM SPY"]


async def text_chat_bot(services, chat: int):
    """The bot over the fake Bot API with one private chat that gets text answers."""
    api = FakeBotAPI()
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                     rate_limit=False, jobs=False)
    await application.initialize()
    api.add_private_chat(chat)
    services.chats.update_chat(chat, datetime.now(UTC), charts=0)
    return application, api


async def measure_debate_commands(services, runs: int) -> dict:
    """/rates /drawdown /event /odds /mix through the bot, text only: warm (answer cache
    hot, what most readers get) and cold (market data and answer cache dropped before
    each run, what the first reader after a refresh waits for)."""
    application, api = await text_chat_bot(services, chat := 503)
    out = {}
    for command in DEBATE_COMMANDS:
        warm = await timed_feed(application, api, chat, command, runs)
        cold = await timed_feed(application, api, chat, command, max(20, runs // 3),
                                before=services.market.invalidate)
        out[command] = {"warm": percentiles(warm), "cold": percentiles(cold),
                        "reply_chars": len(api.last(chat).plain)}
    await application.shutdown()
    return out


async def measure_debate_charts(services, runs: int = 40) -> dict:
    """Cold renders of the five debate charts, each chart function called directly on
    the result its command computes: what a chart reader waits for after a refresh."""
    from bot.answers.answer import Ask
    from bot.answers.dispatch import answer_command
    from bot.present import charts

    ask = Ask(chat_id=504, lang="ko", pair=(services.settings.small, services.settings.large),
              now=datetime.now(UTC))
    out = {}
    for line in DEBATE_COMMANDS:
        command, *args = line.lstrip("/").split()
        chart = (await answer_command(services, ask, command, args)).chart
        draw = getattr(charts, chart.name)
        draw(*chart.args, **dict(chart.kwargs))  # fonts, matplotlib caches
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            draw(*chart.args, **dict(chart.kwargs))
            samples.append((time.perf_counter() - start) * 1000)
        out[chart.name] = {**percentiles(samples), "target_ms": 300}
    return out


ALERT_TICKERS = ["VTWO", "SPY", "IWM", "^RUT", "^GSPC", "XLB", "XLI", "XLK", "XLU"]
SECTOR_IMPORTS = [(f"{t}_adjusted.csv", t) for t in ("XLB", "XLI", "XLK", "XLU")]
# metric -> (windows, half-width of the threshold spread around the pair's value)
PAIR_METRICS = {"gap": (["3m", "6m", "1y"], 6.0), "small_ret": (["3m", "6m", "1y"], 8.0),
                "large_ret": (["3m", "6m", "1y"], 8.0), "ratio_z": (["1y", "5y"], 1.0),
                "small_dd": ([None], 5.0), "large_dd": ([None], 5.0),
                "ratio_dd": ([None], 5.0)}


def measure_alerts_50_pairs(days=((date(2025, 10, 30), date(2025, 10, 31)),)) -> dict:
    """`evaluate_all` over 100,000 rules on 50 distinct pairs (of 9 tickers), metrics
    and windows at random, thresholds spread around each pair's own value: the scheduler's
    whole evaluation once many chats follow pairs of their own. States are settled on the
    previous close (untimed), then the next close is timed once."""
    from analytics.alerts import METRICS, current_metrics
    from analytics.market.csv_files import read_bars_csv
    from analytics.market.data import MarketData
    from bot.answers.alerting import metric_inputs

    storage = load_reference(Storage(), MARKET_DATA)
    for name, ticker in SECTOR_IMPORTS:
        parsed = read_bars_csv(MARKET_DATA / name, close_is_adjusted=True)
        storage.save_prices(ticker, parsed.bars, source=f"CSV import ({name})")
    rng = random.Random(1)
    pairs = sorted(rng.sample(list(itertools.permutations(ALERT_TICKERS, 2)), 50))
    results = {}
    for before, day in days:
        evening = datetime.combine(before, datetime.min.time(), UTC) + timedelta(hours=22)
        market = MarketData(storage, None, tracked=ALERT_TICKERS, funds=[], offline=True,
                            clock=lambda at=evening: at)
        keys = [(m, w) for m, (windows, _) in PAIR_METRICS.items() for w in windows]
        values = {pair: current_metrics(metric_inputs(market, *pair), keys) for pair in pairs}
        rules_db = Storage()
        chats = ChatStore(rules_db.db)
        chats.db["alert_rules"].insert_all(
            _pair_rules(rng, pairs, values, METRICS, before), batch_size=10_000)
        evaluate_all(chats, market, evening)
        market.clock = lambda at=evening + (day - before): at
        start = time.perf_counter()
        reports = evaluate_all(chats, market, market.clock())
        elapsed = (time.perf_counter() - start) * 1000
        results[day.isoformat()] = {
            "ms": round(elapsed, 1), "target_ms": 1000, "pairs": len(reports),
            "rules": sum(r.rules for r in reports), "fired": sum(r.fired for r in reports),
            "skipped": sorted({r.skipped_reason for r in reports if r.skipped_reason})}
        rules_db.close()
    storage.close()
    return results


def _pair_rules(rng: random.Random, pairs, values, specs, created: date) -> list[dict]:
    rows = []
    stamp = datetime.combine(created, datetime.min.time(), UTC).isoformat()
    for i in range(100_000):
        small, large = pairs[i % len(pairs)]
        metric = rng.choice(list(PAIR_METRICS))
        windows, width = PAIR_METRICS[metric]
        window = rng.choice(windows)
        centre = values[(small, large)][(metric, window)].value or 0.0
        rows.append({
            "chat_id": i % 1000, "metric": metric, "window": window,
            "op": rng.choice(["<", ">", "<=", ">=", "crosses"]),
            "threshold": round(centre + rng.uniform(-width, width), 2),
            "hysteresis": specs[metric].hysteresis, "once": 0, "cooldown_s": 0, "armed": 1,
            "side": None, "paused": 0, "created_at": stamp, "created_by": 1,
            "lang": rng.choice(["en", "ko"]), "small": small, "large": large,
        })
    return rows


async def measure_webhook(services, runs: int = 200) -> dict:
    """/status posted to the webhook server on loopback (secret header, real HTTP via
    httpx, tornado, the update queue, the real Application): milliseconds from sending
    the request to its answer (the 200) and to the reply landing in the transcript."""
    import httpx

    from bot.config import WebhookSettings
    from bot.tg.webhook import WebhookListener, service_health

    api = TimedBotAPI()
    user, secret, path = 77, "bench-secret_token", "/telegram"
    api.add_private_chat(user)
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                    rate_limit=False, jobs=False)
    hook = WebhookSettings(url=f"https://bot.example.com{path}", listen="127.0.0.1", port=0,
                           path=path)
    listener = WebhookListener(application, hook, secret, service_health(services))
    await listener.start()
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
    acks, replies, missing = [], [], 0
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{listener.port}",
                                     timeout=10) as client:

            async def post() -> None:
                body = json.dumps(api.message_update(user, user, "/status")).encode()
                start = time.perf_counter()
                response = await client.post(path, content=body, headers=headers)
                acks.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()

            for _ in range(5):  # connection, first contact, caches
                await reply_ms(api, user, post)
            acks.clear()
            for _ in range(runs):
                ms = await reply_ms(api, user, post)
                if ms is None:
                    missing += 1
                else:
                    replies.append(ms)
    finally:
        await listener.stop()
    return {"send_to_reply": percentiles(replies), "send_to_http_200": percentiles(acks),
            "unanswered": missing}


async def measure_question_parser(services, runs: int) -> dict:
    """`read_question` alone over the reader's test table (ENGLISH + KOREAN), and what
    reading a question adds through the bot: the question and the command it reads as,
    fed alternately to the Application, and their paired difference."""
    from analytics.market.data import NEW_YORK
    from bot.questions.reader import read_question
    from tests.support.question_table import ENGLISH, KOREAN, PAIR, TODAY

    table = [question for question, _ in ENGLISH + KOREAN]
    for question in table:  # vocabulary and regex caches
        read_question(question, today=TODAY, default_pair=PAIR)
    parse = []
    for _ in range(10):
        for question in table:
            start = time.perf_counter()
            read_question(question, today=TODAY, default_pair=PAIR)
            parse.append((time.perf_counter() - start) * 1000)

    application, api = await text_chat_bot(services, chat := 504)
    today = services.market.clock().astimezone(NEW_YORK).date()
    pair = (services.settings.small, services.settings.large)
    answerable = {"gap", "valuation", "sectors", "drawdown", "odds", "rates", "event", "mix"}
    cases = []
    for question, _ in ENGLISH + KOREAN:
        reading = read_question(question, today=today, default_pair=pair)
        if (reading is not None and reading.command in answerable
                and all(a in ALERT_TICKERS or not a[:1].isupper() for a in reading.args)):
            cases.append((question, reading.command_line))
    for question, command in cases:  # warm every answer both ways
        await feed(application, api.message_update(chat, chat, question))
        await feed(application, api.message_update(chat, chat, command))
    asked, typed, added = [], [], []
    for i in range(runs):
        question, command = cases[i % len(cases)]
        pair_ms = []
        for text in (question, command):
            update = api.message_update(chat, chat, text)
            start = time.perf_counter()
            await feed(application, update)
            pair_ms.append((time.perf_counter() - start) * 1000)
        asked.append(pair_ms[0])
        typed.append(pair_ms[1])
        added.append(pair_ms[0] - pair_ms[1])
    await application.shutdown()
    return {"read_question": {**percentiles(parse), "questions": len(table)},
            "through_bot": {"question": percentiles(asked), "command": percentiles(typed),
                            "added": {**percentiles(added), "target_p99_ms": 2},
                            "cases": len(cases)}}


def measure_console_ask(db_path: Path, runs: int = 9) -> dict[str, float]:
    """`gapbot ask "/gap 1y"` as a whole process against `python -c "import pandas"`,
    run in turns so both see the same machine; medians in seconds."""
    import subprocess

    env = {**os.environ, "GAPBOT_DB": str(db_path), "GAPBOT_OFFLINE": "1",
           "TELEGRAM_BOT_TOKEN": "", "GAPBOT_LANG": "en"}
    commands = {"ask_gap_1y_s": [sys.executable, "-m", "bot.cli", "ask", "/gap 1y"],
                "import_pandas_s": [sys.executable, "-c", "import pandas"]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    subprocess.run(commands["ask_gap_1y_s"], env=env, capture_output=True, check=True)
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    result = {name: round(statistics.median(t), 3) for name, t in times.items()}
    result["ratio"] = round(result["ask_gap_1y_s"] / result["import_pandas_s"], 2)
    return result


def measure_calls(db_path: Path, count: int = 1000) -> dict:
    """Settling `count` due calls on IWM vs SPY in one scheduler pass (each a transaction
    with its outbox message), and one call's base rate (every 181-day window since 2000)."""
    from analytics.calls import base_rate
    from bot.answers.alerting import metric_inputs
    from bot.answers.settling import settle_due
    from storage.calls import CallStore, NewCall

    settings = load_settings({"GAPBOT_DB": str(db_path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    made, due = datetime(2025, 1, 2, 22, tzinfo=UTC), datetime(2025, 7, 2, 22, tzinfo=UTC)
    calls = CallStore(services.storage.db)
    for i in range(count):
        calls.add(NewCall(chat_id=-100 - i % 50, thread_id=None, maker_id=i, maker_name="m",
                          metric="gap", small="IWM", large="SPY", op=">", threshold=i % 7 - 3,
                          probability=None, start_day=date(2025, 1, 2), start_value=0.0,
                          settle_day=date(2025, 7, 2), cutoff_day=date(2025, 1, 20),
                          horizon="6m", lang="en", base_rate=None, base_windows=None,
                          base_since=None), made)
    services.market.clock = lambda: due
    started = time.perf_counter()
    report = settle_due(calls, services.market, due)
    settle_s = time.perf_counter() - started
    inputs = metric_inputs(services.market, "IWM", "SPY")
    samples = []
    for _ in range(20):
        started = time.perf_counter()
        base_rate(inputs, "gap", ">", 0.0, "181d")
        samples.append((time.perf_counter() - started) * 1000)
    return {"settled": len(report.settled), "settle_all_ms": round(settle_s * 1000, 1),
            "per_call_ms": round(settle_s * 1000 / max(len(report.settled), 1), 2),
            "base_rate_ms": percentiles(samples)}


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
        result = {"console_ask": measure_console_ask(db_path)}
        result["commands"] = await measure_commands(services, args.runs)
        # The bot's own footprint, before the alert benchmark loads 100,000 rules.
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                      1)
        if CHART_COMMANDS:
            result["chart_render_cold"] = measure_chart_rendering(storage)
        result["debate_commands_ms"] = await measure_debate_commands(services, args.runs)
        if CHART_COMMANDS:
            result["debate_charts_cold_ms"] = await measure_debate_charts(services)
        result["busy_group_ms"] = await measure_busy_group(services, args.runs)
        result["webhook_ms"] = await measure_webhook(services)
        result["question_parser_ms"] = await measure_question_parser(services, args.runs)
        result["alerts_eval_ms"] = measure_alert_evaluation(storage)
        result["alerts_eval_50_pairs_ms"] = measure_alerts_50_pairs()
        result["outbox_send_per_s"] = await measure_outbox()
        result["calls"] = measure_calls(db_path)
    result["peak_rss_mb_after_alert_bench"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
