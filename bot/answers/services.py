"""What the answers need, built once by a front end (bot/tg/app.py, bot/cli/console.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.market.data import MarketData
from analytics.performance import AnalyticsError
from analytics.rates import BILL_TICKER, YIELD_TICKER
from bot.answers.answer import Ask
from bot.answers.cache import AnswerCache
from bot.answers.fetch_budget import FetchBudget
from bot.config import Settings
from bot.parsing import UsageError
from storage.calls import CallStore
from storage.chats import ChatStore
from storage.db import Storage


@dataclass
class Services:
    settings: Settings
    storage: Storage
    market: MarketData
    chats: ChatStore
    answers: AnswerCache = None  # type: ignore[assignment]  # built from `market` below
    fetch_budget: FetchBudget = field(default_factory=FetchBudget)
    calls: CallStore = None  # type: ignore[assignment]  # built from `storage` below

    def __post_init__(self) -> None:
        if self.answers is None:
            self.answers = AnswerCache(self.market.generation)
        if self.calls is None:
            self.calls = CallStore(self.storage.db)


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


def chat_pair(svc: Services, chat_id: int | None) -> tuple[str, str]:
    """The pair a chat argues about: its own (/pair), else the configured default."""
    pair = svc.chats.pair(chat_id) if chat_id is not None else None
    return pair or (svc.settings.small, svc.settings.large)


def check_fetch_budget(svc: Services, ask: Ask, tickers: list[str]) -> None:
    """Tickers the cache has never seen cost a Yahoo request each: a chat gets a few
    an hour (inline queries fire on every keystroke)."""
    missing = [t for t in tickers if not svc.market.is_cached(t)]
    if missing and not svc.market.offline and not svc.fetch_budget.allow(ask.chat_id, missing):
        raise AnalyticsError("fetch_budget", ticker=missing[0])


async def may_manage(svc: Services, ask: Ask) -> None:
    """Changing what a chat receives: in a private chat the user owns it; in a group,
    admins, or everyone once an admin opened the chat's alerts and settings. Refuses
    (`err_admins_only`) otherwise."""
    if ask.private or svc.chats.chat(ask.chat_id).alerts_open or await ask.is_admin():
        return
    raise UsageError("err_admins_only")


async def require_admin(ask: Ask) -> None:
    """Decisions only an admin takes in a group, even one opened to everyone."""
    if not ask.private and not await ask.is_admin():
        raise UsageError("err_admins_decide")
