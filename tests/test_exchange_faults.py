"""An official document sent between units (an edXML envelope over tenants.messaging) is delivered exactly once when
the worker delivering it is killed in the middle of the delivery, and the recipient's statuses still come back.

Real worker processes (tests/worker_process.py) on the configured broker, as tests/test_transfer_faults.py runs
them; the data is committed and cleaned up after each test."""

import pytest
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.db import connection
from django_tenants.utils import tenant_context
from documents_support import issue_one, open_registry, outgoing_meta
from exchange_support import PDF
from test_transfer_faults import _backends_alive, _held, broker, wait_for, workers  # noqa: F401 - fixtures
from worker_process import hold_receiver

from modules.documents.edxml import names as N
from modules.documents.models import Distribution, Document
from modules.documents.services.delivery import DELIVER
from modules.documents.services.inputs import FileInput, RecipientInput
from tenants.messaging.models import InboxMessage, OutboxMessage, OutboxStatus
from tenants.messaging.tasks import redeliver_pending

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def registries(make_committed_unit):
    sender, receiver = make_committed_unit("91861", "Sở Gửi"), make_committed_unit("91862", "Sở Nhận")
    people = open_registry(sender)
    open_registry(receiver, "nhan")
    return sender, people, receiver


def _outbox(sender) -> OutboxMessage:
    with tenant_context(sender):
        return OutboxMessage.objects.get(kind=DELIVER)


def _received(receiver) -> tuple[int, int]:
    with tenant_context(receiver):
        return InboxMessage.objects.filter(kind=DELIVER).count(), Document.objects.count()


def _recipient_status(sender) -> str:
    with tenant_context(sender):
        return Distribution.objects.get().status_code


@pytest.mark.parametrize("victim", ["worker", "pool process"])
def test_a_worker_killed_in_the_middle_of_delivering_a_document_leaves_it_to_arrive_once(
        victim, broker, workers, registries):  # noqa: F811 - the fixtures imported above
    sender, people, receiver = registries
    first = workers(broker)
    with hold_receiver(connection.settings_dict, receiver):
        with tenant_context(sender):
            issued = issue_one(people, meta=outgoing_meta(), file=FileInput("qd.pdf", PDF, "application/pdf"),
                               recipients=[RecipientInput("", unit_code=receiver.code)])
        # The receiver has registered the document and waits, its transaction open: the worker dies now.
        held = wait_for(lambda: _held(receiver), "start delivering the document", workers)
        if victim == "worker":
            first.kill()
        else:
            assert len(first.kill_pool()) == 1
    wait_for(lambda: not _backends_alive(held), "see the killed delivery's transaction end", workers)
    if victim == "worker":
        assert _outbox(sender).status == OutboxStatus.PENDING and _received(receiver) == (0, 0)
        workers(broker)
        if not broker.returns_unacknowledged:
            assert redeliver_pending(sender.schema_name, older_than_seconds=0) == 1
    wait_for(lambda: _outbox(sender).status == OutboxStatus.DELIVERED, "deliver the document again", workers)
    assert _received(receiver) == (1, 1)
    with tenant_context(receiver):
        copy = Document.objects.get()
        assert (copy.source_unit_code, copy.source_document_id, copy.arrival_number) == (sender.code, issued.pk, 1)
    # The statuses the recipient wrote in the delivery that committed come back to the sender.
    wait_for(lambda: _recipient_status(sender) == N.REGISTERED, "hear the recipient registered it", workers)
    assert redeliver_pending(sender.schema_name, older_than_seconds=0) == 0
