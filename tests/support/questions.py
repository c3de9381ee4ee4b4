"""The question tests' bot: the reference data at the question table's day, a chat with
its own pair, a forum and a member, and how to read and press what it answers."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from telegram.ext import MessageHandler

from bot.present.i18n_questions import QUESTION_MESSAGES
from bot.questions.reader import examples
from bot.tg.questions import question
from tests.support.bots import GROUP, bot_env
from tests.support.fake_botapi import feed
from tests.support.question_table import TODAY

# 16:00 in New York on the table's day, so relative windows read as the table expects.
CLOCK = datetime(TODAY.year, TODAY.month, TODAY.day, 21, tzinfo=UTC)
PAIR_USER = 14  # a private chat that chose IWM vs QQQ
FORUM = -100900
MEMBER = 15


def registered(application) -> bool:
    return any(isinstance(h, MessageHandler) and h.callback is question
               for handlers in application.handlers.values() for h in handlers)


@contextlib.asynccontextmanager
async def question_env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as env:
        assert registered(env.application)  # bot/tg/app.py registers questions
        env.services.market.clock = lambda: CLOCK
        env.api.add_private_chat(PAIR_USER, language_code="en")
        env.services.chats.set_pair(PAIR_USER, ("IWM", "QQQ"), CLOCK)
        env.api.add_group(FORUM, title="Forum", supergroup=True, forum=True)
        env.api.set_member(FORUM, MEMBER, "member")
        env.api.set_member(GROUP, MEMBER, "member")
        for chat in (PAIR_USER, FORUM):
            env.services.chats.update_chat(chat, CLOCK, charts=0)
        yield env


def mention(env) -> str:
    return f"@{env.api.bot_username}"


def is_examples_reply(text: str, lang: str) -> bool:
    return (text.startswith(QUESTION_MESSAGES[lang]["question_not_understood"])
            and all(example in text for example in examples(lang)))


def lang_of(question: str) -> str:
    return "ko" if any("\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e"
                       for c in question) else "en"



def button(message, data_prefix: str) -> dict:
    return next(b for row in (message.reply_markup or {}).get("inline_keyboard", [])
                for b in row if b["callback_data"].startswith(data_prefix))


async def press(env, chat: int, user: int, message_id: int, data: str) -> dict:
    await feed(env.application, env.api.callback_update(chat, user, message_id, data))
    return env.api.callback_answers[-1]
