"""Both admin sites speak Vietnamese: every field has a label, every row a name, JSON reads as indented text, and a
choice among many rows (people, units) is a search box."""

import html
import re

import pytest
from api_support import add_member
from django.db import models
from django.test import Client
from django.utils import translation
from django_tenants.utils import tenant_context
from onestop_support import open_office, receive_at

from core.accounts.models import User
from core.admin_sites import platform_admin, unit_admin
from modules.onestop.models import Dossier
from modules.onestop.services.plans import forget_plans

# Phrases the Vietnamese admin showed before (English defaults of fields without a label).
ENGLISH = ("Schema name", "Migration fingerprint", "object (", "Is primary", "Tenant")


def _default_name(model) -> str:
    return " ".join(re.findall(r"[A-Z][a-z0-9]*", model._meta.object_name)).lower()


def _shown_models():
    seen = []
    for site in (platform_admin, unit_admin):
        for model, model_admin in site._registry.items():
            for shown in [model, *(inline.model for inline in model_admin.inlines)]:
                if shown not in seen:
                    seen.append(shown)
    return seen


def test_every_model_in_the_admin_has_vietnamese_labels_and_a_name_for_its_rows():
    missing = []
    with translation.override("vi"):
        for model in _shown_models():
            label = model._meta.label
            if model.__str__ is models.Model.__str__:
                missing.append(f"{label}: __str__")
            if str(model._meta.verbose_name) in (model._meta.object_name.lower(), _default_name(model)):
                missing.append(f"{label}: verbose_name")
            for field in model._meta.get_fields():
                if getattr(field, "concrete", False) and not field.auto_created \
                        and str(field.verbose_name) == field.name.replace("_", " "):
                    missing.append(f"{label}.{field.name}: verbose_name")
    assert missing == []


def _platform_client() -> Client:
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.create_superuser("platform-admin", password=None))
    return client


def test_the_platform_admin_shows_a_unit_in_vietnamese_with_search_boxes_for_units_and_people(unit_a):
    client = _platform_client()
    page = client.get(f"/admin/tenants/unit/{unit_a.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lược đồ dữ liệu (schema)" in text and "Dấu kiểm phiên bản cấu trúc dữ liệu" in text
    assert not [phrase for phrase in ENGLISH if phrase in text]

    assert _search_box(text, "parent")
    form = client.get("/admin/accounts/membership/add/").content.decode()
    assert _search_box(form, "user") and _search_box(form, "unit")


def _search_box(page: str, field: str) -> bool:
    """The field is an autocomplete (a search box), not a raw id to type."""
    return any("admin-autocomplete" in tag for tag in re.findall(rf'<select[^>]*name="{field}"[^>]*>', page))


@pytest.fixture
def _fresh_plans():
    forget_plans()
    yield
    forget_plans()


@pytest.mark.usefixtures("_fresh_plans")
def test_a_dossier_in_the_unit_admin_shows_its_data_readably_and_its_steps_by_name(unit_a):
    people = open_office(unit_a)
    dossier = receive_at(unit_a, people["receiving_officer"], name="Nguyễn Văn An")
    with tenant_context(unit_a):
        Dossier.objects.filter(pk=dossier.pk).update(data={"ho_ten": "Nguyễn Văn An", "dia_chi": "Xã Hưng Lộc"})
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code, HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(add_member(unit_a, f"admin-{unit_a.code}"))
    text = html.unescape(client.get(f"/admin/onestop/dossier/{dossier.pk}/change/").content.decode())
    assert re.search(r'<pre[^>]*>\{\s*\n\s+"dia_chi": "Xã Hưng Lộc",\s*\n\s+"ho_ten": "Nguyễn Văn An"', text)
    assert "DossierStep object" not in text and "Dữ liệu hồ sơ" in text


def test_a_procedure_version_in_the_platform_admin_shows_its_json_as_text(db):
    from modules.catalogue.services import current_version, import_records

    import_records([{"ma_thu_tuc": "1.001612", "ten_thu_tuc": "Đăng ký thành lập hộ kinh doanh",
                     "linh_vuc": "Hộ kinh doanh", "cach_thuc_thuc_hien": "Trực tiếp: 03 ngày làm việc"}])
    version = current_version("1.001612")
    page = _platform_client().get(f"/admin/catalogue/procedureversion/{version.pk}/change/")
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert re.search(r'<pre[^>]*>\{[^<]*\n\s+"ten_thu_tuc": "Đăng ký thành lập hộ kinh doanh"', text)
    assert "\\u0110" not in text  # "Đ" escaped, as Django shows a read-only JSON field
    assert 'name="source"' not in text  # shown, never editable


def test_a_modules_settings_are_edited_as_indented_json(unit_a):
    from core.modules.services import enable

    for module in ("catalogue", "procedures", "onestop"):
        enable(unit_a, module)
    row = enable(unit_a, "printing", {"desk_name": "Bộ phận Một cửa", "paper_size": "A4"})
    page = _platform_client().get(f"/admin/modules_core/moduleenablement/{row.pk}/change/")
    assert page.status_code == 200
    textarea = re.search(r'<textarea[^>]*name="settings"[^>]*>(.*?)</textarea>', page.content.decode(), re.S)
    assert html.unescape(textarea.group(1)).strip() == '{\n  "desk_name": "Bộ phận Một cửa",\n  "paper_size": "A4"\n}'
