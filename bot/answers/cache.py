"""Answers computed once per data change and shared by every chat, bounded in bytes.

Rendered HTML and chart PNGs are the bot's business, so the cache lives here, not in
analytics; the market data service only says when its data changed (`generation`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable

from cachetools import LRUCache

DEFAULT_MAX_BYTES = 48 * 2**20  # ~300 chart answers; a chart PNG is ~165 KB
_ENTRY_OVERHEAD = 1024  # keys, dataclass and dict slots: a rough floor per answer


def answer_weight(value: object, _depth: int = 0) -> int:
    """Bytes an answer holds, counting its text and images (what makes it large)."""
    if isinstance(value, bytes | bytearray):
        return len(value)
    if isinstance(value, str):
        return len(value.encode())
    if _depth > 3:
        return 64
    if isinstance(value, tuple | list):
        return sum(answer_weight(v, _depth + 1) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(answer_weight(getattr(value, f.name), _depth + 1)
                   for f in dataclasses.fields(value))
    return 64


class AnswerCache:
    """Least-recently-used answers, bounded by the bytes they hold; everything is dropped
    when the data generation changes (new prices, a new snapshot, a newer close becoming
    possible)."""

    def __init__(self, generation: Callable[[], Hashable], max_bytes: int = DEFAULT_MAX_BYTES):
        self._generation = generation
        self._seen: Hashable = None
        self.max_bytes = max_bytes

    @property
    def max_bytes(self) -> int:
        return int(self._entries.maxsize)

    @max_bytes.setter
    def max_bytes(self, max_bytes: int) -> None:  # a new budget starts empty
        self._entries: LRUCache = LRUCache(max_bytes, getsizeof=_weight)

    @property
    def bytes(self) -> int:
        return int(self._entries.currsize)

    def _sync(self) -> None:
        current = self._generation()
        if current != self._seen:
            self._entries.clear()
            self._seen = current

    def get(self, key: Hashable) -> object | None:
        self._sync()
        return self._entries.get(key)

    def put(self, key: Hashable, value: object) -> None:
        self._sync()
        try:
            self._entries[key] = value
        except ValueError:  # larger than the whole cache: answered, not kept
            self._entries.pop(key, None)

    def __contains__(self, key: Hashable) -> bool:
        self._sync()
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)


def _weight(value: object) -> int:
    return answer_weight(value) + _ENTRY_OVERHEAD
