"""The plug-in's own tests: its manifest and its channels, without a database.
Run `python -m pytest` here in the core's environment; the suite with units and queues is the core's
tests/test_plugin_notify.py."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from importlib.metadata import entry_points

import pytest
from django.core import mail
from egov_notify.channels import DeliveryError, normalise_recipient, send_console, send_email, send_sms
from egov_notify.manifest import MANIFEST

from core.modules.registry import ENTRY_POINT_GROUP, validate_manifest


def test_the_manifest_is_valid_and_declared_by_the_distribution():
    assert validate_manifest(MANIFEST) == []
    declared = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert declared["notify"] == "egov_notify.manifest:MANIFEST"


def test_recipients_are_checked_per_channel():
    assert normalise_recipient("email", " a@b.vn ") == "a@b.vn"
    assert normalise_recipient("sms", "+84 (912) 345-678") == "+84912345678"
    for channel, bad in [("email", "a@"), ("sms", "091"), ("console", ""), ("fax", "1")]:
        with pytest.raises(ValueError):
            normalise_recipient(channel, bad)


@pytest.fixture
def gateway(monkeypatch):
    """A local stand-in for the SMS provider: answers each POST with the next scripted status."""
    script, seen = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            status = script.pop(0) if script else 200
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b'{"id": "42"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("EGOV_NOTIFY_SMS_URL", f"http://127.0.0.1:{server.server_port}/")
    monkeypatch.setenv("EGOV_NOTIFY_SMS_SENDER", "EGOV")
    yield script, seen
    server.shutdown()
    server.server_close()


def test_sms_failures_say_whether_trying_again_can_help(gateway):
    script, seen = gateway
    assert send_sms("0912345678", "", "xin chào", reference="r") == "42"
    assert seen[0] == {"to": "0912345678", "text": "xin chào", "sender": "EGOV", "reference": "r"}
    script.extend([503, 429, 401])
    for permanent in (False, False, True):
        with pytest.raises(DeliveryError) as err:
            send_sms("0912345678", "", "xin chào")
        assert err.value.permanent is permanent


def test_email_and_console(capsys):
    message_id = send_email("a@b.vn", "Tiêu đề", "Nội dung", sender="x@y.vn")
    assert mail.outbox[-1].to == ["a@b.vn"] and mail.outbox[-1].extra_headers["Message-ID"] == message_id
    assert send_console("dev", "Tiêu đề", "Nội dung") == "console"
    assert "Nội dung" in capsys.readouterr().out
