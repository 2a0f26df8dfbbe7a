"""A real Celery worker on the configured broker (RabbitMQ, Redis, or the database by default) runs the kernel's tasks."""

import os
import subprocess
import sys
import time

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun, task_received
from celery.worker import state as worker_state
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection, connections
from sqlalchemy.engine import make_url

from core.accounts.models import Role, User
from core.celery_app import app
from core.objectperms.models import UnitUserObjectPermission as UserObjectPermission
from tenants.models import Unit, UnitStatus
from tenants.services.provisioning import queue_provisioning
from tenants.services.units import UnitRecord, record_units
from tenants.unit_tasks import fan_out, unit_task

pytestmark = pytest.mark.celery_worker

TIMEOUT = 60


@unit_task()
def leave_a_mark(schema_name, label):
    """Writes, in whatever schema the connection is on, a row naming the label and that schema."""
    user = User.objects.get(username="worker-test")
    permission = Permission.objects.get(codename="view_role")
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO objectperms_unituserobjectpermission (user_id, permission_id, content_type_id, object_pk) "
            "VALUES (%s, %s, %s, %s || '@' || current_schema()) ON CONFLICT DO NOTHING",
            [user.pk, permission.pk, permission.content_type_id, label])


def marks(unit) -> set[str]:
    """The marks in the unit's own table, named with its schema: what the search path resolves cannot fool it."""
    with connection.cursor() as cur:
        cur.execute(f'SELECT object_pk FROM "{unit.schema_name}".{UserObjectPermission._meta.db_table}')
        return {row[0] for row in cur.fetchall()}


def wait_for(condition, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"the worker did not {what} within {timeout}s (broker {_broker_url().split('@')[-1]})")


def _broker_url() -> str:
    url = app.conf.broker_url
    if url.startswith("sqla+"):
        # The database broker lives in the test database, not in the database the settings name.
        database = make_url(url.removeprefix("sqla+")).set(database=connection.settings_dict["NAME"])
        url = "sqla+" + database.render_as_string(hide_password=False)
    return url


def _reset_producer_pool():
    """Forget the connections to the previous broker URL, as Celery does in a forked child."""
    kombu.pools.reset()  # closes every pooled connection and empties kombu's registry of pools
    app._pool = None
    app.amqp._producer_pool = None
    sqla = sys.modules.get("kombu.transport.sqlalchemy")
    if sqla is not None:  # the database broker keeps an engine (and its connections) per URL
        for engine, _session in sqla.Channel._engines.values():
            engine.dispose()
        sqla.Channel._engines.clear()


def _close_worker_connections(**kwargs):
    connections.close_all()  # runs in the worker's thread: closes that thread's connections


class _Tasks:
    """Tasks the embedded worker has taken and not finished, to wait for before a test's data is removed: a task's
    tail (provisioning makes a spare schema after the unit is ready) must not race the clean-up."""

    def __init__(self, queue: str):
        self.queue, self.running = queue, set()

    def received(self, request=None, **kwargs):
        self.running.add(request.id)

    def finished(self, task_id=None, **kwargs):
        self.running.discard(task_id)

    def waiting(self) -> int:
        with app.connection_for_write() as conn:
            try:
                return conn.default_channel.queue_declare(self.queue, passive=True).message_count
            except conn.channel_errors:
                return 0  # Redis keeps no empty queue

    def wait_idle(self) -> None:
        wait_for(lambda: not self.running and not self.waiting(), "finish its tasks")


@pytest.fixture(scope="module")
def worker(django_db_setup):
    """An embedded worker shared by the module's tests (each commits its data), consuming a queue of this test
    database's own, so that no other run's worker on a shared broker takes the tasks."""
    queue = f"egov-test.{connection.settings_dict['NAME']}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue", "worker_enable_remote_control")}
    app.conf.update(broker_url=_broker_url(), task_default_queue=queue, worker_enable_remote_control=False)
    _reset_producer_pool()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_declare(queue, durable=True, auto_delete=False)
        conn.default_channel.queue_purge(queue)  # what a crashed earlier run left
    tasks = _Tasks(queue)
    task_received.connect(tasks.received, weak=False)
    task_postrun.connect(tasks.finished, weak=False)
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        # Threads, not solo: a solo worker with late acks takes the next message only when its loop wakes (up to 10 s).
        with start_worker(app, pool="threads", concurrency=1, perform_ping_check=False, queues=[queue],
                          shutdown_timeout=30):
            yield tasks
            # The worker's loop sees a stop request when it next wakes: a message wakes it now, rather than its
            # next timer (up to 10 s). celery.backend_cleanup does nothing here (no result backend).
            worker_state.should_terminate = 0
            app.send_task("celery.backend_cleanup", queue=queue)
    finally:
        task_postrun.disconnect(_close_worker_connections)
        task_postrun.disconnect(tasks.finished)
        task_received.disconnect(tasks.received)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
        _reset_producer_pool()
        app.conf.update(saved)


@pytest.fixture
def idle_after(worker, transactional_db):
    """The worker, idle again before the test's committed data is removed."""
    yield worker
    worker.wait_idle()


def test_a_queued_provisioning_makes_the_unit_ready(idle_after):
    record_units([UnitRecord("91601", "Xã Hàng Đợi", "commune")])
    unit = Unit.objects.get(code="91601")
    queue_provisioning(unit)  # as the admin and the API do
    wait_for(lambda: Unit.objects.get(pk=unit.pk).status == UnitStatus.READY, "provision the unit")
    unit.refresh_from_db()
    assert unit.provisioned_method == "clone" and unit.failure_reason == ""
    assert Role.objects.filter(unit=unit).count() >= 5 and unit.domains.get().domain == "u-91601.localhost"


def test_unit_tasks_run_in_the_schema_of_their_unit(idle_after, make_committed_unit):
    a, b = make_committed_unit("91611"), make_committed_unit("91612")
    User.objects.create_user("worker-test")

    leave_a_mark.delay_for(a, "first")
    wait_for(lambda: marks(a), "run the task for one unit")
    assert marks(a) == {f"first@{a.schema_name}"} and marks(b) == set()

    assert fan_out(leave_a_mark, "second") == 2
    wait_for(lambda: len(marks(a)) == 2 and marks(b), "run the task fanned out to every unit")
    assert marks(a) == {f"first@{a.schema_name}", f"second@{a.schema_name}"}
    assert marks(b) == {f"second@{b.schema_name}"}


def test_tasks_queued_by_any_django_process_go_to_the_configured_broker():
    """The web process and `egov` commands never import the Celery app themselves; the task must still find it."""
    probe = ("import django; django.setup(); from django.conf import settings; "
             "from tenants.tasks import provision_unit_task as t; "
             "print(t.app.main, t.app.conf.broker_url == settings.CELERY_BROKER_URL)")
    env = dict(os.environ)  # DJANGO_SETTINGS_MODULE as the suite has it
    if not env.get("DATABASE_URL"):  # never start the embedded server for this
        env["DATABASE_URL"] = "postgres://unused@127.0.0.1:1/unused"
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120,
                            cwd=settings.BASE_DIR)
    assert result.stdout.split() == ["egov", "True"], result.stderr[-3000:]
