"""The archivist's screens of the staff workspace, under /m/casefiles/ (modules/casefiles/urls.py includes them)."""

from django.urls import path

from modules.casefiles.web import archive, files, plan

urlpatterns = [
    path("", files.files_list, name="files"),
    path("ho-so/<int:file_id>/", files.file_view, name="file"),
    path("ho-so/<int:file_id>/thao-tac/", files.file_act, name="file_act"),
    path("danh-muc/", plan.plan_view, name="plan"),
    path("nop-luu/", archive.transfer_view, name="transfer"),
]
