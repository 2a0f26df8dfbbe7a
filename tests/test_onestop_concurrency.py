"""Dossier codes stay unique and gap-free when several counters receive at the same moment."""

import threading

from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.db import connections
from django_tenants.utils import tenant_context
from modules_support import enable_modules

from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans
from modules.procedures.services.process import adopt_procedure

THREADS, EACH = 6, 8


def test_concurrent_intake_gives_gap_free_codes(make_committed_unit):
    unit = make_committed_unit("91401", "Xã Đông Người")
    import_sample()
    enable_modules(unit, "onestop")
    adopt_procedure(unit, "1.001612", [{"name": "Thẩm định", "role": "specialist", "days": 3}])
    forget_plans()
    barrier, errors = threading.Barrier(THREADS), []

    def counter():
        try:
            barrier.wait()
            with tenant_context(unit):
                for _ in range(EACH):
                    receive(Application("1.001612", "counter", "Công dân"))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=counter) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with tenant_context(unit):
        codes = list(Dossier.objects.values_list("code", flat=True))
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, THREADS * EACH + 1))
    assert len(set(codes)) == len(codes)
