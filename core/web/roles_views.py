"""The unit administrator's pages for the unit's roles: the list, a new role, a role's name and permissions. The
permissions offered are only those a role of this unit may hold (core.accounts.unit_permissions: the core's and the
enabled modules'); anything else posted is refused by the service and nothing changes."""

from itertools import groupby

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.accounts import services as accounts
from core.modules.registry import all_manifests
from core.web.access import unit_admin_page

ROLES = "/lam-viec/quan-tri/vai-tro/"


def _app_titles() -> dict[str, str]:
    """An app label -> the name people know it by (the module's name; the core's apps by their own name)."""
    from django.apps import apps

    by_app = {m.app: _(m.name_vi) for m in all_manifests().values()}
    return {config.label: by_app.get(config.name, str(config.verbose_name)) for config in apps.get_app_configs()}


def _grouped_choices(unit) -> list[dict]:
    titles = _app_titles()
    return [{"title": titles.get(app, app), "choices": [(name, label) for _app, name, label in rows]}
            for app, rows in groupby(accounts.permission_choices(unit), key=lambda row: row[0])]


@unit_admin_page("accounts.view_role")
def roles(request):
    return render(request, "web/admin/roles.html", {"roles": accounts.roles_with_permissions(request.unit)})


def _form(request, *, role=None, held=(), error=None, status=200):
    """The role's form: as stored, or as posted when the service refused it."""
    posted = request.method == "POST"
    return render(request, "web/admin/role.html", {
        "role": role, "held": set(held), "groups": _grouped_choices(request.unit), "error": error,
        "code": request.POST.get("code", "")[:60] if role is None else role.code,
        "name": request.POST.get("name", "")[:120] if posted else (role.name if role else ""),
    }, status=status)


@require_http_methods(["GET", "POST"])
@unit_admin_page("accounts.add_role")
def new_role(request):
    if request.method == "GET":
        return _form(request)
    try:
        role = accounts.create_role(request.unit, request.POST.get("code", ""), request.POST.get("name", ""),
                                    request.POST.getlist("permission"), by=request.user)
    except accounts.RoleRefused as exc:
        return _form(request, held=request.POST.getlist("permission"), error=exc, status=exc.status)
    messages.success(request, _("Đã tạo vai trò %(name)s.") % {"name": role.name})
    return HttpResponseRedirect(ROLES)


@require_http_methods(["GET", "POST"])
@unit_admin_page("accounts.view_role")
def role(request, code: str):
    found = {r.code: (r, names) for r, names in accounts.roles_with_permissions(request.unit)}.get(code)
    if found is None:
        return render(request, "web/refused.html", {"message": _("Đơn vị không có vai trò này.")}, status=404)
    current, held = found
    if request.method == "GET":
        return _form(request, role=current, held=held)
    if not request.user.has_perm("accounts.change_role"):
        return render(request, "web/refused.html", {"message": _("Vai trò của bạn không được dùng trang này.")},
                      status=403)
    try:
        changed = accounts.change_role(request.unit, code, request.POST.get("name", ""),
                                       request.POST.getlist("permission"), by=request.user)
    except accounts.RoleRefused as exc:
        return _form(request, role=current, held=request.POST.getlist("permission"), error=exc, status=exc.status)
    messages.success(request, _("Đã lưu vai trò %(name)s.") % {"name": changed.name})
    return HttpResponseRedirect(ROLES)
