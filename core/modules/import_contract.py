"""The import contract between modules: one module reaches another only through its public rooms.

An import-linter contract type (pyproject.toml, `[tool.importlinter]`): for every import from one module or plug-in
package into another, the imported module must be the other package's `services` package (or a module inside it)
or its `hooks` module. Everything else (models, api, admin, views, tasks...) is private to its package. Only
direct imports count: a module's services may use its own models.

Loaded by `lint-imports` only (import-linter is a development dependency); nothing at run time imports it.
"""

import grimp
from importlinter import Contract, ContractCheck, fields, output

PUBLIC_ROOMS = ("services", "hooks")


class ServicesOnlyContract(Contract):
    """Options: `packages`, the module and plug-in packages (e.g. `modules.*`, `egov_notify`); `public`, the rooms
    another package may import (default: services, hooks)."""

    type_name = "services_only"

    packages = fields.ListField(subfield=fields.ModuleExpressionField())
    public = fields.ListField(subfield=fields.StringField(), required=False)

    def _packages(self, graph: grimp.ImportGraph) -> list[str]:
        names = set()
        for expression in self.packages:  # type: ignore[attr-defined]
            pattern = expression.expression
            if pattern.endswith(".*"):
                parent = pattern[:-2]
                names |= {child for child in graph.find_children(parent) if graph.find_children(child)}
            elif pattern in graph.modules:
                names.add(pattern)
        return sorted(names)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        packages = self._packages(graph)
        rooms = tuple(self.public or PUBLIC_ROOMS)  # type: ignore[attr-defined]

        def owner(module: str) -> str | None:
            return next((p for p in packages if module == p or module.startswith(p + ".")), None)

        def public(module: str, package: str) -> bool:
            return any(module == f"{package}.{room}" or module.startswith(f"{package}.{room}.") for room in rooms)

        illegal = []
        for package in packages:
            for importer in sorted({package, *graph.find_descendants(package)}):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    target = owner(imported)
                    if target is None or target == package or public(imported, target):
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    illegal.append({"importer": importer, "imported": imported,
                                    "line_numbers": sorted({d["line_number"] for d in details})})
        return ContractCheck(kept=not illegal, warnings=[], metadata={"illegal": illegal, "rooms": rooms})

    def render_broken_contract(self, check: ContractCheck) -> None:
        rooms = " or ".join(check.metadata["rooms"])
        output.print_error(f"Imports of another package's private parts (only its {rooms} may be imported):",
                           bold=False)
        output.new_line()
        for row in check.metadata["illegal"]:
            lines = ", ".join(map(str, row["line_numbers"]))
            output.print_error(f"- {row['importer']} -> {row['imported']} (l.{lines})", bold=False)
        output.new_line()
