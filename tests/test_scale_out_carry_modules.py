"""Scale-out: a reorganisation whose old unit and successor are on two database servers (tests/shard_support.py), for
the modules that carry records besides the one-stop's (tests/test_scale_out_carry.py): incoming documents awaiting
action, unfinished case files and open tasks reach the successor with their numbers, codes, links and people; the
procedures' processes are adopted there; the old unit keeps its archive where it is; a bystander on either server
gets nothing. A module failing after the others' copies leaves nothing on either server and the re-run carries each
record once. Both ways. docs/ict/scale-out.md."""

from datetime import date, timedelta

import pytest
from casefiles_support import OPENED, file_with_documents, open_archive
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.db import connections
from django.test.utils import CaptureQueriesContext
from documents_support import incoming_meta
from onestop_support import PROC, open_office
from reorganisation_support import platform_commit_failing_after_the_step, receiver_added_last, write_plan
from shard_support import SHARD, foreign_tables_on, place_unit, shard_server  # noqa: F401 - fixtures

from core.modules.reorganisation import reorganisation_carry
from core.modules.services import enable
from core.platform_relations import with_related
from modules.casefiles import services as casefiles
from modules.casefiles.models import CaseFile, CaseFileEvent
from modules.documents.models import Direction, Document, Status
from modules.documents.services import actions
from modules.documents.services.inputs import FileInput
from modules.procedures.services.process import unit_process
from modules.statistics.models import FactsDay
from modules.worktasks import services as worktasks
from modules.worktasks.models import Task, TaskStatus
from tenants.database_servers import DEFAULT
from tenants.models import Forwarding, ReorganisationStep, Unit, UnitStatus
from tenants.services import entered, provisioning
from tenants.services.reorganisation import carry_out, load_plan_file
from tenants.services.unit_context import platform_connection

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)
LAST_DAY = TODAY - timedelta(days=1)  # the old unit's last day
LETTER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOTH_WAYS = ("old_on, new_on", [pytest.param(DEFAULT, SHARD, id="old-on-platform-new-on-second"),
                                pytest.param(SHARD, DEFAULT, id="old-on-second-new-on-platform")])


def _agency_to_carry(place, tmp_path, monkeypatch, codes: tuple[str, str, str, str], old_on: str, new_on: str,
                     incoming: bool = True):
    """An old unit on `old_on` with documents, case files, tasks and a one-stop process, a bystander on each server,
    and a plan carrying the old unit whole into a new unit provisioned on `new_on` (codes: old, bystander on old_on,
    bystander on new_on, new); no incoming document unless `incoming`. Returns (old, bystanders, plan, staff,
    records)."""
    old_code, near_code, far_code, new_code = codes
    monkeypatch.setattr(provisioning, "least_loaded", lambda: new_on)  # where the plan's new unit is provisioned
    old = place(old_code, server=old_on)
    bystanders = (place(near_code, server=old_on), place(far_code, server=new_on))
    open_office(old, people_suffix=f"os{old_code}")  # procedures: its process goes with the old unit's work
    staff = open_archive(old)
    enable(old, "worktasks")
    enable(old, "statistics")  # its carry closes the old unit's history off on the platform's server
    for bystander in bystanders:
        open_archive(bystander)
        enable(bystander, "worktasks")
    with entered(old):
        unfinished = file_with_documents(staff, "01.05", numbers=(1, 2) if incoming else ())
        finished = file_with_documents(staff, "01.06", numbers=(3,) if incoming else ())
        if incoming:
            casefiles.close_file(finished.pk, actor=staff["specialist"], at=OPENED)
        letter = incoming and actions.register_incoming(
            incoming_meta(4, subject="Về việc kiểm tra chợ"), actor=staff["clerk"],
            files=(FileInput("cong-van.pdf", LETTER, "application/pdf"),), at=OPENED)
        draft = actions.create_outgoing(incoming_meta(0, subject="Về việc báo cáo"), actor=staff["specialist"],
                                        signing_authority_id=staff["leader"].pk, at=OPENED)
        task = worktasks.assign("Kiểm tra hồ sơ đất đai", staff["specialist"].pk, actor=staff["leader"], days=5,
                                coworker_ids=[staff["specialist2"].pk], at=OPENED)
        worktasks.report(task.pk, actor=staff["specialist"], body="Đã kiểm tra 3 thửa", progress=40, at=OPENED)
        done = worktasks.assign("Họp giao ban", staff["specialist"].pk, actor=staff["leader"], days=1, at=OPENED)
        worktasks.close(done.pk, actor=staff["leader"], result="Đã họp", at=OPENED)
    plan = load_plan_file(write_plan(tmp_path / "plan.json", {
        "effective_on": TODAY.isoformat(), "decision": "Nghị quyết 9/2026/NQ-UBTVQH", "units": [
            {"code": new_code, "name": "Xã Kế Thừa", "kind": "commune", "parent_code": "",
             "old_units": [{"code": old_code, "succession": "full"}]}]}))
    return old, bystanders, plan, staff, {"file": unfinished, "letter": letter, "draft": draft, "task": task}


def _records_on(alias: str, unit) -> dict[str, list[tuple]]:
    """The unit's documents, case files and tasks, read on server `alias`'s own connection (in a step too, where a
    unit entered on another server holds `default`)."""
    schema = unit.schema_name
    queries = {
        "documents": f'SELECT direction, status, number, symbol, source_unit_code FROM "{schema}".documents_document',
        "casefiles": f'SELECT code, status FROM "{schema}".casefiles_casefile',
        "tasks": f'SELECT title, status, progress FROM "{schema}".worktasks_task'}
    with (platform_connection() if alias == DEFAULT else connections[alias]).cursor() as cur:
        out = {}
        for name, sql in queries.items():
            cur.execute(sql + " ORDER BY id")
            out[name] = cur.fetchall()
        return out


NOTHING = {"documents": [], "casefiles": [], "tasks": []}


def _carried(old, new, staff, records, archive: dict) -> None:
    """What a user of the successor relies on, and the old unit's archive kept where it is, everything closed."""
    awaiting = [row for row in archive["documents"] if row[0] == Direction.INCOMING and row[1] == Status.REGISTERED]
    with entered(new):
        arrived = Document.objects.filter(direction=Direction.INCOMING, source_unit_code=old.code)
        assert sorted(arrived.values_list("number", "symbol")) == sorted((r[2], r[3]) for r in awaiting)
        assert set(arrived.values_list("status", flat=True)) == {Status.REGISTERED}
        assert sorted(arrived.values_list("arrival_number", flat=True)) == list(range(1, len(awaiting) + 1))
        copy = arrived.get(source_document_id=records["letter"].pk)  # the link back to the original
        assert (copy.number, copy.subject) == (4, records["letter"].subject)
        assert [bytes(att.blob.content) for att in copy.attachments.all()] == [LETTER]
        taken = CaseFile.objects.get(code="01.05")
        assert (taken.status, taken.title, taken.keeper_id) == ("open", records["file"].title, staff["specialist"].pk)
        assert taken.plan_entry.code == "01.05" and old.name in taken.note
        assert CaseFileEvent.objects.get(case_file=taken, action="taken_over").data["from_unit"] == old.code
        task = with_related(Task.objects.filter(status=TaskStatus.OPEN), "assignee", "assigned_by").get()
        assert (task.title, task.progress, task.due_at) == ("Kiểm tra hồ sơ đất đai", 40, records["task"].due_at)
        assert (task.assignee.username, task.assigned_by.username) == (staff["specialist"].username,
                                                                       staff["leader"].username)
        assert list(task.coworkers.values_list("person_id", flat=True)) == [staff["specialist2"].pk]
        assert list(task.reports.values_list("author_id", "body")) == [(staff["specialist"].pk, "Đã kiểm tra 3 thửa")]
        assert not Task.objects.filter(title="Họp giao ban").exists()
    assert unit_process(new, PROC) is not None  # the old unit's process, adopted on the successor's server
    with entered(old):  # nothing deleted: the archive keeps every file, document and task, now closed
        kept = CaseFile.objects.get(code="01.05")
        assert kept.status == "closed" and kept.documents.count() == 2
        assert CaseFileEvent.objects.get(case_file=kept, action="handed_over").data["to_unit"] == new.code
        assert Document.objects.get(pk=records["letter"].pk).status == Status.COMPLETED
        assert Document.objects.get(pk=records["draft"].pk).status == Status.DRAFTING
        assert Task.objects.get(pk=records["task"].pk).status == TaskStatus.DONE
        assert Document.objects.count() == len(archive["documents"])
    old.refresh_from_db()
    assert old.status == UnitStatus.ARCHIVED and old.ended_on == TODAY
    assert FactsDay.objects.get(unit=old, day=LAST_DAY).procedures == 1  # its last day, computed in the step
    assert {f.kind for f in Forwarding.objects.filter(from_unit=old, to_unit=new)} == {
        "casefiles.file", "documents.document", "worktasks.task"}


@pytest.mark.parametrize(*BOTH_WAYS)
def test_documents_case_files_and_tasks_are_carried_across_servers(place, tmp_path, monkeypatch, old_on, new_on):
    codes = ("91641", "91642", "91643", "91644") if old_on == DEFAULT else ("91645", "91646", "91647", "91648")
    old, bystanders, plan, staff, records = _agency_to_carry(place, tmp_path, monkeypatch, codes, old_on, new_on)
    archive = _records_on(old_on, old)
    tables = foreign_tables_on(SHARD)

    with CaptureQueriesContext(connections[SHARD]) as there:
        outcome = carry_out(plan, TODAY)
    # People and units read on the platform's connection by key, never joined through the foreign tables.
    assert not [q["sql"] for q in there.captured_queries if any(f'"{table}"' in q["sql"] for table in tables)]

    assert outcome.failed == {} and outcome.done == [old.code]
    new = Unit.objects.get(code=codes[3])
    assert new.database == new_on and old.database == old_on
    _carried(old, new, staff, records, archive)
    for bystander in bystanders:
        assert _records_on(bystander.database, bystander) == NOTHING


@pytest.mark.parametrize(*BOTH_WAYS)
def test_a_module_failing_after_the_others_copies_leaves_nothing_on_either_server(place, tmp_path, monkeypatch,
                                                                                  old_on, new_on):
    codes = ("91651", "91652", "91653", "91654") if old_on == DEFAULT else ("91655", "91656", "91657", "91658")
    old, bystanders, plan, staff, records = _agency_to_carry(place, tmp_path, monkeypatch, codes, old_on, new_on)
    archive = _records_on(old_on, old)
    FactsDay.objects.filter(unit=old).delete()  # what enabling statistics computed: the step's own are looked for
    seen = []

    def later_module(unit, *, successors, effective):  # after documents', case files' and tasks' copies
        seen.append({name: len(rows) for name, rows in _records_on(new_on, successors[0].unit).items()})
        raise RuntimeError("a later module failed")

    with receiver_added_last(reorganisation_carry, "worktasks", later_module):
        failed = carry_out(plan, TODAY)

    new = Unit.objects.get(code=codes[3])
    assert new.database == new_on
    incoming = sum(1 for row in archive["documents"] if row[0] == Direction.INCOMING)
    assert seen == [{"documents": incoming, "casefiles": 1, "tasks": 1}]  # the copies had been written, in the step
    assert list(failed.failed) == [old.code] and "a later module failed" in failed.failed[old.code]
    assert _records_on(new_on, new) == NOTHING  # no copy left on the successor's server
    assert _records_on(old_on, old) == archive  # the old unit as it was on its own
    old.refresh_from_db()
    assert old.status == UnitStatus.READY and old.ended_on is None
    assert ReorganisationStep.objects.get(run=failed.run, old_unit=old).done_at is None
    assert not Forwarding.objects.filter(from_unit=old).exists()
    assert not FactsDay.objects.filter(unit=old).exists()  # the platform's part rolled back with the servers'

    again = carry_out(plan, TODAY)  # the failing module gone: the same plan resumes the step, each record once
    assert again.failed == {} and again.done == [old.code]
    _carried(old, new, staff, records, archive)
    for bystander in bystanders:
        assert _records_on(bystander.database, bystander) == NOTHING


@pytest.mark.parametrize("old_on", [pytest.param(DEFAULT, id="old-on-platform"), pytest.param(SHARD, id="both-on-second")])
def test_a_re_run_after_the_platforms_commit_failed_completes_the_step_each_record_once(place, tmp_path, monkeypatch,
                                                                                      old_on):
    """The window (docs/ict/scale-out.md): the successor's server (the second) committed its copies, the platform's
    commit failed; with the old unit on the same server its hand-overs were committed too. The same plan run again
    completes the step: the incoming documents, case files and tasks the successor holds from the old unit are taken
    as they are, none copied twice nor refused, and every record has its forwarding address. Before, the re-run
    refused until someone removed the copies by hand."""
    codes = ("91661", "91662", "91663", "91664") if old_on == DEFAULT else ("91665", "91666", "91667", "91668")
    old, bystanders, plan, staff, records = _agency_to_carry(place, tmp_path, monkeypatch, codes, old_on, SHARD)
    archive = _records_on(old_on, old)
    with platform_commit_failing_after_the_step():
        failed = carry_out(plan, TODAY)
    new = Unit.objects.get(code=codes[3])
    assert "went away at commit" in failed.failed[old.code]
    assert not Forwarding.objects.filter(from_unit=old).exists()
    copies = _records_on(SHARD, new)
    awaiting = [row for row in archive["documents"] if row[0] == Direction.INCOMING and row[1] == Status.REGISTERED]
    assert (len(copies["documents"]), len(copies["casefiles"]), len(copies["tasks"])) == (len(awaiting), 1, 1)
    assert (_records_on(old_on, old) == archive) is (old_on == DEFAULT)  # the hand-overs committed with them, or not

    again = carry_out(plan, TODAY)

    assert again.failed == {} and again.done == [old.code]
    assert _records_on(SHARD, new) == copies  # once
    _carried(old, new, staff, records, archive)
    with entered(new):
        originals = Document.objects.filter(source_unit_code=old.code).values_list("source_document_id", flat=True)
        documents = [("documents.document", str(pk)) for pk in originals]
    assert len(documents) == len(awaiting)
    assert sorted(Forwarding.objects.filter(from_unit=old, to_unit=new).values_list("kind", "key")) == sorted(
        [("casefiles.file", "2026/01.05"), ("worktasks.task", str(records["task"].pk)), *documents])
    for bystander in bystanders:
        assert _records_on(bystander.database, bystander) == NOTHING


@pytest.mark.parametrize("old_on", [DEFAULT, SHARD])
def test_a_split_between_successors_on_two_servers_is_whole(place, tmp_path, monkeypatch, old_on):
    """An old unit split between a successor on each server: each record goes where its text names (else to the
    larger share); a module failing after the copies leaves nothing on either successor, and the re-run carries each
    record once."""
    old_code, larger_code, named_code = ("91671", "91672", "91673") if old_on == DEFAULT else ("91675", "91676", "91677")
    servers = iter([DEFAULT, SHARD])  # the plan's new units are provisioned in code order: the larger share first
    monkeypatch.setattr(provisioning, "least_loaded", lambda: next(servers))
    old = place(old_code, server=old_on)
    staff = open_archive(old)
    enable(old, "worktasks")
    with entered(old):
        for subject in ("Về việc kiểm tra chợ Phường Mới M", "Về việc báo cáo quý"):
            actions.register_incoming(incoming_meta(4 if "chợ" in subject else 5, subject=subject),
                                      actor=staff["clerk"], at=OPENED)
        for title in ("Kiểm tra chợ Phường Mới M", "Tổng hợp báo cáo quý"):
            worktasks.assign(title, staff["specialist"].pk, actor=staff["leader"], days=3, at=OPENED)
    plan = load_plan_file(write_plan(tmp_path / "plan.json", {
        "effective_on": TODAY.isoformat(), "decision": "Nghị quyết 9/2026/NQ-UBTVQH", "units": [
            {"code": larger_code, "name": "Xã Mới N", "kind": "commune", "parent_code": "",
             "old_units": [{"code": old_code, "succession": "partial", "share": "0.6"}]},
            {"code": named_code, "name": "Phường Mới M", "kind": "commune", "parent_code": "",
             "old_units": [{"code": old_code, "succession": "partial", "share": "0.4"}]}]}))
    archive = _records_on(old_on, old)

    def later_module(unit, *, successors, effective):
        raise RuntimeError("a later module failed")

    with receiver_added_last(reorganisation_carry, "worktasks", later_module):
        failed = carry_out(plan, TODAY)

    larger, named = Unit.objects.get(code=larger_code), Unit.objects.get(code=named_code)
    assert (larger.database, named.database) == (DEFAULT, SHARD)
    assert "a later module failed" in failed.failed[old.code]
    assert _records_on(DEFAULT, larger) == NOTHING and _records_on(SHARD, named) == NOTHING
    assert _records_on(old_on, old) == archive

    assert carry_out(plan, TODAY).done == [old.code]
    for unit, subject, title in ((named, "Về việc kiểm tra chợ Phường Mới M", "Kiểm tra chợ Phường Mới M"),
                                 (larger, "Về việc báo cáo quý", "Tổng hợp báo cáo quý")):
        with entered(unit):
            assert list(Document.objects.values_list("subject", "source_unit_code")) == [(subject, old.code)]
            assert list(Task.objects.values_list("title", "carried_from")) == [(title, old.code)]
