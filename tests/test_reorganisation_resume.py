"""`egov reorganise` killed mid-run (SIGKILL of a real process, inside an old unit's transaction) loses nothing and
duplicates nothing: running the same command again finishes the plan."""

import os
import signal
import subprocess
import sys
import time

import psycopg2
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from reorganisation_support import DISTRICT, PROVINCE, make_province, plan_data, write_plan
from worker_process import database_url

from core.accounts.models import Membership
from core.accounts.services import grant_membership
from tenants.messaging.models import OutboxMessage
from tenants.messaging.services import send
from tenants.models import CarriedMembership, ReorganisationStep, Unit, UnitStatus, UnitSuccession
from tenants.services import entered

TODAY = "2026-11-20"


def _egov(plan_file) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "DATABASE_URL": database_url(connection.settings_dict, "egov-test-reorganise"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen([sys.executable, "-m", "core.cli", "reorganise", "--plan", str(plan_file),
                             "--today", TODAY, "--verbosity", "0"], env=env, cwd=settings.BASE_DIR,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def _waiting_on_lock() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'egov-test-reorganise' "
                    "AND wait_event_type = 'Lock'")
        return cur.fetchone()[0] > 0


def test_a_run_killed_inside_an_old_units_transaction_resumes_without_loss_or_duplicates(
        make_committed_unit, tmp_path):
    units = make_province(make_committed_unit)
    people = []
    for n, code in enumerate(("95002", "95003", "95004")):
        person = get_user_model().objects.create_user(f"reorg-person-{n}")
        grant_membership(person, units[code], ["specialist"])
        people.append(person)
    with entered(units[PROVINCE]):
        for code in ("95002", "95003", "95004"):
            send(code, "reorgtest.note", {"code": f"to-{code}"})
        held = OutboxMessage.objects.get(receiver_code="95003").pk
    plan_file = write_plan(tmp_path / "plan.json", plan_data(TODAY))

    # Another connection holds the message to 95003: the run blocks inside 95003's transaction, after its
    # successions, its end and its people's memberships were written, when it re-addresses that message.
    blocker = psycopg2.connect(database_url(connection.settings_dict, "egov-test-blocker"))
    try:
        blocker.cursor().execute(f'SELECT 1 FROM "{units[PROVINCE].schema_name}".messaging_outboxmessage WHERE id = %s FOR UPDATE',
                        [held])
        process = _egov(plan_file)
        try:
            _wait_for(_waiting_on_lock)
            done = set(ReorganisationStep.objects.filter(done_at__isnull=False).values_list("old_unit__code", flat=True))
            assert done == {"95001", "95002"}  # continuing unit first, then the old ones by code
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    finally:
        blocker.rollback()
        blocker.close()

    # 95003 is as it was: nothing of its transaction survived.
    half = Unit.objects.get(code="95003")
    assert (half.ended_on, half.status) == (None, UnitStatus.READY)
    assert not UnitSuccession.objects.filter(predecessor=half).exists()
    assert not CarriedMembership.objects.filter(from_unit=half).exists()
    assert not Membership.objects.filter(user=people[1], unit__code="95001").exists()
    with entered(units[PROVINCE]):
        assert OutboxMessage.objects.get(pk=held).receiver_code == "95003"

    finished = _egov(plan_file)
    output = finished.communicate(timeout=600)[0].decode()
    assert finished.returncode == 0, output
    assert "đã xong từ lần trước: 2" in output
    assert set(Unit.objects.filter(ended_on__isnull=False).values_list("code", flat=True)) == {
        "95002", "95003", "95004", DISTRICT}
    assert UnitSuccession.objects.count() == 6
    assert CarriedMembership.objects.count() == 3  # one per person: none lost, none twice
    assert sorted(CarriedMembership.objects.values_list("to_unit__code", flat=True)) == ["95001", "95001", "95010"]
    with entered(units[PROVINCE]):
        assert sorted(OutboxMessage.objects.values_list("receiver_code", flat=True)) == ["95001", "95001", "95010"]
