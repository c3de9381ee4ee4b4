"""The composition root: opens storage, wires services, builds the Application."""

from __future__ import annotations

import logging
import re

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from analytics.market.data import MarketData
from analytics.rates import BILL_TICKER, YIELD_TICKER
from bot.answers.services import Services
from bot.config import Settings
from bot.tg import alert_commands, handlers
from bot.tg import debate as debate_commands
from bot.tg import questions as question_handler
from bot.tg.jobs import schedule_all
from bot.tg.rate_limit import PerChatRateLimiter
from bot.tg.update_order import PerChatOrder
from storage.chats import ChatStore
from storage.db import Storage

log = logging.getLogger(__name__)


COMMANDS = {
    "en": [
        ("gap", "Small vs large caps: relative performance"),
        ("valuation", "P/E spread and discount"),
        ("rates", "How the pair moves with the 10-year yield"),
        ("drawdown", "Drawdowns from the peak, and recoveries"),
        ("event", "An event window: Liberation Day, COVID, SVB..."),
        ("odds", "Odds small beats large over N years"),
        ("mix", "A small-cap slice in a large-cap portfolio"),
        ("sectors", "Sector weights side by side"),
        ("top", "Top holdings of a fund"),
        ("status", "Data freshness"),
        ("alert", "Add or test a threshold alert"),
        ("alerts", "This chat's alerts"),
        ("digest", "Daily or weekly summary"),
        ("pair", "This chat's pair, e.g. IWM QQQ"),
        ("tz", "Time zone for digests"),
        ("settings", "Charts on/off, who may change alerts"),
        ("lang", "Language: ko or en"),
        ("help", "What the bot does"),
    ],
    "ko": [
        ("gap", "소형주 대 대형주 상대 성과"),
        ("valuation", "P/E 스프레드와 할인율"),
        ("rates", "10년물 금리와 이 쌍의 관계"),
        ("drawdown", "고점 대비 낙폭과 회복"),
        ("event", "이벤트 구간: 해방의 날, 코로나, SVB..."),
        ("odds", "N년 보유 시 소형주 승률"),
        ("mix", "대형주 포트폴리오에 소형주 섞기"),
        ("sectors", "섹터 비중 비교"),
        ("top", "펀드 상위 보유 종목"),
        ("status", "데이터 최신 여부"),
        ("alert", "임계값 알림 추가·테스트"),
        ("alerts", "이 채팅의 알림"),
        ("digest", "매일·매주 요약"),
        ("pair", "이 채팅의 비교 쌍, 예: IWM QQQ"),
        ("tz", "요약을 보낼 시간대"),
        ("settings", "차트 켜기·끄기, 알림 변경 권한"),
        ("lang", "언어: ko 또는 en"),
        ("help", "봇 소개와 명령어"),
    ],
}


class RedactingFormatter(logging.Formatter):
    """Removes secrets from every formatted line, tracebacks included: httpx and
    python-telegram-bot put request URLs, which contain the bot token, in errors."""

    def __init__(self, fmt: str, secrets: list[str]):
        super().__init__(fmt)
        self._pattern = re.compile("|".join(re.escape(s) for s in secrets if s)) if any(
            secrets) else None

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return self._pattern.sub("[REDACTED]", text) if self._pattern else text


def configure_logging(level: str, secrets: list[str]) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root.handlers[:] = [handler]
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def open_services(settings: Settings, yahoo_session=None) -> Services:
    """Storage and market data as configured; Yahoo stays untouched when offline."""
    storage = Storage(settings.db_path)
    yahoo = None
    if not settings.offline:
        from analytics.market.yahoo import YahooClient  # importing yfinance costs ~0.5 s

        yahoo = YahooClient(cache_dir=settings.data_dir / "yfinance-cache", session=yahoo_session)
    market = MarketData(
        storage,
        yahoo,
        # The yields /rates and the yield alerts read are refreshed with the pairs.
        tracked=[*settings.tracked, YIELD_TICKER, BILL_TICKER],
        funds=[t for t in settings.tracked if not t.startswith("^")],
        offline=settings.offline,
    )
    chats = ChatStore(storage.db)
    # Rules saved before rules had pairs were evaluated with the configured pair.
    chats.adopt_default_pair(settings.small, settings.large)
    return Services(settings=settings, storage=storage, market=market, chats=chats)


async def post_init(application: Application) -> None:
    """Publish the command menu in both languages, for private chats and groups."""
    for lang, commands in COMMANDS.items():
        menu = [BotCommand(name, description) for name, description in commands]
        code = None if lang == "en" else lang
        for scope in (BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()):
            await application.bot.set_my_commands(menu, scope=scope, language_code=code)


def build_application(
    services: Services,
    *,
    token: str,
    request: BaseRequest | None = None,
    rate_limit: bool = True,
    jobs: bool = True,
) -> Application:
    """The bot with every handler registered; `request` swaps the HTTP layer (tests,
    console), `rate_limit` keeps within Telegram's flood limits."""
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(services.settings.base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=None))
        .post_init(post_init)
        # Chats are served side by side, each chat's updates in order (bot/update_order).
        .concurrent_updates(PerChatOrder())
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        # A getUpdates cut short by Ctrl-C can hold the only connection of PTB's default
        # pool; a second one lets the final "mark fetched" call through on shutdown.
        builder = builder.get_updates_connection_pool_size(2)
    if rate_limit:
        builder = builder.rate_limiter(PerChatRateLimiter(max_retries=3))
    if not jobs:
        builder = builder.job_queue(None)
    application = builder.build()
    application.bot_data["services"] = services
    application.bot_data["jobs_enabled"] = jobs

    # Edited messages must not run a command a second time.
    only_new = filters.UpdateType.MESSAGE
    # Before any command: a chat paused after a 403 that talks to us again is back.
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, handlers.note_chat_activity),
        group=-1,
    )
    for names, callback in (
        (("start", "help"), handlers.start),
        (("gap",), handlers.gap),
        (("valuation",), handlers.valuation),
        (("sectors",), handlers.sectors),
        (("rates",), debate_commands.rates),
        (("drawdown",), debate_commands.drawdown),
        (("event",), debate_commands.event),
        (("odds",), debate_commands.odds),
        (("mix",), debate_commands.mix),
        (("top",), handlers.top),
        (("status",), handlers.status),
        (("alert",), alert_commands.alert),
        (("alerts",), alert_commands.alerts),
        (("digest",), alert_commands.digest),
        (("tz",), alert_commands.tz),
        (("settings",), alert_commands.settings),
        (("pair",), alert_commands.pair),
        (("lang",), handlers.lang),
    ):
        application.add_handler(CommandHandler(names, callback, filters=only_new))
    application.add_handler(CallbackQueryHandler(debate_commands.window_button,
                                                 pattern=debate_commands.BUTTON_PATTERN))
    application.add_handler(CallbackQueryHandler(handlers.gap_button))
    application.add_handler(InlineQueryHandler(debate_commands.inline_answer,
                                               pattern=debate_commands.INLINE_PATTERN))
    application.add_handler(InlineQueryHandler(handlers.inline_gap))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, handlers.chat_migrated))
    # Questions in plain words, and their confirm / "did you mean" buttons.
    question_handler.register(application)
    # Last: a private chat's command that no handler above took.
    application.add_handler(MessageHandler(
        only_new & filters.COMMAND & filters.ChatType.PRIVATE, handlers.unknown_command))
    application.add_error_handler(handlers.on_error)

    if jobs:
        schedule_all(application, services.settings.refresh_minutes)
    return application
