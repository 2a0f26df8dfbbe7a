"""deploy/ really runs (issue 16): Debian's nginx with deploy/nginx/egov.conf in front of gunicorn with
deploy/gunicorn.conf.py, in production mode, on loopback; requests to the platform and to two units by Host header,
over TLS; and a rolling restart (what `systemctl reload egov-web` sends: HUP) without a failed request.

Only what a real machine would have differently is changed in the site: the domain (as install.sh does), the ports,
the certificate (a self-signed one for localhost and *.localhost) and the paths of the static files."""

import datetime
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
import urllib3
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from worker_process import database_url

from tenants.services.provisioning import default_domain

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # our own self-signed certificate

def _nginx() -> str:
    if not os.access(NGINX, os.X_OK) and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["sh", str(ROOT / "scripts" / "install-nginx.sh")], check=False, timeout=900)
    if not os.access(NGINX, os.X_OK):
        pytest.fail("nginx is needed to run deploy/nginx/egov.conf: install it as root with "
                    "`sh scripts/install-nginx.sh` (apt-get install -y nginx).", pytrace=False)
    return NGINX


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificate(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.DNSName("*.localhost")]),
                           critical=False).sign(key, hashes.SHA256()))
    chain, private = directory / "fullchain.pem", directory / "privkey.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return chain, private


def _site(directory: Path, http: int, https: int, upstream: int) -> Path:
    chain, private = _certificate(directory)
    site = (DEPLOY / "nginx" / "egov.conf").read_text().replace("egov.example.gov.vn", "localhost")  # install.sh's sed
    site = re.sub(r"listen \[::\]:\d+[^;]*;", "", site)  # loopback IPv4 only here
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    site = site.replace("/etc/ssl/egov/fullchain.pem", str(chain)).replace("/etc/ssl/egov/privkey.pem", str(private))
    site = site.replace("/srv/egov/app/.data/", f"{directory}/data/")
    assert f"127.0.0.1:{https} ssl" in site and str(chain) in site  # the rewrite found what it looked for
    (directory / "site.conf").write_text(site)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    main = directory / "nginx.conf"
    main.write_text(f"""{user}worker_processes 1; pid {directory}/nginx.pid; error_log {directory}/error.log;
events {{}}
http {{
  include /etc/nginx/mime.types; access_log {directory}/access.log;
  client_body_temp_path {directory}/body; proxy_temp_path {directory}/proxy; fastcgi_temp_path {directory}/fastcgi;
  uwsgi_temp_path {directory}/uwsgi; scgi_temp_path {directory}/scgi;
  include {directory}/site.conf;
}}
""")
    return main


def _wait_for(url: str, host: str, web: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert web.poll() is None, log.read_text()[-3000:]
        try:
            if requests.get(url, headers={"Host": host}, verify=False, timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or its workers still loading the code
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {timeout} s")


@pytest.fixture
def served_env() -> dict:
    """Settings of the web service a test sets (parametrize it)."""
    return {}


@pytest.fixture
def served(tmp_path, make_committed_unit, served_env):
    """Two units, gunicorn (production settings) on one port and nginx in front on two others."""
    nginx = _nginx()
    units = [make_committed_unit("91801", "Xã Nginx Một"), make_committed_unit("91802", "Phường Nginx Hai")]
    (tmp_path / "data" / "static").mkdir(parents=True)
    with override_settings(STATIC_ROOT=tmp_path / "data" / "static"):
        call_command("collectstatic", "--noinput", verbosity=0)
    upstream, http, https = _free_port(), _free_port(), _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings", "EGOV_PRODUCTION": "1",
           "SECRET_KEY": secrets.token_urlsafe(64), "DATABASE_URL": database_url(connection.settings_dict, "nginx"),
           "ALLOWED_HOSTS": "localhost,.localhost", "PLATFORM_HOSTS": "localhost", "EGOV_BASE_DOMAIN": "localhost",
           "EGOV_TRUSTED_PROXIES": "127.0.0.1", "EGOV_BIND": f"127.0.0.1:{upstream}", "EGOV_WEB_WORKERS": "2",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
           "EGOV_PLUGINS": ",".join(p for p in settings.EGOV_PLUGINS if p != "paysandbox"),  # refused in production
           **served_env}
    web = subprocess.Popen([str(Path(os.sys.executable).parent / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"),
                            "core.wsgi:application"], cwd=ROOT, env=env, stdout=open(tmp_path / "web.log", "w"),
                           stderr=subprocess.STDOUT, start_new_session=True)
    main = _site(tmp_path, http, https, upstream)
    checked = subprocess.run([nginx, "-t", "-c", str(main), "-p", str(tmp_path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proxy = subprocess.Popen([nginx, "-c", str(main), "-p", str(tmp_path), "-g", "daemon off;"],
                             stderr=open(tmp_path / "nginx.log", "w"))
    try:
        _wait_for(f"http://127.0.0.1:{upstream}/health/live/", "localhost", web, tmp_path / "web.log")
        _wait_for(f"https://127.0.0.1:{https}/health/live/", "localhost", web, tmp_path / "web.log")
        yield {"units": units, "http": http, "https": https, "web": web, "log": tmp_path / "web.log"}
    finally:
        proxy.terminate()
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=60)
        proxy.wait(timeout=30)


def _get(served, host: str, path: str, **kwargs):
    return requests.get(f"https://127.0.0.1:{served['https']}{path}", headers={"Host": host}, verify=False,
                        timeout=20, allow_redirects=False, **kwargs)


def test_the_platform_and_each_unit_answer_through_nginx_over_tls(served):
    one, two = served["units"]
    platform = _get(served, "localhost", "/dang-nhap/")
    assert platform.status_code == 200 and "Strict-Transport-Security" in platform.headers
    for unit, other in ((one, two), (two, one)):
        page = _get(served, default_domain(unit), "/dang-nhap/")
        assert page.status_code == 200 and unit.name in page.text and other.name not in page.text
    assert _get(served, "localhost", "/static/web/site.css").status_code == 200  # nginx serves static files itself
    assert _get(served, "localhost", "/metrics/").status_code == 403  # never from outside
    plain = requests.get(f"http://127.0.0.1:{served['http']}/dang-nhap/", headers={"Host": "localhost"},
                         allow_redirects=False, timeout=20)
    assert plain.status_code == 301 and plain.headers["Location"] == "https://localhost/dang-nhap/"
    live = requests.get(f"http://127.0.0.1:{served['http']}/health/live/", headers={"Host": "localhost"}, timeout=20)
    assert live.status_code == 200  # the load balancer's check speaks plain HTTP


def test_a_rolling_restart_fails_no_request(served):
    one, _two = served["units"]
    host = default_domain(one)
    answers: list[tuple[float, int | str]] = []
    stop = threading.Event()

    def keep_asking():
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    status = session.get(f"https://127.0.0.1:{served['https']}/dang-nhap/", headers={"Host": host},
                                         verify=False, timeout=20).status_code
                except requests.RequestException as error:
                    status = type(error).__name__
                answers.append((time.monotonic(), status))

    askers = [threading.Thread(target=keep_asking) for _ in range(3)]
    for asker in askers:
        asker.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(answers) < 3:  # answered before the reload (a loaded machine is slow)
        time.sleep(0.1)
    os.kill(served["web"].pid, signal.SIGHUP)  # systemctl reload egov-web
    reloaded_at = time.monotonic()
    deadline = reloaded_at + 60  # until the new workers have booted
    while time.monotonic() < deadline and served["log"].read_text().count("Booting worker") < 4:
        time.sleep(0.2)
    booted_at = time.monotonic()
    while time.monotonic() < deadline and sum(at > booted_at + 1 for at, _ in answers) < 3:
        time.sleep(0.2)  # and answered
    stop.set()
    for asker in askers:
        asker.join(timeout=30)
    assert served["log"].read_text().count("Booting worker") >= 4, served["log"].read_text()[-2000:]
    assert sum(at < reloaded_at for at, _ in answers) > 0 and sum(at > booted_at + 1 for at, _ in answers) >= 3
    assert [status for _, status in answers if status != 200] == []


@pytest.mark.parametrize("served_env", [{"EGOV_WEB_MAX_REQUESTS": "4"}])
def test_workers_recycled_after_their_quota_load_the_code_first_and_fail_no_request(served):
    """Each worker is replaced after a few requests (deploy/gunicorn.conf.py); a new one loads what a first request
    would (core.warmup) before it accepts one, and no request fails meanwhile."""
    one, two = served["units"]
    statuses = [_get(served, default_domain(unit), "/dang-nhap/").status_code for _ in range(12) for unit in (one, two)]
    assert statuses == [200] * 24
    deadline = time.monotonic() + 60  # a worker replaced after the last request may still be loading
    while True:
        log = served["log"].read_text()
        boots = log.count("Booting worker")
        if log.count("Worker warmed up") >= boots or "warm-up failed" in log or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert boots >= 5, log[-2000:]  # two at the start, recycled at least three times
    assert log.count("Worker warmed up") == boots and "warm-up failed" not in log, log[-2000:]
