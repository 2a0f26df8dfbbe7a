"""A new code-list version that drops codes a published form accepts is refused like a field's breaking change, the
forms and codes named (list_impact shows them first); accepted on purpose, the published forms keep their pinned
version. Adding codes, or dropping codes no published form offers, goes through."""

import pytest
from forms_support import published_household_form
from test_forms_validation import BASE

from modules.forms.models import CodeListVersion
from modules.forms.services import (
    FormsCode,
    FormsError,
    add_field,
    add_version,
    create_form,
    list_impact,
    save_form,
    validate,
)
from modules.forms.services.codelists import in_force

MALE_ONLY = [{"code": "1", "vi": "Nam", "en": "Male"}]


def test_dropping_a_code_a_published_form_accepts_is_refused_and_the_forms_named(db):
    form = published_household_form()
    sex = in_force("sex")
    found = list_impact("sex", MALE_ONLY)
    assert found.dropped == ["2"] and found.refused
    assert [(u.procedure_code, u.version_label, u.field_version) for u in found.published_forms] == [
        ("1.000001", "v1", sex.number)]
    assert found.codes_in_use == {form.pk: ["2"]}
    before = CodeListVersion.objects.count()
    with pytest.raises(FormsError) as refused:
        add_version("sex", MALE_ONLY, valid_from=sex.valid_from)
    assert refused.value.code == FormsCode.BREAKING_CHANGE and "1.000001 v1 (2)" in refused.value.message
    assert refused.value.details["forms"] == [form.pk] and refused.value.details["dropped"] == ["2"]
    assert CodeListVersion.objects.count() == before  # nothing saved
    # Accepted on purpose: a new version, and the published form still accepts what it accepted.
    assert add_version("sex", MALE_ONLY, valid_from=sex.valid_from, accept_dropped=True).number == sex.number + 1
    assert validate(form.artefact, {**BASE, "sex": "2"}).valid


def test_adding_codes_or_dropping_codes_only_drafts_use_goes_through(db):
    published_household_form()
    sex = in_force("sex")
    wider = [*sex.items, {"code": "3", "vi": "Khác", "en": "Other"}]
    assert list_impact("sex", wider).dropped == [] and add_version("sex", wider, valid_from=sex.valid_from)
    # A list only a draft form uses: the draft is listed (it takes the new version when published), nothing refused.
    first = add_version("religion", [{"code": "01", "vi": "Không"}, {"code": "02", "vi": "Phật giáo"}],
                        valid_from=sex.valid_from)
    add_field("religion", type="choice", label_vi="Tôn giáo", code_list="religion")
    draft = create_form("1.000009", "v1", "Tờ khai", "Declaration")
    save_form(draft.pk, {"sections": [{"key": "a", "title_vi": "A", "fields": [{"field": "religion"}]}]})
    found = list_impact("religion", first.items[:1])
    assert found.dropped == ["02"] and not found.refused
    assert [u.form_id for u in found.draft_forms] == [draft.pk]
    assert add_version("religion", first.items[:1], valid_from=sex.valid_from).number == 2
