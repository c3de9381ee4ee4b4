"""/valuation, /sectors, /top and /status: what the funds hold and cost, and how fresh
the data is."""

from __future__ import annotations

from datetime import datetime

from analytics.funds import sector_comparison
from analytics.market.data import BACKOFF_KEY, LAST_REFRESH_KEY, latest_session_close
from analytics.performance import AnalyticsError, is_price_index
from bot.answers.answer import Answer, Ask, Chart
from bot.answers.services import Services, check_fetch_budget
from bot.parsing import UsageError, check_pair, parse_ticker
from bot.present import render
from bot.present.valuation import render_valuation


async def valuation(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """Trailing P/E of both sides, the spread in turns and the discount, and where each
    sits in the history held."""
    small, large = _valuation_pair(args, ask.pair)
    key = ("valuation", small, large, ask.lang)
    answer = svc.answers.get(key)
    if answer is None:
        result = svc.market.valuation(small, large)
        chart = None
        if result.common and len(result.common.points) > 1:
            sources = ", ".join(dict.fromkeys(
                s.source for s in (result.common.small, result.common.large)))
            chart = Chart("valuation_chart", (result, ask.lang), (("source", sources),))
        answer = Answer(render_valuation(ask.lang, result), chart,
                        command_line=f"/valuation {small} {large}")
        svc.answers.put(key, answer)
    return answer


def _valuation_pair(args: list[str], default: tuple[str, str]) -> tuple[str, str]:
    """`/valuation [SMALL LARGE]`: the pair named, else the chat's."""
    if not args:
        return default
    if len(args) != 2:
        raise UsageError("err_bad_argument" if len(args) == 1 else "err_too_many_arguments",
                         usage="usage_valuation", arg=args[0][:32])
    return check_pair([parse_ticker(a, "usage_valuation") for a in args], "usage_valuation")


def _fund_tickers(args: list[str], default: list[str], usage: str) -> list[str]:
    """The funds named, else the chat's pair; an index (no holdings) is refused either way."""
    if args and len(args) != len(default):
        raise UsageError("err_too_many_arguments", usage=usage)
    tickers = [parse_ticker(a, usage) for a in args] if args else default
    for ticker in tickers:
        if is_price_index(ticker):
            raise AnalyticsError("not_a_fund", ticker=ticker)
    return tickers


async def sectors(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """Sector weights of both funds side by side."""
    small, large = _fund_tickers(args, list(ask.pair), "usage_sectors")
    check_fetch_budget(svc, ask, [small, large])
    small_fund = await svc.market.fund(small)
    large_fund = await svc.market.fund(large)
    rows = sector_comparison(small_fund.sector_weights, large_fund.sector_weights)
    text = render.render_sectors(ask.lang, rows, small_fund, large_fund)
    chart = Chart("sectors_chart", (rows, small, large, ask.lang),
                  (("source", ", ".join(dict.fromkeys((small_fund.source, large_fund.source)))),))
    return Answer(text, chart, command_line=f"/sectors {small} {large}")


async def top(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """Top holdings of one fund with weights."""
    (ticker,) = _fund_tickers(args, [ask.pair[0]], "usage_top")
    check_fetch_budget(svc, ask, [ticker])
    snapshot = await svc.market.fund(ticker)
    return Answer(render.render_top(ask.lang, snapshot), command_line=f"/top {ticker}")


async def status(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """Data freshness per ticker, the last refresh and the last Yahoo error."""
    storage = svc.storage
    last_refresh = storage.get_state(LAST_REFRESH_KEY)
    backoff = storage.get_state(BACKOFF_KEY)
    backoff_until = datetime.fromisoformat(backoff) if backoff else None
    text = render.render_status(
        ask.lang,
        storage.ticker_status(svc.market.tracked),
        last_refresh=datetime.fromisoformat(last_refresh) if last_refresh else None,
        expected_close=latest_session_close(ask.now),
        offline=svc.market.offline,
        backoff_until=backoff_until if backoff_until and backoff_until > ask.now else None,
    )
    return Answer(text, command_line="/status")
