"""A procedure's online form on the portal through Django's test client: submitted into a one-stop dossier that keeps
its form version and the data by dictionary keys, with a file sniffed by its content; refused data records nothing;
explicit drafts (half-valid) for signed-in citizens only, resumed by their owner only; prefill only from the
citizen's own account and dossiers; the staff's packaged data, filled PDF and export; another unit sees none of it."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from onestop_support import PROC, open_office
from online_form_support import published_online_form
from workspace_support import UnitClient

from core.modules.services import enable
from core.rate_limits import RateLimit
from modules.onestop.models import Dossier
from modules.onestop.services import online_limits
from modules.onestop.services.plans import forget_plans
from modules.portal.models import FormDraft, FormSubmission, SubmittedFile
from modules.portal.services import limits
from tenants.services import entered

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VALID = {"full_name": "Lê Thị Hoa", "id_number": "001190123456", "birth_date": "1990-03-04", "phone": "0912345678",
         "has_partners": True, "partners": [{"full_name": "Trần Văn Nam", "capital_share": 30}],
         "lease_contract": {"id": "local:hop-dong.pdf", "name": "hop-dong.pdf", "content_type": "application/pdf",
                            "size": len(PDF)}}
PAGE = f"/m/portal/thu-tuc/{PROC}/bieu-mau/"
ADDRESSES = ("10.91.0.1", "10.91.0.2", "10.91.0.3")


@pytest.fixture
def office(unit_a, unit_b, monkeypatch):
    forget_plans()
    people = open_office(unit_a)
    enable(unit_a, "portal")
    open_office(unit_b, catalogue=False)
    enable(unit_b, "portal")
    monkeypatch.setattr(limits, "SUBMISSION_ATTEMPTS", RateLimit("test-forms-submit", 20, 600))
    monkeypatch.setattr(online_limits, "PER_CLIENT", RateLimit("test-forms-online-client", 20, 600))
    monkeypatch.setattr(online_limits, "PER_PHONE", RateLimit("test-forms-online-phone", 20, 3600))
    form = published_online_form()
    yield {"unit": unit_a, "other": unit_b, "people": people, "form": form}
    for unit in (unit_a, unit_b):
        with entered(unit):
            for address in (*ADDRESSES, "127.0.0.1"):
                for limit in (limits.SUBMISSION_ATTEMPTS, online_limits.PER_CLIENT):
                    limit.forget(address)
            online_limits.PER_PHONE.forget("912345678")
    forget_plans()


def citizen(username, first, last, phone="0987654321"):
    return get_user_model().objects.create_user(username, password="mat-khau-rat-dai-2026", first_name=first,
                                                last_name=last, email=f"{username}@example.vn", phone=phone)


def signed_in(unit, user, address=ADDRESSES[0]):
    client = UnitClient(unit, REMOTE_ADDR=address)
    answer = client.post("/m/portal/dang-nhap/", {"username": user.username, "password": "mat-khau-rat-dai-2026",
                                                  "next": PAGE})
    assert answer.status_code == 302, answer.content.decode()
    return client


def post(client, data, files=None):
    return client.post(PAGE, {"du_lieu": json.dumps(data), **(files or {})})


def config_of(page: str) -> dict:
    """The page's settings for its script (the json_script block): draft, offers, initial data."""
    start = page.index('id="form-config" type="application/json">') + len('id="form-config" type="application/json">')
    return json.loads(page[start:page.index("</script>", start)])


def lease(content=PDF, name="hop-dong.pdf"):
    return {"lease_contract": SimpleUploadedFile(name, content, content_type="application/pdf")}


def dossiers(unit):
    with entered(unit):
        return list(Dossier.objects.order_by("id"))


def test_the_procedure_page_leads_to_its_online_form(office):
    client = UnitClient(office["unit"], REMOTE_ADDR=ADDRESSES[0])
    assert client.get(f"/m/portal/thu-tuc/{PROC}/nop/")["Location"].endswith(PAGE)
    page = client.get(PAGE).content.decode()
    assert "Giấy đề nghị đăng ký hộ kinh doanh" in page and 'id="form-artefact"' in page
    assert "forms-runtime.js" in page and "<script>" not in page  # no inline script: the site's CSP
    assert client.get(f"/m/portal/thu-tuc/{PROC}/nop/?thuong=1").status_code == 200  # the plain page stays


def test_an_anonymous_submission_keeps_its_form_version_and_data_by_dictionary_key(office):
    client = UnitClient(office["unit"], REMOTE_ADDR=ADDRESSES[0])
    answer = post(client, VALID, lease())
    assert answer.status_code == 302 and "/m/portal/bien-nhan/" in answer["Location"]
    (dossier,) = dossiers(office["unit"])
    assert dossier.channel == "online" and dossier.applicant_name == "Lê Thị Hoa"
    assert dossier.applicant_phone == "0912345678" and dossier.applicant_id_number == "001190123456"
    assert dossier.data["form"] == {"id": office["form"].pk, "procedure_code": PROC, "version_label": "2026.1",
                                    "digest": office["form"].artefact_hash}
    values = dossier.data["form_values"]
    assert values["partners"] == [{"full_name": "Trần Văn Nam", "capital_share": 30}]
    with entered(office["unit"]):
        stored = SubmittedFile.objects.get(dossier_code=dossier.code)
        assert FormSubmission.objects.get(dossier_code=dossier.code).owner is None
    assert values["lease_contract"] == {"id": stored.sha256[:16], "name": "hop-dong.pdf",
                                        "content_type": "application/pdf", "size": len(PDF)}
    # The receipt shows to this browser, as for the plain page.
    assert client.get(answer["Location"]).status_code == 200


def test_refused_data_or_a_file_refused_by_its_content_records_nothing(office):
    client = UnitClient(office["unit"], REMOTE_ADDR=ADDRESSES[0])
    bad = post(client, {**VALID, "id_number": "00119012345", "partners": [{"capital_share": 130}]}, lease())
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "Số định danh cá nhân" in page and "Họ, chữ đệm và tên" in page  # each field's message, in Vietnamese
    not_a_pdf = post(client, VALID, lease(b"MZ\x90\x00 an executable", "hop-dong.pdf"))
    assert not_a_pdf.status_code == 415
    missing_file = post(client, VALID)
    assert missing_file.status_code == 400 and "Hợp đồng thuê địa điểm kinh doanh" in missing_file.content.decode()
    hidden_group = post(client, {**VALID, "has_partners": False, "partners": [{"capital_share": 130}]}, lease())
    assert hidden_group.status_code == 302  # a hidden section is dropped, not refused
    assert len(dossiers(office["unit"])) == 1
    assert "partners" not in dossiers(office["unit"])[0].data["form_values"]
    with entered(office["unit"]):
        assert SubmittedFile.objects.count() == 1


def test_an_explicit_draft_may_be_half_valid_and_only_its_owner_resumes_it(office):
    unit = office["unit"]
    anonymous = UnitClient(unit, REMOTE_ADDR=ADDRESSES[0])
    refused = anonymous.post(PAGE + "nhap/", json.dumps({"data": {"full_name": "x"}}), content_type="application/json")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "SIGN_IN_REQUIRED"
    hoa, binh = citizen("cong-dan-hoa", "Hoa", "Lê Thị"), citizen("cong-dan-binh", "Bình", "Phạm Văn")
    as_hoa = signed_in(unit, hoa)
    half = {"full_name": "Lê Thị Hoa", "id_number": "12", "has_partners": True, "partners": [{}]}
    saved = as_hoa.post(PAGE + "nhap/", json.dumps({"data": half}), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["savedAt"]
    with entered(unit):
        assert FormDraft.objects.get(owner=hoa).data == half
        assert not Dossier.objects.exists()  # a draft is never a dossier
    resumed = as_hoa.get(PAGE).content.decode()
    assert "Đã mở bản nháp" in resumed and config_of(resumed)["draft"] == half
    other = signed_in(unit, binh, ADDRESSES[1]).get(PAGE).content.decode()
    assert "Đã mở bản nháp" not in other and config_of(other)["draft"] is None
    assert all(o["key"] != "id_number" for o in config_of(other)["offers"])
    # Submitting removes the draft.
    assert post(as_hoa, VALID, lease()).status_code == 302
    with entered(unit):
        assert not FormDraft.objects.filter(owner=hoa).exists()


def test_prefill_comes_only_from_the_citizens_own_account_and_dossiers(office):
    unit = office["unit"]
    hoa, binh = citizen("cong-dan-hoa2", "Hoa", "Lê Thị"), citizen("cong-dan-binh2", "Bình", "Phạm Văn")
    as_hoa = signed_in(unit, hoa)
    assert post(as_hoa, VALID, lease()).status_code == 302
    mine = as_hoa.get(PAGE).content.decode()
    code = dossiers(unit)[0].code
    assert "Thông tin có thể điền sẵn" in mine
    offered = {o["key"]: (o["value"], o["source"]) for o in config_of(mine)["offers"]}
    assert offered["id_number"] == ("001190123456", code)                 # from her dossier
    assert offered["full_name"] == ("Lê Thị Hoa", "profile")              # from her account
    assert offered["phone"] == ("0987654321", "profile")
    theirs = signed_in(unit, binh, ADDRESSES[1]).get(PAGE).content.decode()
    offered = {o["key"]: (o["value"], o["source"]) for o in config_of(theirs)["offers"]}
    assert "id_number" not in offered and code not in theirs and "001190123456" not in theirs
    assert offered["full_name"] == ("Phạm Văn Bình", "profile")
    anonymous = UnitClient(unit, REMOTE_ADDR=ADDRESSES[2]).get(PAGE).content.decode()
    assert config_of(anonymous)["offers"] == [] and "Thông tin có thể điền sẵn" not in anonymous
    # A citizen signed in on the portal is not a member: no staff page opens for them.
    assert as_hoa.get(f"/m/portal/ho-so/{code}/bieu-mau.json").status_code in (302, 403)


def test_a_wrong_password_signs_no_one_in(office):
    citizen("cong-dan-sai", "Sai", "Người")
    client = UnitClient(office["unit"], REMOTE_ADDR=ADDRESSES[0])
    answer = client.post("/m/portal/dang-nhap/", {"username": "cong-dan-sai", "password": "khong-dung"})
    assert answer.status_code == 400 and "không đúng" in answer.content.decode()
    assert "Đăng nhập để lưu bản nháp" in client.get(PAGE).content.decode()


def test_staff_download_the_packaged_data_the_filled_pdf_and_the_export(office):
    unit, other = office["unit"], office["other"]
    assert post(UnitClient(unit, REMOTE_ADDR=ADDRESSES[0]), VALID, lease()).status_code == 302
    code = dossiers(unit)[0].code
    staff = UnitClient(unit, user=office["people"]["receiving_officer"])
    body = json.loads(staff.get(f"/m/portal/ho-so/{code}/bieu-mau.json").content)
    assert body["form"]["versionLabel"] == "2026.1" and body["data"]["full_name"] == "Lê Thị Hoa"
    assert b"<full_name>L" in staff.get(f"/m/portal/ho-so/{code}/bieu-mau.xml").content
    assert staff.get(f"/m/portal/ho-so/{code}/bieu-mau.xsd").content.startswith(b"<?xml")
    assert staff.get(f"/m/portal/ho-so/{code}/bieu-mau.pdf").content.startswith(b"%PDF")
    sheet = staff.get(f"/m/portal/xuat/{PROC}.csv").content.decode("utf-8-sig").splitlines()
    assert sheet[0].startswith("dossier,submitted_at,form_version,full_name") and code in sheet[1]
    page = staff.get(f"/m/onestop/ho-so/{code}/").content.decode()
    assert f"/m/portal/ho-so/{code}/bieu-mau.pdf" in page
    through_api = _graphql(staff, '{ portalDossierFormData(code: "' + code + '") { package xml xmlSchema } }')
    found = through_api["data"]["portalDossierFormData"]
    assert found["package"]["data"]["full_name"] == "Lê Thị Hoa" and found["package"]["form"]["versionLabel"] == "2026.1"
    assert "<full_name>Lê Thị Hoa</full_name>" in found["xml"] and found["xmlSchema"].startswith("<?xml")
    # Isolation: the other unit's staff find neither the dossier's data nor its rows in their export.
    theirs = UnitClient(other, user=open_office_member(other))
    assert theirs.get(f"/m/portal/ho-so/{code}/bieu-mau.json").status_code == 404
    assert code not in theirs.get(f"/m/portal/xuat/{PROC}.csv").content.decode("utf-8-sig")
    refused = _graphql(theirs, '{ portalDossierFormData(code: "' + code + '") { xml } }')
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND" and "Lê Thị Hoa" not in json.dumps(refused)
    with entered(other):
        assert not FormSubmission.objects.exists() and not Dossier.objects.exists()


def open_office_member(unit):
    from api_support import add_member

    return add_member(unit, f"receiving-{unit.code}-forms", roles=("receiving_officer",))


def _graphql(client, query):
    answer = client.post("/graphql/", data=json.dumps({"query": query}), content_type="application/json")
    return answer.json()


def test_graphql_drafts_and_submissions_are_the_portal_citizens_own(office, settings):
    settings.GRAPHQL_ANONYMOUS_VALIDATION_MS = 5000  # a citizen is anonymous to the API; a loaded test machine is slow
    unit = office["unit"]
    hoa = citizen("cong-dan-hoa3", "Hoa", "Lê Thị")
    as_hoa = signed_in(unit, hoa)
    saved = _graphql(as_hoa, 'mutation { portalSaveFormDraft(procedureCode: "1.001612", data: {full_name: "Lê Thị Hoa", '
                             'id_number: "12"}) { errors { code } draft { formId data } } }')
    assert saved["data"]["portalSaveFormDraft"]["errors"] == []
    assert saved["data"]["portalSaveFormDraft"]["draft"]["data"]["id_number"] == "12"
    draft = _graphql(as_hoa, '{ portalFormDraft(procedureCode: "1.001612") { formId data } }')
    assert draft["data"]["portalFormDraft"]["formId"] == office["form"].pk
    # Submitting through the API checks the same rules: every field's error, nothing recorded.
    refused = _graphql(as_hoa, 'mutation { portalSubmitForm(procedureCode: "1.001612", data: {full_name: "Lê Thị Hoa", '
                               'id_number: "12"}) { dossierCode errors { field code message } } }')
    errors = refused["data"]["portalSubmitForm"]["errors"]
    assert {e["field"] for e in errors} >= {"id_number", "phone", "lease_contract"}
    assert all(e["code"] == "INVALID_FORM" for e in errors) and not dossiers(unit)
    # Another browser (anonymous) reads no draft and no submission of hers.
    stranger = UnitClient(unit, REMOTE_ADDR=ADDRESSES[1])
    assert _graphql(stranger, '{ portalFormDraft(procedureCode: "1.001612") { formId } }')["data"] == {
        "portalFormDraft": None}
    assert post(as_hoa, VALID, lease()).status_code == 302
    mine = _graphql(as_hoa, "{ portalMyFormSubmissions { dossierCode formId } }")["data"]["portalMyFormSubmissions"]
    assert [m["dossierCode"] for m in mine] == [dossiers(unit)[0].code]
    assert _graphql(stranger, "{ portalMyFormSubmissions { dossierCode } }")["data"]["portalMyFormSubmissions"] == []


def test_the_portals_limits_hold_for_the_online_form(office, monkeypatch):
    monkeypatch.setattr(limits, "SUBMISSION_ATTEMPTS", RateLimit("test-forms-submit-tight", 2, 600))
    client = UnitClient(office["unit"], REMOTE_ADDR=ADDRESSES[2])
    assert post(client, {**VALID, "phone": "bad"}, lease()).status_code == 400  # a refused attempt counts too
    assert post(client, VALID, lease()).status_code == 302
    refused = post(client, VALID, lease())
    assert refused.status_code == 429 and "quá nhiều yêu cầu" in refused.content.decode()
    assert len(dossiers(office["unit"])) == 1
    with entered(office["unit"]):
        limits.SUBMISSION_ATTEMPTS.forget(ADDRESSES[2])
