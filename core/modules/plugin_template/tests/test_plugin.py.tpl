"""Run `python -m pytest` here, in the environment the core is installed in."""

import logging
from importlib.metadata import entry_points
from types import SimpleNamespace

from core.modules.registry import ENTRY_POINT_GROUP, validate_manifest
from ${package} import receivers
from ${package}.manifest import MANIFEST


def test_the_manifest_is_valid_for_this_core():
    assert validate_manifest(MANIFEST) == []


def test_the_installed_distribution_declares_the_plugin():
    declared = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert declared.get("${name}") == "${package}.manifest:MANIFEST"


def test_the_receiver_acts_when_this_plugin_is_enabled(caplog):
    unit = SimpleNamespace(code="91001")
    with caplog.at_level(logging.INFO, logger="${package}"):
        assert receivers.on_module_enabled(unit, module_id="${name}") is True
        assert receivers.on_module_enabled(unit, module_id="another") is False
    assert "91001" in caplog.text
