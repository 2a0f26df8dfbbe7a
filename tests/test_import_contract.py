"""Modules meet only through their services: the import contract (pyproject.toml, [tool.importlinter]) holds with
no exception, and each module's imports of another module are among the dependencies its manifest declares."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from core.modules.manifest import ModuleManifest
from core.modules.registry import load_manifests

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ("notify", "paysandbox")


def test_the_import_contract_holds():
    """`lint-imports` (import-linter) with the project's contracts: the kernel imports no module, modules and
    plug-ins import each other's services and hooks only, and read people and roles through core.accounts.services."""
    run = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                          "lint_imports_command()", "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_contract_has_no_exceptions():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert all("ignore_imports" not in contract for contract in config["contracts"])


def _package_dir(manifest: ModuleManifest) -> Path:
    import importlib

    return Path(importlib.import_module(manifest.app).__file__).parent


def _imported_packages(directory: Path) -> set[str]:
    """Top packages of the project's modules and plug-ins imported anywhere under `directory`."""
    found = set()
    for path in directory.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                found.add(".".join(parts[:2]) if parts[0] == "modules" and len(parts) > 1 else parts[0])
    return found


def _closure(module_id: str, manifests: dict[str, ModuleManifest]) -> set[str]:
    """The module's dependencies and theirs: what is enabled whenever it is."""
    seen, stack = set(), list(manifests[module_id].depends)
    while stack:
        dep = stack.pop()
        if dep not in seen and dep in manifests:
            seen.add(dep)
            stack.extend(manifests[dep].depends)
    return seen


MANIFESTS = load_manifests(PLUGINS)


@pytest.mark.parametrize("module_id", sorted(MANIFESTS))
def test_a_module_imports_only_what_its_manifest_declares(module_id):
    manifests = MANIFESTS
    by_package = {m.app if m.app.startswith("modules.") else m.app.split(".")[0]: m.id for m in manifests.values()}
    manifest = manifests[module_id]
    declared = _closure(module_id, manifests) | set(manifest.uses)
    imported = {by_package[p] for p in _imported_packages(_package_dir(manifest)) if p in by_package} - {module_id}
    assert imported <= declared, (
        f"{module_id} imports {sorted(imported - declared)} without declaring it in its manifest's depends or uses")


def test_the_dependencies_named_in_the_issue_are_declared():
    """Printing and notices use tracking; statistics uses payments and tracking; notices uses the notify carrier."""
    uses = {m.id: set(m.uses) for m in MANIFESTS.values()}
    assert {"tracking"} <= uses["printing"] and {"tracking", "notify"} <= uses["notices"]
    assert {"payments", "tracking"} <= uses["statistics"]


def test_uses_names_other_modules_only():
    import dataclasses

    from core.modules.registry import validate_manifest

    notices = MANIFESTS["notices"]
    assert validate_manifest(notices) == []
    assert validate_manifest(dataclasses.replace(notices, uses=("notices",))) == [
        "uses: 'notices' is the module itself or already in depends"]
    assert validate_manifest(dataclasses.replace(notices, uses=("onestop",))) == [
        "uses: 'onestop' is the module itself or already in depends"]
    assert validate_manifest(dataclasses.replace(notices, uses=("Not-an-id",))) == ["uses: 'Not-an-id' is not a module id"]


def test_the_kernel_reaches_a_module_by_its_id():
    """What the kernel's commands use instead of importing a module (the demo's catalogue and processes)."""
    import modules.catalogue.services
    from core.modules.errors import UNKNOWN_MODULE, ModuleError
    from core.modules.registry import services_of

    assert services_of("catalogue") is modules.catalogue.services
    with pytest.raises(ModuleError) as err:
        services_of("no_such_module")
    assert err.value.code == UNKNOWN_MODULE
