"""The roles every unit starts with. Modules add theirs through their manifest (core.modules)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RoleSpec:
    code: str
    name: str
    permissions: tuple[str, ...] = field(default_factory=tuple)  # "app_label.codename" or "app_label.*"


ADMINISTRATOR = "administrator"

DEFAULT_ROLES: list[RoleSpec] = [
    RoleSpec(ADMINISTRATOR, _("Quản trị đơn vị"), (
        "calendar_core.*",
        "accounts.view_membership", "accounts.add_membership", "accounts.change_membership", "accounts.delete_membership",
        "accounts.view_role", "accounts.add_role", "accounts.change_role", "accounts.view_invitation", "accounts.add_invitation",
        "modules_core.change_unit_settings",
    )),
    RoleSpec("receiving_officer", _("Cán bộ tiếp nhận")),
    RoleSpec("specialist", _("Chuyên viên xử lý")),
    RoleSpec("leader", _("Lãnh đạo")),
    RoleSpec("result_officer", _("Cán bộ trả kết quả")),
    # The clerk (văn thư, Decree 30/2020/NĐ-CP): registers, numbers and issues documents; the documents and
    # case-file modules both add their permissions to it.
    RoleSpec("clerk", _("Văn thư")),
]

# What the core itself lets a unit role hold (taken before modules add theirs): with what the unit's enabled modules
# declare in their manifests, this is all a unit role may ever grant (core.accounts.unit_permissions).
CORE_UNIT_PERMISSIONS: tuple[str, ...] = tuple(dict.fromkeys(p for role in DEFAULT_ROLES for p in role.permissions))

_extra: list[RoleSpec] = []


def register_role(spec: RoleSpec) -> None:
    """Add a role every unit is given (module manifests). A module naming an existing role's code adds its
    permissions to that role, e.g. RoleSpec("administrator", ..., ("procedures.*",)) for its admin pages."""
    for i, role in enumerate(DEFAULT_ROLES):
        if role.code == spec.code:
            DEFAULT_ROLES[i] = RoleSpec(role.code, role.name, tuple(dict.fromkeys(role.permissions + spec.permissions)))
            return
    if all(r.code != spec.code for r in _extra):
        _extra.append(spec)


def all_role_specs() -> list[RoleSpec]:
    return DEFAULT_ROLES + _extra
