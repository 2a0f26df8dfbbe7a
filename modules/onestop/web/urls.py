"""The one-stop screens of the staff workspace, mounted at /m/onestop/ in each unit that enabled the module."""

from django.urls import path

from modules.onestop.web import components, counter, dossier, queues, review

urlpatterns = [
    path("", queues.queue_page, name="queue"),
    path("tiep-nhan/", counter.receive_page, name="counter"),
    path("ho-so/<str:code>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/", dossier.act, name="act"),
    path("ho-so/<str:code>/chuyen/", dossier.transfer_page, name="transfer"),
    path("ho-so/<str:code>/giay-to/", components.components_page, name="components"),
    path("ho-so/<str:code>/giay-to/tu-choi-du-lieu/", components.reject_looked_up, name="reject_looked_up"),
    path("ho-so/<str:code>/giay-to/<str:sha256>/", components.scan_file, name="scan"),
    path("sap-xep/", review.review_page, name="review"),  # a reorganisation's dossiers waiting for a decision
]
