"""Mounted at /m/casefiles/ in each unit that enabled the module (elsewhere the core answers 404)."""

from django.urls import re_path

from modules.casefiles import views

urlpatterns = [
    re_path(r"^transfers/(?P<transfer_id>[0-9]{1,18})\.(?P<extension>pdf|xlsx)$", views.transfer_list,
            name="transfer_list"),
]
