"""An officer rejects data a shared database gave (the database answered, the data is wrong): the component falls back
to paper with the officer's reason, recorded like an automatic fallback, the history says who and why, and the
dossier no longer counts as reusing data; bad input changes nothing; another unit's member reaches nothing."""

from api_support import gql
from django_tenants.utils import tenant_context
from test_onestop_digitisation import (
    AT,
    PDF,
    _client,
    _receive,
    _rows,
    platform,  # noqa: F401 - a fixture the office needs
)
from test_onestop_digitisation import office as office_fixture  # noqa: F401 - a fixture

from modules.onestop.models import DossierComponent, DossierEvent, Handling
from modules.onestop.services import data_sources
from modules.onestop.services.digitisation import Part, Scan
from modules.statistics.services.facts import count_day

REJECT = """mutation($c: String!, $n: String!, $r: String!) {
  onestopRejectLookedUpData(code: $c, component: $n, reason: $r) {
    component { name handling database lookupReference fallbackReason } errors { code field } } }"""
RESIDENCE = "Giấy xác nhận cư trú"
WHY = "Nơi thường trú trong dữ liệu đã cũ, người nộp đã chuyển đến xã khác"


def _reject(user, unit, code, name=RESIDENCE, reason=WHY) -> dict:
    return gql(_client(user), REJECT, {"c": code, "n": name, "r": reason}, unit=unit)[1]["data"][
        "onestopRejectLookedUpData"]


def test_an_officer_rejects_looked_up_data_and_the_paper_is_asked_for(office_fixture):  # noqa: F811
    office, people = office_fixture, office_fixture["people"]
    with tenant_context(office["a"]):
        looked = data_sources.look_up("population", "001090000001")
    assert looked.usable
    code = _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF)), Part(RESIDENCE, database=looked.as_part())]).code
    with tenant_context(office["a"]):
        assert count_day(AT.date(), now=AT.replace(hour=18))["1.001612"]["received_reusing_data"] == 1

    # Refused, nothing changed: no reason, a component not taken from a database, a role that does not check data.
    assert _reject(people["receiving_officer"], office["a"], code, reason="  ")["errors"][0]["code"] == "REASON_REQUIRED"
    assert _reject(people["receiving_officer"], office["a"], code, name="Giấy đề nghị")["errors"][0]["code"] == (
        "NOT_LOOKED_UP")
    assert _reject(people["leader"], office["a"], code)["errors"][0]["code"] == "FORBIDDEN_ROLE"
    foreign = _reject(office["people_b"]["receiving_officer"], office["b"], code)
    assert foreign["errors"][0]["code"] == "NOT_FOUND"
    assert _rows(office, code)[RESIDENCE].handling == Handling.DATABASE

    done = _reject(people["specialist"], office["a"], code)
    assert done["errors"] == []
    assert (done["component"]["handling"], done["component"]["database"], done["component"]["lookupReference"]) == (
        "PAPER", "population", "DC-0001")  # the record looked up stays beside the fallback
    assert WHY in done["component"]["fallbackReason"] and "yêu cầu nộp bản giấy" in done["component"]["fallbackReason"]
    with tenant_context(office["a"]):
        event = DossierEvent.objects.get(dossier__code=code, action="reject_looked_up_data")
        assert (event.actor_id, event.role_code, event.reason) == (people["specialist"].pk, "specialist", WHY)
        figures = count_day(AT.date(), now=AT.replace(hour=18))["1.001612"]
    assert (figures["received_reusing_data"], figures["received_digitised"]) == (0, 0)  # a paper is now asked for
    again = _reject(people["receiving_officer"], office["a"], code)
    assert again["errors"][0]["code"] == "NOT_LOOKED_UP"
    with tenant_context(office["b"]):
        assert not DossierComponent.objects.exists() and not DossierEvent.objects.filter(dossier__code=code).exists()
