"""What the handlers need, built once by the composition root (bot/app.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.market_data import MarketData
from bot.answer_cache import AnswerCache
from bot.config import Settings
from bot.fetch_budget import FetchBudget
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

    def __post_init__(self) -> None:
        if self.answers is None:
            self.answers = AnswerCache(self.market.generation)
