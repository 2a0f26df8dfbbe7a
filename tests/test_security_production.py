"""Production mode refuses to start unsafe, and its settings pass Django's deployment checks (security finding 9: the
published default secret key signed a payment callback that was applied; no HSTS, CSP or Secure cookies)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k3Y-" + "x7Qm2Lp9Vr4Tz8Nw1Hb6Jc5Fd0Gs3Ke" * 2
PRODUCTION = {  # the production environment docs/ict/installing.md describes
    "EGOV_PRODUCTION": "1", "SECRET_KEY": REAL_KEY, "DEBUG": "0",
    "ALLOWED_HOSTS": "egov.nghean.gov.vn,.egov.nghean.gov.vn", "PLATFORM_HOSTS": "egov.nghean.gov.vn",
    "EGOV_BASE_DOMAIN": "egov.nghean.gov.vn", "EGOV_PLUGINS": "notify",
}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "EGOV_PLUGINS", "DEBUG")}
    environment.update({"DJANGO_SETTINGS_MODULE": "core.settings", **env})
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=120)


SETUP = ("-c", "import django; django.setup()")


@pytest.mark.parametrize("key", [None, "insecure-development-key-change-me", "short-key"])
def test_production_mode_refuses_to_start_without_a_real_secret_key(key):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    if key is not None:
        env["SECRET_KEY"] = key
    done = _run(*SETUP, **env)
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr


def test_production_mode_refuses_debug_and_the_sandbox_gateway():
    assert "DEBUG" in _run(*SETUP, **{**PRODUCTION, "DEBUG": "1"}).stderr
    done = _run(*SETUP, **{**PRODUCTION, "EGOV_PLUGINS": "notify,paysandbox"})
    assert done.returncode != 0 and "paysandbox" in done.stderr
    assert _run(*SETUP, **PRODUCTION).returncode == 0


def _documented_environment() -> dict[str, str]:
    """The variables docs/ict/installing.md exports before `egov check --deploy` in its production steps, with this
    machine's services and a real key where the docs write "..."."""
    text = (ROOT / "docs" / "ict" / "installing.md").read_text(encoding="utf-8")
    steps = text[text.index("export EGOV_PRODUCTION=1"):text.index("egov check --deploy")]
    found = dict(pair.split("=", 1) for line in steps.splitlines() if line.strip().startswith("export ")
                 for pair in line.strip().removeprefix("export ").split())
    here = {"SECRET_KEY": REAL_KEY, "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
            "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/0"),
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}
    return {name: here.get(name, "") if value == "..." else value for name, value in found.items()}


def test_egov_check_deploy_is_clean_in_the_production_settings_the_docs_describe():
    env = _documented_environment()
    assert env["EGOV_PRODUCTION"] == "1" and {"SECRET_KEY", "ALLOWED_HOSTS", "EGOV_BASE_DOMAIN"} <= set(env)
    done = _run("-c", "import sys; from core.cli import main; sys.argv = ['egov', 'check', '--deploy', "
                "'--fail-level', 'WARNING']; main()", **{**env, "EGOV_PLUGINS": "notify"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    weak = _run("-c", "import sys; from core.cli import main; sys.argv = ['egov', 'check', '--deploy', "
                "'--fail-level', 'WARNING']; main()", **{**env, "EGOV_PLUGINS": "notify", "SECURE_HSTS_SECONDS": "0"})
    assert weak.returncode != 0 and "security.W004" in weak.stdout + weak.stderr  # the check does look


def test_every_answer_carries_a_content_security_policy_and_refuses_framing(db):
    client = Client(HTTP_HOST="localhost")
    for response in (client.get("/health/"), client.get("/admin/login/"), client.get("/m/tracking/"),
                     client.get("/no-such-page/")):
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
