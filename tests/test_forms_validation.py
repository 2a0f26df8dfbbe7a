"""The server's verdicts, per type, on the compiled artefact: a table of valid and invalid values (the same table the
browser parity test runs through forms-runtime.js), conditional and repeatable sections, computed values, rules."""

import pytest
from forms_support import published_household_form

from modules.forms.services import validate

# A valid base; each case puts one value and expects the code on one path (None: valid).
BASE = {"full_name": "Nguyễn Văn An", "birth_date": "1990-05-17", "id_number": "001090123456", "email": "an@example.vn"}
ADDR = {"province": "56", "commune": "22366", "street": "12 Trần Phú"}  # Khánh Hòa / Phường Nha Trang (2025)
OLD = {"province": "56", "district": "568", "commune": "22366", "street": "12 Trần Phú"}  # Nha Trang city (2023)
FILE = {"id": "f1", "name": "a.pdf", "content_type": "application/pdf", "size": 1000}

CASES = [
    # text: 2-10 letters
    ("t_text", "Abc", None), ("t_text", "A", "TOO_SHORT"), ("t_text", "Abcdefghijk", "TOO_LONG"),
    ("t_text", "Ab1", "PATTERN"), ("t_text", 12, "INVALID_VALUE"),
    ("t_word", "ma_so_1", None), ("t_word", "Nguyễn", "PATTERN"),  # \w is ASCII on both sides
    ("t_long", "x" * 20, None), ("t_long", "x" * 21, "TOO_LONG"),
    ("t_number", 5, None), ("t_number", 2.5, None), ("t_number", 0, "TOO_SMALL"), ("t_number", 11, "TOO_LARGE"),
    ("t_number", "5", "NOT_A_NUMBER"), ("t_number", True, "NOT_A_NUMBER"),
    ("t_money", 500000, None), ("t_money", 10.5, "NOT_INTEGER"), ("t_money", -1, "TOO_SMALL"),
    ("t_money", 1000001, "TOO_LARGE"),
    ("t_date", "2024-02-29", None), ("t_date", "2023-02-29", "INVALID_DATE"), ("t_date", "29/02/2024", "INVALID_DATE"),
    ("t_date", "1999-12-31", "DATE_TOO_EARLY"), ("t_date", "2031-01-01", "DATE_TOO_LATE"),
    ("t_bool", False, None), ("t_bool", "yes", "INVALID_VALUE"),
    ("sex", "2", None), ("sex", "3", "NOT_IN_LIST"), ("ethnicity", "54", None), ("ethnicity", "55", "NOT_IN_LIST"),
    ("nationality", "VN", None), ("nationality", "XX", "NOT_IN_LIST"),
    ("id_number", "079090001234", None), ("id_number", "07920300123", "INVALID_CCCD"),
    ("id_number", "07920300123a", "INVALID_CCCD"), ("id_number", "003090123456", "CCCD_PROVINCE"),
    ("id_number", "001590123456", "CCCD_CENTURY"), ("id_number", "001290123456", "CCCD_BIRTH_MISMATCH"),
    ("t_tax", "0100109106", None), ("t_tax", "0100109106-001", None), ("t_tax", "0100109106001", None),
    ("t_tax", "0100109107", "TAX_CODE_CHECKSUM"), ("t_tax", "0100109106-000", "TAX_CODE_CHECKSUM"),
    ("t_tax", "010010910", "INVALID_TAX_CODE"),
    ("phone", "0912345678", None), ("phone", "+84 912 345 678", None), ("phone", "02583812345", None),
    ("phone", "0112345678", "INVALID_PHONE"), ("phone", "091234567", "INVALID_PHONE"),
    ("email", "an@example.vn", None), ("email", "an@example", "INVALID_EMAIL"), ("email", "an example@x.vn",
                                                                                "INVALID_EMAIL"),
    ("permanent_address", ADDR, None), ("permanent_address", {**ADDR, "province": "99"}, "ADDRESS_PROVINCE"),
    ("permanent_address", {**ADDR, "commune": "00004"}, "ADDRESS_COMMUNE"),
    ("permanent_address", {**ADDR, "district": "568"}, "INVALID_VALUE"),
    ("permanent_address", "Nha Trang", "INVALID_VALUE"),
    ("t_old_address", OLD, None), ("t_old_address", {**OLD, "district": "001"}, "ADDRESS_DISTRICT"),
    ("t_old_address", {**OLD, "street": " "}, "ADDRESS_STREET"),
    ("t_file", FILE, None), ("t_file", {**FILE, "content_type": "text/html"}, "FILE_TYPE"),
    ("t_file", {**FILE, "size": 2 * 1024 * 1024}, "FILE_TOO_LARGE"), ("t_file", {"name": "a.pdf"}, "INVALID_FILE"),
    ("full_name", "", "REQUIRED"), ("full_name", "   ", "REQUIRED"), ("full_name", "x" * 101, "TOO_LONG"),
    # 100 letters typed decomposed (e + combining marks) are 100 letters, not 300
    ("full_name", "\u1ec5" * 99 + "e\u0302\u0303", None), ("full_name", "e\u0302\u0303" * 101, "TOO_LONG"),
]


@pytest.fixture
def artefact(db):
    return published_household_form().artefact


def verdict(artefact, data):
    return {e.path: e.code for e in validate(artefact, data).errors}


def test_every_type_has_valid_and_invalid_cases():
    from forms_support import EXTRA_FIELDS

    from modules.forms.models import FieldType

    typed = {f["key"]: f["type"] for f in EXTRA_FIELDS} | {
        "full_name": "text", "sex": "choice", "id_number": "cccd", "phone": "phone", "email": "email",
        "permanent_address": "address", "birth_date": "date"}
    for kind in FieldType.values:
        codes = [code for key, _value, code in CASES if typed.get(key) == kind]
        assert None in codes and any(codes), kind


@pytest.mark.parametrize("key, value, code", CASES)
def test_the_server_verdict_per_type(artefact, key, value, code):
    got = verdict(artefact, {**BASE, key: value})
    assert got == ({key: code} if code else {})


def test_messages_are_vietnamese_first_and_english_on_request(artefact):
    vi = validate(artefact, {**BASE, "full_name": ""}).errors[0]
    en = validate(artefact, {**BASE, "full_name": ""}, lang="en").errors[0]
    assert vi.message == "Họ, chữ đệm và tên: cần nhập." and en.message == "Full name: required."
    rule = validate(artefact, {**BASE, "t_bool": True, "email": ""}).errors
    assert [(e.path, e.code, e.message) for e in rule] == [("email", "RULE:adult_email",
                                                            "Đã đồng ý thì cần thư điện tử.")]


def test_a_hidden_section_is_neither_required_nor_kept(artefact):
    members = [{"full_name": "", "id_number": "bad"}]
    hidden = validate(artefact, {**BASE, "has_members": False, "members": members})
    assert hidden.valid and "members" not in hidden.data
    shown = verdict(artefact, {**BASE, "has_members": True, "members": members})
    assert shown == {"members.0.full_name": "REQUIRED", "members.0.id_number": "INVALID_CCCD"}


def test_repeatable_sections_count_their_items(artefact):
    assert verdict(artefact, {**BASE, "has_members": True}) == {"members": "TOO_FEW_ITEMS"}
    four = [{"full_name": f"Người {i}"} for i in range(4)]
    assert verdict(artefact, {**BASE, "has_members": True, "members": four}) == {"members": "TOO_MANY_ITEMS"}


def test_computed_values_are_the_servers_and_fields_show_by_condition(artefact):
    two = [{"full_name": "Trần Thị Bình", "relation": "2", "birth_date": "2015-01-02", "id_number": "079315001234"},
           {"full_name": "", "relation": "9"}]
    result = validate(artefact, {**BASE, "has_members": True, "members": two, "member_count": 99})
    assert result.data["member_count"] == 2  # computed, whatever was sent
    # The second member's relation is hidden (no name yet): neither checked nor kept.
    assert {e.path: e.code for e in result.errors} == {"members.1.full_name": "REQUIRED"}
    assert result.data["members"][1] == {}


def test_a_cccd_inside_a_group_is_checked_against_the_members_birth_date(artefact):
    member = {"full_name": "Trần Bình", "birth_date": "2015-01-02", "id_number": "079115001234"}
    assert verdict(artefact, {**BASE, "has_members": True, "members": [member]}) == {
        "members.0.id_number": "CCCD_BIRTH_MISMATCH"}


def test_an_items_fields_hide_the_applicants_even_when_left_empty(artefact):
    """A check of two fields takes both from the member: a member with a birth date and no ID number is not checked
    against the applicant's number, nor a member's number against the applicant's birth date; a condition on the
    member's name does not read the applicant's."""
    for member in ({"full_name": "Trần Bình", "birth_date": "2015-01-02"},
                   {"full_name": "Trần Bình", "id_number": "079315001234"}):
        assert verdict(artefact, {**BASE, "has_members": True, "members": [member]}) == {}
    nameless = {"birth_date": "2015-01-02", "relation": "9"}  # the relation shows only once the member has a name
    assert verdict(artefact, {**BASE, "has_members": True, "members": [nameless]}) == {
        "members.0.full_name": "REQUIRED"}


def test_unknown_keys_are_dropped_and_non_objects_refused(artefact):
    assert validate(artefact, {**BASE, "injected": "<script>"}).data.get("injected") is None
    assert [e.code for e in validate(artefact, ["not", "an", "object"]).errors] == ["INVALID_DATA"]
