"""The documents screens of the staff workspace, mounted at /m/documents/ in each unit that enabled the module."""

from django.urls import path, re_path

from modules.documents.web import document, queues, registers

urlpatterns = [
    path("", queues.queue, name="queue"),
    path("tim-kiem/", queues.search, name="search"),
    path("den/", registers.incoming_list, name="incoming"),
    path("den/vao-so/", registers.register_incoming, name="register"),
    path("di/", registers.outgoing_list, name="outgoing"),
    path("di/soan/", registers.new_draft, name="draft"),
    re_path(r"^so/(?P<slug>den|di)\.(?P<extension>pdf|xlsx)$", registers.export_register, name="export"),
    path("van-ban/<int:document_id>/", document.document_view, name="document"),
    path("van-ban/<int:document_id>/thao-tac/", document.act, name="act"),
    path("van-ban/<int:document_id>/tep/<int:attachment_id>/", document.attachment, name="attachment"),
    path("van-ban/<int:document_id>/du-thao/<int:number>/", document.draft, name="draft_file"),
]
