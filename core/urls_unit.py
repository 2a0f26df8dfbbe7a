"""URLs of a unit (its own domain, or the gateway with the unit header)."""

from django.urls import include, path

from core import views
from core.admin_sites import unit_admin
from core.api.view import ApiView
from core.modules.urls import module_urlpatterns

urlpatterns = [
    path("admin/", unit_admin.urls),
    path("health/", views.health),
    path("health/live/", views.live),
    path("", include("core.web.urls")),
    path("graphql/", ApiView.as_view(endpoint="unit"), name="graphql"),
    *module_urlpatterns(),  # /m/<module id>/, 404 where the unit has not enabled the module
    path("", views.landing, name="landing"),  # where no module's root page answered
]
