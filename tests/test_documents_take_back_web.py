"""The outgoing document's page asks a unit of the installation to give back a document sent by mistake (edXML
status 13, QCVN 102:2016), through recipient_status.take_back as the API does: the clerk alone sees the button, a
reason is required (nothing sent without one), the answer (15 given back) shows on the page. A secret document is
handed on from its page (share) to the person who may then act on it."""

import pytest
from django_tenants.utils import tenant_context
from documents_support import incoming_meta, open_registry
from test_exchange_units import _send, deliver_all
from workspace_support import UnitClient

from modules.documents.edxml import names as N
from modules.documents.models import Document, Status
from modules.documents.services import actions, recipient_status


@pytest.fixture
def sent(unit_a, unit_b):
    sender, _receiver = open_registry(unit_a), open_registry(unit_b)
    with tenant_context(unit_a):
        doc = _send(sender, unit_b, subject="Công văn gửi nhầm")
    deliver_all(unit_a, unit_b)
    return unit_a, unit_b, sender, doc


def _status(unit, doc) -> str:
    with tenant_context(unit):
        return recipient_status.statuses_of(doc.pk)[0]["status_code"]


def test_the_clerk_asks_a_recipient_to_give_a_document_back_from_its_page(sent):
    unit_a, unit_b, sender, doc = sent
    page = f"/m/documents/van-ban/{doc.pk}/"
    assert 'data-action="take_back"' not in UnitClient(unit_a, sender["leader"]).get(page).content.decode()
    clerk = UnitClient(unit_a, sender["clerk"])
    assert 'data-action="take_back"' in clerk.get(page).content.decode()
    before = _status(unit_a, doc)
    refused = clerk.post(f"{page}thao-tac/", {"action": "take_back", "unit_code": unit_b.code, "reason": " "})
    assert refused.status_code == 400 and "Cần nêu lý do" in refused.content.decode()
    assert _status(unit_a, doc) == before  # nothing asked
    wrong = clerk.post(f"{page}thao-tac/", {"action": "take_back", "unit_code": "99999", "reason": "Gửi nhầm"})
    assert wrong.status_code in (400, 404) and "không được gửi tới" in wrong.content.decode()
    leader = UnitClient(unit_a, sender["leader"]).post(f"{page}thao-tac/", {
        "action": "take_back", "unit_code": unit_b.code, "reason": "Gửi nhầm"})
    assert leader.status_code == 403 and _status(unit_a, doc) == before
    done = clerk.post(f"{page}thao-tac/", {"action": "take_back", "unit_code": unit_b.code, "reason": "Gửi nhầm"})
    assert done.status_code == 302 and _status(unit_a, doc) == N.TAKE_BACK
    assert 'data-action="take_back"' not in clerk.get(page).content.decode()  # asked: no second button
    deliver_all(unit_a, unit_b)
    shown = clerk.get(page).content.decode()
    assert f'data-recipient-status="{N.TAKE_BACK_ACCEPTED}"' in shown and "Gửi nhầm" in shown


def test_a_secret_document_is_handed_on_from_its_page(unit_a):
    people = open_registry(unit_a)
    with tenant_context(unit_a):
        secret = actions.register_incoming(incoming_meta(number=9, subject="Bảo vệ bí mật", confidentiality="mat"),
                                           actor=people["clerk"])
    page = f"/m/documents/van-ban/{secret.pk}/"
    assert UnitClient(unit_a, people["leader"]).get(page).status_code == 404
    clerk = UnitClient(unit_a, people["clerk"])
    assert 'data-action="share"' in clerk.get(page).content.decode()
    assert clerk.post(f"{page}thao-tac/", {"action": "share", "person": "abc"}).status_code == 400
    assert clerk.post(f"{page}thao-tac/", {"action": "share", "person": str(people["leader"].pk)}).status_code == 302
    assert UnitClient(unit_a, people["leader"]).get(page).status_code == 200
    with tenant_context(unit_a):
        assert Document.objects.get(pk=secret.pk).status == Status.REGISTERED  # handed on, not moved
