"""Every user-facing string, in English and Korean.

Templates use str.format placeholders; callers pass values already HTML-escaped
(render.py does), so a template may itself contain HTML tags.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from analytics.windows import Window, lookback
from bot.present.i18n_alerts import ALERT_MESSAGES
from bot.present.i18n_calls import CALL_MESSAGES
from bot.present.i18n_debate import DEBATE_MESSAGES
from bot.present.i18n_input import INPUT_MESSAGES
from bot.present.i18n_questions import QUESTION_MESSAGES
from bot.present.i18n_valuation import VALUATION_MESSAGES
from bot.present.korean import particle_formatter

LANGUAGES = ("en", "ko")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "help_intro": (
            "<b>gapbot</b>: are US small caps cheap and lagging, or just weak, against "
            "the S&amp;P 500? Real daily closes (Yahoo Finance, or files imported into the cache); "
            "every figure says its window, basis, source and as-of close."
        ),
        "help_section_market": "<b>Small vs large</b>",
        "help_section_debate": "<b>The rest of the debate</b> (same WINDOW and pair as /gap)",
        "help_section_calls": "<b>Calls</b>: the group's predictions, settled by the data",
        "help_section_alerts": "<b>Alerts and digests</b> (in groups: admins)",
        "help_section_settings": "<b>Settings</b>",
        "help_windows": (
            "  WINDOW: 1m 3m 6m ytd 1y 3y 5y 10y max, any N d/w/m/y such as 2y or 10d, "
            "a start date, or start and end dates"
        ),
        "help_questions": (
            "<b>Ask in plain words</b> (in groups: mention me or reply to me)\n"
            "<i>how did small caps do this year?</i> · <i>since Liberation Day?</i> · "
            "<i>is the small-cap discount still near 35%?</i>"
        ),
        "help_inline": "Inline, in any chat: <code>@{bot} gap 1y</code>",
        "help_default_pair": "Default pair: {small} vs {large}.",
        "events_title": "<b>Named events</b>: each starts from the close before the news",
        "events_usage": "Ask one: <code>/event NAME [DAYS] [SMALL LARGE]</code>, e.g. <code>/event covid 20</code>.",
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
        "err_no_data_this_year": "No closes in {year} yet: the data ends at the {last} close, and ytd means this year. For {last_year}, give its dates: <code>{last_year}-01-01 {last_year}-12-31</code>.",
        "err_window_too_short": (
            "That window has a single close ({start}); pick a longer one."
        ),
        "err_unknown_ticker": "Yahoo Finance does not know the ticker <code>{ticker}</code>.",
        "err_no_data": "No data for <code>{ticker}</code> in the cache.",
        "err_no_data_offline": (
            "No data for <code>{ticker}</code> in the cache, and the bot is offline "
            "(GAPBOT_OFFLINE). Load closes from CSV files with "
            "<code>gapbot import FILE.csv</code>, e.g. the reference data: "
            "<code>gapbot import ../shared/market-data/*.csv</code>."
        ),
        "err_yahoo_unavailable": (
            "Yahoo Finance is not answering right now and <code>{ticker}</code> is not "
            "cached. Try again later; the bot's operator can also load CSV files with "
            "<code>gapbot import FILE.csv</code>."
        ),
        "err_no_funds": "No fund data (sectors, holdings) for <code>{ticker}</code> yet. The refresh fetches Yahoo's; a provider's holdings file can be loaded with <code>gapbot import --holdings FILE --ticker {ticker}</code>.",
        "err_not_a_fund": "<code>{ticker}</code> is an index, not a fund: it has no holdings.",
        "err_internal": "Something went wrong on my side (it is in the bot's log). Please try again later.",
        "gap_title": "<b>{small} vs {large}</b> · {window}",
        "window_max": "all data",
        "window_ytd": "YTD {year}",
        "window_ytd_bare": "year to date",
        "window_since": "since {start}",
        "window_from": "window from {start}",
        "window_covered": "{start} → {end} ({covered} of the {asked} asked)",
        "window_covered_since": "{start} → {end} (the data starts after the {asked} asked)",
        "gap_period": "{start} close → {end} close ({days} trading days)",
        "gap_truncated": "⚠ The data starts at {start}: shorter than the {window} asked for.",
        "gap_ends_short": "⚠ The data ends at the {end} close, before the {asked} asked for.",
        "col_price": "Price",
        "col_total": "Total",
        "row_gap": "Gap",
        "gap_verdict_lag": "{small} lagged {large} by {gap} ({basis}).",
        "gap_verdict_lead": "{small} beat {large} by {gap} ({basis}).",
        "gap_verdict_even": "{small} and {large} returned the same ({basis}).",
        "gap_verdict_partial": "Over these {days} trading days only, not the whole {asked}:",
        "gap_other_span": "{basis_name} over its own closes, {start} → {end} ({days} trading days): {small} {small_ret}, {large} {large_ret}, gap {gap}.",
        "basis_name_total": "Total return",
        "basis_name_price": "Price return",
        "basis_price": "price return",
        "basis_total": "total return",
        "ratio_line": "{small}/{large} ratio: {start} → {end} ({change}, {basis})",
        "na": "n/a",
        "note_index_no_total": "{ticker} is a price index: no dividends, so no total return.",
        "note_no_adjusted": "No adjusted closes for {ticker} in the cache: no total return for it, so no total-return gap.",
        "note_no_adjusted_days": "{ticker} has no adjusted close on {start} or {end}: no total return for it over this span.",
        "note_no_close": "No unadjusted closes for {ticker} in the cache: no price return for it, so no price gap.",
        "note_no_close_days": "{ticker} has no unadjusted close on {start} or {end}: no price return for it over this span.",
        "source_line": "Source: {sources}.",
        "source_note_total": "Total return from dividend-adjusted closes.",
        "source_note_price": "Price return from closes, dividends excluded.",
        "asof_line": "As of the {close} close (fetched {fetched}).",
        "asof_line_imported": "As of the {close} close (imported {fetched}).",
        "source_imported": "{file} (imported CSV)",
        "source_imported_many": "imported CSV files {files}",
        "asof_line_unknown": "As of the {close} close.",
        "stale_line": "⚠ Stale: data ends {last}, {days} days ago; the latest close is {expected}.",
        "chart_stale": "Stale: data ends {last}, {days} days ago",
        "stale_line_empty": "⚠ No data in the cache yet; the latest close is {expected}.",
        "stale_error": "Last refresh: {error}",
        "yahoo_rate_limited": "Yahoo Finance asked us to slow down (rate limit); retrying later.",
        "yahoo_unavailable": "Yahoo Finance could not be reached.",
        "yahoo_unknown_ticker": "Yahoo Finance does not know this ticker.",
        "yahoo_no_new_data": "Yahoo Finance had no newer close yet.",
        "sec_title": "<b>Sector weights: {small} vs {large}</b>",
        "sec_header": "Sector",
        "sec_diff": "Diff",
        "sec_asof": "Fund data as of {small_as_of} ({small}), {large_as_of} ({large}); "
        "source: {source}.",
        "top_title": "<b>Top holdings: {ticker}</b>",
        "top_sum": "Top {n} = {total} of the fund.",
        "top_asof": "As of {as_of}; source: {source}.",
        "status_title": "<b>Data status</b>",
        "status_row": "{ticker}: {first} → {last} ({rows} trading days), refreshed {refreshed}",
        "status_row_empty": "{ticker}: not cached",
        "status_error": "  last error {at}: {error}",
        "status_last_refresh": "Last refresh: {at}",
        "status_never": "never",
        "status_offline": "Offline mode: answers come from the cache only.",
        "status_backoff": "Backing off from Yahoo until {until} (rate limited).",
        "status_expected": "Newest close that can exist now: {expected}.",
        "units_pp": " pp",
        "units_turns": " turns",
        "units_percentile": "percentile {n}",
        "button_total": "Total return",
        "button_price": "Price return",
        "button_stale": "This button has expired: send /gap again.",
        "button_same": "Already showing that.",
        "usage_lang": "Usage: <code>/lang ko|en</code>.",
        "lang_set": "Language: English.",
        "usage_settings_all": "Usage: <code>/settings alerts open|admins</code>, <code>/settings calls open|admins</code> or <code>/settings charts on|off</code>.",
        "settings_title": "<b>Settings of this chat</b>",
        "settings_pair": "Pair: {small} vs {large} (<code>/pair</code>)",
        "settings_language": "Language: {language} (<code>/lang</code>)",
        "language_en": "English",
        "language_ko": "Korean",
        "settings_digest": "Digest: {digest}, time zone {tz} (<code>/digest</code>, <code>/tz</code>)",
        "settings_digest_off": "off",
        "settings_state_charts_on": "Charts: on (<code>/settings charts off</code>)",
        "settings_state_charts_off": "Charts: off, text only (<code>/settings charts on</code>)",
        "settings_charts_on": "Charts: on.",
        "settings_charts_off": "Charts: off (text only).",
        "inline_usage_title": "Type: gap 1y (or gap ytd IWM SPY)",
        "inline_usage_text": "gapbot inline: <code>@{bot} gap 1y</code>, <code>@{bot} gap 2023-01-01 IWM SPY</code>.",
        "usage_sectors": "Usage: <code>/sectors [SMALL LARGE]</code>, e.g. <code>/sectors IWM SPY</code> (funds, not indexes).",
        "err_yield_not_price": "<code>{ticker}</code> is a bond yield, not a price: it has no return. Try /rates for the 10-year yield.",
        "err_fetch_budget": "<code>{ticker}</code> is not cached, and this chat has fetched its share of new tickers from Yahoo this hour. Try again later.",
        "err_short_history": "<code>{window}</code> windows need {window} of common history; {small}/{large} has {years} years in the cache, so such a rule has no value to watch yet. Try a shorter window, e.g. <code>/alert ratio_z 1y &lt;= -2</code>.",
        "unknown_command": "I don't know <code>{command}</code>. /help lists every command.",
        "alerts_page": "(page {page} of {pages})",
        "chat_migrated": "This group is now a supergroup: its alerts, digest and settings moved with it.",
        "usage_pair": "Usage: <code>/pair SMALL LARGE</code> (admins in groups), e.g. <code>/pair IWM QQQ</code>, <code>/pair ^RUT ^GSPC</code>; <code>/pair reset</code> for the default.",
        "pair_show": "This chat's pair: <b>{small} vs {large}</b>.",
        "pair_show_default": "This chat uses the default pair: <b>{small} vs {large}</b>.",
        "pair_set": "This chat's pair is now <b>{small} vs {large}</b>: every command, digest and new alert here uses it unless it names another.",
        "pair_reset": "Back to the default pair: <b>{small} vs {large}</b>.",
        "pair_index_note": "An index has no holdings: /sectors and /top need funds (e.g. <code>/sectors IWM SPY</code>).",
        "topic_moved_to_general": "The topic my alerts, digests and call results went to is closed or gone: they come here, to General, from now on.",
    },
    "ko": {
        "help_intro": (
            "<b>gapbot</b>: 미국 소형주는 S&amp;P 500보다 싸고 뒤처진 걸까요, 아니면 그냥 "
            "약한 걸까요? Yahoo Finance의 실제 일별 종가(또는 직접 가져온 CSV 파일)로 답하고, "
            "모든 수치에 기간, 수익률 기준, 출처, 기준 종가를 함께 밝힙니다."
        ),
        "help_section_market": "<b>소형주 대 대형주</b>",
        "help_section_debate": "<b>더 깊이 보기</b>(기간·비교 쌍 지정은 /gap과 같음)",
        "help_section_calls": "<b>예측</b>: 방에서 건 예측을 데이터로 판정합니다",
        "help_section_alerts": "<b>알림과 요약</b>(그룹에서는 관리자만)",
        "help_section_settings": "<b>설정</b>",
        "help_windows": (
            "  기간: 1m 3m 6m ytd 1y 3y 5y 10y max, 2y·2w·10d처럼 N일·주·개월·년, "
            "시작일 또는 시작일과 종료일"
        ),
        "help_questions": (
            "<b>평소 말로 물어보세요</b>(그룹에서는 저를 멘션하거나 제 메시지에 답장)\n"
            "<i>러셀 올해 S&amp;P보다 얼마나 뒤졌어?</i> · <i>해방의 날 이후 소형주는?</i> · "
            "<i>소형주 할인율 아직 35% 근처야?</i>"
        ),
        "help_inline": "인라인(어느 채팅에서나): <code>@{bot} gap 1y</code>",
        "help_default_pair": "기본 비교 쌍: {small} 대 {large}.",
        "events_title": "<b>이벤트 목록</b>: 각 이벤트는 소식이 나오기 전 종가에서 시작합니다",
        "events_usage": "물어보기: <code>/event 이름 [거래일수] [소형주 대형주]</code>, 예: <code>/event covid 20</code>.",
        "usage_gap": (
            "사용법: <code>/gap [기간] [소형주 대형주]</code>, 예: <code>/gap 1y</code>, "
            "<code>/gap 2023-01-01 2025-10-15 IWM SPY</code>."
        ),
        "usage_top": "사용법: <code>/top [티커]</code>, 예: <code>/top VTWO</code>.",
        "err_bad_argument": "<code>{arg}</code>{arg:~을} 이해하지 못했습니다.",
        "err_too_many_arguments": "입력한 값이 너무 많습니다.",
        "err_bad_ticker": "<code>{arg}</code>{arg:~은} 티커가 아닙니다.",
        "err_bad_date": "<code>{arg}</code>{arg:~은} 올바른 날짜가 아닙니다(YYYY-MM-DD 형식).",
        "err_future_date": "아직 오지 않은 날짜입니다({date}).",
        "err_end_before_start": "종료일({end})은 시작일({start})보다 늦어야 합니다.",
        "err_same_ticker": "서로 다른 티커 두 개를 입력해 주세요.",
        "err_no_overlap": "캐시에 {small:과} {large:이} 함께 거래된 날이 없습니다.",
        "err_start_after_data": "{start} 이후 데이터가 없습니다. 캐시의 마지막 종가는 {last}입니다.",
        "err_end_before_data": "{end} 이전 데이터가 없습니다. 캐시는 {first}부터 시작합니다.",
        "err_no_data_this_year": "{year}년 종가가 아직 없습니다. 데이터는 {last} 종가에서 끝나는데, ytd는 올해 연초 이후를 뜻합니다. {last_year}년을 보려면 날짜로 입력해 주세요: <code>{last_year}-01-01 {last_year}-12-31</code>.",
        "err_window_too_short": "이 기간에는 종가가 하나({start})뿐입니다. 더 긴 기간을 골라 주세요.",
        "err_unknown_ticker": "Yahoo Finance에 <code>{ticker}</code>{ticker:~라는} 티커가 없습니다.",
        "err_no_data": "캐시에 <code>{ticker}</code> 데이터가 없습니다.",
        "err_no_data_offline": (
            "캐시에 <code>{ticker}</code> 데이터가 없는데 봇이 오프라인 모드(GAPBOT_OFFLINE)라 "
            "받아 올 수도 없습니다. CSV 파일의 종가는 <code>gapbot import 파일.csv</code>로 "
            "가져올 수 있습니다. 예: <code>gapbot import ../shared/market-data/*.csv</code>"
        ),
        "err_yahoo_unavailable": (
            "지금 Yahoo Finance가 응답하지 않는데 <code>{ticker}</code>{ticker:~는} 캐시에도 "
            "없습니다. 잠시 후 다시 시도해 주세요. 봇 운영자는 <code>gapbot import 파일.csv</code>로 "
            "CSV 파일을 가져올 수도 있습니다."
        ),
        "err_no_funds": "아직 <code>{ticker}</code>의 펀드 데이터(섹터 비중, 보유 종목)가 없습니다. 데이터 갱신 때 Yahoo에서 받아 오며, 운용사의 보유 종목 파일은 <code>gapbot import --holdings 파일 --ticker {ticker}</code>로 불러올 수 있습니다.",
        "err_not_a_fund": "<code>{ticker}</code>{ticker:~는} 펀드가 아니라 지수라서 보유 종목이 없습니다.",
        "err_internal": "봇 내부에서 오류가 났습니다(로그에 남겼습니다). 잠시 후 다시 시도해 주세요.",
        "gap_title": "<b>{small} 대 {large}</b> · {window}",
        "window_max": "전체 기간",
        "window_ytd": "{year}년 연초 이후",
        "window_ytd_bare": "연초 이후",
        "window_since": "{start} 이후",
        "window_from": "{start}부터의 기간",
        "window_covered": "{start} → {end}(요청한 {asked} 중 {covered})",
        "window_covered_since": "{start} → {end}(데이터가 요청한 {asked}보다 늦게 시작)",
        "gap_period": "{start} 종가 → {end} 종가({days}거래일)",
        "gap_truncated": "⚠ 데이터가 {start}부터라 요청한 {window}보다 짧습니다.",
        "gap_ends_short": "⚠ 데이터가 {end} 종가에서 끝나 요청한 {asked}까지 이르지 못합니다.",
        "col_price": "가격 수익률",
        "col_total": "총수익률",
        "row_gap": "격차",
        "gap_verdict_lag": "{small:이} {large}보다 {gap} 뒤처졌습니다({basis} 기준).",
        "gap_verdict_lead": "{small:이} {large}보다 {gap} 앞섰습니다({basis} 기준).",
        "gap_verdict_even": "{small:과} {large}의 수익률이 같았습니다({basis} 기준).",
        "gap_verdict_partial": "※ 요청한 {asked} 전체가 아니라 데이터가 있는 {days}거래일만 본 결과입니다.",
        "gap_other_span": "{basis_name:은} 해당 종가가 있는 구간으로 따로 계산했습니다: {start} → {end}({days}거래일) {small} {small_ret}, {large} {large_ret}, 격차 {gap}.",
        "basis_name_total": "총수익률",
        "basis_name_price": "가격 수익률",
        "basis_price": "가격 수익률",
        "basis_total": "총수익률",
        "ratio_line": "{small}/{large} 비율: {start} → {end}({change}, {basis} 기준)",
        "na": "없음",
        "note_index_no_total": "{ticker:은} 배당이 반영되지 않는 가격 지수라 총수익률이 없습니다.",
        "note_no_adjusted": "캐시에 {ticker}의 수정 종가가 없어 총수익률과 그 격차는 계산하지 않았습니다.",
        "note_no_adjusted_days": "{ticker:는} {start} 또는 {end}의 수정 종가가 없어 이 기간의 총수익률을 계산할 수 없습니다.",
        "note_no_close": "캐시에 {ticker}의 수정 전 종가가 없어 가격 수익률과 그 격차는 계산하지 않았습니다.",
        "note_no_close_days": "{ticker:는} {start} 또는 {end}의 수정 전 종가가 없어 이 기간의 가격 수익률을 계산할 수 없습니다.",
        "source_line": "출처: {sources}.",
        "source_note_total": "총수익률은 배당을 반영한 수정 종가로 계산했습니다.",
        "source_note_price": "가격 수익률은 배당을 반영하지 않은 종가로 계산했습니다.",
        "asof_line": "{close} 종가 기준({fetched} 수집).",
        "asof_line_imported": "{close} 종가 기준({fetched} 가져옴).",
        "source_imported": "{file}(CSV 가져오기)",
        "source_imported_many": "가져온 CSV 파일 {files}",
        "asof_line_unknown": "{close} 종가 기준.",
        "stale_line": "⚠ 데이터가 {last}에서 끝나 {days}일이 지났습니다. 지금 받을 수 있는 최신 종가는 {expected}입니다.",
        "chart_stale": "데이터가 {last}에서 끝남({days}일 전)",
        "stale_line_empty": "⚠ 캐시에 아직 데이터가 없습니다. 지금 받을 수 있는 최신 종가는 {expected}입니다.",
        "stale_error": "마지막 갱신 결과: {error}",
        "yahoo_rate_limited": "Yahoo Finance 요청 한도에 걸려 나중에 다시 받아 옵니다.",
        "yahoo_unavailable": "Yahoo Finance에 연결할 수 없었습니다.",
        "yahoo_unknown_ticker": "Yahoo Finance에 없는 티커입니다.",
        "yahoo_no_new_data": "Yahoo Finance에 아직 새 종가가 없었습니다.",
        "sec_title": "<b>섹터 비중: {small} 대 {large}</b>",
        "sec_header": "섹터",
        "sec_diff": "차이",
        "sec_asof": "펀드 데이터 기준일: {small} {small_as_of}, {large} {large_as_of}. "
        "출처: {source}.",
        "top_title": "<b>상위 보유 종목: {ticker}</b>",
        "top_sum": "상위 {n}개 종목이 펀드의 {total:를} 차지합니다.",
        "top_asof": "{as_of} 기준, 출처: {source}.",
        "status_title": "<b>데이터 상태</b>",
        "status_row": "{ticker}: {first} → {last}({rows}거래일), 마지막 갱신 {refreshed}",
        "status_row_empty": "{ticker}: 캐시에 없음",
        "status_error": "  마지막 오류({at}): {error}",
        "status_last_refresh": "마지막 갱신: {at}",
        "status_never": "없음",
        "status_offline": "오프라인 모드: 캐시에 있는 데이터로만 답합니다.",
        "status_backoff": "요청 한도에 걸려 {until}까지 Yahoo에 요청하지 않습니다.",
        "status_expected": "지금 받을 수 있는 최신 종가: {expected}.",
        "units_pp": "%p",
        "units_turns": "배",
        "units_percentile": "백분위 {n}",
        "button_total": "총수익률",
        "button_price": "가격 수익률",
        "button_stale": "만료된 버튼입니다. /gap을 다시 보내 주세요.",
        "button_same": "이미 보고 있는 화면입니다.",
        "usage_lang": "사용법: <code>/lang ko|en</code>.",
        "lang_set": "이제 한국어로 답합니다.",
        "usage_settings_all": "사용법: <code>/settings alerts open|admins</code>, <code>/settings calls open|admins</code> 또는 <code>/settings charts on|off</code>.",
        "settings_title": "<b>이 채팅의 설정</b>",
        "settings_pair": "비교 쌍: {small} 대 {large}(<code>/pair</code>)",
        "settings_language": "언어: {language}(<code>/lang</code>)",
        "language_en": "영어",
        "language_ko": "한국어",
        "settings_digest": "요약: {digest}, 시간대 {tz}(<code>/digest</code>, <code>/tz</code>)",
        "settings_digest_off": "받지 않음",
        "settings_state_charts_on": "차트: 켬(<code>/settings charts off</code>)",
        "settings_state_charts_off": "차트: 끔, 텍스트만(<code>/settings charts on</code>)",
        "settings_charts_on": "차트를 켰습니다.",
        "settings_charts_off": "차트를 껐습니다(텍스트로만 답함).",
        "inline_usage_title": "입력 예: gap 1y (또는 gap ytd IWM SPY)",
        "inline_usage_text": "gapbot 인라인: <code>@{bot} gap 1y</code>, <code>@{bot} gap 2023-01-01 IWM SPY</code>.",
        "usage_sectors": "사용법: <code>/sectors [소형주 대형주]</code>, 예: <code>/sectors IWM SPY</code>(지수가 아닌 펀드만).",
        "err_yield_not_price": "<code>{ticker}</code>{ticker:~는} 가격이 아니라 채권 금리라 수익률을 낼 수 없습니다. 10년물 금리와의 관계는 /rates로 보세요.",
        "err_fetch_budget": "<code>{ticker}</code>{ticker:~는} 캐시에 없는데, 이 채팅은 이번 한 시간 동안 Yahoo에서 새 티커를 받아 올 수 있는 한도를 다 썼습니다. 잠시 후 다시 시도해 주세요.",
        "err_short_history": "<code>{window}</code> 기간 규칙에는 공통 이력이 {window} 필요한데, 캐시에 있는 {small}/{large} 이력은 {years}년뿐이라 아직 지켜볼 값이 없습니다. 더 짧은 기간을 써 보세요(예: <code>/alert ratio_z 1y &lt;= -2</code>).",
        "unknown_command": "<code>{command}</code>{command:~은} 없는 명령어입니다. 모든 명령어는 /help에서 볼 수 있습니다.",
        "alerts_page": "({page}/{pages}쪽)",
        "chat_migrated": "이 그룹이 슈퍼그룹으로 바뀌어 알림, 요약, 설정을 함께 옮겼습니다.",
        "usage_pair": "사용법: <code>/pair 소형주 대형주</code>(그룹에서는 관리자만). 예: <code>/pair IWM QQQ</code>, <code>/pair ^RUT ^GSPC</code>. 기본 비교 쌍으로 돌아가려면 <code>/pair reset</code>.",
        "pair_show": "이 채팅의 비교 쌍은 <b>{small} 대 {large}</b>입니다.",
        "pair_show_default": "이 채팅은 기본 비교 쌍 <b>{small} 대 {large}</b>{large:~를} 씁니다.",
        "pair_set": "이제 이 채팅의 비교 쌍은 <b>{small} 대 {large}</b>입니다. 다른 쌍을 지정하지 않는 한 모든 명령어와 요약, 새 알림에 이 쌍을 씁니다.",
        "pair_reset": "기본 비교 쌍 <b>{small} 대 {large}</b>{large:~로} 돌아갔습니다.",
        "pair_index_note": "지수에는 보유 종목이 없어 /sectors와 /top에는 펀드를 써야 합니다(예: <code>/sectors IWM SPY</code>).",
        "topic_moved_to_general": "알림과 요약, 예측 결과를 보내던 토픽이 닫혔거나 삭제되어 앞으로는 이곳 General로 보냅니다.",
    },
}

for _table in (ALERT_MESSAGES, CALL_MESSAGES, DEBATE_MESSAGES, INPUT_MESSAGES,
               QUESTION_MESSAGES, VALUATION_MESSAGES):
    for _lang, _messages in _table.items():
        MESSAGES[_lang].update(_messages)

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
    "Cash & Other": "현금·기타",  # imported holdings files: cash, derivatives, unclassified
}

SEOUL = ZoneInfo("Asia/Seoul")
UTC_ZONE = ZoneInfo("UTC")


def default_zone(lang: str) -> str:
    """Digest times mean Seoul time to Korean readers and New York time otherwise."""
    return "Asia/Seoul" if lang == "ko" else "America/New_York"


def language_for(code: str | None) -> str:
    """Telegram's IETF tag ('ko', 'ko-KR', 'en-US') to one of ours; English otherwise."""
    return "ko" if (code or "").lower().startswith("ko") else "en"


def t(lang: str, key: str, **values) -> str:
    """The message `key` in `lang`; `{name:이}` in a template picks the particle that fits."""
    return particle_formatter.format(MESSAGES[lang][key], **values)


def fmt_signed(value: float, digits: int = 1) -> str:
    """`+1.5`, `−1.5` (a real minus sign), and `0.0` for what rounds to zero: never `−0.0`."""
    text = f"{value:+.{digits}f}"
    if float(text) == 0:
        return f"{0:.{digits}f}"
    return text.replace("-", "−")


def fmt_pct(lang: str, fraction: float | None, digits: int = 1) -> str:
    if fraction is None:
        return MESSAGES[lang]["na"]
    return fmt_signed(fraction * 100, digits) + "%"


def fmt_share(fraction: float, digits: int = 1) -> str:
    """A share or a probability: `49.4%`, `70%` (no sign: it is never negative)."""
    return f"{fraction * 100:.{digits}f}%"


def fmt_pp(lang: str, points: float | None) -> str:
    """Percentage points: 'pp' in English, '%p' as Korean finance writes it."""
    if points is None:
        return MESSAGES[lang]["na"]
    unit = "%p" if lang == "ko" else " pp"
    return fmt_signed(points) + unit


def fmt_date(lang: str, day: date) -> str:
    return day.isoformat()


def fmt_time(lang: str, moment: datetime | None) -> str:
    """Fetch times in the reader's zone: KST for Korean readers, UTC otherwise."""
    if moment is None:
        return MESSAGES[lang]["status_never"]
    if lang == "ko":
        return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M KST")
    return moment.astimezone(UTC_ZONE).strftime("%Y-%m-%d %H:%M UTC")


_UNIT_NAMES = {
    "en": {"d": ("day", "days"), "w": ("week", "weeks"), "m": ("month", "months"),
           "y": ("year", "years")},
    "ko": {"d": ("일", "일"), "w": ("주", "주"), "m": ("개월", "개월"), "y": ("년", "년")},
}


_IMPORTED = re.compile(r"^CSV import \((?P<file>.+)\)$")


def imported_file(source: str) -> str | None:
    """The file a source names when the data was imported (`gapbot import`), else None."""
    match = _IMPORTED.match(source)
    return match.group("file") if match else None


def sources_label(lang: str, sources: tuple[str, ...] | list[str]) -> str:
    """Several recorded sources in one phrase: imported files grouped once
    (`imported CSV files: IWM_raw.csv, SPY_raw.csv`), other sources by name."""
    files = [imported_file(s) for s in sources]
    named = [s for s, f in zip(sources, files, strict=True) if f is None]
    imported = sorted(f for f in files if f)
    if len(imported) > 1:
        named.append(MESSAGES[lang]["source_imported_many"].format(files=", ".join(imported)))
    elif imported:
        named.append(MESSAGES[lang]["source_imported"].format(file=imported[0]))
    return ", ".join(named)


def fmt_count(lang: str, count: int | float, unit: str) -> str:
    """`1 year`, `3 years`, `2.9 years`; Korean `1년`, `2.9년` (unit: d w m y)."""
    one, many = _UNIT_NAMES[lang][unit]
    text = f"{count:g}" if isinstance(count, int) or float(count).is_integer() else f"{count:.1f}"
    if lang == "ko":
        return f"{text}{one}"
    return f"{text} {one if text == '1' else many}"


def window_name(lang: str, window: Window) -> str:
    """A window as a reader says it: `1 year`, `YTD 2026`, `all data`; `1년`, `2026년 연초 이후`."""
    if window.preset == "max":
        return MESSAGES[lang]["window_max"]
    if window.preset == "ytd":
        if window.year is None:
            return MESSAGES[lang]["window_ytd_bare"]
        return MESSAGES[lang]["window_ytd"].format(year=window.year)
    if window.preset:
        count, unit = lookback(window.preset)
        return fmt_count(lang, count, unit)
    if window.end:
        return f"{window.start:%Y-%m-%d} → {window.end:%Y-%m-%d}"
    return MESSAGES[lang]["window_since"].format(start=f"{window.start:%Y-%m-%d}")


def window_button_label(lang: str, code: str) -> str:
    """A window on a button, short: `1Y`, `YTD`, `MAX`; Korean `1년`, `연초 이후`, `전체`."""
    if lang != "ko":
        return code.upper()
    if code in ("max", "ytd"):
        return {"max": "전체", "ytd": "연초 이후"}[code]
    count, unit = lookback(code)
    return fmt_count(lang, count, unit)


def asked_window(lang: str, window: Window) -> str:
    """The window asked for as a noun phrase that reads after "the … asked for":
    `10 years`, `2022-01-01 → 2022-12-31`, `window from 2020-02-19` (`2020-02-19부터의 기간`)."""
    if window.preset is None and window.end is None:
        return MESSAGES[lang]["window_from"].format(start=f"{window.start:%Y-%m-%d}")
    return window_name(lang, window)


def fmt_span(lang: str, start: date, end: date) -> str:
    """How long a span of closes is, in the unit a reader would use: 2.9 years, 11 months,
    29 days."""
    days = (end - start).days
    if days >= 365:
        return fmt_count(lang, round(days / 365.25, 1), "y")
    if days >= 60:
        return fmt_count(lang, round(days / 30.44), "m")
    return fmt_count(lang, days, "d")


def sector_name(lang: str, sector: str) -> str:
    return SECTOR_NAMES_KO.get(sector, sector) if lang == "ko" else sector
