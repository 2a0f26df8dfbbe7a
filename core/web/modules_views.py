"""The unit administrator's page for the unit's modules: every module installed, whether the unit enabled it, and
the unit's settings of each enabled one (core.modules.services). Switching a module on or off is an action on the
installation (docs/ict/security.md, finding 1): the buttons are shown to, and accepted from, a person with the
platform grant only (tenants.change_unit, as the API's enableModule), e.g. the ICT department working in the unit."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.accounts.unit_permissions import has_platform_perm
from core.modules import services as modules
from core.modules.registry import all_manifests
from core.web import module_settings
from core.web.access import refused, unit_admin_page

MODULES = "/lam-viec/quan-tri/mo-dun/"
SWITCH = "tenants.change_unit"


def _may_switch(request) -> bool:
    return has_platform_perm(request.user, SWITCH)


def _listing(request, *, error=None, status=200):
    enabled = modules.enabled_modules(request.unit)
    rows = [{"manifest": m, "enabled": m.id in enabled, "name": _(m.name_vi), "has_settings": bool(m.settings),
             "missing": [d for d in m.depends if d not in enabled]}
            for m in sorted(all_manifests().values(), key=lambda m: (m.id not in enabled, m.id))]
    return render(request, "web/admin/modules.html", {"rows": rows, "may_switch": _may_switch(request),
                                                      "error": error}, status=status)


@unit_admin_page("modules_core.change_unit_settings")
def module_list(request):
    return _listing(request)


def _manifest(module_id: str):
    return all_manifests().get(module_id)


@require_http_methods(["GET", "POST"])
@unit_admin_page("modules_core.change_unit_settings")
def module_settings_page(request, module_id: str):
    manifest = _manifest(module_id)
    if manifest is None or not modules.is_enabled(request.unit, module_id):
        return refused(request, _("Mô-đun này chưa được bật cho đơn vị."), 404)
    values = modules.get_settings(request.unit, module_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            wanted = module_settings.changed(module_id, manifest.settings, values, request.POST)
            if wanted:
                modules.set_settings(request.unit, module_id, wanted)
            messages.success(request, _("Đã lưu thiết lập của mô-đun %(name)s.") % {"name": _(manifest.name_vi)})
            return HttpResponseRedirect(f"{MODULES}{module_id}/")
        except modules.ModuleError as exc:
            error, status = exc, exc.status
    return render(request, "web/admin/module.html", {
        "manifest": manifest, "name": _(manifest.name_vi), "error": error,
        "fields": module_settings.fields(manifest.settings, values)}, status=status)


@require_POST
@unit_admin_page("modules_core.change_unit_settings")
def switch_module(request, module_id: str):
    if not _may_switch(request):
        return refused(request, _("Bật, tắt mô-đun là việc của Sở TT&TT (quyền cấp ở nền tảng)."))
    on = request.POST.get("action") == "enable"
    try:
        modules.enable(request.unit, module_id) if on else modules.disable(request.unit, module_id)
    except modules.ModuleError as exc:
        return _listing(request, error=exc, status=exc.status)
    messages.success(request, (_("Đã bật mô-đun %(id)s.") if on else _("Đã tắt mô-đun %(id)s.")) % {"id": module_id})
    return HttpResponseRedirect(MODULES)
