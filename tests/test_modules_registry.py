import dataclasses
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import core
from core.accounts.roles import RoleSpec
from core.modules.errors import UNKNOWN_MODULE, ModuleError
from core.modules.manifest import ModuleManifest, SettingSpec
from core.modules.registry import (
    all_manifests,
    check_manifests,
    check_runtime,
    get_manifest,
    installed_plugins,
    load_manifests,
    module_apps,
    source_of,
    validate_manifest,
)


def manifest(**fields) -> ModuleManifest:
    base = {"id": "sample", "app": "egov_sample", "name_vi": "Mẫu", "name_en": "Sample", "version": "1.0",
            "core_compat": ">=0.1,<1"}
    return ModuleManifest(**{**base, **fields})


def test_modules_and_allowed_plugins_are_loaded_and_their_apps_installed():
    loaded = all_manifests()
    assert "notify" in loaded and source_of("notify").startswith("plug-in egov-notify")
    assert get_manifest("notify").app == "egov_notify"
    for m in loaded.values():
        assert m.app in settings.INSTALLED_APPS
        assert m.app in (settings.SHARED_APPS if m.shared else settings.TENANT_APPS)
    assert set(module_apps()) == {m.app for m in loaded.values()}
    assert "egov_notify" in module_apps(shared=False) and "egov_notify" not in module_apps(shared=True)
    with pytest.raises(ModuleError) as err:
        get_manifest("nosuch")
    assert err.value.code == UNKNOWN_MODULE


def test_an_installed_plugin_is_ignored_until_it_is_allowed(install_plugin):
    install_plugin("probe", allow=False)
    assert "probe" in installed_plugins()
    assert "probe" not in all_manifests() and "probe" not in load_manifests(["notify"])
    assert load_manifests(["notify", "probe"])["probe"].name_en == "Probe probe"
    assert load_manifests("notify, probe").keys() == load_manifests(["notify", "probe"]).keys()


def test_dependencies_come_before_their_dependents(install_plugin):
    install_plugin("probe", depends=("notify",), allow=False)
    ids = list(load_manifests(["probe", "notify"]))
    assert ids.index("notify") < ids.index("probe")


def test_an_allowed_plugin_that_is_not_installed_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="'nosuch' is allowed .* no installed distribution"):
        load_manifests(["notify", "nosuch"])


def test_an_entry_point_must_carry_the_id_of_its_manifest(install_plugin):
    install_plugin("probe", entry_name="other", allow=False)
    with pytest.raises(ImproperlyConfigured, match="'other' points at a manifest with id 'probe'"):
        load_manifests(["other"])


def test_an_incompatible_plugin_is_refused_at_start_up(install_plugin):
    install_plugin("future", core_compat=">=2,<3", allow=False)
    with pytest.raises(ImproperlyConfigured, match=f"future: needs core >=2,<3 but this core is {core.__version__}"):
        load_manifests(["future"])


def test_every_problem_of_a_manifest_is_named():
    problems = validate_manifest(manifest(id="Bad-Id", app="not a path", version="one", core_compat="~~1",
                                          depends=("x y",), urls="egov sample.urls", hooks={"Bad Hook": "a.b"},
                                          periodic_tasks={"p": {"task": "a.b", "schedule": "every day"}}))
    text = "\n".join(problems)
    for expected in ["id 'Bad-Id'", "app 'not a path'", "version 'one'", "core_compat '~~1'", "'x y' is not a module",
                     "urls 'egov sample.urls'", "hook name 'Bad Hook'", "five cron fields"]:
        assert expected in text
    assert validate_manifest(manifest()) == []
    assert validate_manifest("not a manifest") == ["'not a manifest' is not a core.modules.manifest.ModuleManifest"]


def test_settings_are_checked_against_their_own_validators():
    def positive(value):
        if value < 1:
            raise ValueError("must be at least 1")

    problems = validate_manifest(manifest(settings=(SettingSpec("limit", 0, "", positive), SettingSpec("Bad", 1),
                                                    SettingSpec("x", 1), SettingSpec("x", 2))))
    text = "\n".join(problems)
    assert "its default 0 fails its own validator (must be at least 1)" in text
    assert "setting key 'Bad'" in text and "two settings have the same key" in text


def test_a_set_of_manifests_is_checked_for_dependencies_cycles_apps_and_roles():
    problems = check_manifests([
        manifest(id="alpha", app="a", depends=("beta",), roles=(RoleSpec("archivist", "Lưu trữ viên"),)),
        manifest(id="beta", app="b", depends=("alpha",),
                 roles=(RoleSpec("leader", "Lãnh đạo", ("b.*",)), RoleSpec("archivist", "Lưu trữ viên"))),
        manifest(id="gamma", app="a", depends=("nowhere",)),
        manifest(id="gamma", app="g"),
    ])
    text = "\n".join(problems)
    assert "dependency cycle between alpha, beta" in text
    assert "gamma: depends on nowhere, which is neither a module nor an allowed plug-in" in text
    assert "app a is already the app of alpha" in text
    assert "role code 'archivist' is already used by alpha" in text
    assert "'leader'" not in text  # naming a core role adds permissions to it
    assert "gamma: two modules or plug-ins use this id" in text


def test_receivers_must_name_declared_hooks_unless_of_a_module_not_loaded(install_plugin):
    install_plugin("probe", hooks={"absent_module.something": "egov_test_probe.receivers.on_module_enabled"})
    check_runtime(all_manifests())  # an optional integration with a module this installation does not run
    install_plugin("typo", hooks={"notify.message_lost": "egov_test_typo.receivers.on_module_enabled"})
    with pytest.raises(ImproperlyConfigured, match="typo: receives hook 'notify.message_lost', which nobody declares"):
        check_runtime(all_manifests())


def test_a_receiver_that_cannot_be_imported_stops_start_up(install_plugin):
    install_plugin("broken", hooks={"module_enabled": "egov_test_broken.receivers.no_such_function"})
    with pytest.raises(ImproperlyConfigured, match="broken: hooks\\['module_enabled'\\]"):
        check_runtime(all_manifests())


def test_manifests_are_read_without_django_set_up():
    """Settings read the manifests while they are being imported: discovery must not need the app registry."""
    code = ("import django.conf, core.modules.registry as r; print(sorted(r.load_manifests(['notify']))); "
            "print(django.conf.settings.configured)")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    listed, configured = out.splitlines()
    assert "'notify'" in listed and configured == "False"


def test_a_manifest_can_be_compared_to_the_running_core():
    notify = get_manifest("notify")
    assert validate_manifest(notify) == []
    assert validate_manifest(dataclasses.replace(notify, core_compat="<0.1")) == [
        f"needs core <0.1 but this core is {core.__version__}"]
