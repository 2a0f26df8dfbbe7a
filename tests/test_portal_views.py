"""The citizen portal through Django's test client: the landing page on every address, search with or without tone
marks by sector and level, a procedure's page, online submission with files (types sniffed from the bytes, sizes,
the virus-scan hook), the receipt shown only to the browser that submitted, limits on anonymous callers, and a
unit's portal showing only that unit's procedures and dossiers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from onestop_support import PROC, STEPS, open_office
from workspace_support import UnitClient

from core.modules.services import enable, set_settings
from core.rate_limits import RateLimit
from modules.notices.models import NoticeOutbox
from modules.onestop.models import Dossier
from modules.onestop.services import online_limits
from modules.onestop.services.plans import forget_plans
from modules.portal.models import SubmittedFile
from modules.portal.services import limits
from modules.procedures.services import adopt_procedure
from tenants.services import entered

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OTHER = "1.001193"  # birth registration: in the catalogue, not handled by the portal's unit in these tests


def found_threat(name, content):
    """A scanner for the test: anything containing the EICAR marker is a threat."""
    return "EICAR-Test" if b"EICAR" in content else None


@pytest.fixture
def portal(unit_a, unit_b, monkeypatch):
    """unit_a handles PROC and has the portal (and notices); unit_b has the portal but handles no procedure."""
    forget_plans()
    open_office(unit_a)
    for module in ("notify", "notices", "tracking", "portal"):
        enable(unit_a, module)
    for module in ("catalogue", "procedures", "onestop", "portal"):
        enable(unit_b, module)
    # Limits of their own for each test, so no other test's counts meet these.
    monkeypatch.setattr(limits, "SUBMISSION_ATTEMPTS", RateLimit("test-portal-submit", 3, 600))
    monkeypatch.setattr(limits, "SEARCHES", RateLimit("test-portal-search", 3, 60))
    monkeypatch.setattr(online_limits, "PER_CLIENT", RateLimit("test-portal-online-client", 10, 600))
    monkeypatch.setattr(online_limits, "PER_PHONE", RateLimit("test-portal-online-phone", 10, 3600))
    yield unit_a
    for unit in (unit_a, unit_b):
        with entered(unit):  # cache keys carry the unit's schema
            for address in ("10.90.0.1", "10.90.0.2", "10.90.0.3", "127.0.0.1"):
                for limit in (limits.SUBMISSION_ATTEMPTS, limits.SEARCHES, online_limits.PER_CLIENT):
                    limit.forget(address)
            online_limits.PER_PHONE.forget("912345678")
    forget_plans()


def _client(unit, address="10.90.0.1"):
    return UnitClient(unit, REMOTE_ADDR=address)


def _submit(client, files=(), name="Lê Thị Hoa", **extra):
    return client.post(f"/m/portal/thu-tuc/{PROC}/nop/", {
        "applicant_name": name, "applicant_phone": "0912 345 678", "applicant_email": "hoa@example.vn",
        "noi_dung": "Đăng ký hộ kinh doanh tạp hóa", "tep": list(files), **extra})


def _dossiers(unit) -> list[str]:
    with entered(unit):
        return list(Dossier.objects.values_list("code", flat=True))


# --- landing pages ---

def test_the_platform_address_shows_the_province_portal_not_a_404(portal):
    answer = Client(HTTP_HOST="localhost").get("/")
    assert answer.status_code == 200
    assert "Cổng dịch vụ công" in answer.content.decode()
    # the whole catalogue: procedures no unit adopted are listed too
    assert OTHER in answer.content.decode() and PROC in answer.content.decode()


def test_a_unit_with_the_portal_shows_its_procedures_at_its_root(portal, unit_a):
    body = _client(unit_a).get("/").content.decode()
    assert unit_a.name in body and PROC in body
    assert OTHER not in body  # in the catalogue, but not handled here


def test_a_unit_without_the_portal_still_has_a_landing_page(make_unit):
    unit = make_unit("91009", "Xã Chưa Có Cổng")
    answer = _client(unit).get("/")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "Xã Chưa Có Cổng" in body and "/dang-nhap/" in body and "/tra-cuu/" in body


# --- search and the procedure's page ---

@pytest.mark.parametrize("typed", ["đăng ký thành lập hộ kinh doanh", "dang ky thanh lap ho kinh doanh",
                                   "DANG KY HO KINH DOANH", "thanh lap ho", PROC])
def test_search_finds_a_procedure_with_or_without_tone_marks(portal, unit_a, typed):
    body = _client(unit_a).get("/m/portal/", {"q": typed}).content.decode()
    assert f"/m/portal/thu-tuc/{PROC}/" in body


def test_search_by_sector_and_level_and_names_typed_with_tones_rank_first(portal):
    client = Client(HTTP_HOST="localhost")
    found = client.get("/m/portal/", {"q": "ho kinh doanh"}).content.decode()
    # both household-business procedures match; the registration's name holds "hộ kinh doanh" as typed
    assert found.index("/thu-tuc/1.001612/") < found.index("/thu-tuc/2.000720/")
    civil = client.get("/m/portal/", {"q": "dang ky", "linh-vuc": _sector_id("Hộ tịch")}).content.decode()
    assert "/thu-tuc/1.001193/" in civil and "/thu-tuc/1.001612/" not in civil
    full = client.get("/m/portal/", {"muc-do": "full"}).content.decode()
    assert "/thu-tuc/1.001193/" in full  # "Toàn trình" in the sample catalogue


def _sector_id(name: str) -> int:
    from modules.catalogue.models import Sector

    return Sector.objects.get(name=name).pk


def test_the_procedure_page_shows_components_fees_time_and_channels(portal, unit_a):
    answer = _client(unit_a).get(f"/m/portal/thu-tuc/{PROC}/")
    body = answer.content.decode()
    assert answer.status_code == 200
    for text in ("Thành phần hồ sơ", "Phí, lệ phí", "Thời hạn giải quyết", "Trực tuyến", "ngày làm việc",
                 "Nộp hồ sơ trực tuyến"):
        assert text in body


# --- online submission ---

def test_an_online_submission_with_files_gives_a_receipt_and_notices(portal, unit_a):
    client = _client(unit_a)
    answer = _submit(client, [SimpleUploadedFile("giay-to.pdf", PDF, "application/pdf"),
                              SimpleUploadedFile("../../anh chup.png", PNG, "image/png")])
    assert answer.status_code == 302, answer.content.decode()[:500]
    [code] = _dossiers(unit_a)
    assert answer["Location"] == f"/m/portal/bien-nhan/{code}/"
    with entered(unit_a):
        files = list(SubmittedFile.objects.filter(dossier_code=code).order_by("id"))
        assert [(f.name, f.content_type, bytes(f.content)) for f in files] == [
            ("giay-to.pdf", "application/pdf", PDF), ("anh chup.png", "image/png", PNG)]
        dossier = Dossier.objects.get(code=code)
        assert (dossier.channel, dossier.applicant_phone) == ("online", "0912345678")
        # the SMS and e-mail receipt: the notices' outbox row written with the dossier
        assert NoticeOutbox.objects.filter(dossier_code=code).exists()
    receipt = client.get(answer["Location"]).content.decode()
    assert code in receipt and "giay-to.pdf" in receipt and "/tra-cuu/?ma=" in receipt
    # the code alone shows nothing to another browser
    assert _client(unit_a, "10.90.0.2").get(answer["Location"]).status_code == 404


@pytest.mark.parametrize("name, content, kind", [
    ("ho-so.pdf", b"MZ\x90\x00 an executable named .pdf", "application/pdf"),
    ("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
    ("rong.pdf", b"", "application/pdf"),
])
def test_a_file_whose_bytes_are_not_an_accepted_type_is_refused(portal, unit_a, name, content, kind):
    answer = _submit(_client(unit_a), [SimpleUploadedFile(name, content, kind)])
    assert answer.status_code == 415
    assert "không phải PDF" in answer.content.decode()
    assert _dossiers(unit_a) == []


def test_a_file_over_the_units_size_limit_is_refused(portal, unit_a):
    set_settings(unit_a, "portal", {"max_file_mb": 1})
    big = PDF + b"0" * (1024 * 1024)
    answer = _submit(_client(unit_a), [SimpleUploadedFile("lon.pdf", big, "application/pdf")])
    assert answer.status_code == 413
    assert "lớn hơn 1 MB" in answer.content.decode()
    assert _dossiers(unit_a) == []


def test_a_body_larger_than_any_submission_is_refused_before_reading(portal, unit_a):
    answer = _client(unit_a).post(f"/m/portal/thu-tuc/{PROC}/nop/", b"x", content_type="application/octet-stream",
                                  CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert answer.status_code == 413


def test_too_many_files_are_refused(portal, unit_a):
    files = [SimpleUploadedFile(f"{i}.pdf", PDF, "application/pdf") for i in range(6)]
    assert _submit(_client(unit_a), files).status_code == 400
    assert _dossiers(unit_a) == []


def test_the_virus_scan_hook_refuses_what_the_scanner_finds(portal, unit_a, settings):
    settings.EGOV_UPLOAD_SCANNER = "test_portal_views.found_threat"
    answer = _submit(_client(unit_a), [SimpleUploadedFile("a.pdf", PDF + b"EICAR", "application/pdf")])
    assert answer.status_code == 400 and "quét mã độc" in answer.content.decode()
    assert _dossiers(unit_a) == []
    assert _submit(_client(unit_a), [SimpleUploadedFile("b.pdf", PDF, "application/pdf")]).status_code == 302


def test_what_the_applicant_typed_is_escaped_and_labelled_as_theirs(portal, unit_a):
    client = _client(unit_a)
    answer = _submit(client, name='<b>UBND xã thông báo</b> <a href="http://x.example">nộp phí</a>')
    assert answer.status_code == 302
    body = client.get(answer["Location"]).content.decode()
    assert "<b>UBND" not in body and "&lt;b&gt;UBND" in body and 'href="http://x.example"' not in body
    declared = body.index("Thông tin do người nộp khai")
    assert body.index("&lt;b&gt;UBND") > declared


# --- limits on anonymous callers ---

def test_submission_attempts_are_limited_per_client_refused_ones_included(portal, unit_a):
    client = _client(unit_a, "10.90.0.3")
    bad = [SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")]
    assert [_submit(client, bad).status_code for _ in range(3)] == [415, 415, 415]
    answer = _submit(client, [SimpleUploadedFile("ok.pdf", PDF, "application/pdf")])
    assert answer.status_code == 429 and "quá nhiều" in answer.content.decode()
    assert _submit(_client(unit_a, "10.90.0.2")).status_code == 302  # another client is not held up


def test_accepted_submissions_share_the_apis_limit_per_phone_number(portal, unit_a, monkeypatch):
    monkeypatch.setattr(online_limits, "PER_PHONE", RateLimit("test-portal-online-phone", 1, 3600))
    assert _submit(_client(unit_a, "10.90.0.1")).status_code == 302
    assert _submit(_client(unit_a, "10.90.0.2")).status_code == 429
    assert len(_dossiers(unit_a)) == 1


def test_searches_are_limited_per_client(portal, unit_a):
    client = _client(unit_a, "10.90.0.1")
    assert [client.get("/m/portal/", {"q": "ho"}).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get("/m/portal/thu-tuc/" + PROC + "/").status_code == 200  # reading a page is not a search


# --- isolation ---

def test_a_units_portal_shows_only_its_procedures_and_dossiers(portal, unit_a, unit_b):
    client = _client(unit_a)
    answer = _submit(client, [SimpleUploadedFile("a.pdf", PDF, "application/pdf")])
    code = answer["Location"].rstrip("/").rsplit("/", 1)[1]
    other = UnitClient(unit_b, REMOTE_ADDR="10.90.0.1")
    other.cookies = client.cookies  # the same browser, on the other unit's portal
    assert other.get(f"/m/portal/bien-nhan/{code}/").status_code == 404
    assert other.get(f"/m/portal/thu-tuc/{PROC}/").status_code == 404
    assert other.get(f"/m/portal/thu-tuc/{PROC}/nop/").status_code == 404
    assert PROC not in other.get("/", {"q": "ho kinh doanh"}).content.decode()
    assert _dossiers(unit_b) == []
    assert client.get(f"/m/portal/thu-tuc/{OTHER}/").status_code == 404  # in the catalogue, not handled by unit_a


def test_unit_b_handling_the_procedure_lists_it_on_its_own_portal(portal, unit_b):
    adopt_procedure(unit_b, PROC, STEPS)
    assert f"/m/portal/thu-tuc/{PROC}/" in _client(unit_b).get("/m/portal/").content.decode()
    # and the province's page of the procedure links both units' portals
    body = Client(HTTP_HOST="localhost").get(f"/m/portal/thu-tuc/{PROC}/").content.decode()
    assert "Xã Thử Nghiệm A" in body and "Xã Thử Nghiệm B" in body


# --- the staff's side ---

def test_staff_list_and_download_the_files_as_sent_and_others_are_refused(portal, unit_a, unit_b):
    from api_support import add_member

    answer = _submit(_client(unit_a), [SimpleUploadedFile("đơn đề nghị.pdf", PDF, "application/pdf")])
    code = answer["Location"].rstrip("/").rsplit("/", 1)[1]
    clerk = add_member(unit_a, "tiep-nhan-cong", roles=("receiving_officer",))
    assert 'href="/m/portal/tep/"' in UnitClient(unit_a, clerk).get("/lam-viec/").content.decode()  # navigation
    listing = UnitClient(unit_a, clerk).get("/m/portal/tep/")
    assert listing.status_code == 200 and code in listing.content.decode()
    with entered(unit_a):
        file_id = SubmittedFile.objects.get(dossier_code=code).pk
    download = UnitClient(unit_a, clerk).get(f"/m/portal/tep/{code}/{file_id}/")
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Type"] == "application/pdf" and download["Content-Disposition"].startswith("attachment")
    assert _client(unit_a).get("/m/portal/tep/").status_code == 302  # to the sign-in page
    outsider = add_member(unit_b, "tiep-nhan-xa-khac", roles=("receiving_officer",))
    assert UnitClient(unit_a, outsider).get(f"/m/portal/tep/{code}/{file_id}/").status_code == 403
    assert UnitClient(unit_b, outsider).get(f"/m/portal/tep/{code}/{file_id}/").status_code == 404
