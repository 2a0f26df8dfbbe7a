"""Scale-out: a real Celery worker process (tests/worker_process.py), configured with the second database server
(EGOV_UNIT_DATABASES, tests/shard_support.py), runs a unit task for a unit placed there - the statistics module's
nightly refresh, which reads the unit's dossiers on its server and writes its facts on the platform's - and, beside
it, the same task for a unit on the platform's server: each unit's facts are its own. docs/ict/scale-out.md."""

import time
from datetime import date

import kombu.pools
import pytest
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.db import connection
from onestop_support import PROC, open_office
from shard_support import SHARD, place_unit, shard_server, shard_url  # noqa: F401 - fixtures
from sqlalchemy.engine import make_url
from worker_process import WorkerProcess, terminate_worker_backends

from core.celery_app import app
from modules.onestop.services.intake import Application, receive
from modules.statistics.models import DailyFact, FactsDay
from modules.statistics.tasks import refresh_facts
from tenants.services import entered

pytestmark = pytest.mark.celery_worker

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)
TIMEOUT = 60


def _reset_producers() -> None:
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(shard, transactional_db, tmp_path, monkeypatch):
    """(queue, worker): a worker process on the configured broker (the test database when it is the database),
    consuming a queue of this test's own, knowing server `shard1` as the installation's settings name it."""
    url = app.conf.broker_url
    if url.startswith("sqla+"):  # the database broker lives in the test database
        url = "sqla+" + make_url(url.removeprefix("sqla+")).set(
            database=connection.settings_dict["NAME"]).render_as_string(hide_password=False)
    queue = f"egov-test.{connection.settings_dict['NAME']}.scaleout"
    saved = app.conf.broker_url
    app.conf.update(broker_url=url)
    _reset_producers()
    monkeypatch.setenv("EGOV_UNIT_DATABASES", f"{SHARD}={shard_url()}")
    with app.connection_for_write() as conn:
        conn.default_channel.queue_declare(queue, durable=True, auto_delete=False)
        conn.default_channel.queue_purge(queue)
    process = WorkerProcess(queue, url, tmp_path).start()
    try:
        yield queue, process.wait_ready()
    finally:
        process.kill()
        with connection.cursor() as cur:
            terminate_worker_backends(cur)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
            conn.default_channel.queue_delete(queue)
        app.conf.update(broker_url=saved)
        _reset_producers()


def _receive(unit, clerk, names) -> None:
    with entered(unit):
        for name in names:
            receive(Application(PROC, "counter", name, applicant_phone="0912345678"), actor=clerk)


def test_a_worker_runs_a_unit_task_for_a_unit_on_the_second_server(place, worker):
    queue, process = worker
    there, here = place("91595", server=SHARD), place("91596", server="default")
    _receive(there, open_office(there)["receiving_officer"], ["Nguyễn Văn An", "Trần Thị Bình"])
    _receive(here, open_office(here, catalogue=False)["receiving_officer"], ["Lê Văn Cường"])

    for unit in (there, here):
        refresh_facts.apply_async(args=(unit.schema_name, [TODAY.isoformat()]), queue=queue)
    deadline = time.monotonic() + TIMEOUT
    while FactsDay.objects.filter(unit__in=[there, here], day=TODAY).count() < 2:
        if time.monotonic() > deadline or not process.alive():
            pytest.fail(f"the worker did not refresh both units' facts within {TIMEOUT}s:\n{process.log_tail()}")
        time.sleep(0.1)

    received = dict(DailyFact.objects.filter(day=TODAY, procedure_code=PROC, unit__in=[there, here])
                    .values_list("unit__code", "received_counter"))
    assert received == {there.code: 2, here.code: 1}  # read on each unit's own server, neither's of the other
    log = process.log_tail(200)
    assert "refresh_facts" in log and "succeeded" in log
