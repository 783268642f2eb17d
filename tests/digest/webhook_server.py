"""A scripted chat webhook on loopback: answers each POST with the next scripted reply."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class WebhookServer:
    """``replies``: statuses to answer in order (the last one repeats); a float is a delay
    in seconds before answering 200 (to provoke client timeouts)."""

    def __init__(self, *replies: int | float) -> None:
        self.replies: list[int | float] = list(replies) or [200]
        self.received: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = json.loads(self.rfile.read(length) or b"null")
                with outer._lock:
                    outer.received.append(data)
                    outer.paths.append(self.path)
                    reply = outer.replies.pop(0) if len(outer.replies) > 1 else outer.replies[0]
                status = 200
                if isinstance(reply, float):
                    time.sleep(reply)
                else:
                    status = reply
                body = b"ok" if status < 300 else b"internal_error"
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}/services/T000/B000/s3cr3tW3bh00kT0ken"

    def __enter__(self) -> WebhookServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
