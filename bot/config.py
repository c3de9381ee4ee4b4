"""Settings from the environment or a `.env` file, checked once at start."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import platformdirs
from dotenv import dotenv_values

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_TRACKED = ("VTWO", "SPY", "IWM", "^RUT", "^GSPC")
_TOKEN_RE = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{20,100}$")
TICKER_RE = re.compile(r"^\^?[A-Z0-9][A-Z0-9.\-=]{0,14}$")


class SettingsError(Exception):
    """A setting is invalid; the message is one line a person can act on."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    base_url: str
    db_path: Path
    offline: bool
    small: str
    large: str
    tracked: tuple[str, ...]
    refresh_minutes: int
    log_level: str
    webhook: WebhookSettings | None = None  # set: `gapbot run` serves a webhook

    @property
    def data_dir(self) -> Path:
        return self.db_path.parent

    def __repr__(self) -> str:  # never print the token, even in a debugger or a log line
        shown = "set" if self.token else "unset"
        return f"Settings(token={shown}, db_path={self.db_path}, offline={self.offline})"

    __str__ = __repr__


def _flag(name: str, raw: str | None) -> bool:
    value = (raw or "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name} must be 1 or 0, not {raw!r}")


def _ticker(name: str, raw: str) -> str:
    ticker = raw.strip().upper()
    if not TICKER_RE.match(ticker):
        raise SettingsError(f"{name}: {raw!r} is not a ticker symbol")
    return ticker


def _refuse_token_in_base_url(raw: str, token: str) -> None:
    if token and token in raw:
        raise SettingsError("TELEGRAM_BASE_URL is not usable: it must not contain the bot "
                            'token (the bot adds it), e.g. https://api.telegram.org/bot')


def _base_url(raw: str, token: str) -> str:
    """Check a Bot API base URL. python-telegram-bot appends the token to it, so a URL
    without its "/bot" ending turns the token into a port or host name, and the error
    that follows prints the token. A URL holding the token itself is refused unquoted."""
    _refuse_token_in_base_url(raw, token)
    problem = None
    try:
        parts = urlsplit(raw)
        port = parts.port  # ValueError when not a number in 0..65535
    except ValueError:
        parts, port, problem = None, None, "its port must be a number 1..65535"
    if parts is not None:
        if parts.scheme not in ("http", "https") or not parts.hostname or any(
                ch.isspace() for ch in raw):
            problem = "it must be an http(s) URL with a host"
        elif port is not None and not 1 <= port <= 65535 or parts.netloc.endswith(":"):
            problem = "its port must be a number 1..65535"
        elif parts.query or parts.fragment or not parts.path.endswith("/bot"):
            problem = 'its path must end in "/bot", e.g. https://api.telegram.org/bot'
    if problem:
        raise SettingsError(f"TELEGRAM_BASE_URL {raw[:100]!r} is not usable: {problem}")
    return raw


def load_settings(env: dict[str, str] | None = None, dotenv_path: Path | None = None) -> Settings:
    """Read settings from `env` (default: os.environ) over a `.env` file in the cwd."""
    if env is None:
        env = _environment_over_dotenv(dotenv_path)
    # Checked in this order, so that of several unusable settings the same one is always
    # reported first (keyword arguments are evaluated as written).
    token = _bot_token(env)
    base_url = _base_url((env.get("TELEGRAM_BASE_URL") or DEFAULT_BASE_URL).strip(), token)
    db_path = _db_path(env)
    small, large = _ticker_pair(env)
    return Settings(
        token=token,
        base_url=base_url,
        db_path=db_path,
        small=small,
        large=large,
        tracked=_tracked(env, small, large),
        refresh_minutes=_refresh_minutes(env),
        log_level=_log_level(env),
        offline=_flag("GAPBOT_OFFLINE", env.get("GAPBOT_OFFLINE")),
        webhook=webhook_settings(env),
    )


def _environment_over_dotenv(dotenv_path: Path | None) -> dict[str, str]:
    """The `.env` file's values with the process environment over them: a variable set
    for one run wins over the file kept for every run."""
    path = dotenv_path or Path.cwd() / ".env"
    # A bare `NAME` line reads as None; leave it unset so the default applies.
    file_values = {k: v for k, v in dotenv_values(path).items() if v is not None}
    return {**file_values, **os.environ}


def _bot_token(env: Mapping[str, str]) -> str | None:
    token = (env.get("TELEGRAM_BOT_TOKEN") or "").strip() or None
    if token is not None and not _TOKEN_RE.match(token):
        # Not quoted: a mistyped token is still mostly the secret.
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits:secret from @BotFather)"
        )
    return token


def _db_path(env: Mapping[str, str]) -> Path:
    raw = (env.get("GAPBOT_DB") or "").strip()
    db_path = (
        Path(raw).expanduser()
        if raw
        else Path(platformdirs.user_data_dir("gapbot", appauthor=False)) / "gapbot.sqlite3"
    )
    # Caught here, where it can be named, rather than as sqlite's "unable to open" later.
    if db_path.exists() and db_path.is_dir():
        raise SettingsError(f"GAPBOT_DB points to a folder, not a file: {db_path}")
    return db_path


def _ticker_pair(env: Mapping[str, str]) -> tuple[str, str]:
    """The small-cap and large-cap tickers whose gap the bot follows."""
    small = _ticker("GAPBOT_SMALL", env.get("GAPBOT_SMALL") or "VTWO")
    large = _ticker("GAPBOT_LARGE", env.get("GAPBOT_LARGE") or "SPY")
    if small == large:
        raise SettingsError("GAPBOT_SMALL and GAPBOT_LARGE must differ")
    return small, large


def _tracked(env: Mapping[str, str], small: str, large: str) -> tuple[str, ...]:
    """The tickers kept fresh: the pair first, whatever GAPBOT_TICKERS lists, then the
    rest of the list once each. A list of only commas or blanks tracks just the pair."""
    raw = env.get("GAPBOT_TICKERS")
    listed = (
        tuple(_ticker("GAPBOT_TICKERS", t) for t in raw.split(",") if t.strip())
        if raw
        else DEFAULT_TRACKED
    )
    return tuple(dict.fromkeys((small, large, *listed)))


def _refresh_minutes(env: Mapping[str, str]) -> int:
    raw = (env.get("GAPBOT_REFRESH_MINUTES") or "30").strip()
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 1440:
        raise SettingsError(f"GAPBOT_REFRESH_MINUTES must be 1..1440, not {raw!r}")
    return int(raw)


def _log_level(env: Mapping[str, str]) -> str:
    log_level = (env.get("GAPBOT_LOG_LEVEL") or "INFO").strip().upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise SettingsError("GAPBOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
    return log_level


# -- webhook mode (served by bot/tg/webhook.py) ------------------------------------------

HEALTH_PATH = "/healthz"
# setWebhook accepts only these ports in the public URL.
TELEGRAM_WEBHOOK_PORTS = (443, 80, 88, 8443)
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_PATH_RE = re.compile(r"^/[A-Za-z0-9._~/-]{0,200}$")
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class WebhookSettings:
    """Where Telegram posts (`url`) and where we listen for it (behind a TLS proxy)."""

    url: str
    listen: str = "127.0.0.1"
    port: int = 8443
    path: str = "/"
    secret: str | None = field(default=None, repr=False)  # None: generated, kept in the db


def webhook_settings(env: Mapping[str, str]) -> WebhookSettings | None:
    """The webhook settings from GAPBOT_WEBHOOK_*, or None when no URL is set (polling).
    An unusable value raises SettingsError with one line that never quotes a secret."""
    url = (env.get("GAPBOT_WEBHOOK_URL") or "").strip()
    if not url:
        return None
    parts = _webhook_url(url, (env.get("TELEGRAM_BOT_TOKEN") or "").strip())
    # Checked in this order (keyword arguments are evaluated as written), so that of
    # several unusable values the same one is always reported first.
    return WebhookSettings(
        url=url,
        listen=_webhook_listen(env),
        port=_webhook_port(env),
        secret=_webhook_secret(env),
        path=_webhook_path(env, parts.path),
    )


def _webhook_listen(env: Mapping[str, str]) -> str:
    listen = (env.get("GAPBOT_WEBHOOK_LISTEN") or "127.0.0.1").strip()
    # An address, not a name: a name may resolve to more interfaces than the proxy uses.
    if listen != "localhost":
        try:
            ipaddress.ip_address(listen)
        except ValueError:
            raise SettingsError(
                f"GAPBOT_WEBHOOK_LISTEN must be an IP address such as 127.0.0.1, not "
                f"{listen[:60]!r}") from None
    return listen


def _webhook_port(env: Mapping[str, str]) -> int:
    raw = (env.get("GAPBOT_WEBHOOK_PORT") or "8443").strip()
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 65535:
        raise SettingsError(f"GAPBOT_WEBHOOK_PORT must be a number 1..65535, not "
                            f"{raw[:20]!r}")
    return int(raw)


def _webhook_secret(env: Mapping[str, str]) -> str | None:
    secret = (env.get("GAPBOT_WEBHOOK_SECRET") or "").strip() or None
    # Refused here rather than by setWebhook, and never quoted: it is a secret.
    if secret is not None and not WEBHOOK_SECRET_RE.match(secret):
        raise SettingsError("GAPBOT_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, "
                            "_ and - (Telegram's rule)")
    return secret


def _webhook_path(env: Mapping[str, str], url_path: str) -> str:
    """The path we listen on: GAPBOT_WEBHOOK_PATH, else the public URL's own (a proxy that
    forwards the path unchanged needs no setting), else "/"."""
    path = (env.get("GAPBOT_WEBHOOK_PATH") or "").strip() or url_path or "/"
    if not _PATH_RE.match(path) or "//" in path:
        raise SettingsError(f"GAPBOT_WEBHOOK_PATH must be a path such as /telegram, not "
                            f"{path[:60]!r}")
    if path.rstrip("/") == HEALTH_PATH:
        raise SettingsError(f"GAPBOT_WEBHOOK_PATH cannot be {HEALTH_PATH}: the health "
                            "endpoint lives there")
    return path


def _webhook_url(url: str, token: str) -> SplitResult:
    """The checked parts of the public URL Telegram will post to."""
    _refuse_token_in_url(url, token)
    shown = url[:100]
    parts, port = _split_webhook_url(url, shown)
    if parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS:
        return parts  # a local Bot API server or a test: no TLS, any port
    _check_telegram_will_post(parts.scheme, port, shown)
    return parts


def _refuse_token_in_url(url: str, token: str) -> None:
    # Checked before anything else, because every later message quotes the URL.
    if token and (token in url or token.split(":", 1)[-1] in url):
        raise SettingsError("GAPBOT_WEBHOOK_URL must not contain the bot token; the secret "
                            "token header is what proves a request comes from Telegram")


def _split_webhook_url(url: str, shown: str) -> tuple[SplitResult, int | None]:
    """The URL's parts and port, once it is a plain URL with a host: no credentials, no
    ?query or #fragment, which Telegram would post along or refuse."""
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError when not a number in 0..65535
    except ValueError:
        raise SettingsError(f"GAPBOT_WEBHOOK_URL {shown!r}: its port is not a number "
                            "1..65535") from None
    if not parts.hostname or any(ch.isspace() for ch in url) or parts.username or parts.password:
        raise SettingsError(f"GAPBOT_WEBHOOK_URL {shown!r} must be an https URL with a host, "
                            "e.g. https://bot.example.com/telegram")
    if parts.query or parts.fragment:
        raise SettingsError(f"GAPBOT_WEBHOOK_URL {shown!r} must not have a ?query or #fragment")
    return parts, port


def _check_telegram_will_post(scheme: str, port: int | None, shown: str) -> None:
    """setWebhook refuses anything but https to one of its few ports; say so at start
    rather than let the first start fail on Telegram's reply."""
    if scheme != "https":
        raise SettingsError(f"GAPBOT_WEBHOOK_URL {shown!r} must start with https:// "
                            "(Telegram posts only over TLS)")
    if port is not None and port not in TELEGRAM_WEBHOOK_PORTS:
        raise SettingsError(f"GAPBOT_WEBHOOK_URL {shown!r}: Telegram posts only to ports "
                            "443, 80, 88 or 8443")
