"""The JSON a browser or an outside frontend fetches on the platform address: a published form's artefact and the
items of a code-list version (both never change: cached for long); drafts and unknown ids are refused. The document
types join the code lists; the starter dictionary loads what is missing."""

from django.core.management import call_command
from django.test import Client
from forms_support import published_household_form

from modules.forms.services import code_list_in_force, create_form, sync_document_types


def get(path):
    return Client().get(path, HTTP_HOST="localhost")


def test_a_published_forms_artefact_and_a_list_version_as_json(db):
    form = published_household_form()
    page = get(f"/m/forms/bieu-mau/{form.pk}.json")
    assert page.status_code == 200 and page.json() == form.artefact
    assert "immutable" in page["Cache-Control"]
    units = form.artefact["codeLists"]["admin_units_2025"]
    items = get(f"/m/forms/danh-muc/{units['id']}.json").json()["items"]
    assert len(items) == units["size"] and {"code": "56", "vi": "Tỉnh Khánh Hoà", "en": "Tỉnh Khánh Hoà",
                                            "parent": ""} in items


def test_drafts_and_unknown_ids_are_not_served(db):
    draft = create_form("1.000010", "v1", "Nháp")
    refused = get(f"/m/forms/bieu-mau/{draft.pk}.json")
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "NOT_FOUND"
    assert get("/m/forms/danh-muc/999999999.json").status_code == 404


def test_document_types_become_a_code_list_and_the_starter_loads_once(db, capsys):
    version = sync_document_types()
    assert version is not None and sync_document_types() is None  # unchanged: no new version
    names = {item["vi"] for item in code_list_in_force("document_type", version.valid_from).items}
    assert {"Nghị quyết (cá biệt)", "Quyết định (cá biệt)", "Công văn"} <= names
    call_command("forms", "load-starter")
    assert capsys.readouterr().out.strip() == "0 field(s) added"  # the migration loaded them already


def test_the_platform_admin_shows_the_dictionary_and_publishes_a_draft(db):
    from core.accounts.models import User
    from modules.forms.models import FormDefinition
    from modules.forms.services import save_form

    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.create_superuser("forms-admin", password=None))
    page = client.get("/admin/forms/datafield/?q=id_number")
    assert page.status_code == 200 and "id_number" in page.content.decode()
    draft = create_form("1.000011", "v1", "Đơn")
    save_form(draft.pk, {"sections": [{"key": "main", "title_vi": "Chính", "fields": [{"field": "full_name"}]}]})
    done = client.post("/admin/forms/formdefinition/", {"action": "publish", "_selected_action": [draft.pk]},
                       follow=True)
    assert done.status_code == 200 and FormDefinition.objects.get(pk=draft.pk).status == "published"
    again = client.post("/admin/forms/formdefinition/", {"action": "publish", "_selected_action": [draft.pk]},
                        follow=True)
    assert "không sửa được" in again.content.decode()  # the service's refusal, shown
