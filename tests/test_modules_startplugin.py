import os
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
from django.core.management import CommandError, call_command

from core.modules.registry import ENTRY_POINT_GROUP, validate_manifest


def run(args, cwd, **env):
    """In a fresh interpreter with the platform's settings (not the suite's) and the plug-in on its path."""
    environ = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "EGOV_PLUGINS"}}
    environ.update(env)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=120)


def test_startplugin_writes_an_installable_plugin_whose_tests_pass(tmp_path, monkeypatch):
    call_command("startplugin", "parking", dir=str(tmp_path))
    root = tmp_path / "egov-parking"
    assert (root / "egov_parking" / "manifest.py").exists() and (root / "tests" / "test_parking_plugin.py").exists()
    # The rooms of a first-party module.
    for room in ("services/__init__.py", "models.py", "migrations/0001_initial.py", "hooks.py", "receivers.py",
                 "api/schema.py", "tasks.py", "urls.py", "locale/en/LC_MESSAGES/django.po"):
        assert (root / "egov_parking" / room).exists(), room
    assert (root / "docs" / "README.md").exists()

    # The distribution's metadata as an install records it: its entry point must come from its pyproject.toml.
    built = run(["-c", "from setuptools import setup; setup()", "-q", "egg_info"], cwd=root)
    assert built.returncode == 0, built.stderr
    monkeypatch.syspath_prepend(str(root))
    declared = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert declared["parking"].value == "egov_parking.manifest:MANIFEST"
    assert validate_manifest(declared["parking"].load()) == []

    started = run(["-c", "import django; django.setup(); from django.conf import settings; "
                         "from core.modules.registry import all_manifests, source_of; "
                         "from core.accounts.roles import all_role_specs; "
                         "print(source_of('parking'), 'egov_parking' in settings.TENANT_APPS, "
                         "'parking_operator' in [r.code for r in all_role_specs()])"],
                  cwd=root, PYTHONPATH=str(root), EGOV_PLUGINS="parking", DJANGO_SETTINGS_MODULE="core.settings")
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["plug-in", "egov-parking", "0.1.0", "True", "True"]

    # Its migration is the one its models need.
    migrations = run(["-m", "django", "makemigrations", "egov_parking", "--check", "--dry-run"], cwd=root,
                     PYTHONPATH=str(root), EGOV_PLUGINS="parking", DJANGO_SETTINGS_MODULE="core.settings")
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr

    tested = run(["-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=root, PYTHONPATH=str(root),
                 EGOV_PLUGINS="parking")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "5 passed" in tested.stdout


def test_startplugin_refuses_bad_names_and_existing_directories(tmp_path):
    with pytest.raises(CommandError, match="lower-case"):
        call_command("startplugin", "Bad-Name", dir=str(tmp_path))
    call_command("startplugin", "parking", dir=str(tmp_path))
    with pytest.raises(CommandError, match="already exists"):
        call_command("startplugin", "parking", dir=str(tmp_path))
