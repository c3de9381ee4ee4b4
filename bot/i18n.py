"""Every user-facing string, in English and Korean.

Templates use str.format placeholders; callers pass values already HTML-escaped
(render.py does), so a template may itself contain HTML tags.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LANGUAGES = ("en", "ko")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "help": (
            "<b>gapbot</b>: are US small caps cheap and lagging, or just weak, against "
            "the S&amp;P 500? Real numbers from Yahoo Finance, cached.\n\n"
            "/gap [WINDOW] [SMALL LARGE] — relative performance, price and total return\n"
            "  <code>/gap 1y</code> · <code>/gap ytd IWM SPY</code> · "
            "<code>/gap 2023-01-01 2025-10-15</code> · <code>/gap 5y ^RUT ^GSPC</code>\n"
            "  windows: 1m 3m 6m ytd 1y 3y 5y 10y max, a start date, or start and end\n"
            "/valuation — trailing P/E of both sides, spread and discount\n"
            "/sectors — sector weights side by side\n"
            "/top [TICKER] — top holdings, e.g. <code>/top VTWO</code>\n"
            "/status — data freshness and the last Yahoo error\n"
            "/help — this message\n\n"
            "Default pair: {small} vs {large}."
        ),
        "usage_gap": (
            "Usage: <code>/gap [WINDOW] [SMALL LARGE]</code>, e.g. <code>/gap 1y</code>, "
            "<code>/gap 2023-01-01 2025-10-15 IWM SPY</code>."
        ),
        "usage_top": "Usage: <code>/top [TICKER]</code>, e.g. <code>/top VTWO</code>.",
        "err_bad_argument": "I don't understand <code>{arg}</code>.",
        "err_too_many_arguments": "Too many arguments.",
        "err_bad_ticker": "<code>{arg}</code> is not a ticker symbol.",
        "err_bad_date": "<code>{arg}</code> is not a valid date (use YYYY-MM-DD).",
        "err_future_date": "{date} is in the future.",
        "err_end_before_start": "The end date {end} is not after the start date {start}.",
        "err_same_ticker": "Pick two different tickers.",
        "err_no_overlap": "{small} and {large} have no common trading days in the cache.",
        "err_start_after_data": (
            "No data on or after {start}: the cache ends at the {last} close."
        ),
        "err_end_before_data": "No data on or before {end}: the cache starts at {first}.",
        "err_window_too_short": (
            "That window has a single close ({start}); pick a longer one."
        ),
        "err_unknown_ticker": "Yahoo Finance does not know the ticker <code>{ticker}</code>.",
        "err_no_data": "No data for <code>{ticker}</code> in the cache.",
        "err_no_data_offline": (
            "No data for <code>{ticker}</code> in the cache, and the bot is offline."
        ),
        "err_yahoo_unavailable": (
            "Yahoo Finance is not answering right now and <code>{ticker}</code> is not "
            "cached. Try again later."
        ),
        "err_no_valuation": "No P/E data for <code>{ticker}</code> in the cache yet.",
        "err_no_funds": "No fund data (sectors, holdings) for <code>{ticker}</code> yet.",
        "err_not_a_fund": "<code>{ticker}</code> is an index, not a fund: it has no holdings.",
        "err_internal": "Something went wrong on my side. The team has been told.",
        "gap_title": "<b>{small} vs {large}</b> · {window}",
        "gap_period": "{start} close → {end} close ({days} days)",
        "gap_truncated": "⚠ The cache starts at {start}: shorter than the {window} asked for.",
        "col_price": "Price",
        "col_total": "Total",
        "row_gap": "Gap",
        "gap_verdict_lag": "{small} lagged {large} by {gap} ({basis}).",
        "gap_verdict_lead": "{small} beat {large} by {gap} ({basis}).",
        "basis_price": "price return",
        "basis_total": "total return",
        "ratio_line": "{small}/{large} ratio: {start} → {end} ({change}, {basis})",
        "na": "n/a",
        "note_index_no_total": "{ticker} is a price index: no dividends, so no total return.",
        "note_no_adjusted": "No adjusted closes for {ticker}: total return not available.",
        "note_no_close": "No unadjusted closes for {ticker} at both dates: price return n/a.",
        "source_line": "Source: {sources}. Total return from adjusted closes.",
        "asof_line": "As of the {close} close (fetched {fetched}).",
        "asof_line_unknown": "As of the {close} close.",
        "stale_line": "⚠ Stale: the {expected} close is not in the cache yet.",
        "stale_error": "Last Yahoo error: {error}",
        "val_title": "<b>Valuation: {small} vs {large}</b> (trailing P/E)",
        "val_pe_line": "{ticker}: {pe}× (as of {as_of})",
        "val_spread": "Spread: {spread} turns",
        "val_discount": "Discount: {discount} ({small} vs {large})",
        "val_discount_note": "discount = 1 − small P/E ÷ large P/E; positive = small is cheaper",
        "val_history": (
            "History ({days} days since {since}): low {low}, high {high}; today sits at "
            "the {pct} percentile."
        ),
        "val_history_short": "History: not enough days cached yet to rank today's discount.",
        "val_source": "Source: {source}, trailing 12-month P/E per fund.",
        "sec_title": "<b>Sector weights: {small} vs {large}</b>",
        "sec_header": "Sector",
        "sec_diff": "Diff",
        "sec_asof": "Fund data as of {small_as_of} ({small}), {large_as_of} ({large}); "
        "source: {source}.",
        "top_title": "<b>Top holdings: {ticker}</b>",
        "top_sum": "Top {n} = {total} of the fund.",
        "top_asof": "As of {as_of}; source: {source}.",
        "status_title": "<b>Data status</b>",
        "status_row": "{ticker}: {first} → {last} ({rows} days), refreshed {refreshed}",
        "status_row_empty": "{ticker}: not cached",
        "status_error": "  last error {at}: {error}",
        "status_last_refresh": "Last refresh: {at}",
        "status_never": "never",
        "status_offline": "Offline mode: answers come from the cache only.",
        "status_backoff": "Backing off from Yahoo until {until} (rate limited).",
        "status_expected": "Newest close that can exist now: {expected}.",
    },
    "ko": {
        "help": (
            "<b>gapbot</b>: 미국 소형주는 S&amp;P 500 대비 싸고 뒤처진 걸까요, 아니면 그냥 "
            "약한 걸까요? Yahoo Finance 실데이터(캐시)로 답합니다.\n\n"
            "/gap [기간] [소형 대형] — 상대 성과, 가격 수익률과 총수익률\n"
            "  <code>/gap 1y</code> · <code>/gap ytd IWM SPY</code> · "
            "<code>/gap 2023-01-01 2025-10-15</code> · <code>/gap 5y ^RUT ^GSPC</code>\n"
            "  기간: 1m 3m 6m ytd 1y 3y 5y 10y max, 시작일, 또는 시작일과 종료일\n"
            "/valuation — 양쪽의 후행 P/E, 스프레드와 할인율\n"
            "/sectors — 섹터 비중 비교\n"
            "/top [티커] — 상위 보유 종목, 예: <code>/top VTWO</code>\n"
            "/status — 데이터 최신 여부와 마지막 Yahoo 오류\n"
            "/help — 이 도움말\n\n"
            "기본 비교: {small} 대 {large}."
        ),
        "usage_gap": (
            "사용법: <code>/gap [기간] [소형 대형]</code>, 예: <code>/gap 1y</code>, "
            "<code>/gap 2023-01-01 2025-10-15 IWM SPY</code>."
        ),
        "usage_top": "사용법: <code>/top [티커]</code>, 예: <code>/top VTWO</code>.",
        "err_bad_argument": "<code>{arg}</code>을(를) 이해하지 못했습니다.",
        "err_too_many_arguments": "인수가 너무 많습니다.",
        "err_bad_ticker": "<code>{arg}</code>은(는) 티커 기호가 아닙니다.",
        "err_bad_date": "<code>{arg}</code>은(는) 올바른 날짜가 아닙니다 (YYYY-MM-DD).",
        "err_future_date": "{date}은(는) 미래 날짜입니다.",
        "err_end_before_start": "종료일 {end}이(가) 시작일 {start}보다 뒤가 아닙니다.",
        "err_same_ticker": "서로 다른 두 티커를 고르세요.",
        "err_no_overlap": "캐시에 {small}와(과) {large}의 공통 거래일이 없습니다.",
        "err_start_after_data": "{start} 이후 데이터가 없습니다: 캐시는 {last} 종가까지입니다.",
        "err_end_before_data": "{end} 이전 데이터가 없습니다: 캐시는 {first}부터입니다.",
        "err_window_too_short": "그 기간에는 종가가 하나({start})뿐입니다. 더 긴 기간을 고르세요.",
        "err_unknown_ticker": "Yahoo Finance에 <code>{ticker}</code> 티커가 없습니다.",
        "err_no_data": "캐시에 <code>{ticker}</code> 데이터가 없습니다.",
        "err_no_data_offline": (
            "캐시에 <code>{ticker}</code> 데이터가 없고, 봇이 오프라인 모드입니다."
        ),
        "err_yahoo_unavailable": (
            "지금 Yahoo Finance가 응답하지 않고 <code>{ticker}</code>은(는) 캐시에 없습니다. "
            "잠시 후 다시 시도하세요."
        ),
        "err_no_valuation": "캐시에 아직 <code>{ticker}</code>의 P/E 데이터가 없습니다.",
        "err_no_funds": "아직 <code>{ticker}</code>의 펀드 데이터(섹터, 보유 종목)가 없습니다.",
        "err_not_a_fund": "<code>{ticker}</code>은(는) 펀드가 아니라 지수라 보유 종목이 없습니다.",
        "err_internal": "내부 오류가 발생했습니다. 팀에 전달되었습니다.",
        "gap_title": "<b>{small} 대 {large}</b> · {window}",
        "gap_period": "{start} 종가 → {end} 종가 ({days}일)",
        "gap_truncated": "⚠ 캐시는 {start}부터라 요청한 {window}보다 짧습니다.",
        "col_price": "가격",
        "col_total": "총수익",
        "row_gap": "격차",
        "gap_verdict_lag": "{small}이(가) {large}보다 {gap} 뒤처졌습니다 ({basis}).",
        "gap_verdict_lead": "{small}이(가) {large}보다 {gap} 앞섰습니다 ({basis}).",
        "basis_price": "가격 수익률",
        "basis_total": "총수익률",
        "ratio_line": "{small}/{large} 비율: {start} → {end} ({change}, {basis})",
        "na": "없음",
        "note_index_no_total": "{ticker}은(는) 가격 지수라 배당이 없어 총수익률이 없습니다.",
        "note_no_adjusted": "{ticker}의 수정 종가가 없어 총수익률을 계산할 수 없습니다.",
        "note_no_close": "{ticker}의 두 날짜 모두의 비수정 종가가 없어 가격 수익률이 없습니다.",
        "source_line": "출처: {sources}. 총수익률은 수정 종가 기준.",
        "asof_line": "{close} 종가 기준 (수집 {fetched}).",
        "asof_line_unknown": "{close} 종가 기준.",
        "stale_line": "⚠ 오래된 데이터: {expected} 종가가 아직 캐시에 없습니다.",
        "stale_error": "마지막 Yahoo 오류: {error}",
        "val_title": "<b>밸류에이션: {small} 대 {large}</b> (후행 P/E)",
        "val_pe_line": "{ticker}: {pe}배 ({as_of} 기준)",
        "val_spread": "스프레드: {spread}배포인트",
        "val_discount": "할인율: {discount} ({small} 대 {large})",
        "val_discount_note": "할인율 = 1 − 소형 P/E ÷ 대형 P/E; 양수면 소형주가 더 쌈",
        "val_history": (
            "이력 ({since}부터 {days}일): 최저 {low}, 최고 {high}; 오늘은 {pct} 백분위입니다."
        ),
        "val_history_short": "이력: 오늘 할인율의 위치를 매기기엔 캐시된 날이 아직 부족합니다.",
        "val_source": "출처: {source}, 펀드별 후행 12개월 P/E.",
        "sec_title": "<b>섹터 비중: {small} 대 {large}</b>",
        "sec_header": "섹터",
        "sec_diff": "차이",
        "sec_asof": "펀드 데이터 기준일 {small_as_of} ({small}), {large_as_of} ({large}); "
        "출처: {source}.",
        "top_title": "<b>상위 보유 종목: {ticker}</b>",
        "top_sum": "상위 {n}개 = 펀드의 {total}.",
        "top_asof": "{as_of} 기준; 출처: {source}.",
        "status_title": "<b>데이터 상태</b>",
        "status_row": "{ticker}: {first} → {last} ({rows}일), 갱신 {refreshed}",
        "status_row_empty": "{ticker}: 캐시 없음",
        "status_error": "  마지막 오류 {at}: {error}",
        "status_last_refresh": "마지막 갱신: {at}",
        "status_never": "없음",
        "status_offline": "오프라인 모드: 캐시로만 답합니다.",
        "status_backoff": "요청 제한으로 {until}까지 Yahoo 요청을 쉽니다.",
        "status_expected": "지금 존재할 수 있는 최신 종가: {expected}.",
    },
}

SECTOR_NAMES_KO = {
    "Technology": "기술",
    "Financial Services": "금융",
    "Healthcare": "헬스케어",
    "Industrials": "산업재",
    "Consumer Cyclical": "경기소비재",
    "Consumer Defensive": "필수소비재",
    "Communication Services": "커뮤니케이션",
    "Energy": "에너지",
    "Utilities": "유틸리티",
    "Real Estate": "부동산",
    "Basic Materials": "소재",
}

SEOUL = ZoneInfo("Asia/Seoul")
UTC_ZONE = ZoneInfo("UTC")


def language_for(code: str | None) -> str:
    """Telegram's IETF tag ('ko', 'ko-KR', 'en-US') to one of ours; English otherwise."""
    return "ko" if (code or "").lower().startswith("ko") else "en"


def t(lang: str, key: str, **values) -> str:
    return MESSAGES[lang][key].format(**values)


def fmt_pct(lang: str, fraction: float | None, digits: int = 1) -> str:
    if fraction is None:
        return MESSAGES[lang]["na"]
    return f"{fraction * 100:+.{digits}f}%".replace("-", "−")


def fmt_pp(lang: str, points: float | None) -> str:
    """Percentage points: 'pp' in English, '%p' as Korean finance writes it."""
    if points is None:
        return MESSAGES[lang]["na"]
    unit = "%p" if lang == "ko" else " pp"
    return f"{points:+.1f}{unit}".replace("-", "−")


def fmt_date(lang: str, day: date) -> str:
    return day.isoformat()


def fmt_time(lang: str, moment: datetime | None) -> str:
    """Fetch times in the reader's zone: KST for Korean readers, UTC otherwise."""
    if moment is None:
        return MESSAGES[lang]["status_never"]
    if lang == "ko":
        return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M KST")
    return moment.astimezone(UTC_ZONE).strftime("%Y-%m-%d %H:%M UTC")


def sector_name(lang: str, sector: str) -> str:
    return SECTOR_NAMES_KO.get(sector, sector) if lang == "ko" else sector
