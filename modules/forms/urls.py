"""On the platform host, /m/forms/: the compiled artefact of a published form and the items of a code-list version,
as JSON for browsers and outside frontends (cacheable: neither ever changes)."""

from django.urls import path

from modules.forms import views

app_name = "forms"
urlpatterns = [
    path("bieu-mau/<int:form_id>.json", views.artefact, name="artefact"),
    path("danh-muc/<int:version_id>.json", views.code_list, name="code-list"),
]
