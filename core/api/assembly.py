"""The two schemas, assembled from the core's root types and each module manifest's contributions.

A manifest names graphene.ObjectType classes (dotted paths): `graphql_query` and `graphql_mutation` join the unit
endpoint's Query and Mutation, `graphql_platform_query` and `graphql_platform_mutation` the platform endpoint's.
Their fields are copied onto the root types; on the unit endpoint each one answers MODULE_NOT_ENABLED while the module is off in the unit.
Field names must be unique across the core and all modules (prefix them with the module id, e.g. `onestopDossiers`).
Module root fields are made nullable: where the module is off they are null, with the error beside the data.
"""

import copy
import functools
from collections.abc import Callable, Iterable, Mapping

import graphene
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from graphene.types.resolver import get_default_resolver
from graphene.utils.orderedtype import OrderedType

from core.api.errors import MODULE_NOT_ENABLED, ApiError
from core.api.mutations.invitations import RedeemInvitation
from core.api.mutations.messages import RetryFailedMessages
from core.api.mutations.modules import DisableModule, EnableModule
from core.api.mutations.people import (
    InvitationsCreate,
    InvitationsWithdraw,
    MembersAdd,
    MembersSetActive,
    MembersSetRoles,
    ModuleSettingsSet,
    RolesChange,
    RolesCreate,
)
from core.api.mutations.reorganisation import ConfirmCarriedMemberships, ConfirmCarriedMembershipsHere
from core.api.mutations.tokens import IssueApiToken, IssueServiceToken, RevokeApiToken
from core.api.mutations.units import ProvisionUnit, RequestUnit
from core.api.queries.administration import AdministrationQuery
from core.api.queries.common import CallerQuery
from core.api.queries.platform import PlatformQuery
from core.api.queries.reorganisation import PlatformReorganisationQuery, UnitReorganisationQuery
from core.api.queries.unit import UnitQuery
from core.api.times import in_local_time

UNIT = "unit"
PLATFORM = "platform"


class UnitCoreMutation(graphene.ObjectType):
    issue_api_token = IssueApiToken.Field()
    revoke_api_token = RevokeApiToken.Field()
    confirm_carried_memberships = ConfirmCarriedMembershipsHere.Field()
    members_add = MembersAdd.Field()
    members_set_roles = MembersSetRoles.Field()
    members_set_active = MembersSetActive.Field()
    invitations_create = InvitationsCreate.Field()
    invitations_withdraw = InvitationsWithdraw.Field()
    roles_create = RolesCreate.Field()
    roles_change = RolesChange.Field()
    module_settings_set = ModuleSettingsSet.Field()
    retry_failed_messages = RetryFailedMessages.Field()


class PlatformCoreMutation(graphene.ObjectType):
    request_unit = RequestUnit.Field()
    provision_unit = ProvisionUnit.Field()
    enable_module = EnableModule.Field()
    disable_module = DisableModule.Field()
    issue_api_token = IssueApiToken.Field()
    issue_service_token = IssueServiceToken.Field()
    revoke_api_token = RevokeApiToken.Field()
    redeem_invitation = RedeemInvitation.Field()
    confirm_carried_memberships = ConfirmCarriedMemberships.Field()


def module_enabled(request, module_id: str) -> bool:
    """Whether the request's unit enabled the module (one query per request, remembered on the unit object)."""
    from core.modules.services import is_enabled

    unit = getattr(request, "unit", None)
    return unit is not None and is_enabled(unit, module_id)


def gate(module_id: str, resolver: Callable) -> Callable:
    """The resolver, answering MODULE_NOT_ENABLED when the request's unit has not enabled the module."""

    @functools.wraps(resolver)
    def gated(root, info, **kwargs):
        if not module_enabled(info.context, module_id):
            raise ApiError(MODULE_NOT_ENABLED, _("Mô-đun %(module)s chưa được bật tại đơn vị này.")
                           % {"module": module_id}, module=module_id)
        return resolver(root, info, **kwargs)

    return gated


def _fields_of(owner: str, cls, gate_module: str | None) -> dict[str, graphene.Field]:
    if not (isinstance(cls, type) and issubclass(cls, graphene.ObjectType)):
        raise ImproperlyConfigured(f"{owner}: {cls!r} is not a graphene.ObjectType")
    fields = {}
    for name, field in cls._meta.fields.items():
        copied = copy.copy(field)
        resolver = field.resolver or getattr(cls, f"resolve_{name}", None)
        if gate_module is not None:
            resolver = gate(gate_module, resolver or functools.partial(get_default_resolver(), name, field.default_value))
            if isinstance(copied._type, graphene.NonNull):
                # Off in some units: a null there must not wipe out the rest of the response.
                copied._type = copied._type.of_type
        copied.resolver = resolver
        copied.creation_counter = OrderedType.gen_counter()  # keep the assembly order, whatever the import order
        fields[name] = copied
    return fields


def merge(type_name: str, parts: Iterable[tuple[str, type, str | None]]) -> type[graphene.ObjectType] | None:
    """One root type from (owner, ObjectType class, module id to gate on or None) parts; duplicate names refused."""
    attrs: dict[str, graphene.Field] = {}
    owners: dict[str, str] = {}
    for owner, cls, gate_module in parts:
        for name, field in _fields_of(owner, cls, gate_module).items():
            if name in attrs:
                raise ImproperlyConfigured(
                    f"GraphQL field {type_name}.{name} is declared by both {owners[name]} and {owner}")
            attrs[name] = field
            owners[name] = owner
    if not attrs:
        return None
    return type(type_name, (graphene.ObjectType,), attrs)


def _contributions(attribute: str, manifests: Mapping | None) -> list[tuple[str, type, str]]:
    if manifests is None:
        from core.modules.registry import all_manifests

        manifests = all_manifests()
    parts = []
    for module_id, manifest in sorted(manifests.items()):
        path = getattr(manifest, attribute)
        if path:
            parts.append((f"module {module_id} ({attribute})", import_string(path), module_id))
    return parts


def build_schema(endpoint: str, manifests: Mapping | None = None) -> graphene.Schema:
    """The endpoint's schema with the contributions of `manifests` (default: every loaded module and plug-in)."""
    if endpoint == UNIT:
        query = merge("Query", [("core", CallerQuery, None), ("core", UnitQuery, None),
                                ("core", UnitReorganisationQuery, None), ("core", AdministrationQuery, None),
                                *_contributions("graphql_query", manifests)])
        mutation = merge("Mutation", [("core", UnitCoreMutation, None), *_contributions("graphql_mutation", manifests)])
    elif endpoint == PLATFORM:
        platform = _contributions("graphql_platform_query", manifests)
        query = merge("Query", [("core", CallerQuery, None), ("core", PlatformQuery, None),
                                ("core", PlatformReorganisationQuery, None),
                                *[(owner, cls, None) for owner, cls, _m in platform]])
        platform_mutations = _contributions("graphql_platform_mutation", manifests)
        mutation = merge("Mutation", [("core", PlatformCoreMutation, None),
                                      *[(owner, cls, None) for owner, cls, _m in platform_mutations]])
    else:
        raise ValueError(endpoint)
    return in_local_time(graphene.Schema(query=query, mutation=mutation, auto_camelcase=True))


@functools.cache
def get_schema(endpoint: str) -> graphene.Schema:
    """The endpoint's schema, built once per process."""
    return build_schema(endpoint)
