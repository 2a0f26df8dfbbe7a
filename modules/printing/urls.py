"""Mounted at /m/printing/ in each unit that enabled the module (elsewhere the core answers 404).

A dossier's form number is read in the set of the dossier (forms.py); the register has its own addresses (06.pdf is
the 2018 set's number, kept for existing links: it prints the register of the set in force for the period)."""

from django.urls import re_path

from modules.printing import views

urlpatterns = [
    re_path(r"^(?P<form>0[1-7])/(?P<code>[^/]+)\.pdf$", views.form, name="form"),
    re_path(r"^register\.pdf$", views.register, name="register"),
    re_path(r"^06\.pdf$", views.register, name="register_06"),
    re_path(r"^register\.xlsx$", views.register_xlsx, name="register_xlsx"),
]
