"""load_settings as it reads each GAPBOT_* and TELEGRAM_* variable: the defaults, what
each accepts, and the one-line SettingsError for what it refuses (never quoting a secret)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from bot.config import (
    DEFAULT_BASE_URL,
    DEFAULT_TRACKED,
    Settings,
    SettingsError,
    WebhookSettings,
    load_settings,
)

TOKEN = "123456:AAH-fake-secret-token-do-not-log"
TOKEN_SECRET = TOKEN.split(":", 1)[1]


def load(tmp_path: Path, **env: str) -> Settings:
    return load_settings({"GAPBOT_DB": str(tmp_path / "gapbot.sqlite3"), **env})


def refused(tmp_path: Path, **env: str) -> str:
    with pytest.raises(SettingsError) as error:
        load(tmp_path, **env)
    message = str(error.value)
    assert "\n" not in message
    return message


def test_the_defaults(tmp_path):
    settings = load(tmp_path)
    assert settings.token is None
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.db_path == tmp_path / "gapbot.sqlite3"
    assert settings.data_dir == tmp_path
    assert settings.offline is False
    assert (settings.small, settings.large) == ("VTWO", "SPY")
    assert settings.tracked == DEFAULT_TRACKED
    assert settings.refresh_minutes == 30
    assert settings.log_level == "INFO"
    assert settings.webhook is None


# -- TELEGRAM_BOT_TOKEN ----------------------------------------------------------------------


@pytest.mark.parametrize("raw, token", [
    ("", None),
    ("   ", None),
    (TOKEN, TOKEN),
    (f"  {TOKEN}\n", TOKEN),
    ("123:" + "a" * 20, "123:" + "a" * 20),
    ("1" * 15 + ":" + "Z_-9" * 25, "1" * 15 + ":" + "Z_-9" * 25),
])
def test_a_token_is_stripped_and_an_empty_one_is_none(tmp_path, raw, token):
    assert load(tmp_path, TELEGRAM_BOT_TOKEN=raw).token == token


@pytest.mark.parametrize("raw", [
    "12:" + "a" * 20,  # too few digits
    "1" * 16 + ":" + "a" * 20,  # too many digits
    "123456:" + "a" * 19,  # secret too short
    "123456:" + "a" * 101,  # secret too long
    "123456:AAH fake-secret-token-do-not-log",
    "123456:AAH.fake-secret-token-do-not-log",
    "AAH-fake-secret-token-do-not-log",
    "bot" + TOKEN,
])
def test_a_token_that_is_not_one_is_refused_without_quoting_it(tmp_path, raw):
    message = refused(tmp_path, TELEGRAM_BOT_TOKEN=raw)
    assert "TELEGRAM_BOT_TOKEN" in message and "@BotFather" in message
    assert raw.strip() not in message and "fake-secret" not in message


def test_the_token_stays_out_of_the_settings_repr(tmp_path):
    settings = load(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN)
    assert TOKEN_SECRET not in repr(settings) and TOKEN_SECRET not in str(settings)
    assert "token=set" in repr(settings)
    assert "token=unset" in repr(load(tmp_path))


# -- TELEGRAM_BASE_URL -----------------------------------------------------------------------


@pytest.mark.parametrize("raw, base_url", [
    ("", DEFAULT_BASE_URL),
    ("http://127.0.0.1:9/bot", "http://127.0.0.1:9/bot"),
    ("  https://api.example.com/telegram/bot  ", "https://api.example.com/telegram/bot"),
    ("https://api.example.com:65535/bot", "https://api.example.com:65535/bot"),
    ("HTTP://API.EXAMPLE.COM/bot", "HTTP://API.EXAMPLE.COM/bot"),
    ("http://[::1]:8081/bot", "http://[::1]:8081/bot"),
])
def test_a_base_url_ending_in_bot_is_taken_as_written(tmp_path, raw, base_url):
    assert load(tmp_path, TELEGRAM_BASE_URL=raw).base_url == base_url


@pytest.mark.parametrize("raw, problem", [
    ("   ", "http(s) URL with a host"),  # blank is not the default: it is stripped first
    ("ftp://api.example.com/bot", "http(s) URL with a host"),
    ("api.example.com/bot", "http(s) URL with a host"),
    ("http:///bot", "http(s) URL with a host"),
    ("http://api example.com/bot", "http(s) URL with a host"),
    ("http://api.example.com:0/bot", "port must be a number 1..65535"),
    ("http://api.example.com:/bot", "port must be a number 1..65535"),
    ("http://api.example.com:70000/bot", "port must be a number 1..65535"),
    ("http://api.example.com:port/bot", "port must be a number 1..65535"),
    ("http://[::1/bot", "port must be a number 1..65535"),
    ("http://127.0.0.1:9/", 'path must end in "/bot"'),
    ("http://127.0.0.1:9", 'path must end in "/bot"'),
    ("http://127.0.0.1:9/bot/", 'path must end in "/bot"'),
    ("http://127.0.0.1:9/bot?x=1", 'path must end in "/bot"'),
    ("http://127.0.0.1:9/bot#x", 'path must end in "/bot"'),
])
def test_an_unusable_base_url_is_refused_saying_why(tmp_path, raw, problem):
    message = refused(tmp_path, TELEGRAM_BASE_URL=raw, TELEGRAM_BOT_TOKEN=TOKEN)
    assert message.startswith("TELEGRAM_BASE_URL ") and problem in message
    assert TOKEN_SECRET not in message


@pytest.mark.parametrize("raw", [f"https://api.telegram.org/bot{TOKEN}/",
                                 f"https://api.telegram.org/bot{TOKEN}",
                                 f"https://proxy.example/{TOKEN}/bot"])
def test_a_base_url_holding_the_token_is_refused_without_quoting_it(tmp_path, raw):
    message = refused(tmp_path, TELEGRAM_BASE_URL=raw, TELEGRAM_BOT_TOKEN=TOKEN)
    assert "must not contain the bot token" in message
    assert TOKEN_SECRET not in message


def test_a_long_base_url_is_quoted_cut_to_100_characters(tmp_path):
    raw = "http://127.0.0.1:9/" + "x" * 200
    message = refused(tmp_path, TELEGRAM_BASE_URL=raw)
    assert repr(raw[:100]) in message and "x" * 100 not in message


# -- GAPBOT_DB -------------------------------------------------------------------------------


def default_db() -> Path:
    return Path(platformdirs.user_data_dir("gapbot", appauthor=False)) / "gapbot.sqlite3"


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_no_database_path_means_the_user_data_folder(raw):
    env = {} if raw is None else {"GAPBOT_DB": raw}
    assert load_settings(env).db_path == default_db()


def test_a_database_path_is_stripped_and_expands_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = load_settings({"GAPBOT_DB": "  ~/bot/gap.sqlite3 "})
    assert settings.db_path == tmp_path / "bot" / "gap.sqlite3"


def test_a_database_path_naming_a_folder_is_refused(tmp_path):
    with pytest.raises(SettingsError) as error:
        load_settings({"GAPBOT_DB": str(tmp_path)})
    assert str(error.value) == f"GAPBOT_DB points to a folder, not a file: {tmp_path}"


# -- GAPBOT_SMALL, GAPBOT_LARGE, GAPBOT_TICKERS ----------------------------------------------


@pytest.mark.parametrize("env, small, large, tracked", [
    ({"GAPBOT_SMALL": "iwm"}, "IWM", "SPY", ("IWM", "SPY", "VTWO", "^RUT", "^GSPC")),
    ({"GAPBOT_LARGE": " ^gspc "}, "VTWO", "^GSPC", ("VTWO", "^GSPC", "SPY", "IWM", "^RUT")),
    ({"GAPBOT_SMALL": "", "GAPBOT_LARGE": ""}, "VTWO", "SPY", DEFAULT_TRACKED),
    ({"GAPBOT_TICKERS": "qqq, iwm,,spy , "}, "VTWO", "SPY", ("VTWO", "SPY", "QQQ", "IWM")),
    ({"GAPBOT_TICKERS": "   "}, "VTWO", "SPY", ("VTWO", "SPY")),
    ({"GAPBOT_TICKERS": ","}, "VTWO", "SPY", ("VTWO", "SPY")),
    ({"GAPBOT_TICKERS": ""}, "VTWO", "SPY", DEFAULT_TRACKED),
    ({"GAPBOT_TICKERS": "brk.b,es=f,qqq,QQQ"}, "VTWO", "SPY", ("VTWO", "SPY", "BRK.B", "ES=F",
                                                               "QQQ")),
    ({"GAPBOT_SMALL": "A" * 15}, "A" * 15, "SPY", ("A" * 15, "SPY", "VTWO", "IWM", "^RUT",
                                                   "^GSPC")),
])
def test_tickers_are_upper_cased_and_the_pair_leads_the_tracked_list(
        tmp_path, env, small, large, tracked):
    settings = load(tmp_path, **env)
    assert (settings.small, settings.large, settings.tracked) == (small, large, tracked)


@pytest.mark.parametrize("env, message", [
    ({"GAPBOT_SMALL": "S P Y"}, "GAPBOT_SMALL: 'S P Y' is not a ticker symbol"),
    ({"GAPBOT_SMALL": "   "}, "GAPBOT_SMALL: '   ' is not a ticker symbol"),
    ({"GAPBOT_LARGE": "-SPY"}, "GAPBOT_LARGE: '-SPY' is not a ticker symbol"),
    ({"GAPBOT_LARGE": "A" * 16}, f"GAPBOT_LARGE: {'A' * 16!r} is not a ticker symbol"),
    ({"GAPBOT_TICKERS": "qqq,^^x"}, "GAPBOT_TICKERS: '^^x' is not a ticker symbol"),
    ({"GAPBOT_TICKERS": "qqq, $x "}, "GAPBOT_TICKERS: ' $x ' is not a ticker symbol"),
    ({"GAPBOT_SMALL": "spy"}, "GAPBOT_SMALL and GAPBOT_LARGE must differ"),
    ({"GAPBOT_SMALL": "iwm", "GAPBOT_LARGE": " IWM"}, "GAPBOT_SMALL and GAPBOT_LARGE must differ"),
    # The pair is checked before the tracked list.
    ({"GAPBOT_SMALL": "spy", "GAPBOT_TICKERS": "$x"}, "GAPBOT_SMALL and GAPBOT_LARGE must differ"),
    ({"GAPBOT_SMALL": "$", "GAPBOT_LARGE": "$"}, "GAPBOT_SMALL: '$' is not a ticker symbol"),
])
def test_an_unusable_ticker_is_refused_by_name(tmp_path, env, message):
    assert refused(tmp_path, **env) == message


# -- GAPBOT_REFRESH_MINUTES ------------------------------------------------------------------


@pytest.mark.parametrize("raw, minutes", [("", 30), ("1", 1), ("1440", 1440), (" 60 ", 60),
                                          ("0030", 30)])
def test_refresh_minutes_within_a_day(tmp_path, raw, minutes):
    assert load(tmp_path, GAPBOT_REFRESH_MINUTES=raw).refresh_minutes == minutes


@pytest.mark.parametrize("raw, shown", [("0", "0"), ("1441", "1441"), ("-5", "-5"),
                                        ("1.5", "1.5"), ("abc", "abc"), ("  ", ""),
                                        ("+5", "+5"), ("²", "²"), ("３０", "３０")])
def test_refresh_minutes_out_of_range_are_refused(tmp_path, raw, shown):
    message = refused(tmp_path, GAPBOT_REFRESH_MINUTES=raw)
    assert message == f"GAPBOT_REFRESH_MINUTES must be 1..1440, not {shown!r}"


# -- GAPBOT_LOG_LEVEL ------------------------------------------------------------------------


@pytest.mark.parametrize("raw, level", [("", "INFO"), ("debug", "DEBUG"), (" Warning ", "WARNING"),
                                        ("ERROR", "ERROR"), ("info", "INFO")])
def test_log_levels(tmp_path, raw, level):
    assert load(tmp_path, GAPBOT_LOG_LEVEL=raw).log_level == level


@pytest.mark.parametrize("raw", ["CRITICAL", "TRACE", "  ", "20"])
def test_other_log_levels_are_refused(tmp_path, raw):
    message = refused(tmp_path, GAPBOT_LOG_LEVEL=raw)
    assert message == "GAPBOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR"


# -- GAPBOT_OFFLINE --------------------------------------------------------------------------


@pytest.mark.parametrize("raw, offline", [
    ("", False), ("  ", False), ("0", False), ("false", False), ("No", False), ("OFF", False),
    ("1", True), ("true", True), (" YES ", True), ("On", True),
])
def test_offline_flag_words(tmp_path, raw, offline):
    assert load(tmp_path, GAPBOT_OFFLINE=raw).offline is offline


@pytest.mark.parametrize("raw", ["2", "y", "enabled", "-1"])
def test_another_offline_word_is_refused_quoted(tmp_path, raw):
    assert refused(tmp_path, GAPBOT_OFFLINE=raw) == f"GAPBOT_OFFLINE must be 1 or 0, not {raw!r}"


# -- GAPBOT_WEBHOOK_* and the order of the checks --------------------------------------------


def test_the_webhook_settings_come_along(tmp_path):
    settings = load(tmp_path, GAPBOT_WEBHOOK_URL="https://bot.example.com/tg",
                    GAPBOT_WEBHOOK_PORT="9000")
    assert settings.webhook == WebhookSettings(url="https://bot.example.com/tg", port=9000,
                                               path="/tg")


@pytest.mark.parametrize("env, first", [
    ({"TELEGRAM_BOT_TOKEN": "nope", "TELEGRAM_BASE_URL": "ftp://x"}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BASE_URL": "ftp://x", "GAPBOT_SMALL": "$"}, "TELEGRAM_BASE_URL"),
    ({"GAPBOT_TICKERS": "$", "GAPBOT_REFRESH_MINUTES": "0"}, "GAPBOT_TICKERS"),
    ({"GAPBOT_REFRESH_MINUTES": "0", "GAPBOT_LOG_LEVEL": "x"}, "GAPBOT_REFRESH_MINUTES"),
    ({"GAPBOT_LOG_LEVEL": "x", "GAPBOT_OFFLINE": "x"}, "GAPBOT_LOG_LEVEL"),
    ({"GAPBOT_OFFLINE": "x", "GAPBOT_WEBHOOK_URL": "ftp://x"}, "GAPBOT_OFFLINE"),
    ({"GAPBOT_SMALL": "$", "GAPBOT_WEBHOOK_URL": "ftp://x"}, "GAPBOT_SMALL"),
    ({"GAPBOT_LOG_LEVEL": "x", "GAPBOT_WEBHOOK_URL": "ftp://x"}, "GAPBOT_LOG_LEVEL"),
])
def test_the_first_unusable_setting_is_the_one_reported(tmp_path, env, first):
    assert refused(tmp_path, **env).startswith(first)


def test_a_folder_database_is_reported_after_the_base_url_and_before_the_tickers(tmp_path):
    with pytest.raises(SettingsError, match="TELEGRAM_BASE_URL"):
        load_settings({"GAPBOT_DB": str(tmp_path), "TELEGRAM_BASE_URL": "ftp://x"})
    with pytest.raises(SettingsError, match="GAPBOT_DB"):
        load_settings({"GAPBOT_DB": str(tmp_path), "GAPBOT_SMALL": "$"})


# -- the .env file under the environment -----------------------------------------------------


@pytest.fixture
def clean_environ(monkeypatch):
    import os

    for name in list(os.environ):
        if name.startswith(("GAPBOT_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    return monkeypatch


def test_without_env_the_dotenv_file_is_read_under_the_environment(tmp_path, clean_environ):
    dotenv = tmp_path / "settings.env"
    dotenv.write_text(f"GAPBOT_DB={tmp_path / 'from-file.sqlite3'}\n"
                      "GAPBOT_SMALL=iwm\nGAPBOT_LARGE=qqq\nGAPBOT_LOG_LEVEL\n")
    clean_environ.setenv("GAPBOT_LARGE", "dia")
    settings = load_settings(dotenv_path=dotenv)
    assert settings.db_path == tmp_path / "from-file.sqlite3"
    assert (settings.small, settings.large) == ("IWM", "DIA")  # the environment wins
    assert settings.log_level == "INFO"  # a name without a value is not set


def test_without_env_or_a_path_the_dotenv_file_is_the_one_in_the_cwd(tmp_path, clean_environ):
    (tmp_path / ".env").write_text(f"GAPBOT_DB={tmp_path / 'cwd.sqlite3'}\nGAPBOT_OFFLINE=1\n")
    clean_environ.chdir(tmp_path)
    settings = load_settings()
    assert settings.db_path == tmp_path / "cwd.sqlite3" and settings.offline is True


def test_a_missing_dotenv_file_is_no_error(tmp_path, clean_environ):
    clean_environ.setenv("GAPBOT_DB", str(tmp_path / "env.sqlite3"))
    settings = load_settings(dotenv_path=tmp_path / "missing.env")
    assert settings.db_path == tmp_path / "env.sqlite3"


def test_a_given_env_ignores_the_dotenv_file(tmp_path, clean_environ):
    dotenv = tmp_path / "settings.env"
    dotenv.write_text("GAPBOT_SMALL=iwm\n")
    settings = load_settings({"GAPBOT_DB": str(tmp_path / "x.sqlite3")}, dotenv_path=dotenv)
    assert settings.small == "VTWO"
