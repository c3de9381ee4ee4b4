"""Messages of alerts, backtests, digests, time zones and chat settings, in English and Korean.

A rule reads as a sentence in each language, built from parts: the metric (`rule_metric_*`),
its window (`rule_window`), and a condition per operator (`when_*` for the rule, `fired_*`
for the pushed alert). Korean puts the condition after the metric with its particle and
ends in 면 (`VTWO 낙폭이 −20%보다 깊어지면`), so its parts are written, not translated.
"""

from analytics.alerts import METRICS

# One line per metric in /alert's usage, in METRICS' order; units and default windows come
# from METRICS itself (a metric missing here fails tests/present/test_alert_words.py).
METRIC_HELP: dict[str, dict[str, str]] = {
    "en": {
        "gap": "SMALL's return minus LARGE's",
        "small_ret": "SMALL's return",
        "large_ret": "LARGE's return",
        "ratio_z": "z-score of the SMALL/LARGE ratio against its window",
        "pe_spread": "SMALL's trailing P/E minus LARGE's",
        "pe_discount": "SMALL's P/E discount to LARGE",
        "pe_discount_pct": "that discount's percentile in its own history (0-100)",
        "yield": "the 10-year Treasury yield",
        "yield_chg": "the 10-year yield's change",
        "small_dd": "SMALL's fall from its peak",
        "large_dd": "LARGE's fall from its peak",
        "ratio_dd": "the SMALL/LARGE ratio's fall from its peak",
    },
    "ko": {
        "gap": "소형주 수익률 − 대형주 수익률",
        "small_ret": "소형주 수익률",
        "large_ret": "대형주 수익률",
        "ratio_z": "소형주/대형주 비율의 z점수(기간 대비)",
        "pe_spread": "소형주 P/E − 대형주 P/E",
        "pe_discount": "대형주 대비 소형주의 P/E 할인율",
        "pe_discount_pct": "그 할인율의 과거 이력 속 백분위(0~100)",
        "yield": "미국 10년물 국채 금리",
        "yield_chg": "미국 10년물 국채 금리 변화폭",
        "small_dd": "소형주의 고점 대비 낙폭",
        "large_dd": "대형주의 고점 대비 낙폭",
        "ratio_dd": "소형주/대형주 비율의 고점 대비 낙폭",
    },
}
_UNIT_WORDS = {
    "en": {"pp": "pp", "%": "%", "σ": "σ", "x": "turns", "yld": "%", "bp": "bp",
           "pctl": "percentile"},
    "ko": {"pp": "%p", "%": "%", "σ": "σ", "x": "배", "yld": "%", "bp": "bp", "pctl": "백분위"},
}
_DEFAULT_WORDS = {"en": "{unit}, default {window}", "ko": "{unit}, 기본 {window}"}


def _metric_lines(lang: str) -> str:
    lines = []
    for name, spec in METRICS.items():
        unit = _UNIT_WORDS[lang][spec.unit]
        detail = (_DEFAULT_WORDS[lang].format(unit=unit, window=spec.default_window)
                  if spec.default_window else unit)
        space = "" if lang == "ko" else " "  # Korean writes no space before a bracket
        lines.append(f"<code>{name}</code>{space}({detail}): {METRIC_HELP[lang][name]}")
    return "\n".join(lines)


_USAGE_LINE = {
    "en": "Usage: <code>/alert METRIC [WINDOW] [SMALL LARGE] OP VALUE [once] [cooldown=2d] "
          "[band=1]</code>",
    "ko": "사용법: <code>/alert 지표 [기간] [소형주 대형주] 연산자 값 [once] [cooldown=2d] "
          "[band=1]</code>",
}
# Braces in the generated part are doubled: the usage goes through str.format like any message.
_USAGE = {
    "en": _USAGE_LINE["en"] + "\nMetrics (unit, default window):\n" + _metric_lines("en") + (
        "\nOP: &gt; &gt;= &lt; &lt;= crosses crosses_above crosses_below. WINDOW: 3m, 1y, "
        "7y, 2w, ytd, max…\nExamples: <code>/alert gap 1y crosses -20</code> · "
        "<code>/alert small_dd &lt; -20 once</code>\n"
        "Also: /alerts · <code>/alert test RULE</code> · <code>/alert del|pause|resume ID</code>"
    ),
    "ko": _USAGE_LINE["ko"] + "\n지표(단위, 기본 기간):\n" + _metric_lines("ko") + (
        "\n연산자: &gt; &gt;= &lt; &lt;= crosses crosses_above crosses_below. 기간: 3m, 1y, "
        "7y, 2w, ytd, max…\n예: <code>/alert gap 1y crosses -20</code> · "
        "<code>/alert small_dd &lt; -20 once</code>\n"
        "그 밖에: /alerts · <code>/alert test 규칙</code> · <code>/alert del|pause|resume 번호</code>"
    ),
}

ALERT_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "usage_alert": _USAGE["en"].replace("{", "{{").replace("}", "}}"),
        "usage_alert_line": _USAGE_LINE["en"] + " · <code>/alert</code> alone lists the metrics.",
        "usage_alert_short": "That rule is incomplete: it needs a metric, an operator and a value.",
        "usage_digest": "Usage: <code>/digest daily|weekly|off [HH:MM]</code>, e.g. "
        "<code>/digest daily 08:30</code>.",
        "usage_tz": "Usage: <code>/tz ZONE</code>: a city or zone, e.g. <code>/tz Seoul</code>, "
        "<code>/tz New York</code>, <code>/tz Asia/Seoul</code>.",
        "usage_settings": "Usage: <code>/settings alerts open|admins</code>.",
        "err_unknown_metric": "Unknown metric <code>{arg}</code>.",
        "err_metric_no_window": "<code>{metric}</code> takes no window.",
        "err_bad_operator": "Unknown operator <code>{arg}</code>.",
        "err_bad_number": "<code>{arg}</code> is not a usable number.",
        "err_percentile_range": "<code>{arg}</code> is not a percentile: use a number from 0 to 100.",
        "err_bad_duration": (
            "<code>{arg}</code> is not a duration (30m, 12h, 2d, 1w; at most a year)."
        ),
        "err_bad_rule_id": "<code>{arg}</code> is not a rule id.",
        "err_rule_not_found": "This chat has no rule #{id}.",
        "err_too_many_rules": "This chat already has {limit} rules: delete one first.",
        "err_admins_only": (
            "In this group only admins can change alerts and digests "
            "(an admin can open it to everyone: <code>/settings alerts open</code>)."
        ),
        "err_admins_decide": "In this group only admins change its settings.",
        "err_bad_time": "<code>{arg}</code> is not a time of day (HH:MM).",
        "err_bad_tz": "<code>{arg}</code> is not a time zone or a city I know.",
        "err_alert_window_too_long": (
            "<code>{metric}</code> over <code>{code}</code> needs {window} of common history, "
            "and the cache holds {span} of {small}/{large} closes ({first} → {last}): such a "
            "rule would have nothing to watch. With a window the data holds: "
            "<code>{example}</code>"
        ),
        # rule parts
        "rule_metric_gap": "{small}−{large} gap {window}",
        "rule_metric_small_ret": "{small} return {window}",
        "rule_metric_large_ret": "{large} return {window}",
        "rule_metric_ratio_z": "{small}/{large} ratio's z-score {window}",
        "rule_metric_pe_spread": "P/E spread of {small} over {large}",
        "rule_metric_pe_discount": "P/E discount of {small} to {large}",
        "rule_metric_pe_discount_pct": "percentile of {small}'s P/E discount to {large} in its history",
        "rule_metric_yield": "10-year yield",
        "rule_metric_yield_chg": "10-year yield's change {window}",
        "rule_metric_small_dd": "{small} drawdown",
        "rule_metric_large_dd": "{large} drawdown",
        "rule_metric_ratio_dd": "{small}/{large} ratio's drawdown",
        "rule_window": "over {window}",
        "rule_window_max": "over all data",
        "when_gt": "{metric} rises above {threshold}",
        "when_ge": "{metric} is at or above {threshold}",
        "when_lt": "{metric} falls below {threshold}",
        "when_le": "{metric} is at or below {threshold}",
        "when_crosses": "{metric} crosses {threshold}, either way",
        "when_crosses_above": "{metric} crosses above {threshold}",
        "when_crosses_below": "{metric} crosses below {threshold}",
        "when_gt_depth": "{metric} recovers above {threshold}",
        "when_lt_depth": "{metric} deepens past {threshold}",
        "fired_gt": "{metric} rose above {threshold}",
        "fired_ge": "{metric} is at or above {threshold}",
        "fired_lt": "{metric} fell below {threshold}",
        "fired_le": "{metric} is at or below {threshold}",
        "fired_crosses_above": "{metric} crossed above {threshold}",
        "fired_crosses_below": "{metric} crossed below {threshold}",
        "fired_gt_depth": "{metric} recovered above {threshold}",
        "fired_lt_depth": "{metric} deepened past {threshold}",
        "rule_line": "{condition}",
        "opt_once": "once",
        "opt_cooldown": "at most every {duration}",
        "opt_band": "re-arms {band} past the line",
        "duration_m": "{n} minutes",
        "duration_h": "{n} hours",
        "duration_d": "{n} days",
        "duration_w": "{n} weeks",
        "duration_m_one": "1 minute",
        "duration_h_one": "1 hour",
        "duration_d_one": "1 day",
        "duration_w_one": "1 week",
        "basis_pe_snapshots": "trailing P/E snapshots",
        # creating and listing
        "alert_created": "✅ Rule #{id}: I'll tell this chat when the {condition}.{options}",
        "alert_created_once": (
            "✅ Rule #{id}: I'll tell this chat once, the first time the {condition}, then "
            "delete the rule.{options}"
        ),
        "alert_created_cooldown": " Alerts come at least {duration} apart.",
        "alert_created_band": " After an alert it re-arms once the value is back {band} past the line.",
        "alert_created_now": "Now: {value} (as of the {as_of} close).",
        "alert_created_holds": (
            "It already holds, so it fires at the next crossing, after the value first "
            "moves back past {rearm}."
        ),
        "proposal_holds": (
            "This already holds: now {value} (as of the {as_of} close). Created as written, "
            "it stays silent until the value moves back past {rearm} and returns. To hear "
            "the next time it crosses {threshold}, take the crossing instead."
        ),
        "alert_created_armed": "It does not hold now: it fires when it does.",
        "alert_created_no_value": "It is armed: the first value that meets the condition fires it.",
        "no_value_price": "There is no current value: {small} and {large} have no closes in common in the cache.",
        "no_value_window": "There is no current value: the {small}/{large} history in the cache is shorter than the window.",
        "no_value_pe": "There is no current value: the cache has no P/E snapshots of {small} and {large} from the same day yet (the refresh saves one a day).",
        "no_value_yield": "There is no current value: the cache has no 10-year yield (^TNX) closes.",
        "no_value_short": "no current value",
        "alert_fired": (
            "🔔 <b>Alert #{id}</b>: the {fired}.\n"
            "Now {value} (threshold {threshold}), as of the {as_of} close ({basis}).\n"
            "Mute: /alert pause {id} · delete: /alert del {id}"
        ),
        "alert_fired_once": "This was a one-time rule: it is now deleted.",
        "alerts_title": "<b>Alerts in this chat</b>",
        "alerts_empty": "No alerts here yet. Example: <code>/alert pe_discount &lt; 25</code>",
        "alerts_now": "now {value}",
        "alerts_chat_paused": "⚠ Paused: Telegram said the bot could not post here ({reason}).",
        "alerts_access_open": "Anyone here may change alerts.",
        "alerts_access_admins": "Only admins may change alerts.",
        "state_armed": "armed",
        "last_fired": "last fired {when}",
        "state_fired": "fired {when}, re-arms after moving back past the line",
        "state_paused": "paused",
        "state_holding": "holds already: waits for the value to move back past the line",
        "alert_deleted": "Rule #{id} deleted.",
        "alert_paused": "Rule #{id} paused.",
        "alert_resumed": "Rule #{id} resumed.",
        # backtests
        "backtest_title": "<b>Backtest</b>: {rule}",
        "backtest_span": "Over {start} → {end} ({days} trading days with a value) it would have fired {times}.",
        "backtest_times_one": "once",
        "backtest_times_many": "{n} times",
        "backtest_last": "Last: {dates}",
        "backtest_none": "Over {start} → {end} ({days} trading days with a value) it would never have fired.",
        "backtest_span_pe": "Over {start} → {end} ({days} dates with a P/E of both sides) it would have fired {times}.",
        "backtest_none_pe": "Over {start} → {end} ({days} dates with a P/E of both sides) it would never have fired.",
        "backtest_no_data": "The cache has no history for that metric yet.",
        "backtest_band": "Band {band} ({kind}): after firing, the rule fires again only once the value has been back past {rearm}.",
        "backtest_band_crosses": "Band {band} ({kind}): a crossing counts once the value is {band} clear of {threshold}.",
        "band_default": "the default for <code>{metric}</code>",
        "band_custom": "set with <code>band=</code>",
        "backtest_basis_yield": "Values from ^TNX closes.",
        "backtest_basis_pe": "Values from the trailing P/E history held: {sources}.",
        # digests, time zones, settings
        "digest_set": "Digest: {cadence} at {time} ({tz}).",
        "digest_off": "Digest off.",
        "digest_none": "There was no digest to turn off.",
        "cadence_daily": "every day",
        "cadence_weekly": "every Monday",
        "tz_set": "Time zone: {tz}.",
        "settings_alerts_open": "Alerts and digests: anyone in this chat may change them.",
        "settings_alerts_admins": "Alerts and digests: only admins may change them.",
        "chat_resumed": "Alerts and digests in this chat are on again.",
        "digest_title": "<b>gapbot digest</b> · {small} vs {large} · {as_of} close",
        "digest_gap_line": "{window} gap: {gap} ({basis}); {change} since {prev}",
        "digest_gap_line_first": "{window} gap: {gap} ({basis})",
        "digest_valuation_line": "P/E discount: {discount} ({small} {small_pe}× vs {large} {large_pe}×)",
        "digest_no_data": "No cached data for the pair yet.",
        "digest_footer": "Source: {sources}. /digest off to stop.",
    },
    "ko": {
        "usage_alert": _USAGE["ko"].replace("{", "{{").replace("}", "}}"),
        "usage_alert_line": _USAGE_LINE["ko"] + " · <code>/alert</code>만 보내면 지표 목록이 나옵니다.",
        "usage_alert_short": "규칙이 완성되지 않았습니다. 지표, 연산자, 값이 모두 있어야 합니다.",
        "usage_digest": "사용법: <code>/digest daily|weekly|off [HH:MM]</code>, 예: "
        "<code>/digest daily 08:30</code>.",
        "usage_tz": "사용법: <code>/tz 도시나 시간대</code>, 예: <code>/tz 서울</code>, "
        "<code>/tz New York</code>, <code>/tz Asia/Seoul</code>.",
        "usage_settings": "사용법: <code>/settings alerts open|admins</code>.",
        "err_unknown_metric": "<code>{arg}</code>{arg:~라는} 지표는 없습니다.",
        "err_metric_no_window": "<code>{metric}</code> 지표에는 기간을 붙일 수 없습니다.",
        "err_bad_operator": "<code>{arg}</code>{arg:~라는} 연산자는 없습니다.",
        "err_bad_number": "<code>{arg}</code>{arg:~은} 쓸 수 있는 숫자가 아닙니다.",
        "err_percentile_range": "<code>{arg}</code>{arg:~은} 백분위가 아닙니다. 0에서 100 사이의 숫자를 쓰세요.",
        "err_bad_duration": (
            "<code>{arg}</code>{arg:~은} 시간 간격으로 읽을 수 없습니다(30m, 12h, 2d, 1w처럼 쓰고 최대 1년)."
        ),
        "err_bad_rule_id": "<code>{arg}</code>{arg:~은} 규칙 번호가 아닙니다.",
        "err_rule_not_found": "이 채팅에는 규칙 #{id:이} 없습니다.",
        "err_too_many_rules": "이 채팅에는 이미 규칙이 {limit}개 있습니다. 먼저 하나를 삭제해 주세요.",
        "err_admins_only": (
            "이 그룹에서는 관리자만 알림과 요약을 바꿀 수 있습니다"
            "(관리자가 <code>/settings alerts open</code>으로 모두에게 열 수 있습니다)."
        ),
        "err_admins_decide": "이 그룹의 설정은 관리자만 바꿀 수 있습니다.",
        "err_bad_time": "<code>{arg}</code>{arg:~은} 시각으로 읽을 수 없습니다(HH:MM 형식으로 써 주세요).",
        "err_bad_tz": "<code>{arg}</code>{arg:~은} 아는 시간대나 도시가 아닙니다.",
        "err_alert_window_too_long": (
            "<code>{metric}</code>{metric:~을} <code>{code}</code> 기간으로 보려면 공통 이력이 {window} 필요한데, "
            "캐시에 있는 {small}/{large} 종가는 {span}({first} → {last})뿐이라 이 규칙으로는 "
            "지켜볼 값이 없습니다. 데이터가 있는 기간으로 바꾸면: <code>{example}</code>"
        ),
        "rule_metric_gap": "{small:와} {large}의 {window} 수익률 격차",
        "rule_metric_small_ret": "{small}의 {window} 수익률",
        "rule_metric_large_ret": "{large}의 {window} 수익률",
        "rule_metric_ratio_z": "{small}/{large} 비율의 {window} z점수",
        "rule_metric_pe_spread": "{small:와} {large}의 P/E 차이",
        "rule_metric_pe_discount": "{large} 대비 {small}의 P/E 할인율",
        "rule_metric_pe_discount_pct": "{large} 대비 {small} P/E 할인율의 과거 이력 속 백분위",
        "rule_metric_yield": "미국 10년물 국채 금리",
        "rule_metric_yield_chg": "미국 10년물 국채 금리의 {window} 변화폭",
        "rule_metric_small_dd": "{small} 낙폭",
        "rule_metric_large_dd": "{large} 낙폭",
        "rule_metric_ratio_dd": "{small}/{large} 비율의 낙폭",
        "rule_window": "최근 {window}",
        "rule_window_max": "전체 기간",
        "when_gt": "{metric:이} {threshold}보다 높아지면",
        "when_ge": "{metric:이} {threshold} 이상이 되면",
        "when_lt": "{metric:이} {threshold}보다 낮아지면",
        "when_le": "{metric:이} {threshold} 이하가 되면",
        "when_crosses": "{metric:이} {threshold} 선을 위로든 아래로든 넘으면",
        "when_crosses_above": "{metric:이} {threshold:을} 상향 돌파하면",
        "when_crosses_below": "{metric:이} {threshold:을} 하향 돌파하면",
        "when_gt_depth": "{metric:이} {threshold}보다 얕아지면",
        "when_lt_depth": "{metric:이} {threshold}보다 깊어지면",
        "fired_gt": "{metric:이} {threshold}보다 높아졌습니다",
        "fired_ge": "{metric:이} {threshold} 이상이 되었습니다",
        "fired_lt": "{metric:이} {threshold}보다 낮아졌습니다",
        "fired_le": "{metric:이} {threshold} 이하가 되었습니다",
        "fired_crosses_above": "{metric:이} {threshold:을} 상향 돌파했습니다",
        "fired_crosses_below": "{metric:이} {threshold:을} 하향 돌파했습니다",
        "fired_gt_depth": "{metric:이} {threshold}보다 얕아졌습니다",
        "fired_lt_depth": "{metric:이} {threshold}보다 깊어졌습니다",
        "rule_line": "{condition} 알림",
        "opt_once": "한 번만",
        "opt_cooldown": "최소 {duration} 간격",
        "opt_band": "기준선에서 {band} 넘게 되돌아가면 다시 대기",
        "duration_m": "{n}분",
        "duration_h": "{n}시간",
        "duration_d": "{n}일",
        "duration_w": "{n}주",
        "duration_m_one": "1분",
        "duration_h_one": "1시간",
        "duration_d_one": "1일",
        "duration_w_one": "1주",
        "basis_pe_snapshots": "후행 P/E 스냅숏",
        "alert_created": "✅ 규칙 #{id}: {condition} 이 채팅에 알려 드립니다.{options}",
        "alert_created_once": (
            "✅ 규칙 #{id}: {condition} 이 채팅에 한 번 알려 드리고 규칙을 삭제합니다.{options}"
        ),
        "alert_created_cooldown": " 알림 사이는 최소 {duration} 띄웁니다.",
        "alert_created_band": " 한 번 알린 뒤에는 값이 기준선에서 {band} 넘게 되돌아가야 다시 알립니다.",
        "alert_created_now": "현재 {value}({as_of} 종가 기준).",
        "alert_created_holds": (
            "지금 이미 조건에 들어와 있어서, 값이 {rearm} 너머로 되돌아간 뒤 다시 조건에 들어올 때 알립니다."
        ),
        "proposal_holds": (
            "이 조건은 이미 충족된 상태입니다(현재 {value}, {as_of} 종가 기준). 이대로 만들면 "
            "값이 {rearm} 밖으로 벗어났다가 다시 들어올 때까지 알림이 오지 않습니다. "
            "{threshold:을} 다음에 지날 때 알림을 받으려면 돌파 조건으로 만드세요."
        ),
        "alert_created_armed": "지금은 조건 밖에 있습니다. 조건에 들어오면 알립니다.",
        "alert_created_no_value": "알림은 켜져 있습니다. 조건을 처음 만족하는 값이 나오면 알립니다.",
        "no_value_price": "현재 값이 없습니다. 캐시에 {small:와} {large}의 공통 거래일 종가가 없습니다.",
        "no_value_window": "현재 값이 없습니다. 캐시에 있는 {small}/{large} 이력이 기간보다 짧습니다.",
        "no_value_pe": "현재 값이 없습니다. 캐시에 {small:와} {large}의 같은 날 P/E 스냅숏이 아직 없습니다(데이터 갱신 때 하루 한 번 저장).",
        "no_value_yield": "현재 값이 없습니다. 캐시에 미국 10년물 금리(^TNX) 종가가 없습니다.",
        "no_value_short": "현재 값 없음",
        "alert_fired": (
            "🔔 <b>알림 #{id}</b>: {fired}.\n"
            "현재 {value}(기준선 {threshold}) · {as_of} 종가, {basis} 기준.\n"
            "일시 중지: /alert pause {id} · 삭제: /alert del {id}"
        ),
        "alert_fired_once": "한 번만 알리는 규칙이라 이제 삭제했습니다.",
        "alerts_title": "<b>이 채팅의 알림</b>",
        "alerts_empty": "아직 알림이 없습니다. 예: <code>/alert pe_discount &lt; 25</code>",
        "alerts_now": "현재 {value}",
        "alerts_chat_paused": "⚠ 일시 중지: 텔레그램이 이 채팅에는 보낼 수 없다고 알려 왔습니다({reason}).",
        "alerts_access_open": "누구나 알림을 바꿀 수 있습니다.",
        "alerts_access_admins": "관리자만 알림을 바꿀 수 있습니다.",
        "state_armed": "대기 중",
        "last_fired": "마지막 알림 {when}",
        "state_fired": "{when}에 알림 · 값이 기준선 너머로 되돌아가면 다시 대기",
        "state_paused": "일시 중지",
        "state_holding": "이미 조건 충족 · 값이 기준선 너머로 되돌아가면 다시 대기",
        "alert_deleted": "규칙 #{id:을} 삭제했습니다.",
        "alert_paused": "규칙 #{id:을} 일시 중지했습니다.",
        "alert_resumed": "규칙 #{id:을} 다시 켰습니다.",
        "backtest_title": "<b>백테스트</b>: {rule}",
        "backtest_span": "{start} → {end}, 값이 있는 거래일 {days}일 동안 알림이 {times} 울렸을 것입니다.",
        "backtest_times_one": "한 번",
        "backtest_times_many": "{n}번",
        "backtest_last": "최근: {dates}",
        "backtest_none": "{start} → {end}, 값이 있는 거래일 {days}일 동안 알림이 한 번도 울리지 않았을 것입니다.",
        "backtest_span_pe": "{start} → {end}, 양쪽 P/E가 모두 있는 {days}개 날짜 동안 알림이 {times} 울렸을 것입니다.",
        "backtest_none_pe": "{start} → {end}, 양쪽 P/E가 모두 있는 {days}개 날짜 동안 알림이 한 번도 울리지 않았을 것입니다.",
        "backtest_no_data": "캐시에 아직 이 지표의 이력이 없습니다.",
        "backtest_band": "밴드 {band}({kind}): 한 번 울린 뒤에는 값이 {rearm} 너머로 되돌아가야 다시 울립니다.",
        "backtest_band_crosses": "밴드 {band}({kind}): 값이 {threshold}에서 {band} 넘게 벗어나야 돌파로 인정합니다.",
        "band_default": "<code>{metric}</code> 기본값",
        "band_custom": "<code>band=</code>로 지정",
        "backtest_basis_yield": "값은 ^TNX 종가 기준입니다.",
        "backtest_basis_pe": "값은 보유한 후행 P/E 이력 기준입니다: {sources}.",
        "digest_set": "요약을 {cadence} {time}({tz})에 보내 드립니다.",
        "digest_off": "요약을 껐습니다.",
        "digest_none": "켜져 있는 요약이 없습니다.",
        "cadence_daily": "매일",
        "cadence_weekly": "매주 월요일",
        "tz_set": "시간대를 {tz:으로} 설정했습니다.",
        "settings_alerts_open": "알림과 요약: 이 채팅의 누구나 바꿀 수 있습니다.",
        "settings_alerts_admins": "알림과 요약: 관리자만 바꿀 수 있습니다.",
        "chat_resumed": "이 채팅의 알림과 요약이 다시 켜졌습니다.",
        "digest_title": "<b>gapbot 요약</b> · {small} 대 {large} · {as_of} 종가",
        "digest_gap_line": "{window} 격차: {gap}({basis} 기준), {prev} 대비 {change}",
        "digest_gap_line_first": "{window} 격차: {gap}({basis} 기준)",
        "digest_valuation_line": "P/E 할인율: {discount}({small} {small_pe}배, {large} {large_pe}배)",
        "digest_no_data": "아직 캐시에 이 비교 쌍의 데이터가 없습니다.",
        "digest_footer": "출처: {sources}. 그만 받으려면 /digest off.",
    },
}
