"""The kernel's pages on every address: sign-in and password reset, the language switch, the workspace's home and
the unit's failed messages (unit addresses), the unit picker (platform address)."""

from django.urls import path
from django.views.i18n import set_language

from core.web import second_factor_views, signin_views, workspace_views

app_name = "web"
urlpatterns = [
    path("ngon-ngu/", set_language, name="language"),
    path("dang-nhap/", signin_views.sign_in, name="sign_in"),
    path("dang-xuat/", signin_views.sign_out, name="sign_out"),
    path("dang-nhap/ve/", signin_views.arrive, name="arrive"),
    path("dang-nhap/ma-xac-thuc/", second_factor_views.code, name="second_factor_code"),
    path("dang-nhap/xac-thuc-hai-lop/", second_factor_views.set_up, name="second_factor_set_up"),
    path("don-vi/", signin_views.units, name="units"),
    path("don-vi/<str:code>/", signin_views.go_to_unit, name="go_to_unit"),
    path("quen-mat-khau/", signin_views.password_reset, name="password_reset"),
    path("quen-mat-khau/da-gui/", signin_views.password_reset_done, name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", signin_views.password_reset_confirm, name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", signin_views.password_reset_complete, name="password_reset_complete"),
    path("lam-viec/", workspace_views.home, name="home"),
    path("lam-viec/thu-loi/", workspace_views.failed_messages, name="failed_messages"),
    path("lam-viec/thu-loi/gui-lai/", workspace_views.retry_messages, name="retry_messages"),
]
