"""What an answer is, before any front end shows it.

A command (typed, read from a question, pressed as a button, asked inline, or typed
at the console) becomes one `Answer`: the text in the HTML subset every front end can
show, a chart to draw (not yet drawn), buttons as data and the command line it answers,
so a follow-up can build on it. Telegram, the console and inline mode render the same
Answer; none of them computes a figure.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from analytics.market.data import NEW_YORK


@dataclass(frozen=True)
class Button:
    """A button under an answer: `data` asks for another answer (see bot.answers.buttons)."""

    label: str
    data: str
    selected: bool = False  # the button standing for what the answer already shows


@dataclass(frozen=True)
class Chart:
    """A chart to draw: a function of bot.present.charts and its arguments."""

    name: str
    args: tuple = ()
    kwargs: tuple[tuple[str, object], ...] = ()
    # False: draw it only when the whole answer fits as its caption (an answer whose
    # buttons edit the chart in place must stay one message).
    may_stand_apart: bool = True


@dataclass(frozen=True)
class Answer:
    html: str
    chart: Chart | None = None
    buttons: tuple[tuple[Button, ...], ...] = ()
    # The command line this answers, as a user would type it again (the follow-up context).
    command_line: str | None = None
    refused: bool = False
    more: tuple[str, ...] = ()  # further messages of a long answer (pages)
    # For inline mode: a one-line title and a description.
    title: str | None = None
    description: str | None = None
    # What the scheduler must do after this answer: "digest" (schedule this chat's
    # digest anew) or "no_digest" (remove it). Only the Telegram front end has jobs.
    schedule: str | None = None
    # An answer that only tells how to type the command: inline mode offers its help.
    usage: bool = False


def refused(html: str, **fields) -> Answer:
    return Answer(html, refused=True, **fields)


async def _always() -> bool:
    return True


@dataclass(frozen=True)
class Ask:
    """Who asks, where and when: everything an answer needs to know of the chat."""

    chat_id: int
    lang: str
    pair: tuple[str, str]  # the chat's pair (its /pair, else the configured default)
    now: datetime
    chat_type: str = "private"  # private, group, supergroup or channel
    thread_id: int | None = None  # the forum topic asked in
    user_id: int | None = None
    charts: bool = False
    bot_username: str = "gapbot"
    # Whether the asker administers the group (asked only when it matters).
    is_admin: Callable[[], Awaitable[bool]] = field(default=_always, compare=False)
    # The command line being answered when it was read from a question.
    reading: str | None = None
    # Who speaks, as a member of the chat (calls, sides, the scoreboard): the user, or the
    # chat itself for an anonymous admin, who posts as the group.
    member_id: int | None = None
    member_name: str = ""

    @property
    def today(self) -> date:
        """The New York trading date of now."""
        return self.now.astimezone(NEW_YORK).date()

    @property
    def private(self) -> bool:
        return self.chat_type == "private"


def chart_key(answer: Answer) -> tuple:
    """The answer cache's key of an answer's PNG: the text carries every figure the chart
    draws, so one drawing serves every chat until the data changes."""
    return ("chart", answer.chart.name if answer.chart else None, answer.html)
