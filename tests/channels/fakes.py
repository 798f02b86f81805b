"""A local HTTP server that answers like the X API v2 and the Meta Graph API.

Tests script the next answers per path (status, headers, body, or a hang that makes
the client time out) and read back every request as the platform would have seen it.
Answers follow the public API references: X ``{"data": {"id", "text"}}`` and
``{"data": {"dm_conversation_id", "dm_event_id"}}``, problems as
``{"title", "detail", "type", "status"}``; Graph ``{"id"}``, Send API
``{"recipient_id", "message_id"}``, errors as ``{"error": {"message", "type", "code"}}``.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

_ids = itertools.count(1_862_000_000_000_000_000)


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # dict → JSON; str → sent as is
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # hold the connection until the test ends (client times out)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


def _default(path: str, body: Any) -> Answer:
    new_id = str(next(_ids))
    if path == "/2/tweets":
        return Answer(201, {"data": {"id": new_id, "text": body.get("text"),
                                     "edit_history_tweet_ids": [new_id]}})
    if path.startswith("/2/dm_conversations/with/"):
        return Answer(201, {"data": {"dm_conversation_id": "1-2", "dm_event_id": new_id}})
    if path.endswith("/me/messages"):
        recipient = body.get("recipient", {})
        return Answer(200, {"recipient_id": recipient.get("id", "7100223344556677"),
                            "message_id": f"m_{new_id}"})
    if path.endswith("/comments") or path.endswith("/replies"):
        return Answer(200, {"id": f"{path.split('/')[-2]}_{new_id}"})
    return Answer(404, {"error": {"message": f"Unknown path components: {path}", "type": "OAuthException",
                                  "code": 2500}})


class FakePlatform:
    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.scripted: dict[str, deque[Answer]] = defaultdict(deque)
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                fake.requests.append(Seen("GET", self.path, dict(self.headers), None))
                queue = fake.scripted.get(path)
                self._answer(queue.popleft() if queue else Answer(200, {"meta": {"result_count": 0}}))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode()
                kind = self.headers.get("content-type", "")
                body = json.loads(raw) if "json" in kind else {k: v[0] for k, v in parse_qs(raw).items()}
                path = self.path.split("?")[0]
                fake.requests.append(Seen("POST", self.path, dict(self.headers), body))
                queue = fake.scripted.get(path)
                self._answer(queue.popleft() if queue else _default(path, body))

            def _answer(self, answer: Answer) -> None:
                if answer.hang:
                    fake.release.wait(10)
                    return
                payload = answer.body if isinstance(answer.body, str) else json.dumps(answer.body)
                self.send_response(answer.status)
                self.send_header("content-type", "application/json")
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(payload.encode())))
                self.end_headers()
                self.wfile.write(payload.encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def script(self, path: str, *answers: Answer) -> None:
        self.scripted[path].extend(answers)

    def __enter__(self) -> FakePlatform:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
