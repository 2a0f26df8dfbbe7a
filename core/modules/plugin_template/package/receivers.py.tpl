"""Receivers of the hooks the manifest names. Each is called as f(unit, **payload), in the unit's schema, only in
units that enabled this plug-in, inside the sender's transaction: queue slow work as a task."""

import logging

log = logging.getLogger(__name__)


def on_module_enabled(unit, module_id: str) -> bool:
    if module_id != "${name}":
        return False
    log.info("${name} enabled for unit %s", unit.code)
    return True
