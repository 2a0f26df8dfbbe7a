from django.urls import path

from egov_paysandbox import views

urlpatterns = [
    path("pay/", views.pay, name="pay"),
]
