"""/valuation with a history, /sectors and /top from imported files, and the discount's
percentile alert, through the strict fake Bot API in a group and in private chats.

The bot's reference database holds 30 days of seeded Yahoo-shaped P/E snapshots of VTWO
and SPY (tests.support.reference). IWM's series and the holdings files below are written
by these tests (no public small-cap P/E history exists); the S&P 500's long history is
Shiller's real file, skipped when ../shared/valuation-data is absent."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.cli.imports import cmd_import_holdings, cmd_import_valuation
from storage.db import ValuationRow
from tests.support.bots import ADMIN, GROUP, OTHER_USER, USER, bot_env
from tests.support.paths import VALUATION_DATA

SHILLER = VALUATION_DATA / "SP500_shiller.csv"
needs_shiller = pytest.mark.skipif(not SHILLER.exists(), reason="no ../shared/valuation-data")
SEEDED_UNTIL = date(2025, 10, 31)  # the reference data's P/E snapshots end here


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        yield running


def imports(files: list[str], **flags) -> argparse.Namespace:
    return argparse.Namespace(files=files, ticker=flags.get("ticker"),
                              as_of=flags.get("as_of"))


def save_iwm_daily(env, values: list[float]) -> None:
    """IWM's P/E on the seeded snapshot days, as a user's file would give it."""
    start = SEEDED_UNTIL - timedelta(days=len(values) - 1)
    at = datetime(2025, 11, 1, tzinfo=UTC)
    env.services.storage.save_valuations([
        ValuationRow("IWM", start + timedelta(days=i), "trailing_pe", v,
                     "CSV import (iwm_pe.csv)", "as given in the file", at)
        for i, v in enumerate(values)])


async def test_valuation_of_a_named_pair_answers_for_that_pair(env):
    save_iwm_daily(env, [14.0 + (i % 5) * 0.2 for i in range(30)])
    (text,) = await env.say(USER, "/valuation IWM SPY")
    assert "Valuation: IWM vs SPY" in text and "VTWO" not in text
    assert "IWM: 14.8× (CSV import (iwm_pe.csv), 2025-10-31)" in text
    spy = [r.value for r in env.services.storage.valuation_history("SPY")]
    iwm = [14.0 + (i % 5) * 0.2 for i in range(30)]
    discounts = [1 - s / g for s, g in zip(iwm, spy, strict=True)]
    today = discounts[-1]
    rank = round(100 * sum(d <= today + 1e-12 for d in discounts) / len(discounts))
    assert f"Today's {today * 100:.1f}% is at the {rank}" in text
    assert "30 daily points" in text and "⚠ Under a year of history" in text
    # today's P/Es (one from a file, one from Yahoo) and the history share sources: no warning
    assert "different sources" not in text


async def test_the_chats_pair_is_honoured(env):
    save_iwm_daily(env, [15.0] * 30)
    await env.say(GROUP, "/pair IWM SPY", user_id=ADMIN)
    (text,) = await env.say(GROUP, "/valuation", user_id=USER)
    assert "Valuation: IWM vs SPY" in text


@needs_shiller
async def test_one_long_and_one_short_history_are_compared_on_the_span_they_share(env):
    assert cmd_import_valuation(env.services.settings.db_path, imports([str(SHILLER)]),
                                "en") == 0
    (english,) = await env.say(USER, "/valuation")
    (korean,) = await env.say(OTHER_USER, "/valuation")
    # SPY's own snapshots are today's figure; its longest history is the S&P 500's
    storage = env.services.storage
    spy_now = storage.valuation_history("SPY")[-1].value
    sp500 = [r.value for r in storage.valuation_history("^GSPC")]
    rank = round(100 * sum(v <= spy_now + 1e-12 for v in sp500) / len(sp500))
    assert (f"SPY {spy_now:.1f}×: {rank}th percentile of ^GSPC's 1,830 monthly P/Es, "
            "1871-01 → 2023-06") in english
    assert "SPY's history reaches back to 1871-01, VTWO's only to 2025-10-02" in english
    assert "History of the discount: 30 daily points, 2025-10-02 → 2025-10-31" in english
    assert "Today's P/Es and the history come from different sources" in english
    assert "SPY는 1871-01부터, VTWO는 2025-10-02부터 이력이 있어" in korean
    assert f"^GSPC 이력 1871-01 ~ 2023-06 월별 P/E 1,830개 중 백분위 {rank}" in korean
    assert "달라 P/E 계산 방식도 다릅니다. 순위는 근사치로 보세요." in korean


async def test_sectors_and_top_answer_from_an_imported_holdings_file(env, tmp_path):
    holdings = tmp_path / "IWM_holdings.csv"
    holdings.write_text(
        "iShares Russell 2000 ETF\nFund Holdings as of,\"Nov 28, 2025\"\n\n"
        "Ticker,Name,Sector,Weight (%)\n"
        "CRDO,CREDO TECHNOLOGY,Information Technology,0.80\n"
        "BE,BLOOM ENERGY,Industrials,0.70\n"
        "HQY,HEALTHEQUITY,Health Care,0.35\n")
    db = env.services.settings.db_path
    assert cmd_import_holdings(db, imports([str(holdings)], ticker="IWM"), "en") == 0
    (top,) = await env.say(GROUP, "/top IWM", user_id=USER)
    assert "CRDO" in top and "As of 2025-11-28; source: CSV import (IWM_holdings.csv)." in top
    (sectors,) = await env.say(GROUP, "/sectors IWM SPY", user_id=USER)
    # SPY's sectors are the seeded Yahoo snapshot: both dates and both sources are said
    assert "2025-11-28 (IWM), 2025-10-31 (SPY)" in sectors
    assert "CSV import (IWM_holdings.csv), Yahoo Finance" in sectors
    (korean,) = await env.say(OTHER_USER, "/top IWM")
    assert "2025-11-28 기준, 출처: CSV import (IWM_holdings.csv)." in korean


async def test_the_discounts_percentile_is_an_alert_and_can_be_backtested(env):
    (created,) = await env.say(GROUP, "/alert pe_discount_pct > 90", user_id=ADMIN)
    assert "percentile" in created and "#" in created
    (tested,) = await env.say(GROUP, "/alert test pe_discount_pct > 90", user_id=USER)
    # 30 snapshot days, the first 19 too few to rank: 11 dates with a percentile
    assert "(11 dates with a P/E of both sides)" in tested
    assert "Values from the trailing P/E history held: Yahoo Finance." in tested
    (refused,) = await env.say(GROUP, "/alert pe_discount_pct > 120", user_id=ADMIN)
    assert "is not a percentile" in refused


async def test_a_history_imported_while_the_bot_runs_is_in_the_next_answer(env, tmp_path):
    (before,) = await env.say(USER, "/valuation IWM SPY")
    assert "No P/E of IWM" in before
    series = tmp_path / "iwm_pe.csv"
    series.write_text("date,pe\n2025-10-30,14.0\n2025-10-31,14.5\n")
    db = env.services.settings.db_path
    assert cmd_import_valuation(db, imports([str(series)], ticker="IWM"), "en") == 0
    (after,) = await env.say(USER, "/valuation IWM SPY")
    assert "IWM: 14.5× (CSV import (iwm_pe.csv), 2025-10-31)" in after
    assert "History of the discount: 2 daily points" in after
