"""Messages about what a user typed (windows, time zones, event names), in English and
Korean; merged into bot.i18n.MESSAGES."""

INPUT_MESSAGES: dict[str, dict[str, str]] = {
    "en": {},
    "ko": {},
}
