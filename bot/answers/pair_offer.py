"""When the chat's pair is too young for a question: the pairs tracking the same indices
that can answer it, named in a sentence with a button each (shared by /gap and the
debate commands)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from analytics.performance import is_price_index
from analytics.tracking import COVER_SLACK, TRACKED_INDEX, covering_pairs
from bot.answers.answer import Button
from bot.answers.services import Services
from bot.present.i18n import fmt_date, t
from bot.present.render import esc


@dataclass(frozen=True)
class PairOffer:
    """Pairs tracking the same indices that can answer what the asked pair cannot: a
    sentence naming them and a button per pair that asks the same question of it."""

    text: str  # HTML, in the reader's language
    buttons: tuple[Button, ...]


MAX_OFFERED_PAIRS = 2


def first_close(frame) -> date | None:
    """The first day with a positive close in either basis."""
    present = frame[["close", "adj_close"]].gt(0).any(axis=1)
    return frame.index[present.to_numpy().argmax()].date() if present.any() else None


def pair_offer(svc: Services, lang: str, small: str, large: str, needed_start: date,
               callback_for: Callable[[str, str], str | None]) -> PairOffer | None:
    """Which cached pairs tracking the same indices as `small large` reach back to
    `needed_start` when `small large` does not: a sentence and a button per pair
    (`callback_for(small, large)` gives the button's data, None when it is too long).
    None when the pair covers it, or no other pair does. Reads only the cache."""
    frames = svc.market.cached_prices(sorted({*TRACKED_INDEX, small, large}))
    first_dates = {ticker: day for ticker, frame in frames.items()
                   if (day := first_close(frame)) is not None}
    own_first = max(first_dates.get(small, date.max), first_dates.get(large, date.max))
    if own_first <= needed_start + COVER_SLACK:
        return None
    items, buttons = [], []
    for s, lg in covering_pairs(small, large, needed_start, first_dates):
        data = callback_for(s, lg)
        if data is None:
            continue
        key = "pair_offer_item_price" if is_price_index(s) else "pair_offer_item"
        items.append(t(lang, key, small=esc(s), large=esc(lg),
                       first=fmt_date(lang, max(first_dates[s], first_dates[lg]))))
        buttons.append(Button(f"{s} {lg}", data))
        if len(buttons) == MAX_OFFERED_PAIRS:
            break
    if not buttons:
        return None
    return PairOffer(t(lang, "pair_offer", pairs=", ".join(items)), tuple(buttons))


