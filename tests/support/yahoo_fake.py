"""A fake Yahoo Finance behind a requests transport adapter, so yfinance's real request
and parsing code runs in tests without a network.

It answers the cookie (fc.yahoo.com), crumb (/v1/test/getcrumb), chart
(/v8/finance/chart/), quoteSummary (/v10/finance/quoteSummary/) and quote
(/v7/finance/quote) endpoints with recorded-shape JSON built from real bars, and
fails the test on any other URL, so no test can reach the network by accident.
"""

from __future__ import annotations

import os

# yfinance picks its HTTP backend at import: plain requests lets us mount an adapter.
os.environ.setdefault("YF_DISABLE_CURL_CFFI", "1")

import json  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from urllib.parse import parse_qs, urlparse  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import pandas as pd  # noqa: E402
import requests  # noqa: E402
from requests.adapters import BaseAdapter  # noqa: E402

NEW_YORK = ZoneInfo("America/New_York")
YAHOO_HOSTS = {"fc.yahoo.com", "query1.finance.yahoo.com", "query2.finance.yahoo.com",
               "guce.yahoo.com", "consent.yahoo.com", "finance.yahoo.com"}


@dataclass
class _Fund:
    sector_weights: dict[str, float]
    top_holdings: list[tuple[str, str, float]]
    trailing_pe: float | None
    quote_type: str
    long_name: str
    forward_pe: float | None = None


@dataclass
class _Failure:
    ticker: str | None
    status: int  # 404, 429, 500; 0 = Yahoo's "no data" chart body
    times: int | None


@dataclass
class FakeYahoo:
    bars: dict[str, pd.DataFrame] = field(default_factory=dict)
    funds: dict[str, _Fund] = field(default_factory=dict)
    failures: list[_Failure] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    unreachable: bool = False

    # -- set-up ------------------------------------------------------------------------------

    def add_history(self, ticker: str, bars: pd.DataFrame) -> None:
        """Bars indexed by date with `close` and optionally adj_close, open, high, low,
        volume, dividends."""
        frame = bars.copy()
        frame.index = pd.to_datetime(frame.index)
        self.bars[ticker.upper()] = frame.sort_index()

    def add_fund(self, ticker: str, *, sector_weights: dict[str, float],
                 top_holdings: list[tuple[str, str, float]], trailing_pe: float | None,
                 quote_type: str = "ETF", long_name: str | None = None,
                 forward_pe: float | None = None) -> None:
        self.funds[ticker.upper()] = _Fund(sector_weights, top_holdings, trailing_pe, quote_type,
                                           long_name or f"{ticker} ETF", forward_pe)

    def fail(self, ticker: str | None, status: int, times: int | None = None) -> None:
        self.failures.append(_Failure(ticker.upper() if ticker else None, status, times))

    def fail_empty(self, ticker: str) -> None:
        self.fail(ticker, 0)

    def clear_failures(self) -> None:
        self.failures.clear()
        self.unreachable = False

    def fail_network(self) -> None:
        """Every request fails as if DNS or the connection did (no answer at all)."""
        self.unreachable = True

    def session(self) -> requests.Session:
        session = requests.Session()
        adapter = _Adapter(self)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def chart_requests(self, ticker: str) -> list[dict[str, list[str]]]:
        """Query strings of the history requests made for `ticker` (not tz probes)."""
        out = []
        for url in self.requests:
            parsed = urlparse(url)
            query = parse_qs(parsed.query)
            if parsed.path.endswith(f"/v8/finance/chart/{ticker}") and "range" not in query:
                out.append(query)
        return out

    # -- answering -----------------------------------------------------------------------------

    def _failure_for(self, ticker: str | None) -> _Failure | None:
        for failure in self.failures:
            if failure.ticker is None or failure.ticker == ticker:
                if failure.times is not None:
                    failure.times -= 1
                    if failure.times <= 0:
                        self.failures.remove(failure)
                return failure
        return None

    def answer(self, url: str) -> tuple[int, str, dict]:
        parsed = urlparse(url)
        if parsed.hostname not in YAHOO_HOSTS:
            raise AssertionError(f"unexpected network call: {url}")
        self.requests.append(url)
        path, query = parsed.path, parse_qs(parsed.query)
        if parsed.hostname == "fc.yahoo.com":
            return 404, "", {"Set-Cookie": "A3=fake-cookie; Domain=.yahoo.com; Path=/"}
        if path.endswith("/v1/test/getcrumb"):
            return 200, "fake-crumb", {}
        if parsed.hostname == "guce.yahoo.com" and path == "/consent":
            # yfinance's second cookie strategy (after any HTTP error) reads this form.
            return 200, ('<html><form><input name="csrfToken" value="fake-csrf"/>'
                         '<input name="sessionId" value="fake-session"/></form></html>'), {
                "Content-Type": "text/html"}
        if path in ("/v2/collectConsent", "/copyConsent"):
            return 200, "", {"Content-Type": "text/html"}
        if "/v8/finance/chart/" in path:
            ticker = path.rsplit("/", 1)[-1].upper()
            return self._chart(ticker, query)
        if "/v10/finance/quoteSummary/" in path:
            ticker = path.rsplit("/", 1)[-1].upper()
            return self._quote_summary(ticker, query)
        if "/ws/fundamentals-timeseries/" in path:
            ticker = path.rsplit("/", 1)[-1].upper()
            kinds = (query.get("type") or [""])[0].split(",")
            body = {"timeseries": {"result": [{"meta": {"symbol": [ticker], "type": [kind]}}
                                              for kind in kinds], "error": None}}
            return 200, json.dumps(body), {}
        if path.endswith("/v7/finance/quote"):
            ticker = (query.get("symbols") or [""])[0].upper()
            return self._quote(ticker)
        raise AssertionError(f"unexpected Yahoo endpoint: {url}")

    def _error_status(self, ticker: str, kind: str):
        failure = self._failure_for(ticker)
        if failure is None:
            return None
        if failure.status == 429:
            return 429, "Too Many Requests", {}
        if failure.status >= 500:
            return failure.status, "Internal Server Error", {}
        body = {kind: {"result": None, "error": {
            "code": "Not Found",
            "description": ("No data found, symbol may be delisted" if kind == "chart"
                            else f"Quote not found for symbol: {ticker}")}}}
        return 404, json.dumps(body), {}

    def _chart(self, ticker: str, query) -> tuple[int, str, dict]:
        failed = self._error_status(ticker, "chart")
        if failed:
            return failed
        bars = self.bars.get(ticker)
        if bars is None:
            body = {"chart": {"result": None, "error": {
                "code": "Not Found", "description": "No data found, symbol may be delisted"}}}
            return 404, json.dumps(body), {}
        if "range" in query:  # timezone probe: the last day
            window = bars.iloc[-1:]
        else:
            start = int(query.get("period1", ["0"])[0])
            end = int(query.get("period2", [str(2**40)])[0])
            stamps = _open_times(bars.index)
            window = bars[(stamps >= start) & (stamps < end)]
        return 200, json.dumps(_chart_body(ticker, window, bars)), {}

    def _quote_summary(self, ticker: str, query) -> tuple[int, str, dict]:
        failed = self._error_status(ticker, "quoteSummary")
        if failed:
            return failed
        fund = self.funds.get(ticker)
        if fund is None:
            body = {"quoteSummary": {"result": None, "error": {
                "code": "Not Found", "description": f"Quote not found for symbol: {ticker}"}}}
            return 404, json.dumps(body), {}
        modules = (query.get("modules") or [""])[0].split(",")
        result: dict = {}
        for module in modules:
            if module == "quoteType":
                result[module] = {"exchange": "PCX", "quoteType": fund.quote_type,
                                  "symbol": ticker, "longName": fund.long_name,
                                  "shortName": fund.long_name}
            elif module == "summaryProfile":
                result[module] = {"longBusinessSummary": f"{fund.long_name} tracks an index."}
            elif module == "topHoldings":
                result[module] = {
                    "maxAge": 1, "stockPosition": 0.99, "cashPosition": 0.01,
                    "holdings": [{"symbol": s, "holdingName": n, "holdingPercent": w}
                                 for s, n, w in fund.top_holdings],
                    "equityHoldings": {"priceToEarnings": fund.trailing_pe},
                    "bondHoldings": {}, "bondRatings": [],
                    "sectorWeightings": [{k: v} for k, v in fund.sector_weights.items()],
                }
            elif module == "fundProfile":
                result[module] = {"family": "Vanguard", "categoryName": "Small Blend",
                                  "legalType": "Exchange Traded Fund",
                                  "feesExpensesInvestment": {"annualReportExpenseRatio": 0.0007}}
            elif module == "summaryDetail":
                detail = {"maxAge": 1, "currency": "USD"}
                if fund.trailing_pe is not None:
                    detail["trailingPE"] = fund.trailing_pe
                if fund.forward_pe is not None:
                    detail["forwardPE"] = fund.forward_pe
                result[module] = detail
            elif module == "defaultKeyStatistics":
                result[module] = {"maxAge": 1, "fundFamily": "Vanguard"}
        return 200, json.dumps({"quoteSummary": {"result": [result], "error": None}}), {}

    def _quote(self, ticker: str) -> tuple[int, str, dict]:
        failed = self._error_status(ticker, "quoteResponse")
        if failed:
            return failed
        fund = self.funds.get(ticker)
        result = [{"symbol": ticker, "quoteType": fund.quote_type, "longName": fund.long_name}
                  ] if fund else []
        return 200, json.dumps({"quoteResponse": {"result": result, "error": None}}), {}


def _open_times(index: pd.DatetimeIndex) -> pd.Series:
    """Yahoo stamps a daily bar at that day's 09:30 New York open, in epoch seconds."""
    stamps = [int(datetime(d.year, d.month, d.day, 9, 30, tzinfo=NEW_YORK).timestamp())
              for d in index]
    return pd.Series(stamps, index=index)


def _values(frame: pd.DataFrame, column: str, fallback: str | None = None) -> list:
    if column not in frame.columns:
        column = fallback
    if column is None or column not in frame.columns:
        return [None] * len(frame)
    return [None if pd.isna(v) else float(v) for v in frame[column]]


def _chart_body(ticker: str, window: pd.DataFrame, bars: pd.DataFrame) -> dict:
    stamps = _open_times(window.index).tolist()
    last = bars.iloc[-1]
    meta = {
        "currency": "USD", "symbol": ticker, "exchangeName": "PCX", "fullExchangeName": "NYSEArca",
        "instrumentType": "ETF", "firstTradeDate": int(_open_times(bars.index[:1]).iloc[0]),
        "regularMarketTime": int(_open_times(bars.index[-1:]).iloc[0]) + 6 * 3600 + 1800,
        "hasPrePostMarketData": True, "gmtoffset": -18000, "timezone": "EST",
        "exchangeTimezoneName": "America/New_York", "regularMarketPrice": float(last["close"]),
        "chartPreviousClose": float(bars["close"].iloc[-2] if len(bars) > 1 else last["close"]),
        "priceHint": 2, "dataGranularity": "1d", "range": "",
        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
        "currentTradingPeriod": {
            "pre": {"timezone": "EST", "gmtoffset": -18000, "start": 0, "end": 0},
            "regular": {"timezone": "EST", "gmtoffset": -18000, "start": 0, "end": 0},
            "post": {"timezone": "EST", "gmtoffset": -18000, "start": 0, "end": 0},
        },
    }
    result: dict = {"meta": meta, "timestamp": stamps, "indicators": {
        "quote": [{
            "open": _values(window, "open", "close"), "high": _values(window, "high", "close"),
            "low": _values(window, "low", "close"), "close": _values(window, "close"),
            "volume": [int(v) if v is not None else 0 for v in _values(window, "volume")],
        }],
        "adjclose": [{"adjclose": _values(window, "adj_close", "close")}],
    }}
    if "dividends" in window.columns:
        dividends = {
            str(stamp): {"amount": float(amount), "date": stamp}
            for stamp, amount in zip(stamps, window["dividends"], strict=True)
            if amount and not pd.isna(amount)
        }
        if dividends:
            result["events"] = {"dividends": dividends}
    if not stamps:
        result.pop("timestamp")
        result["indicators"] = {"quote": [{}], "adjclose": [{}]}
    return {"chart": {"result": [result], "error": None}}


class _Adapter(BaseAdapter):
    def __init__(self, yahoo: FakeYahoo):
        super().__init__()
        self.yahoo = yahoo

    def send(self, request, **kwargs):
        if self.yahoo.unreachable and urlparse(request.url).hostname in YAHOO_HOSTS:
            raise requests.exceptions.ConnectionError(
                f"Failed to resolve '{urlparse(request.url).hostname}'")
        status, text, headers = self.yahoo.answer(request.url)
        response = requests.Response()
        response.status_code = status
        response._content = text.encode()
        response.headers.update({"Content-Type": "application/json"})
        response.headers.update(headers)
        response.url = request.url
        response.request = request
        response.reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}.get(status,
                                                                                    "Error")
        if "Set-Cookie" in headers:
            from requests.cookies import create_cookie

            response.cookies.set_cookie(create_cookie("A3", "fake-cookie", domain=".yahoo.com"))
        return response

    def close(self) -> None:
        return None


def utc_now() -> datetime:
    return datetime.now(UTC)
