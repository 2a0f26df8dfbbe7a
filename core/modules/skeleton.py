"""Writing a new plug-in distribution from core/modules/plugin_template (what `egov startplugin` does)."""

from pathlib import Path
from string import Template

from packaging.version import Version

import core
from core.modules.registry import MODULE_ID

TEMPLATE_DIR = Path(__file__).parent / "plugin_template"


def plugin_names(name: str) -> dict[str, str]:
    """The names a plug-in id gives: its distribution (egov-x), package (egov_x) and a compatible core range."""
    if not MODULE_ID.match(name):
        raise ValueError(f"{name!r}: a plug-in id is 2-40 lower-case letters, digits or '_', starting with a letter")
    core_version = Version(core.__version__)
    return {
        "name": name,
        "title": name.replace("_", " ").capitalize(),
        "camel": "".join(part.capitalize() for part in name.split("_")),  # GraphQL type names
        "distribution": "egov-" + name.replace("_", "-"),
        "package": f"egov_{name}",
        "core_compat": f">={core_version.major}.{core_version.minor},<{core_version.major + 1}",
    }


def write_plugin(name: str, directory: Path) -> Path:
    """Create <directory>/egov-<name>/ from the template; refuses to write over an existing directory."""
    names = plugin_names(name)
    root = Path(directory) / names["distribution"]
    if root.exists():
        raise FileExistsError(f"{root} already exists")
    for source in sorted(TEMPLATE_DIR.rglob("*.tpl")):
        relative = source.relative_to(TEMPLATE_DIR).with_suffix("")  # drop .tpl
        parts = [names["package"] if p == "package" else p for p in relative.parts]
        if parts[-1] == "test_plugin.py":
            parts[-1] = f"test_{name}_plugin.py"  # unique test module names across plug-ins
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(source.read_text()).substitute(names))
    return root
