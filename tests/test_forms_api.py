"""GraphQL: the dictionary, code lists and published forms (as their artefact) for outside frontends, and the
server's verdict per field; on the platform endpoint and on a unit that enabled the module."""

import pytest
from api_support import add_member, codes, gql
from django.test import Client
from forms_support import published_household_form

from core.modules.services import enable
from modules.forms.models import FormDefinition
from modules.forms.services import create_form

VALIDATE = """query($id: ID!, $data: GenericScalar!) {
  formsValidateForm(formId: $id, data: $data) { valid errors { path code message } data }
}"""


@pytest.fixture
def form(db):
    return published_household_form()


def test_the_dictionary_and_code_lists_on_the_platform(db):
    body = gql(Client(), """{ formsFields { key current { type labelVi prefill personalData codeList } }
      formsCodeList(key: "ethnicity") { number size items } }""")[1]
    fields = {f["key"]: f["current"] for f in body["data"]["formsFields"]}
    assert fields["id_number"] == {"type": "cccd", "labelVi": "Số định danh cá nhân", "prefill": "applicant.id_number",
                                   "personalData": True, "codeList": None}
    assert fields["ethnicity"]["codeList"] == "ethnicity"
    ethnicities = body["data"]["formsCodeList"]
    assert ethnicities["size"] == 54 and ethnicities["items"][0] == {"code": "01", "vi": "Kinh", "en": "Kinh"}


def test_a_published_form_is_served_as_its_artefact_and_a_draft_is_not(form):
    body = gql(Client(), """query($id: ID!) { formsForm(id: $id) { procedureCode status artefactHash
      artefact } }""", {"id": str(form.pk)})[1]
    served = body["data"]["formsForm"]
    assert served["status"] == "published" and served["artefact"] == form.artefact
    assert served["artefact"]["schema"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    draft = create_form("1.000002", "v1", "Nháp")
    body = gql(Client(), "query($id: ID!) { formsForm(id: $id) { id } }", {"id": str(draft.pk)})[1]
    assert codes(body) == ["NOT_FOUND"]
    listed = gql(Client(), "{ formsPublishedForms { id } }")[1]["data"]["formsPublishedForms"]
    assert listed == [{"id": str(form.pk)}]


def test_validate_form_answers_per_field_in_the_requested_language(form):
    data = {"full_name": "", "birth_date": "1990-05-17", "id_number": "001090123457", "phone": "0123"}
    body = gql(Client(), VALIDATE, {"id": str(form.pk), "data": data})[1]
    verdict = body["data"]["formsValidateForm"]
    assert verdict["valid"] is False
    assert [(e["path"], e["code"]) for e in verdict["errors"]] == [("full_name", "REQUIRED"),
                                                                  ("phone", "INVALID_PHONE")]
    assert verdict["errors"][0]["message"] == "Họ, chữ đệm và tên: cần nhập."
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    english = gql(client, VALIDATE, {"id": str(form.pk), "data": data})[1]["data"]["formsValidateForm"]
    assert english["errors"][0]["message"] == "Full name: required."
    good = {**data, "full_name": "Lê Văn Cường", "phone": "0912345678"}
    assert gql(Client(), VALIDATE, {"id": str(form.pk), "data": good})[1]["data"]["formsValidateForm"]["valid"]
    assert FormDefinition.objects.get(pk=form.pk).artefact == form.artefact  # nothing written


def test_bad_arguments_are_refused_clearly(form):
    body = gql(Client(), VALIDATE, {"id": "999999", "data": {}})[1]
    assert codes(body) == ["NOT_FOUND"]
    body = gql(Client(), VALIDATE, {"id": str(form.pk), "data": [1, 2]})[1]
    assert body["data"]["formsValidateForm"]["errors"] == [
        {"path": "", "code": "INVALID_DATA", "message": "Dữ liệu của biểu mẫu phải là một đối tượng JSON."}]


def test_on_a_unit_only_where_the_module_is_enabled(form, unit_a):
    client = Client()
    client.force_login(add_member(unit_a, "forms-member", roles=("specialist",)))
    body = gql(client, "{ formsFields { key } }", unit=unit_a)[1]
    assert codes(body) == ["MODULE_NOT_ENABLED"]
    enable(unit_a, "forms")
    body = gql(client, VALIDATE, {"id": str(form.pk), "data": {"full_name": "An"}}, unit=unit_a)[1]
    assert [e["code"] for e in body["data"]["formsValidateForm"]["errors"]] == ["REQUIRED", "REQUIRED"]


def test_the_code_lists_in_one_query_and_a_version_by_number(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from modules.forms.services.codelists import add_version, in_force

    sex = in_force("sex")
    add_version("sex", [*sex.items, {"code": "3", "vi": "Khác", "en": "Other"}], valid_from=sex.valid_from)
    with CaptureQueriesContext(connection) as queries:
        lists = gql(Client(), "{ formsCodeLists { key number size } }")[1]["data"]["formsCodeLists"]
    assert len([q for q in queries.captured_queries if "forms_" in q["sql"]]) == 1
    assert {"key": "sex", "number": sex.number + 1, "size": 3} in lists and len(lists) == 6
    old = gql(Client(), '{ formsCodeList(key: "sex", version: 1) { size } }')[1]["data"]["formsCodeList"]
    assert old == {"size": 2}
    assert gql(Client(), '{ formsCodeList(key: "nope") { size } }')[1]["data"]["formsCodeList"] is None
