"""Who may download printed forms: the unit's staff only, each unit its own dossiers, nothing where the module is off.
The PDF addresses also come from the GraphQL API."""

import io
from datetime import date

import pytest
from api_support import add_member, codes, gql, issue_token
from django.test import Client
from django_tenants.utils import tenant_context
from pypdf import PdfReader
from test_printing_forms import APPLICANT, compact, flat, pdf_text, printing_office, receive_dossier

from core.modules.services import disable
from modules.onestop.services.actions import perform
from modules.printing import pdf

pytestmark = pytest.mark.skipif(not pdf.available(), reason="Pango is not installed: see docs/modules/printing.md")

FORMS = """query Forms($code: String!) {
  printingForms(dossierCode: $code) { number title circular paperSize url available unavailableReason }
}"""
REGISTER = """query Register($from: Date!, $to: Date!) { printingRegisterUrl(dateFrom: $from, dateTo: $to) }"""
REGISTER_XLSX = """query Register($from: Date!, $to: Date!) {
  printingRegisterUrl(dateFrom: $from, dateTo: $to, excel: true)
}"""


def fetch(path: str, unit, user=None, **headers):
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client.get(path, headers={"X-Egov-Unit": unit.code, **headers})


@pytest.fixture
def desk(unit_a):
    people = printing_office(unit_a)
    return unit_a, people, receive_dossier(unit_a, people)


def test_staff_download_the_receipt_as_pdf(desk):
    unit, people, dossier = desk
    response = fetch(f"/m/printing/01/{dossier.code}.pdf", unit, people["receiving_officer"])
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="mau-01-{dossier.code}.pdf"' in response["Content-Disposition"]
    assert flat(APPLICANT) in flat(pdf_text(response.content))
    register = fetch("/m/printing/06.pdf?from=2026-12-01&to=2026-12-31", unit, people["leader"])
    assert register.status_code == 200 and dossier.code in compact(pdf_text(register.content))


def test_a_program_downloads_with_its_token(desk):
    unit, people, dossier = desk
    client = Client(HTTP_HOST="localhost")
    client.force_login(people["specialist"])
    token = issue_token(client, unit=unit, unitCodes=[unit.code])
    response = Client(HTTP_HOST="localhost").get(f"/m/printing/06/{dossier.code}.pdf", headers={
        "X-Egov-Unit": unit.code, "Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_people_who_are_not_staff_of_the_unit_get_nothing(desk, unit_b):
    unit, _people, dossier = desk
    path = f"/m/printing/01/{dossier.code}.pdf"
    assert fetch(path, unit).status_code == 403  # not signed in
    stranger = add_member(unit_b, "leader-of-b", roles=("leader", "receiving_officer"))
    refused = fetch(path, unit, stranger)  # staff elsewhere
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "NOT_A_MEMBER"
    no_role = add_member(unit, "member-without-role", roles=())
    refused = fetch(path, unit, no_role)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "FORBIDDEN"
    assert fetch("/m/printing/06.pdf?from=2026-12-01&to=2026-12-31", unit, no_role).status_code == 403


def test_unit_b_cannot_print_unit_as_dossier(desk, unit_b):
    _unit, _people, dossier = desk
    staff_b = printing_office(unit_b)
    response = fetch(f"/m/printing/01/{dossier.code}.pdf", unit_b, staff_b["leader"])
    assert response.status_code == 404 and response.json()["error"]["code"] == "NOT_FOUND"
    register = fetch("/m/printing/06.pdf?from=2026-12-01&to=2026-12-31", unit_b, staff_b["leader"])
    assert register.status_code == 200 and dossier.code not in compact(pdf_text(register.content))
    status, body = gql(_client(staff_b["leader"]), FORMS, {"code": dossier.code}, unit=unit_b)
    assert codes(body) == ["NOT_FOUND"]


def test_where_the_module_is_off_its_addresses_answer_404(desk):
    unit, people, dossier = desk
    disable(unit, "printing")
    unit.refresh_from_db()
    response = fetch(f"/m/printing/01/{dossier.code}.pdf", unit, people["leader"])
    assert response.status_code == 404 and response.json()["error"]["code"] == "MODULE_NOT_ENABLED"
    assert fetch(f"/m/printing/01/{dossier.code}.pdf", unit).status_code == 404  # before any login is asked for
    status, body = gql(_client(people["leader"]), FORMS, {"code": dossier.code}, unit=unit)
    assert codes(body) == ["MODULE_NOT_ENABLED"]


def test_wrong_requests_get_clear_answers(desk):
    unit, people, dossier = desk
    clerk = people["receiving_officer"]
    not_applicable = fetch(f"/m/printing/03/{dossier.code}.pdf", unit, clerk)
    assert not_applicable.status_code == 409 and not_applicable.json()["error"]["code"] == "NOT_APPLICABLE"
    assert fetch(f"/m/printing/07/{dossier.code}.pdf", unit, clerk).status_code == 404
    assert fetch("/m/printing/01/91001-261207-9999.pdf", unit, clerk).status_code == 404
    for query in ("from=2026-12-31&to=2026-12-01", "from=2026-12-01", "from=hôm-nay&to=2026-12-01"):
        bad = fetch(f"/m/printing/06.pdf?{query}", unit, clerk)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "INVALID_PERIOD", query
    assert _client(clerk).post(f"/m/printing/01/{dossier.code}.pdf", headers={"X-Egov-Unit": unit.code}).status_code == 405


def _client(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def test_graphql_gives_the_forms_addresses_and_whether_they_apply(desk):
    unit, people, dossier = desk
    with tenant_context(unit):
        perform(dossier.code, "start", actor=people["receiving_officer"])
        perform(dossier.code, "request_supplement", actor=people["specialist"], reason="Thiếu giấy tờ",
                data={"items": ["Bản sao hợp đồng thuê nhà"]})
    client = _client(people["specialist"])
    status, body = gql(client, FORMS, {"code": dossier.code}, unit=unit)
    assert status == 200 and "errors" not in body, body
    forms = {f["number"]: f for f in body["data"]["printingForms"]}
    assert list(forms) == ["01", "02", "03", "04", "05", "06"]
    assert forms["05"]["title"] == "Thông báo dừng giải quyết hồ sơ" and forms["06"]["circular"] == "03/2025/TT-VPCP"
    assert forms["01"]["url"] == f"http://localhost/m/printing/01/{dossier.code}.pdf"
    assert forms["01"]["title"] == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" and forms["01"]["paperSize"] == "A5"
    assert {n for n, f in forms.items() if f["available"]} == {"01", "02", "06"}
    assert forms["03"]["unavailableReason"] and forms["04"]["unavailableReason"]
    supplement = client.get(forms["02"]["url"], headers={"X-Egov-Unit": unit.code})
    assert supplement.status_code == 200 and "Bản sao hợp đồng thuê nhà" in pdf_text(supplement.content)

    status, body = gql(client, REGISTER, {"from": "2026-12-01", "to": "2026-12-31"}, unit=unit)
    url = body["data"]["printingRegisterUrl"]
    assert url == "http://localhost/m/printing/register.pdf?from=2026-12-01&to=2026-12-31"
    register = client.get(url, headers={"X-Egov-Unit": unit.code})
    page = PdfReader(io.BytesIO(register.content)).pages[0].mediabox
    assert float(page.width) > float(page.height)  # A4 landscape
    status, body = gql(client, REGISTER_XLSX, {"from": "2026-12-01", "to": "2026-12-31"}, unit=unit)
    url = body["data"]["printingRegisterUrl"]
    assert url == "http://localhost/m/printing/register.xlsx?from=2026-12-01&to=2026-12-31"
    workbook = client.get(url, headers={"X-Egov-Unit": unit.code})
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK")  # an .xlsx is a zip
    assert 'attachment; filename="so-theo-doi-2026-12-01-2026-12-31.xlsx"' == workbook["Content-Disposition"]
    status, body = gql(client, REGISTER, {"from": "2026-12-31", "to": "2026-12-01"}, unit=unit)
    assert codes(body) == ["INVALID_ARGUMENT"]


def test_graphql_refuses_people_who_are_not_staff(desk, django_user_model):
    unit, _people, dossier = desk
    status, body = gql(Client(HTTP_HOST="localhost"), FORMS, {"code": dossier.code}, unit=unit)
    assert codes(body) == ["UNAUTHENTICATED"]
    no_role = add_member(unit, "member-without-role", roles=())
    assert codes(gql(_client(no_role), FORMS, {"code": dossier.code}, unit=unit)[1]) == ["PERMISSION_DENIED"]
    ict = django_user_model.objects.create_superuser("ict-printing", "ict@example.vn", None)
    assert codes(gql(_client(ict), FORMS, {"code": dossier.code}, unit=unit)[1]) == ["PERMISSION_DENIED"]
    assert codes(gql(_client(ict), REGISTER, {"from": str(date(2026, 12, 1)), "to": "2026-12-02"},
                     unit=unit)[1]) == ["PERMISSION_DENIED"]
