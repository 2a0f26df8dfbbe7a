from types import SimpleNamespace

import pytest
from django.test import Client, RequestFactory
from django.urls import set_urlconf

from core.accounts.models import User
from core.admin_sites import platform_admin
from core.modules.services import enable
from modules.catalogue.models import Procedure, ProcedureVersion
from modules.catalogue.services import current_version, import_records
from modules.procedures.services import unit_procedures

RECORD = {"ma_thu_tuc": "1.001612", "ten_thu_tuc": "Đăng ký thành lập hộ kinh doanh", "linh_vuc": "Hộ kinh doanh",
          "cach_thuc_thuc_hien": "Trực tiếp: 03 ngày làm việc; Lệ phí: 100.000 đồng"}


def _client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("ict", "ict@example.invalid", "x"))
    return client


@pytest.fixture
def platform_urls(settings):
    set_urlconf(settings.PUBLIC_SCHEMA_URLCONF)
    yield
    set_urlconf(None)


def _platform_request(path: str):
    # Built by hand: on the platform host the middleware leaves request.tenant None, which django-tenants' admin
    # templates cannot render yet; the platform admin's own pages are what is checked here.
    request = RequestFactory().get(path, HTTP_HOST="localhost")
    request.user = User.objects.filter(username="ict-platform").first() or User.objects.create_superuser(
        "ict-platform", "ict@example.invalid", "x")
    request.unit, request.tenant = None, SimpleNamespace(schema_name="public")
    return request


def test_the_platform_admin_shows_the_catalogue(db, platform_urls):
    import_records([RECORD])
    procedure_admin = platform_admin._registry[Procedure]
    response = procedure_admin.changelist_view(_platform_request("/admin/catalogue/procedure/"))
    assert response.status_code == 200 and "1.001612" in response.render().content.decode()
    version = current_version("1.001612")
    version_admin = platform_admin._registry[ProcedureVersion]
    request = _platform_request(f"/admin/catalogue/procedureversion/{version.pk}/change/")
    content = version_admin.change_view(request, str(version.pk)).render().content.decode()
    assert "Hộ kinh doanh" in content and "03 ngày làm việc" in content
    assert not version_admin.has_add_permission(request) and not procedure_admin.has_delete_permission(request)


def _steps(*steps) -> dict:
    data = {"steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": "0", "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000"}
    for i, (name, role, duration, unit) in enumerate(steps):
        data.update({f"steps-{i}-position": str(i + 1), f"steps-{i}-name": name, f"steps-{i}-role_code": role,
                     f"steps-{i}-duration": duration, f"steps-{i}-duration_unit": unit})
    return data


def test_the_unit_admin_configures_the_units_process(unit_a, unit_b):
    import_records([RECORD])
    enable(unit_a, "catalogue")
    enable(unit_a, "procedures")  # the procedures admin exists only where the module is on
    client = _client()
    gateway = {"HTTP_HOST": "localhost", "HTTP_X_EGOV_UNIT": unit_a.code}
    url = "/admin/procedures/unitprocedure/add/"
    assert client.get(url, **gateway).status_code == 200
    too_long = {"procedure_code": "1.001612", "is_active": "on",
                **_steps(("Tiếp nhận", "receiving_officer", "4", "hours"), ("Xử lý", "specialist", "3", "days"))}
    response = client.post(url, too_long, **gateway)
    assert response.status_code == 200 and "vượt thời hạn" in response.content.decode()
    assert unit_procedures(unit_a) == []
    fits = {"procedure_code": "1.001612", "is_active": "on",
            **_steps(("Tiếp nhận", "receiving_officer", "4", "hours"), ("Xử lý", "specialist", "2", "days"))}
    assert client.post(url, fits, **gateway).status_code == 302
    [process] = unit_procedures(unit_a)
    assert process.version_id == current_version("1.001612").pk and [s.name for s in process.steps] == [
        "Tiếp nhận", "Xử lý"]
    assert unit_procedures(unit_b) == []
