"""`egov doctor`: what the ICT department checks on an installation, each finding with advice.

    from core.doctor import run_checks
    findings = run_checks()      # [Finding(level, area, message, advice)]
"""

from core.doctor.findings import Finding, Level
from core.doctor.runner import run_checks

__all__ = ["Finding", "Level", "run_checks"]
