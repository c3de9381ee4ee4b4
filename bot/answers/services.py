"""What the handlers need, built once by the composition root (bot/tg/app.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.market.data import MarketData
from bot.answers.cache import AnswerCache
from bot.answers.fetch_budget import FetchBudget
from bot.config import Settings
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
