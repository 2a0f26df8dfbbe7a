"""What other code uses of tenants: entering a unit (and coming back), and the unit tree.

Provisioning, the fleet and the template are in their own modules here (tenants.services.provisioning, ...).
"""

from tenants.services.tree import ancestor_ids, ancestors, below_cte, descendants, nearest_above
from tenants.services.unit_context import (
    UnknownUnit,
    current_unit,
    entered,
    in_unit,
    moving_atomic,
    platform_atomic,
    platform_connection,
    unit_and_platform_atomic,
)

__all__ = [
    "UnknownUnit", "ancestor_ids", "ancestors", "below_cte", "current_unit", "descendants", "entered", "in_unit",
    "moving_atomic", "nearest_above", "platform_atomic", "platform_connection", "unit_and_platform_atomic",
]
