"""The papers page's button to reject data a shared database gave (modules/onestop/web/components.py, the same service
as onestopRejectLookedUpData): a receiving officer or a specialist sees a small form on each looked-up row, the
component then asks for paper and the dossier's history says who and why; a role that may not, a closed dossier, an
empty reason, a forged request without its CSRF token and another unit's member change nothing."""

import re
from html import unescape

from django_tenants.utils import tenant_context
from test_onestop_digitisation import (
    PDF,
    _receive,
    _rows,
    platform,  # noqa: F401 - a fixture the office needs
)
from test_onestop_digitisation import office as office_fixture  # noqa: F401 - a fixture
from workspace_support import UnitClient

from modules.onestop.models import Dossier, DossierEvent, Handling, Status
from modules.onestop.services import data_sources
from modules.onestop.services.digitisation import Part, Scan

RESIDENCE = "Giấy xác nhận cư trú"
WHY = "Nơi thường trú trong dữ liệu đã cũ, người nộp đã chuyển đến xã khác"


def _looked_up(office) -> str:
    """A dossier whose residence paper was looked up in the population database (the stand-in answered)."""
    with tenant_context(office["a"]):
        found = data_sources.look_up("population", "001090000001")
    assert found.usable
    return _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF)),
                             Part(RESIDENCE, database=found.as_part())]).code


def _urls(code: str) -> tuple[str, str]:
    page = f"/m/onestop/ho-so/{code}/giay-to/"
    return page, page + "tu-choi-du-lieu/"


def _untouched(office, code: str) -> bool:
    with tenant_context(office["a"]):
        rejected = DossierEvent.objects.filter(dossier__code=code, action="reject_looked_up_data").exists()
    return _rows(office, code)[RESIDENCE].handling == Handling.DATABASE and not rejected


def test_an_officer_rejects_looked_up_data_from_the_papers_page(office_fixture):  # noqa: F811
    office, people = office_fixture, office_fixture["people"]
    code = _looked_up(office)
    page_url, reject_url = _urls(code)
    officer = UnitClient(office["a"], people["receiving_officer"])
    page = officer.get(page_url).content.decode()
    forms = re.findall(r'<form method="post" class="reject-data".*?</form>', page, re.S)
    assert len(forms) == 1  # the looked-up row only, not the scanned one
    assert f'action="{reject_url}"' in forms[0] and 'maxlength="1000"' in forms[0] and "required" in forms[0]
    assert unescape(re.search(r'name="component" value="([^"]+)"', forms[0]).group(1)) == RESIDENCE

    # Refused, nothing changed: an empty reason, a component not taken from a database.
    empty = officer.post(reject_url, {"component": RESIDENCE, "reason": "   "})
    assert empty.status_code == 400 and "Nêu lý do dữ liệu khai thác không đúng" in empty.content.decode()
    scanned = officer.post(reject_url, {"component": "Giấy đề nghị", "reason": WHY})
    assert scanned.status_code == 400 and "khai thác từ cơ sở dữ liệu" in unescape(scanned.content.decode())
    assert _untouched(office, code)

    done = officer.post(reject_url, {"component": RESIDENCE, "reason": WHY})
    assert done.status_code == 302 and done["Location"] == page_url
    after = officer.get(page_url).content.decode()
    assert "Đã từ chối dữ liệu khai thác" in unescape(after) and 'class="reject-data"' not in after
    row = _rows(office, code)[RESIDENCE]
    assert (row.handling, row.database_code, row.lookup_reference) == (Handling.PAPER, "population", "DC-0001")
    assert WHY in row.fallback_reason and "yêu cầu nộp bản giấy" in row.fallback_reason
    with tenant_context(office["a"]):
        event = DossierEvent.objects.get(dossier__code=code, action="reject_looked_up_data")
    assert (event.actor_id, event.role_code, event.reason) == (people["receiving_officer"].pk, "receiving_officer", WHY)
    history = unescape(officer.get(f"/m/onestop/ho-so/{code}/").content.decode()).split('id="history"', 1)[1]
    assert "Từ chối dữ liệu khai thác, yêu cầu bản giấy" in history and WHY in history
    again = officer.post(reject_url, {"component": RESIDENCE, "reason": WHY})  # already paper
    assert again.status_code == 400


def test_who_may_not_reject_changes_nothing(office_fixture):  # noqa: F811
    office, people = office_fixture, office_fixture["people"]
    code = _looked_up(office)
    page_url, reject_url = _urls(code)
    form = {"component": RESIDENCE, "reason": WHY}
    # The leader checks no data: no button, and a forged post is refused by the service's role check.
    leader = UnitClient(office["a"], people["leader"])
    assert 'class="reject-data"' not in leader.get(page_url).content.decode()
    refused = leader.post(reject_url, form)
    assert refused.status_code == 403 and "Chỉ cán bộ tiếp nhận hoặc chuyên viên" in refused.content.decode()
    # Another unit's member: not on the first unit's address, and the dossier is not there on their own.
    stranger = office["people_b"]["receiving_officer"]
    assert UnitClient(office["a"], stranger).post(reject_url, form).status_code in (302, 403)
    assert UnitClient(office["b"], stranger).post(reject_url, form).status_code == 404
    # Without the CSRF token the page gave, as the other forms.
    browser = UnitClient(office["a"], people["specialist"], enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(page_url).content.decode()).group(1)
    assert browser.post(reject_url, form).status_code == 403
    assert _untouched(office, code)
    assert browser.post(reject_url, {**form, "csrfmiddlewaretoken": token}).status_code == 302  # the specialist may
    assert _rows(office, code)[RESIDENCE].handling == Handling.PAPER
    with tenant_context(office["b"]):
        assert not DossierEvent.objects.filter(dossier__code=code).exists()


def test_a_closed_dossier_keeps_its_papers(office_fixture):  # noqa: F811
    office, people = office_fixture, office_fixture["people"]
    code = _looked_up(office)
    page_url, reject_url = _urls(code)
    with tenant_context(office["a"]):
        Dossier.objects.filter(code=code).update(status=Status.RETURNED)
    officer = UnitClient(office["a"], people["receiving_officer"])
    assert 'class="reject-data"' not in officer.get(page_url).content.decode()
    closed = officer.post(reject_url, {"component": RESIDENCE, "reason": WHY})
    assert closed.status_code == 400 and "đã kết thúc" in closed.content.decode()
    assert _untouched(office, code)
