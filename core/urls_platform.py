"""URLs of the platform (public schema): the ICT department's admin and API."""

from django.urls import include, path

from core import views
from core.accounts.views import invitation_page
from core.admin_sites import platform_admin
from core.api.view import ApiView
from core.metrics import view as metrics_view
from core.modules.urls import platform_module_urlpatterns

urlpatterns = [
    path("admin/", platform_admin.urls),
    path("health/", views.health),
    path("health/live/", views.live),
    path("metrics/", metrics_view.metrics),
    path("dang-nhap/mot-lan/", include("core.accounts.oidc")),  # single sign-on, when configured
    path("", include("core.web.urls")),
    path("graphql/", ApiView.as_view(endpoint="platform"), name="graphql"),
    path("loi-moi/<str:token>/", invitation_page, name="invitation"),  # the unit administrator's invitation
    *platform_module_urlpatterns(),  # /m/<module id>/: pages a module serves across units
    path("", views.landing, name="landing"),  # where no module's root page answered
]
