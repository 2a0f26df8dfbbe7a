"""URLs of a unit (its own domain, or the gateway with the unit header)."""

from django.urls import path

from core import views
from core.admin_sites import unit_admin

urlpatterns = [
    path("admin/", unit_admin.urls),
    path("health/", views.health),
]
