from django.urls import path

from modules.tracking import views

urlpatterns = [path("", views.lookup_page, name="lookup")]
