"""Mounted at /m/statistics/ on the platform host: roll-ups of a unit and every unit below it."""

from django.urls import path

from modules.statistics import views

urlpatterns = [
    path("", views.platform_index, name="index"),
    path("<str:code>/", views.rollup_dashboard, name="dashboard"),
    path("<str:code>/excel/", views.rollup_export, name="export"),
]
