"""What the handlers need, built once by the composition root (bot/app.py)."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.market_data import MarketData
from bot.config import Settings
from storage.chats import ChatStore
from storage.db import Storage


@dataclass
class Services:
    settings: Settings
    storage: Storage
    market: MarketData
    chats: ChatStore
