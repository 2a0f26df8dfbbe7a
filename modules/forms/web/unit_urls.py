"""A unit's /m/forms/: the form builder for the unit's administrator."""

from django.urls import path

from modules.forms.web import builder_views

app_name = "forms"
urlpatterns = [
    path("xay-dung/", builder_views.form_list, name="builder"),
    path("xay-dung/<int:form_id>/", builder_views.form_edit, name="builder_form"),
]
