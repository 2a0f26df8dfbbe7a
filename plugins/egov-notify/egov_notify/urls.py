from django.urls import path

from egov_notify import views

urlpatterns = [
    path("status/", views.status, name="status"),
]
