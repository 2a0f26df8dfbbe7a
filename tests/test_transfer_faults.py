"""A transfer between units is applied exactly once whatever goes wrong around it: a worker killed in the middle of
the delivery, a broker restarting or losing its queued tasks, a receiving unit down for a while.

Real worker processes (tests/worker_process.py) on the configured broker: RabbitMQ when CELERY_BROKER_URL says so,
otherwise the database. The data is committed (the workers must see it) and cleaned up after each test.
"""

import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import kombu.pools
import pytest
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.db import connection, transaction
from django_tenants.utils import tenant_context
from kombu.exceptions import ChannelError
from sqlalchemy.engine import make_url
from worker_process import WorkerProcess, held_deliveries, hold_receiver, terminate_worker_backends

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.celery_app import app
from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans
from modules.onestop.services.transfers import TRANSFER, transfer
from modules.procedures.services.process import adopt_procedure
from tenants.messaging.models import InboxMessage, OutboxMessage, OutboxStatus
from tenants.messaging.tasks import MAX_RETRIES, redeliver_pending, retry_delay
from tenants.models import Unit, UnitStatus

pytestmark = pytest.mark.celery_worker

TIMEOUT = 45
HN = ZoneInfo("Asia/Ho_Chi_Minh")
PROC = "1.001612"
STEPS = [{"name": "Thẩm định", "role": "specialist", "days": 2}, {"name": "Ký duyệt", "role": "leader", "days": 1}]


# --- the broker ---

@dataclass
class Broker:
    url: str
    queue: str
    vhost: str = ""  # RabbitMQ: a virtual host of the test's own, whose connections it may cut

    @property
    def is_database(self) -> bool:
        return self.url.startswith("sqla+")

    @property
    def returns_unacknowledged(self) -> bool:
        """RabbitMQ gives a dead consumer's unacknowledged messages back at once; the database broker never, Redis
        after its visibility timeout (an hour): for those, the sweeper is what brings a lost delivery back."""
        return self.url.startswith(("amqp", "pyamqp"))

    def waiting(self) -> int:
        """Messages of the queue a worker could still take (the database broker's taken ones are invisible)."""
        with app.connection_for_write() as conn:
            try:
                return conn.default_channel.queue_declare(self.queue, passive=True).message_count
            except ChannelError:
                if self.url.startswith("redis"):
                    return 0  # Redis keeps no empty list: an empty queue is "not found"
                raise

    def lose_everything(self) -> int:
        """The database broker loses every message of the queue, taken or not, as a broker that restarts empty."""
        with connection.cursor() as cur:
            cur.execute("DELETE FROM kombu_message WHERE queue_id IN (SELECT id FROM kombu_queue WHERE name = %s)",
                        [self.queue])
            return cur.rowcount


def _configured_broker_url() -> str:
    url = app.conf.broker_url
    if url.startswith("sqla+"):
        # The database broker lives in the test database, not in the database the settings name.
        database = make_url(url.removeprefix("sqla+")).set(database=connection.settings_dict["NAME"])
        url = "sqla+" + database.render_as_string(hide_password=False)
    return url


def _reset_producer_pool():
    """Forget the connections to the previous broker URL, as Celery does in a forked child."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    sqla = sys.modules.get("kombu.transport.sqlalchemy")
    if sqla is not None:
        for engine, _session in sqla.Channel._engines.values():
            engine.dispose()
        sqla.Channel._engines.clear()


def _use_broker(monkeypatch, url: str, queue: str, vhost: str = ""):
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue", "worker_enable_remote_control")}
    app.conf.update(broker_url=url, task_default_queue=queue, worker_enable_remote_control=False)
    monkeypatch.setenv("CELERY_BROKER_URL", url)  # Celery reads the variable before its configuration
    _reset_producer_pool()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_declare(queue, durable=True, auto_delete=False)
        conn.default_channel.queue_purge(queue)  # what a crashed earlier run left
    try:
        yield Broker(url, queue, vhost)
    finally:
        try:
            with app.connection_for_write() as conn:
                conn.default_channel.queue_purge(queue)  # the database broker keeps the messages it handed out
                conn.default_channel.queue_delete(queue)
        finally:
            _reset_producer_pool()
            app.conf.update(saved)


def _queue_name() -> str:
    return f"egov-test.{connection.settings_dict['NAME']}.faults"


@pytest.fixture
def broker(transactional_db, monkeypatch):
    """The configured broker, on a queue of this test database's own."""
    yield from _use_broker(monkeypatch, _configured_broker_url(), _queue_name())


def _rabbitmqctl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["rabbitmqctl", "-q", *args], capture_output=True, text=True, timeout=60, check=True)


@pytest.fixture
def own_broker(transactional_db, monkeypatch):
    """The configured broker; with RabbitMQ, in a virtual host of this test database's own, so that cutting every
    connection of that virtual host (a broker restart, as its clients see it) disturbs no one else."""
    url = _configured_broker_url()
    if url.startswith("sqla+"):
        yield from _use_broker(monkeypatch, url, _queue_name())
        return
    parts = urlsplit(url)
    if parts.scheme not in ("amqp", "pyamqp"):
        pytest.skip(f"no way to restart a {parts.scheme} broker from the tests")
    vhost = f"egov-test.{connection.settings_dict['NAME']}"
    try:
        _rabbitmqctl("add_vhost", vhost)
        _rabbitmqctl("set_permissions", "-p", vhost, parts.username or "guest", ".*", ".*", ".*")
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"rabbitmqctl cannot manage the broker here: {exc}")
    try:
        yield from _use_broker(monkeypatch, urlunsplit(parts._replace(path="/" + quote(vhost, safe=""))),
                               _queue_name(), vhost)
    finally:
        _rabbitmqctl("delete_vhost", vhost)


@pytest.fixture
def workers(transactional_db, tmp_path):
    """start(broker, **options) -> a ready worker process; every one is killed after the test (its end state is
    checked by then), and what their connections left in the database is ended before the test's units are dropped."""
    started: list[WorkerProcess] = []

    def start(broker: Broker, **options) -> WorkerProcess:
        worker = WorkerProcess(broker.queue, broker.url, tmp_path, **options)
        started.append(worker.start())
        return worker.wait_ready()

    start.started = started
    try:
        yield start
    finally:
        for worker in started:
            worker.kill()
        with connection.cursor() as cur:
            terminate_worker_backends(cur)


def wait_for(condition, what: str, workers=None, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    logs = "".join(f"\n--- {w.name} ---\n{w.log_tail()}" for w in (workers.started if workers else []))
    pytest.fail(f"did not {what} within {timeout}s (broker {app.conf.broker_url.split('@')[-1]}){logs}")


# --- two units and a dossier to transfer ---

@pytest.fixture
def offices(make_committed_unit):
    """(sender, receiver, people of the sender): both handle the procedure, committed."""
    forget_plans()
    import_sample()
    sender, receiver = make_committed_unit("91851", "Xã Gửi"), make_committed_unit("91852", "Huyện Nhận", "district")
    for unit in (sender, receiver):
        for module in ("catalogue", "procedures", "onestop"):
            enable(unit, module)
    adopt_procedure(sender, PROC, STEPS)
    adopt_procedure(receiver, PROC, [{"name": "Xử lý", "role": "leader", "days": 1}])
    people = {}
    for role in ["receiving_officer", "specialist"]:
        people[role] = User.objects.create_user(f"{role}-{sender.code}")
        grant_membership(people[role], sender, [role])
    yield sender, receiver, people
    forget_plans()


def _dossier(sender, people) -> str:
    with tenant_context(sender):
        dossier = receive(Application(PROC, "counter", "Nguyễn Văn An", applicant_phone="0912345678"),
                          actor=people["receiving_officer"], received_at=datetime(2026, 12, 7, 9, 0, tzinfo=HN))
        perform(dossier.code, "start", actor=people["receiving_officer"])
    return dossier.code


def _transfer(sender, receiver, people, code: str) -> None:
    with tenant_context(sender):
        transfer(code, actor=people["specialist"], to_unit_code=receiver.code, note="Chuyển huyện")


def _outbox(sender, code: str) -> OutboxMessage:
    with tenant_context(sender):
        return OutboxMessage.objects.get(kind=TRANSFER, payload__code=code)


def _delivered(sender, code: str) -> bool:
    return _outbox(sender, code).status == OutboxStatus.DELIVERED


def _received(receiver, code: str) -> tuple[int, int]:
    """(inbox rows, dossiers) the receiver has for the dossier."""
    with tenant_context(receiver):
        return (InboxMessage.objects.filter(kind=TRANSFER, payload__code=code).count(),
                Dossier.objects.filter(code=code).count())


def _sweep(sender) -> int:
    """The sweeper's run for the sending unit, as beat would queue it, here for messages of any age."""
    return redeliver_pending(sender.schema_name, older_than_seconds=0)


def _assert_applied_once(sender, receiver, code: str, attempts: int = 1) -> None:
    message = _outbox(sender, code)
    assert message.status == OutboxStatus.DELIVERED and message.attempts == attempts
    assert message.reply["accepted"] and message.reply["code"] == code
    assert _received(receiver, code) == (1, 1)
    with tenant_context(receiver):
        assert Dossier.objects.get(code=code).transferred_from == sender.code
    assert _sweep(sender) == 0  # nothing left pending


def _backends_alive(pids: list[int]) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids])
        return cur.fetchone()[0] > 0


def _held(receiver) -> list[int]:
    with connection.cursor() as cur:
        return held_deliveries(cur, receiver)


# --- the tests ---

@pytest.mark.parametrize("victim", ["worker", "pool process"])
def test_a_worker_killed_in_the_middle_of_a_delivery_leaves_it_to_be_applied_once(victim, broker, workers, offices):
    sender, receiver, people = offices
    code = _dossier(sender, people)
    first = workers(broker)
    with hold_receiver(connection.settings_dict, receiver):
        _transfer(sender, receiver, people, code)
        # The receiver has written its dossier and waits, its transaction open: the worker dies now.
        held = wait_for(lambda: _held(receiver), "start delivering the transfer", workers)
        if victim == "worker":
            first.kill()  # the worker and its pool, at once: nobody is left to give the message back
            assert not first.alive()
        else:
            assert len(first.kill_pool()) == 1  # the process running the task: the worker sees it die
    # The dead process's backend gets the lock, finds its client gone and rolls everything back.
    wait_for(lambda: not _backends_alive(held), "see the killed delivery's transaction end", workers)
    if victim == "worker":
        message = _outbox(sender, code)
        assert message.status == OutboxStatus.PENDING and message.attempts == 0
        assert _received(receiver, code) == (0, 0)
        workers(broker)
        if not broker.returns_unacknowledged:
            # The broker keeps the message it handed out invisible: only the sweeper brings this one back.
            assert broker.waiting() == 0
            assert _sweep(sender) == 1
        # RabbitMQ gives the unacknowledged message back when the dead worker's connection closes.
    # A worker that loses its pool process rejects the message back to the queue (reject_on_worker_lost).
    wait_for(lambda: _delivered(sender, code), "deliver the transfer again", workers)
    _assert_applied_once(sender, receiver, code)
    assert first.alive() == (victim != "worker")


@contextmanager
def _broker_down(broker: Broker):
    """The broker goes down, and is back when the block ends.

    RabbitMQ, as its clients see a restart: it closes every connection (the worker's and ours) and refuses new ones
    until the block ends; the durable queue keeps its messages. The database broker: it loses them all."""
    if broker.is_database:
        assert broker.lose_everything() == 2
        yield
        return
    _rabbitmqctl("set_vhost_limits", "-p", broker.vhost, '{"max-connections": 0}')
    try:
        _rabbitmqctl("close_all_connections", "-p", broker.vhost, "egov test: broker restart")
        yield
    finally:
        _rabbitmqctl("clear_vhost_limits", "-p", broker.vhost)


def test_a_broker_restart_loses_no_transfer_and_applies_none_twice(own_broker, workers, offices):
    broker = own_broker
    sender, receiver, people = offices
    busy, queued = _dossier(sender, people), _dossier(sender, people)
    worker = workers(broker)
    with ExitStack() as held:
        held.enter_context(hold_receiver(connection.settings_dict, receiver))
        _transfer(sender, receiver, people, busy)  # the worker's only slot is taken by this delivery, held open
        wait_for(lambda: _held(receiver), "start delivering the first transfer", workers)
        _transfer(sender, receiver, people, queued)  # and this one waits in the broker
        wait_for(lambda: broker.waiting() == 1, "see the second transfer wait in the broker", workers)
        with _broker_down(broker):
            held.close()  # the held delivery commits while the broker is down: its acknowledgement cannot be sent
            wait_for(lambda: _delivered(sender, busy), "finish the delivery it had started", workers)
    if broker.is_database:
        assert _outbox(sender, queued).status == OutboxStatus.PENDING and broker.waiting() == 0
        assert _sweep(sender) == 1  # the lost task, queued again
    # RabbitMQ kept both messages; the worker reconnects, takes the first again (nothing to do) and the second.
    wait_for(lambda: _delivered(sender, queued), "deliver the transfer queued before the restart", workers)
    _assert_applied_once(sender, receiver, busy)
    _assert_applied_once(sender, receiver, queued)
    assert worker.alive()


def test_a_receiving_unit_down_for_a_while_gets_the_transfer_once_it_is_back(broker, workers, offices):
    sender, receiver, people = offices
    code = _dossier(sender, people)
    workers(broker, retry_delay=0.2, retry_max_delay=1)
    with transaction.atomic():
        _transfer(sender, receiver, people, code)
        # The receiving unit goes down as the dossier leaves: the sender accepted it, the worker finds it down.
        Unit.objects.filter(pk=receiver.pk).update(status=UnitStatus.SUSPENDED)
    wait_for(lambda: _outbox(sender, code).attempts >= 3, "retry the delivery", workers)
    message = _outbox(sender, code)
    assert message.status == OutboxStatus.PENDING and f"unit {receiver.code} is not ready" in message.last_error
    assert _received(receiver, code) == (0, 0)

    Unit.objects.filter(pk=receiver.pk).update(status=UnitStatus.READY)
    wait_for(lambda: _delivered(sender, code), "deliver the transfer once the unit is back", workers)
    failures = _outbox(sender, code).attempts - 1
    assert failures >= 3
    _assert_applied_once(sender, receiver, code, attempts=failures + 1)


def test_a_transfer_still_undelivered_after_the_last_retry_comes_back_to_the_sender(broker, workers, offices):
    sender, receiver, people = offices
    code = _dossier(sender, people)
    workers(broker, retry_delay=0.05, retry_max_delay=0.2)
    with transaction.atomic():
        _transfer(sender, receiver, people, code)
        Unit.objects.filter(pk=receiver.pk).update(status=UnitStatus.SUSPENDED)  # and it stays down
    wait_for(lambda: _outbox(sender, code).status == OutboxStatus.FAILED, "give up after the last retry", workers)
    assert _outbox(sender, code).attempts == MAX_RETRIES + 1
    with tenant_context(sender):
        home = Dossier.objects.get(code=code)
        assert home.status == Status.IN_PROCESS and home.holder_unit_code == sender.code
        assert f"unit {receiver.code} is not ready" in home.transfer_failure
    assert _received(receiver, code) == (0, 0)


def test_the_retry_delay_doubles_up_to_ten_minutes_unless_set_otherwise(settings):
    assert [retry_delay(n) for n in (0, 1, 2, 9, 10, 12)] == [1, 2, 4, 512, 600, 600]
    settings.EGOV_MESSAGE_RETRY_DELAY, settings.EGOV_MESSAGE_RETRY_MAX_DELAY = 0.2, 1
    assert [retry_delay(n) for n in (0, 1, 2, 3)] == [0.2, 0.4, 0.8, 1]
