"""The HTTP endpoint: parse and validate every operation (limits included) before executing any, then run each
in its own transaction with the time limit. A JSON list in the body is a batch."""

import inspect
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from graphql import DocumentNode, GraphQLError, OperationType, execute, get_operation_ast, parse, validate
from graphql.validation import specified_rules
from psycopg2.extensions import TRANSACTION_STATUS_INERROR

from core.api import errors, multipart
from core.api.assembly import get_schema
from core.api.budget import Budget, budget_for, deadline_rule, measure, spend_validation, validation_clock
from core.api.execution import DeadlineExecutionContext, statement_timeout, time_limit_ms
from core.api.limits import limit_rules
from core.api.literals import check_literals
from core.input_middleware import checks_own_input
from core.text_input import UnsafeInput, check_value, load_json
from tenants.services.units_over_time import write_refusal

MAX_VALIDATION_ERRORS = 50
GRAPHIQL_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")
# "Did you mean ...?" would reveal the schema to callers who may not introspect it (graphql-core >= 3.2.5).
_CAN_HIDE_SUGGESTIONS = "hide_suggestions" in inspect.signature(validate).parameters


@dataclass
class Prepared:
    """One operation of a request: either ready to run (document set) or refused (errors set, HTTP status)."""

    query: str | None = None
    variables: dict | None = None
    operation_name: str | None = None
    document: DocumentNode | None = None
    errors: list = field(default_factory=list)
    status: int = 200


def _refused(code: str, message: str, status: int = 400) -> Prepared:
    return Prepared(errors=[GraphQLError(message, extensions={"code": code})], status=status)


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(checks_own_input, name="dispatch")  # the multipart body is refused or read here, not before
class ApiView(GraphQLView):
    """`endpoint` is "unit" or "platform" (core.api.assembly)."""

    endpoint = "unit"
    # graphene-django's page loads its scripts from a CDN: ours serves the same files (core/api/static/api/graphiql/).
    graphiql_template = "api/graphiql.html"

    def __init__(self, endpoint: str | None = None, schema=None, **kwargs):
        endpoint = endpoint or self.endpoint
        super().__init__(schema=schema or get_schema(endpoint), graphiql=True, **kwargs)
        self.endpoint = endpoint

    # --- who may see what -------------------------------------------------------------------------------------
    @staticmethod
    def is_authenticated(request) -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)

    def open_to_exploration(self, request) -> bool:
        """GraphiQL and introspection: everyone in development, signed-in callers in production."""
        return not settings.PRODUCTION or self.is_authenticated(request)

    @staticmethod
    def csrf_refusal(request) -> str | None:
        """A browser session must carry the CSRF token; bearer tokens and anonymous calls need none."""
        if request.method != "POST" or getattr(request, "auth_token", None) is not None:
            return None
        if not ApiView.is_authenticated(request):
            return None
        check = _CsrfCheck(lambda r: None)
        check.process_request(request)
        return check.process_view(request, None, (), {})

    # --- HTTP -------------------------------------------------------------------------------------------------
    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "POST"):
            return self.respond(request, {"errors": [self.error_json(errors.BAD_REQUEST,
                                                                      _("Chỉ nhận GET và POST."))]}, 405)
        if request.method == "GET" and self.request_wants_html(request) and "raw" not in request.GET:
            if not self.open_to_exploration(request):
                return self.respond(request, {"errors": [self.error_json(
                    errors.INTROSPECTION_DISABLED, _("GraphiQL cần đăng nhập."))]}, 403)
            page = super().dispatch(request, *args, **kwargs)
            page["Content-Security-Policy"] = GRAPHIQL_POLICY  # its page starts from inline scripts
            return page
        budget = budget_for(anonymous=not self.is_authenticated(request))
        files = request.method == "POST" and self.get_content_type(request) == multipart.CONTENT_TYPE
        if files:
            try:
                multipart.refuse_early(request, budget.anonymous)  # before anything reads the body
            except multipart.MultipartRefused as refused:
                return self.refuse_multipart(request, refused)
        reason = self.csrf_refusal(request)  # the same rule for every content type, multipart included
        if reason:
            return self.respond(request, {"errors": [self.error_json("CSRF_FAILED", _("Thiếu hoặc sai mã CSRF: %(r)s")
                                                                      % {"r": reason})]}, 403)
        if not files and len(request.body) > budget.body_bytes:
            return self.respond(request, {"errors": [self.error_json(
                errors.REQUEST_TOO_LARGE, _("Yêu cầu lớn quá %(max)d byte.") % {"max": budget.body_bytes},
                max=budget.body_bytes)]}, 413)
        try:
            body = self.read_body(request, budget)
        except multipart.MultipartRefused as refused:
            return self.refuse_multipart(request, refused)
        except UnsafeInput as exc:
            return self.respond(request, {"errors": [self.error_json(errors.BAD_USER_INPUT, str(exc))]}, 400)
        except ValueError as exc:
            return self.respond(request, {"errors": [self.error_json(errors.BAD_REQUEST, str(exc))]}, 400)
        if isinstance(body, list):
            return self.run_batch(request, body, budget)
        prepared = self.prepare(request, body, budget)
        if prepared.errors:
            return self.respond(request, self.result_json(None, prepared.errors), prepared.status)
        return self.respond(request, *self.run(request, prepared))

    def run_batch(self, request, entries: list, budget: Budget):
        limit = budget.batch
        if not entries:
            return self.respond(request, {"errors": [self.error_json(errors.BAD_REQUEST, _("Lô yêu cầu rỗng."))]}, 400)
        if len(entries) > limit:
            return self.respond(request, {"errors": [self.error_json(
                errors.BATCH_TOO_LARGE, _("Một lô tối đa %(max)d thao tác (nhận %(n)d).") % {"max": limit, "n": len(entries)},
                max=limit)]}, 400)
        prepared = [self.prepare(request, entry, budget) for entry in entries]
        refused = [p for p in prepared if p.errors]
        if refused:
            # Nothing runs when any operation of the batch is refused.
            skipped = self.error_json(errors.BATCH_REJECTED, _("Không chạy: một thao tác khác trong lô bị từ chối."))
            results = [self.result_json(None, p.errors) if p.errors else {"errors": [skipped]} for p in prepared]
            return self.respond(request, results, max(p.status for p in refused))
        return self.respond(request, [self.run(request, p)[0] for p in prepared], 200)

    def refuse_multipart(self, request, refused: multipart.MultipartRefused) -> HttpResponse:
        return self.respond(request, {"errors": [self.error_json(refused.code, refused.message,
                                                                  **refused.extensions)]}, refused.status)

    def read_body(self, request, budget: Budget):
        if request.method == "GET":
            return request.GET
        content_type = self.get_content_type(request)
        if content_type == multipart.CONTENT_TYPE:
            return multipart.read(request, budget.anonymous, budget.body_bytes)
        if content_type == "application/graphql":
            return {"query": request.body.decode("utf-8", "replace")}
        if content_type == "application/x-www-form-urlencoded":
            return request.POST
        try:
            body = load_json(request.body.decode("utf-8"))
        except UnsafeInput:
            raise
        except (UnicodeDecodeError, ValueError) as exc:
            raise ValueError(_("Thân yêu cầu không phải JSON hợp lệ.")) from exc
        if not isinstance(body, dict | list) or (isinstance(body, list) and not all(isinstance(e, dict) for e in body)):
            raise ValueError(_("Thân yêu cầu phải là một đối tượng JSON hoặc một danh sách đối tượng."))
        return body

    # --- one operation ----------------------------------------------------------------------------------------
    def prepare(self, request, data, budget: Budget) -> Prepared:
        query = data.get("query")
        variables = data.get("variables")
        operation_name = data.get("operationName") or None
        if isinstance(variables, str):
            try:
                variables = load_json(variables) if variables else None
            except UnsafeInput as exc:
                return _refused(errors.BAD_USER_INPUT, str(exc))
            except ValueError:
                return _refused(errors.BAD_REQUEST, _("variables không phải JSON hợp lệ."))
        if variables is not None and not isinstance(variables, dict):
            return _refused(errors.BAD_REQUEST, _("variables phải là một đối tượng JSON."))
        if not query or not isinstance(query, str):
            return _refused(errors.BAD_REQUEST, _("Thiếu truy vấn (query)."))
        if len(query) > budget.chars:
            return _refused(errors.QUERY_TOO_LARGE, _("Truy vấn dài quá %(max)d ký tự.") % {"max": budget.chars})
        budget.chars -= len(query)  # a batch shares one allowance
        try:
            check_value(variables)
            document = parse(query, max_lexical_tokens=budget.tokens, max_source_length=len(query))
            check_literals(document)
        except UnsafeInput as exc:
            return _refused(errors.BAD_USER_INPUT, str(exc))
        except GraphQLError as error:
            return Prepared(errors=[errors.with_code(error, errors.GRAPHQL_PARSE_FAILED)], status=400)
        too_big = measure(document, budget)
        if too_big is not None:
            return Prepared(errors=[too_big], status=400)
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return _refused(errors.BAD_REQUEST, _("Không xác định được thao tác cần chạy (operationName)."))
        if request.method == "GET" and operation.operation != OperationType.QUERY:
            return _refused(errors.BAD_REQUEST, _("Thao tác thay đổi dữ liệu phải gửi bằng POST."), 405)
        if operation.operation == OperationType.MUTATION:
            refusal = write_refusal(getattr(request, "unit", None))  # an ended unit is a read-only archive
            if refusal:
                return _refused("UNIT_ENDED", refusal, 403)
        explorable = self.open_to_exploration(request)
        rules = [deadline_rule(budget), *specified_rules,
                 *limit_rules(variables, explorable, budget.aliases, budget.seen_once)]
        options = {"hide_suggestions": not explorable} if _CAN_HIDE_SUGGESTIONS else {}
        started = validation_clock()
        found = validate(self.schema.graphql_schema, document, rules, max_errors=MAX_VALIDATION_ERRORS, **options)
        spend_validation(budget, started)
        if found:
            return Prepared(errors=[errors.with_code(e, errors.GRAPHQL_VALIDATION_FAILED) for e in found], status=400)
        return Prepared(query=query, variables=variables, operation_name=operation_name, document=document)

    def run(self, request, prepared: Prepared) -> tuple[dict, int]:
        """Execute one validated operation: (response body, HTTP status)."""
        with statement_timeout(time_limit_ms()):
            result = execute(
                self.schema.graphql_schema, prepared.document, context_value=request,
                variable_values=prepared.variables, operation_name=prepared.operation_name,
                execution_context_class=DeadlineExecutionContext,
            )
            if connection.connection.info.transaction_status == TRANSACTION_STATUS_INERROR:
                transaction.set_rollback(True)
        result_errors = result.errors or []
        if result.data is None and result_errors and all(not e.path and not e.extensions for e in result_errors):
            # Variables that do not fit their types: nothing ran.
            result_errors = [errors.with_code(e, errors.BAD_USER_INPUT) for e in result_errors]
            return self.result_json(None, result_errors), 400
        return self.result_json(result.data, result_errors, executed=True), 200

    # --- JSON -------------------------------------------------------------------------------------------------
    @staticmethod
    def error_json(code: str, message: str, **extensions) -> dict:
        return {"message": str(message), "extensions": {"code": code, **extensions}}

    @staticmethod
    def result_json(data, result_errors, executed: bool = False) -> dict:
        body = {}
        if result_errors:
            body["errors"] = [errors.format_error(e) for e in result_errors]
        if executed:
            body["data"] = data
        return body

    def respond(self, request, body, status: int) -> HttpResponse:
        return HttpResponse(self.json_encode(request, body), status=status, content_type="application/json")
