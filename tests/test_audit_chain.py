"""The unit's audit log: append-only (the database refuses UPDATE, DELETE, TRUNCATE), each entry chained to the one
before by its hash, `egov audit verify` naming the first entry an edit or a deletion made directly in SQL broke,
`egov audit export` writing the log with its head, and one unit's log apart from another's."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import tenant_context

from core.audit import services as audit
from core.audit.chain import GENESIS
from core.audit.models import AuditEntry

SUITE_NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _three(actor=None):
    for i, action in enumerate(("register", "direct", "issue"), start=1):
        audit.record(action, object_type="documents.document", object_id=i, object_label=f"{i:02d}/QĐ-UBND",
                     actor=actor, data={"note": f"bước {i}"}, at=SUITE_NOW)


def _tamper(sql: str, params=()) -> None:
    """What someone with the database's owner rights could do: switch the guard off, change the table, switch it on."""
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")
        cur.execute(sql, params)
        cur.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_append_only")


def _verify(unit) -> str:
    out = []

    class Sink:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    try:
        call_command("audit", "verify", "--unit", unit.code, stdout=Sink())
    except CommandError:
        out.append("FAILED")
    return "".join(out)


def test_entries_chain_in_order_and_verify(unit_a):
    with tenant_context(unit_a):
        _three()
        rows = list(AuditEntry.objects.order_by("seq"))
        assert [r.seq for r in rows] == [1, 2, 3]
        assert rows[0].prev_hash == GENESIS
        assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:2]]
        result = audit.verify()
    assert (result.ok, result.entries, result.head) == (True, 3, rows[-1].hash)
    assert "OK: 3 entries" in _verify(unit_a)


@pytest.mark.parametrize("sql", ["UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry",
                                 "TRUNCATE audit_auditentry"])
def test_the_database_refuses_to_change_or_remove_entries(unit_a, sql):
    with tenant_context(unit_a):
        _three()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
        assert AuditEntry.objects.count() == 3


def test_an_edited_entry_is_named_by_verify(unit_a):
    with tenant_context(unit_a):
        _three()
        _tamper("UPDATE audit_auditentry SET data = %s WHERE seq = 2", [json.dumps({"note": "đã sửa"})])
        result = audit.verify()
    assert (result.ok, result.broken_seq, result.reason) == (False, 2, "content does not match its hash")
    assert "BROKEN at entry #2" in _verify(unit_a)


def test_an_edit_that_recomputes_its_own_hash_breaks_the_next_link(unit_a):
    with tenant_context(unit_a):
        _three()
        _tamper("UPDATE audit_auditentry SET hash = %s WHERE seq = 2", ["f" * 64])
        result = audit.verify()
    assert (result.broken_seq, result.reason) == (2, "content does not match its hash")


def test_a_deleted_entry_is_named_by_verify(unit_a):
    with tenant_context(unit_a):
        _three()
        _tamper("DELETE FROM audit_auditentry WHERE seq = 2")
        result = audit.verify()
    assert (result.ok, result.broken_seq) == (False, 3)
    assert "expected entry #2" in result.reason


def test_each_unit_has_its_own_log(unit_a, unit_b):
    with tenant_context(unit_a):
        _three()
        _tamper("DELETE FROM audit_auditentry WHERE seq = 1")
    with tenant_context(unit_b):
        assert AuditEntry.objects.count() == 0
        audit.record("register", object_type="documents.document", object_id=7, at=SUITE_NOW)
        assert AuditEntry.objects.get().seq == 1
    assert "BROKEN" in _verify(unit_a)
    assert "OK: 1 entries" in _verify(unit_b)


def test_who_what_when_and_export_with_head(unit_a, tmp_path):
    with tenant_context(unit_a):
        audit.record("view", object_type="documents.document", object_id=5, object_label="05/QĐ-UBND",
                     actor=None, at=datetime(2026, 11, 20, 3, 0, 0, 123456, tzinfo=SUITE_NOW.tzinfo))
        head = audit.verify().head
    out = tmp_path / "audit.jsonl"
    call_command("audit", "export", "--unit", unit_a.code, "--output", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["action"] == "view" and lines[0]["object_label"] == "05/QĐ-UBND"
    assert lines[0]["at"].startswith("2026-11-19T20:00:00.123456")
    assert lines[-1] == {"head": head, "entries": 1}
