"""What the staff workspace's documents screens show, each read in a fixed number of queries whatever the unit holds:
a page of the registers (incoming, outgoing) with their filters and search, the work queues (waiting for me, to
approve and sign, overdue), a document's page (metadata, files with their signature verdicts, drafts, routing,
history, tasks, case file, the actions the rule book leaves to the reader), a file to download. Everything goes
through access.visible_to: a secret document exists only for those its routing names.

The screens change documents through services/actions.py only, as the GraphQL API does."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from core.accounts.services import members_with_role
from core.ids import object_id
from core.modules.services import is_enabled
from core.platform_relations import with_related
from core.search.normalize import fold
from modules.documents.models import (
    Access,
    Assignment,
    AssignmentRole,
    Attachment,
    Direction,
    Document,
    DocumentEvent,
    DraftVersion,
    Status,
    Urgency,
)
from modules.documents.services import access, actions, events, listing, search
from modules.documents.services.inputs import FileInput, Metadata
from modules.documents.services.recipient_status import LABELS as RECIPIENT_STATUSES
from modules.documents.services.transitions import LABELS, TRANSITIONS

PAGE_SIZE = 50
NORMAL = "thuong"  # the urgency filter's value for documents with no urgency (stored as "")
QUEUES = ("waiting", "to_sign", "overdue")
_URGENCY_ORDER = Case(When(urgency=Urgency.FLASH, then=Value(0)), When(urgency=Urgency.VERY_URGENT, then=Value(1)),
                      When(urgency=Urgency.URGENT, then=Value(2)), default=Value(3), output_field=IntegerField())
# Vietnamese letters with marks and what they fold to (core.search's fold), for PostgreSQL's translate(): the issuer
# filter matches with or without tone marks, in SQL, without the unaccent extension (absent from embedded PostgreSQL).
_MARKED = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_MARKED += _MARKED.upper()
_BARE = fold(_MARKED)
_LIST_FIELDS = ("direction", "status", "type_code", "type_abbreviation", "type_name", "number", "symbol",
                "issuer_name", "issued_on", "subject", "urgency", "confidentiality", "due_on", "arrival_number",
                "arrived_at", "validity", "created_at", "duplicate_of")


@dataclass(frozen=True)
class Filters:
    direction: str = Direction.INCOMING
    text: str = ""
    first: date | None = None
    last: date | None = None
    issuer: str = ""
    urgency: str = ""       # a value of Urgency, or NORMAL
    status: str = ""


@dataclass
class ListPage:
    rows: list
    total: int
    page: int
    pages: int
    capped: bool = False      # a search's best matches only (core.search.best): there may be more


def _page(rows: QuerySet, page: int, now: datetime | None = None) -> ListPage:
    """The count and one page of rows: two queries. Each row says whether it is past its due date at `now`."""
    total = rows.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    found = list(rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    today = timezone.localdate(now or timezone.now())
    for row in found:
        row.late = bool(row.due_on and row.due_on < today and row.status not in listing.CLOSED)
    return ListPage(found, total, page, pages)


def narrowed(rows: QuerySet, *, first: date | None = None, last: date | None = None, issuer: str = "",
             urgency: str | None = None) -> QuerySet:
    """The registers' filters, for the screens and the API alike: the date range (the arrival date of an incoming
    document, the creation date of an outgoing one), the issuer with or without tone marks, the urgency ("" or NORMAL:
    none)."""
    if first or last:
        span = {}
        if first:
            span["gte"] = first
        if last:
            span["lte"] = last
        rows = rows.filter(
            Q(direction=Direction.INCOMING, **{f"arrived_at__date__{k}": v for k, v in span.items()})
            | Q(direction=Direction.OUTGOING, **{f"created_at__date__{k}": v for k, v in span.items()}))
    if issuer.strip():
        bare = Lower(Func(F("issuer_name"), Value(_MARKED), Value(_BARE), function="translate"))
        rows = rows.annotate(issuer_bare=bare).filter(issuer_bare__contains=fold(issuer.strip()))
    if urgency is not None:
        rows = rows.filter(urgency="" if urgency == NORMAL else urgency)
    return rows


def register_page(user, filters: Filters, *, page: int = 1) -> ListPage:
    """The documents of one direction `user` may see, filtered (arrival or creation date range, issuer, urgency,
    status, full text), the newest first or the best match first when searching."""
    rows = listing.documents_for(user, direction=filters.direction, status=filters.status or None)
    rows = narrowed(rows, first=filters.first, last=filters.last, issuer=filters.issuer,
                    urgency=filters.urgency or None).only(*_LIST_FIELDS)
    if filters.text.strip():
        return _page(search.matching(rows, filters.text), page)
    if filters.direction == Direction.INCOMING:  # the register's order: arrival (indexed), then its number
        rows = rows.order_by("-arrived_at", "-arrival_number", "-id")
    return _page(rows, page)


def search_page(user, text: str, *, page: int = 1) -> ListPage:
    """Every document `user` may see (both directions) matching `text`, best match first (services/search.py): the
    best among a bounded set of candidates, `capped` when that set is full (more may match: a word more narrows)."""
    from core.search import candidate_limit

    found = _page(search.search_documents(user, text).only(*_LIST_FIELDS), page)
    found.capped = found.total >= candidate_limit()
    return found


def _waiting_q(user) -> Q:
    """The step each document waits for is `user`'s: by their role in the unit or by its routing."""
    roles = access.roles_of(user)
    mine = Access.objects.filter(document=OuterRef("pk"), person_id=user.pk)
    own_part = Assignment.objects.filter(document=OuterRef("pk"), person_id=user.pk, done_at__isnull=True,
                                         role__in=[AssignmentRole.LEAD, AssignmentRole.SUPPORT])
    waiting = (Q(Exists(mine.filter(reason="signer")), status__in=[Status.AWAITING_APPROVAL, Status.APPROVED])
               | Q(Exists(mine.filter(reason="drafter")), status=Status.DRAFTING)
               | Q(presented_to_id=user.pk, status=Status.PRESENTED)
               | Q(Exists(own_part), status__in=[Status.DIRECTED, Status.IN_PROGRESS]))
    if "leader" in roles:
        waiting |= Q(status=Status.CONTENT_REVIEW)
    if "clerk" in roles:
        waiting |= Q(status__in=[Status.REGISTERED, Status.FORMAT_REVIEW, Status.SIGNED])
    return waiting


def queue(user, name: str, *, now: datetime | None = None) -> QuerySet:
    """A work queue's documents, the most urgent and the earliest due first: `waiting` (every step that is the
    user's), `to_sign` (drafts waiting for the user's approval or signature as signing authority), `overdue` (open
    work past its deadline). The screens and the API read the same."""
    rows = access.visible_to(user)
    if name == "to_sign":
        # Named signing authority by the routing: visible by that alone (access.visible_to), so one semi-join.
        signer = Access.objects.filter(person_id=user.pk, reason="signer").values("document_id")
        rows = Document.objects.filter(pk__in=signer, status__in=[Status.AWAITING_APPROVAL, Status.APPROVED])
    elif name == "overdue":
        rows = rows.filter(listing.overdue_q(now or timezone.now()))
    else:
        rows = rows.filter(_waiting_q(user))
    return rows.annotate(urgency_rank=_URGENCY_ORDER).order_by("urgency_rank", "due_on", "created_at", "id")


def queue_page(user, name: str, *, page: int = 1, now: datetime | None = None) -> ListPage:
    """A page of a work queue (queue): two queries for the page, one for the roles."""
    return _page(queue(user, name, now=now).only(*_LIST_FIELDS), page, now)


def late_by_assignee(user, *, now: datetime | None = None) -> list[dict]:
    """The overdue queue's summary for a leader: open parts past their deadline per person and department among the
    documents `user` sees (listing.overdue_by_assignee), each person named; two queries."""
    from django.contrib.auth import get_user_model

    rows = listing.overdue_by_assignee(user, now)
    names = {pk: (f"{last} {first}".strip() or username) for pk, first, last, username in get_user_model().objects
             .filter(pk__in={r["person_id"] for r in rows if r["person_id"]})
             .values_list("pk", "first_name", "last_name", "username")}
    return [{**r, "name": names.get(r["person_id"], "")} for r in rows]


# --- a document's page ---

@dataclass
class FileRow:
    id: int
    name: str
    sha256: str
    size: int
    content_type: str
    verdict: object = None    # signatures' Verdict, where that module is on and has checked the file


@dataclass
class DocumentPage:
    document: Document
    files: list[FileRow]
    versions: list
    directives: list
    events: list
    distributions: list
    actions: list[str]
    tasks: list = field(default_factory=list)
    case_file: object = None
    verifies: bool = False    # the unit verifies signatures (signatures enabled): files without a verdict say so


def available_actions(document: Document, roles: set[str], reasons: set[str]) -> list[str]:
    """The actions of the rule book open to a person with `roles` in the unit and `reasons` in the document's
    routing, in the document's status (the services check again when one is taken)."""
    return [action for action, rule in TRANSITIONS.items()
            if document.status in rule.sources and (roles & rule.roles or reasons & rule.routed)]


def _verdicts(sha256s: list[str]) -> tuple[bool, dict]:
    unit = connection.tenant
    if not is_enabled(unit, "signatures"):
        return False, {}
    from modules.signatures.services.verdicts import verdicts

    return True, verdicts(sha256s)


def _tasks(document_id: int) -> list:
    if not is_enabled(connection.tenant, "worktasks"):
        return []
    from modules.worktasks.services import tasks

    return list(with_related(tasks().filter(document_id=document_id), "assignee").order_by("due_at", "id"))


def _case_file(filed_in: str):
    """The case file a document was put in: mark_filed records it as "<year>/<code>" ("2026/01.05")."""
    if not filed_in or not is_enabled(connection.tenant, "casefiles"):
        return None
    from modules.casefiles.services import files

    year, _slash, code = filed_in.partition("/") if filed_in[:4].isascii() and filed_in[:4].isdigit() else ("", "", filed_in)
    found = files().filter(code=code)
    return (found.filter(year=int(year)) if object_id(year) is not None else found.order_by("-year")).first()


def document_page(user, document_id: int, *, now: datetime | None = None) -> DocumentPage | None:
    """The document with what its page shows, or None when `user` may not see it (or there is none): the same
    answer, so a secret document's existence is not told. Opening it is recorded in the unit's audit log."""
    document = with_related(access.visible_to(user, Document.objects.filter(pk=document_id)), "presented_to",
                            "drafter", "signing_authority", "registered_by", "related_to", "duplicate_of").first()
    if document is None:
        return None
    files = [FileRow(a.pk, a.name, a.blob_id, a.blob.size, a.blob.content_type)
             for a in Attachment.objects.filter(document=document).select_related("blob")
             .defer("blob__content").order_by("id")]
    versions = list(with_related(DraftVersion.objects.filter(document=document), "author", "blob")
                    .defer("blob__content").prefetch_related("comments__author").order_by("number"))
    verifies, found = _verdicts([f.sha256 for f in files] + [v.blob_id for v in versions if v.blob_id])
    for row in files:
        row.verdict = found.get(row.sha256)
    for version in versions:
        version.verdict = found.get(version.blob_id) if version.blob_id else None
    roles = set() if getattr(user, "is_superuser", False) else access.roles_of(user)
    history = list(with_related(DocumentEvent.objects.filter(document=document), "actor").order_by("at", "id"))
    for event in history:
        event.label = LABELS.get(event.action, event.action)
        event.status_label = Status(event.to_status).label if event.to_status in Status.values else ""
    distributions = list(document.distributions.order_by("id"))
    for row in distributions:  # the recipient's latest edXML status (services/recipient_status.py)
        row.status_label = RECIPIENT_STATUSES.get(row.status_code, row.status_code)
    page = DocumentPage(
        document=document, files=files, versions=versions,
        directives=list(with_related(document.directives.all(), "leader")
                        .prefetch_related("assignments__person").order_by("at", "id")),
        events=history,
        distributions=distributions,
        actions=available_actions(document, roles, access.reasons(document, user)),
        tasks=_tasks(document.pk), case_file=_case_file(document.filed_in), verifies=verifies)
    events.viewed(document, user, at=now)
    return page


@dataclass(frozen=True)
class Download:
    name: str
    content_type: str
    content: bytes


def attachment_file(user, document_id: int, attachment_id: int) -> Download | None:
    """An original attached to a document `user` may see, as stored; None otherwise."""
    if not access.can_see(user, document_id):
        return None
    found = Attachment.objects.filter(document_id=document_id, pk=attachment_id).select_related("blob").first()
    return None if found is None else Download(found.name, found.blob.content_type, bytes(found.blob.content))


def draft_file(user, document_id: int, number: int) -> Download | None:
    """A draft version's file (what reviewers and the signing authority read), for those who may see the document."""
    if not access.can_see(user, document_id):
        return None
    found = (DraftVersion.objects.filter(document_id=document_id, number=number, blob__isnull=False)
             .select_related("blob", "document").first())
    if found is None:
        return None
    extension = {"application/pdf": "pdf"}.get(found.blob.content_type, "bin")
    return Download(f"du-thao-{document_id}-v{number}.{extension}", found.blob.content_type, bytes(found.blob.content))


# --- the forms' choices and the steps made of two actions ---

def leaders() -> list[tuple[int, str]]:
    """The unit's leaders: whom a document is presented to, who signs."""
    return members_with_role(connection.tenant, "leader")


def assignable() -> list[tuple[int, str]]:
    """Members a directive may assign work to (specialists and leaders)."""
    seen, people = set(), []
    for role in ("specialist", "leader", "clerk"):
        for pk, name in members_with_role(connection.tenant, role):
            if pk not in seen:
                seen.add(pk)
                people.append((pk, name))
    return sorted(people, key=lambda p: p[1])


def register_and_present(meta: Metadata, *, actor, files: tuple[FileInput, ...] = (),
                         leader_id: int | None = None) -> Document:
    """The clerk's registration, presented to a leader at once when one is chosen: both or neither."""
    with transaction.atomic():
        document = actions.register_incoming(meta, actor=actor, files=files)
        if leader_id:
            document = actions.present(document.pk, actor=actor, leader_id=leader_id)
    return document


def start_draft(meta: Metadata, *, actor, signing_authority_id: int | None, file: FileInput | None = None,
                note: str = "") -> Document:
    """A new outgoing draft with its first version when a file is given: both or neither."""
    with transaction.atomic():
        document = actions.create_outgoing(meta, actor=actor, signing_authority_id=signing_authority_id)
        if file is not None:
            document = actions.add_version(document.pk, actor=actor, note=note, file=file)
    return document
