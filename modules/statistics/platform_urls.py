"""Mounted at /m/statistics/ on the platform host: roll-ups of a unit and every unit below it."""

from django.urls import path

from modules.statistics import indicator_views, views

urlpatterns = [
    path("", views.platform_index, name="index"),
    path("<str:code>/", views.rollup_dashboard, name="dashboard"),
    path("<str:code>/excel/", views.rollup_export, name="export"),
    path("<str:code>/chi-so-766/", indicator_views.rollup_indicators, name="indicators"),
]
