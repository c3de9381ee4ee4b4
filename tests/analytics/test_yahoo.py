"""yfinance's real request and parsing code against a fake Yahoo, and the market data
service's cache-first refresh on top of it."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
import requests

import tests.support.yahoo_fake  # noqa: F401  (sets YF_DISABLE_CURL_CFFI before yfinance loads)
from analytics.market.csv_files import read_bars_csv
from analytics.market.data import BACKOFF_KEY, MarketData
from analytics.market.yahoo import (
    UnknownTicker,
    YahooClient,
    YahooRateLimited,
    YahooUnavailable,
)
from storage.db import Storage
from tests.support.yahoo_fake import FakeYahoo

SECTORS = {"technology": 0.14, "financial_services": 0.17, "healthcare": 0.16,
           "realestate": 0.06, "consumer_cyclical": 0.10}
AFTER_CLOSE = datetime(2025, 10, 31, 22, 0, tzinfo=UTC)  # Friday, after the 16:00 ET close


@pytest.fixture
def yahoo(market_data) -> FakeYahoo:
    fake = FakeYahoo()
    fake.add_history("VTWO", read_bars_csv(market_data / "VTWO.csv").bars)
    spy = read_bars_csv(market_data / "SPY_raw.csv").bars
    fake.add_history("SPY", spy.loc[:date(2025, 10, 31)])
    holdings = [("CRDO", "Credo Technology", 0.0061), ("BE", "Bloom Energy", 0.0058)]
    fake.add_fund("VTWO", sector_weights=SECTORS, top_holdings=holdings, trailing_pe=17.4,
                  forward_pe=15.2)
    fake.add_fund("SPY", sector_weights={"technology": 0.33}, top_holdings=[
        ("NVDA", "NVIDIA Corp", 0.079)], trailing_pe=28.1)
    return fake


@pytest.fixture
def client(yahoo, tmp_path) -> YahooClient:
    return YahooClient(tmp_path / "yf-cache", session=yahoo.session())


def test_history_for_two_tickers_in_one_batch_keeps_both_closes(client, market_data):
    batch = client.history({"VTWO": date(2025, 10, 1), "SPY": date(2025, 10, 1)})
    assert batch.errors == {}
    vtwo = batch.frames["VTWO"]
    assert vtwo.index[0] == date(2025, 10, 1) and vtwo.index[-1] == date(2025, 10, 31)
    expected = pd.read_csv(market_data / "VTWO.csv", index_col="date")
    assert vtwo.loc[date(2025, 10, 15), "close"] == pytest.approx(
        expected.loc["2025-10-15", "close"])
    assert vtwo.loc[date(2025, 10, 15), "adj_close"] == pytest.approx(
        expected.loc["2025-10-15", "adj_close"])


def test_an_incremental_fetch_asks_yahoo_only_for_the_missing_range(client, yahoo):
    client.history({"VTWO": date(2025, 10, 27)})
    (query,) = yahoo.chart_requests("VTWO")
    start = datetime.fromtimestamp(int(query["period1"][0]), UTC)
    assert start.date() == date(2025, 10, 27)


def test_dividends_arrive_with_the_bars(client):
    batch = client.history({"VTWO": date(2025, 9, 1)})
    dividends = batch.frames["VTWO"]["dividends"]
    assert (dividends > 0).sum() == 1  # VTWO paid one dividend in September 2025


def test_fund_profile_and_price_earnings(client):
    profile = client.fund_profile("VTWO")
    assert profile.sector_weights["Technology"] == pytest.approx(0.14)
    assert profile.sector_weights["Real Estate"] == pytest.approx(0.06)
    assert profile.top_holdings[0].symbol == "CRDO"
    assert profile.top_holdings[0].weight == pytest.approx(0.0061)
    assert client.price_earnings("VTWO") == pytest.approx(
        {"trailing_pe": 17.4, "forward_pe": 15.2})
    assert client.price_earnings("SPY") == pytest.approx({"trailing_pe": 28.1})  # no forward


def test_an_unknown_ticker_fails_alone_in_its_batch(client):
    batch = client.history({"VTWO": date(2025, 10, 1), "NOPE": date(2025, 10, 1)})
    assert "VTWO" in batch.frames
    assert isinstance(batch.errors["NOPE"], UnknownTicker)
    with pytest.raises(UnknownTicker):
        client.fund_profile("NOPE")


@pytest.mark.parametrize(("status", "error"), [(429, YahooRateLimited), (500, YahooUnavailable),
                                               (404, UnknownTicker)])
def test_yahoo_failures_become_typed_errors(client, yahoo, status, error):
    yahoo.fail("VTWO", status)
    if error is YahooRateLimited:
        with pytest.raises(YahooRateLimited):
            client.history({"VTWO": None})
        return
    failure = client.history({"VTWO": None}).errors["VTWO"]
    assert isinstance(failure, error)
    assert "http" not in str(failure).lower()  # a short reason, never a URL


def test_the_fake_refuses_any_other_host(yahoo):
    with pytest.raises(AssertionError, match="unexpected network call"):
        yahoo.session().get("https://example.com/")
    assert isinstance(yahoo.session(), requests.Session)


def test_yfinance_caches_go_to_the_app_data_folder(client, tmp_path):
    import platformdirs
    import yfinance

    client.history({"VTWO": date(2025, 10, 1)})
    assert yfinance.cache._TzDBManager.get_location() == str(tmp_path / "yf-cache")
    assert yfinance.cache._CookieDBManager.get_location() == str(tmp_path / "yf-cache")
    assert not (Path(platformdirs.user_cache_dir()) / "py-yfinance").exists()


# -- the market data service ---------------------------------------------------------------------


@pytest.fixture
def market(client, tmp_path) -> MarketData:
    storage = Storage(tmp_path / "db.sqlite3")
    return MarketData(storage, client, tracked=["VTWO", "SPY"], funds=["VTWO", "SPY"],
                      clock=lambda: AFTER_CLOSE)


def test_a_first_refresh_fills_the_cache_and_a_second_asks_for_nothing(market, yahoo):
    report = asyncio.run(market.refresh())
    assert report.failed == {} and report.updated["VTWO"] == 732
    assert market.storage.last_price_date("SPY") == date(2025, 10, 31)
    assert market.storage.latest_fund_snapshot("VTWO").sector_weights["Technology"] == 0.14
    assert [p.trailing_pe for s in market.pe_series("SPY") for p in s.points] == [28.1]
    charts_before = len(yahoo.chart_requests("VTWO"))
    asyncio.run(market.refresh())
    assert len(yahoo.chart_requests("VTWO")) == charts_before  # the cache has the latest close


def test_refresh_is_incremental_from_the_last_cached_day(market, yahoo, market_data):
    bars = read_bars_csv(market_data / "VTWO.csv").bars
    market.storage.save_prices("VTWO", bars.loc[:date(2025, 10, 24)], "test")
    market.storage.save_prices("SPY", read_bars_csv(market_data / "SPY_raw.csv").bars.loc[
        :date(2025, 10, 24)], "test")
    asyncio.run(market.refresh(with_funds=False))
    (query,) = yahoo.chart_requests("VTWO")
    assert datetime.fromtimestamp(int(query["period1"][0]), UTC).date() == date(2025, 10, 25)
    assert market.storage.last_price_date("VTWO") == date(2025, 10, 31)


def test_a_new_dividend_refetches_the_whole_adjusted_history(market, yahoo, market_data):
    bars = read_bars_csv(market_data / "VTWO.csv").bars
    market.storage.save_prices("VTWO", bars.loc[:date(2025, 9, 20)], "test")
    market.storage.save_prices("SPY", read_bars_csv(market_data / "SPY_raw.csv").bars.loc[
        :date(2025, 10, 31)], "test")
    asyncio.run(market.refresh(with_funds=False))
    queries = yahoo.chart_requests("VTWO")
    assert len(queries) == 2 and "period1" in queries[0]  # incremental, then full
    assert len(market.storage.load_prices(["VTWO"])["VTWO"]) == len(bars)


def test_a_rate_limit_backs_off_and_answers_from_the_cache(market, yahoo):
    asyncio.run(market.refresh(with_funds=False))
    yahoo.fail(None, 429)
    later = datetime(2025, 11, 3, 22, 0, tzinfo=UTC)
    market.clock = lambda: later
    report = asyncio.run(market.refresh())
    assert report.skipped_reason == "rate_limited"
    assert market.storage.get_state(BACKOFF_KEY) is not None
    requests_made = len(yahoo.requests)
    assert asyncio.run(market.refresh()).skipped_reason == "backoff"
    assert len(yahoo.requests) == requests_made  # nothing sent while backing off
    freshness = market.freshness(["VTWO", "SPY"], date(2025, 10, 31))
    assert freshness.stale and freshness.last_error == "rate_limited"


def test_a_ticker_never_seen_is_fetched_once_on_demand(market, yahoo):
    frames = asyncio.run(market.prices(["VTWO", "SPY"]))
    assert set(frames) == {"VTWO", "SPY"}
    from analytics.performance import AnalyticsError

    with pytest.raises(AnalyticsError) as unknown:
        asyncio.run(market.prices(["NOPE", "SPY"]))
    assert unknown.value.code == "unknown_ticker"


def test_offline_mode_never_calls_yahoo(tmp_path, yahoo):
    storage = Storage(tmp_path / "db.sqlite3")
    offline = MarketData(storage, None, tracked=["VTWO"], funds=[], offline=True)
    assert asyncio.run(offline.refresh()).skipped_reason == "offline"
    assert yahoo.requests == []


def test_cache_dir_is_created(tmp_path):
    YahooClient(tmp_path / "a" / "b")
    assert Path(tmp_path / "a" / "b").is_dir()


def test_fund_snapshots_are_fetched_once_per_new_york_day(market, yahoo):
    asyncio.run(market.refresh())
    summaries = [u for u in yahoo.requests if "quoteSummary" in u]
    asyncio.run(market.refresh())
    assert [u for u in yahoo.requests if "quoteSummary" in u] == summaries
    market.clock = lambda: datetime(2025, 11, 3, 22, 0, tzinfo=UTC)
    asyncio.run(market.refresh())
    assert len([u for u in yahoo.requests if "quoteSummary" in u]) > len(summaries)
    assert [p.as_of for s in market.pe_series("VTWO") for p in s.points] == [
        date(2025, 10, 31), date(2025, 11, 3)]


def test_no_network_is_unavailable_not_an_unknown_ticker(client, yahoo, market):
    yahoo.fail_network()
    error = client.history({"VTWO": None}).errors["VTWO"]
    assert isinstance(error, YahooUnavailable)
    from analytics.performance import AnalyticsError

    with pytest.raises(AnalyticsError) as refused:
        asyncio.run(market.prices(["VTWO", "SPY"]))
    assert refused.value.code == "yahoo_unavailable"


def test_a_fund_snapshot_keeps_each_p_e_yahoo_gives_with_how_it_was_read(market):
    asyncio.run(market.refresh())
    forward = market.storage.valuation_history("VTWO", "forward_pe")
    assert [(r.value, r.source, r.method) for r in forward] == [
        (15.2, "Yahoo Finance", "Yahoo forwardPE (daily snapshot)")]
    assert [r.method for r in market.storage.valuation_history("VTWO")] == [
        "Yahoo trailingPE (daily snapshot)"]
    assert market.storage.valuation_history("SPY", "forward_pe") == []  # none published
