"""Dossier codes, by default in the 2018 format: <agency code>-<YYMMDD>-<daily sequence of 4 digits>; a unit may set
another format from a day on (models.CodeFormat, read by intake_rules.code_pattern).

The agency code is the unit's 13-character OrganId (V1V2V3.Z1Z2.Y1Y2.MX1X2, Decision 20/2020/QĐ-TTg); a unit without
one uses its own code. Numbers come from a per-day counter row updated in the intake transaction: concurrent intakes
wait on that row, and a rolled-back intake gives its number back, so codes are unique and gap-free.
"""

from datetime import date

from django.db import connection

from modules.onestop.services.intake_rules import code_pattern

_NEXT = """
INSERT INTO onestop_dailysequence (day, last) VALUES (%s, 1)
ON CONFLICT (day) DO UPDATE SET last = onestop_dailysequence.last + 1
RETURNING last
"""


def agency_code(unit) -> str:
    return unit.organ_id or unit.code


def next_number(day: date) -> int:
    """The next number of `day` in the current unit; call inside the intake transaction."""
    with connection.cursor() as cur:
        cur.execute(_NEXT, [day])
        return cur.fetchone()[0]


def format_code(unit, day: date, number: int, procedure_code: str = "") -> str:
    return code_pattern(day).format(agency=agency_code(unit), unit=unit.code, date=day, seq=number,
                                    procedure=procedure_code)
