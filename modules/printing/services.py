"""Printing the one-stop forms from the current unit's dossiers, in the set in force when the dossier was received
(forms.py: Circular 01/2018/TT-VPCP before 15 September 2025, Circular 03/2025/TT-VPCP from then on).

    render_form("01", "91001-261207-0001")              # PDF bytes of one dossier's form (2025 set: 01 to 06)
    render_register(date(2026, 12, 1), date(2026, 12, 31))  # the register (2025 set: form 07) of the dossiers received
    render_register_xlsx(date(2026, 12, 1), date(2026, 12, 31))  # the same register as an Excel workbook

Both read the unit the connection is in (connection.tenant): a dossier of another unit is simply not found. They do
not check who asks; the views and the GraphQL fields let only the unit's staff in.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import role_names
from modules.catalogue.services import components_of
from modules.onestop.services import deadlines, reads
from modules.onestop.services.reads import Channel, Status
from modules.printing import pdf, text
from modules.printing.errors import INVALID_PERIOD, NOT_APPLICABLE, NOT_FOUND, UNKNOWN_FORM, PrintingError
from modules.printing.forms import APOLOGY, CONTROL, RECEIPT, REFUSAL, REGISTER, STOP, SUPPLEMENT, FormSet, form_set_on
from modules.printing.manifest import MANIFEST
from modules.printing.qr import qr_data_uri
from modules.tracking.services import lookup_url
from tenants.models import Unit

MAX_REGISTER_DAYS = 366
MAX_REGISTER_ROWS = 1000  # about 20 s of rendering: longer registers are printed month by month
PAGE_CSS = {
    # Decree 30/2020 margins for A4; A5 (the annex's paper for forms 01-05) keeps the same proportions, smaller.
    "A5": "@page { size: A5 portrait; margin: 10mm 10mm 10mm 18mm; }",
    "A4": "@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }",
    "A4-landscape": "@page { size: A4 landscape; margin: 15mm 12mm 15mm 15mm;"
                    " @bottom-right { content: 'Trang ' counter(page) '/' counter(pages); font-size: 9pt; } }",
}
# Forms 01-05 are one sheet each: a long dossier steps the body text down (pt, forms.css's size first) to stay on it.
FIT_SIZES = {"A5": (10.5, 10, 9.5, 9, 8.5), "A4": (13, 12.5, 12, 11.5, 11)}


# --- What every form shows ---

def unit_settings(unit) -> dict:
    """The unit's printing settings; the defaults where the module is not enabled (services called directly)."""
    from core.modules.services import ModuleError, get_settings

    try:
        return get_settings(unit, MANIFEST.id)
    except ModuleError:
        return {s.key: s.default for s in MANIFEST.settings}


def _heading(unit, conf: dict, on: date | datetime | None) -> dict:
    agency = conf["agency_name"] or unit.name
    place = conf["place_name"] or text.place_of(unit.name)
    return {
        "agency": text.upper(agency),
        "desk": text.upper(conf["desk_name"]),
        "agency_name": text.nfc(agency),
        "desk_name": text.nfc(conf["desk_name"]),
        "date_line": f"{text.nfc(place)}, {text.long_date(on)}",
    }


def person_name(user) -> str:
    if user is None:
        return ""
    return text.nfc(user.get_full_name() or user.username)


def _applicant(dossier) -> dict:
    data = dossier.data or {}
    return {
        "name": text.nfc(dossier.applicant_name),
        "address": text.nfc(data.get("address") or data.get("dia_chi") or ""),
        "phone": text.nfc(dossier.applicant_phone),
        "email": text.nfc(dossier.applicant_email),
        "id_number": text.nfc(dossier.applicant_id_number),
    }


def _last_event(dossier, action: str):
    return reads.last_event(dossier, action)


def _documents(dossier) -> list[dict]:
    """The papers handed in: `data["documents"]` when the intake recorded them, else the procedure's list."""
    given = (dossier.data or {}).get("documents")
    if isinstance(given, list) and given:
        papers = []
        for item in given:
            if isinstance(item, dict):
                papers.append({"name": text.nfc(item.get("name")), "originals": item.get("originals") or 0,
                               "copies": item.get("copies") or 0})
            elif str(item).strip():
                papers.append({"name": text.nfc(item), "originals": 0, "copies": 0})
        return papers
    if not dossier.procedure_version_id:
        return []
    return [{"name": text.nfc(c.name), "originals": c.originals, "copies": c.copies}
            for c in components_of(dossier.procedure_version_id)]


def _deadline_text(deadline) -> str:
    """The processing time in its kind (core.calendar TimeKind: working, calendar days, months, elapsed hours)."""
    if deadline.kind == "months":
        return _("%(n)s tháng") % {"n": deadline.months}
    if deadline.kind == "calendar_days":
        return _("%(n)s ngày (kể cả ngày nghỉ)") % {"n": text.number(deadline.days)}
    if deadline.kind == "hours":
        return _("%(n)s giờ") % {"n": text.number(deadline.hours)}
    parts = []
    if deadline.days:
        parts.append(_("%(n)s ngày làm việc") % {"n": text.number(deadline.days)})
    if deadline.hours:
        parts.append(_("%(n)s giờ làm việc") % {"n": text.number(deadline.hours)})
    return ", ".join(parts) or _("trong ngày")


def _result_place(dossier, conf: dict) -> str:
    chosen = (dossier.data or {}).get("result_delivery")
    if chosen:
        return text.nfc(chosen)
    if dossier.result_delivery == "online":
        return _("Nhận trực tuyến")
    if dossier.result_delivery == "post" or (not dossier.result_delivery and dossier.channel == Channel.POST):
        return _("Nhận qua dịch vụ bưu chính công ích")
    return text.nfc(conf["desk_name"])


# --- One context per form ---

def _receipt(dossier, conf: dict) -> dict:
    clock = deadlines.load(dossier)
    appointment = clock.extension.previous_due if clock.extension else dossier.due_at
    received = _last_event(dossier, "receive") or _last_event(dossier, "receive_transfer")
    url = lookup_url(dossier.code, connection.tenant)  # the unit's own look-up address when it set one
    return {
        "on": dossier.received_at,
        "documents": _documents(dossier),
        "sets": (dossier.data or {}).get("sets") or 1,
        "processing_time": _deadline_text(clock),
        "received": text.long_datetime(dossier.received_at),
        "appointment": text.long_datetime(appointment),
        "result_place": _result_place(dossier, conf),
        "receiver": person_name(received.actor if received else dossier.assignee),
        "lookup_url": url,
        "qr": qr_data_uri(url),
        "competent_name": _competent_name(dossier),
    }


def _competent_name(dossier) -> str:
    """The unit that decides, when the dossier was received here for it (receipt regardless of boundary)."""
    code = dossier.competent_unit_code
    if not code or code == connection.tenant.code:
        return ""
    return text.nfc(Unit.objects.filter(code=code).values_list("name", flat=True).first() or code)


def _supplement(dossier, conf: dict) -> dict:
    event = _last_event(dossier, "request_supplement")
    if not dossier.supplement_requested or event is None:
        raise PrintingError(NOT_APPLICABLE, _("Hồ sơ %(code)s chưa có yêu cầu bổ sung, hoàn thiện.")
                            % {"code": dossier.code})
    guide = event.actor
    return {
        "on": event.at,
        "items": [text.nfc(i) for i in dossier.supplement_items],
        "reason": text.nfc(event.reason),
        "guide": person_name(guide),
        "contact_phone": text.nfc(conf["contact_phone"] or (guide.phone if guide else "")),
    }


def _refusal(dossier, conf: dict) -> dict:
    event = _last_event(dossier, "refuse")
    if dossier.status != Status.REFUSED or event is None:
        raise PrintingError(NOT_APPLICABLE, _("Hồ sơ %(code)s không bị từ chối tiếp nhận, giải quyết.")
                            % {"code": dossier.code})
    return {"on": event.at, "reason": text.nfc(dossier.reason or event.reason), "officer": person_name(event.actor)}


def _apology(dossier, conf: dict) -> dict:
    extension = deadlines.load(dossier).extension
    if extension is None:
        raise PrintingError(NOT_APPLICABLE, _("Hồ sơ %(code)s chưa được hẹn lại ngày trả kết quả.")
                            % {"code": dossier.code})
    event = _last_event(dossier, "extend")
    return {
        "on": extension.at,
        "received_on": text.long_date(dossier.received_at),
        "previous_due": text.long_datetime(extension.previous_due),
        "new_due": text.long_datetime(extension.new_due),
        "reason": text.nfc(extension.reason),
        "leader": person_name(event.actor if event else None),
    }


def _outcome(finished: datetime | None, due: datetime | None) -> str:
    if finished is None or due is None:
        return ""
    if timezone.localtime(finished).date() < timezone.localtime(due).date():
        return _("Trước hạn")
    return _("Đúng hạn") if finished <= due else _("Quá hạn")


@dataclass
class Handover:
    giver: str
    receiver: str
    at: datetime | None = None
    giver_person: str = ""
    receiver_person: str = ""
    result: str = ""
    note: str = ""

    @property
    def hour(self) -> str:
        """'10 giờ 00 phút', the first line of the hand-over time."""
        return text.long_datetime(self.at).split(", ", 1)[0] if self.at else ""

    @property
    def day(self) -> str:
        return text.long_date(self.at) if self.at else ""


def _control(dossier, conf: dict) -> dict:
    """The planned path of the dossier, desk -> each step -> desk -> citizen, with what already happened filled in:
    the sheet is printed at intake and travels with the papers, signed at each hand-over."""
    desk = text.nfc(conf["desk_name"])
    unit = connection.tenant
    names = role_names(unit)
    steps = reads.dossier_steps(dossier)
    events = reads.dossier_events(dossier, with_actor=True)
    starters = [e for e in events if e.action in ("start", "forward")]  # the n-th of them started step n
    approved = next((e for e in events if e.action == "approve"), None)
    returned = next((e for e in events if e.action == "return_result"), None)

    def label(step) -> str:
        role = text.nfc(names.get(step.role_code, step.role_code))
        return f"{text.nfc(step.name)} ({role})" if role else text.nfc(step.name)

    def actor(events_list, i):
        return person_name(events_list[i].actor) if 0 <= i < len(events_list) else ""

    # Who took each step over and who handed it on: the one starting step n receives it, the next one gives it.
    handed_on = [*starters[1:], approved]
    rows = []
    for i, step in enumerate(steps):
        note = ""
        if step.handover_unit_code or step.handover_unit_kind:
            note = _("Liên thông: %(u)s") % {"u": step.handover_unit_code or step.handover_unit_kind}
        result = _outcome(step.finished_at, step.due_at)
        if not result and step.due_at:
            result = _("Hạn %(d)s") % {"d": text.short_date(step.due_at)}
        rows.append(Handover(
            giver=desk if i == 0 else label(steps[i - 1]), receiver=label(step), at=step.started_at,
            giver_person=actor(starters, i),
            receiver_person=person_name(handed_on[i].actor) if i < len(handed_on) and handed_on[i] else "",
            result=result, note=note))
    rows.append(Handover(giver=label(steps[-1]) if steps else _("Cơ quan giải quyết"), receiver=desk,
                         at=dossier.completed_at if approved else None,
                         giver_person=person_name(approved.actor) if approved else "",
                         receiver_person=person_name(returned.actor) if returned else "",
                         result=_outcome(dossier.completed_at, dossier.due_at) if approved else ""))
    rows.append(Handover(giver=desk, receiver=_("Tổ chức, cá nhân"), at=returned.at if returned else None,
                         giver_person=person_name(returned.actor) if returned else "",
                         receiver_person=text.nfc(dossier.applicant_name) if returned else "",
                         result=_outcome(returned.at, dossier.due_at) if returned else ""))
    partners = sorted({s.handover_unit_code or s.handover_unit_kind for s in steps
                       if s.handover_unit_code or s.handover_unit_kind})
    return {"on": dossier.received_at, "rows": rows, "partners": ", ".join(partners)}


def _stop(dossier, conf: dict) -> dict:
    """Form 05 of 2025: the notice that the dossier's processing was stopped, with the reason from the list."""
    event = _last_event(dossier, "stop")
    if dossier.status != Status.STOPPED or event is None:
        raise PrintingError(NOT_APPLICABLE, _("Hồ sơ %(code)s không bị dừng giải quyết.") % {"code": dossier.code})
    return {"on": event.at, "reason": text.nfc(event.reason or dossier.reason), "stopped_on": text.long_date(event.at),
            "received_on": text.long_date(dossier.received_at), "leader": person_name(event.actor)}


_CONTEXTS = {RECEIPT: _receipt, SUPPLEMENT: _supplement, REFUSAL: _refusal, APOLOGY: _apology, STOP: _stop,
             CONTROL: _control}


# --- The services ---

def form_set_of(dossier) -> FormSet:
    """The set in force on the day the dossier was received, in Vietnam time."""
    return form_set_on(timezone.localtime(dossier.received_at).date())


def _form(form_set: FormSet, form_no: str):
    form = form_set.forms.get(str(form_no).zfill(2))
    if form is None:
        raise PrintingError(UNKNOWN_FORM, _("Không có mẫu số %(n)s (Thông tư %(c)s).")
                            % {"n": form_no, "c": form_set.circular})
    return form


def form_html(form_no: str, dossier_code: str) -> tuple[str, str]:
    """(HTML, @page rule) of a dossier's form in the current unit; PrintingError when it cannot be printed."""
    unit = connection.tenant
    dossier = reads.dossier(dossier_code, with_assignee=True)
    if dossier is None:
        raise PrintingError(NOT_FOUND, _("Không có hồ sơ %(code)s.") % {"code": dossier_code})
    form_set = form_set_of(dossier)
    form = _form(form_set, form_no)
    if not form.per_dossier:
        raise PrintingError(UNKNOWN_FORM, _("Mẫu số %(n)s không in theo từng hồ sơ.") % {"n": form.number})
    conf = unit_settings(unit)
    context = _CONTEXTS[form.kind](dossier, conf)
    paper = conf["paper_size"]
    context.update({
        "form": form, "circular": form_set.circular, "paper": paper.lower(), "dossier": dossier,
        "applicant": _applicant(dossier),
        "procedure": text.nfc(dossier.procedure_name), **_heading(unit, conf, context["on"]),
    })
    return render_to_string(form.template, context), PAGE_CSS[paper]


def render_form(form_no: str, dossier_code: str) -> bytes:
    """The PDF of form `form_no` of the dossier's set (2018: 01-05, 2025: 01-06) for `dossier_code`."""
    html, page = form_html(form_no, dossier_code)
    paper = "A4" if "A4" in page else "A5"
    return pdf.html_to_pdf(html, page, fit_sizes=FIT_SIZES[paper])


def _local_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(date_from, time.min), tz)
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min), tz)
    return start, end


_WITH_RESULT = (Status.RESULT_READY, Status.RETURNED)


def _register_note(dossier) -> str:
    if dossier.status in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED):
        return dossier.get_status_display()
    if dossier.status == Status.TRANSFERRED:
        return _("Đang liên thông")
    finished = dossier.completed_at or dossier.closed_at
    if finished is not None:
        return _outcome(finished, dossier.due_at)
    return _("Quá hạn") if dossier.due_at < timezone.now() else ""


def check_period(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise PrintingError(INVALID_PERIOD, _("Ngày kết thúc không được trước ngày bắt đầu."))
    if (date_to - date_from).days >= MAX_REGISTER_DAYS:
        raise PrintingError(INVALID_PERIOD, _("Mỗi lần in sổ tối đa %(n)s ngày.") % {"n": MAX_REGISTER_DAYS})


def register_rows(date_from: date, date_to: date) -> list[dict]:
    """One row per dossier received in the period, as the register prints them (the PDF and the workbook)."""
    check_period(date_from, date_to)
    unit = connection.tenant
    conf = unit_settings(unit)
    start, end = _local_bounds(date_from, date_to)
    dossiers = reads.dossiers_received(start, end, limit=MAX_REGISTER_ROWS + 1)
    if len(dossiers) > MAX_REGISTER_ROWS:
        raise PrintingError(INVALID_PERIOD, _("Khoảng thời gian có hơn %(n)s hồ sơ: chọn khoảng ngắn hơn.")
                            % {"n": MAX_REGISTER_ROWS})
    agency = text.nfc(conf["agency_name"] or unit.name)
    elsewhere = {d.holder_unit_code for d in dossiers if d.holder_unit_code not in ("", unit.code)}
    names = dict(Unit.objects.filter(code__in=elsewhere).values_list("code", "name")) if elsewhere else {}
    rows = []
    for d in dossiers:
        applicant = _applicant(d)
        rows.append({
            "code": d.code, "procedure": text.nfc(d.procedure_name), "sets": (d.data or {}).get("sets") or 1,
            "applicant": applicant["name"],
            "contact": ", ".join(p for p in (applicant["address"], applicant["phone"]) if p),
            "agency": agency if d.holder_unit_code in ("", unit.code)
            else text.nfc(names.get(d.holder_unit_code, d.holder_unit_code)),
            "received": text.short_date(d.received_at), "due": text.short_date(d.due_at),
            "sent": text.short_date(d.sent_at),
            "result_in": text.short_date(d.completed_at) if d.status in _WITH_RESULT else "",
            "returned": text.short_date(d.closed_at) if d.status == Status.RETURNED else "",
            "note": _register_note(d),
        })
    return rows


def register_form(date_from: date):
    """The register of the set in force on the period's first day (2018: form 06, 2025: form 07)."""
    form_set = form_set_on(date_from)
    return form_set, form_set.forms[form_set.number_of(REGISTER)]


def _period(date_from: date, date_to: date) -> str:
    return _("Từ %(a)s đến %(b)s") % {"a": text.long_date(date_from), "b": text.long_date(date_to)}


def register_html(date_from: date, date_to: date) -> tuple[str, str]:
    rows = register_rows(date_from, date_to)
    unit = connection.tenant
    form_set, form = register_form(date_from)
    context = {
        "form": form, "circular": form_set.circular, "rows": rows, "paper": "a4-landscape",
        "period": _period(date_from, date_to), **_heading(unit, unit_settings(unit), timezone.localdate()),
    }
    return render_to_string(form.template, context), PAGE_CSS["A4-landscape"]


def render_register(date_from: date, date_to: date) -> bytes:
    """The PDF of the register (A4 landscape): the current unit's dossiers received from date_from to date_to."""
    html, page = register_html(date_from, date_to)
    return pdf.html_to_pdf(html, page)


def render_register_xlsx(date_from: date, date_to: date) -> bytes:
    """The same register as an Excel workbook (one sheet, the form's columns), for units that keep it in a sheet."""
    from modules.printing.workbook import register_workbook

    rows = register_rows(date_from, date_to)
    form_set, form = register_form(date_from)
    unit = connection.tenant
    agency = text.nfc(unit_settings(unit)["agency_name"] or unit.name)
    return register_workbook(str(form.title), f"{agency} - {_period(date_from, date_to)}", form_set.circular, rows)


# --- Addresses ---

def form_path(form_no: str, dossier_code: str) -> str:
    """/m/printing/<form>/<code>.pdf, in the unit's URLs."""
    return reverse("printing:form", urlconf=settings.ROOT_URLCONF,
                   kwargs={"form": str(form_no).zfill(2), "code": dossier_code})


def register_path(date_from: date, date_to: date, excel: bool = False) -> str:
    name = "printing:register_xlsx" if excel else "printing:register"
    return (reverse(name, urlconf=settings.ROOT_URLCONF)
            + f"?from={date_from.isoformat()}&to={date_to.isoformat()}")


def applicable_forms(dossier) -> dict[str, str]:
    """Form number (in the dossier's set) -> '' when it can be printed for the dossier now, else the reason."""
    clock = deadlines.load(dossier)
    reasons = {RECEIPT: "", CONTROL: ""}
    reasons[SUPPLEMENT] = "" if dossier.supplement_requested else _("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện.")
    reasons[REFUSAL] = "" if dossier.status == Status.REFUSED else _("Hồ sơ không bị từ chối.")
    reasons[APOLOGY] = "" if clock.extension else _("Hồ sơ chưa được hẹn lại ngày trả kết quả.")
    reasons[STOP] = "" if dossier.status == Status.STOPPED else _("Hồ sơ không bị dừng giải quyết.")
    form_set = form_set_of(dossier)
    return {n: reasons[form_set.forms[n].kind] for n in form_set.dossier_forms}


def dossier_forms(dossier) -> list:
    """The per-dossier forms of the dossier's set, in order."""
    form_set = form_set_of(dossier)
    return [form_set.forms[n] for n in form_set.dossier_forms]


def html_to_pdf(html: str, page_css: str = "") -> bytes:
    """Another module's HTML as PDF, with the shipped Vietnamese fonts and WeasyPrint (the documents registers)."""
    return pdf.html_to_pdf(html, page_css)


def table_xlsx(sheet_title: str, heading: list[str], columns: list[str], rows: list, widths: tuple) -> bytes:
    """Another module's register or list as Excel, shaped like its printed table (documents' registers, case files'
    transfer lists)."""
    from modules.printing.workbook import table_workbook

    return table_workbook(sheet_title, heading, columns, rows, widths)
