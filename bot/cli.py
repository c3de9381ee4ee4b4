"""`gapbot` command line: run, chat, ask, import, refresh.

Every failure a user can cause ends in one line on stderr (English or Korean, see
bot/cli_text.py) and a documented exit status, never a traceback:

    0 done · 1 refused (bad input, bad file, no data) · 2 settings or set-up
    3 database unusable (damaged, not a database, newer or invalid schema, missing table)
    4 database busy (another process holds the write lock) · 5 database not writable
    130 interrupted (Ctrl-C); an interrupted import has imported nothing
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from bot.cli_text import cli_t
from bot.config import Settings, SettingsError, load_settings
from bot.i18n import language_for
from storage.db import (
    DatabaseBusy,
    DatabaseReadOnly,
    StorageError,
    WriteCancelled,
    storage_error_from,
)

EXIT_OK, EXIT_REFUSED, EXIT_SETUP = 0, 1, 2
EXIT_DB_UNUSABLE, EXIT_DB_BUSY, EXIT_DB_READ_ONLY = 3, 4, 5
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_CODES_HELP = (
    "exit status: 0 done, 1 refused, 2 settings, 3 database unusable, 4 database busy, "
    "5 database not writable, 130 interrupted"
)


def _console_language(explicit: str | None) -> str:
    return explicit or language_for(os.environ.get("GAPBOT_LANG") or os.environ.get("LANG"))


def redactor(secrets: Sequence[str | None]) -> Callable[[str], str]:
    """A function that blanks every secret out of a text (the idea of RedactingFormatter)."""
    present = [s for s in secrets if s]
    if not present:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(s) for s in present))
    return lambda text: pattern.sub("[REDACTED]", text)


def install_last_resort_hooks(secrets: Sequence[str | None], lang: str) -> None:
    """Uncaught exceptions, in any thread, end in one redacted line instead of a
    traceback: errors from httpx and python-telegram-bot quote URLs, and a URL carries
    the token, while Python's own hook bypasses the redacting log formatter."""
    redact = redactor(secrets)

    def report(exc_type: type[BaseException], exc: BaseException | None) -> None:
        detail = redact(" ".join(f"{exc_type.__name__}: {exc}".split()))[:300]
        print(cli_t(lang, "unexpected", detail=detail), file=sys.stderr)

    def on_uncaught(exc_type: type[BaseException], exc: BaseException,
                    _tb: TracebackType | None) -> None:
        report(exc_type, exc)

    def on_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
        report(args.exc_type, args.exc_value)

    sys.excepthook = on_uncaught
    threading.excepthook = on_uncaught_in_thread


def cmd_run(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    if not settings.token:
        print(cli_t(lang, "no_token"), file=sys.stderr)
        return EXIT_SETUP
    if getattr(args, "webhook", False) and settings.webhook is None:
        print(cli_t(lang, "settings", detail="--webhook needs GAPBOT_WEBHOOK_URL, the public "
                    "https URL Telegram posts to (see docs/deploy.md)"), file=sys.stderr)
        return EXIT_SETUP
    install_last_resort_hooks([settings.token], lang)
    from telegram import Update

    from bot.app import build_application, configure_logging, open_services

    configure_logging(settings.log_level, [settings.token])
    services = open_services(settings)
    application = build_application(services, token=settings.token)
    if settings.webhook is not None:
        from bot.webhook import run_webhook, secret_token, service_health

        secret = secret_token(services.storage, settings.webhook.secret)
        # PTB logs setWebhook's parameters at DEBUG, the secret among them.
        install_last_resort_hooks([settings.token, secret], lang)
        configure_logging(settings.log_level, [settings.token, secret])
        logging.getLogger(__name__).info("gapbot starting (db %s, offline=%s, webhook)",
                                         settings.db_path, settings.offline)
        run_webhook(application, settings.webhook, secret, service_health(services))
        return EXIT_OK
    logging.getLogger(__name__).info("gapbot starting (db %s, offline=%s)", settings.db_path,
                                     settings.offline)
    # bootstrap_retries=-1: an unreachable Telegram at start is retried with back-off
    # (as polling itself is) instead of ending the bot on its first NetworkError.
    application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    return EXIT_OK


async def _chat(settings: Settings, language: str) -> int:
    from bot.app import open_services

    services = open_services(settings)
    if not services.storage.tickers() and not settings.offline:
        print(cli_t(language, "chat_fetching"))
        await services.market.refresh()
    print(cli_t(language, "chat_banner"))
    # Charts live as long as the session: the folder is removed when the user leaves.
    with tempfile.TemporaryDirectory(prefix="gapbot-charts-") as chart_dir:
        return await _chat_loop(services, language, Path(chart_dir))


async def _chat_loop(services, language: str, chart_dir: Path) -> int:
    from bot.console import ConsoleSession

    async with ConsoleSession(services, language, chart_dir) as session:
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


async def _ask(settings: Settings, text: str, language: str, chart: Path | None = None
               ) -> int:
    from bot.app import open_services
    from bot.console import ConsoleSession

    services = open_services(settings)
    with tempfile.TemporaryDirectory(prefix="gapbot-charts-") as folder:
        # Text only unless --chart names the file the chart should be kept in.
        async with ConsoleSession(services, language,
                                  Path(folder) if chart else None) as session:
            answers = await session.ask(text)
            stats = dict(session.stats)
            drawn = session.request.charts
        if chart and drawn:
            shutil.move(drawn[-1], chart)
            answers = [a.replace(str(drawn[-1]), str(chart)) for a in answers]
    if not answers:
        print(cli_t(language, "no_answer", text=repr(text[:40])), file=sys.stderr)
        return EXIT_REFUSED
    if stats["refusals"]:
        # A refusal is one short line; it goes to stderr so scripts can tell it apart.
        print(" ".join(answers[-1].split()), file=sys.stderr)
        return EXIT_REFUSED
    print("\n\n".join(answers))
    return EXIT_OK


def cmd_import(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    """Check every file, then write them all in one transaction: all or nothing."""
    try:
        return _import_files(settings, args, lang)
    except KeyboardInterrupt:
        print(cli_t(lang, "import_interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED


def _import_files(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    from bot.parsing import UsageError, parse_ticker
    from storage.csv_import import (
        INDEX_FILE_SYMBOLS,
        CsvImportError,
        TradingDays,
        check_same_security,
        read_bars_csv,
        ticker_from_path,
    )
    from storage.db import Storage

    files = [Path(f) for f in args.files]
    try:
        days = TradingDays.at()
        named = [ticker_from_path(f) for f in files]
        tickers = [parse_ticker(args.ticker or stem, "usage_gap") for stem, _ in named]
        parsed = [
            read_bars_csv(f, close_is_adjusted=args.adjusted or adjusted, days=days)
            for f, (_, adjusted) in zip(files, named, strict=True)
        ]
        # Several files of one ticker (raw + adjusted) merge column by column, so they
        # must be one security's history.
        for ticker in dict.fromkeys(tickers):
            check_same_security([p for p, t in zip(parsed, tickers, strict=True) if t == ticker])
    except CsvImportError as exc:
        print(cli_t(lang, "import_refused", detail=exc), file=sys.stderr)
        return EXIT_REFUSED
    except UsageError as exc:
        print(cli_t(lang, "not_a_ticker", value=repr(exc.values.get("arg"))), file=sys.stderr)
        return EXIT_REFUSED
    batches = [(ticker, item.bars, f"CSV import ({item.path.name})")
               for item, ticker in zip(parsed, tickers, strict=True)]
    storage = Storage(settings.db_path)
    try:
        written = _write_cancellable(storage, batches)
    finally:
        storage.close()
    for (ticker, bars, _), rows, item in zip(batches, written, parsed, strict=True):
        print(cli_t(lang, "imported", ticker=ticker, rows=rows, first=bars.index[0],
                    last=bars.index[-1], path=item.path))
        if not args.ticker and item.path.stem.upper() in INDEX_FILE_SYMBOLS:
            print(cli_t(lang, "imported_as_symbol", name=item.path.name, ticker=ticker))
    return EXIT_OK


def _write_cancellable(storage, batches) -> list[int]:
    """Write the batches; Ctrl-C while writing cancels before the commit, never during
    it, so "nothing imported" is always true when it is said."""
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        return storage.import_prices(batches, cancelled=cancel.is_set)
    except WriteCancelled:
        raise KeyboardInterrupt from None
    finally:
        signal.signal(signal.SIGINT, previous)


async def _refresh(settings: Settings, lang: str) -> int:
    from bot.app import open_services

    if settings.offline:
        print(cli_t(lang, "refresh_offline"), file=sys.stderr)
        return EXIT_REFUSED
    services = open_services(settings)
    report = await services.market.refresh()
    for ticker, rows in report.updated.items():
        print(cli_t(lang, "refresh_rows", ticker=ticker, rows=rows))
    for ticker, reason in report.failed.items():
        print(cli_t(lang, "refresh_failed", ticker=ticker, reason=reason), file=sys.stderr)
    if report.skipped_reason:
        print(cli_t(lang, "refresh_skipped", reason=report.skipped_reason), file=sys.stderr)
        return EXIT_REFUSED
    if not report.updated and not report.failed:
        print(cli_t(lang, "refresh_current"))
    return EXIT_REFUSED if report.failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gapbot",
        description="Small caps vs the S&P 500 on Telegram. Without a command: run the bot "
        "if TELEGRAM_BOT_TOKEN is set, else the console.",
        epilog=EXIT_CODES_HELP,
    )
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="start the Telegram bot (long polling, or a webhook "
                         "when GAPBOT_WEBHOOK_URL is set)")
    run.add_argument("--webhook", action="store_true",
                     help="receive updates by webhook; needs GAPBOT_WEBHOOK_URL "
                     "(see docs/deploy.md)")
    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--lang", choices=["en", "ko"])
    ask = sub.add_parser("ask", help='answer one command and exit, e.g. gapbot ask "/gap 1y"')
    ask.add_argument("text")
    ask.add_argument("--lang", choices=["en", "ko"])
    ask.add_argument("--chart", type=Path, metavar="FILE",
                     help="also save the answer's chart as a PNG here (default: text only)")
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
    lang = _console_language(getattr(args, "lang", None))
    # yfinance's own log lines (crumb retries, per-ticker failures) are not for the person
    # at the terminal; its failures reach them as our one-line answers instead.
    logging.getLogger("yfinance").setLevel(logging.ERROR)
    db_path: Path | None = None
    try:
        settings = load_settings()
        db_path = settings.db_path
        return _dispatch(settings, args, lang)
    except SettingsError as exc:
        print(cli_t(lang, "settings", detail=exc), file=sys.stderr)
        return EXIT_SETUP
    except (StorageError, sqlite3.Error) as exc:
        return _report_storage_failure(exc, db_path, lang)
    except KeyboardInterrupt:
        print(cli_t(lang, "interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED


def _dispatch(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    if args.command is None:
        args.command = "run" if settings.token else "chat"
        args.lang = None
    if args.command == "run":
        return cmd_run(settings, args, lang)
    if args.command == "chat":
        return asyncio.run(_chat(settings, lang))
    if args.command == "ask":
        return asyncio.run(_ask(settings, args.text, lang, args.chart))
    if args.command == "import":
        return cmd_import(settings, args, lang)
    if args.command == "refresh":
        return asyncio.run(_refresh(settings, lang))
    return EXIT_SETUP


def _report_storage_failure(exc: StorageError | sqlite3.Error, db_path: Path | None,
                            lang: str) -> int:
    """One line and the exit status for a database that cannot be used as it is."""
    if isinstance(exc, sqlite3.Error):  # raised outside Storage's own checks
        exc = storage_error_from(exc)
    detail = " ".join(str(exc).split())[:200]
    if isinstance(exc, DatabaseBusy):
        print(cli_t(lang, "db_busy", path=db_path), file=sys.stderr)
        return EXIT_DB_BUSY
    if isinstance(exc, DatabaseReadOnly):
        print(cli_t(lang, "db_read_only", path=db_path, detail=detail), file=sys.stderr)
        return EXIT_DB_READ_ONLY
    print(cli_t(lang, "db_unusable", path=db_path, detail=detail), file=sys.stderr)
    return EXIT_DB_UNUSABLE


if __name__ == "__main__":
    sys.exit(main())
