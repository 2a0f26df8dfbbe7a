from django.contrib.auth import get_user_model
from django.test import Client

from core.modules.services import enable


def get(path: str, unit_code: str, user=None):
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client.get(path, headers={"X-Egov-Unit": unit_code})


def test_a_modules_pages_exist_only_in_units_that_enabled_it(unit_a, unit_b):
    enable(unit_a, "notify")
    admin = get_user_model().objects.create_superuser("ict", "ict@example.org", "x")
    page = get("/m/notify/status/", "91001", admin)
    assert page.status_code == 200
    assert page.json() == {"unit": "91001", "messages": {"pending": 0, "sent": 0, "failed": 0}}
    page = get("/m/notify/status/", "91002", admin)
    assert page.status_code == 404 and page.json()["error"]["code"] == "MODULE_NOT_ENABLED"
    assert get("/m/notify/status/", "91002").status_code == 404  # before any login is asked for
    assert get("/m/notify/status/", "91001").status_code == 403  # the module's own rule, where it is enabled
    assert get("/m/nosuch/", "91001", admin).status_code == 404


def test_the_units_admin_shows_notify_messages_only_where_it_is_enabled(unit_a, unit_b):
    enable(unit_a, "notify")
    admin = get_user_model().objects.create_superuser("ict", "ict@example.org", "x")
    assert get("/admin/egov_notify/message/", "91001", admin).status_code == 200
    assert get("/admin/egov_notify/message/", "91002", admin).status_code == 403
    assert "/admin/egov_notify/" not in get("/admin/", "91002", admin).content.decode()
    assert "/admin/egov_notify/" in get("/admin/", "91001", admin).content.decode()
