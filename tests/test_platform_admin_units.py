"""The ICT department adds a unit in the platform admin, and suspends, resumes and archives units from its list."""

from django.test import Client

from core.accounts.models import User
from tenants.models import Unit, UnitKind, UnitStatus


def _platform_client() -> Client:
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.create_superuser("platform-admin", password=None))
    return client


def _unit_form(**fields) -> dict:
    data = {"code": "", "name": "", "organ_id": "", "kind": "", "parent": "",
            # the inline of domains, empty: provisioning gives the unit its domain
            "domains-TOTAL_FORMS": "0", "domains-INITIAL_FORMS": "0",
            "domains-MIN_NUM_FORMS": "0", "domains-MAX_NUM_FORMS": "1000"}
    data.update(fields)
    return data


def test_the_platform_admin_adds_a_unit_named_from_its_code_and_queues_its_provisioning(
        db, django_capture_on_commit_callbacks):
    client = _platform_client()
    assert client.get("/admin/tenants/unit/add/").status_code == 200
    commune = UnitKind.objects.get(code="commune")
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/admin/tenants/unit/add/", _unit_form(code="91901", name="Xã Mới Lập",
                                                                        kind=commune.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    unit = Unit.objects.get(code="91901")
    assert (unit.schema_name, unit.status, unit.name) == ("u_91901", UnitStatus.REQUESTED, "Xã Mới Lập")
    assert len(queued) == 1  # its provisioning, sent to the worker once the row is committed


def test_a_wrong_code_is_reported_on_its_field_and_adds_nothing(db):
    client = _platform_client()
    commune = UnitKind.objects.get(code="commune")
    response = client.post("/admin/tenants/unit/add/", _unit_form(code="91 901; drop", name="Xã Sai Mã",
                                                                    kind=commune.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["code"] and "Mã đơn vị không hợp lệ" in errors["code"][0]
    assert not Unit.objects.filter(name="Xã Sai Mã").exists()


def test_units_are_suspended_resumed_and_archived_from_the_unit_list(unit_a, unit_b):
    client = _platform_client()

    def act(action: str, *units) -> None:
        response = client.post("/admin/tenants/unit/", {"action": action,
                                                        "_selected_action": [u.pk for u in units]})
        assert response.status_code == 302

    act("suspend", unit_a, unit_b)
    assert set(Unit.objects.filter(pk__in=[unit_a.pk, unit_b.pk]).values_list("status", flat=True)) == {
        UnitStatus.SUSPENDED}
    act("resume", unit_a)
    act("archive", unit_b)
    assert Unit.objects.get(pk=unit_a.pk).status == UnitStatus.READY
    assert Unit.objects.get(pk=unit_b.pk).status == UnitStatus.ARCHIVED
    act("suspend", unit_b)  # an archived unit stays archived, and the admin says why
    assert Unit.objects.get(pk=unit_b.pk).status == UnitStatus.ARCHIVED
    page = client.get("/admin/tenants/unit/").content.decode()
    assert "Không thể chuyển đơn vị 91002" in page
