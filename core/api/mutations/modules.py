"""The ICT department turns modules on and off per unit (core.modules.services)."""

import graphene
from django.utils.translation import gettext as _

from core.api.modules_info import modules_of
from core.api.mutations.base import BaseMutation, MutationError
from core.api.types.units import UnitModuleType
from tenants.models import Unit


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=(code or "").strip()).first()
    if unit is None:
        raise MutationError("NOT_FOUND", _("Không có đơn vị mã %(code)s.") % {"code": code}, field="unitCode")
    return unit


class _ModuleSwitch(BaseMutation):
    class Meta:
        abstract = True

    platform_permissions = ("tenants.change_unit",)

    class Arguments:
        unit_code = graphene.String(required=True)
        module_id = graphene.String(required=True)

    modules = graphene.List(graphene.NonNull(UnitModuleType), description="Mô-đun của đơn vị sau thay đổi. / "
                                                                          "The unit's modules afterwards.")

    @classmethod
    def switch(cls, unit, module_id):
        raise NotImplementedError

    @classmethod
    def perform(cls, info, unit_code, module_id):
        from core.modules.services import ModuleError

        unit = _unit(unit_code)
        try:
            cls.switch(unit, module_id)
        except ModuleError as exc:
            raise MutationError(exc.code, exc.message, field="moduleId") from exc
        return cls(modules=modules_of(unit))


class EnableModule(_ModuleSwitch):
    """Bật một mô-đun cho đơn vị. / Enable a module for a unit."""

    @classmethod
    def switch(cls, unit, module_id):
        from core.modules.services import enable

        enable(unit, module_id)


class DisableModule(_ModuleSwitch):
    """Tắt một mô-đun của đơn vị (dữ liệu giữ lại). / Disable a module for a unit (its data stays)."""

    @classmethod
    def switch(cls, unit, module_id):
        from core.modules.services import disable

        disable(unit, module_id)
