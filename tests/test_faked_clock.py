"""The suite can run on a faked clock (`faketime ... pytest`, docs/testing.md) while PostgreSQL keeps the real one."""

import json
import os
import subprocess
import sys

from core.dbserver import real_clock_for_children

LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


def test_the_embedded_server_is_started_without_libfaketime(monkeypatch):
    monkeypatch.setenv("LD_PRELOAD", f"{LIBFAKETIME} /opt/other/libkept.so")
    monkeypatch.setenv("FAKETIME", "@2027-02-08 10:30:00")
    monkeypatch.setenv("FAKETIME_DONT_RESET", "1")
    with real_clock_for_children():
        child = subprocess.run([sys.executable, "-c", "import os, json; print(json.dumps(dict(os.environ)))"],
                               capture_output=True, text=True, check=True)
        seen = json.loads(child.stdout)
    assert seen.get("LD_PRELOAD") == "/opt/other/libkept.so"  # other preloaded libraries stay
    assert not [key for key in seen if key.startswith("FAKETIME")]
    # and this process's own environment is back as it was
    assert os.environ["LD_PRELOAD"] == f"{LIBFAKETIME} /opt/other/libkept.so"
    assert os.environ["FAKETIME"] == "@2027-02-08 10:30:00" and os.environ["FAKETIME_DONT_RESET"] == "1"
