"""A unit administrator's pattern is refused when the field is saved if the server's backtracking `re` could run it
for seconds (nested quantifiers, alternatives repeated, long runs of variable quantifiers, back-references) or if the
browser's RegExp would read it otherwise; a pattern runs only on a value within the field's maxLength."""

import copy

import pytest
from forms_support import published_household_form
from test_forms_validation import BASE

from modules.forms.models import FieldVersion
from modules.forms.services import FormsError, add_field, propose_change, validate

REFUSED = [
    (r"^(a+)+$", "lặp lại một phần tự nó đã lặp"),
    (r"^(\w+\s?)*$", "lặp lại một phần tự nó đã lặp"),
    (r"^(a|ab)*$", "lặp lại một phần tự nó đã lặp"),
    (r"\s*\s*\s*x", "quá nhiều lượng từ"),
    (r"^(a)\1$", "tham chiếu ngược"),
    (r"^(?P<so>\d+)$", "nhóm đặt tên"),
    (r"(?i)^abc$", "cờ bên trong mẫu"),
    (r"\Aabc\Z", "\\A hoặc \\Z"),
    (r"^a*+$", "chiếm hữu"),
    ("a" * 201, "dài quá 200"),
    ("(", "không hợp lệ"),
]
ACCEPTED = [r"^[A-Za-z ]+$", r"^0[35789][0-9]{8}$", r"^[0-9]{2}[A-Z]{1,2}-?[0-9]{4,5}$",
            r"^[A-Z][a-z]+ [A-Z][a-z]+$", r"^(?:[0-9]{3})+$", r"^(?:Ông|Bà) .+$"]


@pytest.mark.parametrize("pattern, reason", REFUSED)
def test_a_dangerous_or_python_only_pattern_is_refused_when_saved(db, pattern, reason):
    before = FieldVersion.objects.count()
    with pytest.raises(FormsError) as refused:
        add_field("x_code", type="text", label_vi="Mã", validation={"pattern": pattern})
    assert refused.value.field == "validation" and reason in refused.value.message
    add_field("y_code", type="text", label_vi="Mã")
    with pytest.raises(FormsError):
        propose_change("y_code", validation={"pattern": pattern})
    assert FieldVersion.objects.count() == before + 1  # only y_code's first version


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_the_patterns_forms_need_are_accepted(db, pattern):
    assert add_field("x_code", type="text", label_vi="Mã", validation={"pattern": pattern}).validation == {
        "pattern": pattern}


@pytest.mark.timeout(60)
def test_a_pattern_runs_only_on_a_value_within_the_fields_length(db):
    """A form compiled before the check may hold a dangerous pattern: a value longer than the field's maxLength (10)
    is TOO_LONG without running it (2^40 steps otherwise)."""
    artefact = copy.deepcopy(published_household_form().artefact)
    del artefact["form"]["digest"]  # not the cached validator of the published form
    artefact["schema"]["properties"]["t_text"]["pattern"] = "^(a|a)*$"
    assert [(e.path, e.code) for e in validate(artefact, {**BASE, "t_text": "a" * 40 + "b"}).errors] == [
        ("t_text", "TOO_LONG")]
    assert [(e.path, e.code) for e in validate(artefact, {**BASE, "t_text": "aaab"}).errors] == [
        ("t_text", "PATTERN")]
