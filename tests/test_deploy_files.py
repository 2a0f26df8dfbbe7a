"""deploy/ parses: gunicorn's configuration runs, the systemd units pass `systemd-analyze verify` (the executables
exist only on an installed machine), install.sh is valid shell, and the nginx site serves the platform host and the
wildcard of unit hosts over TLS. nginx itself runs the site in tests/test_deploy_nginx.py."""

import re
import runpy
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def test_gunicorn_configuration_runs_and_recycles_workers(monkeypatch):
    monkeypatch.setenv("EGOV_WEB_WORKERS", "3")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == 3 and config["bind"] == "127.0.0.1:8000"
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0


def test_systemd_units_verify(tmp_path):
    units = {"egov-web.service": "egov-web.service", "egov-beat.service": "egov-beat.service",
             "egov-worker@celery.service": "egov-worker@.service"}
    for name, source in units.items():
        shutil.copy(DEPLOY / "systemd" / source, tmp_path / name)
    verify = shutil.which("systemd-analyze")
    assert verify, "systemd-analyze is part of Debian's systemd package"
    result = subprocess.run([verify, "verify", *(str(tmp_path / n) for n in units)], capture_output=True, text=True)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if line.strip() and "is not executable" not in line]
    assert problems == []
    assert "-Q %i" in (DEPLOY / "systemd" / "egov-worker@.service").read_text()  # one worker per queue


def test_install_script_is_valid_shell():
    assert subprocess.run(["sh", "-n", str(DEPLOY / "install.sh")]).returncode == 0


def test_nginx_site_serves_the_platform_and_every_unit_over_tls():
    site = (DEPLOY / "nginx" / "egov.conf").read_text()
    assert site.count("{") == site.count("}")
    assert re.search(r"server_name egov\.example\.gov\.vn \*\.egov\.example\.gov\.vn;", site)
    assert "listen 443 ssl" in site and "ssl_certificate " in site and "alias /srv/egov/app/.data/static/" in site


def test_container_recipe_names_what_exists_and_runs_one_beat():
    import yaml

    compose = yaml.safe_load((DEPLOY / "container" / "compose.yaml").read_text())
    build = compose["x-egov"]["build"]
    context = (DEPLOY / "container" / build["context"]).resolve()
    assert context == ROOT and (context / build["dockerfile"]).is_file()
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    beats = [name for name, s in services.items() if "beat" in (s.get("command") or [])]
    assert beats == ["beat"] and services["beat"]["deploy"]["replicas"] == 1
    assert services["web"]["environment"]["EGOV_PRODUCTION"] == "1"  # production settings refuse a default key
    dockerfile = (DEPLOY / "container" / "Dockerfile").read_text()
    assert "deploy/gunicorn.conf.py" in dockerfile and (DEPLOY / "gunicorn.conf.py").is_file()
