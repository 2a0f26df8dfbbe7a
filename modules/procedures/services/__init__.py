"""A unit's procedures and processes: the API other modules (one-stop dossiers) call."""

from modules.procedures.services.process import (
    Adoption,
    StepView,
    UnitProcess,
    adopt_procedure,
    resolve_handover,
    unit_procedures,
    unit_process,
    withdraw_procedure,
)
from modules.procedures.services.validation import ProcessConfigError, StepSpec, validate_process

__all__ = ["Adoption", "ProcessConfigError", "StepSpec", "StepView", "UnitProcess", "adopt_procedure",
           "resolve_handover", "unit_procedures", "unit_process", "validate_process", "withdraw_procedure"]
