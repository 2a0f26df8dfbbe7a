"""The form builder in the staff workspace: the ICT department on the platform's address (a platform grant of
forms.change_formdefinition) and a unit's administrator compose draft forms from the dictionary, preview them with
the browser runtime, publish them (the service's problems shown), start one from a paper form's spreadsheet and the
next version from a published one. Server-rendered; each button posts one builder action (services.builder)."""

import functools
import json

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modules.forms.services import (
    FormsError,
    builder,
    create_form,
    fields_in_force,
    form_spec,
    new_version,
    publish_form,
)

LIST = "/m/forms/xay-dung/"


def _unit(request):
    unit = getattr(request, "unit", None)
    return unit if unit is not None and getattr(unit, "schema_name", "public") != "public" else None


def builder_page(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "/dang-nhap/")
        if not builder.may_build(request.user, _unit(request)):
            return render(request, "web/refused.html", {"message": _("Vai trò của bạn không được dùng trang này.")},
                          status=403)
        return view(request, *args, **kwargs)
    return guarded


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False) if value not in (None, {}, []) else ""


def _for_screen(spec: dict) -> dict:
    """The draft's content with what the screen shows: each field's label, conditions as JSON text to edit."""
    labels = {v.field.key: v.label_vi for v in fields_in_force()}
    for section in spec["sections"]:
        section["visible_if_json"] = _json(section["visible_if"])
        for entry in section["fields"]:
            entry.update(label=entry["label_vi"] or labels.get(entry["field"], entry["field"]),
                         visible_if_json=_json(entry["visible_if"]), computed_json=_json(entry["computed"]))
    return spec


def _problems(exc: FormsError) -> list:
    return exc.details.get("problems") or [(exc.field, exc.message)]


@require_http_methods(["GET", "POST"])
@builder_page
def form_list(request):
    context, status = {}, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "import":
                form_id = _import(request)
            else:
                form_id = create_form(request.POST.get("procedure_code", ""), request.POST.get("version_label", ""),
                                      request.POST.get("title_vi", ""), request.POST.get("title_en", ""),
                                      builder.drafted_in(_unit(request))).pk
            return HttpResponseRedirect(f"{LIST}{form_id}/")
        except FormsError as exc:
            context.update(problems=_problems(exc), values=request.POST)
            status = 400
    context["forms"] = builder.forms_list(_unit(request))
    return render(request, "forms/builder_list.html", context, status=status)


def _import(request) -> int:
    return builder.import_sheet(request.FILES.get("sheet"), procedure_code=request.POST.get("procedure_code", ""),
                                version_label=request.POST.get("version_label", ""),
                                title_vi=request.POST.get("title_vi", ""), unit=_unit(request)).pk


@require_http_methods(["GET", "POST"])
@builder_page
def form_edit(request, form_id: int):
    try:
        form = builder.form_for(form_id, _unit(request))
    except FormsError:
        return render(request, "web/refused.html", {"message": _("Không có biểu mẫu này.")}, status=404)
    problems, status = [], 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "publish":
                publish_form(form.pk)
            elif action == "new_version":
                form = new_version(form.pk, request.POST.get("version_label", ""), builder.drafted_in(_unit(request)))
                return HttpResponseRedirect(f"{LIST}{form.pk}/")
            else:
                builder.edit(form.pk, action, request.POST.dict())
            return HttpResponseRedirect(f"{LIST}{form.pk}/")
        except FormsError as exc:
            problems, status = _problems(exc), 400
        form = builder.form_for(form_id, _unit(request))
    preview, preview_problems = None, []
    try:
        preview = builder.preview(form.pk)
    except FormsError as exc:
        preview_problems = _problems(exc)
    spec = _for_screen(form_spec(form.pk))
    section_keys = [s["key"] for s in spec["sections"]]
    return render(request, "forms/builder_edit.html", {
        "form": form, "spec": spec, "section_keys": section_keys, "problems": problems,
        "q": request.GET.get("q", ""), "found": builder.search(request.GET.get("q", "")),
        "preview": preview, "preview_problems": preview_problems,
        "lists": builder.code_lists_for(preview) if preview else {},
        "draft": form.status == "draft",
    }, status=status)
