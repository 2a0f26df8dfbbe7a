"""Fixtures shared by the whole suite. Every test runs against real PostgreSQL (embedded or DATABASE_URL)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import translation
from django_tenants.utils import schema_context, tenant_context

from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.units import UnitRecord, record_units

pytest_plugins = ["tests.fixtures_modules"]


# The suite's "today": a Friday between holidays. Every test starts at this instant and the clock ticks on from it, so
# the suite gives the same answers on any real day (and under a faked system clock). A test that needs another
# moment travels there itself (``time_machine.travel``) or passes ``at=``.
SUITE_NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _suite_clock():
    with time_machine.travel(SUITE_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in Vietnamese: a request in English (Accept-Language: en) leaves English active in the thread
    (LocaleMiddleware activates a language and never restores the one before)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _public_schema():
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def make_unit(db):
    """make_unit("10001", kind="commune", parent="100") -> a ready Unit (cloned from the template by default)."""

    def make(code: str, name: str | None = None, kind: str = "commune", parent: str = "", method: str = "clone") -> Unit:
        record_units([UnitRecord(code, name or f"Đơn vị {code}", kind, parent)])
        unit = Unit.objects.get(code=code)
        provision_unit(unit, method)
        unit.refresh_from_db()
        return unit

    return make


@pytest.fixture
def unit_a(make_unit) -> Unit:
    return make_unit("91001", "Xã Thử Nghiệm A")


@pytest.fixture
def unit_b(make_unit) -> Unit:
    """The second unit every data-touching suite checks isolation from."""
    return make_unit("91002", "Xã Thử Nghiệm B")


__all__ = ["schema_context", "tenant_context"]
