"""URLs of the platform (public schema): the ICT department's admin and API."""

from django.urls import path

from core import views
from core.admin_sites import platform_admin
from core.api.view import ApiView

urlpatterns = [
    path("admin/", platform_admin.urls),
    path("health/", views.health),
    path("graphql/", ApiView.as_view(endpoint="platform"), name="graphql"),
]
