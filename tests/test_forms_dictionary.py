"""The dictionary: every edit a version, a change that would break a published form refused (a new key is needed),
the forms a pending change affects listed before it is published; code lists with versions; the starter dictionary."""

import pytest
from django.db import InternalError, transaction
from forms_support import published_household_form

from modules.forms.models import CodeListVersion, FieldVersion
from modules.forms.services import (
    FormsError,
    add_field,
    create_form,
    current,
    impact,
    propose_change,
    publish_change,
    save_form,
)
from modules.forms.services.codelists import add_version, in_force


def test_the_starter_dictionary_and_lists_are_there(db):
    keys = {"full_name", "birth_date", "sex", "id_number", "permanent_address", "current_address", "phone", "email",
            "ethnicity", "nationality"}
    assert {k: current(k).personal_data for k in keys} == dict.fromkeys(keys, True)
    assert current("full_name").prefill == "applicant.full_name"
    assert len(in_force("ethnicity").items) == 54 and len(in_force("cccd_province").items) == 63
    assert {i["code"] for i in in_force("nationality").items} >= {"VN", "LA", "KH", "CN", "US"}
    units_2025 = in_force("admin_units_2025").items
    assert sum(1 for u in units_2025 if not u["parent"]) == 34
    assert sum(1 for u in in_force("admin_units_2023").items if not u["parent"]) == 63


def test_a_relabel_is_a_new_version_and_published_forms_keep_theirs(db):
    form = published_household_form()
    pinned = form.artefact["sections"][0]["fields"][0]
    assert pinned["key"] == "full_name" and pinned["dictionaryVersion"] == 1
    propose_change("full_name", label_vi="Họ và tên", note="Thống nhất nhãn")
    found = impact("full_name")
    assert found.breaking == [] and not found.refused
    assert [(u.procedure_code, u.field_version) for u in found.published_forms] == [("1.000001", 1)]
    assert publish_change("full_name").number == 2
    assert current("full_name").label_vi == "Họ và tên"
    form.refresh_from_db()
    assert form.artefact["sections"][0]["fields"][0]["label"]["vi"] == "Họ, chữ đệm và tên"  # unchanged
    assert [v.number for v in FieldVersion.objects.filter(field__key="full_name")] == [2, 1]


@pytest.mark.parametrize("change, reason", [
    ({"type": "long_text"}, "type"),
    ({"validation": {"max_length": 50}}, "max_length"),
    ({"validation": {"max_length": 100, "required": True}}, "required"),
    ({"prefill": "applicant.email"}, "prefill"),
])
def test_a_breaking_change_is_refused_once_a_published_form_uses_the_key(db, change, reason):
    published_household_form()
    propose_change("full_name", **change)
    found = impact("full_name")
    assert reason in found.breaking and found.refused
    with pytest.raises(FormsError) as refused:
        publish_change("full_name")
    assert refused.value.code == "BREAKING_CHANGE" and "1.000001 v1" in refused.value.message
    assert current("full_name").number == 1  # nothing changed in force


def test_a_removed_choice_breaks_and_a_widening_does_not(db):
    add_field("purpose", type="choice", label_vi="Mục đích", code_list="sex", validation={"choices": ["1", "2"]})
    form = create_form("1.000003", "v1", "Đơn")
    save_form(form.pk, {"sections": [{"key": "main", "title_vi": "Chính", "fields": [{"field": "purpose"}]}]})
    from modules.forms.services import publish_form

    publish_form(form.pk)
    propose_change("purpose", validation={"choices": ["1"]})
    assert impact("purpose").breaking == ["choices"]
    propose_change("purpose", validation={})  # all the list's codes: wider
    assert impact("purpose").breaking == [] and publish_change("purpose").number == 2


def test_a_breaking_change_of_a_key_only_drafts_use_is_published(db):
    add_field("note_text", type="text", label_vi="Ghi chú")
    form = create_form("1.000004", "v1", "Đơn")
    save_form(form.pk, {"sections": [{"key": "main", "title_vi": "Chính", "fields": [{"field": "note_text"}]}]})
    propose_change("note_text", type="long_text")
    found = impact("note_text")
    assert found.breaking == ["type"] and not found.refused and [u.form_id for u in found.draft_forms] == [form.pk]
    assert publish_change("note_text").type == "long_text"


@pytest.mark.parametrize("kwargs, field", [
    ({"key": "Bad Key", "type": "text", "label_vi": "X"}, "key"),
    ({"key": "full_name", "type": "text", "label_vi": "X"}, "key"),
    ({"key": "x_field", "type": "colour", "label_vi": "X"}, "type"),
    ({"key": "x_field", "type": "text", "label_vi": " "}, "label_vi"),
    ({"key": "x_field", "type": "text", "label_vi": "X", "validation": {"minimum": 1}}, "validation"),
    ({"key": "x_field", "type": "text", "label_vi": "X", "validation": {"pattern": "("}}, "validation"),
    ({"key": "x_field", "type": "choice", "label_vi": "X", "code_list": "nope"}, "code_list"),
    ({"key": "x_field", "type": "text", "label_vi": "X", "prefill": "applicant.shoe_size"}, "prefill"),
    ({"key": "x_field", "type": "money", "label_vi": "X", "validation": {"maximum": 10.5}}, "validation"),
    ({"key": "x_field", "type": "choice", "label_vi": "X", "code_list": "sex", "validation": {"choices": ["9"]}},
     "validation"),
])
def test_bad_dictionary_input_is_refused_with_a_clear_message_and_nothing_saved(db, kwargs, field):
    before = FieldVersion.objects.count()
    with pytest.raises(FormsError) as refused:
        add_field(**kwargs)
    assert refused.value.field == field and refused.value.message
    assert FieldVersion.objects.count() == before


def test_code_list_versions_never_change(db):
    version = in_force("sex")
    again = add_version("sex", [{"code": "1", "vi": "Nam"}, {"code": "2", "vi": "Nữ"}, {"code": "3", "vi": "Khác"}],
                        valid_from=version.valid_from)
    assert again.number == version.number + 1
    assert add_version("sex", again.items, valid_from=version.valid_from) is None  # same items: no new version
    with pytest.raises(FormsError):
        add_version("sex", [{"code": "1", "vi": "Nam"}, {"code": "1", "vi": "Nữ"}], valid_from=version.valid_from)
    with pytest.raises(InternalError, match="never changes"), transaction.atomic():
        CodeListVersion.objects.filter(pk=version.pk).update(items=[])
