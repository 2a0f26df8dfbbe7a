"""The dossier page's history reads in words (Vietnamese first), not in action codes: this unit's steps, a transfer,
the steps the other unit reported back (remote:<action>) and the dossier coming back; an unknown code shows as it is."""

import re

import pytest
from api_support import add_member, gql
from django.test import Client
from django.utils import translation
from django_tenants.utils import tenant_context
from onestop_support import deliver_pending, open_office, receive_at
from workspace_support import UnitClient

from modules.onestop.models import DossierEvent
from modules.onestop.services.actions import perform
from modules.onestop.services.history_labels import HISTORY_LABELS, history_label
from modules.onestop.services.plans import forget_plans
from modules.onestop.services.transfers import transfer
from modules.onestop.services.transitions import TRANSITIONS


@pytest.fixture(autouse=True)
def _fresh_plans():
    forget_plans()
    yield
    forget_plans()



EVENTS = """query One($code: String!) { onestopDossier(code: $code) { events { action actionLabel } } }"""


def _timeline(html: str) -> str:
    section = html.split('id="history"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"<[^>]+>", " ", section)


def test_every_action_of_the_rule_book_and_every_arrival_has_words():
    assert set(TRANSITIONS) | {"receive", "receive_transfer", "reorganise"} <= set(HISTORY_LABELS)
    with translation.override("vi"):
        assert history_label("receive_transfer") == "Nhận hồ sơ liên thông"
        assert history_label("remote:approve") == "Đơn vị liên thông: Duyệt, có kết quả"
        assert history_label("something_new") == "something_new"  # an unknown code as it is
        assert history_label("remote:") == "remote:"
    with translation.override("en"):
        assert history_label("receive_transfer") == "Transferred dossier received"
        assert history_label("remote:transfer_back") == "Other unit: Dossier back from the other unit"


def test_the_dossier_page_shows_the_history_in_words_not_codes(unit_a, unit_b):
    people = open_office(unit_a)
    open_office(unit_b, catalogue=False)
    leader_b = add_member(unit_b, "leader-b", roles=("leader", "receiving_officer"))
    code = receive_at(unit_a, people["receiving_officer"]).code
    with tenant_context(unit_a):
        perform(code, "start", actor=people["receiving_officer"])
        transfer(code, actor=people["specialist"], to_unit_code=unit_b.code, note="Chuyển liên thông")
    deliver_pending(unit_a)
    with tenant_context(unit_b):
        perform(code, "start", actor=leader_b)
        perform(code, "approve", actor=leader_b)
    deliver_pending(unit_b)
    with tenant_context(unit_a):
        codes = list(DossierEvent.objects.filter(dossier__code=code).values_list("action", flat=True))
    assert {"receive", "start", "transfer", "transfer_back"} <= set(codes)
    assert any(c.startswith("remote:") for c in codes)

    page = UnitClient(unit_a, user=people["specialist"]).get(f"/m/onestop/ho-so/{code}/")
    assert page.status_code == 200
    shown = _timeline(page.content.decode())
    for words in ("Tiếp nhận hồ sơ", "Chuyển xử lý", "Chuyển liên thông", "Nhận lại hồ sơ từ đơn vị liên thông",
                  "Đơn vị liên thông: Duyệt, có kết quả"):
        assert words in shown, words
    for raw in {*codes, "remote:"}:
        assert not re.search(rf"(?<![\w:]){re.escape(raw)}(?![\w:])", shown), raw
    # The other unit's own page reads in words too (its arrival from A).
    there = _timeline(UnitClient(unit_b, user=leader_b).get(f"/m/onestop/ho-so/{code}/").content.decode())
    assert "Nhận hồ sơ liên thông" in there and "receive_transfer" not in there
    # The API gives the same words beside the code, in the request's language.
    client = Client(HTTP_HOST="localhost")
    client.force_login(people["specialist"])
    body = gql(client, EVENTS, {"code": code}, unit=unit_a)[1]
    events = {e["action"]: e["actionLabel"] for e in body["data"]["onestopDossier"]["events"]}
    assert events["transfer_back"] == "Nhận lại hồ sơ từ đơn vị liên thông"
    english = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(people["specialist"])
    body = gql(english, EVENTS, {"code": code}, unit=unit_a)[1]
    events = {e["action"]: e["actionLabel"] for e in body["data"]["onestopDossier"]["events"]}
    assert events["transfer_back"] == "Dossier back from the other unit" and events["receive"] == "Dossier received"
