"""A unit's portal: /m/portal/... and, at the unit's root, its landing page (public_urlpatterns, mounted by
core.modules.urls where the unit enabled the portal)."""

from django.urls import path

from modules.portal.web import views

urlpatterns = [
    path("", views.catalogue_page, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("thu-tuc/<str:code>/nop/", views.submit, name="submit"),
    path("bien-nhan/<str:code>/", views.receipt, name="receipt"),
]
public_urlpatterns = [path("", views.home, name="home")]
