"""On the platform host, /m/forms/: the compiled artefact of a published form and the items of a code-list version,
as JSON for browsers and outside frontends (cacheable: neither ever changes); the ICT department's form builder."""

from django.urls import path

from modules.forms import views
from modules.forms.web import builder_views

app_name = "forms"
urlpatterns = [
    path("bieu-mau/<int:form_id>.json", views.artefact, name="artefact"),
    path("danh-muc/<int:version_id>.json", views.code_list, name="code-list"),
    path("xay-dung/", builder_views.form_list, name="builder"),  # the ICT department's form builder
    path("xay-dung/<int:form_id>/", builder_views.form_edit, name="builder_form"),
]
