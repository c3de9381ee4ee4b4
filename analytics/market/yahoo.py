"""The one module that talks to yfinance.

Everything yfinance raises or logs is turned into three typed errors with short,
human reasons (no URLs, no tracebacks): the caller backs off on YahooRateLimited,
reports UnknownTicker to the user, and answers from the cache on YahooUnavailable.
"""

from __future__ import annotations

import ast
import logging
import math
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import yfinance as yf

# yfinance turns DeprecationWarnings from its own modules back on at import; those are
# pandas deprecations inside yfinance's code, nothing our users or logs can act on.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"^yfinance")

log = logging.getLogger(__name__)

SECTOR_NAMES = {
    "realestate": "Real Estate",
    "consumer_cyclical": "Consumer Cyclical",
    "basic_materials": "Basic Materials",
    "consumer_defensive": "Consumer Defensive",
    "technology": "Technology",
    "communication_services": "Communication Services",
    "financial_services": "Financial Services",
    "utilities": "Utilities",
    "industrials": "Industrials",
    "energy": "Energy",
    "healthcare": "Healthcare",
}
_COLUMNS = {"Open": "open", "High": "high", "Low": "low", "Close": "close",
            "Adj Close": "adj_close", "Volume": "volume", "Dividends": "dividends",
            "Stock Splits": "splits"}
_FAILED_LINE = re.compile(r"^(\[.*?\]): (.*)$", re.S)
_RATE_LIMIT = re.compile(r"rate.?limit|too many requests|\b429\b", re.I)
# A missing symbol shows as a failed timezone probe or a 404 body; "no price data found"
# alone is also what a 5xx or an empty range looks like, so it is not a verdict.
_UNKNOWN = re.compile(r"no timezone found|quote not found|symbol may be delisted|\b404\b|"
                      r"not found for symbol|invalid symbol", re.I)
MAX_PE = 1000.0
# Yahoo's quote fields for the measures the valuation history keeps.
PE_FIELDS = {"trailing_pe": "trailingPE", "forward_pe": "forwardPE"}
_yfinance_lock = threading.Lock()  # yfinance keeps process-wide state (session, caches)


class YahooError(Exception):
    """Base: carries the ticker and a short human reason."""

    def __init__(self, reason: str, ticker: str | None = None):
        super().__init__(reason)
        self.ticker = ticker


class YahooRateLimited(YahooError):
    def __init__(self, reason: str = "rate limited by Yahoo (429)", ticker: str | None = None,
                 retry_after: float | None = None):
        super().__init__(reason, ticker)
        self.retry_after = retry_after


class UnknownTicker(YahooError):
    """Yahoo has no such symbol (404, 'possibly delisted', no data at all)."""


class YahooUnavailable(YahooError):
    """5xx, timeouts, connection errors, empty or garbled answers."""


@dataclass(frozen=True)
class Holding:
    symbol: str
    name: str
    weight: float  # fraction 0..1


@dataclass(frozen=True)
class FundProfile:
    ticker: str
    sector_weights: dict[str, float]
    top_holdings: list[Holding]


@dataclass
class HistoryBatch:
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    errors: dict[str, YahooError] = field(default_factory=dict)


def classify(message: str, ticker: str | None) -> YahooError:
    """A yfinance error text to our typed error, keeping only a short reason."""
    short = re.sub(r"https?://\S+", "", message).strip()[:160]
    if _RATE_LIMIT.search(message):
        return YahooRateLimited(ticker=ticker)
    if _UNKNOWN.search(message):
        return UnknownTicker(f"unknown ticker ({short})", ticker)
    return YahooUnavailable(short or "Yahoo Finance did not answer", ticker)


_NETWORK_TROUBLE = re.compile(
    r"DNSError|ConnectionError|ConnectTimeout|ReadTimeout|timed out|Timeout|resolve host|"
    r"Failed to resolve|Connection refused|curl: \(\d+\)|SSLError|ProxyError", re.I)


class _FailureLog(logging.Handler):
    """yf.download reports per-ticker failures only in its log: collect them, and notice
    transport trouble, after which "no timezone found" means "no answer", not "no such
    symbol"."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.failures: dict[str, str] = {}
        self.network_trouble = False

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if _NETWORK_TROUBLE.search(message):
            self.network_trouble = True
        match = _FAILED_LINE.match(message)
        if not match:
            return
        try:
            symbols = ast.literal_eval(match.group(1))
        except (ValueError, SyntaxError):
            return
        for symbol in symbols:
            self.failures[str(symbol).upper()] = match.group(2)


@contextmanager
def _capturing_failures() -> Iterator[_FailureLog]:
    logger = logging.getLogger("yfinance")
    handler = _FailureLog()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # expected failures are ours to report, not stderr noise
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


class YahooClient:
    """History, fund profiles and trailing P/E from Yahoo Finance via yfinance."""

    def __init__(self, cache_dir: Path, session=None, timeout: float = 10.0):
        cache_dir = Path(cache_dir)
        cache_dir.mkdir(parents=True, exist_ok=True)
        # yfinance's timezone, cookie and ISIN caches go beside our database, not into ~.
        yf.cache.set_cache_location(str(cache_dir))
        self.session = session
        self.timeout = timeout

    def _ticker(self, symbol: str) -> yf.Ticker:
        return yf.Ticker(symbol, session=self.session) if self.session else yf.Ticker(symbol)

    def history(self, starts: dict[str, date | None], end: date | None = None) -> HistoryBatch:
        """Daily bars per ticker from its start (None: full history), both closes.

        One yf.download call per distinct start, normally one per refresh. A 429
        anywhere raises YahooRateLimited for the whole call, so the caller backs off.
        """
        batch = HistoryBatch()
        groups: dict[date | None, list[str]] = {}
        for ticker, start in starts.items():
            groups.setdefault(start, []).append(ticker)
        for start, tickers in groups.items():
            self._download(tickers, start, end, batch)
        return batch

    def _download(self, tickers: list[str], start: date | None, end: date | None,
                  batch: HistoryBatch) -> None:
        """One yf.download call for tickers sharing a start: each ticker's bars, or why
        there are none, into `batch`. A 429 for any of them raises YahooRateLimited."""
        kwargs = self._download_options(start, end)
        try:
            with _yfinance_lock, _capturing_failures() as failures:
                data = yf.download(list(tickers), **kwargs)
        except Exception as exc:  # yfinance raises plain exceptions for transport faults
            _fail_every_ticker(exc, tickers, batch)
            return
        for ticker in tickers:
            frame = _frame_for(data, ticker)
            if frame is not None and not frame.empty:
                # Bars win over anything yfinance logged about the ticker.
                batch.frames[ticker] = frame
                continue
            error = _why_no_bars(ticker, failures.failures.get(ticker.upper()),
                                 failures.network_trouble, start)
            if isinstance(error, YahooRateLimited):
                raise error  # the caller backs off for the whole refresh
            batch.errors[ticker] = error

    def _download_options(self, start: date | None, end: date | None) -> dict:
        """yf.download's keywords: unadjusted and adjusted closes with dividends and
        splits, grouped per ticker, with our timeout and session; no start is the full
        history."""
        kwargs = dict(auto_adjust=False, actions=True, threads=False, progress=False,
                      group_by="ticker", multi_level_index=True, timeout=self.timeout)
        if self.session is not None:
            kwargs["session"] = self.session
        if start is None:
            kwargs["period"] = "max"
        else:
            kwargs["start"] = start.isoformat()
            if end is not None:
                kwargs["end"] = (end + timedelta(days=1)).isoformat()  # yfinance's end is exclusive
        return kwargs

    def fund_profile(self, ticker: str) -> FundProfile:
        try:
            with _yfinance_lock:
                funds = self._ticker(ticker).funds_data
                sectors = dict(funds.sector_weightings or {})
                holdings = funds.top_holdings
        except Exception as exc:
            raise classify(repr(exc), ticker) from None
        weights = {SECTOR_NAMES.get(k, k.replace("_", " ").title()): float(v)
                   for k, v in sectors.items() if v is not None and math.isfinite(float(v))}
        top: list[Holding] = []
        if holdings is not None and not holdings.empty:
            for symbol, row in holdings.iterrows():
                weight = row.get("Holding Percent")
                if weight is None or not math.isfinite(float(weight)):
                    continue
                top.append(Holding(str(symbol), str(row.get("Name") or ""), float(weight)))
        if not weights and not top:
            raise UnknownTicker("no fund data", ticker)
        return FundProfile(ticker, weights, top)

    def price_earnings(self, ticker: str) -> dict[str, float]:
        """The P/E measures Yahoo publishes for a ticker (trailing, and forward where it has
        one), keyed by the valuation history's measure names; an absent or implausible
        figure is left out rather than stored."""
        try:
            with _yfinance_lock:
                info = self._ticker(ticker).info or {}
        except Exception as exc:
            raise classify(repr(exc), ticker) from None
        found = {}
        for measure, quote_field in PE_FIELDS.items():
            try:
                value = float(info.get(quote_field))
            except (TypeError, ValueError):
                continue
            if math.isfinite(value) and 0 < value <= MAX_PE:
                found[measure] = value
        return found


def _fail_every_ticker(exc: Exception, tickers: list[str], batch: HistoryBatch) -> None:
    """yf.download itself raised: no ticker of the call got an answer. A rate limit
    raises for the whole call instead, without the original exception chained (its
    text may hold URLs)."""
    error = classify(repr(exc), None)
    if isinstance(error, YahooRateLimited):
        raise error from None
    for ticker in tickers:
        batch.errors[ticker] = classify(repr(exc), ticker)


def _why_no_bars(ticker: str, message: str | None, network_trouble: bool,
                 start: date | None) -> YahooError:
    """The error for a ticker that came back without bars, from what yfinance logged
    about it (`message`), if anything."""
    if message is None:
        # Nothing logged: an empty full history means no such symbol, while an empty
        # incremental range is only a bar not published yet.
        return (UnknownTicker("no data", ticker) if start is None
                else YahooUnavailable("no new bars", ticker))
    error = classify(message, ticker)
    if isinstance(error, UnknownTicker) and network_trouble:
        # Without a connection yfinance's timezone probe fails as for a missing symbol.
        error = YahooUnavailable("Yahoo Finance could not be reached", ticker)
    return error


def _frame_for(data: pd.DataFrame | None, ticker: str) -> pd.DataFrame | None:
    """One ticker's bars from yf.download's frame: our column names, calendar-date index,
    rows without a close dropped."""
    if data is None or data.empty:
        return None
    if isinstance(data.columns, pd.MultiIndex):
        level = data.columns.get_level_values(0)
        key = ticker if ticker in level else ticker.upper()
        if key not in level:
            return None
        frame = data[key]
    else:
        frame = data
    frame = frame.rename(columns=_COLUMNS)[[c for c in _COLUMNS.values() if c in
                                            frame.rename(columns=_COLUMNS).columns]]
    frame = frame[frame["close"].notna()] if "close" in frame else frame.iloc[0:0]
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        index = index.tz_localize(None)
    frame = frame.copy()
    frame.index = [d.date() for d in index]
    return frame.astype("float64")
