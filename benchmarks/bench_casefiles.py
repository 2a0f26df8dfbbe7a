"""Case-file figures (issue "Official documents", item 5), from one run:

(a) archive numbering under load: FILES closed case files transferred to the current archive at once by WORKERS
    threads (each its own connection and transaction, one file per transfer); the archive numbers and the transfer
    numbers are checked distinct and gap-free (1..FILES);
(b) the GraphQL list of case files with their documents, signed in as the archivist: SQL queries per request at
    page sizes 10 and 100 (they must be equal).
"""

import threading
import time

from django.db import connection, connections
from django.test import Client
from django_tenants.utils import tenant_context

from core.accounts.services import grant_membership
from core.api.tokens import issue_personal_token
from core.modules.services import enable
from modules.casefiles import services as casefiles
from modules.documents.services import actions
from modules.documents.services.inputs import Metadata
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

UNIT_CODE = "B-FILES"
FILES, WORKERS = 200, 20
QUERY = """query($first: Int) { casefiles(first: $first) { edges { node {
  id code status archiveNumber transferDueOn retentionEndsOn documents { documentId numberSymbol subject } } } } }"""


def _setup():
    from django.contrib.auth import get_user_model

    ensure_template()
    record_units([UnitRecord(UNIT_CODE, "Lưu trữ cơ quan đo hiệu năng", "commune")])
    unit = Unit.objects.get(code=UNIT_CODE)
    provision_unit(unit)
    for module in ("doctypes", "documents", "casefiles"):
        enable(unit, module)
    users = get_user_model()
    people = {}
    for role in ("clerk", "specialist", "archivist"):
        people[role] = users.objects.create_user(f"bench-files-{role}")
        grant_membership(people[role], unit, [role])
    return unit, people


def _closed_files(people) -> list[int]:
    made = []
    for i in range(FILES):
        doc = actions.register_incoming(Metadata("quyet_dinh", f"Văn bản đến {i}", number=i + 1, symbol="QĐ-UBND",
                                                 issuer_name="UBND tỉnh"), actor=people["clerk"])
        entry = casefiles.add_plan_entry(2026, f"{i // 100 + 1:02d}.{i % 100 + 1:02d}", f"Hồ sơ đo {i}", 10)
        f = casefiles.open_file(entry.pk, actor=people["specialist"])
        casefiles.add_document(f.pk, doc.pk, actor=people["specialist"])
        casefiles.close_file(f.pk, actor=people["specialist"])
        made.append(f.pk)
    return made


def numbering(unit, people, ids: list[int]) -> list[tuple[str, str]]:
    connections.close_all()
    barrier, errors = threading.Barrier(WORKERS), []

    def worker(share):
        try:
            barrier.wait()
            with tenant_context(unit):
                for pk in share:
                    casefiles.transfer([pk], actor=people["archivist"])
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
        numbers = sorted(casefiles.files().filter(pk__in=ids).values_list("archive_number", flat=True))
        transfers = sorted(casefiles.transfers().values_list("number", flat=True))
    gap_free = numbers == list(range(1, FILES + 1)) and transfers == list(range(1, FILES + 1))
    assert not errors and gap_free, (errors[:3], numbers[:5])
    return [
        (f"{FILES} closed files transferred by {WORKERS} concurrent workers: distinct archive numbers",
         str(len(set(numbers)))),
        ("  archive and transfer numbers 1..N with no gap", "yes" if gap_free else "NO"),
        ("  transfers per second (numbers, status, history)", f"{FILES / elapsed:.0f}"),
    ]


class _Counted:
    def __init__(self):
        self.data = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.startswith("SET search_path"):
            self.data += 1
        return execute(sql, params, many, context)


def listing(people) -> list[tuple[str, str]]:
    _, token = issue_personal_token(people["archivist"], "bench", [UNIT_CODE])
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=UNIT_CODE, HTTP_AUTHORIZATION=f"Bearer {token}")
    counts, rows = {}, {}
    for first in (10, 100, 10, 100):  # the first pair warms per-process caches
        counted = _Counted()
        with connection.execute_wrapper(counted):
            body = client.post("/graphql/", {"query": QUERY, "variables": {"first": first}},
                               content_type="application/json").json()
        assert "errors" not in body, body
        counts[first], rows[first] = counted.data, len(body["data"]["casefiles"]["edges"])
    return [
        (f"GraphQL list of case files with their documents, page of {rows[n]}: SQL queries per request",
         str(counts[n])) for n in (10, 100)
    ]


def run() -> list[tuple[str, str]]:
    unit, people = _setup()
    with tenant_context(unit):
        ids = _closed_files(people)
    return numbering(unit, people, ids) + listing(people)
