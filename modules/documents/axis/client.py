"""The adapter to the document exchange axis: a REST service with OAuth 2 client credentials, carrying edXML
messages (envelopes and statuses) as base64.

    POST <token url>                 grant_type=client_credentials (HTTP Basic client id/secret) -> access_token
    POST <axis>/messages             {"from", "to": [...], "type": "edoc"|"status", "content": base64} -> {"id"}
    GET  <axis>/messages?to=<organ>  {"messages": [{"id", "from", "type"}]}: not yet acknowledged
    GET  <axis>/messages/<id>        {"id", "from", "to", "type", "content": base64}
    POST <axis>/messages/<id>/ack?to=<organ>   that receiver has kept it: not handed out to it again

AxisUnavailable (network, 5xx, 429) is retried by the caller; AxisRefused is final. A token is fetched once and
again when it expires or the axis answers 401."""

import base64
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings


class AxisUnavailable(Exception):
    """The axis cannot be reached now: try again later."""


class AxisRefused(Exception):
    """The axis refused the request for good."""


class DocumentAxis(Protocol):
    def send(self, sender: str, to: list[str], kind: str, content: bytes) -> str: ...

    def pending(self, organ_id: str) -> list[dict]: ...

    def fetch(self, message_id: str) -> bytes: ...

    def acknowledge(self, message_id: str, organ_id: str) -> None: ...


class RestAxis:
    def __init__(self, base_url: str, client_id: str, client_secret: str, token_url: str = "", timeout: float = 30):
        self.base_url = base_url.rstrip("/")
        self.token_url = token_url or f"{self.base_url}/oauth/token"
        self.client_id, self.client_secret, self.timeout = client_id, client_secret, timeout
        self._token, self._expires = "", 0.0

    # --- the protocol ---

    def send(self, sender: str, to: list[str], kind: str, content: bytes) -> str:
        body = {"from": sender, "to": to, "type": kind, "content": base64.b64encode(content).decode("ascii")}
        return str(self._call("POST", "/messages", body)["id"])

    def pending(self, organ_id: str) -> list[dict]:
        return self._call("GET", "/messages?" + urllib.parse.urlencode({"to": organ_id}))["messages"]

    def fetch(self, message_id: str) -> bytes:
        found = self._call("GET", f"/messages/{urllib.parse.quote(message_id, safe='')}")
        try:
            return base64.b64decode(found["content"], validate=True)
        except (KeyError, ValueError) as exc:
            raise AxisRefused(f"message {message_id}: content is not base64") from exc

    def acknowledge(self, message_id: str, organ_id: str) -> None:
        self._call("POST", f"/messages/{urllib.parse.quote(message_id, safe='')}/ack?"
                   + urllib.parse.urlencode({"to": organ_id}), {})

    # --- HTTP ---

    def _access_token(self, renew: bool = False) -> str:
        if self._token and not renew and time.monotonic() < self._expires:
            return self._token
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode("ascii")
        request = urllib.request.Request(
            self.token_url, data=urllib.parse.urlencode({"grant_type": "client_credentials"}).encode(),
            headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
            method="POST")
        try:
            answer = self._open(request)
        except _Unauthorised:
            raise AxisRefused("the axis refuses the client's credentials") from None
        self._token = answer["access_token"]
        self._expires = time.monotonic() + max(0, int(answer.get("expires_in", 300)) - 30)
        return self._token

    def _call(self, method: str, path: str, body: dict | None = None, retried: bool = False) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self._access_token(renew=retried)}", "Content-Type": "application/json",
            "Accept": "application/json"})
        try:
            return self._open(request)
        except _Unauthorised:
            if retried:
                raise AxisRefused("the axis refuses the client's credentials") from None
            return self._call(method, path, body, retried=True)

    def _open(self, request) -> dict:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise _Unauthorised() from None
            detail = exc.read()[:300].decode("utf-8", "replace")
            if exc.code >= 500 or exc.code == 429:
                raise AxisUnavailable(f"HTTP {exc.code}: {detail}") from None
            raise AxisRefused(f"HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise AxisUnavailable(str(exc)) from None
        return json.loads(text) if text else {}


class _Unauthorised(Exception):
    pass


_configured: DocumentAxis | None = None


def current() -> DocumentAxis:
    """The axis the settings name (EGOV_DOCUMENT_AXIS_*), or the one `use_axis` installed."""
    if _configured is not None:
        return _configured
    if not settings.EGOV_DOCUMENT_AXIS_URL:
        raise AxisRefused("no document axis configured (EGOV_DOCUMENT_AXIS_URL)")
    return RestAxis(settings.EGOV_DOCUMENT_AXIS_URL, settings.EGOV_DOCUMENT_AXIS_CLIENT_ID,
                    settings.EGOV_DOCUMENT_AXIS_CLIENT_SECRET, settings.EGOV_DOCUMENT_AXIS_TOKEN_URL)


def configured() -> bool:
    return _configured is not None or bool(settings.EGOV_DOCUMENT_AXIS_URL)


def use_axis(axis: DocumentAxis | None) -> None:
    """Install an adapter (None: back to the settings')."""
    global _configured
    _configured = axis
