"""The unit administrator's pages for the unit's people: its members (a person added by exact user name or e-mail,
never picked from a list of other units' people), each member's roles, deactivating, and invitations for a role.
Thin: every change is one call of core.accounts.services, whose refusal is shown in Vietnamese and changes nothing."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.accounts import services as accounts
from core.ids import object_id
from core.web.access import unit_admin_page

MEMBERS = "/lam-viec/quan-tri/thanh-vien/"


def _page_number(request) -> int:
    value = request.GET.get("trang", "1")
    return number if (number := object_id(value)) is not None and 0 < number < 10_000 else 1


def _members_page(request, *, error=None, form=None, status=200):
    search = request.GET.get("q", "").strip()[:100]
    page = _page_number(request)
    rows, total = accounts.members(request.unit, search=search, page=page)
    pages = max(1, -(-total // accounts.MEMBERS_PAGE))
    context = {
        "members": rows, "total": total, "search": search, "page": page, "pages": pages,
        "roles": sorted(accounts.role_names(request.unit).items(), key=lambda cr: cr[1]),
        "invitations": [(i, accounts.invitation_url(i)) for i in accounts.open_invitations(request.unit)],
        "error": error, "form": form or {},
    }
    return render(request, "web/admin/members.html", context, status=status)


@unit_admin_page("accounts.view_membership")
def members(request):
    return _members_page(request)


@require_POST
@unit_admin_page("accounts.add_membership")
def add_member(request):
    person = request.POST.get("person", "")
    roles = request.POST.getlist("role")
    try:
        membership = accounts.add_member(request.unit, person, roles, by=request.user)
    except accounts.PeopleRefused as exc:
        return _members_page(request, error=exc, form={"person": person[:254], "roles": roles}, status=exc.status)
    messages.success(request, _("Đã thêm %(name)s vào đơn vị.") % {"name": _name(membership.user)})
    return HttpResponseRedirect(MEMBERS)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _member_page(request, membership, *, error=None, status=200):
    return render(request, "web/admin/member.html", {
        "membership": membership, "held": set(membership.roles.values_list("code", flat=True)),
        "roles": sorted(accounts.role_names(request.unit).items(), key=lambda cr: cr[1]), "error": error,
    }, status=status)


def _membership(request, user_id):
    try:
        return accounts.member(request.unit, user_id)
    except accounts.PeopleRefused:
        return None


@unit_admin_page("accounts.view_membership")
def member(request, user_id: int):
    membership = _membership(request, user_id)
    if membership is None:
        return render(request, "web/refused.html", {"message": _("Người này không phải thành viên của đơn vị.")},
                      status=404)
    return _member_page(request, membership)


@require_POST
@unit_admin_page("accounts.change_membership")
def change_member(request, user_id: int):
    membership = _membership(request, user_id)
    if membership is None:
        return render(request, "web/refused.html", {"message": _("Người này không phải thành viên của đơn vị.")},
                      status=404)
    action = request.POST.get("action", "")
    try:
        if action == "roles":
            accounts.set_member_roles(request.unit, user_id, request.POST.getlist("role"), by=request.user)
            messages.success(request, _("Đã lưu vai trò của %(name)s.") % {"name": _name(membership.user)})
        elif action in ("deactivate", "activate"):
            accounts.set_member_active(request.unit, user_id, action == "activate", by=request.user)
            messages.success(request, (_("Đã tạm dừng %(name)s.") if action == "deactivate"
                                       else _("Đã kích hoạt lại %(name)s.")) % {"name": _name(membership.user)})
        else:
            return render(request, "web/refused.html", {"message": _("Thao tác không hợp lệ.")}, status=400)
    except accounts.PeopleRefused as exc:
        return _member_page(request, _membership(request, user_id), error=exc, status=exc.status)
    return HttpResponseRedirect(f"{MEMBERS}{user_id}/")


@require_POST
@unit_admin_page("accounts.add_invitation")
def invite(request):
    email, role = request.POST.get("email", ""), request.POST.get("invite_role", "")
    try:
        invitation = accounts.invite(request.unit, role, email, by=request.user)
    except accounts.PeopleRefused as exc:
        return _members_page(request, error=exc, form={"email": email[:254], "invite_role": role}, status=exc.status)
    messages.success(request, _("Đã tạo lời mời cho %(email)s; gửi cho họ địa chỉ %(url)s.")
                     % {"email": invitation.email, "url": accounts.invitation_url(invitation)})
    return HttpResponseRedirect(MEMBERS)


@require_POST
@unit_admin_page("accounts.add_invitation")
def withdraw_invitation(request, invitation_id: int):
    try:
        invitation = accounts.withdraw_invitation(request.unit, invitation_id, by=request.user)
    except accounts.PeopleRefused as exc:
        return _members_page(request, error=exc, status=exc.status)
    messages.success(request, _("Đã thu hồi lời mời gửi %(email)s.") % {"email": invitation.email})
    return HttpResponseRedirect(MEMBERS)
