"""The unit administrator's pages in the workspace (people, roles, modules) through Django's test client: a person
added by exact user name or e-mail only, roles per member, deactivating (never the last administrator), invitations
for a role; roles holding only what the unit's enabled modules declare; modules' settings by the unit administrator,
switching them by the platform grant only; a non-administrator refused with nothing changed; nothing of a second
unit seen or changed."""

import pytest
from api_support import add_member
from django.contrib.auth.models import Permission
from django_tenants.utils import tenant_context
from workspace_support import UnitClient

from core.accounts import services as accounts
from core.accounts.models import Invitation, Membership, Role
from core.audit.models import AuditEntry
from core.modules.services import enable, get_settings, is_enabled

MEMBERS = "/lam-viec/quan-tri/thanh-vien/"
ROLES = "/lam-viec/quan-tri/vai-tro/"
MODULES = "/lam-viec/quan-tri/mo-dun/"


@pytest.fixture
def people(unit_a, unit_b):
    admin = add_member(unit_a, "quan-tri-a", roles=("administrator",), first_name="Ba", last_name="Trần Văn")
    specialist = add_member(unit_a, "chuyen-vien-a", roles=("specialist",))
    outsider = add_member(unit_b, "can-bo-b", roles=("administrator",), email="can.bo.b@xa-b.gov.vn",
                          first_name="Bí", last_name="Mật")
    newcomer = add_member(unit_b, "nguoi-moi", roles=("specialist",), email="nguoi.moi@example.vn")
    return {"admin": admin, "specialist": specialist, "outsider": outsider, "newcomer": newcomer}


def _enabled(unit, module_id: str) -> bool:
    """Read afresh: the unit object remembers its modules, and the page changed them on the request's own copy."""
    from tenants.models import Unit

    return is_enabled(Unit.objects.get(pk=unit.pk), module_id)


def _roles(unit, user) -> set[str]:
    return accounts.role_codes(user, unit)


def test_the_administrator_sees_the_pages_in_the_navigation_and_others_do_not(unit_a, people):
    home = UnitClient(unit_a, people["admin"]).get("/lam-viec/").content.decode()
    for path in (MEMBERS, ROLES, MODULES):
        assert f'href="{path}"' in home
    home = UnitClient(unit_a, people["specialist"]).get("/lam-viec/").content.decode()
    assert "/lam-viec/quan-tri/" not in home


def test_a_person_is_added_by_exact_user_name_or_e_mail_and_never_found_by_a_part(unit_a, unit_b, people):
    client = UnitClient(unit_a, people["admin"])
    page = client.get(MEMBERS).content.decode()
    assert "quan-tri-a" in page and "chuyen-vien-a" in page
    assert "can-bo-b" not in page and "Mật" not in page  # unit B's people are not listed
    assert "can-bo-b" not in client.get(MEMBERS, {"q": "can-bo"}).content.decode()  # nor found by searching

    for partial in ("can-bo", "can.bo.b", "Mật", "xa-b.gov.vn"):
        refused = client.post(MEMBERS + "moi/", {"person": partial, "role": ["specialist"]})
        assert refused.status_code == 400
        assert "Không xác định được đúng một người" in refused.content.decode()
        assert "can-bo-b" not in refused.content.decode()
    assert not accounts.is_member(people["outsider"], unit_a)

    added = client.post(MEMBERS + "moi/", {"person": "NGUOI.MOI@example.vn", "role": ["specialist", "leader"]})
    assert added.status_code == 302
    assert _roles(unit_a, people["newcomer"]) == {"specialist", "leader"}
    assert _roles(unit_b, people["newcomer"]) == {"specialist"}  # B's membership untouched
    again = client.post(MEMBERS + "moi/", {"person": "nguoi-moi", "role": ["leader"]})
    assert again.status_code == 409 and "đã là thành viên" in again.content.decode()
    refused = client.post(MEMBERS + "moi/", {"person": "can-bo-b", "role": ["no-such-role"]})
    assert refused.status_code == 400 and not accounts.is_member(people["outsider"], unit_a)
    with tenant_context(unit_a):
        entry = AuditEntry.objects.order_by("-seq").first()
        assert (entry.action, entry.object_label, entry.actor_id) == ("add_member", "nguoi-moi", people["admin"].pk)


def test_roles_per_member_and_deactivating_but_never_the_last_administrator(unit_a, people):
    client = UnitClient(unit_a, people["admin"])
    specialist = people["specialist"]
    page = client.get(f"{MEMBERS}{specialist.pk}/")
    assert page.status_code == 200 and "chuyen-vien-a" in page.content.decode()

    saved = client.post(f"{MEMBERS}{specialist.pk}/sua/", {"action": "roles", "role": ["specialist", "clerk"]})
    assert saved.status_code == 302 and _roles(unit_a, specialist) == {"specialist", "clerk"}
    stopped = client.post(f"{MEMBERS}{specialist.pk}/sua/", {"action": "deactivate"})
    assert stopped.status_code == 302 and not accounts.is_member(specialist, unit_a)
    assert UnitClient(unit_a, specialist).get("/lam-viec/").status_code in (302, 403)  # can no longer work here
    client.post(f"{MEMBERS}{specialist.pk}/sua/", {"action": "activate"})
    assert accounts.is_member(specialist, unit_a)

    admin = people["admin"]
    for post in ({"action": "deactivate"}, {"action": "roles", "role": ["specialist"]}):
        refused = client.post(f"{MEMBERS}{admin.pk}/sua/", post)
        assert refused.status_code == 400, post
        assert "ít nhất một quản trị" in refused.content.decode()
    assert _roles(unit_a, admin) == {"administrator"} and accounts.is_member(admin, unit_a)


def test_an_invitation_for_a_role_is_redeemed_once_and_a_withdrawn_one_not(unit_a, people):
    client = UnitClient(unit_a, people["admin"])
    refused = client.post("/lam-viec/quan-tri/loi-moi/", {"email": "khong-phai-thu", "invite_role": "leader"})
    assert refused.status_code == 400 and "không hợp lệ" in refused.content.decode()
    assert not Invitation.objects.filter(unit=unit_a, role__code="leader").exists()

    assert client.post("/lam-viec/quan-tri/loi-moi/", {"email": "lanh.dao@xa-a.gov.vn", "invite_role": "leader"}
                       ).status_code == 302
    invitation = Invitation.objects.get(unit=unit_a, email="lanh.dao@xa-a.gov.vn")
    page = client.get(MEMBERS).content.decode()
    assert f"/loi-moi/{invitation.token}/" in page
    membership = accounts.redeem_invitation(invitation.token, username="lanh-dao-moi", password="Mat-khau-rat-dai-9")
    assert _roles(unit_a, membership.user) == {"leader"}

    client.post("/lam-viec/quan-tri/loi-moi/", {"email": "ke-toan@xa-a.gov.vn", "invite_role": "specialist"})
    second = Invitation.objects.get(unit=unit_a, email="ke-toan@xa-a.gov.vn")
    assert client.post(f"/lam-viec/quan-tri/loi-moi/{second.pk}/thu-hoi/").status_code == 302
    with pytest.raises(accounts.InvitationRefused):
        accounts.redeem_invitation(second.token, username="ke-toan", password="Mat-khau-rat-dai-9")


def test_a_role_holds_only_what_the_units_enabled_modules_declare(unit_a, people):
    client = UnitClient(unit_a, people["admin"])
    form = client.get(ROLES + "moi/").content.decode()
    assert 'value="accounts.view_membership"' in form
    assert 'value="tenants.change_unit"' not in form and 'value="documents.view_document"' not in form

    for forbidden in ("tenants.change_unit", "documents.view_document", "api.delete_apitoken"):
        refused = client.post(ROLES + "moi/", {"code": "kiem-tra", "name": "Kiểm tra", "permission": [forbidden]})
        assert refused.status_code == 400 and forbidden in refused.content.decode()
    assert not Role.objects.filter(unit=unit_a, code="kiem-tra").exists()
    bad_code = client.post(ROLES + "moi/", {"code": "Kiểm tra", "name": "Kiểm tra"})
    assert bad_code.status_code == 400 and not Role.objects.filter(unit=unit_a, name="Kiểm tra").exists()

    made = client.post(ROLES + "moi/", {"code": "kiem-tra", "name": "Kiểm tra",
                                        "permission": ["accounts.view_membership"]})
    assert made.status_code == 302
    role = Role.objects.get(unit=unit_a, code="kiem-tra")
    assert [p.codename for p in role.permissions.all()] == ["view_membership"]

    enable(unit_a, "doctypes")
    enable(unit_a, "documents")
    changed = client.post(ROLES + "kiem-tra/", {"name": "Kiểm tra văn bản",
                                                 "permission": ["documents.view_document"]})
    assert changed.status_code == 302
    role.refresh_from_db()
    assert role.name == "Kiểm tra văn bản"
    assert [p.codename for p in role.permissions.all()] == ["view_document"]

    kept = client.post(ROLES + "administrator/", {"name": "Quản trị", "permission": ["accounts.view_role"]})
    assert kept.status_code == 400 and "phải giữ quyền" in kept.content.decode()
    assert Role.objects.get(unit=unit_a, code="administrator").permissions.count() > 1


def test_the_administrator_sets_module_settings_and_only_the_platform_grant_switches(unit_a, people):
    enable(unit_a, "doctypes")
    enable(unit_a, "documents")
    client = UnitClient(unit_a, people["admin"])
    listing = client.get(MODULES).content.decode()
    assert 'data-module="documents"' in listing and 'data-module="onestop"' in listing
    assert "/bat-tat/" not in listing  # no switch for a unit role

    page = client.get(MODULES + "documents/").content.decode()
    assert 'name="max_attachment_mb" value="50"' in page
    refused = client.post(MODULES + "documents/", {"max_attachment_mb": "nhiều", "place": "Nghệ An",
                                                   "reminder_days": "2"})
    assert refused.status_code == 400 and "max_attachment_mb" in refused.content.decode()
    assert get_settings(unit_a, "documents")["place"] == ""  # nothing saved
    saved = client.post(MODULES + "documents/", {"max_attachment_mb": "20", "place": "Nghệ An", "reminder_days": "2"})
    assert saved.status_code == 302
    assert get_settings(unit_a, "documents") | {} == {"max_attachment_mb": 20, "place": "Nghệ An", "reminder_days": 2}

    switch = client.post(MODULES + "documents/bat-tat/", {"action": "disable"})
    assert switch.status_code == 403 and _enabled(unit_a, "documents")

    ict = people["specialist"]  # an ICT officer: the platform grant, and a member of the unit
    ict.user_permissions.add(Permission.objects.get(content_type__app_label="tenants", codename="change_unit"))
    ict_client = UnitClient(unit_a, ict)
    assert ict_client.get(MODULES).status_code == 403  # the settings stay the unit administrator's
    accounts.set_member_roles(unit_a, ict.pk, ["specialist", "administrator"], by=people["admin"])
    ict_client = UnitClient(unit_a, type(ict).objects.get(pk=ict.pk))
    assert "/bat-tat/" in ict_client.get(MODULES).content.decode()
    refused = ict_client.post(MODULES + "doctypes/bat-tat/", {"action": "disable"})
    assert refused.status_code == 400 and "documents" in refused.content.decode()  # documents depends on it
    assert ict_client.post(MODULES + "documents/bat-tat/", {"action": "disable"}).status_code == 302
    assert not _enabled(unit_a, "documents")


def test_a_non_administrator_is_refused_and_nothing_changes(unit_a, people):
    client = UnitClient(unit_a, people["specialist"])
    target = people["admin"]
    for path in (MEMBERS, f"{MEMBERS}{target.pk}/", ROLES, ROLES + "moi/", MODULES, MODULES + "onestop/"):
        assert client.get(path).status_code == 403, path
    posts = [(MEMBERS + "moi/", {"person": "nguoi-moi", "role": ["leader"]}),
             (f"{MEMBERS}{target.pk}/sua/", {"action": "deactivate"}),
             ("/lam-viec/quan-tri/loi-moi/", {"email": "a@b.vn", "invite_role": "administrator"}),
             (ROLES + "moi/", {"code": "x", "name": "X"}),
             (ROLES + "specialist/", {"name": "X", "permission": ["accounts.add_membership"]}),
             (MODULES + "onestop/bat-tat/", {"action": "enable"})]
    for path, data in posts:
        assert client.post(path, data).status_code == 403, path
    assert not accounts.is_member(people["newcomer"], unit_a) and accounts.is_member(target, unit_a)
    assert not Invitation.objects.filter(unit=unit_a).exclude(role__code="administrator").exists()
    assert not Role.objects.filter(unit=unit_a, code="x").exists()
    assert Role.objects.get(unit=unit_a, code="specialist").name != "X"
    assert not _enabled(unit_a, "onestop")


def test_nothing_of_a_second_unit_is_seen_or_changed(unit_a, unit_b, people):
    client = UnitClient(unit_a, people["admin"])
    outsider = people["outsider"]
    assert client.get(f"{MEMBERS}{outsider.pk}/").status_code == 404
    assert client.post(f"{MEMBERS}{outsider.pk}/sua/", {"action": "deactivate"}).status_code == 404
    assert accounts.is_member(outsider, unit_b)
    b_invitation = accounts.invite(unit_b, "leader", "b@xa-b.gov.vn", by=outsider)
    assert client.post(f"/lam-viec/quan-tri/loi-moi/{b_invitation.pk}/thu-hoi/").status_code == 404
    assert Invitation.objects.get(pk=b_invitation.pk).is_open
    assert "b@xa-b.gov.vn" not in client.get(MEMBERS).content.decode()
    client.post(ROLES + "leader/", {"name": "Đổi tên", "permission": []})
    assert Role.objects.get(unit=unit_b, code="leader").name == "Lãnh đạo"
    # B's administrator on A's address is refused before any page.
    assert UnitClient(unit_a, outsider).get(MEMBERS).status_code in (302, 403)
    assert Membership.objects.filter(unit=unit_b, user=outsider, is_active=True).exists()
