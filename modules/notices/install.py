"""Enabling notices for a unit: the unit must have enabled the notify plug-in first."""

from core.modules import errors
from core.modules.services import is_enabled


def installed(unit) -> None:
    if not is_enabled(unit, "notify"):
        raise errors.missing_dependency("notices", ["notify"])
