"""Form definitions: composed from the dictionary by reference with narrower overrides only; published once,
compiled once, never changed (the service refuses and the database refuses); retired; the next version copied."""

import pytest
from django.db import InternalError, transaction
from forms_support import SPEC, add_extra_fields, published_household_form

from modules.forms.models import FormDefinition, FormField, FormSection, FormStatus
from modules.forms.services import (
    FormsError,
    create_form,
    form_spec,
    new_version,
    publish_form,
    published_artefact,
    retire_form,
    save_form,
    validate,
)


def test_publishing_compiles_once_and_pins_the_dictionary(db):
    form = published_household_form()
    assert form.status == FormStatus.PUBLISHED and form.artefact_hash == form.artefact["form"]["digest"]
    assert FormField.objects.filter(form=form, field_version__isnull=True).count() == 0
    artefact = form.artefact
    assert artefact["schema"]["properties"]["members"]["maxItems"] == 3
    assert artefact["sections"][0]["fields"][0]["paper"] == {"page": 1, "x": 40, "y": 60, "width": 120}
    assert artefact["codeLists"]["admin_units_2025"]["external"] is True
    assert len(artefact["codeLists"]["ethnicity"]["items"]) == 54


def test_a_published_form_never_changes(db):
    form = published_household_form()
    with pytest.raises(FormsError) as refused:
        save_form(form.pk, SPEC)
    assert refused.value.code == "FORM_FROZEN"
    with pytest.raises(FormsError):
        publish_form(form.pk)
    # Around the service, the database refuses too.
    for write in (lambda: FormDefinition.objects.filter(pk=form.pk).update(title_vi="Đổi"),
                  lambda: FormSection.objects.filter(form=form).update(title_vi="Đổi"),
                  lambda: FormField.objects.filter(form=form).delete(),
                  lambda: FormSection.objects.create(form=form, key="extra", title_vi="Thêm"),
                  lambda: FormDefinition.objects.filter(pk=form.pk).update(status="retired", title_vi="Đổi"),
                  lambda: FormDefinition.objects.filter(pk=form.pk).delete()):
        with pytest.raises(InternalError, match="never change"), transaction.atomic():
            write()
    assert FormDefinition.objects.get(pk=form.pk).artefact == form.artefact


def test_retiring_keeps_the_artefact_for_what_was_submitted_under_it(db):
    form = published_household_form()
    retire_form(form.pk)
    assert FormDefinition.objects.get(pk=form.pk).status == "retired"
    assert validate(published_artefact(form.pk), {"full_name": ""}).errors[0].code == "REQUIRED"
    nxt = new_version(form.pk, "v2")
    assert nxt.status == "draft" and form_spec(nxt.pk)["sections"] == form_spec(form.pk)["sections"]
    assert published_artefact(publish_form(nxt.pk).pk)["form"]["versionLabel"] == "v2"


def test_overrides_may_only_narrow_the_dictionary(db):
    add_extra_fields()
    form = create_form("1.000005", "v1", "Đơn")
    ok = {"sections": [{"key": "main", "title_vi": "Chính", "fields": [
        {"field": "t_number", "overrides": {"minimum": 2, "maximum": 5, "required": True}, "label_vi": "Số con"}]}]}
    save_form(form.pk, ok)
    artefact = publish_form(form.pk).artefact
    assert artefact["schema"]["properties"]["t_number"] == {"type": "number", "minimum": 2, "maximum": 5,
                                                            "title": "Số con"}
    wide = create_form("1.000005", "v2", "Đơn")
    with pytest.raises(FormsError) as refused:
        save_form(wide.pk, {"sections": [{"key": "main", "title_vi": "Chính", "fields": [
            {"field": "t_number", "overrides": {"maximum": 50}}]}]})
    assert refused.value.code == "INVALID_FORM" and "maximum" in refused.value.message


def test_a_bad_definition_reports_every_problem_and_saves_nothing(db):
    add_extra_fields()
    form = create_form("1.000006", "v1", "Đơn")
    save_form(form.pk, {"sections": [{"key": "main", "title_vi": "Chính", "fields": [{"field": "full_name"}]}]})
    bad = {"sections": [
        {"key": "main", "title_vi": "Chính", "fields": [
            {"field": "full_name"}, {"field": "no_such_key"}, {"field": "full_name"},
            {"field": "phone", "visible_if": {"eval": ["alert(1)"]}},
            {"field": "t_text", "paper": {"page": 0, "x": 1, "y": 1, "width": 1}}]},
        {"key": "Main Two", "title_vi": ""},
        {"key": "members", "title_vi": "Thành viên", "repeatable": True, "min_items": 3, "max_items": 1}],
        "rules": [{"key": "r1", "target": "nowhere", "logic": {"==": [1, 1]}, "message_vi": "x"},
                  {"key": "r1", "target": "full_name", "logic": {"==": [1, 1]}, "message_vi": "x"}]}
    with pytest.raises(FormsError) as refused:
        save_form(form.pk, bad)
    where = [w for w, _m in refused.value.problems]
    assert where == ["sections.0.fields.1", "sections.0.fields.2", "sections.0.fields.3.visible_if",
                     "sections.0.fields.4.paper", "sections.1", "sections.2", "rules.0", "rules.1"]
    assert all(m for _w, m in refused.value.problems)
    assert [f.field.key for f in FormField.objects.filter(form=form)] == ["full_name"]  # the draft as it was


def test_an_empty_form_is_not_published(db):
    form = create_form("1.000007", "v1", "Đơn")
    with pytest.raises(FormsError) as refused:
        publish_form(form.pk)
    assert refused.value.code == "INVALID_FORM" and FormDefinition.objects.get(pk=form.pk).status == "draft"
