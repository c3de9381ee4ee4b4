"""Messages about what a user typed (windows, time zones, event names), in English and
Korean; merged into bot.present.i18n.MESSAGES."""

INPUT_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "err_window_zero": "<code>{arg}</code> is no window: a look-back counts at least one day, week, month or year (e.g. <code>2w</code>, <code>7y</code>).",
        "err_window_too_long": "<code>{arg}</code> is longer than any market history: a look-back runs up to {years} years (e.g. <code>10y</code>, <code>max</code> for all data).",
        "err_bad_tz_did_you_mean": "<code>{arg}</code> is not a time zone I know. Did you mean <code>{zone}</code>?",
        "err_event_did_you_mean": "I don't know the event <code>{arg}</code>. Did you mean <code>/event {event}</code>?",
        "err_event_did_you_mean_two": "<code>{arg}</code> could be more than one event. Did you mean <code>/event {first}</code> or <code>/event {second}</code>?",
        "event_read_as": "Read <code>{typed}</code> as <code>/event {event}</code>.",
    },
    "ko": {
        "err_window_zero": "<code>{arg}</code>{arg:~은} 기간이 될 수 없습니다. 기간은 최소 1일·1주·1개월·1년입니다(예: <code>2w</code>, <code>7y</code>).",
        "err_window_too_long": "<code>{arg}</code>{arg:~은} 어떤 시장 이력보다도 긴 기간입니다. 최대 {years}년까지 쓸 수 있습니다(예: <code>10y</code>, 전체 기간은 <code>max</code>).",
        "err_bad_tz_did_you_mean": "<code>{arg}</code>{arg:~은} 아는 시간대가 아닙니다. <code>{zone}</code>{zone:~을} 말씀하신 건가요?",
        "err_event_did_you_mean": "<code>{arg}</code>{arg:~은} 등록된 이벤트가 아닙니다. <code>/event {event}</code>{event:~을} 말씀하신 건가요?",
        "err_event_did_you_mean_two": "<code>{arg}</code>에 해당하는 이벤트가 여럿입니다. <code>/event {first}</code>, <code>/event {second}</code> 중 어느 쪽인가요?",
        "event_read_as": "<code>{typed}</code>{typed:~을} <code>/event {event}</code>{event:~으로} 읽었습니다.",
    },
}
