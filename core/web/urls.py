"""The kernel's pages on every address: the language switch (Django's set_language)."""

from django.urls import path
from django.views.i18n import set_language

app_name = "web"
urlpatterns = [
    path("ngon-ngu/", set_language, name="language"),
]
