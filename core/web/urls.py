"""The kernel's pages on every address: sign-in and password reset, the language switch, the workspace's home, the
unit's failed messages and the unit administrator's pages (unit addresses), the unit picker (platform address)."""

from django.urls import path
from django.views.i18n import set_language

from core.web import modules_views, people_views, roles_views, second_factor_views, signin_views, workspace_views

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
    # The unit administrator's pages: people, roles, modules.
    path("lam-viec/quan-tri/thanh-vien/", people_views.members, name="members"),
    path("lam-viec/quan-tri/thanh-vien/moi/", people_views.add_member, name="add_member"),
    path("lam-viec/quan-tri/thanh-vien/<int:user_id>/", people_views.member, name="member"),
    path("lam-viec/quan-tri/thanh-vien/<int:user_id>/sua/", people_views.change_member, name="change_member"),
    path("lam-viec/quan-tri/loi-moi/", people_views.invite, name="invite"),
    path("lam-viec/quan-tri/loi-moi/<int:invitation_id>/thu-hoi/", people_views.withdraw_invitation,
         name="withdraw_invitation"),
    path("lam-viec/quan-tri/vai-tro/", roles_views.roles, name="roles"),
    path("lam-viec/quan-tri/vai-tro/moi/", roles_views.new_role, name="new_role"),
    path("lam-viec/quan-tri/vai-tro/<slug:code>/", roles_views.role, name="role"),
    path("lam-viec/quan-tri/mo-dun/", modules_views.module_list, name="modules"),
    path("lam-viec/quan-tri/mo-dun/<slug:module_id>/", modules_views.module_settings_page, name="module_settings"),
    path("lam-viec/quan-tri/mo-dun/<slug:module_id>/bat-tat/", modules_views.switch_module, name="switch_module"),
]
