"""The real bot (python-telegram-bot Application and services) over the strict fake Bot
API: `Env` to talk to it, `start_bot` to start a bot process over a database file, and
`bot_env`, the bot over a copy of the reference data with the chats most tests use."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date

from bot.answers.services import Services
from bot.config import load_settings
from bot.tg.app import build_application, open_services
from tests.support.fake_botapi import FakeBotAPI, FakeRequest, feed
from tests.support.reference import seed_fund_data

# The chats of `bot_env`: a private chat in English, one in Korean, and a supergroup
# where ADMIN is an administrator and USER a member.
USER, OTHER_USER, ADMIN = 11, 12, 13
GROUP = -100500


@dataclass
class Env:
    api: FakeBotAPI
    application: object
    services: Services

    async def say(self, chat_id: int, text: str, user_id: int | None = None, **kw) -> list[str]:
        """Send a message; return the plain texts of what the bot posted in reply."""
        before = len(self.api.transcript(chat_id))
        await feed(self.application, self.api.message_update(chat_id, user_id or chat_id, text,
                                                             **kw))
        return [m.plain for m in self.api.transcript(chat_id)[before:]]


async def start_bot(path, api: FakeBotAPI, *, jobs: bool, clock=None, rate_limit=False) -> Env:
    """A bot process over the database file `path`, talking to `api`: calling it again
    on the same file is a restart."""
    settings = load_settings({"GAPBOT_DB": str(path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    if clock is not None:
        services.market.clock = clock
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                    rate_limit=rate_limit, jobs=jobs)
    await application.initialize()
    return Env(api, application, services)


@contextlib.asynccontextmanager
async def bot_env(reference_db_file, tmp_path):
    """The bot over a copy of the reference data, with a private chat in each language
    and a supergroup with an admin."""
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    settings = load_settings({"GAPBOT_DB": str(path), "GAPBOT_OFFLINE": "1"})
    services = open_services(settings)
    seed_fund_data(services.storage, date(2025, 10, 31))
    api = FakeBotAPI()
    api.add_private_chat(USER, language_code="en")
    api.add_private_chat(OTHER_USER, language_code="ko")
    api.add_group(GROUP, title="Small caps club", supergroup=True)
    api.set_member(GROUP, ADMIN, "administrator")
    api.set_member(GROUP, USER, "member")
    application = build_application(services, token=api.token, request=FakeRequest(api),
                                    rate_limit=False, jobs=False)
    await application.initialize()
    await application.post_init(application)
    # Text replies by default; chart tests switch charts on for their chat.
    for chat in (USER, OTHER_USER, GROUP):
        services.chats.update_chat(chat, services.market.clock(), charts=0)
    try:
        yield Env(api, application, services)
    finally:
        await application.shutdown()
