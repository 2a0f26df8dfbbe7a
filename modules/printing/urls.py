"""Mounted at /m/printing/ in each unit that enabled the module (elsewhere the core answers 404)."""

from django.urls import re_path

from modules.printing import views

urlpatterns = [
    re_path(r"^(?P<form>0[1-5])/(?P<code>[^/]+)\.pdf$", views.form, name="form"),
    re_path(r"^06\.pdf$", views.register, name="register"),
]
