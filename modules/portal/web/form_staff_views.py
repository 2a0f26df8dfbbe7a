"""The staff's side of online forms: a dossier's form data packaged (JSON, XML and the version's XML Schema), printed
as the filled paper form (PDF, ready to sign), and a procedure's submissions exported across its form versions (Excel,
CSV). Members who may read dossiers (onestop.view_dossier) only; every file is a download."""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from core.errors import ServiceError
from modules.forms.services import export_csv, export_table, export_xlsx, filled_pdf, package_json, package_xml
from modules.forms.services import xml_schema as form_xml_schema
from modules.portal.services import online_forms
from modules.portal.web.staff_views import _staff

KINDS = {
    "json": ("application/json; charset=utf-8", lambda s: package_json(s.artefact, s.data, s.meta)),
    "xml": ("application/xml; charset=utf-8", lambda s: package_xml(s.artefact, s.data, s.meta)),
    "xsd": ("application/xml; charset=utf-8", lambda s: form_xml_schema(s.artefact)),
    "pdf": ("application/pdf", lambda s: filled_pdf(s.artefact, s.data)),
}


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    return response


@require_GET
@_staff
def dossier_form(request, code: str, kind: str):
    found = online_forms.submitted(code, request.unit)
    if found is None or kind not in KINDS:
        raise Http404
    content_type, make = KINDS[kind]
    try:
        content = make(found)
    except ServiceError as exc:  # e.g. the PDF engine missing on this server
        return HttpResponse(exc.message, status=503 if exc.code == "PRINTING_UNAVAILABLE" else 400,
                            content_type="text/plain; charset=utf-8")
    suffix = "-luoc-do.xsd" if kind == "xsd" else f"-bieu-mau.{kind}"
    return _download(content, content_type, code + suffix)


@require_GET
@_staff
def export(request, procedure_code: str, kind: str):
    entries = online_forms.export_entries(procedure_code, request.unit)
    found = export_table(entries)
    if kind == "csv":
        return _download(export_csv(found), "text/csv; charset=utf-8", f"{procedure_code}-du-lieu.csv")
    return _download(export_xlsx(found, procedure_code),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"{procedure_code}-du-lieu.xlsx")
