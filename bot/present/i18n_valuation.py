"""Messages of /valuation, in English and Korean; merged into bot.present.i18n.MESSAGES.

The answer says what each figure rests on: whose P/E (a fund's own, or the index it
tracks), from which source and date, and how long and dense the history is that a
percentile is taken in; a history under a year says it cannot call anything unusual."""

# ruff: noqa: E501  (templates read better whole than split mid-sentence)

VALUATION_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "usage_valuation": "Usage: <code>/valuation [SMALL LARGE]</code>, e.g. <code>/valuation IWM SPY</code>.",
        "err_no_valuation": (
            "No P/E of <code>{ticker}</code> in the cache yet. The daily refresh records "
            "Yahoo's; a history can be loaded with <code>gapbot import --valuation FILE "
            "--ticker {ticker}</code>."
        ),
        "val_title": "<b>Valuation: {small} vs {large}</b> (trailing P/E)",
        "val_pe_line": "{ticker}: {pe}× ({source}, {as_of})",
        "val_pe_line_proxy": "{ticker}: {pe}×, the P/E of {index}, the index it tracks ({source}, {as_of})",
        "val_spread": "Spread {spread} turns · discount {discount}",
        "val_discount_note": "discount = 1 − small P/E ÷ large P/E; positive = small is cheaper",
        "val_apart": "⚠ The two P/Es are dated {small_as_of} ({small}) and {large_as_of} ({large}), {span} apart: the spread compares two different moments.",
        "val_unusual": "<b>Is the discount unusual?</b>",
        "val_history": "History of the discount: {count} {density} points, {first} → {last} ({span}); {sources}.",
        "val_history_sides": "{small} from {small_source}, {large} from {large_source}",
        "val_history_source": "source: {source}",
        "val_rank": "Today's {value} is at the {pct} percentile{z}; range {low} ({low_on}) to {high} ({high_on}).",
        "val_z": ", z-score {z}",
        "val_short": "⚠ Under a year of history: this ranks today against {span}, not against history, and cannot say whether the discount is unusual.",
        "val_no_common": "The two sides' histories share no dates ({small}: {small_first} → {small_last}; {large}: {large_first} → {large_last}), so the discount has no history to rank it in.",
        "val_one_point": "Only one date with both P/Es so far: nothing to rank the discount against yet.",
        "val_sides": "<b>Each side in its own history</b>",
        "val_side": "{ticker} {pe}×: {pct} percentile of {whose}{count} {density} P/Es, {first} → {last}{z}; range {low}× ({low_on}) to {high}× ({high_on}).",
        "val_side_own": "its ",
        "val_side_index": "{index}'s ",
        "val_one_sided": "{long}'s history reaches back to {long_first}, {short}'s only to {short_first}: the discount is compared on the span they share only.",
        "val_mixed_sources": "Today's P/Es and the history come from different sources ({sources}), which compute P/E differently: read the rank as approximate.",
        "val_source": "Source: {sources}. Trailing 12-month P/E.",
        "density_daily": "daily",
        "density_weekly": "weekly",
        "density_monthly": "monthly",
        "density_irregular": "irregularly spaced",
        "span_days": "{n} days",
        "span_day": "1 day",
        "span_months": "{n} months",
        "span_years": "{n} years",
    },
    "ko": {
        "usage_valuation": "사용법: <code>/valuation [소형주 대형주]</code>, 예: <code>/valuation IWM SPY</code>.",
        "err_no_valuation": (
            "캐시에 아직 <code>{ticker}</code>의 P/E가 없습니다. 매일 갱신 때 Yahoo 값을 "
            "기록하며, 과거 이력은 <code>gapbot import --valuation 파일 --ticker {ticker}</code>로 "
            "불러올 수 있습니다."
        ),
        "val_title": "<b>밸류에이션: {small} 대 {large}</b>(후행 P/E)",
        "val_pe_line": "{ticker}: {pe}배({source}, {as_of} 기준)",
        "val_pe_line_proxy": "{ticker}: {pe}배, 추종 지수 {index}의 P/E({source}, {as_of} 기준)",
        "val_spread": "P/E 차이 {spread}배, 할인율 {discount}",
        "val_discount_note": "할인율 = 1 − 소형 P/E ÷ 대형 P/E, 양수면 소형주가 더 싸다는 뜻입니다",
        "val_apart": "⚠ 두 P/E의 기준일({small} {small_as_of}, {large} {large_as_of})이 {span} 떨어져 있어, 서로 다른 시점을 비교한 값입니다.",
        "val_unusual": "<b>지금 할인율은 이례적인 수준인가</b>",
        "val_history": "할인율 이력: {first} ~ {last} {density} {count}개({span}). {sources}.",
        "val_history_sides": "출처: {small:은} {small_source}, {large:은} {large_source}",
        "val_history_source": "출처: {source}",
        "val_rank": "오늘 {value}는 이 이력에서 백분위 {pct}{z}입니다. 범위는 {low}({low_on})에서 {high}({high_on})까지.",
        "val_z": ", z점수 {z}",
        "val_short": "⚠ 이력이 1년이 안 됩니다. {span}과 비교한 순위일 뿐이라, 할인율이 이례적인지 판단할 근거로는 부족합니다.",
        "val_no_common": "두 쪽 이력이 겹치는 날짜가 없어({small} {small_first} ~ {small_last}, {large} {large_first} ~ {large_last}) 할인율을 과거와 비교할 수 없습니다.",
        "val_one_point": "두 P/E가 함께 있는 날이 아직 하루뿐이라 할인율을 비교할 이력이 없습니다.",
        "val_sides": "<b>각자의 과거 대비</b>",
        "val_side": "{ticker} {pe}배: {whose}{first} ~ {last} {density} P/E {count}개 중 백분위 {pct}{z}. 범위 {low}배({low_on}) ~ {high}배({high_on}).",
        "val_side_own": "자체 이력 ",
        "val_side_index": "{index} 이력 ",
        "val_one_sided": "{long:은} {long_first}부터, {short:은} {short_first}부터 이력이 있어 할인율은 두 이력이 겹치는 기간으로만 비교합니다.",
        "val_mixed_sources": "오늘 P/E와 과거 이력의 출처({sources})가 달라 P/E 계산 방식도 다릅니다. 순위는 근사치로 보세요.",
        "val_source": "출처: {sources}. 후행 12개월 P/E.",
        "density_daily": "일별",
        "density_weekly": "주별",
        "density_monthly": "월별",
        "density_irregular": "간격이 고르지 않은",
        "span_days": "{n}일",
        "span_day": "1일",
        "span_months": "{n}개월",
        "span_years": "{n}년",
    },
}
