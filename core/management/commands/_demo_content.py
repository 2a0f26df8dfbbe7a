"""What the demo's units can do: the sample procedure catalogue, the modules switched on, and each unit's process for
the procedures of its level (communes: civil status and certification; districts: business and construction). Communes
also receive a district procedure at their counter and hand it over to their district (liên thông), which takes it."""

from decimal import Decimal

from django.db import transaction

# Enabling order follows the dependencies; plug-in backed modules only when their plug-in is allowed.
MODULES = ["catalogue", "procedures", "onestop", "tracking", "portal", "printing", "statistics"]
WITH_PLUGINS = {"notices": "notify", "payments": "paysandbox"}
# The demo sends nothing out: citizens' SMS go to the console channel (printed by the worker), as e-mail does there
# (demo.py sets the console e-mail backend).
DEMO_SETTINGS = {"notices": {"sms_channel": "console"}}
COMMUNE_PROCEDURES = ["1.001193", "1.000894", "1.000656", "2.000815"]
DISTRICT_PROCEDURES = ["1.001612", "2.000720", "1.009994"]
# Received at a commune's counter, decided by its district (the nearest unit above of that kind, which handles it).
HANDED_OVER_TO_DISTRICT = ["1.001612"]


def _steps(days: Decimal) -> list[dict]:
    """Receiving officer checks, specialist processes, leader signs: the time split 20 / 50 / 30 %."""
    days = Decimal(days)
    check, process = round(days * Decimal("0.2"), 3), round(days * Decimal("0.5"), 3)
    return [
        {"name": "Kiểm tra, tiếp nhận", "role": "receiving_officer", "days": str(check)},
        {"name": "Thẩm định, xử lý", "role": "specialist", "days": str(process)},
        {"name": "Ký duyệt", "role": "leader", "days": str(days - check - process)},
    ]


def _handed_over_steps(days: Decimal) -> list[dict]:
    """The commune checks and receives, its district decides (the specialist transfers the dossier there), the
    commune's leader closes it when the result is back: 20 / 60 / 20 %."""
    days = Decimal(days)
    check = round(days * Decimal("0.2"), 3)
    return [
        {"name": "Kiểm tra, tiếp nhận", "role": "receiving_officer", "days": str(check)},
        {"name": "Chuyển UBND huyện giải quyết", "role": "specialist", "days": str(days - 2 * check),
         "handover_kind": "district"},
        {"name": "Nhận kết quả, trình ký trả", "role": "leader", "days": str(check)},
    ]


def _processes(level: int) -> list[tuple[str, object]]:
    """(procedure code, its steps for a number of days) a unit of this level adopts."""
    if level >= 3:
        return [(c, _steps) for c in COMMUNE_PROCEDURES] + [(c, _handed_over_steps) for c in HANDED_OVER_TO_DISTRICT]
    return [(c, _steps) for c in DISTRICT_PROCEDURES] if level == 2 else []


def set_up_units(units, out) -> None:
    from core.modules.registry import all_manifests, services_of
    from core.modules.services import enable, is_enabled, set_settings

    catalogue, procedures = services_of("catalogue"), services_of("procedures")  # the kernel imports no module
    current_version, import_sample = catalogue.current_version, catalogue.import_sample
    adopt_procedure, unit_process = procedures.adopt_procedure, procedures.unit_process

    report = import_sample()
    out.write(f"Sample catalogue: {len(report.created)} new, {len(report.updated)} updated, "
              f"{len(report.unchanged)} unchanged.")
    loaded = all_manifests()
    modules = _ordered(MODULES + [x for m, p in WITH_PLUGINS.items() if p in loaded for x in (p, m)], loaded)
    for unit in units:
        with transaction.atomic():
            for module in modules:
                if not is_enabled(unit, module):
                    enable(unit, module)
                if module in DEMO_SETTINGS:  # also in units an earlier demo set up
                    set_settings(unit, module, DEMO_SETTINGS[module])
            for code, steps in _processes(unit.kind.level):
                version = current_version(code)
                days = version.processing_days() if version else None
                if days and unit_process(unit, code) is None:
                    adopt_procedure(unit, code, steps(days))
    out.write(f"Modules on in {len(units)} units: {', '.join(modules)}.")


def _ordered(modules: list[str], loaded) -> list[str]:
    """Dependencies first."""
    done: list[str] = []

    def visit(module: str) -> None:
        if module in done or module not in loaded:
            return
        for dep in loaded[module].depends:
            visit(dep)
        done.append(module)

    for module in modules:
        visit(module)
    return done
