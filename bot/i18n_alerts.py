"""Messages of alerts, backtests, digests, time zones and chat settings, in English and Korean."""

ALERT_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "usage_alert": (
            "Usage: <code>/alert METRIC [WINDOW] OP VALUE [once] [cooldown=2d] [band=1]</code>\n"
            "Metrics: gap, small_ret, large_ret (window, default 1y), ratio_z (σ, default 5y), "
            "pe_spread (turns), pe_discount (%).\n"
            "OP: &gt; &gt;= &lt; &lt;= crosses crosses_above crosses_below.\n"
            "Examples: <code>/alert pe_discount &lt; 25</code> · "
            "<code>/alert gap 1y crosses -20</code> · <code>/alert ratio_z &lt;= -2 once</code>\n"
            "Also: /alerts · <code>/alert del ID</code> · <code>/alert pause ID</code> · "
            "<code>/alert resume ID</code> · <code>/alert test RULE</code>"
        ),
        "usage_alert_short": "That rule is incomplete.",
        "usage_digest": "Usage: <code>/digest daily|weekly|off [HH:MM]</code>, e.g. "
        "<code>/digest daily 08:30</code>.",
        "usage_tz": "Usage: <code>/tz ZONE</code>, e.g. <code>/tz Asia/Seoul</code>.",
        "usage_settings": "Usage: <code>/settings alerts open|admins</code>.",
        "err_unknown_metric": "Unknown metric <code>{arg}</code>. Metrics: {metrics}.",
        "err_metric_no_window": "{metric} takes no window.",
        "err_bad_operator": "Unknown operator <code>{arg}</code>.",
        "err_bad_number": "<code>{arg}</code> is not a usable number.",
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
        "err_bad_time": "<code>{arg}</code> is not a time of day (HH:MM).",
        "err_bad_tz": "<code>{arg}</code> is not a time zone (e.g. Asia/Seoul, America/New_York).",
        "metric_gap": "{small}−{large} {window} gap",
        "metric_small_ret": "{small} {window} return",
        "metric_large_ret": "{large} {window} return",
        "metric_ratio_z": "{small}/{large} ratio z-score ({window})",
        "metric_pe_spread": "P/E spread {small}−{large}",
        "metric_pe_discount": "P/E discount of {small} vs {large}",
        "op_>": "rises above",
        "op_>=": "is at or above",
        "op_<": "falls below",
        "op_<=": "is at or below",
        "op_crosses": "crosses",
        "op_crosses_above": "crosses above",
        "op_crosses_below": "crosses below",
        "opt_once": "once",
        "opt_cooldown": "at most every {duration}",
        "opt_band": "re-arms {band} past the line",
        "alert_created": "✅ Rule #{id}: tell this chat when the {rule}.\nNow: {value} (as of {as_of}).",
        "alert_created_holds": (
            "It already holds, so it fires at the next crossing, after the value first "
            "moves back past {rearm}."
        ),
        "alert_created_armed": "It does not hold now: it fires when it does.",
        "alert_created_no_value": "No current value yet (data missing): it is armed.",
        "alert_fired": (
            "🔔 <b>Alert #{id}</b>: the {metric} {op} {threshold}.\n"
            "Now {value} (threshold {threshold}), as of the {as_of} close ({basis}).\n"
            "Mute: /alert pause {id} · delete: /alert del {id}"
        ),
        "alert_fired_once": "This was a one-time rule: it is now deleted.",
        "alerts_title": "<b>Alerts in this chat</b>",
        "alerts_empty": "No alerts here yet. Example: <code>/alert pe_discount &lt; 25</code>",
        "alerts_row": "#{id} {rule}\n    now {value} · {state}",
        "alerts_chat_paused": "⚠ Paused: Telegram said the bot could not post here ({reason}).",
        "alerts_access_open": "Anyone here may change alerts.",
        "alerts_access_admins": "Only admins may change alerts.",
        "state_armed": "armed",
        "last_fired": "last fired {when}",
        "state_fired": "fired {when}, re-arms after moving back past the line",
        "state_paused": "paused",
        "alert_deleted": "Rule #{id} deleted.",
        "alert_paused": "Rule #{id} paused.",
        "alert_resumed": "Rule #{id} resumed.",
        "backtest_title": "<b>Backtest</b>: {rule}",
        "backtest_span": "Over {start} → {end} ({days} days with a value): fires {n} times.",
        "backtest_last": "Last: {dates}",
        "backtest_none": "Over {start} → {end}: it would never have fired.",
        "backtest_no_data": "The cache has no history for that metric yet.",
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
        "usage_alert": (
            "사용법: <code>/alert 지표 [기간] 연산자 값 [once] [cooldown=2d] [band=1]</code>\n"
            "지표: gap, small_ret, large_ret (기간, 기본 1y), ratio_z (σ, 기본 5y), "
            "pe_spread (배), pe_discount (%).\n"
            "연산자: &gt; &gt;= &lt; &lt;= crosses crosses_above crosses_below.\n"
            "예: <code>/alert pe_discount &lt; 25</code> · "
            "<code>/alert gap 1y crosses -20</code> · <code>/alert ratio_z &lt;= -2 once</code>\n"
            "그 밖에: /alerts · <code>/alert del ID</code> · <code>/alert pause ID</code> · "
            "<code>/alert resume ID</code> · <code>/alert test 규칙</code>"
        ),
        "usage_alert_short": "규칙이 완전하지 않습니다.",
        "usage_digest": "사용법: <code>/digest daily|weekly|off [HH:MM]</code>, 예: "
        "<code>/digest daily 08:30</code>.",
        "usage_tz": "사용법: <code>/tz 시간대</code>, 예: <code>/tz Asia/Seoul</code>.",
        "usage_settings": "사용법: <code>/settings alerts open|admins</code>.",
        "err_unknown_metric": "알 수 없는 지표 <code>{arg}</code>. 지표: {metrics}.",
        "err_metric_no_window": "{metric}에는 기간을 지정할 수 없습니다.",
        "err_bad_operator": "알 수 없는 연산자 <code>{arg}</code>.",
        "err_bad_number": "<code>{arg}</code>은(는) 사용할 수 있는 숫자가 아닙니다.",
        "err_bad_duration": (
            "<code>{arg}</code>은(는) 기간이 아닙니다 (30m, 12h, 2d, 1w; 최대 1년)."
        ),
        "err_bad_rule_id": "<code>{arg}</code>은(는) 규칙 번호가 아닙니다.",
        "err_rule_not_found": "이 채팅에는 #{id} 규칙이 없습니다.",
        "err_too_many_rules": "이 채팅에는 이미 규칙이 {limit}개 있습니다. 먼저 하나를 지우세요.",
        "err_admins_only": (
            "이 그룹에서는 관리자만 알림과 요약을 바꿀 수 있습니다 "
            "(관리자가 <code>/settings alerts open</code>으로 모두에게 열 수 있습니다)."
        ),
        "err_bad_time": "<code>{arg}</code>은(는) 시각이 아닙니다 (HH:MM).",
        "err_bad_tz": "<code>{arg}</code>은(는) 시간대가 아닙니다 (예: Asia/Seoul, America/New_York).",
        "metric_gap": "{small}−{large} {window} 격차",
        "metric_small_ret": "{small} {window} 수익률",
        "metric_large_ret": "{large} {window} 수익률",
        "metric_ratio_z": "{small}/{large} 비율 z-점수 ({window})",
        "metric_pe_spread": "P/E 스프레드 {small}−{large}",
        "metric_pe_discount": "{large} 대비 {small}의 P/E 할인율",
        "op_>": "초과로 오름:",
        "op_>=": "이상:",
        "op_<": "미만으로 내림:",
        "op_<=": "이하:",
        "op_crosses": "교차:",
        "op_crosses_above": "상향 돌파:",
        "op_crosses_below": "하향 돌파:",
        "opt_once": "한 번만",
        "opt_cooldown": "최대 {duration}마다",
        "opt_band": "선에서 {band} 벗어나면 재무장",
        "alert_created": "✅ 규칙 #{id}: {rule}일 때 이 채팅에 알립니다.\n현재: {value} ({as_of} 기준).",
        "alert_created_holds": (
            "지금 이미 조건을 만족하므로, 값이 먼저 {rearm} 너머로 되돌아간 뒤 다음 교차 때 알립니다."
        ),
        "alert_created_armed": "지금은 조건을 만족하지 않습니다. 만족하면 알립니다.",
        "alert_created_no_value": "아직 현재 값이 없습니다(데이터 없음). 대기 상태입니다.",
        "alert_fired": (
            "🔔 <b>알림 #{id}</b>: {metric} {op} {threshold}.\n"
            "현재 {value} (기준 {threshold}), {as_of} 종가 기준 ({basis}).\n"
            "끄기: /alert pause {id} · 삭제: /alert del {id}"
        ),
        "alert_fired_once": "한 번만 알리는 규칙이라 이제 삭제되었습니다.",
        "alerts_title": "<b>이 채팅의 알림</b>",
        "alerts_empty": "아직 알림이 없습니다. 예: <code>/alert pe_discount &lt; 25</code>",
        "alerts_row": "#{id} {rule}\n    현재 {value} · {state}",
        "alerts_chat_paused": "⚠ 일시 중지: 텔레그램이 이 채팅에 보낼 수 없다고 했습니다 ({reason}).",
        "alerts_access_open": "누구나 알림을 바꿀 수 있습니다.",
        "alerts_access_admins": "관리자만 알림을 바꿀 수 있습니다.",
        "state_armed": "대기",
        "last_fired": "마지막 알림 {when}",
        "state_fired": "{when}에 알림, 선 너머로 되돌아가면 재무장",
        "state_paused": "일시 중지",
        "alert_deleted": "규칙 #{id}을(를) 삭제했습니다.",
        "alert_paused": "규칙 #{id}을(를) 일시 중지했습니다.",
        "alert_resumed": "규칙 #{id}을(를) 다시 켰습니다.",
        "backtest_title": "<b>백테스트</b>: {rule}",
        "backtest_span": "{start} → {end} (값이 있는 {days}일): {n}번 알림.",
        "backtest_last": "최근: {dates}",
        "backtest_none": "{start} → {end}: 한 번도 알리지 않았을 것입니다.",
        "backtest_no_data": "캐시에 아직 그 지표의 이력이 없습니다.",
        "digest_set": "요약: {cadence} {time} ({tz}).",
        "digest_off": "요약을 껐습니다.",
        "digest_none": "끌 요약이 없습니다.",
        "cadence_daily": "매일",
        "cadence_weekly": "매주 월요일",
        "tz_set": "시간대: {tz}.",
        "settings_alerts_open": "알림과 요약: 이 채팅의 누구나 바꿀 수 있습니다.",
        "settings_alerts_admins": "알림과 요약: 관리자만 바꿀 수 있습니다.",
        "chat_resumed": "이 채팅의 알림과 요약이 다시 켜졌습니다.",
        "digest_title": "<b>gapbot 요약</b> · {small} 대 {large} · {as_of} 종가",
        "digest_gap_line": "{window} 격차: {gap} ({basis}); {prev} 이후 {change}",
        "digest_gap_line_first": "{window} 격차: {gap} ({basis})",
        "digest_valuation_line": "P/E 할인율: {discount} ({small} {small_pe}배 대 {large} {large_pe}배)",
        "digest_no_data": "아직 캐시된 데이터가 없습니다.",
        "digest_footer": "출처: {sources}. 그만 받으려면 /digest off.",
    },
}
