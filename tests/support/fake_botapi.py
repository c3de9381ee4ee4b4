"""A strict, in-process fake of the Telegram Bot API for driving the real Application.

It refuses what Telegram refuses (bad HTML, empty or oversized text, long callback
data, non-image photos, identical edits, unknown chats) with Telegram's own error
shapes, so python-telegram-bot raises its real exceptions, and it injects the faults
a bot meets in production (429, 403, group migration, 5xx, timeouts).

It also behaves like Telegram where concurrency bugs hide: slow responses and held calls
(so tasks interleave where a real network lets them), opt-in flood limits answering 429,
group-to-supergroup migration with its service messages, and forum topics.

    api = FakeBotAPI()
    app = (ApplicationBuilder().token(api.token).request(FakeRequest(api))
           .get_updates_request(FakeRequest(api)).build())
    await app.initialize()
    await feed(app, api.message_update(chat_id, user_id, "/gap 1y"))
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
                "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"}
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}
PNG_MAGIC, JPEG_MAGIC = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"
ANONYMOUS_ADMIN_BOT = 1087968824
GROUP_ANONYMOUS_BOT = {"id": ANONYMOUS_ADMIN_BOT, "is_bot": True, "first_name": "Group",
                       "username": "GroupAnonymousBot"}
FLOOD_COUNTED = {"sendMessage", "sendPhoto"}  # Telegram's limits are on sends, not edits
GENERAL_TOPIC = 1  # forums' General topic: typing may name it, messages must omit it
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class Call:
    method: str
    params: dict
    ok: bool = True
    error: str | None = None


# Every fake API a test made, so a house rule (tests/conftest.py) can read all they were sent.
LIVE_APIS: list[FakeBotAPI] = []


def shown_texts(api: FakeBotAPI) -> list[str]:
    """Everything a user could read of what the bot sent: texts, captions, edits, buttons,
    inline results and button answers."""
    texts = []
    for call in api.calls:
        params = call.params
        for key in ("text", "caption"):
            if isinstance(params.get(key), str):
                texts.append(params[key])
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            texts.append(markup)
        for result in params.get("results") or []:
            texts.append(str(result))
    return texts


@dataclass
class SentMessage:
    chat_id: int
    message_id: int
    kind: str  # text | photo
    html: str | None
    plain: str
    parse_mode: str | None
    photo: bytes | None
    reply_markup: dict | None
    edits: int = 0
    reply_to_message_id: int | None = None
    thread_id: int | None = None  # the forum topic it went to; None = General / no forum


class _TelegramHtml(HTMLParser):
    """Parses like Telegram: allowed tags only, balanced, entities checked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            raise ApiError(400, "Bad Request: can't parse entities: "
                           f'Unsupported start tag "{tag}"')
        attrs = dict(attrs)
        if tag == "a" and not attrs.get("href"):
            raise ApiError(400, "Bad Request: can't parse entities: a tag without href")
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise ApiError(400, "Bad Request: can't parse entities: span without tg-spoiler")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            raise ApiError(400, f'Bad Request: can\'t parse entities: Unmatched end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)

    def handle_entityref(self, name):
        if name not in ("lt", "gt", "amp", "quot"):
            raise ApiError(400, f"Bad Request: can't parse entities: unknown entity &{name};")
        self.text.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name])

    def handle_charref(self, name):
        self.text.append(chr(int(name[1:], 16) if name.lower().startswith("x") else int(name)))


def parse_html(markup: str) -> str:
    """The visible text of Telegram HTML, or ApiError as Telegram would answer."""
    # html.parser forgives what Telegram does not: a bare '<' or '&'.
    for match in re.finditer(r"&", markup):
        if not _ENTITY.match(markup, match.start()):
            raise ApiError(400, "Bad Request: can't parse entities: bare & at byte offset "
                           f"{len(markup[:match.start()].encode())}")
    for match in re.finditer(r"<", markup):
        if not re.match(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>", markup[match.start():]):
            raise ApiError(400, "Bad Request: can't parse entities: unexpected < at byte "
                           f"offset {len(markup[:match.start()].encode())}")
    parser = _TelegramHtml()
    parser.feed(markup)
    parser.close()
    if parser.stack:
        raise ApiError(400, "Bad Request: can't parse entities: "
                       f'unclosed tag "{parser.stack[-1]}"')
    return "".join(parser.text)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Fault:
    method: str
    chat_id: int | None
    kind: str
    retry_after: int
    migrate_to: int | None
    times: int


@dataclass
class Topic:
    thread_id: int
    name: str
    creator: dict
    icon_color: int = 7322096
    closed: bool = False
    deleted: bool = False


class Hold:
    """One call frozen at the wire until the test calls set(): lets a test stop a sender
    mid-request and run a competing path. `reached` is set once the call has arrived."""

    def __init__(self, method: str, chat_id: int | None, after: bool):
        self.method, self.chat_id, self.after = method, chat_id, after
        self.reached = asyncio.Event()
        self._released = asyncio.Event()

    def matches(self, method: str, params: dict) -> bool:
        return method == self.method and (
            self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id))

    def set(self) -> None:
        self._released.set()

    release = set

    def is_set(self) -> bool:
        return self._released.is_set()

    async def wait(self) -> None:
        await self._released.wait()


@dataclass
class FloodLimits:
    """Telegram's documented send limits, as sliding windows over an injectable clock."""

    per_group_per_minute: int = 20
    per_chat_per_second: int = 1
    global_per_second: int = 30
    clock: Callable[[], float] = time.monotonic
    _per_chat: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _all: deque[float] = field(default_factory=deque)

    @staticmethod
    def _wait(stamps: deque[float], limit: int, window: float, now: float) -> int:
        """Whole seconds until a slot frees in this window, 0 when one is free now."""
        while stamps and stamps[0] <= now - window:
            stamps.popleft()
        if len(stamps) < limit:
            return 0
        return max(1, math.ceil(stamps[-limit] + window - now))

    def check(self, chat_id: int, chat_type: str) -> None:
        now = self.clock()
        stamps = self._per_chat[chat_id]
        if chat_type in ("group", "supergroup"):
            wait = self._wait(stamps, self.per_group_per_minute, 60.0, now)
        else:
            wait = self._wait(stamps, self.per_chat_per_second, 1.0, now)
        wait = wait or self._wait(self._all, self.global_per_second, 1.0, now)
        if wait:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def record(self, chat_id: int) -> None:
        now = self.clock()
        self._per_chat[chat_id].append(now)
        self._all.append(now)


class FakeBotAPI:
    def __init__(self, bot_username: str = "gapbot_test_bot", bot_id: int = 7000001, *,
                 latency: float = 0.0, flood_limits: bool = False):
        self.bot_username = bot_username
        self.bot_id = bot_id
        LIVE_APIS.append(self)
        self.token = f"{bot_id}:AAH-fake-secret-token-do-not-log"
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "gapbot",
                         "username": bot_username, "can_join_groups": True,
                         "can_read_all_group_messages": False, "supports_inline_queries": True}
        self.chats: dict[int, dict] = {}
        self.users: dict[int, dict] = {}
        self.members: dict[tuple[int, int], str] = {}
        self.calls: list[Call] = []
        self.messages: dict[int, list[SentMessage]] = defaultdict(list)
        self.commands: dict[tuple[str, str | None], list[dict]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.inline_answers: list[dict] = []
        self.callback_answers: list[dict] = []
        self.blocked: set[int] = set()
        self.migrated: dict[int, int] = {}
        self._faults: list[_Fault] = []
        self._next_message_id: dict[int, int] = defaultdict(lambda: 1)
        self._update_id = 0
        self._open_queries: set[str] = set()
        self._queued_updates: list[dict] = []
        self._photos: dict[str, bytes] = {}
        self.topics: dict[int, dict[int, Topic]] = defaultdict(dict)
        # message_thread_id of every message the fake knows, user's or bot's: a topic id,
        # or in supergroups the root of a reply chain (which is not a topic).
        self._thread_of: dict[tuple[int, int], int | None] = {}
        self._latency: dict[str | None, float] = {None: latency}
        self._holds: list[Hold] = []
        self.flood: FloodLimits | None = None
        if flood_limits:
            self.enable_flood_limits()

    # -- set-up ----------------------------------------------------------------------------

    def add_private_chat(self, user_id: int, first_name: str = "Ann", language_code: str = "en",
                         username: str | None = None) -> dict:
        self.users[user_id] = {"id": user_id, "is_bot": False, "first_name": first_name,
                               "language_code": language_code,
                               **({"username": username} if username else {})}
        chat = {"id": user_id, "type": "private", "first_name": first_name}
        self.chats[user_id] = chat
        return chat

    def add_group(self, chat_id: int, title: str = "Investors", supergroup: bool = False,
                  forum: bool = False) -> dict:
        if forum and not supergroup:
            raise ValueError("only a supergroup can be a forum")
        chat = {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}
        if forum:
            chat["is_forum"] = True
            # Message 1 is the group's creation; no topic may take General's id.
            self._next_message_id[chat_id] = max(self._next_message_id[chat_id], 2)
        self.chats[chat_id] = chat
        return chat

    def add_topic(self, chat_id: int, name: str, *, created_by: int | None = None,
                  icon_color: int = 7322096) -> int:
        """Open a forum topic; its thread id is the id of its creation service message."""
        if not self.chats[chat_id].get("is_forum"):
            raise ValueError(f"chat {chat_id} is not a forum")
        thread_id = self._next_message_id[chat_id]
        self._next_message_id[chat_id] += 1
        creator = self.users.get(created_by) if created_by is not None else None
        creator = creator or {"id": created_by or 1, "is_bot": False, "first_name": "admin"}
        self.topics[chat_id][thread_id] = Topic(thread_id, name, creator, icon_color)
        self._thread_of[(chat_id, thread_id)] = thread_id
        return thread_id

    def close_topic(self, chat_id: int, thread_id: int) -> None:
        self.topics[chat_id][thread_id].closed = True

    def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        self.topics[chat_id][thread_id].closed = False

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """Telegram deletes a topic with all its messages: later edits find nothing."""
        self.topics[chat_id][thread_id].deleted = True

    def topic_texts(self, chat_id: int, thread_id: int | None) -> list[str]:
        """What a reader of one topic sees (None = General)."""
        return [m.plain for m in self.transcript(chat_id) if m.thread_id == thread_id]

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        self.members[(chat_id, user_id)] = status
        self.users.setdefault(user_id, {"id": user_id, "is_bot": False,
                                        "first_name": f"user{user_id}", "language_code": "en"})

    def fail_next(self, method: str, *, chat_id: int | None = None, kind: str,
                  retry_after: int = 3, migrate_to: int | None = None, times: int = 1) -> None:
        self._faults.append(_Fault(method, chat_id, kind, retry_after, migrate_to, times))

    def migrate_group(self, old_chat_id: int, new_chat_id: int) -> None:
        self.migrated[old_chat_id] = new_chat_id
        if new_chat_id not in self.chats:
            self.add_group(new_chat_id, self.chats.get(old_chat_id, {}).get("title", "group"),
                           supergroup=True)
        for (chat_id, user_id), status in list(self.members.items()):
            if chat_id == old_chat_id:  # members and admins move with the group
                self.members.setdefault((new_chat_id, user_id), status)

    def migration_updates(self, old_chat_id: int, new_chat_id: int, *,
                          by_user_id: int | None = None) -> list[dict]:
        """The two service messages Telegram delivers when a group becomes a supergroup,
        old group's first. Migrates the group too: by then sends to the old id fail.
        Telegram does not promise their order; reverse the list to test the other one."""
        if self.migrated.get(old_chat_id, new_chat_id) != new_chat_id:
            raise ValueError(f"{old_chat_id} already migrated to {self.migrated[old_chat_id]}")
        self.migrate_group(old_chat_id, new_chat_id)
        if by_user_id is None:
            by_user_id = next((u for (c, u), status in self.members.items()
                               if c == old_chat_id and status == "creator"), 1)
        user = self.users.get(by_user_id) or {"id": by_user_id, "is_bot": False,
                                              "first_name": f"user{by_user_id}"}
        old_chat, new_chat = self.chats[old_chat_id], self.chats[new_chat_id]
        in_old = {"message_id": self._take_message_id(old_chat_id), "date": int(time.time()),
                  "chat": old_chat, "from": user, "migrate_to_chat_id": new_chat_id}
        # Real updates show the supergroup's side as sent by the group itself.
        in_new = {"message_id": self._take_message_id(new_chat_id), "date": int(time.time()),
                  "chat": new_chat, "from": GROUP_ANONYMOUS_BOT, "sender_chat": new_chat,
                  "migrate_from_chat_id": old_chat_id}
        return [{"update_id": self._next_update_id(), "message": in_old},
                {"update_id": self._next_update_id(), "message": in_new}]

    def set_latency(self, seconds: float, method: str | None = None) -> None:
        """Delay each request (of one method, or of all) like a slow network."""
        self._latency[method] = seconds

    def latency_for(self, method: str) -> float:
        return self._latency.get(method, self._latency[None])

    def hold_next(self, method: str, *, chat_id: int | None = None,
                  after: bool = False) -> Hold:
        """Freeze the next matching call until hold.set(): before Telegram handles it, or
        with after=True once handled but before the bot hears back (a lost response)."""
        hold = Hold(method, chat_id, after)
        self._holds.append(hold)
        return hold

    def _take_hold(self, method: str, params: dict, after: bool) -> Hold | None:
        for hold in self._holds:
            if hold.after == after and hold.matches(method, params):
                self._holds.remove(hold)
                return hold
        return None

    def enable_flood_limits(self, per_group_per_minute: int = 20, per_chat_per_second: int = 1,
                            global_per_second: int = 30,
                            clock: Callable[[], float] | None = None) -> FloodLimits:
        """Answer 429 where Telegram would; pass a fake clock to test without sleeping."""
        self.flood = FloodLimits(per_group_per_minute, per_chat_per_second, global_per_second,
                                 clock or time.monotonic)
        return self.flood

    def block(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    def queue_update(self, update: dict) -> None:
        self._queued_updates.append(update)

    # -- incoming updates --------------------------------------------------------------------

    def _next_update_id(self) -> int:
        self._update_id += 1
        return self._update_id

    def _take_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id[chat_id]
        self._next_message_id[chat_id] += 1
        return message_id

    def _topic_created_json(self, chat_id: int, topic: Topic) -> dict:
        """The service message a topic starts with: Telegram sets it as reply_to_message of
        every topic message that replies to nothing else."""
        return {"message_id": topic.thread_id, "date": int(time.time()),
                "chat": self.chats[chat_id], "from": topic.creator,
                "message_thread_id": topic.thread_id, "is_topic_message": True,
                "forum_topic_created": {"name": topic.name, "icon_color": topic.icon_color}}

    def _add_thread(self, message: dict, chat_id: int, thread_id: int | None,
                    replying: bool = False) -> None:
        """Thread fields as Telegram sets them: a topic id marks a topic message; any other
        thread id is a supergroup reply chain (not a topic: sends to it fail in forums)."""
        if thread_id is None:
            return
        message["message_thread_id"] = thread_id
        topic = self.topics[chat_id].get(thread_id)
        if topic is not None:
            message["is_topic_message"] = True
            if not replying and "reply_to_message" not in message:
                message["reply_to_message"] = self._topic_created_json(chat_id, topic)

    def _mentions(self, text: str, taken: int) -> list[dict]:
        """@bot mentions outside the leading command, at UTF-16 offsets as Telegram counts."""
        pattern = rf"(?<![\w@/])@{re.escape(self.bot_username)}(?!\w)"
        return [{"type": "mention", "offset": utf16_len(text[:m.start()]),
                 "length": utf16_len(m.group())}
                for m in re.finditer(pattern, text, re.IGNORECASE) if m.start() >= taken]

    def message_update(self, chat_id: int, user_id: int, text: str, *, edited: bool = False,
                       anonymous_admin: bool = False, thread_id: int | None = None,
                       reply_to_message_id: int | None = None) -> dict:
        chat = self.chats[chat_id]
        user = (self.users.get(user_id) or {"id": user_id, "is_bot": False,
                                             "first_name": f"user{user_id}"})
        message = {"message_id": self._take_message_id(chat_id), "date": int(time.time()),
                   "chat": chat, "text": text}
        if anonymous_admin:
            message["from"] = dict(GROUP_ANONYMOUS_BOT)
            message["sender_chat"] = chat
        else:
            message["from"] = user
        if thread_id is not None and (thread_id not in self.topics[chat_id]
                                      or self.topics[chat_id][thread_id].deleted):
            raise ValueError(f"chat {chat_id} has no topic {thread_id}")
        if reply_to_message_id is not None:
            replied = next((m for m in self.messages[chat_id]
                            if m.message_id == reply_to_message_id), None)
            if replied is None:
                raise ValueError(f"the bot sent no message {reply_to_message_id} to {chat_id}")
            message["reply_to_message"] = self._message_json(replied)
            if thread_id is None:
                thread_id = self._thread_of.get((chat_id, reply_to_message_id))
                if thread_id is None and chat["type"] == "supergroup":
                    thread_id = reply_to_message_id  # the root of a new reply chain
        self._add_thread(message, chat_id, thread_id)
        self._thread_of[(chat_id, message["message_id"])] = thread_id
        first = text.split(maxsplit=1)[0] if text.strip() else ""
        entities = []
        if first.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(first)})
        entities += self._mentions(text, len(first) if first.startswith("/") else 0)
        if entities:
            message["entities"] = entities
        if edited:
            message["edit_date"] = int(time.time())
        return {"update_id": self._next_update_id(),
                "edited_message" if edited else "message": message}

    def callback_update(self, chat_id: int, user_id: int, message_id: int, data: str) -> dict:
        sent = next(m for m in self.messages[chat_id] if m.message_id == message_id)
        query_id = f"cq{self._update_id + 1}"
        self._open_queries.add(query_id)
        return {"update_id": self._next_update_id(), "callback_query": {
            "id": query_id, "from": self.users.get(user_id, {"id": user_id, "is_bot": False,
                                                             "first_name": "u"}),
            "chat_instance": str(chat_id), "data": data, "message": self._message_json(sent)}}

    def inline_update(self, user_id: int, query: str) -> dict:
        query_id = f"iq{self._update_id + 1}"
        self._open_queries.add(query_id)
        return {"update_id": self._next_update_id(), "inline_query": {
            "id": query_id, "from": self.users[user_id], "query": query, "offset": ""}}

    # -- what users see ------------------------------------------------------------------------

    def transcript(self, chat_id: int) -> list[SentMessage]:
        return list(self.messages.get(chat_id, []))

    def last(self, chat_id: int) -> SentMessage:
        return self.messages[chat_id][-1]

    def texts(self, chat_id: int) -> list[str]:
        return [m.plain for m in self.transcript(chat_id)]

    # -- the API ---------------------------------------------------------------------------------

    def handle(self, method: str, params: dict, files: dict[str, bytes]) -> object:
        fault = self._take_fault(method, params.get("chat_id"))
        if fault is not None:
            self._raise_fault(fault)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        counted = self._flood_counted(method, params)
        if counted is not None:
            self.flood.check(counted, self.chats[counted]["type"])
        result = handler(params, files)
        if counted is not None:
            self.flood.record(counted)
        return result

    def _flood_counted(self, method: str, params: dict) -> int | None:
        """The chat a send counts against, when limits are on; None leaves a send to a
        moved or unknown chat to fail as it would anyway."""
        if self.flood is None or method not in FLOOD_COUNTED:
            return None
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(params.get("chat_id"))
            if chat_id in self.chats and chat_id not in self.migrated:
                return chat_id
        return None

    def _take_fault(self, method: str, chat_id) -> _Fault | None:
        for fault in self._faults:
            if fault.method == method and (fault.chat_id is None or str(fault.chat_id) == str(
                    chat_id)):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _raise_fault(fault: _Fault) -> None:
        if fault.kind == "429":
            raise ApiError(429, f"Too Many Requests: retry after {fault.retry_after}",
                           {"retry_after": fault.retry_after})
        if fault.kind == "403_blocked":
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if fault.kind == "403_kicked":
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        if fault.kind == "migrate":
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": fault.migrate_to})
        if fault.kind == "500":
            raise ApiError(500, "Internal Server Error")
        if fault.kind == "timeout":
            raise TimedOut("fake timeout")
        if fault.kind == "network":
            raise NetworkError("fake connection reset")
        raise ValueError(fault.kind)

    def _chat(self, chat_id) -> dict:
        chat_id = int(chat_id)
        if chat_id in self.migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": self.migrated[chat_id]})
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            private = self.chats[chat_id]["type"] == "private"
            raise ApiError(403, "Forbidden: bot was blocked by the user" if private
                           else "Forbidden: bot was kicked from the group chat")
        return self.chats[chat_id]

    @staticmethod
    def _visible(text: str | None, parse_mode: str | None) -> str:
        if text is None:
            return ""
        if parse_mode is None:
            return text
        if parse_mode.upper() != "HTML":
            raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode} in this fake")
        return parse_html(text)

    @staticmethod
    def _markup(params: dict) -> dict | None:
        raw = params.get("reply_markup")
        if raw is None:
            return None
        markup = json.loads(raw) if isinstance(raw, str) else raw
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline "
                                   "keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _message_json(self, sent: SentMessage) -> dict:
        message = {"message_id": sent.message_id, "date": int(time.time()),
                   "chat": self.chats[sent.chat_id], "from": self.bot_user}
        self._add_thread(message, sent.chat_id,
                         self._thread_of.get((sent.chat_id, sent.message_id)),
                         replying=sent.reply_to_message_id is not None)
        if sent.kind == "photo":
            message["photo"] = [{"file_id": f"photo-{sent.chat_id}-{sent.message_id}",
                                 "file_unique_id": f"u{sent.message_id}", "width": 1280,
                                 "height": 960}]
            if sent.html:
                message["caption"] = sent.plain
        else:
            message["text"] = sent.plain
        if sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        return message

    def _store(self, chat_id: int, kind: str, html: str | None, parse_mode, photo, markup,
               reply_to, thread_id: int | None = None) -> SentMessage:
        message_id = self._take_message_id(chat_id)
        topic = thread_id if thread_id in self.topics[chat_id] else None
        sent = SentMessage(chat_id, message_id, kind, html, self._visible(html, parse_mode),
                           parse_mode, photo, markup, 0, reply_to, topic)
        self._thread_of[(chat_id, message_id)] = thread_id
        self.messages[chat_id].append(sent)
        return sent

    def _check_topic(self, chat_id: int, thread_id: int) -> None:
        topic = self.topics[chat_id].get(thread_id)
        if topic is None or topic.deleted:
            raise ApiError(400, "Bad Request: message thread not found")
        if topic.closed:
            raise ApiError(400, "Bad Request: TOPIC_CLOSED")

    def _send_thread(self, chat: dict, params: dict, reply_to: int | None = None,
                     typing: bool = False) -> int | None:
        """The thread a send lands in, refused as Telegram refuses it: in a forum only a
        live, open topic (General is reached by omitting the id, except for typing)."""
        raw = params.get("message_thread_id")
        if raw is None:
            if reply_to is None:
                return None
            thread_id = self._thread_of.get((chat["id"], int(reply_to)))
            if thread_id is None and chat["type"] == "supergroup":
                return int(reply_to)  # a reply starts a reply chain rooted at its target
        else:
            thread_id = int(raw)
            if not chat.get("is_forum"):
                return None  # outside forums Telegram ignores it
            if typing and thread_id == GENERAL_TOPIC:
                return None
        if thread_id is not None and chat.get("is_forum") and (
                raw is not None or thread_id in self.topics[chat["id"]]):
            self._check_topic(chat["id"], thread_id)
        return thread_id

    def _api_getMe(self, params, files):
        return self.bot_user

    def _message_text(self, text: str | None, parse_mode: str | None) -> str:
        """The visible text of a message, refused as Telegram refuses it."""
        visible = self._visible(text, parse_mode)
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return visible

    def _api_sendMessage(self, params, files):
        chat = self._chat(params["chat_id"])
        text = params.get("text")
        self._message_text(text, params.get("parse_mode"))
        markup = self._markup(params)
        reply_to = (params.get("reply_parameters") or {}).get("message_id") if isinstance(
            params.get("reply_parameters"), dict) else None
        thread_id = self._send_thread(chat, params, reply_to)
        sent = self._store(chat["id"], "text", text, params.get("parse_mode"), None, markup,
                           reply_to, thread_id)
        return self._message_json(sent)

    def _photo_bytes(self, params, files) -> bytes:
        photo = files.get("photo")
        if photo is None:
            ref = params.get("photo")
            if isinstance(ref, str) and ref in self._photos:
                return self._photos[ref]
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if not (photo.startswith(PNG_MAGIC) or photo.startswith(JPEG_MAGIC)):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        return photo

    def _api_sendPhoto(self, params, files):
        chat = self._chat(params["chat_id"])
        photo = self._photo_bytes(params, files)
        caption = params.get("caption")
        if len(self._visible(caption, params.get("parse_mode"))) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        reply_to = (params.get("reply_parameters") or {}).get("message_id") if isinstance(
            params.get("reply_parameters"), dict) else None
        thread_id = self._send_thread(chat, params, reply_to)
        sent = self._store(chat["id"], "photo", caption, params.get("parse_mode"), photo,
                           self._markup(params), reply_to, thread_id)
        self._photos[f"photo-{sent.chat_id}-{sent.message_id}"] = photo
        return self._message_json(sent)

    def _find(self, params) -> SentMessage:
        chat = self._chat(params["chat_id"])
        for sent in self.messages.get(chat["id"], []):
            if sent.message_id == int(params["message_id"]):
                topic = self.topics[chat["id"]].get(sent.thread_id)
                if topic is not None and topic.deleted:
                    break  # deleting a topic deleted its messages
                if topic is not None and topic.closed:
                    raise ApiError(400, "Bad Request: TOPIC_CLOSED")
                return sent
        raise ApiError(400, "Bad Request: message to edit not found")

    def _api_editMessageText(self, params, files):
        sent = self._find(params)
        if sent.kind != "text":
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text = params.get("text")
        visible = self._message_text(text, params.get("parse_mode"))
        markup = self._markup(params)
        if visible == sent.plain and markup == sent.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message "
                           "content and reply markup are exactly the same as a current content "
                           "and reply markup of the message")
        sent.html, sent.plain, sent.parse_mode, sent.reply_markup = (
            text, visible, params.get("parse_mode"), markup)
        sent.edits += 1
        return self._message_json(sent)

    def _api_editMessageMedia(self, params, files):
        sent = self._find(params)
        media = json.loads(params["media"]) if isinstance(params["media"], str) else params[
            "media"]
        ref = media.get("media", "")
        if ref.startswith("attach://"):
            photo = files.get(ref[len("attach://"):])
        else:
            photo = self._photos.get(ref)
        if photo is None or not (photo.startswith(PNG_MAGIC) or photo.startswith(JPEG_MAGIC)):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption = media.get("caption")
        visible = self._visible(caption, media.get("parse_mode"))
        if len(visible) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        markup = self._markup(params)
        if photo == sent.photo and visible == sent.plain and markup == sent.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        sent.kind, sent.photo, sent.html, sent.plain, sent.reply_markup = (
            "photo", photo, caption, visible, markup)
        sent.edits += 1
        return self._message_json(sent)

    def _api_sendChatAction(self, params, files):
        self._send_thread(self._chat(params["chat_id"]), params, typing=True)
        if params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self.chat_actions.append((int(params["chat_id"]), params["action"]))
        return True

    def _close_query(self, query_id: str) -> None:
        """A callback or inline query is answered at most once, like Telegram's."""
        if query_id not in self._open_queries:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or "
                           "query ID is invalid")
        self._open_queries.discard(query_id)

    def _api_answerCallbackQuery(self, params, files):
        self._close_query(params["callback_query_id"])
        if len(params.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers.append(params)
        return True

    def _api_answerInlineQuery(self, params, files):
        self._close_query(params["inline_query_id"])
        results = params.get("results") or []
        results = json.loads(results) if isinstance(results, str) else results
        if len(results) > 50 or len({r["id"] for r in results}) != len(results):
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH or duplicate ids")
        for result in results:
            content = result.get("input_message_content") or {}
            visible = self._visible(content.get("message_text"), content.get("parse_mode"))
            if not visible.strip() or len(visible) > 4096:
                raise ApiError(400, "Bad Request: MESSAGE_TEXT_INVALID")
        self.inline_answers.append({**params, "results": results})
        return True

    def _api_setMyCommands(self, params, files):
        commands = params["commands"]
        commands = json.loads(commands) if isinstance(commands, str) else commands
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        for command in commands:
            if not _COMMAND_NAME.match(command["command"]) or not 1 <= len(
                    command["description"]) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        scope = params.get("scope") or {"type": "default"}
        scope = json.loads(scope) if isinstance(scope, str) else scope
        self.commands[(scope["type"], params.get("language_code"))] = commands
        return True

    def _api_getChatMember(self, params, files):
        chat = self._chat(params["chat_id"])
        user_id = int(params["user_id"])
        status = self.members.get((chat["id"], user_id), "member")
        user = self.users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "u"})
        member = {"status": status, "user": user}
        if status == "administrator":
            member.update({"can_be_edited": False, "is_anonymous": False,
                           "can_manage_chat": True, "can_delete_messages": True,
                           "can_manage_video_chats": True, "can_restrict_members": True,
                           "can_promote_members": False, "can_change_info": True,
                           "can_invite_users": True, "can_post_stories": False,
                           "can_edit_stories": False, "can_delete_stories": False})
        elif status == "creator":
            member["is_anonymous"] = False
        elif status == "kicked":
            member["until_date"] = 0
        return member

    def _api_getChat(self, params, files):
        return {**self._chat(params["chat_id"]), "accent_color_id": 0,
                "max_reaction_count": 11, "accepted_gift_types": {
                    "unlimited_gifts": False, "limited_gifts": False,
                    "unique_gifts": False, "premium_subscription": False,
                    "gifts_from_channels": False}}

    def _api_getUpdates(self, params, files):
        offset = int(params.get("offset") or 0)
        self._queued_updates = [u for u in self._queued_updates if u["update_id"] >= offset]
        return list(self._queued_updates)

    def _api_deleteWebhook(self, params, files):
        return True

    def _api_deleteMyCommands(self, params, files):
        return True

    def _api_close(self, params, files):
        return True

    def _api_logOut(self, params, files):
        return True


class InProcessRequest(BaseRequest):
    """A Bot API answered inside this process: nothing to connect or close."""

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


class FakeRequest(InProcessRequest):
    """python-telegram-bot's HTTP layer, answered by a FakeBotAPI."""

    def __init__(self, api: FakeBotAPI):
        self.api = api

    async def do_request(self, url, method, request_data: RequestData | None = None,
                         read_timeout=None, write_timeout=None, connect_timeout=None,
                         pool_timeout=None) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        decoded = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            for key, part in (request_data.multipart_data or {}).items():
                payload = part[1] if isinstance(part, tuple) else part
                if isinstance(payload, bytes):
                    files[key] = payload
        # Suspend here, before Telegram acts, so other tasks run where a network lets them.
        delay = self.api.latency_for(name)
        if delay > 0:
            await asyncio.sleep(delay)
        await self._held(name, decoded, after=False)
        try:
            result = self.api.handle(name, decoded, files)
        except ApiError as exc:
            self.api.calls.append(Call(name, decoded, False, exc.description))
            body = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            await self._held(name, decoded, after=True)
            return exc.code, json.dumps(body).encode()
        except (TimedOut, NetworkError) as exc:
            self.api.calls.append(Call(name, decoded, False, str(exc)))
            raise
        self.api.calls.append(Call(name, decoded))
        await self._held(name, decoded, after=True)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    async def _held(self, name: str, params: dict, after: bool) -> None:
        hold = self.api._take_hold(name, params, after)
        if hold is not None:
            hold.reached.set()
            await hold.wait()


async def feed(application, update: dict) -> None:
    """Deliver one update to the Application as if it came from getUpdates."""
    await application.process_update(Update.de_json(update, application.bot))



def _form_params(raw: bytes, content_type: str) -> dict:
    """PTB posts form fields whose non-string values are JSON-encoded."""
    from urllib.parse import parse_qs

    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    params = {}
    for key, values in parse_qs(raw.decode(), keep_blank_values=True).items():
        value = values[-1]
        if value[:1] in "[{" or value in ("true", "false"):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params


class LoopbackBotServer:
    """The same FakeBotAPI over HTTP on 127.0.0.1, for one smoke test of real long
    polling through TELEGRAM_BASE_URL (JSON requests only: no uploads)."""

    def __init__(self, api: FakeBotAPI):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.api = api
        lock = threading.Lock()
        prefix = f"/bot{api.token}/"

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if not self.path.startswith(prefix):
                    self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                params = _form_params(raw, self.headers.get("Content-Type") or "")
                method = self.path[len(prefix):]
                with lock:
                    try:
                        result = api.handle(method, params, {})
                        api.calls.append(Call(method, params))
                    except ApiError as exc:
                        api.calls.append(Call(method, params, False, exc.description))
                        body = {"ok": False, "error_code": exc.code,
                                "description": exc.description}
                        if exc.parameters:
                            body["parameters"] = exc.parameters
                        self._reply(exc.code, body)
                        return
                self._reply(200, {"ok": True, "result": result})

            do_GET = do_POST

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def __enter__(self) -> LoopbackBotServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
