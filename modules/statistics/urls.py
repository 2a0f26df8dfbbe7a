"""Mounted at /m/statistics/ in each unit that enabled the module (elsewhere the core answers 404)."""

from django.urls import path

from modules.statistics import indicator_views, views

urlpatterns = [
    path("", views.unit_dashboard, name="dashboard"),
    path("excel/", views.unit_export, name="export"),
    path("cap-nhat/", views.unit_refresh, name="refresh"),
    path("chi-so-766/", indicator_views.unit_indicators, name="indicators"),
    path("chi-so-766/ghi-nhan/", indicator_views.record_value, name="record-indicator-value"),
]
