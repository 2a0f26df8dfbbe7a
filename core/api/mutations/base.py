"""The base of every mutation: declared permissions, input validation, one service call in a transaction, and
typed errors in the payload (`errors: [Error!]!`) for every mistake a caller can make.

    class RevokeApiToken(BaseMutation):
        permissions = ()                       # checked with user.has_perm before anything else
        class Arguments:
            id = graphene.ID(required=True)
        token = graphene.Field(ApiTokenType)

        @classmethod
        def perform(cls, info, id):            # runs inside transaction.atomic()
            return cls(token=revoke_token(...))

A service signals a caller's mistake by raising its module's core.errors.ServiceError (a code from the module's enum,
a message, a field) or django.core.exceptions.ValidationError; both become `errors` and roll the transaction back
(MutationError is the ServiceError of the API layer itself). Authentication and permission failures are
GraphQL errors with extensions.code UNAUTHENTICATED / PERMISSION_DENIED, like other fields.
"""

from contextlib import nullcontext

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from graphene.utils.str_converters import to_camel_case

from core.api.permissions import check_permissions, check_platform_permissions
from core.errors import ServiceError


class Error(graphene.ObjectType):
    class Meta:
        description = "Lỗi do dữ liệu gửi lên. / A mistake in the input."

    field = graphene.String(description="Trường gây lỗi (camelCase), null: cả yêu cầu. / Input field, or null.")
    code = graphene.String(required=True, description="Mã lỗi ổn định, ví dụ NOT_FOUND. / Stable code.")
    message = graphene.String(required=True)


class MutationError(ServiceError):
    """Raise from clean_input/perform: `raise MutationError("NOT_FOUND", _("..."), field="code")` (the field named
    as the API names it)."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(code, message, field or "")
        self.errors = [Error(field=field, code=code, message=str(message))]


def errors_from_service(exc: ServiceError) -> list[Error]:
    """A service's refusal as the payload's errors: its code and message, its field in camelCase (null: the whole
    request)."""
    if isinstance(exc, MutationError):
        return exc.errors
    return [Error(field=to_camel_case(exc.field) if exc.field else None, code=str(exc.code), message=exc.message)]


def errors_from_validation(exc: ValidationError) -> list[Error]:
    errors = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.error_dict.items():
            name = None if field == NON_FIELD_ERRORS else to_camel_case(field)
            for error in field_errors:
                message = error.message % error.params if error.params else error.message
                errors.append(Error(field=name, code=error.code or "INVALID", message=str(message)))
    else:
        for error in exc.error_list:
            message = error.message % error.params if error.params else error.message
            errors.append(Error(field=None, code=error.code or "INVALID", message=str(message)))
    return errors


class BaseMutation(graphene.Mutation):
    class Meta:
        abstract = True

    permissions: tuple[str, ...] = ()
    platform_permissions: tuple[str, ...] = ()  # actions on the whole installation: a platform grant, never a unit role
    login_required = True
    # False: the service opens its own transactions (on several database servers, committed in an order of its own,
    # which an enclosing transaction of the current server would upset).
    atomic = True

    errors = graphene.List(graphene.NonNull(Error), required=True)

    @classmethod
    def clean_input(cls, info, **data) -> dict:
        """Validate and normalise the arguments; raise ValidationError or MutationError on a caller's mistake."""
        return data

    @classmethod
    def perform(cls, info, **cleaned):
        """Call one service and return the payload (cls(...)). Runs inside transaction.atomic() (unless `atomic`
        is False)."""
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **data):
        check_permissions(info, cls.permissions, cls.login_required)
        if cls.platform_permissions:
            check_platform_permissions(info, cls.platform_permissions)
        try:
            cleaned = cls.clean_input(info, **data)
            with transaction.atomic() if cls.atomic else nullcontext():
                payload = cls.perform(info, **cleaned)
        except ValidationError as exc:
            return cls(errors=errors_from_validation(exc))
        except ServiceError as exc:
            return cls(errors=errors_from_service(exc))
        if getattr(payload, "errors", None) is None:
            payload.errors = []
        return payload
