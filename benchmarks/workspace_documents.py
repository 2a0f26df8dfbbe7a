"""The documents section of `python -m benchmarks workspace`: the documents screens served through Django's full
stack (middleware, session, templates) on a unit holding DOCUMENTS documents, REQUESTS times each, p50 and p95 in ms:

(a) the incoming register (/m/documents/den/), unfiltered and filtered by issuer (without tone marks) and urgency;
(b) the work queues (/m/documents/?hang=waiting, to_sign, overdue) of a person who is the unit's clerk and leader
    and the signing authority of a tenth of the drafts;
(c) a document's page;
(d) the SQL queries of those pages at 100 documents and at DOCUMENTS: the same number (constant).

Documents are bulk-inserted copies (half incoming at every step of their flow, half outgoing drafts, a third of those
waiting for approval or signature), their dates spread over the year; registering 10,000 through the services would
take minutes and measure the services, not the pages."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.services import enable
from modules.documents.models import Access, Direction, Document, Status
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.units import UnitRecord, record_units

DOCUMENTS = 10_000
INCOMING = [Status.REGISTERED, Status.PRESENTED, Status.DIRECTED, Status.IN_PROGRESS, Status.COMPLETED]
OUTGOING = [Status.DRAFTING, Status.AWAITING_APPROVAL, Status.APPROVED, Status.ISSUED]
ISSUERS = ["UBND tỉnh Nghệ An", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài chính", "Huyện ủy Nam Đàn"]
URGENCY = ["", "", "", "khan", "thuong_khan", "hoa_toc"]


def _unit() -> tuple[Unit, User]:
    record_units([UnitRecord("B-DOCS", "Xã đo văn bản", "commune")])
    unit = Unit.objects.get(code="B-DOCS")
    provision_unit(unit)
    for module in ("doctypes", "documents"):
        enable(unit, module)
    person = User.objects.create_user("bench-documents", first_name="Đo", last_name="Văn thư")
    grant_membership(person, unit, ["clerk", "leader"])
    return unit, person


def _fill(unit: Unit, person: User, count: int, start: int) -> None:
    with tenant_context(unit):
        now, today = timezone.now(), timezone.localdate()
        rows = []
        for i in range(start, start + count):
            incoming = i % 2 == 0
            created = now - timedelta(hours=i % 8000)
            fields = {"type_code": "cong_van", "type_name": "Công văn", "symbol": "UBND-VP", "number": i + 1,
                      "subject": f"Về việc số {i} của kế hoạch chuyển đổi số", "urgency": URGENCY[i % len(URGENCY)],
                      "due_on": today + timedelta(days=(i % 60) - 30) if i % 3 == 0 else None,
                      "created_at": created, "updated_at": created}
            if incoming:
                rows.append(Document(direction=Direction.INCOMING, status=INCOMING[(i // 2) % len(INCOMING)],
                                     issuer_name=ISSUERS[i % len(ISSUERS)], arrival_year=2026, arrival_number=i + 1,
                                     arrived_at=created, presented_to_id=person.pk, **fields))
            else:
                fields["number"] = None
                rows.append(Document(direction=Direction.OUTGOING, status=OUTGOING[(i // 2) % len(OUTGOING)],
                                     signing_authority_id=person.pk if i % 10 == 1 else None, **fields))
        made = Document.objects.bulk_create(rows, batch_size=2000)
        Access.objects.bulk_create([Access(document=d, person_id=person.pk, reason="signer") for d in made
                                    if d.signing_authority_id], batch_size=2000)


def _client(unit: Unit, user: User) -> Client:
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
    client.force_login(user)
    return client


PAGES = {
    "incoming register": "/m/documents/den/",
    "incoming register, issuer without tone marks + urgency": "/m/documents/den/?co-quan=nong+nghiep&do-khan=khan",
    "queue 'waiting for me'": "/m/documents/?hang=waiting",
    "queue 'to approve and sign'": "/m/documents/?hang=to_sign",
    "queue 'overdue'": "/m/documents/?hang=overdue",
}


def run(queries, timed, target_ms: float) -> list[tuple[str, str]]:
    """`queries(client, path)` and `timed(client, path)` are the workspace benchmark's own measures."""
    unit, person = _unit()
    client = _client(unit, person)
    _fill(unit, person, 100, 0)
    small = {name: queries(client, path) for name, path in PAGES.items()}
    _fill(unit, person, DOCUMENTS - 100, 100)
    with tenant_context(unit):
        total = Document.objects.count()
        document_id = Document.objects.filter(direction=Direction.INCOMING).order_by("id").values_list(
            "id", flat=True).first()
    large = {name: queries(client, path) for name, path in PAGES.items()}
    figures = [("documents in the unit", f"{total:,}")]
    worst = 0.0
    for name, path in {**PAGES, "document page": f"/m/documents/van-ban/{document_id}/"}.items():
        p50, p95 = timed(client, path)
        worst = max(worst, p95)
        figures.append((f"documents: {name} p50 / p95 (ms)", f"{p50:.1f} / {p95:.1f}"))
    figures.append(("documents: slowest p95 of these pages (ms)",
                    f"{worst:.1f} (target < {target_ms}: {'met' if worst < target_ms else 'MISSED'})"))
    figures.append(("documents: SQL queries per page, 100 vs 10,000 documents",
                    ", ".join(f"{small[n]}/{large[n]}" for n in PAGES)
                    + (" (constant)" if small == large else " (NOT constant)")))
    return figures
