"""Every change of a document, one function per action, each in one transaction and recorded by events.record.

Refusals are DocumentsError with a clear Vietnamese message; the transaction is rolled back, so nothing changes
(not even a number taken from a counter). `at` defaults to now: tests and imports pass their own moment.
"""

from dataclasses import asdict
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import is_member
from core.calendar.services import calendar_for
from modules.doctypes.services import DoctypeError, get_type
from modules.documents.models import (
    Assignment,
    AssignmentRole,
    Attachment,
    Confidentiality,
    Direction,
    Directive,
    Document,
    DraftComment,
    DraftVersion,
    Relation,
    Report,
    Status,
    Urgency,
)
from modules.documents.models.document import AuthorityPrefix, Validity
from modules.documents.services import access, attachments, delivery, events, numbering
from modules.documents.services.errors import DocumentsCode, DocumentsError
from modules.documents.services.inputs import AssignmentInput, FileInput, Metadata, RecipientInput, ReportInput
from modules.documents.services.signing import current_signer
from modules.documents.services.transitions import LABELS, SYSTEM, TRANSITIONS

_CHANGEABLE = {Status.DRAFTING, Status.REGISTERED}
_REPLACED = {Relation.REVOKES: Validity.REVOKED, Relation.REPLACES: Validity.REPLACED,
             Relation.CORRECTS: Validity.CORRECTED}


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _error(code, message, field="") -> DocumentsError:
    return DocumentsError(code, message, field=field)


def _locked(document_id: int) -> Document:
    found = Document.objects.select_for_update().filter(pk=document_id).first()
    if found is None:
        raise DocumentsError(DocumentsCode.NOT_FOUND, _("Không tìm thấy văn bản %(id)s.") % {"id": document_id},
                             field="id", status=404)
    return found


def _require_role(actor, roles: set[str], action: str) -> None:
    if not access.roles_of(actor) & roles:
        raise _error(DocumentsCode.FORBIDDEN_ROLE, _("Bạn không có quyền %(action)s.") % {"action": LABELS[action]})


def _check(document: Document, action: str, actor, reason: str) -> None:
    rule = TRANSITIONS[action]
    if actor is not None and not access.can_see(actor, document.pk):
        # Acting needs seeing (access.py): a role opens a step only on a document its holder may see, so a secret one
        # is acted on by those its routing names. The others get what reading it answers: not its existence.
        raise DocumentsError(DocumentsCode.NOT_FOUND, _("Không tìm thấy văn bản %(id)s.") % {"id": document.pk},
                             field="id", status=404)
    if document.status not in rule.sources:
        raise _error(DocumentsCode.INVALID_TRANSITION, _(
            "Không thể %(action)s: văn bản đang ở trạng thái “%(status)s”.") % {
            "action": LABELS[action], "status": document.get_status_display()}, "action")
    if actor is None:
        allowed = SYSTEM in rule.roles
    else:
        allowed = bool(access.roles_of(actor) & rule.roles) or bool(access.reasons(document, actor) & rule.routed)
    if not allowed:
        raise _error(DocumentsCode.FORBIDDEN_ROLE, _("Bạn không có quyền %(action)s văn bản này.") % {
            "action": LABELS[action]}, "action")
    if rule.needs_reason and not reason.strip():
        raise _error(DocumentsCode.REQUIRED, _("Cần nêu lý do để %(action)s.") % {"action": LABELS[action]}, "reason")


def _perform(document_id: int, action: str, *, actor, at: datetime | None, reason: str = "", apply=None,
             data: dict | None = None) -> Document:
    """Check the rule book, apply the action's own changes, move the status, record the event."""
    at = _now(at)
    document = _locked(document_id)
    _check(document, action, actor, reason)
    before = document.status
    extra = (apply(document, at) if apply else None) or {}
    target = TRANSITIONS[action].target
    if target is not None:
        document.status = target
    document.updated_at = at
    document.save()
    details = {**(data or {}), **extra}
    if reason:
        details["reason"] = reason
    events.record(document, action, at=at, actor=actor, from_status=before, data=details)
    return document


# --- metadata ---

def _clean(meta: Metadata, direction: str, on) -> dict:
    if not meta.subject.strip():
        raise _error(DocumentsCode.REQUIRED, _("Cần nhập trích yếu nội dung văn bản."), "subject")
    try:
        doctype = get_type(meta.type_code, on)
    except DoctypeError as exc:
        raise _error(DocumentsCode.UNKNOWN_TYPE, str(exc), "type_code") from exc
    for value, choices, field in ((meta.urgency, Urgency, "urgency"), (meta.confidentiality, Confidentiality,
                                                                        "confidentiality"),
                                  (meta.authority_prefix, AuthorityPrefix, "authority_prefix")):
        if value not in choices.values:
            raise _error(DocumentsCode.INVALID_DATA, _("Giá trị không hợp lệ: %(value)s.") % {"value": value}, field)
    fields = asdict(meta)
    if direction == Direction.OUTGOING:
        fields.pop("number")  # the system's, at issue
    elif meta.number is None or not meta.symbol.strip() or not (meta.issuer_name or meta.issuer_code):
        raise _error(DocumentsCode.REQUIRED, _("Văn bản đến cần số, ký hiệu và cơ quan ban hành."), "number")
    fields.update(type_code=doctype.code, type_abbreviation=doctype.abbreviation, type_name=doctype.name,
                  subject=meta.subject.strip(), symbol=meta.symbol.strip())
    return fields


@transaction.atomic
def update_metadata(document_id: int, meta: Metadata, *, actor, at: datetime | None = None) -> Document:
    """Correct the metadata of a document still being drafted or just registered; an issued (or processed)
    document never changes: its correction is a new document (create_outgoing with relation=corrects)."""
    at = _now(at)
    document = _locked(document_id)
    if document.status not in _CHANGEABLE:
        raise _error(DocumentsCode.ISSUED_UNCHANGEABLE, _(
            "Văn bản đã ở trạng thái “%(status)s”, không được sửa; hãy ban hành văn bản đính chính hoặc thay thế.") % {
            "status": document.get_status_display()})
    allowed = (access.roles_of(actor) & {"clerk"} if document.direction == Direction.INCOMING
               else access.reasons(document, actor) & {"drafter"})
    if not allowed:
        raise _error(DocumentsCode.FORBIDDEN_ROLE, _("Bạn không có quyền %(action)s văn bản này.") % {
            "action": LABELS["update"]})
    fields = _clean(meta, document.direction, (document.arrived_at or at).date())
    if document.direction == Direction.OUTGOING:
        fields.pop("symbol", None)
    changed = {k: v for k, v in fields.items() if getattr(document, k) != v}
    for key, value in changed.items():
        setattr(document, key, value)
    document.updated_at = at
    document.save()
    events.record(document, "update", at=at, actor=actor, from_status=document.status,
                  data={"fields": sorted(changed)})
    return document


# --- incoming (Decree 30, Art. 20-24) ---

@transaction.atomic
def register_incoming(meta: Metadata, *, actor, files: tuple[FileInput, ...] = (), at: datetime | None = None,
                      source_unit_code: str = "", source_document_id: int | None = None) -> Document:
    """The clerk registers an arriving document the day it arrives: the next incoming number of the year, arrival
    time now; the same number and symbol already received from the same issuer is flagged (duplicate_of)."""
    at = _now(at)
    if actor is not None:
        _require_role(actor, {"clerk"}, "register")
    fields = _clean(meta, Direction.INCOMING, timezone.localdate(at))
    document = Document(direction=Direction.INCOMING, status=Status.REGISTERED, arrived_at=at, registered_by=actor,
                        source_unit_code=source_unit_code, source_document_id=source_document_id,
                        created_at=at, updated_at=at, **fields)
    numbering.number_incoming(document, at)
    document.duplicate_of = numbering.duplicate_of(document)
    document.save()
    for f in files:
        attachments.attach(document, f.name, f.content, f.content_type, at)
    access.grant(document, actor, "clerk")
    events.record(document, "receive" if actor is None else "register", at=at, actor=actor, data={
        "arrival_number": document.arrival_number, "duplicate_of": document.duplicate_of_id,
        "from_unit": source_unit_code})
    return document


def present(document_id: int, *, actor, leader_id: int, at: datetime | None = None) -> Document:
    _require_member(leader_id, {"leader"})

    def apply(document, _at):
        document.presented_to_id = leader_id
        access.grant(document, leader_id, "leader")
    with transaction.atomic():
        return _perform(document_id, "present", actor=actor, at=at, apply=apply, data={"leader": leader_id})


def direct(document_id: int, *, actor, text: str, assignments: list[AssignmentInput],
           at: datetime | None = None) -> Document:
    """The leader's directive (bút phê): exactly one lead, any supporting and information-only units or people,
    each with a deadline counted in working days of the unit's calendar from the directive."""
    leads = [a for a in assignments if a.role == AssignmentRole.LEAD]
    if len(leads) != 1:
        raise _error(DocumentsCode.LEAD_REQUIRED, _("Ý kiến chỉ đạo phải giao đúng một đơn vị hoặc cá nhân chủ trì."),
                     "assignments")
    for a in assignments:
        if a.role not in AssignmentRole.values or not (a.person_id or a.department.strip()) or (
                a.days is not None and a.days < 1):
            raise _error(DocumentsCode.INVALID_DATA, _("Mỗi phân công cần vai trò, người hoặc phòng ban, và số ngày "
                                                       "làm việc từ 1 trở lên."), "assignments")

    for a in assignments:
        _require_member(a.person_id)

    def apply(document, at):
        directive = Directive.objects.create(document=document, leader=actor, text=text.strip(), at=at)
        cal = calendar_for(connection.tenant, around=at) if any(a.days for a in assignments) else None
        made = []
        for a in assignments:
            due = cal.appointment(at, days=a.days) if a.days else None
            made.append(Assignment.objects.create(document=document, directive=directive, role=a.role,
                                                  person_id=a.person_id, department=a.department.strip(),
                                                  days=a.days, due_at=due))
            if a.person_id:
                access.grant(document, a.person_id, a.role)
        lead_due = made[0].due_at if made[0].role == AssignmentRole.LEAD else next(
            m.due_at for m in made if m.role == AssignmentRole.LEAD)
        if lead_due and not document.due_on:
            document.due_on = timezone.localtime(lead_due).date()
        return {"directive": directive.pk, "assignments": [m.pk for m in made]}

    with transaction.atomic():
        return _perform(document_id, "direct", actor=actor, at=at, apply=apply)


def _own_assignment(document: Document, actor) -> Assignment | None:
    return document.assignments.filter(person_id=actor.pk, role__in=[AssignmentRole.LEAD, AssignmentRole.SUPPORT],
                                       done_at__isnull=True).order_by("role", "id").first()


def report(document_id: int, *, actor, body: ReportInput, at: datetime | None = None) -> Document:
    """An assignee reports on their part; a final report closes their assignment."""
    if not body.body.strip():
        raise _error(DocumentsCode.REQUIRED, _("Cần nhập nội dung báo cáo."), "body")

    def apply(document, at):
        assignment = _own_assignment(document, actor)
        if assignment is None:
            raise _error(DocumentsCode.NOT_ROUTED, _("Bạn không có phần việc nào đang mở trong văn bản này."))
        Report.objects.create(assignment=assignment, author=actor, body=body.body.strip(), final=body.final, at=at)
        for f in body.files:
            attachments.attach(document, f.name, f.content, f.content_type, at)
        if body.final:
            assignment.done_at = at
            assignment.save(update_fields=["done_at"])
        return {"assignment": assignment.pk, "final": body.final}

    with transaction.atomic():
        return _perform(document_id, "report", actor=actor, at=at, apply=apply)


def complete(document_id: int, *, actor, at: datetime | None = None) -> Document:
    def apply(document, at):
        document.completed_at = at
        document.assignments.filter(done_at__isnull=True).exclude(role=AssignmentRole.INFO).update(done_at=at)
    with transaction.atomic():
        return _perform(document_id, "complete", actor=actor, at=at, apply=apply)


# --- outgoing (Decree 30, Art. 10-16) ---

@transaction.atomic
def create_outgoing(meta: Metadata, *, actor, drafter_id: int | None = None, signing_authority_id: int | None = None,
                    related_to: int | None = None, relation: str = "", at: datetime | None = None) -> Document:
    """A new draft: the drafter (the actor unless a leader assigns another), the person with signing authority, and
    for a revocation, replacement or correction the issued document it concerns."""
    at = _now(at)
    _require_role(actor, {"leader", "clerk", "specialist"}, "create")
    fields = _clean(meta, Direction.OUTGOING, timezone.localdate(at))
    original = None
    if relation or related_to:
        if relation not in (Relation.REVOKES, Relation.REPLACES, Relation.CORRECTS) or related_to is None:
            raise _error(DocumentsCode.INVALID_DATA, _("Cần nêu văn bản gốc và quan hệ (thu hồi, thay thế, đính "
                                                       "chính)."), "relation")
        original = Document.objects.filter(pk=related_to, direction=Direction.OUTGOING, status=Status.ISSUED).first()
        if original is None or original.validity != Validity.IN_FORCE:
            raise _error(DocumentsCode.INVALID_DATA, _("Văn bản gốc phải là văn bản đi đã ban hành, còn hiệu lực."),
                         "related_to")
    drafter_id = drafter_id or actor.pk
    _require_member(drafter_id)
    _require_member(signing_authority_id, {"leader"})
    document = Document.objects.create(
        direction=Direction.OUTGOING, status=Status.DRAFTING, drafter_id=drafter_id,
        signing_authority_id=signing_authority_id, related_to=original, relation=relation if original else "",
        created_at=at, updated_at=at, **fields)
    access.grant(document, actor, "creator")
    access.grant(document, drafter_id, "drafter")
    access.grant(document, signing_authority_id, "signer")
    events.record(document, "create", at=at, actor=actor, data={
        "drafter": drafter_id, "signing_authority": signing_authority_id, "related_to": related_to,
        "relation": relation})
    return document


def add_version(document_id: int, *, actor, note: str = "", file: FileInput | None = None,
                at: datetime | None = None) -> Document:
    def apply(document, at):
        number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        blob = attachments.store(file.content, attachments.check(file.content, file.content_type), at) if file else None
        version = DraftVersion.objects.create(document=document, number=number, blob=blob, note=note, author=actor,
                                              at=at)
        return {"version": version.number, "sha256": blob.sha256 if blob else ""}
    with transaction.atomic():
        return _perform(document_id, "add_version", actor=actor, at=at, apply=apply)


def comment(document_id: int, *, actor, body: str, at: datetime | None = None) -> Document:
    if not body.strip():
        raise _error(DocumentsCode.REQUIRED, _("Cần nhập nội dung góp ý."), "body")

    def apply(document, at):
        version = document.versions.order_by("-number").first()
        if version is None:
            raise _error(DocumentsCode.INVALID_DATA, _("Văn bản chưa có phiên bản dự thảo nào để góp ý."))
        DraftComment.objects.create(version=version, author=actor, body=body.strip(), at=at)
        return {"version": version.number}
    with transaction.atomic():
        return _perform(document_id, "comment", actor=actor, at=at, apply=apply)


def submit(document_id: int, *, actor, at: datetime | None = None) -> Document:
    def apply(document, at):
        if not document.versions.exists():
            raise _error(DocumentsCode.INVALID_DATA, _("Cần có ít nhất một phiên bản dự thảo trước khi trình."))
    with transaction.atomic():
        return _perform(document_id, "submit", actor=actor, at=at, apply=apply)


def review_content(document_id: int, *, actor, at: datetime | None = None) -> Document:
    with transaction.atomic():
        return _perform(document_id, "review_content", actor=actor, at=at,
                        apply=lambda d, at: access.grant(d, actor, "reviewer"))


def review_format(document_id: int, *, actor, at: datetime | None = None) -> Document:
    with transaction.atomic():
        return _perform(document_id, "review_format", actor=actor, at=at,
                        apply=lambda d, at: access.grant(d, actor, "reviewer"))


def return_draft(document_id: int, *, actor, reason: str, at: datetime | None = None) -> Document:
    with transaction.atomic():
        return _perform(document_id, "return_draft", actor=actor, at=at, reason=reason)


def share(document_id: int, *, actor, person_id: int, at: datetime | None = None) -> Document:
    """Someone the routing names hands a document on to another member of the unit (a secret draft to the clerk
    who checks its format and issues it): that person sees it and may take the steps of their role on it."""
    _require_member(person_id)
    if person_id is None:
        raise _error(DocumentsCode.REQUIRED, _("Cần chọn người nhận văn bản."), "person_id")
    with transaction.atomic():
        return _perform(document_id, "share", actor=actor, at=at, data={"person": person_id},
                        apply=lambda d, at: access.grant(d, person_id, "shared"))


def approve(document_id: int, *, actor, at: datetime | None = None) -> Document:
    with transaction.atomic():
        return _perform(document_id, "approve", actor=actor, at=at)


def sign(document_id: int, *, actor, at: datetime | None = None) -> Document:
    """The signing step: the installed signer (signing.py) records or makes the signature."""
    def apply(document, at):
        return {"signature": current_signer().sign(document, actor=actor, at=at)}
    with transaction.atomic():
        return _perform(document_id, "sign", actor=actor, at=at, apply=apply)


_EXTENSIONS = {attachments.PDF: "pdf", attachments.DOCX: "docx", attachments.DOC: "doc", attachments.ODT: "odt"}


def _attach_final_version(document: Document, at: datetime) -> None:
    """The last draft version's file is the issued original: attached as is (same bytes, same SHA-256)."""
    version = document.versions.filter(blob__isnull=False).select_related("blob").order_by("-number").first()
    if version is not None:
        extension = _EXTENSIONS.get(version.blob.content_type, "bin")
        name = f"{document.number_symbol.replace('/', '-')}.{extension}"
        Attachment.objects.get_or_create(document=document, blob=version.blob,
                                         defaults={"name": name, "created_at": at})


def _require_member(person_id: int | None, roles: set[str] | None = None) -> None:
    """The person named by an action is a member of this unit (with one of `roles`, when given)."""
    if person_id is None:
        return
    person = get_user_model().objects.filter(pk=person_id).first()
    held = access.roles_of(person) if person is not None else set()
    if person is None or not is_member(person, connection.tenant) or (roles and not held & roles):
        raise _error(DocumentsCode.INVALID_DATA, _("Người được chọn không phải thành viên phù hợp của đơn vị."),
                     "person_id")


def issue(document_id: int, *, actor, recipients: list[RecipientInput] = (), place: str = "",
          at: datetime | None = None) -> Document:
    """Number the signed document in its series, seal it through the installed signer (signing.py) and issue it
    the same day (Art. 15-16); send it to its recipients in this installation (incoming there at once, through
    tenants.messaging) and record the outside ones. An issued revocation, replacement or correction marks its
    original."""
    targets = delivery.check_recipients(list(recipients))

    def apply(document, at):
        numbering.number_outgoing(document, at)
        if not document.symbol:  # "QĐ-<unit>"; a công văn has no type abbreviation
            document.symbol = "-".join(p for p in (document.type_abbreviation, connection.tenant.code) if p)
        document.issued_at, document.issued_on = at, timezone.localdate(at)
        document.place = place or document.place or delivery.default_place()
        document.save()
        seal = current_signer().seal(document, actor=actor, at=at)
        _attach_final_version(document, at)
        sent = delivery.distribute(document, list(recipients), targets, at)
        if document.related_to_id:
            original = Document.objects.select_for_update().get(pk=document.related_to_id)
            original.validity, original.updated_at = _REPLACED[document.relation], at
            original.save(update_fields=["validity", "updated_at"])
            events.record(original, document.relation, at=at, actor=actor, from_status=original.status,
                          data={"by": document.pk, "by_number": document.number_symbol})
        return {"number": document.number, "year": document.year, "series": document.series.code,
                "number_symbol": document.number_symbol, "recipients": sent, "seal": seal}

    with transaction.atomic():
        return _perform(document_id, "issue", actor=actor, at=at, apply=apply)
