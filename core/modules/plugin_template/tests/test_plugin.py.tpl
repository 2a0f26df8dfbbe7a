"""Run `EGOV_PLUGINS=${name} python -m pytest` here, in the environment the core is installed in."""

import logging
from importlib.metadata import entry_points
from types import SimpleNamespace

from core.modules.hooks import get_hook
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


def test_the_rooms_the_manifest_names_are_there():
    """Services (the public surface), the hook it sends, its GraphQL fields and its periodic task."""
    from django.utils.module_loading import import_string

    from ${package} import services

    assert set(services.__all__) == {"add_note", "notes", "purge_notes"}
    assert get_hook("${name}.note_added").payload == {"note_id": "id của ghi chú (trong schema của đơn vị)"}
    assert "${name}_notes" in import_string(MANIFEST.graphql_query)._meta.fields
    assert import_string(MANIFEST.periodic_tasks["purge"]["task"]).name == "${package}.tasks.purge_old_notes"


def test_its_workspace_page_is_in_the_navigation():
    """The staff workspace lists the page for the plug-in's operators in units that enabled it."""
    assert [(e.path, e.roles) for e in MANIFEST.nav] == [("/m/${name}/trang/", ("${name}_operator",))]
