from django.urls import path

from modules.tracking import views

urlpatterns = [path("", views.lookup_page, name="lookup")]  # /m/tracking/
# The address printed on receipts and sent in notices (modules.tracking.services.address.LOOKUP_PATH).
public_urlpatterns = [path("tra-cuu/", views.lookup_page, name="lookup")]
