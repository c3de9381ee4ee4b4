"""Market data service: the cache first, Yahoo only for what is missing.

Handlers read prices and snapshots from here; one refresh serves every chat. Yahoo
calls run in a worker thread (yfinance blocks) while every database write happens on
the caller's thread, so SQLite sees a single writer.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pandas as pd

from analytics.market.calendar import CloseSchedule, latest_session_close
from analytics.performance import AnalyticsError
from analytics.tracking import tracked_index
from analytics.valuation import PePoint, PeSeries, ValuationSpread, valuation_spread
from storage.db import FundSnapshot, Storage, ValuationRow

if TYPE_CHECKING:
    from analytics.market.yahoo import YahooClient, YahooRateLimited

log = logging.getLogger(__name__)

NEW_YORK = ZoneInfo("America/New_York")
YAHOO_SOURCE = "Yahoo Finance"
# How each measure of YahooClient.price_earnings was read, kept with every row.
YAHOO_PE_METHODS = {"trailing_pe": "Yahoo trailingPE (daily snapshot)",
                    "forward_pe": "Yahoo forwardPE (daily snapshot)"}
BACKOFF_KEY = "yahoo_backoff_until"
BACKOFF_STEP_KEY = "yahoo_backoff_step"
LAST_REFRESH_KEY = "last_refresh_at"
CLOSE_SCHEDULE_KEY = "nyse_close_schedule"  # analytics.market.calendar.CloseSchedule
BASE_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
ON_DEMAND_TIMEOUT_S = 20.0
MAX_CONCURRENT_FETCHES = 2
# What /status and stale answers say went wrong with Yahoo (stored per ticker).
ERROR_RATE_LIMITED = "rate_limited"
ERROR_UNAVAILABLE = "unavailable"
ERROR_UNKNOWN_TICKER = "unknown_ticker"
ERROR_NO_NEW_DATA = "no_new_data"


@dataclass(frozen=True)
class Freshness:
    """Honest provenance for an answer built from cached data."""

    last_close: date | None  # newest daily bar used
    fetched_at: datetime | None  # when that data came from its source
    expected_close: date  # the newest bar that could exist now
    sources: tuple[str, ...]
    last_error: str | None = None  # an ERROR_* code
    today: date | None = None  # New York's date when the answer was built

    @property
    def age_days(self) -> int | None:
        """Calendar days from the newest bar used to today."""
        if self.last_close is None or self.today is None:
            return None
        return (self.today - self.last_close).days

    @property
    def stale(self) -> bool:
        return self.last_close is None or self.last_close < self.expected_close


@dataclass
class RefreshReport:
    updated: dict[str, int] = field(default_factory=dict)  # ticker -> rows written
    failed: dict[str, str] = field(default_factory=dict)  # ticker -> reason
    skipped_reason: str | None = None  # e.g. offline, backing off


class MarketData:
    """Prices and fund data for the bot, cached in SQLite and in memory."""

    def __init__(
        self,
        storage: Storage,
        yahoo: YahooClient | None,
        *,
        tracked: Sequence[str],
        funds: Sequence[str],
        offline: bool = False,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.storage = storage
        self.yahoo = yahoo
        self.tracked = list(dict.fromkeys(tracked))
        self.funds = list(dict.fromkeys(funds))
        self.offline = offline or yahoo is None
        self.clock = clock
        self._frames: dict[str, pd.DataFrame] = {}
        # ticker -> (generation read at, its P/E series): alert evaluation asks per pair
        self._pe_series: dict[str, tuple[int, list[PeSeries]]] = {}
        self._data_version: int | None = None
        self._generation = 0
        self._gate: asyncio.Semaphore | None = None
        self._expected: tuple[datetime, date] | None = None
        self._schedule: CloseSchedule | None = None

    # -- reading ------------------------------------------------------------------------------

    def _invalidate_if_changed(self) -> None:
        # The in-memory frames never outlive the file's contents.
        version = self.storage.data_version()
        if version != self._data_version:
            self._frames.clear()
            self._generation += 1
            self._data_version = version

    def invalidate(self, tickers: Sequence[str] | None = None) -> None:
        self._generation += 1
        if tickers is None:
            self._frames.clear()
        for ticker in tickers or ():
            self._frames.pop(ticker, None)

    def expected_close(self) -> date:
        """The newest close that can exist now, recomputed at most once a minute."""
        minute = self.clock().replace(second=0, microsecond=0)
        if self._expected is None or self._expected[0] != minute:
            self._expected = (minute, self._latest_close(minute + timedelta(seconds=59)))
        return self._expected[1]

    def _latest_close(self, moment: datetime) -> date:
        """The latest NYSE close at `moment`, from the close schedule saved beside the data:
        a process that answers one question then ends (`gapbot ask`) need not load the
        calendar. A moment outside the schedule builds and saves the next one."""
        for known in (lambda: self._schedule, self._saved_schedule):
            schedule = known()
            day = schedule.latest(moment) if schedule else None
            if day is not None:
                self._schedule = schedule
                return day
        self._schedule = CloseSchedule.around(moment)
        self._save_schedule(self._schedule)
        return self._schedule.latest(moment) or latest_session_close(moment)

    def _saved_schedule(self) -> CloseSchedule | None:
        return CloseSchedule.from_json(self.storage.get_state(CLOSE_SCHEDULE_KEY))

    def _save_schedule(self, schedule: CloseSchedule) -> None:
        try:
            self.storage.set_state(CLOSE_SCHEDULE_KEY, schedule.to_json())
        except sqlite3.Error:  # a locked file: rebuilt next time, nothing lost
            log.info("close schedule not saved", exc_info=True)

    def generation(self) -> tuple[int, date]:
        """Changes whenever answers built on the cached data may differ: new prices or
        snapshots (here or from another process) or a newer close becoming possible."""
        self._invalidate_if_changed()
        return self._generation, self.expected_close()

    def cached_prices(self, tickers: Sequence[str]) -> dict[str, pd.DataFrame]:
        self._invalidate_if_changed()
        missing = [t for t in tickers if t not in self._frames]
        if missing:
            self._frames.update(self.storage.load_prices(missing))
        return {t: self._frames[t] for t in tickers if t in self._frames}

    def is_cached(self, ticker: str) -> bool:
        return bool(self.cached_prices([ticker]))

    def _fetch_gate(self) -> asyncio.Semaphore:
        # At most a few on-demand Yahoo fetches at once, whoever asks: the rest wait
        # their turn (and usually find the ticker cached by then).
        if self._gate is None:
            self._gate = asyncio.Semaphore(MAX_CONCURRENT_FETCHES)
        return self._gate

    async def prices(self, tickers: Sequence[str]) -> dict[str, pd.DataFrame]:
        """Daily closes per ticker; a ticker never seen before is fetched once from Yahoo.

        Raises AnalyticsError("unknown_ticker" | "no_data" | "yahoo_unavailable").
        """
        frames = self.cached_prices(tickers)
        if len(frames) < len(tickers) and not self.offline:
            async with self._fetch_gate():
                return await self._fetch_missing(tickers)
        return await self._fetch_missing(tickers)

    async def _fetch_missing(self, tickers: Sequence[str]) -> dict[str, pd.DataFrame]:
        frames = self.cached_prices(tickers)
        missing = [t for t in tickers if t not in frames]
        if missing:
            if self.offline:
                raise AnalyticsError("no_data", ticker=missing[0], offline=True)
            if self._backing_off():
                raise AnalyticsError("yahoo_unavailable", ticker=missing[0])
            try:
                report = await asyncio.wait_for(
                    self.refresh(missing, full=True, with_funds=False), ON_DEMAND_TIMEOUT_S
                )
            except TimeoutError:
                raise AnalyticsError("yahoo_unavailable", ticker=missing[0]) from None
            for ticker in missing:
                reason = report.failed.get(ticker) or report.skipped_reason
                if reason == "unknown":
                    raise AnalyticsError("unknown_ticker", ticker=ticker)
                if reason:
                    raise AnalyticsError("yahoo_unavailable", ticker=ticker)
            frames = self.cached_prices(tickers)
            if len(frames) < len(tickers):
                ticker = next(t for t in tickers if t not in frames)
                raise AnalyticsError("unknown_ticker", ticker=ticker)
        return frames

    def freshness(self, tickers: Sequence[str], last_close: date | None) -> Freshness:
        statuses = self.storage.ticker_status(tickers)
        errors = [s.last_error for s in statuses if s.last_error and (
            s.last_refresh_at is None or (s.last_error_at and s.last_error_at > s.last_refresh_at)
        )]
        return Freshness(
            last_close=last_close,
            fetched_at=self.storage.latest_fetch_at(tickers),
            expected_close=self.expected_close(),
            sources=tuple(self.storage.price_sources(tickers)),
            last_error=errors[0] if errors else None,
            today=self.clock().astimezone(NEW_YORK).date(),
        )

    async def fund(self, ticker: str) -> FundSnapshot:
        """The latest fund snapshot; a fund never seen before is fetched once from Yahoo."""
        snapshot = self.storage.latest_fund_snapshot(ticker)
        if snapshot is not None:
            return snapshot
        if self.offline:
            raise AnalyticsError("no_funds", ticker=ticker)
        if self._backing_off():
            raise AnalyticsError("yahoo_unavailable", ticker=ticker)
        from analytics.market.yahoo import YahooRateLimited

        report = RefreshReport()
        try:
            await asyncio.wait_for(
                self._refresh_fund(ticker, report, self.clock()), ON_DEMAND_TIMEOUT_S
            )
        except YahooRateLimited as exc:
            self._start_backoff(exc.retry_after)
            raise AnalyticsError("yahoo_unavailable", ticker=ticker) from None
        except TimeoutError:
            raise AnalyticsError("yahoo_unavailable", ticker=ticker) from None
        if report.failed.get(ticker) == "unknown":
            raise AnalyticsError("unknown_ticker", ticker=ticker)
        snapshot = self.storage.latest_fund_snapshot(ticker)
        if snapshot is None:
            raise AnalyticsError("no_funds", ticker=ticker)
        return snapshot

    def pe_series(self, ticker: str) -> list[PeSeries]:
        """The ticker's trailing P/E, one series per source, then the index it tracks
        (SPY: the S&P 500's), which may stand in for a fund with no figures of its own."""
        self._invalidate_if_changed()
        cached = self._pe_series.get(ticker)
        if cached is not None and cached[0] == self._generation:
            return cached[1]
        series = []
        for whose in dict.fromkeys([ticker, tracked_index(ticker) or ticker]):
            by_source: dict[str, list[PePoint]] = {}
            for row in self.storage.valuation_history(whose):
                by_source.setdefault(row.source, []).append(PePoint(row.day, row.value))
            series.extend(PeSeries(whose, source, tuple(points))
                          for source, points in by_source.items())
        self._pe_series[ticker] = (self._generation, series)
        return series

    def valuation(self, small: str, large: str) -> ValuationSpread:
        """Both sides' P/E today and in the history held (AnalyticsError without any)."""
        return valuation_spread(small, self.pe_series(small), large, self.pe_series(large))

    # -- refreshing -------------------------------------------------------------------------------

    def _backing_off(self) -> bool:
        until = self.storage.get_state(BACKOFF_KEY)
        return bool(until) and datetime.fromisoformat(until) > self.clock()

    def _start_backoff(self, retry_after: float | None) -> None:
        step = int(self.storage.get_state(BACKOFF_STEP_KEY) or 0)
        delay = min(BASE_BACKOFF * (2**step), MAX_BACKOFF)
        if retry_after:
            delay = max(delay, timedelta(seconds=retry_after))
        self.storage.set_state(BACKOFF_KEY, (self.clock() + delay).isoformat())
        self.storage.set_state(BACKOFF_STEP_KEY, str(step + 1))
        log.warning("Yahoo rate limit: backing off for %s", delay)

    def _clear_backoff(self) -> None:
        self.storage.set_state(BACKOFF_KEY, None)
        self.storage.set_state(BACKOFF_STEP_KEY, None)

    def _history_starts(self, tickers: Sequence[str], full: bool) -> dict[str, date | None]:
        starts: dict[str, date | None] = {}
        expected = self._latest_close(self.clock())
        for ticker in tickers:
            last = None if full else self.storage.last_price_date(ticker)
            if last is None:
                starts[ticker] = None
            elif last < expected:
                starts[ticker] = last + timedelta(days=1)
        return starts

    async def refresh(
        self,
        tickers: Sequence[str] | None = None,
        *,
        full: bool = False,
        with_funds: bool = True,
    ) -> RefreshReport:
        """Fetch what the cache lacks: one batched history call for every ticker behind
        the latest close (from its last cached day on), then fund and P/E snapshots."""
        from analytics.market.yahoo import YahooRateLimited

        report = RefreshReport(skipped_reason=self._refresh_blocked())
        if report.skipped_reason:
            return report
        tickers = list(tickers or self.tracked)
        now = self.clock()
        starts = self._history_starts(tickers, full)
        try:
            if starts:
                await self._refresh_history(starts, report, now)
            self._record_up_to_date(tickers, starts, report, now)
            if with_funds:
                await self._refresh_stale_funds(tickers, report, now)
        except YahooRateLimited as exc:
            self._back_off_after_rate_limit(exc, tickers, report, now)
            return report
        self._clear_backoff()
        self.storage.set_state(LAST_REFRESH_KEY, now.isoformat())
        return report

    def _refresh_blocked(self) -> str | None:
        """Why no refresh may reach Yahoo now: "offline", "backoff" (a 429 deadline not
        yet passed), or None."""
        if self.offline:
            return "offline"
        if self._backing_off():
            return "backoff"
        return None

    async def _refresh_history(self, starts: dict[str, date | None], report: RefreshReport,
                               now: datetime) -> None:
        """The bars each ticker lacks, in one batched call; a ticker whose new bars bring
        a dividend or split is then fetched again in full."""
        batch = await asyncio.to_thread(self.yahoo.history, starts)
        self._save_history(batch, starts, report, now)
        rebase = [t for t, s in starts.items() if s and _has_corporate_action(
            batch.frames.get(t))]
        if rebase:
            # A new dividend or split re-bases every earlier adjusted close, so
            # the stored history is replaced, or total returns across it drift.
            full_batch = await asyncio.to_thread(self.yahoo.history, dict.fromkeys(rebase))
            self._save_history(full_batch, dict.fromkeys(rebase), report, now)

    def _record_up_to_date(self, tickers: Sequence[str], starts: dict[str, date | None],
                           report: RefreshReport, now: datetime) -> None:
        # A ticker that already holds the latest close was not asked for, yet it is as
        # fresh as a fetched one; recording so also retires an older error in freshness().
        for ticker in tickers:
            if ticker not in starts and ticker not in report.failed:
                self.storage.record_refresh(ticker, now)

    async def _refresh_stale_funds(self, tickers: Sequence[str], report: RefreshReport,
                                  now: datetime) -> None:
        """Fund and P/E snapshots for the funds among `tickers` not fetched yet today."""
        for ticker in [t for t in self.funds if t in tickers]:
            if not self._fund_fresh(ticker, now):
                await self._refresh_fund(ticker, report, now)

    def _back_off_after_rate_limit(self, exc: YahooRateLimited, tickers: Sequence[str],
                                   report: RefreshReport, now: datetime) -> None:
        # One 429 stops the whole refresh: every ticker asked for is marked, so stale
        # answers say why, and nobody asks Yahoo again until the back-off ends.
        self._start_backoff(exc.retry_after)
        for ticker in tickers:
            self.storage.record_error(ticker, ERROR_RATE_LIMITED, now)
        report.skipped_reason = "rate_limited"

    def _save_history(self, batch, starts, report: RefreshReport, now: datetime) -> None:
        from analytics.market.yahoo import UnknownTicker

        for ticker in starts:
            error = batch.errors.get(ticker)
            frame = batch.frames.get(ticker)
            if error is not None or frame is None or frame.empty:
                # "unknown" is only a verdict on a ticker we hold nothing for; a cached
                # ticker with no new bar yet is a data delay, not a bad symbol.
                unknown = isinstance(error, UnknownTicker) and starts[ticker] is None
                report.failed[ticker] = "unknown" if unknown else (_short(error) or "no data")
                self._record_error(ticker, error, now)
                continue
            if starts[ticker] is None:
                written = self.storage.replace_prices(ticker, frame, YAHOO_SOURCE)
            else:
                written = self.storage.save_prices(ticker, frame, YAHOO_SOURCE)
            report.updated[ticker] = report.updated.get(ticker, 0) + written
            self.storage.record_refresh(ticker, now)
            self.invalidate([ticker])

    def _record_error(self, ticker: str, error: Exception | None, now: datetime) -> None:
        if error is not None:
            log.warning("Yahoo: %s: %s", ticker, _short(error))
        self.storage.record_error(ticker, error_code(error), now)

    def _fund_fresh(self, ticker: str, now: datetime) -> bool:
        """Fund data is a daily snapshot: one fetch per New York day is enough."""
        today = now.astimezone(NEW_YORK).date()
        fund = self.storage.latest_fund_snapshot(ticker)
        snapshots = [r for r in self.storage.valuation_history(ticker) if r.source == YAHOO_SOURCE]
        return bool(fund and fund.as_of == today and snapshots and snapshots[-1].day == today)

    async def _refresh_fund(self, ticker: str, report: RefreshReport, now: datetime) -> None:
        from analytics.market.yahoo import UnknownTicker, YahooError, YahooRateLimited

        as_of = now.astimezone(NEW_YORK).date()
        try:
            profile = await asyncio.to_thread(self.yahoo.fund_profile, ticker)
            if profile.sector_weights or profile.top_holdings:
                self.storage.save_fund_snapshot(
                    FundSnapshot(
                        ticker=ticker,
                        as_of=as_of,
                        fetched_at=now,
                        sector_weights=profile.sector_weights,
                        top_holdings=[(h.symbol, h.name, h.weight) for h in profile.top_holdings],
                        source=YAHOO_SOURCE,
                    )
                )
            measures = await asyncio.to_thread(self.yahoo.price_earnings, ticker)
            self.storage.save_valuations([
                ValuationRow(ticker, as_of, measure, value, YAHOO_SOURCE,
                             YAHOO_PE_METHODS[measure], now)
                for measure, value in measures.items()])
            self.invalidate([])  # answers built on the previous snapshot are stale now
        except YahooRateLimited:
            raise
        except YahooError as exc:
            report.failed.setdefault(ticker, "unknown" if isinstance(exc, UnknownTicker)
                                     else _short(exc))
            self._record_error(ticker, exc, now)


def error_code(error: Exception | None) -> str:
    """What went wrong, as one of the ERROR_* codes readers see a sentence for; the
    details (URLs, curl messages) go to the log, not to a group chat."""
    from analytics.market.yahoo import UnknownTicker, YahooRateLimited

    if error is None:
        return ERROR_NO_NEW_DATA
    if isinstance(error, YahooRateLimited):
        return ERROR_RATE_LIMITED
    if isinstance(error, UnknownTicker):
        return ERROR_UNKNOWN_TICKER
    return ERROR_UNAVAILABLE


def _has_corporate_action(frame: pd.DataFrame | None) -> bool:
    if frame is None or frame.empty:
        return False
    actions = [c for c in ("dividends", "splits") if c in frame.columns]
    return bool(actions) and bool((frame[actions].fillna(0) != 0).to_numpy().any())


def _short(error: Exception | None) -> str:
    return (str(error) or type(error).__name__)[:200] if error else ""

