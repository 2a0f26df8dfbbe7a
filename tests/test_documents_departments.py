"""Departments inside a unit and their heads (issue 11, item 7): a head follows the routing of the ordinary
documents and the tasks of their department's people (or given to the department by name), a deputy granted the
department with django-guardian likewise; lists still filter in their own single query; secret documents stay with
those their routing names, who alone may act on them; nothing of a second unit's departments counts."""

import pytest
from api_support import add_member, gql
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from documents_support import incoming_meta, open_registry

from core.modules.services import enable
from modules.documents.models import Document, Status
from modules.documents.services import access, actions, departments, listing
from modules.documents.services.errors import DocumentsCode, DocumentsError
from modules.documents.services.inputs import AssignmentInput, ReportInput
from modules.worktasks import services as worktasks


@pytest.fixture
def office(unit_a):
    people = open_registry(unit_a)
    enable(unit_a, "worktasks")
    people["head"] = add_member(unit_a, f"head-{unit_a.code}", roles=("specialist",))
    people["deputy"] = add_member(unit_a, f"deputy-{unit_a.code}", roles=("specialist",))
    with tenant_context(unit_a):
        departments.define("Phòng Tư pháp", head_id=people["head"].pk, member_ids=[people["specialist"].pk])
        departments.define("Phòng Văn hóa", member_ids=[people["specialist2"].pk])
        yield people


def _directed(people, number, person=None, department="", confidentiality=""):
    doc = actions.register_incoming(incoming_meta(number=number, subject=f"Văn bản {number}",
                                                  confidentiality=confidentiality), actor=people["clerk"])
    actions.present(doc.pk, actor=people["clerk"], leader_id=people["leader"].pk)
    if confidentiality:
        actions.share(doc.pk, actor=people["clerk"], person_id=people["leader"].pk)
    actions.direct(doc.pk, actor=people["leader"], text="Giao xử lý",
                   assignments=[AssignmentInput("lead", getattr(person, "pk", None), department, 3)])
    return doc


def _seen(user) -> set[str]:
    user.__dict__.pop("_egov_departments", None)
    user.__dict__.pop("_egov_document_roles", None)
    return set(access.visible_to(user).values_list("subject", flat=True))


def test_a_head_sees_their_peoples_and_their_departments_documents_not_others_nor_secret_ones(office):
    _directed(office, 1, person=office["specialist"])          # their person
    _directed(office, 2, department="Phòng Tư pháp")          # their department by name
    _directed(office, 3, person=office["specialist2"])         # another department's person
    _directed(office, 4, person=office["specialist"], confidentiality="mat")  # secret: routing only
    assert _seen(office["head"]) == {"Văn bản 1", "Văn bản 2"}
    assert _seen(office["specialist"]) == {"Văn bản 1", "Văn bản 4"}
    assert _seen(office["deputy"]) == set()
    # A deputy let oversee the department (django-guardian's object permission) follows it as the head does.
    tu_phap = departments.define("Phòng Tư pháp", head_id=office["head"].pk, member_ids=[office["specialist"].pk])
    departments.let_oversee(tu_phap.pk, office["deputy"].pk)
    assert _seen(office["deputy"]) == {"Văn bản 1", "Văn bản 2"}
    # The head's list is still one query once the request knows their roles and departments.
    head = office["head"]
    list(listing.documents_for(head))
    with CaptureQueriesContext(connection) as queries:
        assert len(list(listing.documents_for(head))) == 2
    assert len(queries) == 1
    # The head sees, and is not given any step: acting stays with the routing.
    with pytest.raises(DocumentsError) as refused:
        actions.report(Document.objects.get(subject="Văn bản 1").pk, actor=head, body=ReportInput("Xong", True))
    assert refused.value.code == DocumentsCode.FORBIDDEN_ROLE


def test_a_head_finds_the_departments_documents_by_search_and_sees_their_tasks(office):
    _directed(office, 5, person=office["specialist"])
    from modules.documents.services.search import search_documents

    assert [d.subject for d in search_documents(office["head"], "van ban 5")] == ["Văn bản 5"]
    mine = worktasks.assign(title="Rà soát hồ sơ hộ tịch", assignee_id=office["specialist"].pk, actor=office["leader"],
                            days=2)
    by_name = worktasks.assign(title="Tổng hợp báo cáo", assignee_id=office["leader"].pk, actor=office["leader"],
                               department="Phòng Tư pháp", days=2)
    worktasks.assign(title="Lễ hội", assignee_id=office["specialist2"].pk, actor=office["leader"], days=2)
    overseen = set(worktasks.tasks().filter(worktasks.overseen_q(office["head"])).values_list("pk", flat=True))
    assert overseen == {mine.pk, by_name.pk}
    assert not worktasks.tasks().filter(worktasks.overseen_q(office["specialist2"])).exists()


def test_the_overseen_tasks_through_the_api(office, unit_a):
    worktasks.assign(title="Rà soát hồ sơ hộ tịch", assignee_id=office["specialist"].pk, actor=office["leader"], days=2)
    client = Client()
    client.force_login(office["head"])
    status, body = gql(client, "{ worktasksOverseen(first: 10) { totalCount edges { node { title } } } }", unit=unit_a)
    assert status == 200 and body["data"]["worktasksOverseen"]["totalCount"] == 1


def test_a_secret_document_is_acted_on_only_by_those_its_routing_names(office):
    clerk2 = add_member(connection.tenant, f"clerk2-{connection.tenant.code}", roles=("clerk",))
    secret = actions.register_incoming(incoming_meta(number=9, subject="Kế hoạch bảo vệ bí mật", confidentiality="mat"),
                                       actor=office["clerk"])
    # Another clerk holds the role of the step but is not named: refused as if there were no such document.
    with pytest.raises(DocumentsError) as refused:
        actions.present(secret.pk, actor=clerk2, leader_id=office["leader"].pk)
    assert refused.value.code == DocumentsCode.NOT_FOUND
    assert Document.objects.get(pk=secret.pk).status == Status.REGISTERED
    # Nor may a leader not presented to hand it on; the registering clerk may.
    with pytest.raises(DocumentsError):
        actions.share(secret.pk, actor=office["leader"], person_id=clerk2.pk)
    actions.share(secret.pk, actor=office["clerk"], person_id=clerk2.pk)
    actions.present(secret.pk, actor=clerk2, leader_id=office["leader"].pk)
    assert Document.objects.get(pk=secret.pk).status == Status.PRESENTED
    assert [e.action for e in secret.events.order_by("at", "id")] == ["register", "share", "present"]


def test_departments_refuse_bad_input_and_a_second_units_departments_grant_nothing(office, unit_a, unit_b):
    with pytest.raises(DocumentsError) as refused:
        departments.define("  ", head_id=office["head"].pk)
    assert refused.value.code == DocumentsCode.REQUIRED
    with pytest.raises(DocumentsError):
        departments.define("Phòng Nội vụ", head_id=office["head"].pk, member_ids=[999_999])
    assert [d for d in departments.overseen(office["deputy"])] == [(), ()]
    _directed(office, 6, person=office["specialist"])
    people_b = open_registry(unit_b)
    with tenant_context(unit_b):
        # In B, A's head heads nothing: B's department is its own, and A's documents are not B's.
        add_member(unit_b, office["head"].username, roles=("specialist",))
        departments.define("Phòng Tư pháp", head_id=office["head"].pk, member_ids=[people_b["specialist"].pk])
        assert _seen(office["head"]) == set()
    assert _seen(office["head"]) == {"Văn bản 6"}
