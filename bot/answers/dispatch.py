"""A command line, typed or read, to its Answer: the one way any front end asks."""

from __future__ import annotations

import importlib
import logging

from analytics.performance import AnalyticsError
from bot.answers.answer import Answer, Ask, refused
from bot.answers.services import Services
from bot.catalogue import Command, command
from bot.parsing import UsageError
from bot.present.i18n import t
from bot.present.render import esc, refusal_text

log = logging.getLogger(__name__)


def answer_function(entry: Command):
    """The catalogue's `module:function`, imported on first use: a console answer
    imports only what it needs (no charts for text, no Yahoo client offline)."""
    module, name = entry.answer.split(":")
    return getattr(importlib.import_module(module), name)


async def answer_command(svc: Services, ask: Ask, name: str, args: list[str]) -> Answer:
    """The answer to `/name args`, or a short localized refusal: bad input and data that
    cannot answer never raise out of here."""
    entry = command(name)
    if entry is None:
        return refused(t(ask.lang, "unknown_command", command=esc(("/" + name)[:32])))
    try:
        return await answer_function(entry)(svc, ask, list(args))
    except (UsageError, AnalyticsError) as exc:
        return refused(refusal_text(ask.lang, exc),
                       command_line=" ".join(["/" + entry.name, *args])[:200])
