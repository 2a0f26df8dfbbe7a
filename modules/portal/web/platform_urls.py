"""The province's portal on the platform's address: the whole catalogue at /m/portal/, and the landing page at "/"."""

from django.urls import path

from modules.portal.web import views

urlpatterns = [
    path("", views.catalogue_page, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
]
public_urlpatterns = [path("", views.home, name="home")]
