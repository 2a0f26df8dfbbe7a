"""The form builder in the staff workspace, without code: a unit's administrator (and the ICT department on the
platform's address) searches the dictionary, adds fields, orders them, adds a conditional repeatable section, sees
the preview artefact the browser runtime runs, publishes (problems shown, nothing half-saved), starts the next version
and starts a form from a paper form's spreadsheet. Other roles are refused."""

import io

import pytest
from api_support import add_member
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from openpyxl import Workbook
from workspace_support import UnitClient

from core.modules.services import enable
from modules.forms.services import add_field, form_spec, get_form

LIST = "/m/forms/xay-dung/"


@pytest.fixture
def admin_client(unit_a):
    enable(unit_a, "forms")
    return UnitClient(unit_a, user=add_member(unit_a, "builder-admin", roles=("administrator",)))


def _create(client, code="1.001193", label="2026.1"):
    answer = client.post(LIST, {"action": "create", "procedure_code": code, "version_label": label,
                                "title_vi": "Tờ khai đăng ký khai sinh"})
    assert answer.status_code == 302, answer.content.decode()
    return int(answer["Location"].rstrip("/").rsplit("/", 1)[1])


def test_an_administrator_composes_previews_and_publishes_a_form(admin_client):
    add_field("has_siblings", type="boolean", label_vi="Có anh chị em ruột")
    form_id = _create(admin_client)
    page = f"{LIST}{form_id}/"
    assert admin_client.post(page, {"action": "add_section", "key": "nguoi_di_khai",
                                    "title_vi": "Người đi khai"}).status_code == 302
    # Search without tone marks, add two fields, put the second first, make one required.
    found = admin_client.get(page, {"q": "ho ten"}).content.decode()
    assert "full_name" in found
    for key in ("full_name", "phone", "has_siblings"):
        assert admin_client.post(page, {"action": "add_field", "field": key, "section": "nguoi_di_khai"}).status_code \
            == 302
    admin_client.post(page, {"action": "move_field", "section": "nguoi_di_khai", "index": "1", "up": "1"})
    admin_client.post(page, {"action": "edit_field", "section": "nguoi_di_khai", "index": "1", "required": "1",
                             "label_vi": "Họ tên người đi khai", "paper_page": "1", "paper_x": "40", "paper_y": "60",
                             "paper_width": "120"})
    admin_client.post(page, {"action": "add_section", "key": "anh_chi_em", "title_vi": "Anh chị em",
                             "repeatable": "1", "min_items": "1", "max_items": "5",
                             "visible_if": '{"==": [{"var": "has_siblings"}, true]}'})
    admin_client.post(page, {"action": "add_field", "field": "full_name", "section": "anh_chi_em"})
    spec = form_spec(form_id)
    first = spec["sections"][0]["fields"]
    assert [f["field"] for f in first] == ["phone", "full_name", "has_siblings"]
    assert first[1]["overrides"] == {"required": True} and first[1]["label_vi"] == "Họ tên người đi khai"
    assert first[1]["paper"] == {"page": 1, "x": 40, "y": 60, "width": 120}
    assert spec["sections"][1]["repeatable"] and spec["sections"][1]["visible_if"] == {
        "==": [{"var": "has_siblings"}, True]}
    # The preview is the artefact the runtime runs, shown before publishing.
    shown = admin_client.get(page).content.decode()
    assert 'id="preview-artefact"' in shown and "forms-runtime.js" in shown and "builder-preview.js" in shown
    # A bad edit is refused with the service's words and changes nothing.
    bad = admin_client.post(page, {"action": "add_field", "field": "khong_co", "section": "nguoi_di_khai"})
    assert bad.status_code == 400 and "khong_co" in bad.content.decode()
    bad_logic = admin_client.post(page, {"action": "add_section", "key": "x", "title_vi": "X", "visible_if": "{oops"})
    assert bad_logic.status_code == 400 and "JSON-logic" in bad_logic.content.decode()
    assert form_spec(form_id) == spec
    assert admin_client.post(page, {"action": "publish"}).status_code == 302
    assert get_form(form_id).status == "published"
    frozen = admin_client.post(page, {"action": "add_field", "field": "phone", "section": "anh_chi_em"})
    assert frozen.status_code == 400 and "không sửa được" in frozen.content.decode()
    # The next version starts from this one.
    answer = admin_client.post(page, {"action": "new_version", "version_label": "2026.2"})
    assert answer.status_code == 302
    next_id = int(answer["Location"].rstrip("/").rsplit("/", 1)[1])
    assert form_spec(next_id)["sections"] == form_spec(form_id)["sections"]


def test_publishing_an_empty_form_shows_the_services_problem(admin_client):
    form_id = _create(admin_client, label="rong")
    answer = admin_client.post(f"{LIST}{form_id}/", {"action": "publish"})
    assert answer.status_code == 400 and "chưa có trường nào" in answer.content.decode()
    assert get_form(form_id).status == "draft"


def test_a_form_starts_from_a_paper_forms_spreadsheet(admin_client):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã trường", "Nhãn", "Kiểu", "Bắt buộc", "Phần", "Trang", "X", "Y", "Rộng"])
    sheet.append(["full_name", "", "", "x", "Người khai", 1, 40, 60, 120])
    sheet.append(["", "Số điện thoại", "", "", "Người khai", 1, 40, 70, 60])
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    content.name = "mau-giay.xlsx"
    answer = admin_client.post(LIST, {"action": "import", "procedure_code": "1.000894", "version_label": "giay",
                                      "title_vi": "Tờ khai", "sheet": content})
    assert answer.status_code == 302, answer.content.decode()
    form_id = int(answer["Location"].rstrip("/").rsplit("/", 1)[1])
    assert [f["field"] for f in form_spec(form_id)["sections"][0]["fields"]] == ["full_name", "phone"]
    not_a_sheet = io.BytesIO(b"%PDF-1.4 not a workbook")
    not_a_sheet.name = "mau.xlsx"
    refused = admin_client.post(LIST, {"action": "import", "procedure_code": "1.000894", "version_label": "hong",
                                       "title_vi": "Tờ khai", "sheet": not_a_sheet})
    assert refused.status_code == 400


def test_only_administrators_and_the_ict_department_build_forms(unit_a, admin_client):
    specialist = UnitClient(unit_a, user=add_member(unit_a, "builder-specialist", roles=("specialist",)))
    assert specialist.get(LIST).status_code == 403
    assert admin_client.get(LIST).status_code == 200
    ict = get_user_model().objects.create_user("ict-forms")
    platform = Client(HTTP_HOST="localhost")
    platform.force_login(ict)
    assert platform.get(LIST).status_code == 403
    ict.user_permissions.add(Permission.objects.get(codename="change_formdefinition"))
    ict = get_user_model().objects.get(pk=ict.pk)  # permissions are cached on the instance
    platform.force_login(ict)
    assert platform.get(LIST).status_code == 200
    assert Client(HTTP_HOST="localhost").get(LIST).status_code == 302  # to sign in
