"""Reading fund holdings and sector weights from provider downloads (`gapbot import
--holdings`): the layouts iShares, SPDR and Vanguard ship, a user's own files, and every
refusal, each naming the file and line. Fixtures are written here, by hand, into tmp_path;
the expected sums are listed by hand too, never computed by the code under test."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine

from analytics.market.holdings_file import (
    CASH_SECTOR,
    YAHOO_SECTORS,
    HoldingsImportError,
    read_holdings_csv,
)

TODAY = date(2026, 1, 15)
AS_OF = date(2025, 11, 28)


@pytest.fixture(autouse=True)
def fixed_today():
    """Future and past dates are judged against one known day."""
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=False):
        yield


def write(tmp_path: Path, text: str, name: str = "holdings.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path, **kwargs) -> str:
    with pytest.raises(HoldingsImportError) as refused:
        read_holdings_csv(path, **kwargs)
    message = str(refused.value)
    assert path.name in message
    assert len(message) <= 200
    return message


# --- iShares (IWM) --------------------------------------------------------------------

IWM_PREAMBLE = [
    "iShares Russell 2000 ETF",
    'Fund Holdings as of,"Nov 28, 2025"',
    'Inception Date,"May 22, 2000"',
    'Shares Outstanding,"316,750,000.00"',
    'Stock,"-"',
    'Bond,"-"',
    'Cash,"-"',
    'Other,"-"',
    "\xa0",
]
IWM_HEADER = ("Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,"
              "Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date")
IWM_HEADER_LINE = len(IWM_PREAMBLE) + 1
# (ticker, name, GICS sector as iShares writes it, asset class, weight in percent)
IWM_HOLDINGS = [
    ("CRDO", "CREDO TECHNOLOGY GROUP HOLDING LTD", "Information Technology", "Equity", "0.82"),
    ("BE", "BLOOM ENERGY CLASS A CORP", "Industrials", "Equity", "0.78"),
    ("FN", "FABRINET", "Information Technology", "Equity", "0.55"),
    ("IONQ", "IONQ INC", "Information Technology", "Equity", "0.50"),
    ("HIMS", "HIMS & HERS HEALTH INC CLASS A", "Health Care", "Equity", "0.45"),
    ("KTOS", "KRATOS DEFENSE AND SECURITY SOLUTIONS", "Industrials", "Equity", "0.43"),
    ("CDE", "COEUR MINING INC", "Materials", "Equity", "0.40"),
    ("HL", "HECLA MINING", "Materials", "Equity", "0.38"),
    ("ENSG", "ENSIGN GROUP INC", "Health Care", "Equity", "0.33"),
    ("SFM", "SPROUTS FARMERS MARKET INC", "Consumer Staples", "Equity", "0.32"),
    ("UMBF", "UMB FINANCIAL CORP", "Financials", "Equity", "0.29"),
    ("CVLT", "COMMVAULT SYSTEMS INC", "Information Technology", "Equity", "0.29"),
    ("DY", "DYCOM INDUSTRIES INC", "Industrials", "Equity", "0.27"),
    ("BOOT", "BOOT BARN HOLDINGS INC", "Consumer Discretionary", "Equity", "0.25"),
    ("TXNM", "TXNM ENERGY INC", "Utilities", "Equity", "0.24"),
    ("MTDR", "MATADOR RESOURCES", "Energy", "Equity", "0.22"),
    ("IRT", "INDEPENDENCE REALTY TRUST REIT INC", "Real Estate", "Equity", "0.20"),
    ("CARG", "CARGURUS INC CLASS A", "Communication", "Equity", "0.18"),
    ("XTSLA", "BLK CSH FND TREASURY SL AGENCY", "Cash and/or Derivatives", "Money Market", "0.62"),
    ("USD", "USD CASH", "Cash and/or Derivatives", "Cash", "0.05"),
    ("RTYZ5", "RUSSELL 2000 EMINI DEC 25", "Cash and/or Derivatives", "Futures", "0.00"),
]
IWM_FOOTER = [
    "\xa0",
    '"The content contained herein is owned or licensed by BlackRock and/or its third-party '
    'information providers and is protected by applicable copyrights, trademarks, service '
    'marks, and/or other intellectual property rights."',
    '"Holdings are subject to change."',
]
IWM_SECTORS = {  # by hand from IWM_HOLDINGS, in percent
    "Technology": 0.82 + 0.55 + 0.50 + 0.29,
    "Industrials": 0.78 + 0.43 + 0.27,
    "Healthcare": 0.45 + 0.33,
    "Basic Materials": 0.40 + 0.38,
    "Consumer Defensive": 0.32,
    "Financial Services": 0.29,
    "Consumer Cyclical": 0.25,
    "Utilities": 0.24,
    "Energy": 0.22,
    "Real Estate": 0.20,
    "Communication Services": 0.18,
    CASH_SECTOR: 0.62 + 0.05 + 0.00,
}


def ishares_row(ticker: str, name: str, sector: str, asset_class: str, weight: str) -> str:
    cells = [ticker, name, sector, asset_class, "12,345,678.90", weight, "12,345,678.90",
             "123,456.00", "100.00", "United States", "NASDAQ", "USD", "1.00", "USD", "-"]
    return ",".join(f'"{cell}"' for cell in cells)


def ishares_text(holdings=IWM_HOLDINGS, preamble=IWM_PREAMBLE, footer=IWM_FOOTER) -> str:
    lines = [*preamble, IWM_HEADER, *(ishares_row(*h) for h in holdings), *footer]
    return "\n".join(lines) + "\n"


def test_ishares_file_reads_date_sectors_and_every_holding(tmp_path):
    parsed = read_holdings_csv(write(tmp_path, ishares_text(), "IWM_holdings.csv"))
    assert parsed.as_of == AS_OF
    assert parsed.rows == len(IWM_HOLDINGS) == 21
    assert set(parsed.sector_weights) == set(IWM_SECTORS)
    for sector, percent in IWM_SECTORS.items():
        assert parsed.sector_weights[sector] == pytest.approx(percent / 100), sector
    assert set(parsed.sector_weights) - {CASH_SECTOR} <= set(YAHOO_SECTORS)
    # percent, so 0.82 is 0.82% of the fund
    assert parsed.top_holdings[0] == ("CRDO", "CREDO TECHNOLOGY GROUP HOLDING LTD",
                                      pytest.approx(0.0082))


def test_ishares_holdings_are_largest_first_and_keep_cash_rows(tmp_path):
    parsed = read_holdings_csv(write(tmp_path, ishares_text()))
    tickers = [ticker for ticker, _, _ in parsed.top_holdings]
    assert tickers[:4] == ["CRDO", "BE", "XTSLA", "FN"]
    weights = [weight for _, _, weight in parsed.top_holdings]
    assert weights == sorted(weights, reverse=True)
    # ties keep the file's order
    assert tickers.index("UMBF") == tickers.index("CVLT") - 1
    assert {"XTSLA", "USD", "RTYZ5"} <= set(tickers)
    assert len(parsed.top_holdings) == 21
    assert parsed.top_holdings[-1] == ("RTYZ5", "RUSSELL 2000 EMINI DEC 25", 0.0)


def test_ishares_footer_lines_are_not_data(tmp_path):
    # without the footer the result is the same
    with_footer = read_holdings_csv(write(tmp_path, ishares_text(), "a.csv"))
    without = read_holdings_csv(write(tmp_path, ishares_text(footer=[]), "b.csv"))
    assert with_footer.rows == without.rows == 21
    assert with_footer.sector_weights == without.sector_weights
    assert with_footer.top_holdings == without.top_holdings


def test_a_byte_order_mark_is_read_past(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ishares_text().encode())
    assert read_holdings_csv(path).rows == 21


# --- SPDR (SPY), an xlsx saved as CSV -----------------------------------------------------

SPY_HOLDINGS = [  # (name, ticker, weight in percent, sector)
    ("NVIDIA CORP", "NVDA", "7.5", "Information Technology"),
    ("APPLE INC", "AAPL", "6.9", "Information Technology"),
    ("MICROSOFT CORP", "MSFT", "6.2", "Information Technology"),
    ("AMAZON.COM INC", "AMZN", "4.0", "Consumer Discretionary"),
    ("ALPHABET INC CL A", "GOOGL", "3.1", "Communication Services"),
    ("BROADCOM INC", "AVGO", "2.9", "Information Technology"),
    ("META PLATFORMS INC CLASS A", "META", "2.5", "Communication Services"),
    ("BERKSHIRE HATHAWAY INC CL B", "BRK.B", "1.6", "Financials"),
    ("JPMORGAN CHASE + CO", "JPM", "1.5", "Financials"),
    ("ELI LILLY + CO", "LLY", "1.4", "Health Care"),
    ("EXXON MOBIL CORP", "XOM", "0.9", "Energy"),
    ("US DOLLAR", "-", "0.1", "-"),
]
SPY_SECTORS = {  # by hand, in percent
    "Technology": 7.5 + 6.9 + 6.2 + 2.9,
    "Consumer Cyclical": 4.0,
    "Communication Services": 3.1 + 2.5,
    "Financial Services": 1.6 + 1.5,
    "Healthcare": 1.4,
    "Energy": 0.9,
    CASH_SECTOR: 0.1,
}
FRACTIONS = {"7.5": "0.075", "6.9": "0.069", "6.2": "0.062", "4.0": "0.04", "3.1": "0.031",
             "2.9": "0.029", "2.5": "0.025", "1.6": "0.016", "1.5": "0.015", "1.4": "0.014",
             "0.9": "0.009", "0.1": "0.001"}


def spdr_text(fractions: bool) -> str:
    pad = ",,,,,,"  # Excel pads every line to the header's eight cells

    def weight(percent: str) -> str:
        return FRACTIONS[percent] if fractions else percent

    lines = ["Fund Name:,SPDR® S&P 500® ETF Trust" + pad, "Ticker Symbol:,SPY" + pad,
             "Holdings:,As of 28-Nov-2025" + pad, ",,,,,,,",
             "Name,Ticker,Identifier,SEDOL,Weight,Sector,Shares Held,Local Currency"]
    lines += [f'{name},{ticker},78462F103,2840215,{weight(w)},{sector},"1,234,567",USD'
              for name, ticker, w, sector in SPY_HOLDINGS]
    lines += [",,,,,,,", "Past performance is not a guarantee of future results.,,,,,,,",
              "Holdings are subject to change.,,,,,,,"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fractions", [False, True], ids=["percent", "fractions"])
def test_spdr_file_in_percent_or_fractions_reads_the_same(tmp_path, fractions):
    parsed = read_holdings_csv(write(tmp_path, spdr_text(fractions), "SPY.csv"))
    assert parsed.as_of == AS_OF
    assert parsed.rows == 12
    assert parsed.sector_weights == pytest.approx(
        {sector: percent / 100 for sector, percent in SPY_SECTORS.items()})
    assert parsed.top_holdings[0] == ("NVDA", "NVIDIA CORP", pytest.approx(0.075))
    # the cash row has no ticker ("-") but a name, so it stays a holding
    assert parsed.top_holdings[-1] == ("", "US DOLLAR", pytest.approx(0.001))


def test_spdr_sector_weights_are_largest_first(tmp_path):
    parsed = read_holdings_csv(write(tmp_path, spdr_text(False)))
    assert list(parsed.sector_weights)[:2] == ["Technology", "Communication Services"]


# --- Vanguard -------------------------------------------------------------------------

VANGUARD = """Vanguard Russell 2000 ETF (VTWO)
Holdings details
"As of 11/28/2025"

Ticker,Holdings,% of fund,Sector,Market value,Shares
CRDO,Credo Technology Group Holding Ltd,0.80%,Technology,"$501,234,567","3,000,000"
BE,Bloom Energy Corp. Class A,0.75%,Industrials,"$470,000,000","4,100,000"
HIMS,Hims & Hers Health Inc.,0.45%,Health Care,"$280,000,000","6,000,000"
UMBF,UMB Financial Corp.,0.30%,Financials,"$190,000,000","1,700,000"
SFM,Sprouts Farmers Market Inc.,0.30%,Consumer Staples,"$190,000,000","1,800,000"
CARG,CarGurus Inc.,0.20%,Telecommunications,"$125,000,000","3,300,000"
IRT,Independence Realty Trust Inc.,0.20%,Real Estate,"$125,000,000","7,100,000"
CDE,Coeur Mining Inc.,0.40%,Basic Materials,"$250,000,000","18,000,000"
"""
VANGUARD_SECTORS = {  # by hand, in percent
    "Technology": 0.80, "Industrials": 0.75, "Healthcare": 0.45, "Financial Services": 0.30,
    "Consumer Defensive": 0.30, "Communication Services": 0.20, "Real Estate": 0.20,
    "Basic Materials": 0.40,
}


def test_vanguard_file_reads_percent_of_fund_and_us_dates(tmp_path):
    parsed = read_holdings_csv(write(tmp_path, VANGUARD, "VTWO.csv"))
    assert parsed.as_of == AS_OF
    assert parsed.rows == 8
    assert parsed.sector_weights == pytest.approx(
        {sector: percent / 100 for sector, percent in VANGUARD_SECTORS.items()})
    assert [t for t, _, _ in parsed.top_holdings] == [
        "CRDO", "BE", "HIMS", "CDE", "UMBF", "SFM", "CARG", "IRT"]
    assert parsed.top_holdings[2] == ("HIMS", "Hims & Hers Health Inc.", pytest.approx(0.0045))


# --- a user's own files ---------------------------------------------------------------

PLAIN = """ticker,name,sector,weight
AAPL,Apple Inc.,Information Technology,0.30
JPM,JPMorgan Chase,Financials,0.25
XOM,Exxon Mobil,Energy,0.25
,Some Private Placement,Aerospace  and defense,0.05
USD,US Dollar,,0.15
"""


def test_plain_file_with_as_of_given(tmp_path):
    parsed = read_holdings_csv(write(tmp_path, PLAIN), as_of=date(2025, 12, 31))
    assert parsed.as_of == date(2025, 12, 31)
    assert parsed.rows == 5
    # fractions (they sum to 1.0), an unknown sector kept title-cased, cash by its ticker
    assert parsed.sector_weights == pytest.approx({
        "Technology": 0.30, "Financial Services": 0.25, "Energy": 0.25,
        "Aerospace And Defense": 0.05, CASH_SECTOR: 0.15})
    assert parsed.top_holdings == [
        ("AAPL", "Apple Inc.", pytest.approx(0.30)), ("JPM", "JPMorgan Chase", pytest.approx(0.25)),
        ("XOM", "Exxon Mobil", pytest.approx(0.25)), ("USD", "US Dollar", pytest.approx(0.15)),
        ("", "Some Private Placement", pytest.approx(0.05))]


def test_plain_file_without_as_of_is_refused_asking_for_it(tmp_path):
    message = refusal(write(tmp_path, PLAIN))
    assert "--as-of" in message


def test_as_of_given_wins_over_the_files_own(tmp_path):
    parsed = read_holdings_csv(write(tmp_path, ishares_text()), as_of=date(2025, 12, 1))
    assert parsed.as_of == date(2025, 12, 1)


def test_sector_weights_only_file_sums_repeated_sectors(tmp_path):
    text = """Sector weights as of 2025-11-28
sector,weight
Information Technology,20.5
Financials,15.0
Health Care,12.25
Financials,2.0
Industrials,18
Consumer Discretionary,10
Energy,5
Utilities,3
Cash,1.25
"""
    parsed = read_holdings_csv(write(tmp_path, text))
    assert parsed.as_of == AS_OF
    assert parsed.rows == 9
    assert parsed.top_holdings == []
    assert parsed.sector_weights == pytest.approx({
        "Technology": 0.205, "Financial Services": 0.15 + 0.02, "Healthcare": 0.1225,
        "Industrials": 0.18, "Consumer Cyclical": 0.10, "Energy": 0.05, "Utilities": 0.03,
        CASH_SECTOR: 0.0125})


def test_percent_signs_mean_percent_even_when_the_sum_is_small(tmp_path):
    text = "symbol,weight\nAAPL,0.5%\nMSFT, 0.4 %\n"
    parsed = read_holdings_csv(write(tmp_path, text), as_of=AS_OF)
    assert parsed.top_holdings == [("AAPL", "", pytest.approx(0.005)),
                                   ("MSFT", "", pytest.approx(0.004))]
    assert parsed.sector_weights == {}  # no sector column, no sector weights


def test_small_plain_numbers_are_fractions(tmp_path):
    text = "symbol,weight\nAAPL,0.5\nMSFT,0.4\n"
    parsed = read_holdings_csv(write(tmp_path, text), as_of=AS_OF)
    assert [w for _, _, w in parsed.top_holdings] == pytest.approx([0.5, 0.4])


def test_a_date_column_gives_the_as_of_date(tmp_path):
    text = "As Of Date,Ticker,Portfolio Weight\n2025-11-28,AAPL,60\n2025-11-28,MSFT,40\n"
    assert read_holdings_csv(write(tmp_path, text)).as_of == AS_OF


@pytest.mark.parametrize("written", [
    'Fund Holdings as of,"Nov 28, 2025"', "Holdings:,As of 28-Nov-2025",
    "Holdings as of 2025-11-28", "Holdings as of,11/28/2025", "As of 11/28/2025",
    "Data AS OF November 28 2025", "as of 28 Nov. 2025",
])
def test_as_of_lines_in_common_forms(tmp_path, written):
    text = f"Some Fund\n{written}\nInception Date,01/02/2001\nticker,weight\nAAPL,1.0\n"
    assert read_holdings_csv(write(tmp_path, text)).as_of == AS_OF


@pytest.mark.parametrize(("written", "yahoo"), [
    ("Information Technology", "Technology"), ("tech", "Technology"),
    ("Financial", "Financial Services"), ("FINANCIALS", "Financial Services"),
    ("Health  Care", "Healthcare"), ("Consumer Discretionary", "Consumer Cyclical"),
    ("Consumer Staples", "Consumer Defensive"),
    ("Telecommunication Services", "Communication Services"),
    ("Communications", "Communication Services"), ("Materials", "Basic Materials"),
    ("REIT", "Real Estate"), ("real estate", "Real Estate"), ("Utilities", "Utilities"),
    ("energy", "Energy"), ("Industrials", "Industrials"),
    ("health-care", "Healthcare"), ("Cash & Other", CASH_SECTOR),
    ("Cash and/or Derivatives", CASH_SECTOR),
    ("Other", CASH_SECTOR), ("-", CASH_SECTOR), ("", CASH_SECTOR),
    ("shipping  lines", "Shipping Lines"),
])
def test_sector_names_become_yahoos(tmp_path, written, yahoo):
    text = f"ticker,sector,weight\nAAA,{written},0.5\n"
    parsed = read_holdings_csv(write(tmp_path, text), as_of=AS_OF)
    assert parsed.sector_weights == {yahoo: pytest.approx(0.5)}


def test_cash_rows_of_zero_weight_add_no_cash_sector(tmp_path):
    text = "ticker,name,sector,weight\nAAPL,Apple,Technology,0.9\nUSD,USD CASH,-,0\n"
    parsed = read_holdings_csv(write(tmp_path, text), as_of=AS_OF)
    assert parsed.sector_weights == {"Technology": pytest.approx(0.9)}
    assert parsed.top_holdings[-1] == ("USD", "USD CASH", 0.0)


def test_cash_by_asset_class_ticker_or_name_beats_a_missing_sector(tmp_path):
    text = ("ticker,name,sector,asset class,weight\n"
            "AAPL,Apple,Technology,Equity,0.5\n"
            "MMF,Treasury Fund,Financials,Money Market,0.1\n"
            "XTSLA,BLK CSH FND,Unclassified,Equity,0.1\n"
            "ZZZ,EUR CASH,Unclassified,Equity,0.1\n")
    parsed = read_holdings_csv(write(tmp_path, text), as_of=AS_OF)
    assert parsed.sector_weights == pytest.approx({"Technology": 0.5, CASH_SECTOR: 0.3})


# --- refusals -------------------------------------------------------------------------

BAD_ROW = 3  # the third holding, CRDO being the first


@pytest.mark.parametrize("weight", ["abc", "0,5", " 0,5 ", "-", "", "-0.55", "nan", "inf",
                                    "1e3", "1,234"])
def test_a_bad_weight_is_refused_with_its_line(tmp_path, weight):
    holdings = list(IWM_HOLDINGS)
    holdings[BAD_ROW - 1] = (*holdings[BAD_ROW - 1][:4], weight)
    message = refusal(write(tmp_path, ishares_text(holdings)))
    assert f"line {IWM_HEADER_LINE + BAD_ROW}:" in message
    assert "weight" in message


def test_an_empty_weight_in_a_two_column_file_is_refused(tmp_path):
    path = write(tmp_path, "sector,weight\nEnergy,0.5\nUtilities,\n")
    assert "line 3:" in refusal(path, as_of=AS_OF)


def test_weights_over_105_percent_are_refused(tmp_path):
    path = write(tmp_path, "ticker,weight\nAAA,60\nBBB,46\n")
    assert "106.0%" in refusal(path, as_of=AS_OF)


def test_fractions_over_one_point_zero_five_are_refused(tmp_path):
    path = write(tmp_path, "ticker,weight\nAAA,0.6\nBBB,0.5\n")
    assert "110.0%" in refusal(path, as_of=AS_OF)


def test_weights_just_over_100_percent_are_rounding(tmp_path):
    path = write(tmp_path, "ticker,weight\nAAA,60\nBBB,44.5\n")
    parsed = read_holdings_csv(path, as_of=AS_OF)
    assert sum(w for _, _, w in parsed.top_holdings) == pytest.approx(1.045)


def test_all_zero_weights_are_refused(tmp_path):
    assert "zero" in refusal(write(tmp_path, "ticker,weight\nAAA,0\n"), as_of=AS_OF)


def test_no_date_anywhere_is_refused(tmp_path):
    preamble = [line for line in IWM_PREAMBLE if "as of" not in line]
    message = refusal(write(tmp_path, ishares_text(preamble=preamble)))
    assert "--as-of" in message


def test_an_as_of_line_without_a_readable_date_is_no_date(tmp_path):
    path = write(tmp_path, "Holdings as of,soon\nticker,weight\nAAA,1\n")
    assert "--as-of" in refusal(path)


def test_a_future_as_of_date_is_refused(tmp_path):
    preamble = ['Fund Holdings as of,"Jan 16, 2026"', *IWM_PREAMBLE[2:]]
    message = refusal(write(tmp_path, ishares_text(preamble=preamble)))
    assert "line 1:" in message and "future" in message


def test_a_future_or_ancient_as_of_argument_is_refused(tmp_path):
    path = write(tmp_path, PLAIN)
    assert "future" in refusal(path, as_of=date(2026, 1, 16))
    assert read_holdings_csv(path, as_of=TODAY).as_of == TODAY
    assert "1990" in refusal(path, as_of=date(1989, 12, 31))


def test_disagreeing_dates_in_a_date_column_are_refused(tmp_path):
    text = "date,ticker,weight\n2025-11-28,AAPL,60\n2025-11-28,MSFT,30\n2025-11-27,XOM,10\n"
    message = refusal(write(tmp_path, text))
    assert "line 4:" in message and "2025-11-27" in message


def test_a_bad_date_cell_is_refused(tmp_path):
    text = "date,ticker,weight\n2025-11-28,AAPL,60\nyesterday,MSFT,30\n"
    assert "line 3:" in refusal(write(tmp_path, text))


def test_no_header_is_refused(tmp_path):
    text = "iShares Russell 2000 ETF\nFund Holdings as of,Nov 28 2025\nAAPL,Apple,0.5\n"
    message = refusal(write(tmp_path, text))
    assert "no header" in message and "lines 1-3" in message


def test_a_header_without_identity_columns_is_no_header(tmp_path):
    assert "no header" in refusal(write(tmp_path, "weight,value\n0.5,3\n"), as_of=AS_OF)


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_an_empty_file_is_refused(tmp_path, text):
    assert "empty file" in refusal(write(tmp_path, text))


def test_a_header_without_data_rows_is_refused(tmp_path):
    text = "\n".join([*IWM_PREAMBLE, IWM_HEADER, *IWM_FOOTER]) + "\n"
    message = refusal(write(tmp_path, text))
    assert f"line {IWM_HEADER_LINE}:" in message and "no data rows" in message


def test_a_file_not_in_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("ticker,name,weight\nAAA,Soci\u00e9t\u00e9 G\u00e9n\u00e9rale,0.5\n"
                     .encode("latin-1"))
    message = refusal(path, as_of=AS_OF)
    assert "line 2:" in message and "UTF-8" in message


def test_a_missing_file_or_a_folder_is_refused(tmp_path):
    assert "no such file" in refusal(tmp_path / "nope.csv")
    folder = tmp_path / "holdings"
    folder.mkdir()
    assert "folder" in refusal(folder)


def test_a_file_over_50_mb_is_refused_unread(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing is written
    assert "50 MB" in refusal(path)


def test_a_holding_after_a_blank_line_inside_the_data_is_refused(tmp_path):
    rows = [ishares_row(*h) for h in IWM_HOLDINGS]
    lines = [*IWM_PREAMBLE, IWM_HEADER, *rows[:5], "", *rows[5:], *IWM_FOOTER]
    message = refusal(write(tmp_path, "\n".join(lines) + "\n"))
    assert f"line {IWM_HEADER_LINE + 7}:" in message
    assert f"ended at line {IWM_HEADER_LINE + 6}" in message


def test_a_row_wider_than_the_header_is_refused(tmp_path):
    path = write(tmp_path, "ticker,name,weight\nBRK,Berkshire, Hathaway,0.5\n")
    assert "line 2:" in refusal(path, as_of=AS_OF)


def test_two_weight_columns_are_refused(tmp_path):
    path = write(tmp_path, "ticker,weight,weight (%)\nAAA,0.5,50\n")
    assert "line 1:" in refusal(path, as_of=AS_OF)


def test_messages_stay_short_under_a_long_path(tmp_path):
    folder = tmp_path / ("a-very-long-folder-name-" * 6)
    folder.mkdir()
    holdings = list(IWM_HOLDINGS)
    holdings[0] = (*holdings[0][:4], "x" * 300)
    message = refusal(write(folder, ishares_text(holdings), "IWM_holdings.csv"))
    assert f"line {IWM_HEADER_LINE + 1}:" in message
