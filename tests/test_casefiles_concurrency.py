"""Archive numbers under concurrent transfers: every file gets its own, and the numbers run 1..N with no gap."""

import threading

from casefiles_support import file_with_documents, open_archive
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.db import connections
from django_tenants.utils import tenant_context

from modules.casefiles import services as casefiles
from modules.casefiles.models import CaseFile

THREADS, EACH = 5, 4


def test_concurrent_transfers_give_distinct_gap_free_archive_numbers(make_committed_unit):
    unit = make_committed_unit("91421", "Xã Nhiều Hồ Sơ")
    people = open_archive(unit)
    with tenant_context(unit):
        ids = []
        for i in range(THREADS * EACH):
            f = file_with_documents(people, f"01.{i + 1:02d}", numbers=(i + 1,))
            casefiles.close_file(f.pk, actor=people["specialist"])
            ids.append(f.pk)
    barrier, errors = threading.Barrier(THREADS), []

    def archivist(share):
        try:
            barrier.wait()
            with tenant_context(unit):
                for pk in share:
                    casefiles.transfer([pk], actor=people["archivist"])
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=archivist, args=(ids[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with tenant_context(unit):
        numbers = sorted(CaseFile.objects.values_list("archive_number", flat=True))
        transfers = sorted(casefiles.transfers().values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * EACH + 1)) and transfers == numbers
