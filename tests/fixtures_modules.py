"""Fixtures of the module suites: small real plug-ins, installed into a directory on sys.path for one test."""

import importlib
import sys
import textwrap

import pytest

from core.modules.services import enable

_MANIFEST = '''
from core.modules.manifest import ModuleManifest, SettingSpec


def _positive(value):
    if value < 1:
        raise ValueError("must be at least 1")


MANIFEST = ModuleManifest(
    id={id!r},
    app={package!r},
    name_vi="Trình cắm thử {id}",
    name_en="Probe {id}",
    version={version!r},
    core_compat={core_compat!r},
    depends={depends!r},
    settings=(SettingSpec("limit", 10, "", _positive), SettingSpec("label", "")),
    on_installed="{package}.receivers.installed",
    on_uninstalled="{package}.receivers.uninstalled",
    hooks={hooks!r},
)
'''

_RECEIVERS = '''
"""Each call is recorded as (hook, unit code, schema the connection is in, payload); FAIL_ON makes a hook raise."""

from django.db import connection

CALLS = []
FAIL_ON = set()
TABLE = {table!r}


def _record(hook, unit, **payload):
    if hook in FAIL_ON:
        raise RuntimeError(f"{{hook}} refused")
    CALLS.append((hook, unit.code, connection.schema_name, payload))
    return hook


def installed(unit):
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE {{TABLE}} (id integer)")  # in the unit's schema: the first on the search path
    _record("installed", unit)


def uninstalled(unit):
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE {{TABLE}}")
    _record("uninstalled", unit)


def on_module_enabled(unit, **payload):
    return _record("module_enabled", unit, **payload)


def on_module_disabled(unit, **payload):
    return _record("module_disabled", unit, **payload)


def on_unit_provisioned(unit, **payload):
    return _record("unit_provisioned", unit, **payload)


def on_message_failed(unit, **payload):
    return _record("notify.message_failed", unit, **payload)
'''


def default_hooks(package: str) -> dict[str, str]:
    return {
        "module_enabled": f"{package}.receivers.on_module_enabled",
        "module_disabled": f"{package}.receivers.on_module_disabled",
        "unit_provisioned": f"{package}.receivers.on_unit_provisioned",
        "notify.message_failed": f"{package}.receivers.on_message_failed",
    }


@pytest.fixture
def install_plugin(tmp_path, settings, monkeypatch):
    """install_plugin("probe", depends=("notify",)) -> the plug-in's receivers module.

    Writes a real plug-in distribution (a dist-info with its egov.plugins entry point, and its package) into a
    directory on sys.path, as pip would, and allows it in settings.EGOV_PLUGINS unless allow=False. It has no
    models, so it needs no INSTALLED_APPS entry. Its on_installed creates the table `receivers.TABLE` in the unit.
    """
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    packages: list[str] = []

    def install(plugin_id: str, *, allow: bool = True, entry_name: str | None = None, depends=(), version="1.0.0",
                core_compat=">=0.1,<1", hooks=None):
        package = f"egov_test_{plugin_id}"
        packages.append(package)
        (site / package).mkdir()
        (site / package / "__init__.py").write_text("")
        (site / package / "manifest.py").write_text(textwrap.dedent(_MANIFEST).format(
            id=plugin_id, package=package, version=version, core_compat=core_compat, depends=tuple(depends),
            hooks=default_hooks(package) if hooks is None else hooks))
        (site / package / "receivers.py").write_text(_RECEIVERS.format(table=f"{package}_marker"))
        dist = site / f"egov_test_{plugin_id}-{version}.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: egov-test-{plugin_id}\nVersion: {version}\n")
        (dist / "entry_points.txt").write_text(
            f"[egov.plugins]\n{entry_name or plugin_id} = {package}.manifest:MANIFEST\n")
        importlib.invalidate_caches()
        if allow:
            settings.EGOV_PLUGINS = [*settings.EGOV_PLUGINS, entry_name or plugin_id]
        return importlib.import_module(f"{package}.receivers")

    yield install
    for name in list(sys.modules):
        if name.split(".")[0] in packages:
            del sys.modules[name]


@pytest.fixture
def notify_a(unit_a):
    """unit_a with the notify plug-in enabled."""
    enable(unit_a, "notify")
    return unit_a
