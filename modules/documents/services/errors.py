"""Errors of the documents services: a code from DocumentsCode, a message for people, the field concerned."""

from enum import StrEnum

from core.errors import ServiceError


class DocumentsCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    INVALID_DATA = "INVALID_DATA"
    UNKNOWN_TYPE = "UNKNOWN_TYPE"
    NO_SERIES = "NO_SERIES"
    NUMBER_TAKEN = "NUMBER_TAKEN"
    LEAD_REQUIRED = "LEAD_REQUIRED"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_MISMATCH = "FILE_TYPE_MISMATCH"
    FILE_TYPE_REFUSED = "FILE_TYPE_REFUSED"
    ISSUED_UNCHANGEABLE = "ISSUED_UNCHANGEABLE"
    UNKNOWN_UNIT = "UNKNOWN_UNIT"
    RECEIVER_NOT_ENABLED = "RECEIVER_NOT_ENABLED"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    FORBIDDEN_ROLE = "FORBIDDEN_ROLE"
    NOT_ROUTED = "NOT_ROUTED"
    INVALID_ENVELOPE = "INVALID_ENVELOPE"      # an edXML message refused (its field names the element)
    NOT_ADDRESSED = "NOT_ADDRESSED"            # an envelope or status not addressed to this unit
    NO_AXIS = "NO_AXIS"                        # no document axis configured (EGOV_DOCUMENT_AXIS_URL)
    UNIT_ENDED = "UNIT_ENDED"                  # the unit ended in a reorganisation: it issues nothing more


class DocumentsError(ServiceError, ValueError):
    codes = DocumentsCode
