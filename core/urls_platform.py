"""URLs of the platform (public schema): the ICT department's admin and API."""

from django.urls import path

from core import views
from core.admin_sites import platform_admin

urlpatterns = [
    path("admin/", platform_admin.urls),
    path("health/", views.health),
]
