"""Reorganisations on both endpoints (docs/ict/reorganisation.md). Platform: the unit tree at a date, the recorded plans
with their runs and steps, the memberships carried into a unit. A unit's own endpoint: the memberships carried into it,
for its administrator to confirm (its successions are on `unit`)."""

import graphene
from django.utils.translation import gettext as _

from core.api.connections import ListConnectionField
from core.api.errors import NOT_FOUND, ApiError
from core.api.permissions import requires
from core.api.queries.platform import _unit
from core.api.types.reorganisation import (
    CarriedMembershipType,
    ReorganisationPlanConnection,
    ReorganisationPlanType,
    UnitAtDateType,
)
from core.ids import object_id
from tenants.services import descendants
from tenants.services.reorganisation import runs
from tenants.services.units_over_time import today


def _tree(code: str, at):
    """The unit and the units below it on `at` (default today), with the names and parents they had then."""
    unit = _unit(code)
    found = descendants(unit, include_self=True, at=at or today())
    codes = {u.pk: u.code for u in found}
    missing = {u.parent_id for u in found if u.parent_id and u.parent_id not in codes}
    if missing:
        from tenants.models import Unit

        codes.update(Unit.objects.filter(pk__in=missing).values_list("pk", "code"))
    return [UnitAtDateType(code=u.code, name=u.name, kind_code=u.kind.code, parent_code=codes.get(u.parent_id),
                           depth=getattr(u, "depth", 0), effective_from=u.effective_from, ended_on=u.ended_on)
            for u in found]


class PlatformReorganisationQuery(graphene.ObjectType):
    unit_tree = graphene.List(graphene.NonNull(UnitAtDateType), required=True, code=graphene.String(required=True),
                              at=graphene.Date(description="Ngày xem; mặc định hôm nay. / The day; default today."),
                              description="Đơn vị và các đơn vị dưới nó tại một ngày, với tên và cấp trên khi đó; rỗng "
                                          "khi ngày đó đơn vị chưa có hoặc đã chấm dứt. / The unit tree on a day.")
    reorganisation_plans = ListConnectionField(ReorganisationPlanConnection,
                                               description="Các kế hoạch sắp xếp đã thực hiện, mới nhất trước. / "
                                                           "Recorded reorganisation plans, newest first.")
    reorganisation_plan = graphene.Field(ReorganisationPlanType, id=graphene.ID(required=True))
    carried_memberships = graphene.List(
        graphene.NonNull(CarriedMembershipType), required=True, unit_code=graphene.String(required=True),
        unconfirmed_only=graphene.Boolean(default_value=False),
        description="Thành viên chuyển sang đơn vị từ các đơn vị đã chấm dứt. / Memberships carried into the unit.")

    @staticmethod
    @requires("tenants.view_unit")
    def resolve_unit_tree(root, info, code, at=None):
        return _tree(code, at)

    @staticmethod
    @requires("tenants.view_reorganisationplan")
    def resolve_reorganisation_plans(root, info):
        return runs.plans()

    @staticmethod
    @requires("tenants.view_reorganisationplan")
    def resolve_reorganisation_plan(root, info, id):
        plan = runs.plans().filter(pk=object_id(id) or 0).first()
        if plan is None:
            raise ApiError(NOT_FOUND, _("Không có kế hoạch sắp xếp %(id)s.") % {"id": id})
        return plan

    @staticmethod
    @requires("tenants.view_carriedmembership")
    def resolve_carried_memberships(root, info, unit_code, unconfirmed_only=False):
        return list(runs.carried_memberships(_unit(unit_code), unconfirmed_only))


class UnitReorganisationQuery(graphene.ObjectType):
    carried_memberships = graphene.List(
        graphene.NonNull(CarriedMembershipType), required=True, unconfirmed_only=graphene.Boolean(default_value=False),
        description="Thành viên chuyển sang đơn vị này từ các đơn vị đã chấm dứt, chờ quản trị xác nhận. / "
                    "Memberships carried into this unit, for its administrator to confirm.")

    @staticmethod
    @requires("accounts.change_membership")
    def resolve_carried_memberships(root, info, unconfirmed_only=False):
        return list(runs.carried_memberships(info.context.unit, unconfirmed_only))
