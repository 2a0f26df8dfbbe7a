"""A unit's portal: /m/portal/... and, at the unit's root, its landing page (public_urlpatterns, mounted by
core.modules.urls where the unit enabled the portal)."""

from django.urls import path

from modules.portal.web import staff_views, views

urlpatterns = [
    path("", views.catalogue_page, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("thu-tuc/<str:code>/nop/", views.submit, name="submit"),
    path("bien-nhan/<str:code>/", views.receipt, name="receipt"),
    path("tep/", staff_views.submitted_files, name="submitted_files"),  # the staff's
    path("tep/<str:code>/<int:file_id>/", staff_views.download, name="download"),
]
public_urlpatterns = [path("", views.home, name="home")]
