"""`egov doctor`: findings with advice - PostgreSQL's lock table too small for a whole-database dump, messages stuck
between units, a dependency down (exit status 1)."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import probes
from core.doctor import Level, run_checks
from core.doctor import postgres as pg_check
from core.doctor.runner import check_messages
from tenants.messaging.models import OutboxMessage
from tenants.services import entered


def test_a_lock_table_too_small_for_the_relations_gets_advice(db, monkeypatch):
    real = pg_check._setting
    monkeypatch.setattr(pg_check, "_setting", lambda cur, name: 1 if name == "max_locks_per_transaction"
                        else real(cur, name))
    locks = [f for f in pg_check.check_postgres() if "max_locks_per_transaction" in f.message]
    assert locks[0].level == Level.WARN and "set max_locks_per_transaction =" in locks[0].advice


def test_the_doctor_says_which_wal_mode_the_server_is_in(db):
    mode = [f for f in pg_check.check_postgres() if f.message.startswith("wal_level")]
    assert mode[0].level == Level.OK and "normal mode" in mode[0].message  # the test server: replica
    bulk = pg_check._wal_level_finding("minimal")
    assert bulk.level == Level.WARN and "bulk-provisioning mode" in bulk.message and "base backup" in bulk.advice


def test_messages_pending_too_long_are_reported(unit_a, unit_b):
    assert all(f.level == Level.OK for f in check_messages())
    with entered(unit_a):
        message = OutboxMessage.objects.create(receiver_code=unit_b.code, kind="test", payload={})
        OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(hours=2))
    found = check_messages()
    assert found[0].level == Level.WARN and "1 units hold messages pending" in found[0].message


def test_a_service_down_fails_the_doctor(db, monkeypatch):
    def down():
        raise ConnectionError("refused")

    monkeypatch.setitem(probes.CHECKS, "cache", down)
    assert any(f.level == Level.FAIL and f.area == "services" and "cache" in f.message for f in run_checks())
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("doctor", "--json", stdout=out)
    assert exited.value.code == 1
    assert {f["area"] for f in json.loads(out.getvalue())} >= {"settings", "services", "schemas", "messages", "disk",
                                                               "postgres"}
