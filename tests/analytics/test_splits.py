"""Behaviours of relative_performance, MarketData.refresh and YahooClient._download that
no other test reaches (the headline basis's fallback, a 429 after the prices were saved,
yf.download raising or answering empty), pinned on small synthetic data so splitting
these functions up cannot change them unnoticed."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

import tests.support.yahoo_fake  # noqa: F401  (sets YF_DISABLE_CURL_CFFI before yfinance loads)
from analytics.market import yahoo as yahoo_module
from analytics.market.data import (
    BACKOFF_KEY,
    BACKOFF_STEP_KEY,
    LAST_REFRESH_KEY,
    MarketData,
)
from analytics.market.yahoo import (
    FundProfile,
    HistoryBatch,
    UnknownTicker,
    YahooClient,
    YahooRateLimited,
    YahooUnavailable,
)
from analytics.performance import AnalyticsError, relative_performance
from analytics.windows import Window
from storage.db import Storage

# -- relative_performance: which basis heads the table -------------------------------------------

DAYS = pd.bdate_range("2024-01-01", "2024-12-31")


def closes(step: float, adjusted_until: str | None = "2024-12-31",
           raw: bool = True) -> pd.DataFrame:
    """Closes rising by `step` a day; adjusted closes stop after `adjusted_until`."""
    close = pd.Series([100.0 + step * i for i in range(len(DAYS))], index=DAYS)
    frame = pd.DataFrame({"adj_close": close * 0.9}, index=DAYS)
    if raw:
        frame["close"] = close
    if adjusted_until is not None:
        frame.loc[frame.index > pd.Timestamp(adjusted_until), "adj_close"] = float("nan")
    else:
        frame["adj_close"] = float("nan")
    return frame


def test_the_headline_falls_back_to_price_when_total_return_cannot_cover_the_window():
    # Adjusted closes stop in March, the window starts in June: the raw closes answer.
    small, large = closes(1.0, "2024-03-29"), closes(0.5, "2024-03-29")
    result = relative_performance("AAA", small, "BBB", large, Window(start=date(2024, 6, 3)))
    assert result.basis == "price"
    assert (result.start_date, result.end_date) == (date(2024, 6, 3), date(2024, 12, 31))
    assert result.trading_days == len(DAYS[(DAYS >= "2024-06-03")]) - 1
    assert result.small.total is None and result.large.total is None
    assert result.other is None  # the total return has no two closes in the window either
    start = DAYS.get_loc(pd.Timestamp("2024-06-03"))
    assert result.small.price.start_value == 100.0 + start
    assert result.small.price.end_value == 100.0 + len(DAYS) - 1
    assert not result.truncated


def test_with_one_usable_basis_its_own_refusal_stands():
    small, large = closes(1.0, "2024-03-29", raw=False), closes(0.5, "2024-03-29", raw=False)
    with pytest.raises(AnalyticsError) as refused:
        relative_performance("AAA", small, "BBB", large, Window(start=date(2024, 6, 3)))
    assert refused.value.code == "start_after_data"


def test_series_without_a_common_day_do_not_overlap():
    small = closes(1.0).iloc[:100]
    large = closes(0.5).iloc[150:]
    with pytest.raises(AnalyticsError) as refused:
        relative_performance("AAA", small, "BBB", large, Window("1m"))
    assert refused.value.code == "no_overlap"
    assert refused.value.details == {"small": "AAA", "large": "BBB"}


def test_max_is_never_truncated_but_a_longer_look_back_is():
    small, large = closes(1.0), closes(0.5)
    assert not relative_performance("AAA", small, "BBB", large, Window("max")).truncated
    assert relative_performance("AAA", small, "BBB", large, Window("5y")).truncated


def test_no_adjusted_closes_at_all_heads_the_table_on_price_with_no_other_span():
    small, large = closes(1.0, None), closes(0.5, None)
    result = relative_performance("AAA", small, "BBB", large, Window("3m"))
    assert result.basis == "price" and result.other is None


# -- MarketData.refresh --------------------------------------------------------------------------

AFTER_CLOSE = datetime(2025, 10, 31, 22, 0, tzinfo=UTC)  # Friday, after the 16:00 ET close
WEEK = [date(2025, 10, d) for d in (27, 28, 29, 30, 31)]


def bars(days: list[date], dividend_on: date | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"close": [50.0 + i for i in range(len(days))],
                          "adj_close": [49.0 + i for i in range(len(days))],
                          "dividends": [0.0] * len(days), "splits": [0.0] * len(days)},
                         index=days)
    if dividend_on is not None:
        frame.loc[dividend_on, "dividends"] = 0.3
    return frame


class StubYahoo:
    """Answers history calls from a script (a batch or an exception per call)."""

    def __init__(self, *answers, fund_error: Exception | None = None):
        self.answers = list(answers)
        self.calls: list[dict] = []
        self.fund_error = fund_error
        self.fund_calls: list[str] = []

    def history(self, starts, end=None):
        self.calls.append(dict(starts))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def fund_profile(self, ticker):
        self.fund_calls.append(ticker)
        if self.fund_error is not None:
            raise self.fund_error
        return FundProfile(ticker, {"Technology": 0.2}, [])

    def price_earnings(self, ticker):
        return {"trailing_pe": 15.0}


@pytest.fixture
def storage(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    # SPY holds the latest close already; VTWO stops a week short.
    storage.save_prices("SPY", bars([date(2025, 10, 24), *WEEK]), "test")
    storage.save_prices("VTWO", bars([date(2025, 10, 23), date(2025, 10, 24)]), "test")
    yield storage
    storage.close()


def market(storage, stub, funds=()) -> MarketData:
    return MarketData(storage, stub, tracked=["VTWO", "SPY"], funds=list(funds),
                      clock=lambda: AFTER_CLOSE)


def status(storage, ticker):
    (found,) = storage.ticker_status([ticker])
    return found


def test_only_tickers_behind_are_fetched_and_the_rest_are_recorded_as_refreshed(storage):
    stub = StubYahoo(HistoryBatch(frames={"VTWO": bars(WEEK)}))
    report = asyncio.run(market(storage, stub).refresh(with_funds=False))
    assert stub.calls == [{"VTWO": date(2025, 10, 25)}]
    assert report.updated == {"VTWO": 5} and report.failed == {}
    assert report.skipped_reason is None
    assert status(storage, "SPY").last_refresh_at == AFTER_CLOSE
    assert status(storage, "VTWO").last_refresh_at == AFTER_CLOSE
    assert storage.get_state(LAST_REFRESH_KEY) == AFTER_CLOSE.isoformat()


def test_nothing_behind_sends_nothing_and_still_counts_as_a_refresh(storage):
    storage.save_prices("VTWO", bars(WEEK), "test")
    storage.set_state(BACKOFF_STEP_KEY, "3")
    stub = StubYahoo()
    report = asyncio.run(market(storage, stub).refresh(with_funds=False))
    assert stub.calls == [] and report.updated == {}
    assert storage.get_state(LAST_REFRESH_KEY) == AFTER_CLOSE.isoformat()
    assert storage.get_state(BACKOFF_STEP_KEY) is None  # a clean refresh resets the back-off


def test_a_rate_limit_on_the_fund_data_keeps_the_prices_and_backs_off(storage):
    stub = StubYahoo(HistoryBatch(frames={"VTWO": bars(WEEK)}),
                     fund_error=YahooRateLimited(retry_after=300))
    report = asyncio.run(market(storage, stub, funds=["VTWO", "IWM"]).refresh())
    assert stub.fund_calls == ["VTWO"]  # IWM is a fund but not refreshed here
    assert report.skipped_reason == "rate_limited"
    assert report.updated == {"VTWO": 5}
    assert storage.last_price_date("VTWO") == date(2025, 10, 31)
    assert status(storage, "VTWO").last_error == "rate_limited"
    assert status(storage, "SPY").last_error == "rate_limited"
    assert storage.get_state(BACKOFF_KEY) == (AFTER_CLOSE + timedelta(seconds=300)).isoformat()
    assert storage.get_state(BACKOFF_STEP_KEY) == "1"
    assert storage.get_state(LAST_REFRESH_KEY) is None


def test_a_rate_limit_on_the_rebasing_fetch_backs_off(storage):
    stub = StubYahoo(HistoryBatch(frames={"VTWO": bars(WEEK, dividend_on=WEEK[2])}),
                     YahooRateLimited())
    report = asyncio.run(market(storage, stub).refresh(with_funds=False))
    assert stub.calls == [{"VTWO": date(2025, 10, 25)}, {"VTWO": None}]
    assert report.skipped_reason == "rate_limited"
    assert storage.get_state(BACKOFF_KEY) == (AFTER_CLOSE + timedelta(minutes=1)).isoformat()


def test_a_split_rebases_like_a_dividend(storage):
    split = bars(WEEK)
    split.loc[WEEK[1], "splits"] = 2.0
    full = bars([date(2025, 10, 22), *WEEK])
    stub = StubYahoo(HistoryBatch(frames={"VTWO": split}), HistoryBatch(frames={"VTWO": full}))
    report = asyncio.run(market(storage, stub).refresh(with_funds=False))
    assert stub.calls == [{"VTWO": date(2025, 10, 25)}, {"VTWO": None}]
    assert report.updated == {"VTWO": 5 + 6}
    assert len(storage.load_prices(["VTWO"])["VTWO"]) == 6  # replaced, not merged


# -- YahooClient._download ----------------------------------------------------------------------


def yf_frame(*tickers: str) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.to_datetime([d.isoformat() for d in WEEK]))
    columns = pd.MultiIndex.from_product([tickers, ["Close", "Adj Close"]])
    return pd.DataFrame([[10.0, 9.0] * len(tickers)] * len(WEEK), index=index, columns=columns)


@pytest.fixture
def client(tmp_path):
    return YahooClient(tmp_path / "yf-cache", session=None, timeout=7.0)


def fake_download(monkeypatch, answer, log_lines=()):
    seen = {}

    def download(tickers, **kwargs):
        seen.update(tickers=tickers, **kwargs)
        for line in log_lines:
            logging.getLogger("yfinance").error(line)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(yahoo_module.yf, "download", download)
    return seen


def test_download_options_for_a_range_and_for_everything(client, monkeypatch):
    seen = fake_download(monkeypatch, yf_frame("VTWO"))
    client.history({"VTWO": date(2025, 10, 27)}, end=date(2025, 10, 31))
    assert seen["start"] == "2025-10-27" and seen["end"] == "2025-11-01"  # end is exclusive
    assert "period" not in seen and "session" not in seen
    assert (seen["auto_adjust"], seen["actions"], seen["threads"], seen["timeout"]) == (
        False, True, False, 7.0)
    seen.clear()
    client.session = object()
    client.history({"VTWO": None}, end=date(2025, 10, 31))
    assert seen["period"] == "max" and "start" not in seen and "end" not in seen
    assert seen["session"] is client.session


def test_a_transport_exception_fails_every_ticker_of_the_call(client, monkeypatch):
    fake_download(monkeypatch, RuntimeError("curl: (6) Could not resolve host: query2"))
    batch = client.history({"VTWO": date(2025, 10, 27), "SPY": date(2025, 10, 27)})
    assert batch.frames == {}
    assert set(batch.errors) == {"VTWO", "SPY"}
    assert all(isinstance(e, YahooUnavailable) for e in batch.errors.values())
    assert [e.ticker for e in batch.errors.values()] == ["VTWO", "SPY"]


def test_a_rate_limited_exception_stops_the_whole_call(client, monkeypatch):
    fake_download(monkeypatch, RuntimeError("429 Client Error: Too Many Requests"))
    with pytest.raises(YahooRateLimited) as raised:
        client.history({"VTWO": None})
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_an_empty_answer_is_unknown_only_for_a_full_history(client, monkeypatch):
    fake_download(monkeypatch, pd.DataFrame())
    batch = client.history({"NOPE": None, "VTWO": date(2025, 10, 27)})
    assert isinstance(batch.errors["NOPE"], UnknownTicker)
    assert str(batch.errors["NOPE"]) == "no data"
    assert type(batch.errors["VTWO"]) is YahooUnavailable
    assert str(batch.errors["VTWO"]) == "no new bars"


def test_logged_failures_are_classified_per_ticker(client, monkeypatch):
    fake_download(monkeypatch, yf_frame("VTWO"), log_lines=[
        "['NOPE']: YFTzMissingError('possibly delisted; no timezone found')",
        "['VTWO']: YFPricesMissingError('no price data found')",
    ])
    batch = client.history({"VTWO": None, "NOPE": None})
    assert list(batch.frames) == ["VTWO"]  # bars win over a logged complaint
    assert isinstance(batch.errors["NOPE"], UnknownTicker)


def test_no_timezone_during_network_trouble_is_unavailable(client, monkeypatch):
    fake_download(monkeypatch, pd.DataFrame(), log_lines=[
        "Failed to get ticker 'NOPE' reason: curl: (28) Connection timed out",
        "['NOPE']: YFTzMissingError('possibly delisted; no timezone found')",
    ])
    error = client.history({"NOPE": None}).errors["NOPE"]
    assert type(error) is YahooUnavailable
    assert str(error) == "Yahoo Finance could not be reached"


def test_a_logged_429_for_one_ticker_stops_the_whole_call(client, monkeypatch):
    fake_download(monkeypatch, yf_frame("VTWO"), log_lines=[
        "['SPY']: YFRateLimitError('Too Many Requests. Rate limited. Try after a while.')",
    ])
    with pytest.raises(YahooRateLimited):
        client.history({"VTWO": None, "SPY": None})
