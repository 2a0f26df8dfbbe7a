"""The staff workspace through Django's test client: signing in on a unit's or the platform's address, the
navigation each role sees, the counter, the dossier page's buttons (the rule book decides, the service refuses a
post without the role), transfer with a reason, one unit's pages closed to another's members, the queue page in a
constant number of queries, the unit's failed messages."""

import pytest
from api_support import add_member
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from onestop_support import PROC, open_office, receive_at
from workspace_support import UnitClient

from core.modules.services import disable
from modules.onestop.services import reads
from modules.onestop.services.actions import perform
from modules.onestop.services.plans import forget_plans


@pytest.fixture(autouse=True)
def _fresh_plans():
    forget_plans()
    yield
    forget_plans()


@pytest.fixture
def office(unit_a):
    return unit_a, open_office(unit_a)


def _status(unit, code):
    with tenant_context(unit):
        return reads.dossier_status(code)


def test_a_member_signs_in_on_the_unit_address_and_an_outsider_is_refused(office, unit_b):
    unit, people = office
    people["specialist"].set_password("mat-khau-dai-1")
    people["specialist"].save()
    outsider = add_member(unit_b, "outsider", roles=("specialist",), password="mat-khau-dai-1")
    page = UnitClient(unit).get("/dang-nhap/")
    assert page.status_code == 200 and "Đăng nhập" in page.content.decode()
    done = UnitClient(unit).post("/dang-nhap/", {"username": "specialist-91001", "password": "mat-khau-dai-1"})
    assert done.status_code == 302 and done["Location"] == "/lam-viec/"
    refused = UnitClient(unit).post("/dang-nhap/", {"username": outsider.username, "password": "mat-khau-dai-1"})
    assert refused.status_code == 400 and "không thuộc đơn vị" in refused.content.decode()
    wrong = UnitClient(unit).post("/dang-nhap/", {"username": "specialist-91001", "password": "sai"})
    assert wrong.status_code == 400 and "_auth_user_id" not in wrong.client.session


def test_the_platform_address_hands_a_person_over_to_the_unit_they_pick_once(office, unit_b):
    unit, people = office
    clerk = people["receiving_officer"]
    platform = UnitClient(user=clerk)
    listing = platform.get("/don-vi/")
    assert listing.status_code == 200
    assert unit.name in listing.content.decode() and unit_b.name not in listing.content.decode()
    assert platform.post(f"/don-vi/{unit_b.code}/").status_code == 403  # not a member there
    handed = platform.post(f"/don-vi/{unit.code}/")
    assert handed.status_code == 302 and "/dang-nhap/ve/?t=" in handed["Location"]
    ticket = handed["Location"].split("?t=", 1)[1]
    arrived = UnitClient(unit).get("/dang-nhap/ve/", {"t": ticket})
    assert arrived.status_code == 302 and arrived["Location"] == "/lam-viec/"
    assert UnitClient(unit).get("/dang-nhap/ve/", {"t": ticket}).status_code == 403  # used once
    assert UnitClient(unit_b).get("/dang-nhap/ve/", {"t": ticket}).status_code == 403  # for that unit only


def test_the_navigation_shows_what_the_unit_enabled_and_the_role_allows(office):
    unit, people = office
    clerk_home = UnitClient(unit, people["receiving_officer"]).get("/lam-viec/").content.decode()
    assert 'href="/m/onestop/"' in clerk_home and 'href="/m/onestop/tiep-nhan/"' in clerk_home
    assert 'href="/admin/"' not in clerk_home
    specialist_home = UnitClient(unit, people["specialist"]).get("/lam-viec/").content.decode()
    assert 'href="/m/onestop/"' in specialist_home and "/m/onestop/tiep-nhan/" not in specialist_home
    disable(unit, "onestop")
    off = UnitClient(unit, people["receiving_officer"])
    assert "/m/onestop/" not in off.get("/lam-viec/").content.decode()
    assert off.get("/m/onestop/").status_code == 404


def test_the_counter_receives_a_dossier_with_its_components_ticked(office):
    unit, people = office
    client = UnitClient(unit, people["receiving_officer"])
    form = client.get("/m/onestop/tiep-nhan/", {"thu-tuc": PROC})
    assert form.status_code == 200
    components = [c.name for c in form.context["chosen"].components]
    assert components, "the sample procedure lists its dossier components"
    unscanned = client.post("/m/onestop/tiep-nhan/", {
        "procedure": PROC, "applicant_name": "Lê Thị Hoa", "applicant_phone": "0912 345 678",
        "channel": "counter", "components": components[:1]})
    assert unscanned.status_code == 400 and "Cần bản quét" in unscanned.content.decode()  # Circular 03/2025 Art. 5
    done = client.post("/m/onestop/tiep-nhan/", {
        "procedure": PROC, "applicant_name": "Lê Thị Hoa", "applicant_phone": "0912 345 678",
        "channel": "counter", "components": components[:1],
        "scan-0": SimpleUploadedFile("don.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")})
    assert done.status_code == 302, done.content.decode()[-3000:]
    code = done["Location"].rstrip("/").rsplit("/", 1)[1]
    with tenant_context(unit):
        dossier = reads.dossier(code)
        assert dossier.applicant_name == "Lê Thị Hoa" and dossier.data == {"components": components[:1]}
        assert dossier.applicant_phone == "0912345678"
    bad = client.post("/m/onestop/tiep-nhan/", {"procedure": PROC, "applicant_name": "X", "applicant_phone": "12",
                                                "channel": "counter"})
    assert bad.status_code == 400 and "Số điện thoại không hợp lệ" in bad.content.decode()
    assert UnitClient(unit, people["specialist"]).get("/m/onestop/tiep-nhan/").status_code == 403


def test_buttons_follow_the_rule_book_and_a_post_without_the_role_is_refused(office):
    unit, people = office
    code = receive_at(unit, people["receiving_officer"]).code
    page = UnitClient(unit, people["receiving_officer"]).get(f"/m/onestop/ho-so/{code}/").content.decode()
    assert 'data-action="start"' in page and 'href="/m/printing/01/' not in page  # printing is off here
    specialist = UnitClient(unit, people["specialist"])
    assert 'data-action="start"' not in specialist.get(f"/m/onestop/ho-so/{code}/").content.decode()
    refused = specialist.post(f"/m/onestop/ho-so/{code}/thao-tac/", {"action": "start"})
    assert refused.status_code == 403 and _status(unit, code) == "received"
    started = UnitClient(unit, people["receiving_officer"]).post(f"/m/onestop/ho-so/{code}/thao-tac/",
                                                                 {"action": "start"})
    assert started.status_code == 302 and _status(unit, code) == "in_process"
    no_reason = UnitClient(unit, people["leader"]).post(f"/m/onestop/ho-so/{code}/thao-tac/", {"action": "pause"})
    assert no_reason.status_code == 400 and _status(unit, code) == "in_process"


def test_the_dossier_page_names_who_does_each_step(office):
    """Each step shows its role by the name the unit gave it, never the role's code."""
    unit, people = office
    code = receive_at(unit, people["receiving_officer"]).code
    page = UnitClient(unit, people["receiving_officer"]).get(f"/m/onestop/ho-so/{code}/").content.decode()
    assert "(Chuyên viên xử lý, 2 ngày làm việc)" in page and "(Lãnh đạo, 1 ngày làm việc)" in page
    assert "(specialist," not in page and "(leader," not in page


def test_the_leader_stops_a_dossier_with_a_reason_picked_from_the_list(office):
    unit, people = office
    code = receive_at(unit, people["receiving_officer"]).code
    leader = UnitClient(unit, people["leader"])
    page = leader.get(f"/m/onestop/ho-so/{code}/").content.decode()
    assert 'data-action="stop"' in page and '<option value="no_supplement">' in page
    assert 'data-action="stop"' not in UnitClient(unit, people["receiving_officer"]).get(
        f"/m/onestop/ho-so/{code}/").content.decode()
    unlisted = leader.post(f"/m/onestop/ho-so/{code}/thao-tac/", {"action": "stop", "reason": "Hết hạn",
                                                                  "stop_reason": "other"})
    assert unlisted.status_code == 400 and _status(unit, code) == "received"
    stopped = leader.post(f"/m/onestop/ho-so/{code}/thao-tac/", {"action": "stop", "reason": "Hết hạn",
                                                                 "stop_reason": "no_supplement"})
    assert stopped.status_code == 302 and _status(unit, code) == "stopped"


def test_a_dossier_is_transferred_with_its_reason(office, unit_b):
    unit, people = office
    open_office(unit_b, catalogue=False)
    code = receive_at(unit, people["receiving_officer"]).code
    with tenant_context(unit):
        perform(code, "start", actor=people["receiving_officer"])
    client = UnitClient(unit, people["specialist"])
    assert 'id="transfer"' in client.get(f"/m/onestop/ho-so/{code}/").content.decode()
    assert client.post(f"/m/onestop/ho-so/{code}/chuyen/", {"to_unit": unit_b.code}).status_code == 400
    done = client.post(f"/m/onestop/ho-so/{code}/chuyen/", {"to_unit": unit_b.code, "note": "Thuộc thẩm quyền xã B"})
    assert done.status_code == 302 and _status(unit, code) == "transferred"
    with tenant_context(unit):
        assert reads.last_event(reads.dossier(code), "transfer").reason == "Thuộc thẩm quyền xã B"


def test_a_member_of_one_unit_sees_nothing_of_another(office, unit_b):
    unit, people = office
    people_b = open_office(unit_b, people_suffix="b", catalogue=False)
    code_b = receive_at(unit_b, people_b["receiving_officer"], name="Người Ở Xã B").code
    into_b = UnitClient(unit_b, people["receiving_officer"])
    for path in ("/lam-viec/", "/m/onestop/", f"/m/onestop/ho-so/{code_b}/"):
        assert into_b.get(path).status_code == 403, path
    mine = UnitClient(unit, people["receiving_officer"])
    assert mine.get(f"/m/onestop/ho-so/{code_b}/").status_code == 404
    assert "Người Ở Xã B" not in mine.get("/m/onestop/?hang=open").content.decode()


def test_the_queue_page_reads_in_the_same_number_of_queries_for_5_or_30_dossiers(office):
    unit, people = office
    clerk = people["receiving_officer"]
    client = UnitClient(unit, clerk)

    def queries() -> int:
        client.get("/m/onestop/?hang=waiting_for_me")  # warm: the session, the unit's modules
        with CaptureQueriesContext(connection) as seen:
            response = client.get("/m/onestop/?hang=waiting_for_me")
        assert response.status_code == 200
        return len(seen)

    for _ in range(5):
        receive_at(unit, clerk)
    few = queries()
    for _ in range(25):
        receive_at(unit, clerk)
    page = client.get("/m/onestop/?hang=waiting_for_me")
    assert page.context["result"].total == 30
    assert queries() == few, "the queue page must not read per dossier"


def test_anonymous_visitors_are_sent_to_sign_in(office):
    unit, _people = office
    response = UnitClient(unit).get("/m/onestop/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")
    assert UnitClient(unit).get("/lam-viec/")["Location"].startswith("/dang-nhap/")


def test_password_reset_sends_a_link_that_sets_a_new_password(office, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    unit, people = office
    clerk = people["receiving_officer"]
    clerk.email = "tiepnhan@xa.gov.vn"
    clerk.set_password("mat-khau-cu-dai-1")  # Django mails no link to an account without a usable password
    clerk.save()
    sent = UnitClient(unit).post("/quen-mat-khau/", {"email": "tiepnhan@xa.gov.vn"})
    assert sent.status_code == 302 and len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/dat-lai-mat-khau/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client = UnitClient(unit)
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Mot-mat-khau-moi-9", "new_password2":
                                                    "Mot-mat-khau-moi-9"})
    assert done.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Mot-mat-khau-moi-9")


def test_the_unit_failed_messages_are_listed_and_sent_again(office, unit_b):
    from tenants.messaging.models import OutboxMessage, OutboxStatus

    unit, people = office
    with tenant_context(unit):
        message = OutboxMessage.objects.create(receiver_code=unit_b.code, kind="onestop.transfer",
                                               payload={"code": "X-1"}, status=OutboxStatus.FAILED,
                                               last_error="máy nhận tắt", attempts=5)
    client = UnitClient(unit, people["receiving_officer"])
    page = client.get("/lam-viec/thu-loi/").content.decode()
    assert "máy nhận tắt" in page and "X-1" in page
    assert UnitClient(unit, people["specialist"]).get("/lam-viec/thu-loi/").status_code == 403
    done = client.post("/lam-viec/thu-loi/gui-lai/", {"id": [str(message.pk)]})
    assert done.status_code == 302
    with tenant_context(unit):
        assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.PENDING
