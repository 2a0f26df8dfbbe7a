"""Mounted at /m/${name}/ in each unit that enabled the plug-in; the core answers 404 in the others."""

from django.urls import path

from ${package} import views

urlpatterns = [
    path("", views.index, name="index"),
    path("trang/", views.page, name="page"),  # the workspace page its manifest's nav entry names
]
