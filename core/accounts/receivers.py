"""How accounts reacts to what tenants announces (connected in AccountsConfig.ready)."""

from core.accounts.services import create_admin_invitation, create_default_roles


def give_new_unit_roles_and_invitation(sender, unit, method, **kwargs) -> None:
    """A provisioned unit gets the default roles (and the modules'), then its first administrator's invitation."""
    create_default_roles(unit)
    create_admin_invitation(unit)
