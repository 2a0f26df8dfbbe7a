"""Documents, case files and tasks in an administrative reorganisation (Dispatch 414/BNV-VTLTNN): unfinished files,
incoming documents awaiting action and open tasks go to the successor; finished ones stay in the ended agency's
archive; a hand-over list per successor (PDF, Excel); no outgoing number after the end; nothing deleted."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from casefiles_support import OPENED, file_with_documents, open_archive
from django.core.management import call_command
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, issue_one

from core.modules.hooks import send
from core.modules.reorganisation import Successor, reorganisation_carry, reorganisation_inventory
from core.modules.services import enable
from modules.casefiles import services as casefiles
from modules.casefiles.models import CaseFile, CaseFileEvent
from modules.documents.models import Direction, Document, Status
from modules.documents.services import actions
from modules.documents.services.errors import DocumentsError
from modules.documents.services.inputs import FileInput
from modules.worktasks import services as worktasks
from modules.worktasks.models import Task, TaskStatus
from tenants.models import Forwarding, UnitStatus, UnitSuccession
from tenants.services.forwarding import forward, forward_missing

EFFECTIVE = date(2026, 11, 20)
DECISION = "Nghị quyết 1656/NQ-UBTVQH15"
LETTER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def agencies(make_unit):
    units = {"A": make_unit("91101", "Xã Cũ A"), "N": make_unit("91201", "Xã Mới N"),
             "M": make_unit("91202", "Phường Mới M"), "X": make_unit("91002", "Xã Thử Nghiệm B")}
    people = {}
    for key, unit in units.items():
        people[key] = open_archive(unit)
        enable(unit, "worktasks")
    return units, people


def _end(unit):
    unit.ended_on, unit.status = EFFECTIVE, UnitStatus.ARCHIVED
    unit.save(update_fields=["ended_on", "status"])


def _lines(answers, module):
    return [line for name, lines in answers if name == module for line in lines]


def test_a_merge_hands_over_unfinished_work_with_its_lists_and_keeps_the_finished_in_the_archive(agencies, tmp_path):
    units, people = agencies
    a, n, x = units["A"], units["N"], units["X"]
    staff = people["A"]
    with tenant_context(a):
        unfinished = file_with_documents(staff, "01.05", numbers=(1, 2))
        finished = file_with_documents(staff, "01.06", numbers=(3,))
        casefiles.close_file(finished.pk, actor=staff["specialist"], at=OPENED)
        letter = actions.register_incoming(incoming_meta(4, subject="Về việc kiểm tra chợ"), actor=staff["clerk"],
                                           files=(FileInput("cong-van.pdf", LETTER, "application/pdf"),), at=OPENED)
        draft = actions.create_outgoing(incoming_meta(0, subject="Về việc báo cáo"), actor=staff["specialist"],
                                        signing_authority_id=staff["leader"].pk, at=OPENED)
        open_task = worktasks.assign("Kiểm tra hồ sơ đất đai", staff["specialist"].pk, actor=staff["leader"],
                                     days=5, coworker_ids=[staff["specialist2"].pk], at=OPENED)
        worktasks.report(open_task.pk, actor=staff["specialist"], body="Đã kiểm tra 3 thửa", progress=40, at=OPENED)
        done_task = worktasks.assign("Họp giao ban", staff["specialist"].pk, actor=staff["leader"], days=1,
                                     at=OPENED)
        worktasks.close(done_task.pk, actor=staff["leader"], result="Đã họp", at=OPENED)
        awaiting = Document.objects.filter(direction=Direction.INCOMING).count()
    UnitSuccession.objects.create(predecessor=a, successor=n, kind="full", effective_on=EFFECTIVE, decision=DECISION)
    into_n = (Successor(n, "full"),)

    dry = send(reorganisation_inventory, a, successors=into_n, effective=EFFECTIVE)
    assert [(line.count, line.successor) for line in _lines(dry, "casefiles")] == [(1, n.code), (1, None)]
    documents = _lines(dry, "documents")
    assert (documents[0].count, documents[0].successor) == (awaiting, n.code)
    assert documents[-1].needs_decision == 1 and documents[-1].details[0].startswith(f"{draft.pk}:")
    assert [(line.count, line.successor) for line in _lines(dry, "worktasks")] == [(1, n.code), (1, None)]
    with tenant_context(n):
        assert not Document.objects.exists() and not Task.objects.exists()  # the dry run moved nothing

    send(reorganisation_carry, a, successors=into_n, effective=EFFECTIVE)
    _end(a)

    with tenant_context(n):
        taken = CaseFile.objects.get(code="01.05")
        assert taken.status == "open" and taken.title == unfinished.title and a.name in taken.note
        arrived = Document.objects.filter(direction=Direction.INCOMING, source_unit_code=a.code)
        assert arrived.count() == awaiting and set(arrived.values_list("status", flat=True)) == {Status.REGISTERED}
        copy = arrived.get(source_document_id=letter.pk)
        assert (copy.number, copy.symbol, copy.subject) == (4, letter.symbol, letter.subject)
        assert [bytes(att.blob.content) for att in copy.attachments.all()] == [LETTER]  # the original bytes
        task = Task.objects.get(title="Kiểm tra hồ sơ đất đai")
        assert (task.status, task.progress, task.due_at) == (TaskStatus.OPEN, 40, open_task.due_at)
        assert list(task.coworkers.values_list("person_id", flat=True)) == [staff["specialist2"].pk]
        assert list(task.reports.values_list("body", flat=True)) == ["Đã kiểm tra 3 thửa"]
        assert not Task.objects.filter(title="Họp giao ban").exists()
    with tenant_context(a):  # nothing deleted: the archive keeps every file, document and task, now closed
        old = CaseFile.objects.get(code="01.05")
        assert old.status == "closed" and old.documents.count() == 2
        assert CaseFileEvent.objects.get(case_file=old, action="handed_over").data["to_unit"] == n.code
        assert Document.objects.get(pk=letter.pk).status == Status.COMPLETED
        assert Document.objects.get(pk=draft.pk).status == Status.DRAFTING
        assert Task.objects.get(pk=open_task.pk).status == TaskStatus.DONE
        assert Document.objects.count() == awaiting + 1

        unfinished_list = casefiles.handover_list(n.code)
        assert [row[1] for row in unfinished_list.rows] == ["01.05"] and unfinished_list.to_name == n.name
        assert unfinished_list.rows[0][5] == "2"  # its two documents, each named
        finished_list = casefiles.handover_list()
        assert [row[2] for row in finished_list.rows] == ["01.06"]
        assert casefiles.handover_pdf(unfinished_list).startswith(b"%PDF")
        assert casefiles.handover_xlsx(finished_list).startswith(b"PK")

        # No number after the decision takes effect: the draft cannot be issued by the ended agency.
        with pytest.raises(DocumentsError) as refused:
            issue_one(staff, at=datetime(2026, 11, 20, 14, 0, tzinfo=HN))
        assert refused.value.code == "UNIT_ENDED"
        assert not Document.objects.filter(direction=Direction.OUTGOING, number__isnull=False).exists()
    out = tmp_path / "ban-giao.xlsx"
    printed = StringIO()
    call_command("casefiles", "handover-list", "--unit", a.code, "--to", n.code, "--format", "xlsx",
                 "--out", str(out), stdout=printed)
    assert out.read_bytes().startswith(b"PK") and "(1 hồ sơ)" in printed.getvalue()
    assert {f.kind for f in Forwarding.objects.filter(from_unit=a)} == {
        "casefiles.file", "documents.document", "worktasks.task"}
    with tenant_context(x):  # the unrelated unit got nothing
        assert not Document.objects.exists() and not Task.objects.exists() and not CaseFile.objects.exists()


def test_a_split_sends_each_record_where_its_text_names_else_to_the_principal_successor(agencies):
    units, people = agencies
    a, n, m = units["A"], units["N"], units["M"]
    staff = people["A"]
    with tenant_context(a):
        worktasks.assign("Kiểm tra chợ Phường Mới M", staff["specialist"].pk, actor=staff["leader"], days=3,
                         at=OPENED)
        worktasks.assign("Tổng hợp báo cáo quý", staff["specialist"].pk, actor=staff["leader"], days=3, at=OPENED)
    split = (Successor(n, "partial", Decimal("0.6"), ("Xã Mới N",)),
             Successor(m, "partial", Decimal("0.4"), ("Phường Mới M",)))
    send(reorganisation_carry, a, successors=split, effective=EFFECTIVE)
    with tenant_context(m):
        assert list(Task.objects.values_list("title", flat=True)) == ["Kiểm tra chợ Phường Mới M"]
    with tenant_context(n):  # no place named: the largest share takes it
        assert list(Task.objects.values_list("title", flat=True)) == ["Tổng hợp báo cáo quý"]


def test_missing_forwarding_addresses_are_written_and_an_address_already_there_is_kept(unit_a, unit_b, make_unit):
    """forward_missing, what a reorganisation step's re-run writes for records an earlier attempt handed over
    (docs/ict/scale-out.md): only the addresses that are not there."""
    other = make_unit("91009", "Xã Thử Nghiệm Khác")
    forward("documents.document", "1", unit_a, unit_b)

    forward_missing("documents.document", [("1", other), ("2", unit_b)], unit_a)
    forward_missing("documents.document", [], unit_a)  # nothing to write: nothing written

    assert sorted(Forwarding.objects.filter(from_unit=unit_a).values_list("key", "to_unit")) == [
        ("1", unit_b.pk), ("2", unit_b.pk)]  # "1" kept where it was
    assert not Forwarding.objects.filter(from_unit__in=[unit_b, other]).exists()
