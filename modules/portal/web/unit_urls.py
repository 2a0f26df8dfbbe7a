"""A unit's portal: /m/portal/... and, at the unit's root, its landing page (public_urlpatterns, mounted by
core.modules.urls where the unit enabled the portal)."""

from django.urls import path

from modules.portal.web import form_staff_views, form_views, staff_views, views

urlpatterns = [
    path("", views.catalogue_page, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("thu-tuc/<str:code>/nop/", views.submit, name="submit"),
    path("thu-tuc/<str:code>/bieu-mau/", form_views.online_form, name="online_form"),
    path("thu-tuc/<str:code>/bieu-mau/nhap/", form_views.save_draft, name="save_draft"),
    path("bien-nhan/<str:code>/", views.receipt, name="receipt"),
    path("dang-nhap/", form_views.sign_in, name="citizen_sign_in"),
    path("dang-xuat/", form_views.sign_out, name="citizen_sign_out"),
    path("tep/", staff_views.submitted_files, name="submitted_files"),  # the staff's
    path("tep/<str:code>/<int:file_id>/", staff_views.download, name="download"),
    path("ho-so/<str:code>/bieu-mau.<str:kind>", form_staff_views.dossier_form, name="dossier_form"),  # the staff's
    path("xuat/<str:procedure_code>.<str:kind>", form_staff_views.export, name="export"),
]
public_urlpatterns = [path("", views.home, name="home")]
