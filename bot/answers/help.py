"""/help, built from the catalogue (so it lists exactly the commands that exist, the
same in both languages), and /events, the named events /event knows."""

from __future__ import annotations

from bot.answers.answer import Answer, Ask
from bot.answers.services import Services
from bot.catalogue import COMMANDS, GROUPS, Command
from bot.present.debate import render_events
from bot.present.i18n import t
from bot.present.render import esc


def _command_line(lang: str, entry: Command) -> str:
    syntax = f" {esc(entry.syntax[lang])}" if entry.syntax[lang] else ""
    examples = " · ".join(f"<code>{esc(example)}</code>" for example in entry.examples
                          if example != f"/{entry.name}")
    line = f"/{entry.name}{syntax} — {esc(entry.summary[lang])}"
    return f"{line}\n  {examples}" if examples else line


def help_text(lang: str, small: str, large: str, bot_username: str) -> str:
    parts = [t(lang, "help_intro")]
    for group in GROUPS:
        lines = [t(lang, f"help_section_{group}")]
        lines += [_command_line(lang, c) for c in COMMANDS if c.group == group]
        if group == "market":  # what WINDOW means, right under /gap
            lines.insert(2, t(lang, "help_windows"))
        parts.append("\n".join(lines))
    parts.append(t(lang, "help_questions"))
    parts.append(t(lang, "help_inline", bot=esc(bot_username)) + "\n"
                 + t(lang, "help_default_pair", small=esc(small), large=esc(large)))
    return "\n\n".join(parts)


async def help(svc: Services, ask: Ask, args: list[str]) -> Answer:  # noqa: A001
    """What the bot does and every command, with examples."""
    return Answer(help_text(ask.lang, *ask.pair, ask.bot_username), command_line="/help")


async def events(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """The named events, newest first: the close each one starts from, and why."""
    return Answer(render_events(ask.lang), command_line="/events")
