"""`gapbot import --valuation` and `--holdings`, then the answers built on them, run as a
user runs them: offline, in a subprocess.

The S&P 500's P/E history is Shiller's real file (skipped when ../shared/valuation-data is
absent). No public small-cap P/E history exists, so the small side's series and the
holdings files here are written by the tests themselves."""

from __future__ import annotations

import calendar
import csv
from datetime import date
from pathlib import Path

import pytest

from storage.db import Storage
from tests.support.cli import gapbot
from tests.support.paths import VALUATION_DATA

# ruff: noqa: E501  (the provider file below is written as providers write it, lines whole)

SHILLER = VALUATION_DATA / "SP500_shiller.csv"
needs_shiller = pytest.mark.skipif(not SHILLER.exists(), reason="no ../shared/valuation-data")


def month_ends(first_year: int, months: int, pe) -> str:
    """A user's monthly P/E file: month-end dates, pe from `pe(i)`."""
    lines = ["date,pe"]
    for i in range(months):
        year, month = first_year + i // 12, i % 12 + 1
        lines.append(f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]},{pe(i):.2f}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def db(reference_db_file, tmp_path) -> Path:
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    return path


@needs_shiller
def test_shillers_file_is_filed_under_the_sp500_and_its_unpublished_months_said(db):
    done = gapbot("import", "--valuation", str(SHILLER), db=db)
    assert done.returncode == 0, done.stderr
    assert "^GSPC: 1,830 trailing P/Es 1871-01-01 → 2023-06-01 from SP500_shiller.csv" in (
        done.stdout)
    assert "36 months without published earnings left out" in done.stdout
    storage = Storage(db)
    rows = storage.valuation_history("^GSPC")
    assert len(rows) == 1830 and min(r.value for r in rows) > 0
    assert {r.source for r in rows} == {"Shiller S&P 500 monthly (SP500_shiller.csv)"}


@needs_shiller
def test_valuation_of_the_pair_asked_uses_the_history_both_sides_share(db, tmp_path):
    iwm = tmp_path / "iwm_pe.csv"
    iwm.write_text(month_ends(2004, 240, lambda i: 15 + (i % 17) * 0.3))  # 2004-01 .. 2023-12
    assert gapbot("import", "--valuation", str(SHILLER), db=db).returncode == 0
    done = gapbot("import", "--valuation", str(iwm), "--ticker", "IWM", db=db)
    assert done.returncode == 0, done.stderr
    assert "IWM: 240 trailing P/Es 2004-01-31 → 2023-12-31 from iwm_pe.csv" in done.stdout
    answer = gapbot("ask", "/valuation IWM SPY", db=db).stdout
    assert "Valuation: IWM vs SPY" in answer and "VTWO" not in answer
    assert "IWM: 15.3× (CSV import (iwm_pe.csv), 2023-12)" in answer
    assert "SPY: 24.0×, the P/E of ^GSPC, the index it tracks" in answer
    # 2004-01 .. 2023-06: the months both files have
    assert "History of the discount: 234 monthly points, 2004-01 → 2023-06 (19.4 years)" in answer
    with SHILLER.open() as handle:
        sp = {row["Date"][:7]: float(row["SP500"]) / float(row["Earnings"])
              for row in csv.DictReader(handle) if float(row["Earnings"]) > 0}
    small = {f"{2004 + i // 12}-{i % 12 + 1:02d}": round(15 + (i % 17) * 0.3, 2)
             for i in range(240)}
    history = [1 - small[m] / sp[m] for m in small if m in sp]
    today = 1 - small["2023-12"] / sp["2023-06"]
    percentile = round(100 * sum(d <= today + 1e-12 for d in history) / len(history))
    assert f"Today's {today * 100:.1f}% is at the {percentile}th percentile" in answer
    assert "SPY's history reaches back to 1871-01, IWM's only to 2004-01" in answer
    assert "7 months apart: the spread compares two different moments" in answer
    korean = gapbot("ask", "/valuation IWM SPY", db=db, GAPBOT_LANG="ko").stdout
    assert "SPY는 1871-01부터, IWM은 2004-01부터 이력이 있어" in korean
    assert f"오늘 {today * 100:.1f}%는 이 이력에서 백분위 {percentile}" in korean
    assert "할인율 이력: 2004-01 ~ 2023-06 월별 234개(19.4년)" in korean


def test_a_users_file_must_say_whose_pe_it_is_and_nothing_is_written_without(db, tmp_path):
    mine = tmp_path / "my_pe.csv"
    mine.write_text(month_ends(2020, 12, lambda i: 15.0))
    refused = gapbot("import", "--valuation", str(mine), db=db)
    assert refused.returncode == 1
    assert "does not say whose P/E it is: add --ticker" in refused.stderr
    assert Storage(db).valuation_history("MY_PE") == []


def test_one_bad_line_in_any_file_imports_none_of_them(db, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(month_ends(2020, 12, lambda i: 15.0))
    bad.write_text("date,pe\n2021-01-31,15\n2021-02-28,n/a\n")
    refused = gapbot("import", "--valuation", str(good), str(bad), "--ticker", "IWM", db=db)
    assert refused.returncode == 1
    assert "bad.csv: line 3: bad trailing_pe 'n/a'" in refused.stderr
    assert Storage(db).valuation_history("IWM") == []


def test_a_file_imported_again_replaces_what_it_gave_before(db, tmp_path):
    path = tmp_path / "iwm_pe.csv"
    path.write_text(month_ends(2020, 24, lambda i: 15.0))
    assert gapbot("import", "--valuation", str(path), "--ticker", "IWM", db=db).returncode == 0
    path.write_text(month_ends(2021, 6, lambda i: 16.0))  # shorter, corrected
    assert gapbot("import", "--valuation", str(path), "--ticker", "IWM", db=db).returncode == 0
    rows = Storage(db).valuation_history("IWM")
    assert [(r.day, r.value) for r in rows] == [
        (date(2021, m, calendar.monthrange(2021, m)[1]), 16.0) for m in range(1, 7)]


ISHARES_IWM = '''iShares Russell 2000 ETF
Fund Holdings as of,"Nov 28, 2025"
Inception Date,"May 22, 2000"

Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Price
"CRDO","CREDO TECHNOLOGY GROUP HOLDING LTD","Information Technology","Equity","600,000,000.00","0.80","200.00"
"BE","BLOOM ENERGY CLASS A CORP","Industrials","Equity","500,000,000.00","0.70","125.00"
"HQY","HEALTHEQUITY INC","Health Care","Equity","250,000,000.00","0.35","100.00"
"UMBF","UMB FINANCIAL CORP","Financials","Equity","150,000,000.00","0.22","115.00"
"XTSLA","BLK CSH FND TREASURY SL AGENCY","Cash and/or Derivatives","Money Market","100,000,000.00","0.15","1.00"

"The content contained herein is owned or licensed by BlackRock."
'''
SPY_SECTORS = '''sector,weight
Information Technology,33.1
Financials,13.2
Health Care,9.4
Industrials,8.5
'''


def test_top_and_sectors_answer_offline_from_imported_holdings_with_the_files_date(db, tmp_path):
    (tmp_path / "IWM_holdings.csv").write_text(ISHARES_IWM)
    (tmp_path / "spy_sectors.csv").write_text(SPY_SECTORS)
    done = gapbot("import", "--holdings", str(tmp_path / "IWM_holdings.csv"), "--ticker", "IWM",
                  db=db)
    assert done.returncode == 0, done.stderr
    assert "IWM: 5 holdings and 5 sector weights as of 2025-11-28 from IWM_holdings.csv" in (
        done.stdout)
    done = gapbot("import", "--holdings", str(tmp_path / "spy_sectors.csv"), "--ticker", "SPY",
                  "--as-of", "2025-11-27", db=db)
    assert done.returncode == 0, done.stderr
    top = gapbot("ask", "/top IWM", db=db).stdout
    assert top.index("CRDO") < top.index("BE") < top.index("XTSLA")
    assert "Top 5 = 2.2% of the fund." in top
    assert "As of 2025-11-28; source: CSV import (IWM_holdings.csv)." in top
    sectors = gapbot("ask", "/sectors IWM SPY", db=db).stdout
    assert "Technology" in sectors and "−32.3" in sectors  # 0.80% vs 33.1%
    assert "2025-11-28 (IWM), 2025-11-27 (SPY)" in sectors
    assert "CSV import (IWM_holdings.csv), CSV import (spy_sectors.csv)" in sectors
    korean = gapbot("ask", "/top IWM", db=db, GAPBOT_LANG="ko").stdout
    assert "2025-11-28 기준, 출처: CSV import (IWM_holdings.csv)." in korean


def test_holdings_need_the_funds_ticker(db, tmp_path):
    (tmp_path / "IWM_holdings.csv").write_text(ISHARES_IWM)
    refused = gapbot("import", "--holdings", str(tmp_path / "IWM_holdings.csv"), db=db)
    assert refused.returncode == 1 and "--ticker IWM" in refused.stderr
    refused = gapbot("import", "--holdings", str(tmp_path / "IWM_holdings.csv"), "--ticker",
                     "IWM", "--as-of", "28/11/2025", db=db)
    assert refused.returncode == 1 and "--as-of takes a date written 2025-11-28" in refused.stderr
    assert Storage(db).latest_fund_snapshot("IWM") is None
