import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from core.modules import errors
from core.modules.admin import EnablementForm
from core.modules.errors import ModuleError
from core.modules.models import ModuleEnablement
from core.modules.services import (
    disable,
    enable,
    enabled_modules,
    get_settings,
    holds_tables,
    is_enabled,
    require_enabled,
    set_settings,
    units_with_module,
)
from tenants.models import Unit
from tenants.services.units import UnitRecord, record_units
from tenants.unit_tasks import ready_unit_schemas


def table_in(schema: str, table: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
                    [schema, table])
        return cur.fetchone() is not None


def refused(code: str, call, *args, **kwargs) -> ModuleError:
    with pytest.raises(ModuleError) as err:
        call(*args, **kwargs)
    assert err.value.code == code, err.value
    return err.value


def test_a_module_enabled_for_one_unit_is_off_for_another(unit_a, unit_b):
    enable(unit_a, "notify")
    assert is_enabled(unit_a, "notify") and not is_enabled(unit_b, "notify")
    assert "notify" in enabled_modules(unit_a) and "notify" not in enabled_modules(unit_b)
    assert list(units_with_module("notify")) == [unit_a.pk]
    assert ready_unit_schemas(module="notify") == [unit_a.schema_name]  # what periodic fan-outs reach
    require_enabled(unit_a, "notify")
    refused(errors.MODULE_NOT_ENABLED, require_enabled, unit_b, "notify")
    assert not is_enabled(None, "notify")  # the platform has no modules

    assert disable(unit_a, "notify") is True
    assert not is_enabled(unit_a, "notify") and list(units_with_module("notify")) == []
    assert disable(unit_a, "notify") is False  # already off: nothing to do


def test_dependencies_are_checked_both_ways(install_plugin, unit_a, unit_b):
    install_plugin("probe", depends=("notify",))
    error = refused(errors.MISSING_DEPENDENCY, enable, unit_a, "probe")
    assert error.details["missing"] == ["notify"] and "notify" in str(error)
    enable(unit_a, "notify")
    enable(unit_a, "probe")
    error = refused(errors.HAS_DEPENDENTS, disable, unit_a, "notify")
    assert error.details["dependents"] == ["probe"] and "probe" in str(error)
    assert is_enabled(unit_a, "notify")
    refused(errors.MISSING_DEPENDENCY, enable, unit_b, "probe")  # unit A's notify does not count for unit B
    assert disable(unit_a, "probe") and disable(unit_a, "notify")
    assert enabled_modules(unit_a) == set()


def test_install_hooks_run_in_the_units_schema(install_plugin, unit_a, unit_b):
    probe = install_plugin("probe")
    enable(unit_a, "probe")
    assert table_in(unit_a.schema_name, probe.TABLE) and not table_in(unit_b.schema_name, probe.TABLE)
    assert probe.CALLS[:2] == [("installed", "91001", unit_a.schema_name, {}),
                               ("module_enabled", "91001", unit_a.schema_name, {"module_id": "probe"})]
    assert connection.schema_name == "public"  # the caller's schema is given back
    disable(unit_a, "probe")
    assert not table_in(unit_a.schema_name, probe.TABLE)
    assert probe.CALLS[-1][:3] == ("uninstalled", "91001", unit_a.schema_name)


def test_a_failing_receiver_leaves_the_module_off_and_undoes_the_install(install_plugin, unit_a):
    probe = install_plugin("probe")
    probe.FAIL_ON.add("module_enabled")
    with pytest.raises(RuntimeError, match="module_enabled refused"):
        enable(unit_a, "probe")
    assert not is_enabled(unit_a, "probe") and not ModuleEnablement.objects.filter(unit=unit_a).exists()
    assert not table_in(unit_a.schema_name, probe.TABLE)  # on_installed ran in the same transaction


def test_settings_are_validated_and_kept_per_unit(install_plugin, unit_a, unit_b):
    install_plugin("probe")
    refused(errors.INVALID_SETTING, enable, unit_a, "probe", {"limit": 0})
    refused(errors.INVALID_SETTING, enable, unit_a, "probe", {"limit": "5"})
    refused(errors.INVALID_SETTING, enable, unit_a, "probe", {"colour": "red"})
    assert not is_enabled(unit_a, "probe")
    enable(unit_a, "probe", {"limit": 3})
    enable(unit_b, "probe")
    assert get_settings(unit_a, "probe") == {"limit": 3, "label": ""}
    assert set_settings(unit_a, "probe", {"label": "Xã A"}) == {"limit": 3, "label": "Xã A"}
    assert get_settings(unit_b, "probe") == {"limit": 10, "label": ""}
    error = refused(errors.INVALID_SETTING, set_settings, unit_a, "probe", {"limit": -1})
    assert error.details["key"] == "limit" and "limit" in str(error)
    assert get_settings(unit_a, "probe")["limit"] == 3
    disable(unit_b, "probe")
    refused(errors.MODULE_NOT_ENABLED, get_settings, unit_b, "probe")
    refused(errors.UNKNOWN_MODULE, get_settings, unit_a, "nosuch")
    refused(errors.UNKNOWN_MODULE, enable, unit_a, "nosuch")


def test_what_a_unit_object_remembers_is_its_own(unit_a, unit_b):
    assert not is_enabled(unit_a, "notify") and not is_enabled(unit_b, "notify")
    enable(Unit.objects.get(pk=unit_b.pk), "notify")  # through another object, as a request would
    assert not is_enabled(unit_a, "notify")
    assert is_enabled(Unit.objects.get(pk=unit_b.pk), "notify")


def test_a_unit_that_is_not_ready_cannot_enable_modules(db):
    record_units([UnitRecord("91009", "Xã Chưa Sẵn Sàng", "commune")])
    refused(errors.UNIT_NOT_READY, enable, Unit.objects.get(code="91009"), "notify")


def test_a_plugin_taken_off_the_allow_list_stops_counting_and_can_be_disabled(install_plugin, settings, unit_a):
    install_plugin("probe")
    enable(unit_a, "probe")
    settings.EGOV_PLUGINS = ["notify"]
    unit = Unit.objects.get(pk=unit_a.pk)
    assert not is_enabled(unit, "probe") and list(units_with_module("probe")) == []
    assert disable(unit, "probe") is True
    assert not ModuleEnablement.objects.filter(unit=unit_a).exists()


def test_command_line_enables_lists_and_disables(install_plugin, unit_a, unit_b, capsys):
    install_plugin("probe", depends=("notify",))
    call_command("modules", "enable", "notify", "--unit", "91001", "--unit", "91002")
    call_command("modules", "enable", "probe", "--unit", "91001", "--set", "limit=4", "--set", "label=Xã A")
    assert get_settings(unit_a, "probe") == {"limit": 4, "label": "Xã A"}
    capsys.readouterr()
    call_command("modules", "list", "--unit", "91001", "--json")
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["notify"]["enabled"] and rows["notify"]["units"] == 2 and rows["notify"]["source"].startswith("plug-in")
    assert rows["probe"]["settings"] == {"limit": 4, "label": "Xã A"} and rows["probe"]["depends"] == ["notify"]
    call_command("modules", "list")
    assert "notify" in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 of 2 units refused"):
        call_command("modules", "disable", "notify", "--unit", "91001", "--unit", "91002")
    assert "91001: Không thể tắt notify" in capsys.readouterr().err
    assert is_enabled(unit_a, "notify") and not is_enabled(unit_b, "notify")
    with pytest.raises(CommandError):
        call_command("modules", "enable", "notify", "--unit", "00000")
    with pytest.raises(CommandError, match="KEY=VALUE"):
        call_command("modules", "enable", "probe", "--unit", "91002", "--set", "limit")


def test_the_platform_admin_enables_through_the_same_checks(install_plugin, unit_a):
    install_plugin("probe", depends=("notify",))
    admin = get_user_model().objects.create_superuser("ict", "ict@example.org", "x")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    form = EnablementForm(data={"unit": unit_a.pk, "module_id": "probe", "settings": "{}"})
    assert not form.is_valid() and "notify" in str(form.errors)  # names the missing dependency
    form = EnablementForm(data={"unit": unit_a.pk, "module_id": "notify", "settings": '{"max_attempts": 0}'})
    assert not form.is_valid() and "max_attempts" in str(form.errors)
    assert client.get("/admin/modules_core/moduleenablement/add/").status_code == 200
    page = client.post("/admin/modules_core/moduleenablement/add/",
                       {"unit": unit_a.pk, "module_id": "notify", "settings": '{"max_attempts": 3}'})
    assert page.status_code == 302
    assert is_enabled(Unit.objects.get(pk=unit_a.pk), "notify")
    assert get_settings(unit_a, "notify")["max_attempts"] == 3
    assert client.get("/admin/modules_core/moduleenablement/").status_code == 200


def test_a_modules_tables_are_made_when_it_is_first_enabled_and_kept_when_disabled(unit_a, unit_b, monkeypatch):
    """A new unit holds the kernel's tables only; enabling a module makes its tables (and those of the modules it
    depends on) in the enabling transaction, in that unit only; disabling keeps them and their rows."""
    assert not table_in(unit_a.schema_name, "procedures_unitprocedure")
    assert not holds_tables(unit_a, "procedures")
    enable(unit_a, "catalogue")
    enable(unit_a, "procedures")
    assert table_in(unit_a.schema_name, "procedures_unitprocedure") and holds_tables(unit_a, "procedures")
    assert not table_in(unit_b.schema_name, "procedures_unitprocedure")

    # A failure later in the enabling transaction takes the tables back with it.
    from core.modules import hooks

    def refuse(*args, **kwargs):
        raise RuntimeError("module_enabled refused")

    monkeypatch.setattr(hooks, "send", refuse)
    with pytest.raises(RuntimeError, match="refused"):
        enable(unit_a, "onestop")
    assert not is_enabled(unit_a, "onestop") and not table_in(unit_a.schema_name, "onestop_dossier")
    monkeypatch.undo()

    enable(unit_a, "onestop")
    with connection.cursor() as cur:
        cur.execute(f'INSERT INTO "{unit_a.schema_name}".procedures_unitprocedure (procedure_code, procedure_version_id,'
                    " procedure_name, is_active, adopted_at, updated_at) VALUES ('P', 1, 'x', true, now(), now())")
    disable(unit_a, "onestop")
    assert table_in(unit_a.schema_name, "onestop_dossier") and holds_tables(unit_a, "onestop")
    enable(unit_a, "onestop")  # again: nothing to make, the rows are where they were
    with connection.cursor() as cur:
        cur.execute(f'SELECT count(*) FROM "{unit_a.schema_name}".procedures_unitprocedure')
        assert cur.fetchone()[0] == 1
