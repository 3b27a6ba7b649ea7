"""A fake Telegram Bot API server on 127.0.0.1, strict where Telegram is strict.

The bot under test talks to it over real HTTP (`{base_url}{token}/{method}`, as PTB builds
URLs), so nothing of the bot is mocked. It validates what Telegram validates — HTML parse
mode, message length, button data — and answers with Telegram's JSON shapes and error texts,
so a rendering bug fails a test instead of failing in production. Tests queue updates (user
messages, commands, button presses), read what the bot sent, and inject faults (flood
control, server errors, slow answers, blocked users) per chat.

Standard library only, so benchmarks can import it too::

    with FakeTelegram() as fake:
        application = ApplicationBuilder().token(fake.token).base_url(fake.base_url)...
        fake.queue_command("/start")
        fake.wait_for(1)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

MAX_MESSAGE_LENGTH = 4096
"""Telegram's limit, in UTF-16 code units of the text after entity parsing."""

MAX_CALLBACK_DATA_BYTES = 64

PRIVATE_RATE, GROUP_RATE = 1.0, 20 / 60
"""Messages a second Telegram allows into one private chat, and into one group."""
CHAT_BURST = 4
"""Messages over those rates one chat may receive at once before flood control answers."""

SUPPORTED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "blockquote",
    }
)
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
ADMIN_RIGHTS = (
    "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
    "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info",
    "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories",
)  # fmt: skip
"""The rights Telegram lists for a ChatMemberAdministrator (all required fields)."""
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")


class EntityParseError(ValueError):
    """Text that Telegram's HTML parser refuses; the message is Telegram's description."""


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entities(raw: str, text: str, start: int) -> str:
    """Decode `&...;` references in `raw`; only the ones Telegram knows are accepted.

    Telegram keeps an unknown `&` as text; this fake refuses it, so the renderer must
    escape every `&` it does not mean as an entity.
    """
    out: list[str] = []
    position = 0
    while (amp := raw.find("&", position)) != -1:
        out.append(raw[position:amp])
        match = _ENTITY.match(raw, amp)
        offset = _byte_offset(text, start + amp)
        if match is None:
            raise EntityParseError(f"Character entity expected at byte offset {offset}")
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            if name not in NAMED_ENTITIES:
                raise EntityParseError(
                    f'Unsupported HTML entity "&{name};" at byte offset {offset}'
                )
            out.append(NAMED_ENTITIES[name])
        else:
            code = int(decimal) if decimal is not None else int(hexadecimal, 16)
            if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise EntityParseError(f"Invalid character entity at byte offset {offset}")
            out.append(chr(code))
        position = match.end()
    out.append(raw[position:])
    return "".join(out)


def _parse_attributes(tag: str, source: str, text: str, start: int) -> dict[str, str]:
    attributes: dict[str, str] = {}
    position = 0
    while position < len(source) and not source[position:].isspace():
        match = _ATTRIBUTE.match(source, position)
        if match is None or match.end() == position:
            offset = _byte_offset(text, start + position)
            raise EntityParseError(f'Invalid attribute in tag "{tag}" at byte offset {offset}')
        name, value = match[1].lower(), match[2] or ""
        if value[:1] in {'"', "'"}:
            value = value[1:-1]
        attributes[name] = _decode_entities(value, text, start + match.start(2 if match[2] else 1))
        position = match.end()
    return attributes


def parse_telegram_html(text: str) -> str:
    """The plain text Telegram would show for `text` in HTML parse mode.

    Raises EntityParseError with a description worded like Telegram's for an unsupported
    or unclosed tag, a mismatched end tag, a stray `<`, or an unknown `&entity;`.
    """
    plain: list[str] = []
    open_tags: list[tuple[str, int]] = []
    position = 0
    while position < len(text):
        lt = text.find("<", position)
        chunk_end = len(text) if lt == -1 else lt
        plain.append(_decode_entities(text[position:chunk_end], text, position))
        if lt == -1:
            break
        gt = text.find(">", lt)
        offset = _byte_offset(text, lt)
        if gt == -1:
            raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
        inside = text[lt + 1 : gt]
        if inside.startswith("/"):
            name = inside[1:].strip().lower()
            if not open_tags:
                raise EntityParseError(f"Unexpected end tag at byte offset {offset}")
            expected, _ = open_tags.pop()
            if name != expected:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{expected}>", '
                    f'found "</{name}>"'
                )
        else:
            match = _TAG_NAME.match(inside)
            name = match[0].lower() if match else ""
            if name not in SUPPORTED_TAGS:
                raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
            attributes = _parse_attributes(name, inside[len(name) :], text, lt + 1 + len(name))
            if name == "span" and attributes.get("class") != "tg-spoiler":
                raise EntityParseError('Tag "span" must have class "tg-spoiler"')
            open_tags.append((name, offset))
        position = gt + 1
    if open_tags:
        name, _ = open_tags[-1]
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
    return "".join(plain)


@dataclass(frozen=True)
class User:
    """A Telegram user who talks to the bot."""

    id: int = 1001
    first_name: str = "Olena"
    username: str | None = "olena"
    language_code: str | None = None
    """The IETF tag of the user's client language ("uk", "en-GB"), as Telegram sends it."""

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class Chat:
    """A chat: private (its id is the user's), a group or a channel (negative ids, titles;
    a public channel has a username)."""

    id: int
    type: str = "private"
    title: str | None = None
    username: str | None = None

    @classmethod
    def private(cls, user: User) -> Chat:
        return cls(id=user.id)

    @classmethod
    def group(cls, chat_id: int = -1001234567890, title: str = "Newsroom") -> Chat:
        return cls(id=chat_id, type="supergroup", title=title)

    @classmethod
    def channel(
        cls, chat_id: int = -1009876543210, title: str = "War Wire", username: str = "warwire"
    ) -> Chat:
        return cls(id=chat_id, type="channel", title=title, username=username)

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        else:
            data["first_name"] = "Olena"
        if self.username:
            data["username"] = self.username
        return data


@dataclass(frozen=True)
class Fault:
    """A failure to apply to one sendMessage call instead of (or before) sending."""

    status: int
    description: str
    retry_after: int | None = None
    delay: float = 0.0
    delivered: bool = False
    migrate_to_chat_id: int | None = None

    @classmethod
    def flood(cls, retry_after: int = 3) -> Fault:
        """429 Too Many Requests with `parameters.retry_after`, as Telegram's flood control."""
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)

    @classmethod
    def server_error(cls) -> Fault:
        return cls(500, "Internal Server Error")

    @classmethod
    def blocked(cls) -> Fault:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def chat_not_found(cls) -> Fault:
        return cls(400, "Bad Request: chat not found")

    @classmethod
    def migrated(cls, new_chat_id: int) -> Fault:
        """400 with `parameters.migrate_to_chat_id`: the group became a supergroup."""
        description = "Bad Request: group chat was upgraded to a supergroup chat"
        return cls(400, description, migrate_to_chat_id=new_chat_id)

    @classmethod
    def timeout(cls, seconds: float, *, delivered: bool = True) -> Fault:
        """Answer only after `seconds` (longer than the client waits).

        With `delivered` the message is still recorded, as when Telegram sent it but the
        answer was lost: the case that makes naive retries send a message twice.
        """
        return cls(200, "", delay=seconds, delivered=delivered)


@dataclass
class Outgoing:
    """A message the bot sent or edited, as the fake received it."""

    method: str
    chat_id: int
    message_id: int
    text: str
    plain_text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    at: float = field(default_factory=time.monotonic)

    def button_data(self) -> list[str]:
        """The callback_data of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [
            button["callback_data"] for row in rows for button in row if "callback_data" in button
        ]


class ApiError(Exception):
    """An error answer: HTTP status and Telegram's description."""

    def __init__(
        self,
        status: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id


def _bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


class FakeTelegram:
    """The fake server; start it with `with FakeTelegram() as fake:` or `start()`/`stop()`."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "digest_test_bot",
        *,
        flood_limit: int | None = None,
        chat_limits: bool = False,
    ) -> None:
        """`flood_limit`: answer 429 to sends beyond that many in any one second, as
        Telegram's broadcast limit does (30 a second for a free bot); `floods` counts them.
        `chat_limits`: also answer 429 beyond Telegram's per-chat limits, one message a
        second in a private chat and 20 a minute in a group, each with a burst of CHAT_BURST
        (a leaky bucket, as Telegram tolerates short bursts)."""
        self.token = token
        self.flood_limit = flood_limit
        self.chat_limits = chat_limits
        self.floods = 0
        self._recent_sends: deque[float] = deque()
        self._chat_buckets: dict[int, tuple[float, float]] = {}
        self.bot_username = bot_username
        self.bot_id = int(token.split(":")[0])
        self.outbox: list[Outgoing] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: list[dict[str, str]] = []
        """The menu for every client; `localized_commands` has the menus per language_code."""
        self.localized_commands: dict[str, list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] = {}
        self._chat_admins: dict[int, set[int]] = {}
        self._can_post: dict[int, bool] = {}
        self.scoped_commands: dict[tuple[str, int | None, str], list[dict[str, str]]] = {}
        """setMyCommands' lists by (scope type, scope chat id, language code)."""
        self.calls: Counter[str] = Counter()
        self._updates: list[dict[str, Any]] = []
        self._messages: dict[tuple[int, int], Outgoing] = {}
        self._chats: dict[int, Chat] = {}
        self._faults: dict[int | None, list[Fault]] = {}
        self._open_callbacks: set[str] = set()
        self._next_update_id = 1
        self._next_message_id = 1
        self._closed = False
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- life cycle ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What to give PTB's `base_url` (it appends the token, then `/method`)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def start(self) -> FakeTelegram:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- what tests do -------------------------------------------------------------------

    def queue_message(
        self, text: str, *, user: User | None = None, chat: Chat | None = None
    ) -> int:
        """Queue a text message from `user` in `chat` (default: the user's private chat).

        A leading `/command` gets its `bot_command` entity, as Telegram adds it.
        """
        return self._queue_text("message", text, user, chat)

    def queue_edited_message(
        self, text: str, *, user: User | None = None, chat: Chat | None = None
    ) -> int:
        """Queue the `edited_message` update Telegram sends when a user edits an old message
        into `text`."""
        return self._queue_text("edited_message", text, user, chat, edited=True)

    def _queue_text(
        self, kind: str, text: str, user: User | None, chat: Chat | None, *, edited: bool = False
    ) -> int:
        user = user or User()
        chat = chat or Chat.private(user)
        now = int(time.time())
        message: dict[str, Any] = {
            "message_id": self._new_message_id(),
            "from": user.to_api(),
            "chat": chat.to_api(),
            "date": now - 60 if edited else now,
            "text": text,
        }
        if edited:
            message["edit_date"] = now
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
            ]
        return self._queue({kind: message}, chat)

    def queue_channel_post(self, text: str, channel: Chat) -> int:
        """Queue a post in `channel`, as Telegram sends it to a bot that administers it:
        a `channel_post` with the channel as its sender and no user (only the channel's
        administrators can post there)."""
        self.add_chat(channel)
        message: dict[str, Any] = {
            "message_id": self._new_message_id(),
            "sender_chat": channel.to_api(),
            "chat": channel.to_api(),
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
            ]
        return self._queue({"channel_post": message}, channel)

    def queue_bot_rights_changed(
        self, chat: Chat, *, can_post: bool, user: User | None = None, added: bool = False
    ) -> int:
        """Queue the `my_chat_member` update of an administrator of `chat` changing the bot's
        rights there (`can_post`: whether it may still post messages), or, with `added`,
        making the bot an administrator of it."""
        bot = {"id": self.bot_id, "is_bot": True, "first_name": "Digest"}
        rights = {**dict.fromkeys(ADMIN_RIGHTS, False), "can_manage_chat": True}
        admin = {"status": "administrator", "user": bot, **rights}
        old = {"status": "left", "user": bot} if added else {**admin, "can_post_messages": True}
        self.set_bot_rights(chat.id, can_post=can_post)
        change = {
            "chat": chat.to_api(),
            "from": (user or User()).to_api(),
            "date": int(time.time()),
            "old_chat_member": old,
            "new_chat_member": {**admin, "can_post_messages": can_post},
        }
        return self._queue({"my_chat_member": change}, chat)

    def queue_command(
        self,
        command: str,
        *args: str,
        user: User | None = None,
        chat: Chat | None = None,
        mention: bool = False,
    ) -> int:
        """Queue `/command args`, as `/command@botname` when `mention` (groups do that)."""
        name = command.lstrip("/")
        head = f"/{name}@{self.bot_username}" if mention else f"/{name}"
        return self.queue_message(" ".join((head, *args)), user=user, chat=chat)

    def queue_bot_removed(self, chat: Chat, *, user: User | None = None) -> int:
        """Queue the `my_chat_member` update Telegram sends when a user blocks the bot
        (private chat) or removes it from a group."""
        bot = {"id": self.bot_id, "is_bot": True, "first_name": "Digest"}
        new = {"status": "kicked", "user": bot, "until_date": 0}
        if chat.type != "private":
            new = {"status": "left", "user": bot}
        change = {
            "chat": chat.to_api(),
            "from": (user or User()).to_api(),
            "date": int(time.time()),
            "old_chat_member": {"status": "member", "user": bot},
            "new_chat_member": new,
        }
        return self._queue({"my_chat_member": change}, chat)

    def queue_chat_migrated(
        self, group: Chat, new_chat_id: int, *, user: User | None = None
    ) -> int:
        """Queue the service message Telegram posts in a group that became a supergroup
        (`migrate_to_chat_id`: the supergroup's new id)."""
        message = {
            "message_id": self._new_message_id(),
            "from": (user or User()).to_api(),
            "chat": group.to_api(),
            "date": int(time.time()),
            "migrate_to_chat_id": new_chat_id,
        }
        return self._queue({"message": message}, group)

    def queue_callback(self, message: Outgoing, data: str, *, user: User | None = None) -> str:
        """Queue a press on an inline button of `message`; returns the callback query id."""
        user = user or User()
        query_id = f"cb{self._next_update_id}"
        with self._changed:
            current = self._messages[(message.chat_id, message.message_id)]
            self._open_callbacks.add(query_id)
            chat = self._chats.get(message.chat_id, Chat(id=message.chat_id))
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": self._message_object(current, chat),
            "chat_instance": str(message.chat_id),
            "data": data,
        }
        self._queue({"callback_query": query}, chat)
        return query_id

    def set_chat_admins(self, chat_id: int, *user_ids: int) -> None:
        """Make these users the group's administrators (getChatMember says so)."""
        with self._changed:
            self._chat_admins[chat_id] = set(user_ids)

    def set_bot_rights(self, chat_id: int, *, can_post: bool) -> None:
        """Make the bot an administrator of `chat_id`, allowed to post there or not."""
        with self._changed:
            self._chat_admins.setdefault(chat_id, set()).add(self.bot_id)
            self._can_post[chat_id] = can_post

    def add_chat(self, chat: Chat) -> None:
        """Make `chat` known, so getChat finds it by id or @username."""
        with self._changed:
            self._chats[chat.id] = chat

    def fail_next(self, *faults: Fault, chat_id: int | None = None) -> None:
        """Apply `faults`, one per call, to the next sendMessage calls to `chat_id`.

        With `chat_id=None` they apply to the next calls to any chat (after that chat's own).
        """
        with self._changed:
            self._faults.setdefault(chat_id, []).extend(faults)

    def sent(
        self, chat_id: int | None = None, method: str | None = "sendMessage"
    ) -> list[Outgoing]:
        """What the bot sent (or edited, with `method="editMessageText"`; None: both)."""
        with self._changed:
            return self._matching(chat_id, method)

    def message(self, chat_id: int, message_id: int) -> Outgoing:
        """The current state of a sent message, after any edits."""
        with self._changed:
            return self._messages[(chat_id, message_id)]

    def wait_for(
        self,
        count: int,
        *,
        chat_id: int | None = None,
        method: str | None = "sendMessage",
        timeout: float = 5.0,
    ) -> list[Outgoing]:
        """Block until at least `count` matching messages arrived; raise TimeoutError if not."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := self._matching(chat_id, method)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    texts = [item.plain_text[:80] for item in found]
                    raise TimeoutError(f"expected {count} {method} messages, got {texts}")
                self._changed.wait(remaining)
            return found

    async def wait_for_async(
        self,
        count: int,
        *,
        chat_id: int | None = None,
        method: str | None = "sendMessage",
        timeout: float = 5.0,
    ) -> list[Outgoing]:
        """`wait_for` for tests whose event loop also runs the bot (never block that loop)."""
        return await asyncio.to_thread(
            self.wait_for, count, chat_id=chat_id, method=method, timeout=timeout
        )

    def wait_until(self, condition: Callable[[], bool], *, timeout: float = 5.0) -> None:
        """Block until `condition()` (read under the fake's lock) holds, e.g. on `calls`."""
        with self._changed:
            if not self._changed.wait_for(condition, timeout):
                raise TimeoutError(f"condition still false after {timeout} s; calls: {self.calls}")

    async def wait_until_async(
        self, condition: Callable[[], bool], *, timeout: float = 5.0
    ) -> None:
        """`wait_until` for tests whose event loop also runs the bot."""
        await asyncio.to_thread(self.wait_until, condition, timeout=timeout)

    # -- internals -----------------------------------------------------------------------

    def _matching(self, chat_id: int | None, method: str | None) -> list[Outgoing]:
        return [
            item
            for item in self.outbox
            if (chat_id is None or item.chat_id == chat_id)
            and (method is None or item.method == method)
        ]

    def _new_message_id(self) -> int:
        with self._changed:
            self._next_message_id += 1
            return self._next_message_id

    def _queue(self, payload: dict[str, Any], chat: Chat) -> int:
        with self._changed:
            update_id = self._next_update_id
            self._next_update_id += 1
            self._chats[chat.id] = chat
            self._updates.append({"update_id": update_id, **payload})
            self._changed.notify_all()
            return update_id

    def _message_object(self, message: Outgoing, chat: Chat) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "Digest",
                "username": self.bot_username,
            },
            "chat": chat.to_api(),
            "date": int(time.time()),
            "text": message.plain_text,
        }
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else every answer waits ~40 ms for a delayed ACK

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def log_message(self, *_args: object) -> None:
                """Quiet: tests read the outbox, not an access log."""

            def _answer(self) -> None:
                status, body = fake._dispatch(self.path, self._params())
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                # The client may have given up waiting, as after a Fault.timeout.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            def _params(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                query = self.path.partition("?")[2]
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    return {**dict(parse_qsl(query)), **(json.loads(raw) if raw else {})}
                return dict(parse_qsl(query + "&" + raw, keep_blank_values=True))

        return Handler

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        return {
            "getMe": self._get_me,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "getChatMember": self._get_chat_member,
            "getChat": self._get_chat,
        }

    def _dispatch(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        prefix, _, method = path.partition("?")[0].rpartition("/")
        if prefix != f"/bot{self.token}":
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        handler = self._methods().get(method)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        try:
            return 200, {"ok": True, "result": handler(params)}
        except ApiError as error:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": error.status,
                "description": error.description,
            }
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            if error.migrate_to_chat_id is not None:
                body["parameters"] = {"migrate_to_chat_id": error.migrate_to_chat_id}
            return error.status, body
        finally:  # counted once answered, so a test waiting on `calls` sees finished calls
            with self._changed:
                self.calls[method] += 1
                self._changed.notify_all()

    # -- Bot API methods (see _methods) ------------------------------------------------

    def _get_me(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Digest",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        with self._changed:
            self.webhook = {}
            if _flag(params.get("drop_pending_updates")):
                self._updates.clear()
        return True

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        with self._changed:
            self.webhook = dict(params)
        return True

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = _integer(params, "offset", 0)
        limit = _integer(params, "limit", 100)
        deadline = time.monotonic() + _integer(params, "timeout", 0)
        with self._changed:
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            updates = self._updates[offset:] if offset < 0 else self._updates
            return updates[:limit]

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = _integer(params, "chat_id")
        self._check_flood()
        self._check_chat_flood(chat_id)
        fault = self._take_fault(chat_id)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
            if not fault.delivered:
                raise ApiError(500, "Internal Server Error")
        elif fault is not None:
            raise ApiError(
                fault.status, fault.description, fault.retry_after, fault.migrate_to_chat_id
            )
        text, plain, markup = self._validated(params)
        with self._changed:
            chat = self._chats.setdefault(chat_id, Chat(id=chat_id))
            self._next_message_id += 1
            message = Outgoing(
                "sendMessage",
                chat_id,
                self._next_message_id,
                text,
                plain,
                params.get("parse_mode"),
                markup,
            )
            self._record(message)
        return self._message_object(message, chat)

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = _integer(params, "chat_id")
        message_id = _integer(params, "message_id")
        text, plain, markup = self._validated(params)
        with self._changed:
            current = self._messages.get((chat_id, message_id))
            if current is None:
                raise _bad_request("message to edit not found")
            if current.plain_text == plain and current.reply_markup == markup:
                raise _bad_request(
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            message = Outgoing(
                "editMessageText",
                chat_id,
                message_id,
                text,
                plain,
                params.get("parse_mode"),
                markup,
            )
            self._record(message)
            chat = self._chats.get(chat_id, Chat(id=chat_id))
        return self._message_object(message, chat)

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        with self._changed:
            if query_id not in self._open_callbacks:
                raise _bad_request(
                    "query is too old and response timeout expired or query ID is invalid"
                )
            self._open_callbacks.discard(query_id)
            self.callback_answers.append(dict(params))
            self._changed.notify_all()
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = _json(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("commands must be a list of at most 100 BotCommand")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not _COMMAND_NAME.fullmatch(name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise _bad_request("command description is empty or too long")
        language = str(params.get("language_code", ""))
        if language and not _LANGUAGE_CODE.fullmatch(language):
            raise _bad_request("language_code must be a two-letter ISO 639-1 code")
        scope = _json(params, "scope") if params.get("scope") else {"type": "default"}
        key = (scope.get("type", "default"), scope.get("chat_id"), language)
        with self._changed:
            if scope.get("chat_id") is not None and int(scope["chat_id"]) not in self._chats:
                raise _bad_request("chat not found")
            self.scoped_commands[key] = commands
            if key[:2] == ("default", None) and language:
                self.localized_commands[language] = commands
            elif key == ("default", None, ""):
                self.commands = commands
        return True

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        wanted = str(params.get("chat_id", ""))
        with self._changed:
            for chat in self._chats.values():
                if wanted in (str(chat.id), f"@{chat.username}"):
                    return {**chat.to_api(), "accent_color_id": 0, "max_reaction_count": 11}
        raise _bad_request("chat not found")

    def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = _integer(params, "chat_id"), _integer(params, "user_id")
        user = {"id": user_id, "is_bot": False, "first_name": "Member"}
        with self._changed:
            admin = user_id in self._chat_admins.get(chat_id, set())
        if not admin:
            return {"status": "member", "user": user}
        rights = {**dict.fromkeys(ADMIN_RIGHTS, False), "can_manage_chat": True}
        if self._chats.get(chat_id, Chat(chat_id)).type == "channel":
            rights |= {"can_post_messages": self._can_post.get(chat_id, True)}
            rights |= {"can_edit_messages": False, "can_delete_messages": False}
        if user_id == self.bot_id:
            user = {"id": user_id, "is_bot": True, "first_name": "Digest"}
        return {"status": "administrator", "user": user, **rights}

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        language = str(params.get("language_code", ""))
        with self._changed:
            return list(self.localized_commands.get(language, []) if language else self.commands)

    # -- validation and bookkeeping ------------------------------------------------------------

    def _check_flood(self) -> None:
        if self.flood_limit is None:
            return
        with self._changed:
            now = time.monotonic()
            while self._recent_sends and now - self._recent_sends[0] >= 1.0:
                self._recent_sends.popleft()
            if len(self._recent_sends) >= self.flood_limit:
                self.floods += 1
                raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
            self._recent_sends.append(now)

    def _check_chat_flood(self, chat_id: int) -> None:
        if not self.chat_limits:
            return
        with self._changed:
            rate = PRIVATE_RATE if chat_id > 0 else GROUP_RATE
            now = time.monotonic()
            level, at = self._chat_buckets.get(chat_id, (0.0, now))
            level = max(0.0, level - (now - at) * rate)
            if level + 1 > CHAT_BURST:
                self.floods += 1
                wait = math.ceil((level + 1 - CHAT_BURST) / rate)
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
            self._chat_buckets[chat_id] = (level + 1, now)

    def _take_fault(self, chat_id: int) -> Fault | None:
        with self._changed:
            for key in (chat_id, None):
                queue = self._faults.get(key)
                if queue:
                    return queue.pop(0)
        return None

    def _validated(self, params: dict[str, Any]) -> tuple[str, str, dict[str, Any] | None]:
        text = str(params.get("text", ""))
        parse_mode = params.get("parse_mode")
        if parse_mode == "HTML":
            try:
                plain = parse_telegram_html(text)
            except EntityParseError as error:
                raise _bad_request(f"can't parse entities: {error}") from None
        elif parse_mode in (None, ""):
            plain = text
        else:
            raise _bad_request(f"unsupported parse_mode {parse_mode!r} in this fake")
        if not plain.strip():
            raise _bad_request("message text is empty")
        if utf16_length(plain) > MAX_MESSAGE_LENGTH:
            raise _bad_request("message is too long")
        markup = _json(params, "reply_markup")
        if markup is not None:
            _check_markup(markup)
        return text, plain, markup

    def _record(self, message: Outgoing) -> None:
        self.outbox.append(message)
        self._messages[(message.chat_id, message.message_id)] = message
        self._changed.notify_all()


def _integer(params: dict[str, Any], name: str, default: int | None = None) -> int:
    value = params.get(name, default)
    if value is None:
        raise _bad_request(f"parameter {name} is required")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad_request(f"parameter {name} must be a number") from None


def _flag(value: object) -> bool:
    return value is True or value in ("true", "True", "1")


def _json(params: dict[str, Any], name: str) -> Any:
    """A structured parameter: JSON text in form bodies, already decoded in JSON bodies."""
    value = params.get(name)
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise _bad_request(f"can't parse {name} JSON object") from None


def _check_markup(markup: Any) -> None:
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if rows is None:
        return
    for row in rows:
        for button in row:
            if not button.get("text"):
                raise _bad_request("BUTTON_TEXT_INVALID")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise _bad_request("BUTTON_DATA_INVALID")
