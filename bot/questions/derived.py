"""What the question reader takes from the bot's own tables, so that a question and the
command it is read as can never disagree:

- the topics and the words that lead a question to them: bot/catalogue.py, every command
  that has `words`; the slots its command line fills: the command's `takes`;
- the named events, their slugs and their days: analytics/events.py (`EVENTS`), each read
  by its own key, names and aliases there and by the other ways people say it
  (bot/questions/words.py, `EVENT_ALIASES`);
- which alert metric takes a window, and its default: analytics/alerts.py (`METRICS`);
- the limits the parsers hold a proposal to: event days (analytics/events.py), odds years
  and the first year of a date (bot/parsing.py), alert thresholds (analytics/alerts.py);
- the fund that answers for an index when a question asks what it holds:
  analytics/tracking.py.

Only words live in bot/questions/words.py; nothing here is typed twice.
"""

from __future__ import annotations

import re

from analytics.alerts import MAX_ABS_THRESHOLD, METRICS
from analytics.events import EVENTS, MAX_DAYS
from analytics.performance import is_price_index
from analytics.tracking import tracked_index, trackers
from bot import parsing
from bot.catalogue import COMMANDS
from bot.questions import words

# -- commands ----------------------------------------------------------------------------------

TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    f"topic:{command.name}": command.words for command in COMMANDS if command.words
}
# The slots a topic's command reads (window, pair, ticker, event, days, pct, years).
TOPIC_SLOTS: dict[str, frozenset[str]] = {
    command.name: command.takes for command in COMMANDS if command.words
}

# -- events ------------------------------------------------------------------------------------

EVENT_DAYS: dict[str, str] = {event.key: event.day.isoformat() for event in EVENTS}
MAX_EVENT_DAYS = MAX_DAYS


def _own_names(event) -> tuple[str, ...]:
    """The event's key, names and aliases as analytics/events.py writes them, as phrases:
    lower case, hyphens as spaces, a note in brackets left out (`볼마게돈(변동성 폭발)` →
    `볼마게돈`; `Fed's first rate cut of 2024 (50 bp)`: `50 bp` alone is no event)."""
    phrases = []
    for name in (event.key, event.name_en, event.name_ko, *event.aliases):
        bare = re.sub(r"\([^)]*\)", " ", name).lower().replace("-", " ")
        phrase = " ".join(bare.split())
        if phrase:
            phrases.append(phrase)
    return tuple(dict.fromkeys(phrases))


EVENT_WORDS: dict[str, tuple[str, ...]] = {
    f"event:{event.key}": (*_own_names(event), *words.EVENT_ALIASES.get(event.key, ()))
    for event in EVENTS
}

# The years of the named elections: "트럼프 당선" with 2016 in the sentence is that one.
ELECTION_YEARS: frozenset[int] = frozenset(
    event.day.year for event in EVENTS if event.key.startswith("election-"))

# -- alerts ------------------------------------------------------------------------------------

# metric -> the window it is measured over when none is asked; None: it takes no window.
METRIC_DEFAULT_WINDOW: dict[str, str | None] = {
    name: spec.default_window for name, spec in METRICS.items()
}
MAX_THRESHOLD = MAX_ABS_THRESHOLD

# -- dates and holds ---------------------------------------------------------------------------

MIN_YEAR = parsing.MIN_YEAR  # the first year a date may have
MAX_YEARS = parsing.MAX_ODDS_YEARS  # the longest hold /odds counts

# -- holdings ----------------------------------------------------------------------------------


def fund_for(ticker: str, chat_pair: tuple[str, str]) -> str | None:
    """The fund whose holdings answer for `ticker`: itself, or for an index (which holds
    nothing) a fund tracking it, the chat's own first (`^RUT` → VTWO); None when no fund
    tracks it."""
    if not is_price_index(ticker):
        return ticker
    index = tracked_index(ticker)
    if index is None:
        return None
    candidates = (*chat_pair, *trackers(index))
    return next((t for t in candidates
                 if not is_price_index(t) and tracked_index(t) == index), None)
