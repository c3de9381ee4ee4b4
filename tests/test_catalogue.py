"""The catalogue is the one list of commands: Telegram's handlers and menu, /help, the
console and inline mode all follow it, and a command added to it (/events) works
everywhere at once."""

from __future__ import annotations

import re

import pytest

from analytics.events import EVENTS
from bot.catalogue import COMMANDS, inline_commands, menu
from tests.support.bots import GROUP, OTHER_USER, USER, bot_env
from tests.support.cli import gapbot
from tests.support.fake_botapi import feed


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        yield running


def registered_commands(application) -> set[str]:
    return {name for group in application.handlers.values() for handler in group
            for name in getattr(handler, "commands", ())}


async def test_every_catalogue_command_has_a_handler_and_nothing_else_does(env):
    names = {n for c in COMMANDS for n in (c.name, *c.aliases)}
    assert registered_commands(env.application) == names


async def test_the_menu_telegram_shows_is_the_catalogue_in_both_languages(env):
    for (scope, code), commands in env.api.commands.items():
        lang = "ko" if code == "ko" else "en"
        assert [(c["command"], c["description"]) for c in commands] == menu(lang), scope


async def test_help_names_every_command_in_both_languages(env):
    for chat, lang in ((USER, "en"), (OTHER_USER, "ko")):
        (text,) = await env.say(chat, "/help")
        for entry in COMMANDS:
            assert re.search(rf"/{entry.name}\b", text), (lang, entry.name)
            for example in entry.examples:
                assert example in text, (lang, example)


async def test_events_lists_every_named_event_with_its_close_and_why(env):
    (text,) = await env.say(USER, "/events")
    (korean,) = await env.say(OTHER_USER, "/events")
    for event in EVENTS:
        assert f"{event.key} · {event.day.isoformat()} · {event.name_en}" in text
        assert event.note in text
        assert event.name_ko in korean and event.note_ko in korean
    assert "/event covid 20" in text and "예: /event covid 20" in korean
    # Newest first: the list reads like a timeline back from today.
    positions = [text.index(e.key + " ·") for e in sorted(EVENTS, key=lambda e: e.day,
                                                          reverse=True)]
    assert positions == sorted(positions)


async def test_events_in_a_group_addressed_to_the_bot(env):
    (text,) = await env.say(GROUP, f"/events@{env.application.bot.username}", user_id=USER)
    assert "liberation-day" in text


def test_events_works_in_the_console(reference_db_file, tmp_path):
    db = tmp_path / "gapbot.sqlite3"
    db.write_bytes(reference_db_file.read_bytes())
    done = gapbot("ask", "/events", db=db, GAPBOT_LANG="ko")
    assert done.returncode == 0, done.stderr
    assert "이벤트 목록" in done.stdout and "코로나19 폭락" in done.stdout


async def test_inline_mode_answers_every_inline_command_of_the_catalogue(env):
    """Each inline command answers at least one of its own examples (the reference data's
    VTWO is too young for some: those examples are refused as they would be typed)."""
    for entry in inline_commands():
        answered = []
        for example in entry.examples:
            await feed(env.application, env.api.inline_update(USER, example.lstrip("/")))
            answered.append(bool(env.api.inline_answers[-1]["results"]))
        assert any(answered), entry.name
