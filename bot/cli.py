"""`gapbot` command line: run, chat, ask, import, refresh.

Every failure a user can cause ends in one line on stderr and a non-zero status,
never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from bot.config import Settings, SettingsError, load_settings
from bot.i18n import language_for
from storage.db import StorageError

EXIT_OK, EXIT_REFUSED, EXIT_SETUP = 0, 1, 2
NO_TOKEN = (
    "No TELEGRAM_BOT_TOKEN is set. Create a bot with @BotFather in Telegram "
    "(https://t.me/BotFather), put its token in .env as TELEGRAM_BOT_TOKEN=..., "
    "or try the bot right here with `gapbot chat`."
)


def _console_language(explicit: str | None) -> str:
    return explicit or language_for(os.environ.get("GAPBOT_LANG") or os.environ.get("LANG"))


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_SETUP
    from telegram import Update

    from bot.app import build_application, configure_logging, open_services

    configure_logging(settings.log_level, [settings.token])
    services = open_services(settings)
    application = build_application(services, token=settings.token)
    logging.getLogger(__name__).info("gapbot starting (db %s, offline=%s)", settings.db_path,
                                     settings.offline)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return EXIT_OK


async def _chat(settings: Settings, language: str) -> int:
    from bot.app import open_services
    from bot.console import ConsoleSession

    services = open_services(settings)
    if not services.storage.tickers() and not settings.offline:
        print("Cache is empty: fetching from Yahoo Finance…")
        await services.market.refresh()
    print("gapbot console: type a command such as /gap 1y, /help for more, /quit to leave.")
    async with ConsoleSession(services, language) as session:
        loop = asyncio.get_running_loop()
        while True:
            try:
                line = await loop.run_in_executor(None, input, "> ")
            except (EOFError, KeyboardInterrupt):
                print()
                return EXIT_OK
            line = line.strip()
            if line in ("/quit", "/exit", "quit", "exit"):
                return EXIT_OK
            if not line:
                continue
            for answer in await session.ask(line):
                print(answer, end="\n\n")


async def _ask(settings: Settings, text: str, language: str) -> int:
    from bot.app import open_services
    from bot.console import ConsoleSession

    services = open_services(settings)
    async with ConsoleSession(services, language) as session:
        answers = await session.ask(text)
        stats = dict(session.stats)
    if not answers:
        print(f"no answer: {text[:40]!r} is not a command gapbot knows (try /help)",
              file=sys.stderr)
        return EXIT_REFUSED
    if stats["refusals"]:
        # A refusal is one short line; it goes to stderr so scripts can tell it apart.
        print(" ".join(answers[-1].split()), file=sys.stderr)
        return EXIT_REFUSED
    print("\n\n".join(answers))
    return EXIT_OK


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.parsing import UsageError, parse_ticker
    from storage.csv_import import CsvImportError, read_bars_csv, ticker_from_path
    from storage.db import Storage

    # Several files of one ticker (raw + adjusted) merge column by column.
    files = [Path(f) for f in args.files]
    try:
        # Parse every file before writing anything: one bad file imports nothing.
        named = [ticker_from_path(f) for f in files]
        parsed = [
            read_bars_csv(f, close_is_adjusted=args.adjusted or adjusted)
            for f, (_, adjusted) in zip(files, named, strict=True)
        ]
        tickers = [parse_ticker(args.ticker or stem, "usage_gap") for stem, _ in named]
    except CsvImportError as exc:
        print(f"import refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except UsageError as exc:
        print(f"import refused: not a ticker symbol: {exc.values.get('arg')!r}", file=sys.stderr)
        return EXIT_REFUSED
    storage = Storage(settings.db_path)
    for item, ticker in zip(parsed, tickers, strict=True):
        written = storage.save_prices(ticker, item.bars, source=f"CSV import ({item.path.name})")
        first, last = item.bars.index[0], item.bars.index[-1]
        print(f"{ticker}: {written} days {first} → {last} from {item.path}")
    storage.close()
    return EXIT_OK


async def _refresh(settings: Settings) -> int:
    from bot.app import open_services

    if settings.offline:
        print("refresh refused: GAPBOT_OFFLINE=1 forbids calling Yahoo", file=sys.stderr)
        return EXIT_REFUSED
    services = open_services(settings)
    report = await services.market.refresh()
    for ticker, rows in report.updated.items():
        print(f"{ticker}: {rows} new rows")
    for ticker, reason in report.failed.items():
        print(f"{ticker}: failed ({reason})", file=sys.stderr)
    if report.skipped_reason:
        print(f"refresh skipped: {report.skipped_reason}", file=sys.stderr)
        return EXIT_REFUSED
    if not report.updated and not report.failed:
        print("cache already holds the latest close")
    return EXIT_REFUSED if report.failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gapbot",
        description="Small caps vs the S&P 500 on Telegram. Without a command: run the bot "
        "if TELEGRAM_BOT_TOKEN is set, else the console.",
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the Telegram bot (long polling)")
    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--lang", choices=["en", "ko"])
    ask = sub.add_parser("ask", help='answer one command and exit, e.g. gapbot ask "/gap 1y"')
    ask.add_argument("text")
    ask.add_argument("--lang", choices=["en", "ko"])
    imp = sub.add_parser("import", help="load daily bars from CSV files into the cache")
    imp.add_argument("files", nargs="+")
    imp.add_argument("--ticker", help="ticker for the files (default: each file's stem)")
    imp.add_argument("--adjusted", action="store_true",
                     help="the Close column holds dividend-adjusted closes (total return); "
                     "implied for files named *_adjusted.csv")
    sub.add_parser("refresh", help="fetch what is missing from Yahoo Finance now")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # yfinance's own log lines (crumb retries, per-ticker failures) are not for the person
    # at the terminal; its failures reach them as our one-line answers instead.
    logging.getLogger("yfinance").setLevel(logging.ERROR)
    try:
        settings = load_settings()
        if args.command is None:
            args.command = "run" if settings.token else "chat"
            args.lang = None
        if args.command == "run":
            return cmd_run(settings, args)
        if args.command == "chat":
            return asyncio.run(_chat(settings, _console_language(args.lang)))
        if args.command == "ask":
            return asyncio.run(_ask(settings, args.text, _console_language(args.lang)))
        if args.command == "import":
            return cmd_import(settings, args)
        if args.command == "refresh":
            return asyncio.run(_refresh(settings))
    except (SettingsError, StorageError) as exc:
        print(f"gapbot: {exc}", file=sys.stderr)
        return EXIT_SETUP
    except KeyboardInterrupt:
        return EXIT_OK
    return EXIT_SETUP


if __name__ == "__main__":
    sys.exit(main())
