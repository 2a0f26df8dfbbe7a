"""Packaged data of a submission: JSON valid against the published JSON Schema and XML valid against the XML Schema
derived from it, both keyed by dictionary keys; an export across two form versions with a renamed section and moved
fields (columns by dictionary key: none drops or shifts); the filled PDF with each value printed at the field's
position on paper; prefill offers only values this version accepts."""

import csv
import io
import json

import pytest
from forms_support import published_household_form
from jsonschema import Draft202012Validator
from lxml import etree
from openpyxl import load_workbook
from pypdf import PdfReader

from modules.forms.services import (
    ExportEntry,
    FormsError,
    create_form,
    export_csv,
    export_table,
    export_xlsx,
    filled_pdf,
    form_spec,
    offers,
    package_json,
    package_xml,
    publish_form,
    save_form,
    validate,
    xml_schema,
)

ADDR = {"province": "56", "commune": "22366", "street": "12 Trần Phú"}
DATA = {"full_name": "Nguyễn Văn An", "birth_date": "1990-05-17", "id_number": "001090123456", "sex": "1",
        "permanent_address": ADDR, "phone": "0912345678", "t_number": 2.5, "t_bool": False,
        "t_file": {"id": "17", "name": "giay-khai-sinh.pdf", "content_type": "application/pdf", "size": 1200},
        "has_members": True, "members": [{"full_name": "Trần Thị Bình", "relation": "2"},
                                         {"full_name": "Nguyễn Văn Cường", "relation": "1"}]}
SUBMISSION = {"dossier": "91001-261120-0001", "submitted_at": "2026-11-20T10:00:00+07:00", "unit": "91001"}


@pytest.fixture
def artefact(db):
    return published_household_form().artefact


def kept(artefact, data=DATA):
    verdict = validate(artefact, data)
    assert verdict.valid, verdict.errors
    return verdict.data


def test_the_json_package_is_valid_against_the_published_schema(artefact):
    body = json.loads(package_json(artefact, kept(artefact), SUBMISSION))
    Draft202012Validator(artefact["schema"]).validate(body["data"])
    assert body["form"]["procedureCode"] == "1.000001" and body["form"]["versionLabel"] == "v1"
    assert body["form"]["digest"] == artefact["form"]["digest"]
    assert body["data"]["full_name"] == "Nguyễn Văn An" and body["data"]["members"][1]["relation"] == "1"
    assert body["submission"]["dossier"] == SUBMISSION["dossier"]


def test_the_xml_package_is_valid_against_the_versions_xml_schema(artefact):
    schema = etree.XMLSchema(etree.fromstring(xml_schema(artefact)))
    document = etree.fromstring(package_xml(artefact, kept(artefact), SUBMISSION))
    schema.assertValid(document)
    ns = {"f": "urn:egov:form:1.000001:v1"}
    assert document.findtext("f:data/f:full_name", namespaces=ns) == "Nguyễn Văn An"
    assert document.findtext("f:data/f:permanent_address/f:commune", namespaces=ns) == "22366"
    assert [n.text for n in document.findall("f:data/f:members/f:item/f:full_name", ns)] == [
        "Trần Thị Bình", "Nguyễn Văn Cường"]
    assert document.find("f:data/f:t_file", ns).get("size") == "1200"
    # The schema is a real constraint: a value out of the list fails it.
    document.find("f:data/f:sex", ns).text = "9"
    assert not schema.validate(document)


def test_data_that_does_not_fit_the_schema_is_never_packaged(artefact):
    with pytest.raises(FormsError) as refused:
        package_json(artefact, {**kept(artefact), "unknown_key": 1}, SUBMISSION)
    assert refused.value.code == "INVALID_FORM"


def test_an_export_across_two_versions_maps_columns_by_dictionary_key(artefact):
    first = artefact
    spec = form_spec(first["form"]["id"])
    # Version 2: the applicant's section renamed (key and title), its fields in another order, one field dropped
    # (ethnicity), one added (current_address) and one moved to another section (phone).
    applicant = spec["sections"][0]
    applicant.update(key="nguoi_yeu_cau", title_vi="Người yêu cầu")
    phone = next(f for f in applicant["fields"] if f["field"] == "phone")
    applicant["fields"] = [f for f in reversed(applicant["fields"]) if f["field"] not in ("ethnicity", "phone")]
    applicant["fields"].append({"field": "current_address"})
    spec["sections"][1]["fields"].insert(0, phone)
    second_draft = create_form("1.000001", "v2", "Tờ khai đăng ký hộ (sửa đổi)")
    save_form(second_draft.pk, spec)
    second = publish_form(second_draft.pk).artefact
    old = {**kept(first), "ethnicity": "01"}
    new = kept(second, {**DATA, "current_address": {**ADDR, "street": "3 Lê Lợi"}, "phone": "0987654321"})
    found = export_table([ExportEntry(first, old, "D1", "2026-11-01"), ExportEntry(second, new, "D2", "2026-11-20")])
    rows = {row[0]: dict(zip(["dossier", "submitted_at", "form_version", *found.columns], row, strict=True))
            for row in found.rows}
    assert rows["D1"]["full_name"] == rows["D2"]["full_name"] == "Nguyễn Văn An"
    assert rows["D1"]["phone"] == "0912345678" and rows["D2"]["phone"] == "0987654321"
    assert rows["D1"]["ethnicity"] == "01" and rows["D2"]["ethnicity"] == ""          # only v1 had it
    assert rows["D1"]["current_address"] == "" and rows["D2"]["current_address"].startswith("3 Lê Lợi, ")
    assert rows["D2"]["permanent_address"] == "12 Trần Phú, Phường Nha Trang, Tỉnh Khánh Hoà"
    assert rows["D1"]["members.full_name"] == "Trần Thị Bình; Nguyễn Văn Cường"
    assert rows["D1"]["form_version"] == "v1" and rows["D2"]["form_version"] == "v2"
    assert len(found.columns) == len(set(found.columns))
    # The same table as CSV and as Excel: keys on the first row, labels on the second (Excel).
    table = list(csv.reader(io.StringIO(export_csv(found).decode("utf-8-sig"))))
    assert table[0] == ["dossier", "submitted_at", "form_version", *found.columns]
    assert table[1][table[0].index("ethnicity")] == "01"
    sheet = load_workbook(io.BytesIO(export_xlsx(found, "1.000001"))).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("full_name") + 1).value == "Họ, chữ đệm và tên"
    assert sheet.cell(row=4, column=header.index("phone") + 1).value == "0987654321"


def _text_at(content: bytes, page_no: int = 0) -> list[tuple[float, float, str]]:
    """(x mm, y mm from the top, text) of each run of text on a page."""
    page = PdfReader(io.BytesIO(content)).pages[page_no]
    height = float(page.mediabox.height)
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            runs.append((x * 25.4 / 72, (height - y) * 25.4 / 72, text.strip()))
    page.extract_text(visitor_text=visit)
    return runs


def test_the_filled_pdf_prints_each_value_at_its_place_on_paper(artefact):
    content = filled_pdf(artefact, kept(artefact))
    assert content.startswith(b"%PDF")
    runs = _text_at(content)
    # full_name is placed at x 40 mm, y 60 mm (tests/forms_support.py): its value sits on that line.
    name = [(x, y) for x, y, text in runs if "Nguyễn Văn An" in text]
    assert name and abs(name[0][0] - 40) < 3 and 58 < name[0][1] < 68, runs
    everything = "\n".join(t for _x, _y, t in runs + _text_at(content, -1))
    assert "TỜ KHAI ĐĂNG KÝ HỘ" in everything and "NGƯỜI KHAI" in everything
    last = " ".join(t for _x, _y, t in _text_at(content, len(PdfReader(io.BytesIO(content)).pages) - 1))
    assert "Nam" in last and "giay-khai-sinh.pdf" in last  # a choice by its name, a file by its name


def test_prefill_offers_only_values_this_version_accepts(artefact):
    profile = {"applicant.full_name": "Nguyễn Văn An", "applicant.phone": "0112345678"}  # a phone it refuses
    earlier = [("D2", {"sex": "2", "t_file": DATA["t_file"]}), ("D1", {"sex": "1", "email": "an@example.vn"})]
    found = {o.key: o for o in offers(artefact, profile, earlier)}
    assert found["full_name"].value == "Nguyễn Văn An" and found["full_name"].source == "profile"
    assert found["sex"].value == "2" and found["sex"].source == "D2"       # the newest dossier first
    assert found["email"].source == "D1"
    assert "phone" not in found and "t_file" not in found


def test_the_filled_pdf_is_ready_for_signing(artefact, tmp_path):
    """The declarant signs the filled form as it is (PAdES with the development CA and a real HTTP TSA): the
    signature is valid and the values are still where the paper form has them."""
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from signatures_support import SIGNER, TsaServer, key, make_ca, roots

    from modules.signatures import services as signatures

    content = filled_pdf(artefact, kept(artefact))
    ca = make_ca(tmp_path / "ca")
    with TsaServer(ca) as tsa:
        signed = signatures.sign_pdf(content, signer=signatures.Party(SIGNER, key(ca, "leader-91001")), agency=None,
                                     timestamper=HTTPTimeStamper(tsa.url), reason="Người khai ký tờ khai")
    assert signed.startswith(content[:content.rfind(b"%%EOF")])  # appended to, never rewritten
    result = signatures.verify_pdf(signed, roots=roots(ca))
    assert result.status == "valid" and result.signatures[0].signer == SIGNER
    assert any("Nguyễn Văn An" in text for _x, _y, text in _text_at(signed))
