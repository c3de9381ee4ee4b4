"""`gapbot` command line: run, chat, ask, import, refresh.

Every failure a user can cause ends in one line on stderr (English or Korean, see
bot/cli/messages.py) and a documented exit status, never a traceback:

    0 done · 1 refused (bad input, bad file, no data) · 2 settings or set-up
    3 database unusable (damaged, not a database, newer or invalid schema, missing table)
    4 database busy (another process holds the write lock) · 5 database not writable
    130 interrupted (Ctrl-C); an interrupted import has imported nothing
    141 the reader of the output went away (`gapbot ask … | head -1`), quietly

The console's language, strongest first: `--lang`, `GAPBOT_LANG`, the console chat's
stored `/lang`, the terminal's locale (LC_ALL, LC_MESSAGES, LANG), English.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
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

import platformdirs
from dotenv import dotenv_values

from bot.cli.messages import cli_t
from bot.config import Settings, SettingsError, load_settings
from bot.present.i18n import language_for
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
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, what a shell reports for `yes | head -1`'s yes
EXIT_CODES_HELP = (
    "exit status: 0 done, 1 refused, 2 settings, 3 database unusable, 4 database busy, "
    "5 database not writable, 130 interrupted, 141 output closed"
)
# The reference data beside the project, the first thing to import without a network.
REFERENCE_DATA = Path(__file__).resolve().parents[3] / "shared" / "market-data"


def chosen_language(flag: str | None) -> str | None:
    """A language the person chose for the console: `--lang`, else `GAPBOT_LANG` (the
    environment over `.env`, as for every setting). It wins over the console chat's
    stored `/lang`, which wins over the locale."""
    if flag:
        return flag
    setting = os.environ.get("GAPBOT_LANG")
    if setting is None:
        setting = dotenv_values(Path.cwd() / ".env").get("GAPBOT_LANG")
    setting = (setting or "").strip()
    return language_for(setting) if setting else None


def locale_language() -> str:
    """The terminal's language, from the variables POSIX reads in this order."""
    env = os.environ
    return language_for(env.get("LC_ALL") or env.get("LC_MESSAGES") or env.get("LANG"))


def import_example() -> str:
    """The import command to show someone without data: the reference files when they
    lie beside the project, else a pair of files of their own."""
    if REFERENCE_DATA.is_dir():
        return f"gapbot import {os.path.relpath(REFERENCE_DATA)}/*.csv"
    return "gapbot import VTWO.csv SPY.csv"


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
    from bot.tg.run import run_bot  # python-telegram-bot is loaded for the bot only

    run_bot(settings, on_secrets=lambda secrets: install_last_resort_hooks(secrets, lang))
    return EXIT_OK


def _chat(settings: Settings, language: str | None, fallback: str) -> int:
    """The console conversation. The prompt is read on the main thread, between answers,
    so Ctrl-C ends the session at once and readline can edit the line."""
    from bot.answers.services import open_services
    from bot.cli.console import ConsoleSession

    services = open_services(settings)
    # Charts live as long as the session: the folder is removed when the user leaves.
    with tempfile.TemporaryDirectory(prefix="gapbot-charts-") as chart_dir, \
            asyncio.Runner() as runner:
        # Numbered choices: the last answer's buttons, pressed by typing their number.
        session = ConsoleSession(services, Path(chart_dir), language=language,
                                 fallback_language=fallback, choices=True)
        # The session spans many runner.run calls, one per line, so it is entered by hand.
        runner.run(session.__aenter__())
        try:
            runner.run(_first_start(services, session.language))
            print(cli_t(session.language, "chat_banner"))
            return _chat_loop(runner, session)
        finally:
            runner.run(session.__aexit__(None, None, None))


async def _first_start(services, lang: str) -> None:
    """An empty cache: fetch from Yahoo, and say once how to work offline when that
    brings nothing (the per-ticker failures stay out of the terminal)."""
    if services.storage.tickers():
        return
    if services.settings.offline:
        print(cli_t(lang, "cache_empty_offline", example=import_example()))
        return
    print(cli_t(lang, "chat_fetching"))
    report = await services.market.refresh()
    if not report.updated:
        print(cli_t(lang, "yahoo_unreachable", example=import_example()))


def _chat_loop(runner: asyncio.Runner, session) -> int:
    from bot.cli.console import line_editing

    history = platformdirs.user_data_path("gapbot", appauthor=False) / "chat_history"
    with line_editing(history):
        while True:
            try:
                line = input("> ").strip()
            except EOFError:
                print()
                return EXIT_OK
            except KeyboardInterrupt:
                print()
                return EXIT_INTERRUPTED
            if line in ("/quit", "/exit", "quit", "exit"):
                return EXIT_OK
            if not line:
                continue
            for answer in runner.run(session.ask(line)):
                print(answer, end="\n\n")


async def _ask(settings: Settings, text: str, language: str | None, fallback: str,
               chart: Path | None = None) -> int:
    from bot.answers.services import open_services
    from bot.cli.console import ConsoleSession

    services = open_services(settings)
    with tempfile.TemporaryDirectory(prefix="gapbot-charts-") as folder:
        # Text only unless --chart names the file the chart should be kept in.
        async with ConsoleSession(services, Path(folder) if chart else None,
                                  language=language, fallback_language=fallback) as session:
            lang = session.language
            problem = _chart_path_problem(lang, chart) if chart else None
            if problem:  # said before the work, not after it
                print(problem, file=sys.stderr)
                return EXIT_REFUSED
            answers = await session.ask(text)
            stats = dict(session.stats)
            drawn = session.charts
        if not answers:
            print(cli_t(lang, "no_answer", text=repr(text[:40])), file=sys.stderr)
            return EXIT_REFUSED
        if stats["refusals"]:
            # A refusal is one short line; it goes to stderr so scripts can tell it apart.
            print(" ".join(answers[-1].split()), file=sys.stderr)
            return EXIT_REFUSED
        if chart and drawn:
            try:
                shutil.move(drawn[-1], chart)
            except OSError as exc:
                print(cli_t(lang, "chart_not_written", path=chart,
                            reason=exc.strerror or exc), file=sys.stderr)
                return EXIT_REFUSED
            answers = [a.replace(str(drawn[-1]), str(chart)) for a in answers]
    print("\n\n".join(answers))
    if chart and not drawn:
        # The text is still the answer; the status says the file asked for does not exist.
        print(cli_t(lang, "no_chart", text=repr(text[:40]), path=chart),
              file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _chart_path_problem(lang: str, chart: Path) -> str | None:
    """Why the chart cannot be written to `chart`, or None. A missing folder is refused
    rather than created: it is more often a typo than a wish for a new folder."""
    if chart.is_dir():
        return cli_t(lang, "chart_is_folder", path=chart)
    if not chart.parent.is_dir():
        return cli_t(lang, "chart_folder_missing", folder=chart.parent)
    return None


def cmd_import(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    """Check every file, then write them all in one transaction: all or nothing."""
    try:
        return _import_files(settings, args, lang)
    except KeyboardInterrupt:
        print(cli_t(lang, "import_interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED


def _import_files(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    from analytics.market.csv_files import CsvImportError
    from bot.parsing import UsageError
    from storage.db import Storage

    files = _csv_files(args.files, lang)
    if not files:
        print(cli_t(lang, "import_no_csv"), file=sys.stderr)
        return EXIT_REFUSED
    with ImportProgress(lang, len(files)) as progress:
        try:
            checked = _checked_files(files, args, progress)
        except CsvImportError as exc:
            progress.stop()
            print(cli_t(lang, "import_refused", detail=exc), file=sys.stderr)
            return EXIT_REFUSED
        except UsageError as exc:
            progress.stop()
            print(cli_t(lang, "not_a_ticker", value=repr(exc.values.get("arg"))),
                  file=sys.stderr)
            return EXIT_REFUSED
        batches = [(ticker, item.bars, f"CSV import ({item.path.name})")
                   for ticker, item in checked]
        progress.writing()
        storage = Storage(settings.db_path)
        try:
            written = _write_cancellable(storage, batches)
        finally:
            storage.close()
    # Said after the commit: until then nothing is imported.
    for (ticker, item), rows in zip(checked, written, strict=True):
        _say_imported(lang, ticker, item, rows, renamed=not args.ticker)
    return EXIT_OK


def _csv_files(names: Sequence[str], lang: str) -> list[Path]:
    """The files to import; each one passed over (a README, a folder) is said on stderr."""
    from analytics.market.csv_files import skip_reason

    files = []
    for path in map(Path, names):
        reason = skip_reason(path)
        if reason:
            print(cli_t(lang, f"import_skipped_{reason}", name=path.name or path),
                  file=sys.stderr)
        else:
            files.append(path)
    return files


def _checked_files(files: list[Path], args: argparse.Namespace, progress: ImportProgress):
    """(ticker, parsed bars) per file, every file read and checked before any is written."""
    from analytics.market.csv_files import (
        TradingDays,
        check_same_security,
        read_bars_csv,
        ticker_from_path,
    )
    from bot.parsing import parse_ticker

    progress.checking(0, files[0].name)  # the calendar takes a moment to load
    days = TradingDays.at()
    named = [ticker_from_path(f) for f in files]
    tickers = [parse_ticker(args.ticker or stem, "usage_gap") for stem, _ in named]
    parsed = []
    for done, (path, (_, adjusted)) in enumerate(zip(files, named, strict=True)):
        progress.checking(done, path.name)
        parsed.append(read_bars_csv(path, close_is_adjusted=args.adjusted or adjusted,
                                    days=days))
    # Several files of one ticker (raw + adjusted) merge column by column, so they must
    # be one security's history.
    for ticker in dict.fromkeys(tickers):
        check_same_security([p for p, t in zip(parsed, tickers, strict=True) if t == ticker])
    return list(zip(tickers, parsed, strict=True))


def _say_imported(lang: str, ticker: str, item, rows: int, renamed: bool) -> None:
    from analytics.market.csv_files import INDEX_FILE_SYMBOLS

    print(cli_t(lang, "imported", ticker=ticker, rows=rows, first=item.bars.index[0],
                last=item.bars.index[-1], name=item.path.name,
                basis=cli_t(lang, f"basis_{item.basis}")))
    if renamed and item.path.stem.upper() in INDEX_FILE_SYMBOLS:
        print(cli_t(lang, "imported_as_symbol", name=item.path.name, ticker=ticker))


class ImportProgress:
    """A bar on the terminal while an import checks its files, one step per file, then
    writes them; nothing when stdout is a pipe or a file, where it would be noise."""

    def __init__(self, lang: str, files: int):
        self.lang, self.files = lang, files
        self._bar = None  # a rich Progress, on a terminal only
        self._task = None

    def __enter__(self) -> ImportProgress:
        if sys.stdout.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
            )

            self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), transient=True)
            self._task = self._bar.add_task("", total=self.files)
            self._bar.start()
        return self

    def checking(self, done: int, name: str) -> None:
        """`done` files are checked; `name` is being read."""
        if self._bar is not None:
            self._bar.update(self._task, completed=done,
                             description=cli_t(self.lang, "import_checking", name=name))

    def writing(self) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=self.files,
                             description=cli_t(self.lang, "import_writing", files=self.files))

    def stop(self) -> None:
        """Clear the bar before a line is said about the import."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __exit__(self, *exc) -> None:
        self.stop()


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
    from bot.answers.services import open_services

    if settings.offline:
        print(cli_t(lang, "refresh_offline"), file=sys.stderr)
        return EXIT_REFUSED
    services = open_services(settings)
    report = await services.market.refresh()
    if report.skipped_reason:  # rate_limited or backoff (offline was refused above)
        print(cli_t(lang, f"refresh_{report.skipped_reason}"), file=sys.stderr)
        return EXIT_REFUSED
    if report.failed and not report.updated and "unknown" not in report.failed.values():
        # Every ticker failing at once is the network, not the tickers: one sentence.
        print(cli_t(lang, "refresh_unreachable", example=import_example()), file=sys.stderr)
        return EXIT_REFUSED
    for ticker, rows in report.updated.items():
        print(cli_t(lang, "refresh_rows", ticker=ticker, rows=rows))
    for ticker, reason in report.failed.items():
        print(cli_t(lang, "refresh_failed", ticker=ticker, reason=reason), file=sys.stderr)
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
    imp = sub.add_parser("import", help="load daily bars (or, with --valuation / --holdings, "
                         "P/E history or a fund's holdings) from CSV files into the cache")
    imp.add_argument("files", nargs="+")
    imp.add_argument("--ticker", help="ticker for the files (default: each file's stem; "
                     "Shiller's S&P 500 file: ^GSPC)")
    kind = imp.add_mutually_exclusive_group()
    kind.add_argument("--valuation", action="store_true",
                      help="the files are P/E series: a date and a pe column, or Shiller's "
                      "monthly S&P 500 file")
    kind.add_argument("--holdings", action="store_true",
                      help="the file is a fund's holdings or sector weights (a provider's "
                      "download: name, ticker, sector, weight); needs --ticker")
    imp.add_argument("--as-of", help="the date the holdings are as of, when the file does "
                     "not say (YYYY-MM-DD)")
    imp.add_argument("--adjusted", action="store_true",
                     help="the Close column holds dividend-adjusted closes (total return); "
                     "implied for files named *_adjusted.csv")
    sub.add_parser("refresh", help="fetch what is missing from Yahoo Finance now")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    chosen = chosen_language(getattr(args, "lang", None))
    lang = chosen or locale_language()  # until the console chat's stored /lang is read
    # yfinance's own log lines (crumb retries, per-ticker failures) are not for the person
    # at the terminal; its failures reach them as our one-line answers instead.
    logging.getLogger("yfinance").setLevel(logging.ERROR)
    db_path: Path | None = None
    try:
        settings = load_settings()
        db_path = settings.db_path
        return _dispatch(settings, args, chosen, lang)
    except SettingsError as exc:
        print(cli_t(lang, "settings", detail=exc), file=sys.stderr)
        return EXIT_SETUP
    except (StorageError, sqlite3.Error) as exc:
        return _report_storage_failure(exc, db_path, lang)
    except KeyboardInterrupt:
        print(cli_t(lang, "interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _output_closed()
    finally:
        # The process ends here: the interpreter's last collections would walk every
        # object pandas and the rest have made, ~0.1 s of a 0.45 s `gapbot ask`, to free
        # memory the exit frees anyway. Frozen objects are left out of them; exit
        # handlers and file flushes still run.
        gc.freeze()


def _output_closed() -> int:
    """The reader of our output has gone (`gapbot ask … | head -1`): end quietly, as
    Python's documentation advises for SIGPIPE. stdout now points at devnull, so the
    flush at exit cannot fail a second time and print a traceback after all."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_PIPE_CLOSED


def _dispatch(settings: Settings, args: argparse.Namespace, chosen: str | None,
              lang: str) -> int:
    if args.command is None:
        args.command = "run" if settings.token else "chat"
    if args.command != "run":
        # Our per-ticker warnings about Yahoo (raw curl errors) are for the bot's log;
        # at the terminal what went wrong is said once, in a sentence (first start,
        # refresh, /status, the answer).
        logging.getLogger("analytics").setLevel(logging.ERROR)
    if args.command == "run":
        return cmd_run(settings, args, lang)
    if args.command == "chat":
        return _chat(settings, chosen, locale_language())
    if args.command == "ask":
        return asyncio.run(_ask(settings, args.text, chosen, locale_language(), args.chart))
    if args.command == "import" and (args.valuation or args.holdings):
        from bot.cli.imports import cmd_import_holdings, cmd_import_valuation

        command = cmd_import_valuation if args.valuation else cmd_import_holdings
        return command(settings.db_path, args, lang)
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
