"""Mounted at /m/statistics/ in each unit that enabled the module (elsewhere the core answers 404)."""

from django.urls import path

from modules.statistics import views

urlpatterns = [
    path("", views.unit_dashboard, name="dashboard"),
    path("excel/", views.unit_export, name="export"),
    path("cap-nhat/", views.unit_refresh, name="refresh"),
]
