"""What one unit writes, another unit never sees: rows, cache entries, tasks."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import ProgrammingError, connection, transaction
from django_tenants.utils import tenant_context

from core.accounts.models import Role, User
from core.objectperms.models import UnitUserObjectPermission as UserObjectPermission
from tenants import unit_tasks
from tenants.models import Unit, UnitStatus
from tenants.services.units import UnitRecord, record_units
from tenants.unit_tasks import WrongUnit, fan_out, unit_task

ran = []


@unit_task()
def note_schema(schema_name, label):
    """Writes a row in the unit it runs for and answers the schema it ran in."""
    ran.append(schema_name)
    user = User.objects.get(username=label)
    role = Role.objects.filter(unit__schema_name=schema_name).first()
    UserObjectPermission.objects.create(
        user=user, permission=Permission.objects.get(codename="view_role"),
        content_type=ContentType.objects.get_for_model(Role), object_pk=str(role.pk))
    with connection.cursor() as cur:
        cur.execute("SELECT current_schema()")
        return cur.fetchone()[0]


@pytest.fixture(autouse=True)
def _nothing_ran():
    ran.clear()
    yield
    ran.clear()


def object_permissions(unit) -> int:
    with tenant_context(unit), connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM objectperms_unituserobjectpermission")
        return cur.fetchone()[0]


def test_a_row_written_in_one_unit_is_absent_from_another(unit_a, unit_b):
    user = User.objects.create_user("isolation-user")
    role = Role.objects.get(unit=unit_a, code="leader")
    with tenant_context(unit_a):
        UserObjectPermission.objects.assign_perm("view_role", user, role)
        assert UserObjectPermission.objects.filter(user=user).count() == 1
    with tenant_context(unit_b):
        assert not UserObjectPermission.objects.filter(user=user).exists()
        with connection.cursor() as cur:
            cur.execute("SELECT current_schemas(false)")
            assert cur.fetchone()[0] == [unit_b.schema_name, "public"]
    assert (object_permissions(unit_a), object_permissions(unit_b)) == (1, 0)


def test_a_unit_table_is_not_reachable_from_the_platform(unit_a):
    with connection.cursor() as cur:
        cur.execute("SELECT current_schemas(false)")
        assert cur.fetchone()[0] == ["public"]
        with pytest.raises(ProgrammingError), transaction.atomic():
            cur.execute("SELECT count(*) FROM objectperms_unituserobjectpermission")


def test_cache_entries_are_per_unit(unit_a, unit_b):
    key = f"kernel-test-{uuid.uuid4().hex}"
    try:
        with tenant_context(unit_a):
            cache.set(key, "written in A", 60)
        with tenant_context(unit_b):
            assert cache.get(key) is None
            cache.set(key, "written in B", 60)
        with tenant_context(unit_a):
            assert cache.get(key) == "written in A"
        assert cache.get(key) is None  # nor on the platform
    finally:
        for unit in (unit_a, unit_b):
            with tenant_context(unit):
                cache.delete(key)


def test_a_unit_task_runs_in_the_schema_of_the_unit_it_names(unit_a, unit_b):
    User.objects.create_user("task-user")
    assert note_schema(unit_b.schema_name, "task-user") == unit_b.schema_name
    assert ran == [unit_b.schema_name]
    assert (object_permissions(unit_a), object_permissions(unit_b)) == (0, 1)
    assert connection.schema_name == "public"  # and the connection is handed back on the platform


def test_a_unit_task_refuses_to_run_in_another_units_schema(unit_a, unit_b, monkeypatch):
    User.objects.create_user("task-user")
    real = unit_tasks._unit_for
    monkeypatch.setattr(unit_tasks, "_unit_for", lambda schema: real(unit_b.schema_name))  # the wrong unit comes back
    with pytest.raises(WrongUnit, match=unit_a.schema_name):
        note_schema(unit_a.schema_name, "task-user")
    assert ran == [] and connection.schema_name == "public"
    assert (object_permissions(unit_a), object_permissions(unit_b)) == (0, 0)


@pytest.mark.parametrize("status", [UnitStatus.SUSPENDED, UnitStatus.ARCHIVED, UnitStatus.PROVISIONING,
                                    UnitStatus.FAILED])
def test_a_unit_task_for_a_unit_that_is_not_ready_is_skipped(unit_a, status):
    User.objects.create_user("task-user")
    Unit.objects.filter(pk=unit_a.pk).update(status=status)
    assert note_schema(unit_a.schema_name, "task-user") is None
    assert note_schema("u_no_such_unit", "task-user") is None
    assert ran == [] and object_permissions(unit_a) == 0


def test_fan_out_queues_once_per_ready_unit(make_unit):
    ready = [make_unit("91401"), make_unit("91403")]
    suspended = make_unit("91402")
    Unit.objects.filter(pk=suspended.pk).update(status=UnitStatus.SUSPENDED)
    record_units([UnitRecord("91404", "Xã Chưa Khởi Tạo", "commune")])

    class Recorder:
        queued = []

        def apply_async(self, args, kwargs):
            self.queued.append((args, kwargs))

    recorder = Recorder()
    assert fan_out(recorder, "x", flag=True) == 2
    assert recorder.queued == [((unit.schema_name, "x"), {"flag": True}) for unit in ready]


def test_documents_of_one_unit_are_invisible_and_untouchable_from_another(unit_a, unit_b):
    from api_support import gql
    from django.test import Client
    from documents_support import incoming_meta, open_registry

    from modules.documents.models import Document
    from modules.documents.services import actions

    people_a, people_b = open_registry(unit_a), open_registry(unit_b)
    with tenant_context(unit_a):
        doc = actions.register_incoming(incoming_meta(), actor=people_a["clerk"])
    client = Client()
    client.force_login(people_b["clerk"])
    listed = gql(client, "{ documents { totalCount } documentsOverdue { late } }", unit=unit_b)[1]
    assert listed["data"] == {"documents": {"totalCount": 0}, "documentsOverdue": []}
    one = gql(client, "query($id: ID!) { document(id: $id) { id } }", {"id": str(doc.pk)}, unit=unit_b)[1]
    assert [e["extensions"]["code"] for e in one["errors"]] == ["NOT_FOUND"]
    acted = gql(client, "mutation($id: ID!, $l: ID!) { documentsPresent(id: $id, leaderId: $l) { errors { code } } }",
                {"id": str(doc.pk), "l": str(people_b["leader"].pk)}, unit=unit_b)[1]
    assert acted["data"]["documentsPresent"]["errors"] == [{"code": "NOT_FOUND"}]
    assert gql(client, "{ documents { totalCount } }", unit=unit_a)[1]["error"]["code"] == "NOT_A_MEMBER"
    with tenant_context(unit_b):
        assert not Document.objects.exists()
    with tenant_context(unit_a):
        assert Document.objects.get().status == "registered"


def test_case_files_of_one_unit_are_invisible_and_untouchable_from_another(unit_a, unit_b):
    from api_support import gql
    from casefiles_support import file_with_documents, open_archive
    from django.test import Client

    from modules.casefiles.models import CaseFile

    people_a, people_b = open_archive(unit_a), open_archive(unit_b)
    with tenant_context(unit_a):
        case_file = file_with_documents(people_a)
    client = Client()
    client.force_login(people_b["archivist"])
    listed = gql(client, "{ casefiles { totalCount } casefileTransfers { id } casefileNotices { id } }", unit=unit_b)[1]
    assert listed["data"] == {"casefiles": {"totalCount": 0}, "casefileTransfers": [], "casefileNotices": []}
    one = gql(client, "query($id: ID!) { casefile(id: $id) { id } }", {"id": str(case_file.pk)}, unit=unit_b)[1]
    assert [e["extensions"]["code"] for e in one["errors"]] == ["NOT_FOUND"]
    closed = gql(client, "mutation($id: ID!) { casefilesClose(id: $id) { errors { code } } }",
                 {"id": str(case_file.pk)}, unit=unit_b)[1]
    assert closed["data"]["casefilesClose"]["errors"] == [{"code": "NOT_FOUND"}]
    assert gql(client, "{ casefilePlan(year: 2026) { id } }", unit=unit_a)[1]["error"]["code"] == "NOT_A_MEMBER"
    with tenant_context(unit_b):
        assert not CaseFile.objects.exists()
    with tenant_context(unit_a):
        assert CaseFile.objects.get().status == "open"


def test_tasks_of_one_unit_are_invisible_and_untouchable_from_another(unit_a, unit_b):
    from datetime import datetime

    from api_support import gql
    from django.test import Client
    from documents_support import HN, open_registry

    from core.modules.services import enable
    from modules.worktasks import services as worktasks
    from modules.worktasks.models import Task

    people_a, people_b = open_registry(unit_a), open_registry(unit_b)
    for unit in (unit_a, unit_b):
        enable(unit, "worktasks")
    with tenant_context(unit_a):
        task = worktasks.assign("Việc của A", people_a["specialist"].pk, actor=people_a["leader"], days=1,
                                at=datetime(2026, 10, 1, 9, 0, tzinfo=HN))
    client = Client()
    client.force_login(people_b["leader"])
    listed = gql(client, "{ worktasks { totalCount } worktasksLate { byPerson { key } byDepartment { key } } }",
                 unit=unit_b)[1]
    assert listed["data"] == {"worktasks": {"totalCount": 0}, "worktasksLate": {"byPerson": [], "byDepartment": []}}
    one = gql(client, "query($id: ID!) { worktask(id: $id) { id } }", {"id": str(task.pk)}, unit=unit_b)[1]
    assert [e["extensions"]["code"] for e in one["errors"]] == ["NOT_FOUND"]
    for mutation in ('worktasksReport(id: $id, body: "x", progress: 10)', "worktasksClose(id: $id)"):
        acted = gql(client, f"mutation($id: ID!) {{ {mutation} {{ errors {{ code }} }} }}", {"id": str(task.pk)},
                    unit=unit_b)[1]
        assert list(acted["data"].values())[0]["errors"] == [{"code": "NOT_FOUND"}]
    assigned = gql(client, "mutation($p: ID!) { worktasksAssign(title: \"x\", assigneeId: $p) { errors { code } } }",
                   {"p": str(people_a["specialist"].pk)}, unit=unit_b)[1]
    assert assigned["data"]["worktasksAssign"]["errors"] == [{"code": "NOT_A_MEMBER"}]
    assert gql(client, "{ worktasks { totalCount } }", unit=unit_a)[1]["error"]["code"] == "NOT_A_MEMBER"
    with tenant_context(unit_b):
        assert not Task.objects.exists()
    with tenant_context(unit_a):
        assert Task.objects.get().status == "open"


def test_signed_pdfs_of_one_unit_are_invisible_from_another_and_keys_are_the_units_own(unit_a, unit_b, tmp_path,
                                                                                      monkeypatch):
    import base64

    from api_support import add_member, gql
    from django.test import Client
    from signatures_support import PASSPHRASE, make_ca, pdf

    from core.modules.services import enable
    from modules.signatures.models import SignedPdf
    from modules.signatures.services import receive

    for unit in (unit_a, unit_b):
        enable(unit, "signatures")
    ca = make_ca(tmp_path, unit=unit_a.code, signers={"leader-a": "Nguyễn Văn An"})
    monkeypatch.setenv("EGOV_SIGNING_KEYS_DIR", str(ca.directory))
    monkeypatch.setenv("EGOV_SIGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("EGOV_SIGNING_DEV_TSA", str(ca.tsa))
    with tenant_context(unit_a):
        kept = receive(pdf(), "a.pdf")
    leader_b = add_member(unit_b, "leader-a", roles=("leader",))  # the same username, in the other unit
    client = Client()
    client.force_login(leader_b)
    one = gql(client, "query($id: ID!) { signedPdf(id: $id) { id } }", {"id": str(kept.pk)}, unit=unit_b)[1]
    assert [e["extensions"]["code"] for e in one["errors"]] == ["NOT_FOUND"]
    # unit A's keys are under its own code: a leader of unit B with the same username has none
    signed = gql(client, "mutation($c: String!) { signaturesSignPdf(name: \"b.pdf\", content: $c) { errors { code } } }",
                 {"c": base64.b64encode(pdf()).decode()}, unit=unit_b)[1]
    assert signed["data"]["signaturesSignPdf"]["errors"] == [{"code": "KEY_UNAVAILABLE"}]
    received = gql(client, "mutation($c: String!) { signaturesReceivePdf(name: \"b.pdf\", content: $c) { "
                   "signedPdf { id } errors { code } } }", {"c": base64.b64encode(pdf(signer="B")).decode()},
                   unit=unit_b)[1]["data"]["signaturesReceivePdf"]
    assert received["errors"] == []
    assert gql(client, "query($id: ID!) { signedPdf(id: $id) { id } }", {"id": str(kept.pk)},
               unit=unit_a)[1]["error"]["code"] == "NOT_A_MEMBER"
    with tenant_context(unit_a):
        assert list(SignedPdf.objects.values_list("name", flat=True)) == ["a.pdf"]
    with tenant_context(unit_b):
        assert list(SignedPdf.objects.values_list("name", flat=True)) == ["b.pdf"]
