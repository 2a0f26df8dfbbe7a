"""A local HTTP server standing in for the SMS operator's gateway (the one edge the tests cannot reach for real)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SmsGateway:
    """Records each request's JSON body (`requests`) and Authorization header (`authorizations`); answers 200 with
    an id, or the (status, body) pairs queued in `answers`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.authorizations: list[str | None] = []
        self.answers: list[tuple[int, dict]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                gateway.requests.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                gateway.authorizations.append(self.headers.get("Authorization"))
                status, answer = gateway.answers.pop(0) if gateway.answers else (200, {"id": f"gw-{len(gateway.requests)}"})
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
