"""The manifest every module and plug-in declares: the public contract between the core and its extensions.

A first-party module exposes `MANIFEST = ModuleManifest(...)` in `modules/<name>/manifest.py`; a plug-in distribution
points the entry point group `egov.plugins` at its manifest object. Everything not named here is private to the core.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.accounts.roles import RoleSpec


@dataclass(frozen=True)
class SettingSpec:
    """A per-unit setting of a module, with its default and a validator that raises ValueError on bad values."""

    key: str
    default: Any
    help: str = ""
    validate: Callable[[Any], None] | None = None


NAV_GROUPS = ("work", "reports", "admin")  # the headings of the workspace's navigation (core.web.navigation)


@dataclass(frozen=True)
class NavEntry:
    """A page of the staff workspace a module offers (core.web.navigation): shown to members of a unit that enabled
    the module and hold one of `roles` (empty: every member). `path` is under the unit's address, usually the
    module's own pages at /m/<id>/..."""

    label: str                                # Vietnamese, translated when shown: the msgid must be in the module's
    #                                           catalogue (its page's title usually is); plain text, as Django's
    #                                           gettext_noop needs settings
    path: str                                 # "/m/onestop/hang-doi/"
    roles: tuple[str, ...] = ()
    group: str = "work"                       # one of NAV_GROUPS: the heading it is listed under
    order: int = 100


@dataclass(frozen=True)
class ModuleManifest:
    id: str                                   # "onestop", "notify" - also the GraphQL/URL namespace
    app: str                                  # the Django app (dotted path) that holds its models, migrations, tasks
    name_vi: str
    name_en: str
    version: str
    core_compat: str                          # PEP 440 specifier the core's version must satisfy, e.g. ">=0.1,<1"
    depends: tuple[str, ...] = ()             # module ids that must be enabled first in the same unit
    uses: tuple[str, ...] = ()                # module ids whose services or hooks it calls when they are loaded,
    #                                           without needing them enabled (its own code checks); may be absent
    shared: bool = False                      # True: tables in the public schema (catalogues); False: per unit
    settings: tuple[SettingSpec, ...] = ()
    roles: tuple[RoleSpec, ...] = ()
    graphql_query: str | None = None          # dotted path to a graphene.ObjectType whose fields join the unit Query
    graphql_mutation: str | None = None       # dotted path to a graphene.ObjectType whose fields join the unit Mutation
    graphql_platform_query: str | None = None  # fields for the platform endpoint (ICT department, citizens)
    graphql_platform_mutation: str | None = None  # mutations for the platform endpoint
    urls: str | None = None                   # dotted path to a urls module, mounted at /m/<id>/ in each unit
    platform_urls: str | None = None          # dotted path to a urls module, mounted at /m/<id>/ on the platform host
    periodic_tasks: dict[str, dict] = field(default_factory=dict)  # Celery beat entries; fanned out per enabled unit
    on_installed: str | None = None           # dotted path to f(unit) called when enabled for a unit
    on_uninstalled: str | None = None         # dotted path to f(unit) called when disabled for a unit
    hooks: dict[str, str] = field(default_factory=dict)  # hook name -> dotted path of the receiver
    nav: tuple[NavEntry, ...] = ()            # its pages in the staff workspace's navigation (core.web.navigation)
