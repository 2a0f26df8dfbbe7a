"""Outgoing numbers per series per calendar year (Decree 30, Art. 15): 01 again on 1 January, padded below 10,
separate series for secret documents and copies, gap-free under concurrent issuing; incoming numbers per year."""

import threading
from datetime import datetime

import pytest
import time_machine
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.db import connections
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, issue_one, open_registry, outgoing_meta

from modules.documents.models import Document, Series
from modules.documents.services import actions
from modules.documents.services.errors import DocumentsError


@pytest.fixture
def office(unit_a):
    people = open_registry(unit_a)
    with tenant_context(unit_a):
        yield people


def test_numbers_padded_and_restart_on_first_of_january(office):
    with time_machine.travel(datetime(2026, 12, 31, 16, 0, tzinfo=HN), tick=False):
        numbers = [issue_one(office).number_symbol for _ in range(10)]
    assert numbers[0] == "01/QĐ-91001" and numbers[8] == "09/QĐ-91001" and numbers[9] == "10/QĐ-91001"
    with time_machine.travel(datetime(2027, 1, 1, 0, 5, tzinfo=HN), tick=False):
        first = issue_one(office)
    assert (first.number, first.number_text, first.year) == (1, "01", 2027)
    assert first.issued_on.isoformat() == "2027-01-01"


def test_the_year_is_the_local_one_even_when_utc_is_still_the_old_year(office):
    # 06:30 on 1 January in Vietnam is 23:30 on 31 December in UTC.
    issue_one(office, at=datetime(2026, 12, 30, 9, 0, tzinfo=HN))
    doc = issue_one(office, at=datetime(2027, 1, 1, 6, 30, tzinfo=HN))
    assert (doc.year, doc.number) == (2027, 1)


def test_secret_documents_and_copies_have_their_own_series(office):
    ordinary = issue_one(office)
    secret = issue_one(office, outgoing_meta(confidentiality="mat"))
    copy = issue_one(office, outgoing_meta("ban_sao_y", is_copy=True))
    second = issue_one(office)
    assert (ordinary.series.code, secret.series.code, copy.series.code) == ("di", "di-mat", "di-sao")
    assert (ordinary.number, secret.number, copy.number, second.number) == (1, 1, 1, 2)


def test_a_series_for_a_normative_type_is_configured_per_unit(office):
    Series.objects.create(code="qd-qppl", name="Sổ quyết định QPPL", direction="outgoing", type_codes=["quyet_dinh"],
                          position=30)
    decision = issue_one(office, outgoing_meta("quyet_dinh"))
    plan = issue_one(office, outgoing_meta("ke_hoach"))
    assert (decision.series.code, decision.number, plan.series.code, plan.number) == ("qd-qppl", 1, "di", 1)


def test_without_a_matching_series_numbering_is_refused_and_nothing_changes(office):
    Series.objects.filter(code="di-mat").update(active=False)
    with pytest.raises(DocumentsError) as caught:
        issue_one(office, outgoing_meta(confidentiality="mat"))
    assert caught.value.code == "NO_SERIES" and "sổ đăng ký" in caught.value.message
    signed = Document.objects.get(confidentiality="mat")
    assert (signed.status, signed.number) == ("signed", None)


def test_incoming_numbers_are_consecutive_per_year_and_duplicates_flagged(office):
    clerk = office["clerk"]
    first = actions.register_incoming(incoming_meta(12), actor=clerk, at=datetime(2026, 12, 31, 9, 0, tzinfo=HN))
    again = actions.register_incoming(incoming_meta(12, symbol="qđ-ubnd"), actor=clerk,
                                      at=datetime(2026, 12, 31, 10, 0, tzinfo=HN))
    other_issuer = actions.register_incoming(incoming_meta(12, issuer="UBND huyện Nam Đàn"), actor=clerk,
                                             at=datetime(2026, 12, 31, 11, 0, tzinfo=HN))
    new_year = actions.register_incoming(incoming_meta(13), actor=clerk, at=datetime(2027, 1, 4, 8, 0, tzinfo=HN))
    assert [d.arrival_number for d in (first, again, other_issuer, new_year)] == [1, 2, 3, 1]
    assert (again.duplicate_of_id, other_issuer.duplicate_of_id, first.duplicate_of_id) == (first.pk, None, None)


THREADS, EACH = 6, 5


def test_concurrent_issuing_gives_distinct_gap_free_numbers(make_committed_unit):
    unit = make_committed_unit("91411", "Xã Nhiều Văn Bản")
    people = open_registry(unit)
    with tenant_context(unit):
        signed = []
        for _ in range(THREADS * EACH):
            doc = actions.create_outgoing(outgoing_meta(), actor=people["specialist"],
                                          signing_authority_id=people["leader"].pk)
            actions.add_version(doc.pk, actor=people["specialist"])
            for step, who in (("submit", "specialist"), ("review_content", "leader"), ("review_format", "clerk"),
                              ("approve", "leader"), ("sign", "leader")):
                getattr(actions, step)(doc.pk, actor=people[who])
            signed.append(doc.pk)
    barrier, errors = threading.Barrier(THREADS), []

    def clerk(ids):
        try:
            barrier.wait()
            with tenant_context(unit):
                for pk in ids:
                    actions.issue(pk, actor=people["clerk"])
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=(signed[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with tenant_context(unit):
        numbers = sorted(Document.objects.filter(status="issued").values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * EACH + 1))
