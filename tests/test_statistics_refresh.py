"""Units push their facts: every night through the periodic task (fanned out to the units that enabled the module), or
now with `egov statistics refresh`; either way running it again changes nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from onestop_support import HN
from test_statistics_facts import receive_one, statistics_office

from core.modules.services import set_settings
from modules.onestop.services.actions import perform
from modules.statistics.models import DailyFact, FactsDay
from modules.statistics.services import unit_report
from modules.statistics.tasks import refresh_facts
from tenants.unit_tasks import fan_out_task, ready_unit_schemas


def _rows(unit) -> list[dict]:
    return list(DailyFact.objects.filter(unit=unit).order_by("day", "procedure_code").values(
        "day", "procedure_code", "received_counter", "received_online", "resolved_early", "resolved_on_time",
        "in_progress_on_time", "in_progress_overdue"))


@pytest.fixture
def recent(unit_a, unit_b):
    """Two units with the module on; A received two dossiers yesterday and resolved one of them."""
    people = statistics_office(unit_a)
    statistics_office(unit_b, catalogue=False)
    yesterday = timezone.localtime(timezone.now(), HN) - timedelta(days=1)
    first = receive_one(unit_a, people, "counter", yesterday)
    receive_one(unit_a, people, "online", yesterday)
    with tenant_context(unit_a):
        perform(first, "start", actor=people["receiving_officer"], at=yesterday + timedelta(minutes=5))
        perform(first, "approve", actor=people["leader"], at=yesterday + timedelta(minutes=10))
    return {"a": unit_a, "b": unit_b, "people": people, "yesterday": yesterday.date(),
            "today": timezone.localtime(timezone.now(), HN).date()}


def test_the_command_refreshes_a_day_and_running_it_again_changes_nothing(recent):
    unit, day = recent["a"], recent["yesterday"].isoformat()
    out = StringIO()
    call_command("statistics", "refresh", "--unit", unit.code, "--day", day, stdout=out)
    assert f"{unit.code}: 1 rows" in out.getvalue()
    first = _rows(unit)
    assert len(first) == 1 and (first[0]["received_counter"], first[0]["received_online"]) == (1, 1)
    for _ in range(2):
        call_command("statistics", "refresh", "--unit", unit.code, "--day", day, stdout=StringIO())
    assert _rows(unit) == first and DailyFact.objects.filter(unit=unit).count() == 1
    assert FactsDay.objects.filter(unit=unit).count() == 1


def test_without_arguments_every_enabled_unit_refreshes_its_recent_days(recent, make_unit):
    make_unit("91009", "Xã Chưa Bật Thống Kê")  # the module is off there: not refreshed
    out = StringIO()
    call_command("statistics", "refresh", stdout=out)
    assert "2 units refreshed" in out.getvalue()
    days = {recent["yesterday"], recent["today"]}  # days_back = 2: yesterday and today
    assert set(FactsDay.objects.filter(unit=recent["a"]).values_list("day", flat=True)) == days
    assert set(FactsDay.objects.filter(unit=recent["b"]).values_list("day", flat=True)) == days
    assert not FactsDay.objects.exclude(unit__in=[recent["a"], recent["b"]]).exists()
    total = unit_report(recent["a"], recent["yesterday"], recent["today"]).total
    assert (total.received, total.resolved, total.in_progress) == (2, 1, 1)


def test_the_command_refuses_what_it_cannot_do(recent, make_unit):
    make_unit("91009", "Xã Chưa Bật Thống Kê")
    for args, message in [
        (["--unit", "no-such-unit"], "no unit with code"),
        (["--unit", "91009"], "has not enabled"),
        (["--day", "2026-02-30"], "expected a date"),
        (["--from", "2026-03-02"], "go together"),
        (["--day", (recent["today"] + timedelta(days=2)).isoformat()], "in the future"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("statistics", "refresh", *args, stdout=StringIO(), stderr=StringIO())


def test_the_periodic_task_runs_nightly_for_the_units_that_enabled_the_module(recent):
    entry = settings.CELERY_BEAT_SCHEDULE["statistics.refresh"]
    assert entry["task"] == "tenants.unit_tasks.fan_out_task"
    assert entry["args"] == ("modules.statistics.tasks.refresh_facts",) and entry["kwargs"] == {"module": "statistics"}
    assert entry["schedule"] == crontab(minute="30", hour="0")
    assert ready_unit_schemas("statistics") == [recent["a"].schema_name, recent["b"].schema_name]
    # What a worker does for one unit: the unit's recent days, as many as its setting says.
    set_settings(recent["a"], "statistics", {"days_back": 3})
    assert refresh_facts(recent["a"].schema_name) == 2  # yesterday (received, resolved), today (still open)
    assert FactsDay.objects.filter(unit=recent["a"]).count() == 3
    before = _rows(recent["a"])
    refresh_facts.apply(args=(recent["a"].schema_name, [recent["yesterday"].isoformat()]))  # as a worker would
    assert _rows(recent["a"]) == before
    assert callable(fan_out_task)


def test_a_leader_refreshes_today_from_the_page(recent):
    unit = recent["a"]
    client = Client(HTTP_HOST="localhost")
    client.force_login(recent["people"]["leader"])
    response = client.post("/m/statistics/cap-nhat/", {"tu": recent["yesterday"].isoformat(), "nhom": "day"},
                           headers={"X-Egov-Unit": unit.code})
    assert response.status_code == 302
    assert response["Location"] == f"/m/statistics/?tu={recent['yesterday'].isoformat()}&nhom=day"
    assert FactsDay.objects.filter(unit=unit).count() == 2
    client.force_login(recent["people"]["specialist"])
    assert client.post("/m/statistics/cap-nhat/", headers={"X-Egov-Unit": unit.code}).status_code == 403
