"""A procedure's online form on the portal: the published form version it is filled on, the citizen's submission into
a one-stop dossier, what can be prefilled, and the submitted data read back (packaged, exported, printed) by staff.

The submission is the one-stop module's own online submission (the service the API's onestopSubmitDossierOnline and
the plain portal page call), with the same limits: attempts per client address, accepted dossiers per address and
phone. The server's verdict (modules.forms, the authority) decides; nothing is recorded unless the whole form is
valid. The dossier keeps its form version and the data keyed by dictionary keys:
    dossier.data = {"form": {"id", "procedure_code", "version_label", "digest"}, "form_values": {...}}
Files are checked by the portal's uploads (type sniffed from the bytes, the unit's size limit, the scanner) and stored
with the dossier; a file field's value names the stored file by the start of its SHA-256."""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.forms.services import (
    ExportEntry,
    FormsError,
    offers,
    published_artefact,
    published_forms,
    validate,
)
from modules.forms.services import items_of as code_list_items
from modules.onestop.services import online_limits, reads
from modules.onestop.services.applications import submit_online
from modules.portal.models import FormSubmission
from modules.portal.services import drafts, limits, submission, uploads
from modules.portal.services.citizens import profile_of
from modules.portal.services.errors import PortalError

APPLICANT = {  # the dossier's applicant fields, from the form's fields of these prefill meanings
    "applicant_name": "applicant.full_name", "applicant_phone": "applicant.phone",
    "applicant_email": "applicant.email", "applicant_id_number": "applicant.id_number"}
EARLIER = 10  # earlier submissions prefill reads, newest first
MAX_EXPORT = 5000
FILE_ID_CHARS = 16


def form_for(procedure_code: str) -> dict | None:
    """The artefact of the procedure's form version in force (the latest published), or None: the procedure is then
    submitted on the plain page."""
    forms = sorted(published_forms(procedure_code), key=lambda f: f.published_at, reverse=True)
    return forms[0].artefact if forms else None


def code_lists_for(artefact: dict) -> dict:
    """Items of the lists the artefact carries by reference (administrative units), for the browser's runtime."""
    return {key: code_list_items(entry["id"]) for key, entry in artefact["codeLists"].items() if entry.get("external")}


def _file_paths(artefact: dict, data: dict) -> list[tuple[str, list]]:
    """(path, [container, key]) of every file field the data can hold."""
    out = []
    for section in artefact["sections"]:
        files = [f["key"] for f in section["fields"] if f["type"] == "file"]
        if not files:
            continue
        if not section["repeatable"]:
            out += [(key, [data, key]) for key in files]
            continue
        items = data.get(section["key"])
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                out += [(f"{section['key']}.{index}.{key}", [item, key]) for key in files]
    return out


def _attach(unit, artefact: dict, data: dict, files: dict) -> list:
    """The uploads checked, and each file field's value set from its file as stored (or emptied without one)."""
    paths = _file_paths(artefact, data)
    sent = [(path, place, files[path]) for path, place in paths if files.get(path) is not None]
    checked = uploads.checked(unit, [f for _p, _place, f in sent])
    chosen = {path for path, _place, _f in sent}
    for _path, (holder, key) in [(p, place) for p, place in paths if p not in chosen]:
        holder.pop(key, None)  # a value without its file is no file
    for (_path, (holder, key), _f), upload in zip(sent, checked, strict=True):
        holder[key] = {"id": _file_id(upload.content), "name": upload.name, "content_type": upload.content_type,
                       "size": len(upload.content)}
    return checked


def _file_id(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:FILE_ID_CHARS]


def _applicant(artefact: dict, kept: dict, owner) -> dict:
    by_meaning = {f["prefill"]: f["key"] for s in artefact["sections"] if not s["repeatable"] for f in s["fields"]
                  if f.get("prefill")}
    values = {name: kept.get(by_meaning.get(meaning, ""), "") for name, meaning in APPLICANT.items()}
    if not values["applicant_name"] and owner is not None:
        values["applicant_name"] = owner.get_full_name()
    return {k: v for k, v in values.items() if isinstance(v, str)}


def invalid(verdict) -> PortalError:
    return PortalError("INVALID_FORM", _("Biểu mẫu còn %(n)d chỗ chưa đúng: %(first)s")
                       % {"n": len(verdict.errors), "first": verdict.errors[0].message}, verdict.errors[0].path,
                       problems=[(e.path, e.message) for e in verdict.errors])


def submit_form(unit, procedure_code: str, data, files: dict, client: str, owner=None, lang: str = "vi"):
    """The dossier received online with the form's data and files; PortalError (INVALID_FORM lists every field's
    message) or OnestopError, nothing recorded, when refused. `files`: {field path: uploaded file}."""
    limits.count(limits.SUBMISSION_ATTEMPTS, client)
    artefact = form_for(procedure_code)
    if artefact is None:
        raise PortalError("NOT_FOUND", _("Thủ tục %(code)s chưa có biểu mẫu điện tử.") % {"code": procedure_code},
                          "procedure_code", status=404)
    if not isinstance(data, dict):
        raise PortalError("INVALID_DATA", _("Dữ liệu biểu mẫu phải là một đối tượng JSON."), "data")
    data = {**data}
    checked = _attach(unit, artefact, data, files or {})
    verdict = validate(artefact, data, lang=lang)
    if not verdict.valid:
        raise invalid(verdict)
    form = artefact["form"]
    values = {"procedure_code": procedure_code, **_applicant(artefact, verdict.data, owner),
              "data": {"form": {"id": form["id"], "procedure_code": form["procedureCode"],
                                "version_label": form["versionLabel"], "digest": form["digest"]},
                       "form_values": verdict.data}}
    online_limits.check(values, client)
    with transaction.atomic():
        dossier = submit_online(values)
        uploads.store(dossier.code, checked)
        FormSubmission.objects.create(dossier_code=dossier.code, owner=owner, procedure_code=procedure_code,
                                      form_id=form["id"], submitted_at=timezone.now())
        if owner is not None:
            drafts.discard_draft(owner, procedure_code)
    online_limits.accepted(values, client)
    return submission.receipt(unit, dossier.code)


def offers_for(owner, artefact: dict) -> list:
    """What the form can prefill for `owner` from their account and their own earlier submissions in this unit
    (never anyone else's); nothing for an anonymous visitor."""
    if owner is None:
        return []
    earlier = []
    for code in FormSubmission.objects.filter(owner=owner).values_list("dossier_code", flat=True)[:EARLIER]:
        dossier = reads.dossier(code)
        if dossier is not None:
            earlier.append((code, (dossier.data or {}).get("form_values") or {}))
    return offers(artefact, profile_of(owner), earlier)


def own_submissions(owner) -> list[FormSubmission]:
    if owner is None:
        return []
    return list(FormSubmission.objects.filter(owner=owner))


@dataclass(frozen=True)
class Submitted:
    dossier_code: str
    artefact: dict          # the form version it was filled on
    data: dict              # keyed by dictionary keys
    submitted_at: str
    unit_code: str

    @property
    def meta(self) -> dict:
        return {"dossier": self.dossier_code, "submitted_at": self.submitted_at, "unit": self.unit_code}


def submitted(dossier_code: str, unit) -> Submitted | None:
    """The form data of a dossier of the current unit, with the form version it keeps; None when it has none."""
    dossier = reads.dossier(dossier_code)
    form = ((dossier.data or {}).get("form") or {}) if dossier is not None else {}
    if not form.get("id"):
        return None
    try:
        artefact = published_artefact(form["id"])
    except FormsError:
        return None
    return Submitted(dossier.code, artefact, dossier.data.get("form_values") or {},
                     timezone.localtime(dossier.received_at).isoformat(), unit.code)


def export_entries(procedure_code: str, unit) -> list[ExportEntry]:
    """Every form submission of the procedure in this unit, oldest first (across its form versions)."""
    codes = list(FormSubmission.objects.filter(procedure_code=procedure_code).order_by("submitted_at", "id")
                 .values_list("dossier_code", flat=True)[:MAX_EXPORT])
    out = []
    for code in codes:
        found = submitted(code, unit)
        if found is not None:
            out.append(ExportEntry(found.artefact, found.data, found.dossier_code, found.submitted_at))
    return out
