import pytest

from core.modules import hooks
from core.modules.hooks import Hook, declared_hooks, send
from core.modules.services import enable


def test_hooks_reach_only_the_modules_enabled_for_the_unit(install_plugin, unit_a, unit_b):
    probe = install_plugin("probe")
    enable(unit_a, "probe")
    probe.CALLS.clear()
    assert send(hooks.unit_provisioned, unit_a, method="clone") == [("probe", "unit_provisioned")]
    assert send(hooks.unit_provisioned, unit_b, method="clone") == []
    assert probe.CALLS == [("unit_provisioned", "91001", unit_a.schema_name, {"method": "clone"})]


def test_receivers_see_other_modules_being_enabled_and_disabled_in_their_unit(install_plugin, unit_a, unit_b):
    probe = install_plugin("probe")
    enable(unit_a, "probe")
    enable(unit_b, "notify")  # probe is off in unit B: it hears nothing of it
    enable(unit_a, "notify")
    from core.modules.services import disable

    disable(unit_a, "notify")
    disable(unit_a, "probe")  # a module does not hear its own disabling (on_uninstalled is for that)
    heard = [(hook, unit, payload) for hook, unit, _schema, payload in probe.CALLS if hook.startswith("module_")]
    assert heard == [("module_enabled", "91001", {"module_id": "probe"}),
                     ("module_enabled", "91001", {"module_id": "notify"}),
                     ("module_disabled", "91001", {"module_id": "notify"})]


def test_a_hook_is_sent_with_exactly_its_declared_payload(install_plugin, unit_a):
    install_plugin("probe")
    enable(unit_a, "probe")
    with pytest.raises(TypeError, match="missing \\['method'\\]"):
        send(hooks.unit_provisioned, unit_a)
    with pytest.raises(TypeError, match="unexpected \\['extra'\\]"):
        send(hooks.unit_provisioned, unit_a, method="clone", extra=1)
    with pytest.raises(LookupError):
        send("nobody.declared_this", unit_a)
    assert send("unit_provisioned", unit_a, method="migrate") == [("probe", "unit_provisioned")]


def test_modules_declare_their_own_hooks():
    assert {"unit_provisioned", "module_enabled", "module_disabled", "notify.message_failed"} <= set(declared_hooks())
    assert set(declared_hooks()["notify.message_failed"].payload) == {"message_id", "channel", "recipient", "error"}
    with pytest.raises(ValueError, match="already declared"):
        Hook("notify.message_failed", "", message_id="")
    with pytest.raises(ValueError, match="must be"):
        Hook("Not A Name")
