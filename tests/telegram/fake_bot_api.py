"""A local fake of Telegram's Bot API on 127.0.0.1 (aiohttp, in a thread of its own).

python-telegram-bot talks to it through `base_url` (`fake.base_url` = http://127.0.0.1:PORT/bot).
It answers like Telegram (`{"ok": true, "result": ...}`, errors with error_code, description
and parameters) for getMe, getUpdates (updates queued by the test, honouring offset and a
short timeout), sendMessage, sendPhoto, sendDocument (multipart), answerCallbackQuery,
setWebhook, deleteWebhook, getWebhookInfo; it checks what Telegram checks and we rely on
(token, 4096-character texts, 64-byte callback_data, one answer per callback query) and
records every call with its parsed fields. `fail_next(method, n, status)` makes the next n
calls of a method answer 429 (with parameters.retry_after) or 5xx.
"""

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from aiohttp import web

BOT_USER = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "Wat telt",
    "username": "wat_telt_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
JSON_FIELDS = {"reply_markup", "allowed_updates", "entities", "caption_entities", "link_preview_options", "reply_parameters"}
INT_FIELDS = {"chat_id", "offset", "limit", "timeout", "message_id", "cache_time", "max_connections"}
BOOL_FIELDS = {"drop_pending_updates", "show_alert", "disable_notification"}


@dataclass
class Call:
    method: str
    fields: Dict[str, Any]
    files: Dict[str, dict] = field(default_factory=dict)  # name -> {"filename", "content_type", "body"}
    status: int = 200
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> Optional[int]:
        return self.fields.get("chat_id")

    def keyboard(self) -> List[List[dict]]:
        markup = self.fields.get("reply_markup") or {}
        return markup.get("inline_keyboard") or []


def _error(status: int, description: str, parameters: Optional[dict] = None) -> web.Response:
    body = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _parse(name: str, value: str) -> Any:
    if name in JSON_FIELDS:
        return json.loads(value)
    if name in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value
    if name in BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


class FakeBotApi:
    def __init__(self, token: str, max_poll_seconds: float = 1.0):
        self.token = token
        self.max_poll_seconds = max_poll_seconds
        self.calls: List[Call] = []
        self.webhook: Dict[str, Any] = {}
        self.confirmed_offset = 0
        self._updates: List[dict] = []
        self._update_ids = itertools.count(100_001)
        self._message_ids = itertools.count(1)
        self._failures: Dict[str, List[tuple]] = {}
        self._answered: set = set()
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner: Optional[web.AppRunner] = None
        self._thread: Optional[threading.Thread] = None
        self.port: Optional[int] = None

    # -- for tests ----------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def queue_update(self, update: dict) -> int:
        """Queue an update for getUpdates; gives it the next update_id unless it has one."""
        update = dict(update)
        update.setdefault("update_id", self.next_update_id())
        with self._lock:
            self._updates.append(update)
        return update["update_id"]

    def fail_next(self, method: str, count: int = 1, status: int = 429, retry_after: int = 1) -> None:
        with self._lock:
            self._failures.setdefault(method, []).extend([(status, retry_after)] * count)

    def calls_of(self, method: str, chat_id: Optional[int] = None, since: int = 0) -> List[Call]:
        with self._lock:
            calls = list(self.calls[since:])
        return [c for c in calls if c.method == method and c.status == 200 and (chat_id is None or c.chat_id == chat_id)]

    def sent_to(self, chat_id: int, since: int = 0) -> List[Call]:
        """Successful sendMessage/sendPhoto/sendDocument calls to one chat, in order."""
        with self._lock:
            calls = list(self.calls[since:])
        return [
            c
            for c in calls
            if c.method in ("sendMessage", "sendPhoto", "sendDocument") and c.status == 200 and c.chat_id == chat_id
        ]

    def mark(self) -> int:
        """An index into `calls`, to look only at what came later."""
        with self._lock:
            return len(self.calls)

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 30.0, interval: float = 0.05) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            time.sleep(interval)
        raise AssertionError(f"fake Bot API: condition not met within {timeout}s")

    def wait_confirmed(self, update_id: int, timeout: float = 60.0) -> None:
        """Until a getUpdates call confirmed the update (the forwarder got a 200 for it)."""
        self.wait_for(lambda: self.confirmed_offset > update_id, timeout)

    def pending_updates(self) -> int:
        with self._lock:
            return sum(1 for u in self._updates if u["update_id"] >= self.confirmed_offset)

    # -- server --------------------------------------------------------------------------------------

    def start(self) -> "FakeBotApi":
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application(client_max_size=50 * 1024 * 1024)
            app.router.add_route("*", "/bot{token}/{method}", self._handle)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=serve, name="fake-bot-api", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Bot API did not start")
        return self

    def stop(self) -> None:
        if self._loop and self._thread and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        fields: Dict[str, Any] = {}
        files: Dict[str, dict] = {}
        if request.method == "POST":
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    with value.file:
                        files[name] = {"filename": value.filename, "content_type": value.content_type, "body": value.file.read()}
                else:
                    fields[name] = _parse(name, value)
        for name, value in request.query.items():
            fields.setdefault(name, _parse(name, value))
        call = Call(method, fields, files)
        response = await self._answer(request.match_info["token"], call)
        call.status = response.status
        with self._lock:
            self.calls.append(call)
        return response

    async def _answer(self, token: str, call: Call) -> web.Response:
        if token != self.token:
            return _error(401, "Unauthorized")
        with self._lock:
            queued = self._failures.get(call.method)
            failure = queued.pop(0) if queued else None
        if failure:
            status, retry_after = failure
            if status == 429:
                return _error(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
            return _error(status, "Bad Gateway" if status == 502 else "Internal Server Error")
        handler = getattr(self, f"_{call.method}", None)
        if handler is None:
            return _error(404, "Not Found")
        return await handler(call)

    # -- methods -------------------------------------------------------------------------------------

    async def _getMe(self, call: Call) -> web.Response:
        return _ok(BOT_USER)

    async def _getUpdates(self, call: Call) -> web.Response:
        if self.webhook.get("url"):
            return _error(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            )
        offset = call.fields.get("offset") or 0
        limit = min(max(int(call.fields.get("limit") or 100), 1), 100)
        wait = min(float(call.fields.get("timeout") or 0), self.max_poll_seconds)
        deadline = time.monotonic() + wait
        while True:
            with self._lock:
                if offset > self.confirmed_offset:
                    self.confirmed_offset = offset
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = [u for u in self._updates if u["update_id"] >= offset][:limit]
            if ready or time.monotonic() >= deadline:
                return _ok(ready)
            await asyncio.sleep(0.05)

    def _message(self, call: Call, **content: Any) -> dict:
        chat_id = call.fields.get("chat_id")
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private" if isinstance(chat_id, int) and chat_id > 0 else "group"},
        }
        if (call.fields.get("reply_markup") or {}).get("inline_keyboard"):  # a Message carries inline keyboards only
            message["reply_markup"] = call.fields["reply_markup"]
        message.update(content)
        return message

    def _check_markup(self, call: Call) -> Optional[web.Response]:
        reply_keyboard = (call.fields.get("reply_markup") or {}).get("keyboard")
        if reply_keyboard is not None and not all(row and all(button.get("text") for button in row) for row in reply_keyboard):
            return _error(400, "Bad Request: keyboard button text is empty")
        for row in call.keyboard():
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                    return _error(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    return _error(400, "Bad Request: text buttons are unallowed in the inline keyboard")
        return None

    async def _sendMessage(self, call: Call) -> web.Response:
        text = call.fields.get("text") or ""
        if not isinstance(call.fields.get("chat_id"), int):
            return _error(400, "Bad Request: chat not found")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            return _error(400, "Bad Request: message is too long")
        return self._check_markup(call) or _ok(self._message(call, text=text))

    async def _file(self, call: Call, name: str) -> Optional[dict]:
        upload = call.files.get(name)
        if upload is None or not upload["body"]:
            return None
        return {"file_id": f"file-{len(self.calls)}", "file_unique_id": f"u{len(self.calls)}", "file_size": len(upload["body"])}

    async def _sendPhoto(self, call: Call) -> web.Response:
        file = await self._file(call, "photo")
        if file is None:
            return _error(400, "Bad Request: there is no photo in the request")
        return self._check_markup(call) or _ok(self._message(call, photo=[dict(file, width=800, height=600)]))

    async def _sendDocument(self, call: Call) -> web.Response:
        file = await self._file(call, "document")
        if file is None:
            return _error(400, "Bad Request: there is no document in the request")
        upload = call.files["document"]
        document = dict(file, file_name=upload["filename"], mime_type=upload["content_type"])
        return self._check_markup(call) or _ok(self._message(call, document=document))

    async def _answerCallbackQuery(self, call: Call) -> web.Response:
        query_id = call.fields.get("callback_query_id")
        with self._lock:
            if not query_id or query_id in self._answered:
                return _error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
            self._answered.add(query_id)
        return _ok(True)

    def answered(self, query_id: str) -> bool:
        with self._lock:
            return query_id in self._answered

    async def _setWebhook(self, call: Call) -> web.Response:
        self.webhook = {"url": call.fields.get("url", ""), "secret_token": call.fields.get("secret_token")}
        return _ok(True)

    async def _deleteWebhook(self, call: Call) -> web.Response:
        self.webhook = {}
        if call.fields.get("drop_pending_updates"):
            with self._lock:
                self._updates.clear()
        return _ok(True)

    async def _getWebhookInfo(self, call: Call) -> web.Response:
        return _ok(
            {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": self.pending_updates()}
        )
