"""The form builder through GraphQL: a unit's administrator drafts a form, edits it with the builder's actions,
publishes it and a citizen fills it through portalSubmitForm; an invalid draft is refused with each of its problems
and nothing stored; other roles, members of another unit and accounts without the platform grant are refused; the
ICT department with forms.change_formdefinition builds on the platform endpoint."""

import io
import json

import pytest
from api_support import add_member, codes, gql, headers
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from forms_support import published_household_form
from onestop_support import PROC, open_office
from openpyxl import Workbook
from workspace_support import UnitClient

from core.modules.services import enable
from core.rate_limits import RateLimit
from modules.forms.models import FormDefinition
from modules.forms.services import form_spec, get_form
from modules.onestop.services import online_limits
from modules.onestop.services.plans import forget_plans
from modules.portal.services import limits
from tenants.services import entered

PAYLOAD = "form { id status procedureCode versionLabel spec problems { field code message } } errors { field code " \
          "message }"
CREATE = "mutation($p: String!, $v: String!, $t: String!) { formsCreateForm(procedureCode: $p, versionLabel: $v, " \
         "titleVi: $t) { " + PAYLOAD + " } }"
EDIT = "mutation($id: ID!, $a: String!, $params: GenericScalar) { formsEditForm(formId: $id, action: $a, " \
       "params: $params) { " + PAYLOAD + " } }"
SAVE = "mutation($id: ID!, $spec: GenericScalar!) { formsSaveForm(formId: $id, spec: $spec) { " + PAYLOAD + " } }"
PUBLISH = "mutation($id: ID!) { formsPublishForm(formId: $id) { " + PAYLOAD + " } }"
SUBMIT = "mutation($p: String!, $d: GenericScalar!) { portalSubmitForm(procedureCode: $p, data: $d) { dossierCode " \
         "errors { field code } } }"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(unit_a, unit_b, monkeypatch):
    forget_plans()
    open_office(unit_a)
    for module in ("forms", "portal"):
        enable(unit_a, module)
    enable(unit_b, "forms")
    monkeypatch.setattr(limits, "SUBMISSION_ATTEMPTS", RateLimit("test-forms-api-submit", 20, 600))
    monkeypatch.setattr(online_limits, "PER_CLIENT", RateLimit("test-forms-api-client", 20, 600))
    monkeypatch.setattr(online_limits, "PER_PHONE", RateLimit("test-forms-api-phone", 20, 3600))
    yield {"unit": unit_a, "other": unit_b,
           "admin": _client(add_member(unit_a, "forms-api-admin", roles=("administrator",)))}
    with entered(unit_a):
        limits.SUBMISSION_ATTEMPTS.forget("127.0.0.1")
        online_limits.PER_CLIENT.forget("127.0.0.1")
        online_limits.PER_PHONE.forget("912345678")
    forget_plans()


def _do(client, query, variables, name, unit):
    status, body = gql(client, query, variables, unit=unit)
    assert status == 200 and "errors" not in body, body
    return body["data"][name]


def test_a_form_drafted_and_published_through_the_api_is_filled_on_the_portal(office):
    unit, admin = office["unit"], office["admin"]
    created = _do(admin, CREATE, {"p": PROC, "v": "api.1", "t": "Tờ khai qua API"}, "formsCreateForm", unit)
    assert created["errors"] == [] and created["form"]["status"] == "draft"
    form_id = created["form"]["id"]
    assert created["form"]["problems"][0]["message"] == "Biểu mẫu chưa có trường nào."
    # The builder's own actions, with the parameters its page posts.
    steps = [("add_section", {"key": "nguoi_khai", "title_vi": "Người khai"}),
             ("add_field", {"section": "nguoi_khai", "field": "full_name"}),
             ("add_field", {"section": "nguoi_khai", "field": "phone"}),
             ("edit_field", {"section": "nguoi_khai", "index": "0", "required": "1", "label_vi": "Họ tên"}),
             ("edit_field", {"section": "nguoi_khai", "index": "1", "required": "1"})]
    for action, params in steps:
        edited = _do(admin, EDIT, {"id": form_id, "a": action, "params": params}, "formsEditForm", unit)
        assert edited["errors"] == [], (action, edited)
    fields = edited["form"]["spec"]["sections"][0]["fields"]
    assert [(f["field"], f["overrides"]) for f in fields] == [("full_name", {"required": True}),
                                                            ("phone", {"required": True})]
    assert edited["form"]["problems"] == []
    published = _do(admin, PUBLISH, {"id": form_id}, "formsPublishForm", unit)
    assert published["errors"] == [] and published["form"]["status"] == "published"
    assert get_form(form_id).artefact_hash
    # A published form never changes, through the API as on the page.
    frozen = _do(admin, EDIT, {"id": form_id, "a": "remove_field", "params": {"section": "nguoi_khai", "index": 0}},
                 "formsEditForm", unit)
    assert [e["code"] for e in frozen["errors"]] == ["FORM_FROZEN"]
    # A citizen fills it (no account needed), the server checks against what was published.
    refused = _do(Client(), SUBMIT, {"p": PROC, "d": {"full_name": "Lê Thị Hoa"}}, "portalSubmitForm", unit)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("phone", "INVALID_FORM")]
    submitted = _do(Client(), SUBMIT, {"p": PROC, "d": {"full_name": "Lê Thị Hoa", "phone": "0912345678"}},
                    "portalSubmitForm", unit)
    assert submitted["errors"] == [] and submitted["dossierCode"]


def test_an_invalid_draft_is_refused_with_each_problem_and_nothing_stored(office):
    unit, admin = office["unit"], office["admin"]
    form_id = _do(admin, CREATE, {"p": PROC, "v": "api.2", "t": "Nháp"}, "formsCreateForm", unit)["form"]["id"]
    good = {"sections": [{"key": "a", "title_vi": "A", "fields": [{"field": "full_name"}]}]}
    assert _do(admin, SAVE, {"id": form_id, "spec": good}, "formsSaveForm", unit)["errors"] == []
    bad = {"sections": [{"key": "a", "title_vi": "A", "fields": [{"field": "khong_co"}]},
                        {"key": "B!", "title_vi": "B", "fields": []}],
           "rules": [{"key": "r", "target": "full_name", "logic": {"==": [1, 1]}, "message_vi": ""}]}
    answer = _do(admin, SAVE, {"id": form_id, "spec": bad}, "formsSaveForm", unit)
    assert answer["form"] is None
    assert {e["code"] for e in answer["errors"]} == {"INVALID_FORM"} and len(answer["errors"]) >= 3
    places = [e["field"] for e in answer["errors"]]
    assert any(p.startswith("sections.0") for p in places) and "sections.1" in places and "rules.0" in places
    assert form_spec(form_id)["sections"] == [{**good["sections"][0], "title_en": "", "visible_if": None,
                                               "repeatable": False, "min_items": None, "max_items": None,
                                               "fields": form_spec(form_id)["sections"][0]["fields"]}]
    assert [f["field"] for f in form_spec(form_id)["sections"][0]["fields"]] == ["full_name"]
    # An unknown action or a bad condition is refused too, and a taken version label.
    unknown = _do(admin, EDIT, {"id": form_id, "a": "drop_table"}, "formsEditForm", unit)["errors"]
    assert [(e["field"], e["code"]) for e in unknown] == [("action", "INVALID_FORM")]
    logic = _do(admin, EDIT, {"id": form_id, "a": "add_section", "params": {"key": "x", "title_vi": "X",
                                                                           "visible_if": "{oops"}},
                "formsEditForm", unit)["errors"]
    assert [e["field"] for e in logic] == ["visibleIf"]
    taken = _do(admin, CREATE, {"p": PROC, "v": "api.2", "t": "Lại"}, "formsCreateForm", unit)["errors"]
    assert [(e["field"], e["code"]) for e in taken] == [("versionLabel", "INVALID_FORM")]
    assert FormDefinition.objects.filter(procedure_code=PROC).count() == 1
    assert len(form_spec(form_id)["sections"]) == 1


def test_other_roles_other_units_and_anonymous_callers_cannot_touch_a_draft(office):
    unit, other, admin = office["unit"], office["other"], office["admin"]
    form_id = _do(admin, CREATE, {"p": PROC, "v": "api.3", "t": "Nháp"}, "formsCreateForm", unit)["form"]["id"]
    before = form_spec(form_id)
    edit = {"id": form_id, "a": "add_section", "params": {"key": "x", "title_vi": "X"}}
    specialist = _client(add_member(unit, "forms-api-specialist", roles=("specialist", "leader")))
    outsider = _client(add_member(other, "forms-api-outsider", roles=("specialist",)))
    for client, where, code in ((specialist, unit, "PERMISSION_DENIED"), (outsider, unit, "NOT_A_MEMBER"),
                                (outsider, other, "PERMISSION_DENIED"), (Client(), unit, "UNAUTHENTICATED")):
        body = gql(client, EDIT, edit, unit=where)[1]
        found = body.get("error", {}).get("code") or codes(body)[0]
        assert found == code, (where, body)
        read = gql(client, "query($id: ID!) { formsBuilderForm(id: $id) { spec } }", {"id": form_id}, unit=where)[1]
        assert "Nháp" not in str(read.get("data")) and (read.get("errors") or read.get("error"))
    # B's administrator builds forms on B's endpoint, but A's draft is A's: not found there, nor on B's builder page.
    b_admin = add_member(other, "forms-api-b-admin", roles=("administrator",))
    for call in (EDIT, PUBLISH, SAVE):
        variables = {**edit, "spec": {"sections": []}} if call is SAVE else edit if call is EDIT else {"id": form_id}
        name = call.split("{", 2)[1].split("(")[0].strip()
        answer = _do(_client(b_admin), call, variables, name, other)
        assert [e["code"] for e in answer["errors"]] == ["NOT_FOUND"] and answer["form"] is None
    read = gql(_client(b_admin), "query($id: ID!) { formsBuilderForm(id: $id) { spec } }", {"id": form_id},
               unit=other)[1]
    assert codes(read) == ["NOT_FOUND"]
    assert form_id not in {f["id"] for f in _do(_client(b_admin), "{ formsBuilderForms { id } }", {},
                                                "formsBuilderForms", other)}
    page = UnitClient(other, user=b_admin)
    assert page.get(f"/m/forms/xay-dung/{form_id}/").status_code == 404
    assert form_spec(form_id) == before and get_form(form_id).drafted_in == unit.schema_name


def test_a_draft_starts_from_a_paper_forms_spreadsheet_sent_as_a_multipart_part(office):
    book = Workbook()
    book.active.append(["Mã trường", "Nhãn", "Kiểu", "Bắt buộc", "Phần"])
    book.active.append(["full_name", "", "", "x", "Người khai"])
    content = io.BytesIO()
    book.save(content)
    query = "mutation($s: Upload) { formsImportForm(procedureCode: \"1.000894\", versionLabel: \"giay\", " \
            "titleVi: \"Tờ khai\", sheet: $s) { " + PAYLOAD + " } }"

    def send(payload: bytes):
        data = {"operations": json.dumps({"query": query, "variables": {"s": None}}),
                "map": json.dumps({"0": ["variables.s"]}), "0": SimpleUploadedFile("mau.xlsx", payload)}
        answer = office["admin"].post("/graphql/", data=data, **headers(office["unit"]))
        return answer.json()["data"]["formsImportForm"]

    refused = send(b"%PDF-1.4 not a workbook")
    assert refused["form"] is None and refused["errors"] and not FormDefinition.objects.filter(
        procedure_code="1.000894").exists()
    created = send(content.getvalue())
    assert created["errors"] == [] and created["form"]["status"] == "draft"
    assert [f["field"] for f in created["form"]["spec"]["sections"][0]["fields"]] == ["full_name"]
    assert get_form(created["form"]["id"]).drafted_in == office["unit"].schema_name


def test_the_ict_department_builds_on_the_platform_with_its_grant(db):
    ict = get_user_model().objects.create_user("forms-api-ict")
    variables = {"p": "1.000777", "v": "nen-tang", "t": "Biểu mẫu dùng chung"}
    assert codes(gql(_client(ict), CREATE, variables)[1]) == ["PERMISSION_DENIED"]
    assert not FormDefinition.objects.filter(procedure_code="1.000777").exists()
    ict.user_permissions.add(Permission.objects.get(codename="change_formdefinition"))
    ict = get_user_model().objects.get(pk=ict.pk)
    created = _do(_client(ict), CREATE, variables, "formsCreateForm", None)
    assert created["errors"] == [] and created["form"]["procedureCode"] == "1.000777"
    listed = _do(_client(ict), "{ formsBuilderForms { id status } }", {}, "formsBuilderForms", None)
    assert {"id": created["form"]["id"], "status": "draft"} in listed
    assert get_form(created["form"]["id"]).drafted_in == ""  # the platform's draft
    # Retiring is the platform's (as /admin/forms/): only a published form, never on a unit's endpoint.
    retire = "mutation($id: ID!) { formsRetireForm(formId: $id) { " + PAYLOAD + " } }"
    draft_refused = _do(_client(ict), retire, {"id": created["form"]["id"]}, "formsRetireForm", None)["errors"]
    assert [(e["field"], e["code"]) for e in draft_refused] == [("formId", "INVALID_FORM")]
    form = published_household_form(code="1.000778")
    retired = _do(_client(ict), retire, {"id": str(form.pk)}, "formsRetireForm", None)
    assert retired["errors"] == [] and retired["form"]["status"] == "retired"


def test_a_units_administrator_does_not_retire_forms(office):
    form = published_household_form(code="1.000779")
    body = gql(office["admin"], "mutation($id: ID!) { formsRetireForm(formId: $id) { errors { code } } }",
               {"id": str(form.pk)}, unit=office["unit"])[1]
    assert codes(body) == ["PERMISSION_DENIED"] and get_form(form.pk).status == "published"
