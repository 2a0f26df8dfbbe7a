"""A unit administrator's work on the unit's roles: a new role, a role's name and permissions. A role holds only what
core.accounts.unit_permissions allows the unit (the core's unit permissions and those of its enabled modules): any
other name is refused, never silently dropped. Each change is in the unit's audit log."""

from enum import StrEnum

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.accounts.models import Role
from core.accounts.roles import ADMINISTRATOR
from core.accounts.unit_permissions import assignable_permissions
from core.errors import ServiceError
from tenants.services import unit_and_platform_atomic


class RoleCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    ROLE_EXISTS = "ROLE_EXISTS"
    INVALID_CODE = "INVALID_CODE"
    NAME_REQUIRED = "NAME_REQUIRED"
    PERMISSION_NOT_ALLOWED = "PERMISSION_NOT_ALLOWED"
    ADMINISTRATOR_KEPT = "ADMINISTRATOR_KEPT"


class RoleRefused(ServiceError):
    codes = RoleCode


def permission_choices(unit) -> list[tuple[str, str, str]]:
    """(app label, "app.codename", label people read) of every permission a role of the unit may hold, by app."""
    out = []
    for perm in assignable_permissions(unit):
        out.append((perm.content_type.app_label, f"{perm.content_type.app_label}.{perm.codename}", _label(perm)))
    return out


_VERBS = {"view": pgettext_lazy("permission", "Xem"), "add": pgettext_lazy("permission", "Thêm"),
          "change": pgettext_lazy("permission", "Sửa"), "delete": pgettext_lazy("permission", "Xoá")}


def _label(perm) -> str:
    """"Xem thành viên" for view_membership (the model's Vietnamese name), else the permission's own name."""
    verb, _sep, rest = perm.codename.partition("_")
    model = perm.content_type.model_class()
    if verb in _VERBS and model is not None and rest == model._meta.model_name:
        return f"{_VERBS[verb]} {model._meta.verbose_name}"
    return perm.name


def _permissions(unit, names) -> list:
    names = set(n for n in names or () if n)
    allowed = {f"{p.content_type.app_label}.{p.codename}": p for p in assignable_permissions(unit)}
    refused = sorted(names - set(allowed))
    if refused:
        raise RoleRefused(RoleCode.PERMISSION_NOT_ALLOWED, _(
            "Vai trò của đơn vị không được giữ quyền %(names)s (chỉ quyền của lõi và của các mô-đun đơn vị đã bật).")
            % {"names": ", ".join(refused)}, "permissions")
    return [allowed[n] for n in sorted(names)]


def _name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise RoleRefused(RoleCode.NAME_REQUIRED, _("Cần tên vai trò."), "name")
    return name[:120]


def _audit(unit, action: str, role: Role, by, data: dict) -> None:
    from core.audit import services as audit
    from tenants.services import entered

    with entered(unit):
        audit.record(action, object_type="accounts.role", object_id=role.pk, object_label=role.code, actor=by,
                     data=data)


def create_role(unit, code: str, name: str, permissions, *, by) -> Role:
    """A new role of the unit with these permissions; `code` a short slug (letters, digits, hyphen), unique here."""
    code = (code or "").strip()
    if not code or slugify(code) != code or len(code) > 60:
        raise RoleRefused(RoleCode.INVALID_CODE, _(
            "Mã vai trò chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa 60 ký tự)."), "code")
    name = _name(name)
    with unit_and_platform_atomic(unit):  # the change and its line in the unit's log together
        perms = _permissions(unit, permissions)
        if Role.objects.filter(unit=unit, code=code).exists():
            raise RoleRefused(RoleCode.ROLE_EXISTS, _("Đơn vị đã có vai trò mã %(code)s.") % {"code": code}, "code",
                              status=409)
        role = Role.objects.create(unit=unit, code=code, name=name)
        role.permissions.set(perms)
        _audit(unit, "create_role", role, by, {"permissions": _names(perms)})
    return role


def change_role(unit, code: str, name: str, permissions, *, by) -> Role:
    """The role's name and permissions become these. The administrator's own permissions over people and roles are
    kept (without them nobody could give them back)."""
    name = _name(name)
    with unit_and_platform_atomic(unit):  # the change and its line in the unit's log together
        role = Role.objects.select_for_update().filter(unit=unit, code=(code or "").strip()).first()
        if role is None:
            raise RoleRefused(RoleCode.NOT_FOUND, _("Đơn vị không có vai trò mã %(code)s.") % {"code": code}, "code",
                              status=404)
        perms = _permissions(unit, permissions)
        if role.code == ADMINISTRATOR:
            missing = sorted(set(KEPT_BY_ADMINISTRATOR) - set(_names(perms)))
            if missing:
                raise RoleRefused(RoleCode.ADMINISTRATOR_KEPT, _(
                    "Vai trò quản trị đơn vị phải giữ quyền %(names)s.") % {"names": ", ".join(missing)},
                    "permissions")
        before = _names(role.permissions.select_related("content_type"))
        role.name = name
        role.save(update_fields=["name"])
        role.permissions.set(perms)
        _audit(unit, "change_role", role, by, {"before": before, "after": _names(perms), "name": name})
    return role


KEPT_BY_ADMINISTRATOR = ("accounts.view_membership", "accounts.add_membership", "accounts.change_membership",
                         "accounts.view_role", "accounts.change_role")


def _names(perms) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in perms)


def roles_with_permissions(unit) -> list[tuple[Role, list[str]]]:
    """The unit's roles by code, each with its permission names (two queries)."""
    roles = list(Role.objects.filter(unit=unit).prefetch_related("permissions__content_type").order_by("code"))
    return [(role, _names(role.permissions.all())) for role in roles]
