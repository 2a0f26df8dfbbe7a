from django.urls import path

from modules.payments import views

urlpatterns = [
    path("callback/<slug:gateway_id>/", views.callback, name="callback"),
]
