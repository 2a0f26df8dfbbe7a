"""A local stand-in for the document exchange axis: the same REST protocol as client.RestAxis speaks (OAuth 2 client
credentials, base64 edXML), kept in memory, served by a real HTTP server in a thread. For development and the tests:

    with running_standin("client", "secret") as axis:      # axis.url, axis.messages, axis.fail_next(2)
        RestAxis(axis.url, "client", "secret").send(...)
"""

import base64
import json
import secrets
import threading
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class StandinAxis:
    def __init__(self, client_id: str, client_secret: str):
        self.client_id, self.client_secret = client_id, client_secret
        self.tokens: set[str] = set()
        self.messages: dict[str, dict] = {}   # id -> {"from", "to", "type", "content" (bytes), "acked": set}
        self.failures = 0
        self.requests: list[str] = []
        self.lock = threading.Lock()
        self.url = ""

    def fail_next(self, count: int) -> None:
        """The next `count` message requests answer 503, as an axis briefly down."""
        self.failures = count

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    def put(self, sender: str, to: list[str], kind: str, content: bytes) -> str:
        """A message another agency sent through the axis."""
        message_id = uuid.uuid4().hex
        with self.lock:
            self.messages[message_id] = {"from": sender, "to": list(to), "type": kind, "content": content,
                                         "acked": set()}
        return message_id

    def sent_to(self, organ_id: str) -> list[dict]:
        return [dict(m, id=k) for k, m in self.messages.items() if organ_id in m["to"]]


def _handler(axis: StandinAxis):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, code: int, body: dict | None = None):
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _authorised(self) -> bool:
            auth = self.headers.get("Authorization", "")
            return auth.startswith("Bearer ") and auth[7:] in axis.tokens

        def _failing(self) -> bool:
            with axis.lock:
                if axis.failures > 0:
                    axis.failures -= 1
                    return True
            return False

        def do_POST(self):
            path = urlsplit(self.path).path
            body = self._body()
            axis.requests.append(f"POST {path}")
            if path == "/oauth/token":
                expected = base64.b64encode(f"{axis.client_id}:{axis.client_secret}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {expected}" or \
                        parse_qs(body.decode()).get("grant_type") != ["client_credentials"]:
                    return self._answer(401, {"error": "invalid_client"})
                token = secrets.token_hex(16)
                axis.tokens.add(token)
                return self._answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})
            if not self._authorised():
                return self._answer(401, {"error": "invalid_token"})
            if self._failing():
                return self._answer(503, {"error": "unavailable"})
            if path == "/messages":
                try:
                    data = json.loads(body)
                    content = base64.b64decode(data["content"], validate=True)
                    to = [str(t) for t in data["to"]]
                except (ValueError, KeyError, TypeError):
                    return self._answer(400, {"error": "bad message"})
                if not to:
                    return self._answer(400, {"error": "no recipient"})
                return self._answer(201, {"id": axis.put(str(data.get("from", "")), to, str(data.get("type")),
                                                         content)})
            parts = path.strip("/").split("/")
            if len(parts) == 3 and parts[0] == "messages" and parts[2] == "ack" and parts[1] in axis.messages:
                axis.messages[parts[1]]["acked"].add(parse_qs(urlsplit(self.path).query).get("to", [""])[0])
                return self._answer(204)
            return self._answer(404, {"error": "not found"})

        def do_GET(self):
            split = urlsplit(self.path)
            axis.requests.append(f"GET {split.path}")
            if not self._authorised():
                return self._answer(401, {"error": "invalid_token"})
            if self._failing():
                return self._answer(503, {"error": "unavailable"})
            parts = split.path.strip("/").split("/")
            if parts == ["messages"]:
                organ = parse_qs(split.query).get("to", [""])[0]
                return self._answer(200, {"messages": [
                    {"id": k, "from": m["from"], "type": m["type"]} for k, m in list(axis.messages.items())
                    if organ in m["to"] and organ not in m["acked"]]})
            if len(parts) == 2 and parts[0] == "messages" and parts[1] in axis.messages:
                m = axis.messages[parts[1]]
                return self._answer(200, {"id": parts[1], "from": m["from"], "to": m["to"], "type": m["type"],
                                          "content": base64.b64encode(m["content"]).decode()})
            return self._answer(404, {"error": "not found"})

    return Handler


@contextmanager
def running_standin(client_id: str = "egov", client_secret: str = "secret"):
    axis = StandinAxis(client_id, client_secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(axis))
    axis.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield axis
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
