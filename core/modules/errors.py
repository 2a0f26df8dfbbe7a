"""The one error the module services raise, with a stable code callers (GraphQL, the command line) can branch on."""

from enum import StrEnum

from django.utils.translation import gettext as _

from core.errors import ServiceError


class ModuleCode(StrEnum):
    UNKNOWN_MODULE = "UNKNOWN_MODULE"
    MODULE_NOT_ENABLED = "MODULE_NOT_ENABLED"
    MISSING_DEPENDENCY = "MISSING_DEPENDENCY"
    HAS_DEPENDENTS = "HAS_DEPENDENTS"
    INVALID_SETTING = "INVALID_SETTING"
    UNIT_NOT_READY = "UNIT_NOT_READY"


UNKNOWN_MODULE = ModuleCode.UNKNOWN_MODULE
MODULE_NOT_ENABLED = ModuleCode.MODULE_NOT_ENABLED
MISSING_DEPENDENCY = ModuleCode.MISSING_DEPENDENCY
HAS_DEPENDENTS = ModuleCode.HAS_DEPENDENTS
INVALID_SETTING = ModuleCode.INVALID_SETTING
UNIT_NOT_READY = ModuleCode.UNIT_NOT_READY


class ModuleError(ServiceError):
    """A refused module operation. `code` is a ModuleCode; `details` holds what the message names."""

    codes = ModuleCode

    def __init__(self, code: str, message: str, *, module_id: str = "", **details):
        super().__init__(code, message, **details)
        self.module_id = module_id


def unknown_module(module_id: str) -> ModuleError:
    return ModuleError(UNKNOWN_MODULE, _("Không có mô-đun %(id)s.") % {"id": module_id}, module_id=module_id)


def not_enabled(module_id: str, unit) -> ModuleError:
    return ModuleError(
        MODULE_NOT_ENABLED,
        _("Mô-đun %(id)s chưa được bật cho đơn vị %(unit)s.") % {"id": module_id, "unit": unit.code},
        module_id=module_id, unit=unit.code,
    )


def missing_dependency(module_id: str, missing: list[str]) -> ModuleError:
    return ModuleError(
        MISSING_DEPENDENCY,
        _("Cần bật trước các mô-đun mà %(id)s phụ thuộc: %(missing)s.") % {"id": module_id, "missing": ", ".join(missing)},
        module_id=module_id, missing=missing,
    )


def has_dependents(module_id: str, dependents: list[str]) -> ModuleError:
    return ModuleError(
        HAS_DEPENDENTS,
        _("Không thể tắt %(id)s: các mô-đun đang bật phụ thuộc vào nó: %(dependents)s.")
        % {"id": module_id, "dependents": ", ".join(dependents)},
        module_id=module_id, dependents=dependents,
    )


def invalid_setting(module_id: str, key: str, reason: str) -> ModuleError:
    return ModuleError(
        INVALID_SETTING,
        _("Thiết lập %(key)s của mô-đun %(id)s không hợp lệ: %(reason)s") % {"key": key, "id": module_id, "reason": reason},
        module_id=module_id, key=key,
    )


def unit_not_ready(module_id: str, unit) -> ModuleError:
    return ModuleError(
        UNIT_NOT_READY, _("Đơn vị %(unit)s chưa sẵn sàng.") % {"unit": unit.code}, module_id=module_id, unit=unit.code,
    )
