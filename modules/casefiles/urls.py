"""Mounted at /m/casefiles/ in each unit that enabled the module (elsewhere the core answers 404): the archivist's
screens (web/) and the transfer list as PDF or Excel."""

from django.urls import re_path

from modules.casefiles import views
from modules.casefiles.web.urls import urlpatterns as screens

urlpatterns = [
    *screens,
    re_path(r"^transfers/(?P<transfer_id>[0-9]{1,18})\.(?P<extension>pdf|xlsx)$", views.transfer_list,
            name="transfer_list"),
]
