"""The ICT department records units and has their schemas created (on a worker)."""

import graphene
from django.utils.translation import gettext as _

from core.api.mutations.base import BaseMutation, MutationError
from core.api.types.units import UnitType
from tenants.models import Unit, UnitStatus
from tenants.services.provisioning import Method, queue_provisioning
from tenants.services.units import InvalidUnits, UnitRecord, record_units

ProvisioningMethod = graphene.Enum("ProvisioningMethod", [(m.name, m.value) for m in Method],
                                   description="CLONE: sao từ schema mẫu; MIGRATE: chạy migration. / Clone or migrate.")


class RequestUnitInput(graphene.InputObjectType):
    code = graphene.String(required=True, description="Mã GSO hoặc mã định danh. / GSO code or OrganId.")
    name = graphene.String(required=True)
    kind = graphene.String(required=True, description="Mã loại đơn vị. / Unit kind code.")
    parent_code = graphene.String()
    organ_id = graphene.String()
    provision = graphene.Boolean(default_value=False, description="Khởi tạo ngay. / Provision right away.")


class RequestUnit(BaseMutation):
    """Ghi nhận một đơn vị mới (trạng thái REQUESTED). / Record a new unit (status REQUESTED)."""

    platform_permissions = ("tenants.add_unit",)

    class Arguments:
        input = RequestUnitInput(required=True)

    unit = graphene.Field(UnitType)

    @classmethod
    def perform(cls, info, input):
        record = UnitRecord(code=(input.get("code") or "").strip(), name=(input.get("name") or "").strip(),
                            kind=(input.get("kind") or "").strip(), parent_code=(input.get("parent_code") or "").strip(),
                            organ_id=(input.get("organ_id") or "").strip())
        try:
            created, existing = record_units([record])
        except InvalidUnits as exc:
            raise MutationError("INVALID", "; ".join(exc.messages)) from exc
        if existing:
            raise MutationError("ALREADY_EXISTS", _("Đã có đơn vị mã %(code)s.") % {"code": record.code}, field="code")
        unit = created[0]
        if input.get("provision"):
            queue_provisioning(unit)
        return cls(unit=unit)


class ProvisionUnit(BaseMutation):
    """Đưa việc khởi tạo schema của đơn vị vào hàng đợi. / Queue the creation of a unit's schema."""

    platform_permissions = ("tenants.change_unit",)

    class Arguments:
        code = graphene.String(required=True)
        method = graphene.Argument(ProvisioningMethod, default_value=ProvisioningMethod.CLONE)

    unit = graphene.Field(UnitType)

    @classmethod
    def perform(cls, info, code, method=Method.CLONE.value):
        unit = Unit.objects.select_related("kind").filter(code=code.strip()).first()
        if unit is None:
            raise MutationError("NOT_FOUND", _("Không có đơn vị mã %(code)s.") % {"code": code}, field="code")
        if unit.status not in (UnitStatus.REQUESTED, UnitStatus.FAILED):
            raise MutationError("INVALID_STATUS", _("Đơn vị %(code)s đang ở trạng thái %(status)s, không khởi tạo được.")
                                % {"code": unit.code, "status": unit.get_status_display()}, field="code")
        queue_provisioning(unit, getattr(method, "value", method))
        return cls(unit=unit)
