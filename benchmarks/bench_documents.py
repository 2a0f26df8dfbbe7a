"""Official-document figures (issue "Official documents"), from one run:

(a) numbering under load: ISSUED signed outgoing documents issued at once by WORKERS threads (each its own database
    connection and transaction); the numbers given are checked distinct and gap-free (1..ISSUED);
(b) the GraphQL list of 100 incoming documents with their routing (directive assignments) and attachments, signed in
    as the leader: SQL queries per request at page sizes 10 and 100 (they must be equal).
"""

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, connections
from django.test import Client
from django_tenants.utils import tenant_context

from core.accounts.services import grant_membership
from core.api.tokens import issue_personal_token
from core.modules.services import enable
from modules.documents.models import Document
from modules.documents.services import actions
from modules.documents.services.inputs import AssignmentInput, Metadata
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

HN = ZoneInfo("Asia/Ho_Chi_Minh")
UNIT_CODE = "B-DOCS"
ISSUED, WORKERS, LISTED = 200, 20, 100
QUERY = """query($first: Int) { documents(first: $first) { edges { node {
  id numberSymbol subject status arrivalNumber assignments { role personId dueAt } attachments { name sha256 } } } } }"""


def _setup():
    from django.contrib.auth import get_user_model

    ensure_template()
    record_units([UnitRecord(UNIT_CODE, "Văn phòng đo hiệu năng", "commune")])
    unit = Unit.objects.get(code=UNIT_CODE)
    provision_unit(unit)
    for module in ("doctypes", "documents"):
        enable(unit, module)
    users = get_user_model()
    people = {}
    for role in ("clerk", "leader", "specialist"):
        people[role] = users.objects.create_user(f"bench-docs-{role}")
        grant_membership(people[role], unit, [role])
    return unit, people


def _signed(people, n: int) -> list[int]:
    made = []
    for i in range(n):
        doc = actions.create_outgoing(Metadata("cong_van", f"Công văn đo số {i}"), actor=people["specialist"],
                                      signing_authority_id=people["leader"].pk)
        actions.add_version(doc.pk, actor=people["specialist"])
        for step, who in (("submit", "specialist"), ("review_content", "leader"), ("review_format", "clerk"),
                          ("approve", "leader"), ("sign", "leader")):
            getattr(actions, step)(doc.pk, actor=people[who])
        made.append(doc.pk)
    return made


def numbering(unit, people) -> list[tuple[str, str]]:
    with tenant_context(unit):
        ids = _signed(people, ISSUED)
    connections.close_all()
    barrier, errors = threading.Barrier(WORKERS), []

    def worker(share):
        try:
            barrier.wait()
            with tenant_context(unit):
                for pk in share:
                    actions.issue(pk, actor=people["clerk"])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(ids[i::WORKERS],)) for i in range(WORKERS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    with tenant_context(unit):
        numbers = sorted(Document.objects.filter(pk__in=ids).values_list("number", flat=True))
    distinct, gap_free = len(set(numbers)), numbers == list(range(1, ISSUED + 1))
    assert not errors and distinct == ISSUED and gap_free, (errors[:3], numbers[:5])
    return [
        (f"{ISSUED} outgoing documents issued by {WORKERS} concurrent workers: distinct numbers", str(distinct)),
        ("  numbers 1..N with no gap", "yes" if gap_free else "NO"),
        ("  issued per second (number, distribution, history, hook)", f"{ISSUED / elapsed:.0f}"),
    ]


class _Counted:
    def __init__(self):
        self.data = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.startswith("SET search_path"):
            self.data += 1
        return execute(sql, params, many, context)


def listing(unit, people) -> list[tuple[str, str]]:
    start = datetime(2026, 11, 2, 8, 0, tzinfo=HN)
    with tenant_context(unit):
        for i in range(LISTED):
            at = start + timedelta(minutes=i)
            doc = actions.register_incoming(Metadata("quyet_dinh", f"Văn bản đến {i}", number=i + 1,
                                                     symbol="QĐ-UBND", issuer_name="UBND tỉnh"),
                                            actor=people["clerk"], at=at)
            actions.present(doc.pk, actor=people["clerk"], leader_id=people["leader"].pk, at=at)
            actions.direct(doc.pk, actor=people["leader"], text="Xử lý", at=at, assignments=[
                AssignmentInput("lead", person_id=people["specialist"].pk, days=3),
                AssignmentInput("support", department="Văn phòng", days=2)])
    _, token = issue_personal_token(people["leader"], "bench", [UNIT_CODE])
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=UNIT_CODE, HTTP_AUTHORIZATION=f"Bearer {token}")
    counts, rows = {}, {}
    for first in (10, 100, 10, 100):  # the first pair warms per-process caches
        counted = _Counted()
        with connection.execute_wrapper(counted):
            body = client.post("/graphql/", {"query": QUERY, "variables": {"first": first}},
                               content_type="application/json").json()
        assert "errors" not in body, body
        counts[first], rows[first] = counted.data, len(body["data"]["documents"]["edges"])
    return [
        (f"GraphQL list with routing, page of {rows[10]}: SQL queries per request", str(counts[10])),
        (f"GraphQL list with routing, page of {rows[100]}: SQL queries per request", str(counts[100])),
    ]


def run() -> list[tuple[str, str]]:
    unit, people = _setup()
    return numbering(unit, people) + listing(unit, people)
