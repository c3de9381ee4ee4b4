"""webhook_settings beyond tests/tg/test_webhook.py: every GAPBOT_WEBHOOK_* value it takes,
every one it refuses, and the order it checks them in."""

from __future__ import annotations

import pytest

from bot.config import SettingsError, WebhookSettings, webhook_settings

URL = "https://bot.example.com/telegram"
TOKEN = "123456:AAH-fake-secret-token-do-not-log"
TOKEN_SECRET = TOKEN.split(":", 1)[1]
SECRET = "s3cret-token_for-tests"


def refused(env: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as error:
        webhook_settings(env)
    message = str(error.value)
    assert "\n" not in message
    return message


# -- GAPBOT_WEBHOOK_URL ----------------------------------------------------------------------


@pytest.mark.parametrize("raw, url, path", [
    (f"  {URL}  ", URL, "/telegram"),
    ("HTTPS://BOT.EXAMPLE.COM/Tg", "HTTPS://BOT.EXAMPLE.COM/Tg", "/Tg"),
    ("https://bot.example.com:443/t", "https://bot.example.com:443/t", "/t"),
    ("https://bot.example.com:80/t", "https://bot.example.com:80/t", "/t"),
    ("https://bot.example.com:88/t", "https://bot.example.com:88/t", "/t"),
    ("https://bot.example.com:8443/t", "https://bot.example.com:8443/t", "/t"),
    ("https://bot.example.com/t?", "https://bot.example.com/t?", "/t"),
    # Plain http, on any port, only to a loopback host (a local Bot API server or a test).
    ("http://localhost:8081/hook", "http://localhost:8081/hook", "/hook"),
    ("http://LOCALHOST:1/hook", "http://LOCALHOST:1/hook", "/hook"),
    ("http://[::1]:9/hook", "http://[::1]:9/hook", "/hook"),
    ("http://127.0.0.1", "http://127.0.0.1", "/"),
])
def test_a_public_url_is_taken_as_written(raw, url, path):
    hook = webhook_settings({"GAPBOT_WEBHOOK_URL": raw})
    assert (hook.url, hook.path) == (url, path)


@pytest.mark.parametrize("raw, words", [
    ("ftp://bot.example.com/t", "must start with https://"),
    ("http://127.0.0.2/t", "must start with https://"),
    ("http://bot.example.com:8443/t", "must start with https://"),
    ("https://127.0.0.1:12345/t", "443, 80, 88 or 8443"),  # https to loopback: ports checked
    ("https://bot.example.com:0/t", "443, 80, 88 or 8443"),
    ("https://bot.example.com:port/t", "its port is not a number 1..65535"),
    ("https://bot.example.com:-1/t", "its port is not a number 1..65535"),
    ("https://[::1/t", "its port is not a number 1..65535"),
    ("https://bot example.com/t", "must be an https URL with a host"),
    ("https://bot.example.com/a\tb", "must be an https URL with a host"),
    ("https://user@bot.example.com/t", "must be an https URL with a host"),
    ("https://:pw@bot.example.com/t", "must be an https URL with a host"),
    ("http://user@localhost/t", "must be an https URL with a host"),
    ("https://bot.example.com/t#top", "must not have a ?query or #fragment"),
    ("http://localhost/t?x=1", "must not have a ?query or #fragment"),
])
def test_an_unusable_public_url_is_refused_saying_why(raw, words):
    message = refused({"GAPBOT_WEBHOOK_URL": raw})
    assert message.startswith(f"GAPBOT_WEBHOOK_URL {raw.strip()[:100]!r}") and words in message


def test_a_long_public_url_is_quoted_cut_to_100_characters():
    raw = "http://bot.example.com/" + "x" * 200
    message = refused({"GAPBOT_WEBHOOK_URL": raw})
    assert repr(raw[:100]) in message and "x" * 100 not in message


@pytest.mark.parametrize("token, url", [
    (TOKEN, f"https://bot.example.com/{TOKEN}"),
    (TOKEN, f"https://bot.example.com/hook/{TOKEN_SECRET}"),
    (f"  {TOKEN} ", f"https://bot.example.com/{TOKEN_SECRET}"),
    (TOKEN, f"ftp://{TOKEN_SECRET}"),  # the token check comes before any other
    (TOKEN, f"https://bot.example.com/{TOKEN_SECRET}?q#f"),
    ("AAH-fake-secret-token-do-not-log", f"https://bot.example.com/{TOKEN_SECRET}"),
])
def test_a_public_url_carrying_the_token_is_refused_without_quoting_it(token, url):
    message = refused({"TELEGRAM_BOT_TOKEN": token, "GAPBOT_WEBHOOK_URL": url})
    assert message.startswith("GAPBOT_WEBHOOK_URL must not contain the bot token")
    assert TOKEN_SECRET not in message and "fake-secret" not in message


@pytest.mark.parametrize("token", ["", "   ", TOKEN])
def test_a_url_without_the_token_passes_the_token_check(token):
    hook = webhook_settings({"TELEGRAM_BOT_TOKEN": token, "GAPBOT_WEBHOOK_URL": URL})
    assert hook.url == URL


# -- GAPBOT_WEBHOOK_LISTEN, _PORT, _SECRET ---------------------------------------------------


@pytest.mark.parametrize("raw, listen", [
    ("", "127.0.0.1"), ("localhost", "localhost"), (" 0.0.0.0 ", "0.0.0.0"), ("::", "::"),
    ("10.1.2.3", "10.1.2.3"), ("fe80::1", "fe80::1"),
])
def test_listen_addresses(raw, listen):
    assert webhook_settings({"GAPBOT_WEBHOOK_URL": URL,
                             "GAPBOT_WEBHOOK_LISTEN": raw}).listen == listen


@pytest.mark.parametrize("raw, shown", [
    ("   ", ""), ("LOCALHOST", "LOCALHOST"), ("bot.example.com", "bot.example.com"),
    ("256.0.0.1", "256.0.0.1"), ("h" * 100, "h" * 60),
])
def test_a_listen_address_that_is_no_ip_is_refused(raw, shown):
    assert refused({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_LISTEN": raw}) == (
        f"GAPBOT_WEBHOOK_LISTEN must be an IP address such as 127.0.0.1, not {shown!r}")


@pytest.mark.parametrize("raw, port", [("", 8443), ("1", 1), ("65535", 65535), (" 9000 ", 9000),
                                       ("08080", 8080)])
def test_listen_ports(raw, port):
    assert webhook_settings({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_PORT": raw}).port == port


@pytest.mark.parametrize("raw, shown", [("0", "0"), ("65536", "65536"), ("  ", ""),
                                        ("-1", "-1"), ("1" * 30, "1" * 20), ("80.5", "80.5"),
                                        ("²", "²"), ("８０", "８０")])
def test_a_listen_port_out_of_range_is_refused(raw, shown):
    assert refused({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_PORT": raw}) == (
        f"GAPBOT_WEBHOOK_PORT must be a number 1..65535, not {shown!r}")


@pytest.mark.parametrize("raw, secret", [
    ("", None), ("   ", None), (f" {SECRET} ", SECRET), ("a", "a"), ("Z" * 256, "Z" * 256),
])
def test_secrets(raw, secret):
    hook = webhook_settings({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_SECRET": raw})
    assert hook.secret == secret
    assert "secret" not in repr(hook)


# -- GAPBOT_WEBHOOK_PATH ---------------------------------------------------------------------


@pytest.mark.parametrize("url, raw, path", [
    (URL, "", "/telegram"),
    (URL, "   ", "/telegram"),
    (URL, " /tg ", "/tg"),
    (URL, "/", "/"),
    ("https://bot.example.com", "", "/"),
    ("https://bot.example.com/", "", "/"),
    (URL, "/a-b_c.d~e/f/", "/a-b_c.d~e/f/"),
    (URL, "/" + "a" * 200, "/" + "a" * 200),
    (URL, "/healthz2", "/healthz2"),
    (URL, "/api/healthz", "/api/healthz"),
])
def test_the_listen_path_defaults_to_the_public_urls(url, raw, path):
    assert webhook_settings({"GAPBOT_WEBHOOK_URL": url, "GAPBOT_WEBHOOK_PATH": raw}).path == path


@pytest.mark.parametrize("url, raw, shown", [
    (URL, "telegram", "telegram"),
    (URL, "//telegram", "//telegram"),
    (URL, "/a//b", "/a//b"),
    (URL, "/" + "a" * 201, "/" + "a" * 59),
    (URL, "/tg?x", "/tg?x"),
    (URL, "/healthz//", "/healthz//"),
    ("https://bot.example.com//telegram", "", "//telegram"),
    ("https://bot.example.com/%20", "", "/%20"),
])
def test_a_listen_path_that_is_no_path_is_refused(url, raw, shown):
    assert refused({"GAPBOT_WEBHOOK_URL": url, "GAPBOT_WEBHOOK_PATH": raw}) == (
        f"GAPBOT_WEBHOOK_PATH must be a path such as /telegram, not {shown!r}")


@pytest.mark.parametrize("url, raw", [
    (URL, "/healthz"), (URL, "/healthz/"), ("https://bot.example.com/healthz/", ""),
])
def test_the_health_path_cannot_take_updates(url, raw):
    assert refused({"GAPBOT_WEBHOOK_URL": url, "GAPBOT_WEBHOOK_PATH": raw}) == (
        "GAPBOT_WEBHOOK_PATH cannot be /healthz: the health endpoint lives there")


# -- the order of the checks -----------------------------------------------------------------


@pytest.mark.parametrize("env, first", [
    ({"GAPBOT_WEBHOOK_URL": "ftp://x", "GAPBOT_WEBHOOK_LISTEN": "x"}, "GAPBOT_WEBHOOK_URL"),
    ({"GAPBOT_WEBHOOK_LISTEN": "x", "GAPBOT_WEBHOOK_PORT": "0"}, "GAPBOT_WEBHOOK_LISTEN"),
    ({"GAPBOT_WEBHOOK_PORT": "0", "GAPBOT_WEBHOOK_SECRET": "a b"}, "GAPBOT_WEBHOOK_PORT"),
    ({"GAPBOT_WEBHOOK_SECRET": "a b", "GAPBOT_WEBHOOK_PATH": "x"}, "GAPBOT_WEBHOOK_SECRET"),
])
def test_the_first_unusable_webhook_setting_is_the_one_reported(env, first):
    assert refused({"GAPBOT_WEBHOOK_URL": URL, **env}).startswith(first)


def test_nothing_is_checked_without_a_public_url():
    assert webhook_settings({"GAPBOT_WEBHOOK_LISTEN": "x", "GAPBOT_WEBHOOK_PORT": "0",
                             "GAPBOT_WEBHOOK_SECRET": "a b", "GAPBOT_WEBHOOK_PATH": "x"}) is None


def test_every_value_reaches_the_settings():
    hook = webhook_settings({"GAPBOT_WEBHOOK_URL": URL, "GAPBOT_WEBHOOK_LISTEN": "0.0.0.0",
                             "GAPBOT_WEBHOOK_PORT": "8080", "GAPBOT_WEBHOOK_SECRET": SECRET,
                             "GAPBOT_WEBHOOK_PATH": "/in"})
    assert hook == WebhookSettings(url=URL, listen="0.0.0.0", port=8080, path="/in",
                                   secret=SECRET)
