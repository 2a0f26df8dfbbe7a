"""One service error type (core.errors.ServiceError) with a code enum per module, and one JSON error answer."""

import json

import pytest

from core.api.tokens import TokenRefused
from core.calendar.errors import CalendarError, ExtensionRefused
from core.errors import ServiceError, error_response
from core.modules.errors import ModuleError
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.transitions import TransitionError
from modules.payments.services.errors import PaymentError
from modules.printing.errors import PrintingError
from modules.statistics.services.facts import FactsError
from modules.statistics.services.report import ReportError
from modules.tracking.services.errors import LookupRefused

MODULE_ERRORS = [OnestopError, TransitionError, PaymentError, PrintingError, LookupRefused, ReportError, FactsError,
                 ModuleError, CalendarError, TokenRefused]


@pytest.mark.parametrize("error", MODULE_ERRORS, ids=lambda e: e.__name__)
def test_every_modules_error_is_a_service_error_with_its_code_enum(error):
    assert issubclass(error, ServiceError) and error.codes is not None
    with pytest.raises(ValueError, match="NO_SUCH_CODE"):
        ServiceError.__init__(error.__new__(error), "NO_SUCH_CODE", "?")


def test_codes_compare_as_the_strings_callers_branch_on():
    refused = PaymentError("NOT_FOUND", "Không có hồ sơ 1.", "code", status=404)
    assert refused.code == "NOT_FOUND" and str(refused) == "Không có hồ sơ 1." and refused.field == "code"
    assert ExtensionRefused("Đã gia hạn một lần.").code == "EXTENSION_REFUSED"
    assert isinstance(refused, ValueError)  # callers that caught ValueError still do


def test_one_json_error_answer_for_views():
    response = error_response(LookupRefused("RATE_LIMITED", "Thử lại sau.", status=429))
    assert response.status_code == 429
    assert json.loads(response.content) == {"error": {"code": "RATE_LIMITED", "message": "Thử lại sau."}}
    response = error_response("FORBIDDEN", "Không có quyền.", 403)
    assert response.status_code == 403 and json.loads(response.content)["error"]["code"] == "FORBIDDEN"
