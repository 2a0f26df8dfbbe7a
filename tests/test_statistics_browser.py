"""The dashboards rendered by a real headless Chromium against a live server: the unit's page and the province's.

Chromium is Debian's `chromium` package. When /usr/bin/chromium (or $CHROMIUM) is missing, scripts/install-chromium.sh
installs it if we are root; otherwise these tests fail and say how to install it: they are never skipped.

A signed-in page needs the session cookie, which the command line cannot give: the browser is driven through the
DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages ending with a NUL byte on file descriptors 3 and 4),
with the same flags as a `--dump-dom` run. A page without a session is read with `--dump-dom` itself.
"""

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from api_support import add_member
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from onestop_support import HN
from test_statistics_facts import receive_one, statistics_office

from modules.onestop.services.actions import perform
from modules.statistics.services import refresh_days

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ROOT / "scripts" / "install-chromium.sh"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--lang=vi-VN", "--accept-lang=vi-VN,vi"]  # the pages in Vietnamese, as a Vietnamese browser asks
TIMEOUT = 60


def chromium() -> str:
    """The browser's path; installed first when missing and we are root. Fails, with how to install it, otherwise."""
    if not os.access(CHROMIUM, os.X_OK) and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["sh", str(INSTALL)], check=False, timeout=900)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is needed at {CHROMIUM} to check the statistics dashboards in a real browser. Install "
                    f"it as root with `sh scripts/install-chromium.sh` (apt-get update && apt-get install -y "
                    f"chromium), or set CHROMIUM to the browser's path.", pytrace=False)
    return CHROMIUM


def dump_dom(url: str, profile: Path) -> str:
    done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class DevTools:
    """Chromium with its DevTools protocol on a pipe: set a cookie, open a page, read its DOM, take a screenshot."""

    def __init__(self, profile: Path, width: int = 1366, height: int = 900):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The browser's ends move above 9, so that the redirections to 3 and 4 below cannot overwrite one another.
        to_browser_r, from_browser_w = (self._high(fd) for fd in (to_browser_r, from_browser_w))
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                   f"--window-size={width},{height}", "about:blank"]
        # The protocol's descriptors are 3 (commands in) and 4 (answers out) in the browser.
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}', *command],
            pass_fds=(to_browser_r, from_browser_w), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer, self._next_id, self.events = b"", 0, []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Network.enable", session=True)
        self.call("Network.setExtraHTTPHeaders", session=True, headers={"Accept-Language": "vi-VN,vi;q=0.9"})
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    @staticmethod
    def _high(fd: int) -> int:
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
        os.close(fd)
        return moved

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe: " + self.process.stderr.read().decode()[-2000:])
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: bool = False, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        try:
            os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            self.process.wait(timeout=10)
            raise RuntimeError(f"Chromium exited ({self.process.returncode}): "
                               + self.process.stderr.read().decode()[-3000:]) from None
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, event: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        for i, seen in enumerate(self.events):
            if seen.get("method") == event:
                return self.events.pop(i)
        while True:
            message = self._read(deadline)
            if message.get("method") == event:
                return message
            self.events.append(message)

    def set_cookie(self, url: str, name: str, value: str) -> None:
        assert self.call("Network.setCookie", session=True, url=url, name=name, value=value, httpOnly=True)["success"]

    def open(self, url: str) -> str:
        """Navigate, wait for the load event, return the rendered DOM."""
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")
        return self.call("Runtime.evaluate", session=True, expression="document.documentElement.outerHTML",
                         returnByValue=True)["result"]["value"]

    def count(self, selector: str) -> int:
        return self.call("Runtime.evaluate", session=True, returnByValue=True,
                         expression=f"document.querySelectorAll({json.dumps(selector)}).length")["result"]["value"]

    def text(self, selector: str) -> str:
        return self.call("Runtime.evaluate", session=True, returnByValue=True, expression=(
            f"(document.querySelector({json.dumps(selector)}) || {{innerText: ''}}).innerText"))["result"]["value"]

    def screenshot(self, path: Path) -> Path:
        height = self.call("Runtime.evaluate", session=True, returnByValue=True,
                           expression="document.documentElement.scrollHeight")["result"]["value"]
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=1366, height=min(int(height), 4000),
                  deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)


@pytest.fixture
def browser(tmp_path):
    chromium()
    tools = DevTools(tmp_path / "profile")
    yield tools
    tools.close()


def _keep(path: Path) -> None:
    """Copy a screenshot to $EGOV_SCREENSHOTS when set, to look at it."""
    where = os.environ.get("EGOV_SCREENSHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(where) / path.name)


@pytest.fixture
def province(make_committed_unit):
    """A province, a district and a commune (committed, for the live server's thread); the commune received three
    dossiers yesterday, one of them resolved, and its facts are computed."""
    province_unit = make_committed_unit("93", "Tỉnh Thử Nghiệm", kind="province")
    district = make_committed_unit("930", "Huyện Thử Nghiệm", kind="district", parent="93")
    commune = make_committed_unit("93001", "Xã Thử Nghiệm", parent="930")
    people = statistics_office(commune)
    now = timezone.now()
    yesterday = timezone.localtime(now, HN) - timedelta(days=1)
    first = receive_one(commune, people, "counter", yesterday)
    receive_one(commune, people, "online", yesterday)
    receive_one(commune, people, "post", yesterday)
    with tenant_context(commune):
        perform(first, "start", actor=people["receiving_officer"], at=yesterday + timedelta(minutes=30))
        perform(first, "approve", actor=people["leader"], at=yesterday + timedelta(hours=1))
        refresh_days([yesterday.date(), timezone.localtime(now, HN).date()], now=now)
    leader_of_province = add_member(province_unit, "leader-93", roles=("leader",))
    return {"commune": commune, "district": district, "people": people, "province_leader": leader_of_province,
            "from": yesterday.date().isoformat(), "to": timezone.localtime(now, HN).date().isoformat()}


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _port(live_server) -> int:
    return int(live_server.url.rsplit(":", 1)[1])


def test_the_unit_dashboard_renders_its_figures_and_charts(live_server, province, browser, tmp_path):
    port = _port(live_server)
    base = f"http://u-93001.localhost:{port}"
    page = f"{base}/m/statistics/?tu={province['from']}&den={province['to']}&nhom=sector"
    browser.set_cookie(base + "/", "sessionid", _session(province["people"]["leader"]))
    dom = browser.open(page)
    assert "Tình hình giải quyết hồ sơ: Xã Thử Nghiệm" in dom
    assert browser.count('figure[data-chart="trend"] svg rect.bar') == 3  # one bar per channel, yesterday
    assert browser.count('figure[data-chart="resolved"] circle.slice') == 1
    assert browser.count('figure[data-chart="in-progress"] circle.slice') >= 1
    assert browser.text('[data-kpi="received"] .value') == "3"
    assert browser.text('[data-kpi="resolved"] .value') == "1"
    total = browser.text('#report tfoot tr[data-key="total"]').split()
    assert total[:2] == ["Tổng", "cộng"] and total[2:6] == ["3", "1", "1", "1"]  # received: all, counter, online, post
    assert browser.count("#excel") == 1
    shot = browser.screenshot(tmp_path / "statistics-unit.png")
    assert shot.stat().st_size > 10_000
    _keep(shot)


def test_the_province_dashboard_rolls_up_its_units(live_server, province, browser, tmp_path):
    port = _port(live_server)
    base = f"http://localhost:{port}"
    browser.set_cookie(base + "/", "sessionid", _session(province["province_leader"]))
    dom = browser.open(f"{base}/m/statistics/93/?tu={province['from']}&den={province['to']}")
    assert "Tỉnh Thử Nghiệm và các đơn vị trực thuộc" in dom
    assert browser.text('#report tbody tr[data-key="930"] th') == "Huyện Thử Nghiệm"
    district_row = browser.text('#report tbody tr[data-key="930"]').split("\t")
    assert district_row[1].strip() == "3"
    assert browser.count('figure[data-chart="ranking"] rect.bar[data-value="3"]') == 1
    assert browser.count('figure[data-chart="trend"] svg rect.bar') == 3
    assert re.search(r"1/3 đơn vị có số liệu", browser.text("#freshness"))
    shot = browser.screenshot(tmp_path / "statistics-province.png")
    _keep(shot)

    # The commune's leader cannot open the province's roll-up, in the browser either.
    browser.set_cookie(base + "/", "sessionid", _session(province["people"]["leader"]))
    refused = browser.open(f"{base}/m/statistics/93/")
    assert "Bạn không được xem số liệu tổng hợp của đơn vị 93" in refused and "data-chart" not in refused


def test_without_a_session_the_page_shows_no_figures(live_server, province, tmp_path):
    port = _port(live_server)
    dom = dump_dom(f"http://u-93001.localhost:{port}/m/statistics/", tmp_path / "profile")
    assert "data-chart" not in dom and 'data-kpi="received"' not in dom
    assert 'name="password"' in dom  # sent to the sign-in page
