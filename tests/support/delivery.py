"""The fake Bot API of the delivery tests: four private chats in Korean and a plain group
with an admin and a member, optionally slow."""

from __future__ import annotations

from tests.support.fake_botapi import FakeBotAPI

PRIVATES = (31, 32, 33, 34)
GROUP, ADMIN, MEMBER = -4001, 21, 22


def make_api(latency: float = 0.0) -> FakeBotAPI:
    api = FakeBotAPI(latency=latency)
    for chat in PRIVATES:
        api.add_private_chat(chat, language_code="ko")
    api.add_group(GROUP, title="Positioning", supergroup=False)
    api.set_member(GROUP, ADMIN, "administrator")
    api.set_member(GROUP, MEMBER, "member")
    return api
