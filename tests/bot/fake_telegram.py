"""A small Bot API server on 127.0.0.1 for driving the real bot, and scripted people in it.

The server speaks the subset of the Bot API that python-telegram-bot 22 uses: form or
multipart POSTs to `/bot<token>/<method>`, JSON answers `{"ok": true, "result": ...}`, file
downloads from `/file/bot<token>/<path>`. It records everything the bot sends, per chat, and
hands out updates through long-polled `getUpdates`.

A `Person` sends messages, commands, files and button presses as updates and waits for the
bot's answers in their chat:

    async with FakeTelegram() as server:
        ann = server.person("Ann", language_code="en")
        await ann.say("/help")
        answer = await ann.next_message()
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-TOKEN"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "tastemap",
    "username": "tastemap_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Parameters PTB sends JSON-encoded; every other field is a plain string.
_JSON_FIELDS = {
    "chat_id",
    "message_id",
    "reply_markup",
    "offset",
    "limit",
    "timeout",
    "allowed_updates",
    "commands",
    "show_alert",
    "entities",
    "caption_entities",
    "reply_parameters",
    "link_preview_options",
    "drop_pending_updates",
    "scope",
}
# What a person's own messages never say: the bot's methods that put something in a chat.
_CHAT_OUTPUT = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument"}


@dataclass
class Sent:
    """One thing the bot did in a chat."""

    method: str
    chat_id: int
    message_id: int | None = None
    text: str = ""
    file: bytes = b""
    filename: str = ""
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    at: float = field(default_factory=time.monotonic)

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]

    def button(self, start: str) -> str:
        """The callback data of the first button whose data starts with `start`."""
        return next(d for d in self.callback_data if d.startswith(start))


class FakeTelegram:
    """The fake server; use `async with FakeTelegram() as server`."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.port = 0
        self.sent: list[Sent] = []
        self.calls: list[str] = []
        self.unknown: list[str] = []
        self.files: dict[str, tuple[bytes, str]] = {}
        self._updates: list[dict[str, Any]] = []
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._failures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._runner: web.AppRunner | None = None
        self._closing = False

    # Serving.

    async def __aenter__(self) -> FakeTelegram:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        async with self._changed:
            self._closing = True
            self._changed.notify_all()
        await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def person(self, first_name: str, *, language_code: str = "en", user_id: int | None = None):
        return Person(self, user_id or 1000 + next(self._ids), first_name, language_code)

    def fail_next(self, method: str, status: int, **extra: Any) -> None:
        """Answer the next call of `method` with an error (429 with retry_after, or 502)."""
        self._failures.setdefault(method, []).append((status, extra))

    # Updates.

    async def push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        async with self._changed:
            self._updates.append({"update_id": update_id, kind: payload})
            self._changed.notify_all()
        return update_id

    def new_message_id(self) -> int:
        return next(self._ids)

    def add_file(self, data: bytes, name: str) -> str:
        file_id = f"file-{next(self._ids)}"
        self.files[file_id] = (data, name)
        return file_id

    async def wait_for(self, check, *, timeout: float) -> None:
        """Wait until `check()` is true; the server notifies on every call it records."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(check), timeout)

    # The API.

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await _read_params(request)
        self.calls.append(method)
        failures = self._failures.get(method)
        if failures:
            status, extra = failures.pop(0)
            return _error(status, "Too Many Requests" if status == 429 else "Bad Gateway", extra)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            self.unknown.append(method)
            return _error(404, "Not Found")
        if method == "getUpdates":
            return _ok(await handler(params))
        result = handler(params, files)
        async with self._changed:
            self._changed.notify_all()
        return result if isinstance(result, web.Response) else _ok(result)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].split("/")[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id][0])

    def _m_getMe(self, params, files):
        return BOT_USER

    def _m_deleteWebhook(self, params, files):
        return True

    def _m_setMyCommands(self, params, files):
        return True

    def _m_answerCallbackQuery(self, params, files):
        return True

    def _m_sendChatAction(self, params, files):
        self.sent.append(Sent("sendChatAction", int(params["chat_id"]), text=params["action"]))
        return True

    async def _m_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self._updates) or self._closing),
                        timeout,
                    )
        return self._updates[: int(params.get("limit") or 100)]

    def _m_sendMessage(self, params, files):
        return self._store("sendMessage", params, text=params["text"])

    def _m_sendPhoto(self, params, files):
        data, _ = files["photo"]
        message = self._store("sendPhoto", params, text=params.get("caption", ""), file=data)
        message["photo"] = [
            {
                "file_id": f"photo-{message['message_id']}",
                "file_unique_id": "p",
                "width": 1600,
                "height": 1200,
            }
        ]
        return message

    def _m_sendDocument(self, params, files):
        data, name = files["document"]
        message = self._store(
            "sendDocument", params, text=params.get("caption", ""), file=data, filename=name
        )
        message["document"] = {
            "file_id": f"doc-{message['message_id']}",
            "file_unique_id": "d",
            "file_name": name,
            "file_size": len(data),
        }
        return message

    def _m_editMessageText(self, params, files):
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self._messages:
            return _error(400, "Bad Request: message to edit not found")
        message = self._messages[key]
        markup = params.get("reply_markup") or {}
        if message.get("text") == params["text"] and message.get("reply_markup", {}) == markup:
            return _error(400, "Bad Request: message is not modified")
        message["text"] = params["text"]
        _set_markup(message, markup)
        self.sent.append(
            Sent(
                "editMessageText",
                key[0],
                key[1],
                text=params["text"],
                buttons=markup.get("inline_keyboard", []),
            )
        )
        return message

    def _m_editMessageReplyMarkup(self, params, files):
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self._messages[key]
        _set_markup(message, params.get("reply_markup") or {})
        self.sent.append(Sent("editMessageReplyMarkup", key[0], key[1]))
        return message

    def _m_getFile(self, params, files):
        file_id = params["file_id"]
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        data, _ = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data),
            "file_path": f"documents/{file_id}",
        }

    def _store(self, method: str, params, *, text: str, file=b"", filename="") -> dict:
        chat_id = int(params["chat_id"])
        message_id = self.new_message_id()
        markup = params.get("reply_markup") or {}
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
        }
        _set_markup(message, markup)
        message["caption" if method in {"sendPhoto", "sendDocument"} else "text"] = text
        self._messages[(chat_id, message_id)] = message
        self.sent.append(
            Sent(
                method,
                chat_id,
                message_id,
                text=text,
                file=file,
                filename=filename,
                buttons=markup.get("inline_keyboard", []),
            )
        )
        return message

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        return self._messages[(chat_id, message_id)]


class Person:
    """Someone chatting with the bot in a private chat, one message at a time."""

    def __init__(self, server: FakeTelegram, user_id: int, first_name: str, lang: str) -> None:
        self.server = server
        self.id = user_id
        self.user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": lang,
        }
        self.chat = {"id": user_id, "type": "private", "first_name": first_name}
        self._seen = 0

    def _message(self, **fields: Any) -> dict[str, Any]:
        return {
            "message_id": self.server.new_message_id(),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.user,
            **fields,
        }

    async def say(self, text: str) -> None:
        """Send a text message; a leading /word is marked as a command like Telegram does."""
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        await self.server.push("message", self._message(**fields))

    async def edit(self, text: str) -> None:
        """Send an edited message (as if an earlier message had been changed)."""
        message = self._message(text=text, edit_date=int(time.time()))
        await self.server.push("edited_message", message)

    async def send_document(
        self, data: bytes, name: str, *, size: int | None = None, mime: str = "text/csv"
    ) -> None:
        file_id = self.server.add_file(data, name)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": name,
            "mime_type": mime,
            "file_size": len(data) if size is None else size,
        }
        await self.server.push("message", self._message(document=document))

    async def send_sticker(self) -> None:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        await self.server.push("message", self._message(sticker=sticker))

    async def send_photo(self) -> None:
        size = {"file_id": "photo-in", "file_unique_id": "pi", "width": 90, "height": 90}
        await self.server.push("message", self._message(photo=[size]))

    async def send_voice(self) -> None:
        voice = {"file_id": "voice-1", "file_unique_id": "v1", "duration": 2}
        await self.server.push("message", self._message(voice=voice))

    async def press(self, sent: Sent, data: str) -> None:
        """Press the inline button with callback `data` under the bot's message `sent`."""
        query = {
            "id": str(self.server.new_message_id()),
            "from": self.user,
            "chat_instance": str(self.id),
            "data": data,
            "message": self.server.message(sent.chat_id, sent.message_id),
        }
        await self.server.push("callback_query", query)

    # Waiting for the bot.

    def mine(self) -> list[Sent]:
        """Everything the bot put in this person's chat, in order (chat actions left out)."""
        return [s for s in self.server.sent if s.chat_id == self.id and s.method in _CHAT_OUTPUT]

    async def next_message(self, *, timeout: float = 60.0) -> Sent:
        """The next thing the bot puts in this chat (a message, an edit, a photo or a file)."""
        await self.server.wait_for(lambda: len(self.mine()) > self._seen, timeout=timeout)
        found = self.mine()[self._seen]
        self._seen += 1
        return found

    async def wait_for(self, check, *, timeout: float = 60.0) -> Sent:
        """Skip the bot's output until one satisfies `check(sent)`; return it."""
        deadline = time.monotonic() + timeout
        while True:
            sent = await self.next_message(timeout=max(deadline - time.monotonic(), 0.01))
            if check(sent):
                return sent

    async def ask(self, text: str, *, timeout: float = 60.0) -> Sent:
        """Say `text` and return the bot's first answer."""
        await self.say(text)
        return await self.next_message(timeout=timeout)


def _set_markup(message: dict[str, Any], markup: dict[str, Any]) -> None:
    """Attach an inline keyboard to a message, or take it off when `markup` is empty."""
    if markup.get("inline_keyboard"):
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(status: int, description: str, extra: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if extra:
        body["parameters"] = extra
    return web.json_response(body, status=status)


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple]]:
    """Form fields (JSON-decoded where PTB encodes them) and uploaded files by part name."""
    form = await request.post()
    params: dict[str, Any] = {}
    files: dict[str, tuple[bytes, str]] = {}
    for name, value in form.items():
        if isinstance(value, web.FileField):
            files[name] = (value.file.read(), value.filename)
        elif name in _JSON_FIELDS:
            params[name] = json.loads(value)
        else:
            params[name] = value
    return params, files
