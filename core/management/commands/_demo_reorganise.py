"""`egov demo --reorganise`: the Nghệ An pilot taken into its 2025 shape (deploy/demo/nghe-an-2025.csv: the province
continuing, 16 communes, the districts ended) with `egov reorganise`, effective today (the demo worked in the old
units after 1 July 2025, so that date would be refused). Done once: a pilot already reorganised is left as it is."""

from django.conf import settings
from django.core.management import call_command

PLAN_FILE = settings.BASE_DIR / "deploy" / "demo" / "nghe-an-2025.csv"


def reorganise_pilot(out, today, verbosity: int = 1) -> bool:
    """Carry the pilot's plan out; False (and nothing done) when the pilot was reorganised already."""
    from tenants.models import Unit
    from tenants.services.reorganisation import load_plan_file

    olds = load_plan_file(PLAN_FILE).old_codes()
    if Unit.objects.filter(code__in=olds, ended_on__isnull=False).exists():
        out.write("The pilot was reorganised already: nothing to do.\n")
        return False
    call_command("reorganise", plan=str(PLAN_FILE), effective=today.isoformat(), today=today.isoformat(),
                 verbosity=verbosity, stdout=out)
    return True


def successor_of(code: str) -> str:
    """The code of the unit that carries `code` on (itself while it has not ended)."""
    from tenants.services.units_over_time import forwarded

    unit = forwarded(code)
    return unit.code if unit is not None else code
