"""Limits checked while validating a document, before any resolver runs: depth, cost, aliases, page sizes, and
introspection for anonymous callers in production. Each refusal carries its extensions.code.

Cost: every field costs 1; the cost of what a list field with `first`/`last` selects is multiplied by that
number (by the default page size when absent). Introspection fields (`__schema`, `__type`) are not counted.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    VariableNode,
    get_named_type,
)
from graphql.validation import ASTValidationRule
from graphql.validation.rules.custom.no_schema_introspection import NoSchemaIntrospectionCustomRule

from core.api import errors

PAGE_ARGUMENTS = ("first", "last")


def _error(code: str, message: str, node, **extensions) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": code, **extensions})


class _DocumentWalk:
    """Depth and cost of selection sets, each fragment computed once (no blow-up through nested fragments)."""

    def __init__(self, context, variables: dict | None):
        self.context = context
        self.schema = context.schema
        self.fragments = {f.name.value: f for f in context.document.definitions if f.kind == "fragment_definition"}
        self.variables = variables or {}
        self.depths: dict[str, int] = {}
        self.costs: dict[str, int] = {}
        self.active: set[str] = set()
        self.page_errors: list[GraphQLError] = []

    def depth(self, selection_set) -> int:
        deepest = 0
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                if sel.name.value.startswith("__"):
                    continue
                deepest = max(deepest, 1 + self.depth(sel.selection_set))
            elif isinstance(sel, InlineFragmentNode):
                deepest = max(deepest, self.depth(sel.selection_set))
            elif isinstance(sel, FragmentSpreadNode):
                deepest = max(deepest, self._fragment(sel.name.value, self.depths, lambda f: self.depth(f.selection_set)))
        return deepest

    def _fragment(self, name: str, memo: dict, compute) -> int:
        if name in memo:
            return memo[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:  # unknown or cyclic: reported by the standard rules
            return 0
        self.active.add(name)
        try:
            memo[name] = compute(fragment)
        finally:
            self.active.discard(name)
        return memo[name]

    def page_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value not in PAGE_ARGUMENTS:
                continue
            value = argument.value
            size = None
            if isinstance(value, IntValueNode):
                size = int(value.value)
            elif isinstance(value, VariableNode):
                raw = self.variables.get(value.name.value)
                size = raw if isinstance(raw, int) else None
            if size is not None:
                limit = settings.GRAPHQL_MAX_PAGE_SIZE
                if size > limit:
                    self.page_errors.append(_error(
                        errors.PAGE_TOO_LARGE, _("%(arg)s tối đa là %(max)d mục một trang (yêu cầu %(n)d).")
                        % {"arg": argument.name.value, "max": limit, "n": size}, node, max=limit))
                return max(size, 0)
        return settings.GRAPHQL_DEFAULT_PAGE_SIZE

    def cost(self, selection_set, parent_type) -> int:
        total = 0
        fields = getattr(parent_type, "fields", None) or {}
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                name = sel.name.value
                if name.startswith("__"):
                    continue
                field_def = fields.get(name)
                if field_def is None:
                    continue
                child = self.cost(sel.selection_set, get_named_type(field_def.type)) if sel.selection_set else 0
                multiplier = self.page_size(sel) if any(a in field_def.args for a in PAGE_ARGUMENTS) else 1
                total += 1 + multiplier * child
            elif isinstance(sel, InlineFragmentNode):
                inner = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent_type
                total += self.cost(sel.selection_set, inner or parent_type)
            elif isinstance(sel, FragmentSpreadNode):
                def compute(fragment):
                    return self.cost(fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value))

                total += self._fragment(sel.name.value, self.costs, compute)
        return total


class DepthLimitRule(ASTValidationRule):
    def enter_operation_definition(self, node, *_args):
        limit = settings.GRAPHQL_MAX_DEPTH
        depth = _DocumentWalk(self.context, None).depth(node.selection_set)
        if depth > limit:
            self.report_error(_error(errors.QUERY_TOO_DEEP, _("Truy vấn sâu %(depth)d cấp, tối đa %(max)d.")
                                     % {"depth": depth, "max": limit}, node, depth=depth, max=limit))


class CostLimitRule(ASTValidationRule):
    variables: dict | None = None

    def enter_operation_definition(self, node, *_args):
        limit = settings.GRAPHQL_MAX_COST
        root = self.context.schema.get_root_type(node.operation)
        walk = _DocumentWalk(self.context, self.variables)
        cost = walk.cost(node.selection_set, root)
        for error in walk.page_errors[:1]:
            self.report_error(error)
        if cost > limit:
            self.report_error(_error(errors.QUERY_TOO_COSTLY, _("Truy vấn có chi phí %(cost)d, tối đa %(max)d.")
                                     % {"cost": cost, "max": limit}, node, cost=cost, max=limit))


class AliasLimitRule(ASTValidationRule):
    limit: int | None = None  # None: settings.GRAPHQL_MAX_ALIASES

    def __init__(self, context):
        super().__init__(context)
        self.count = 0
        self.reported = False

    def enter_field(self, node, *_args):
        if node.alias is None:
            return
        self.count += 1
        limit = self.limit if self.limit is not None else settings.GRAPHQL_MAX_ALIASES
        if self.count > limit and not self.reported:
            self.reported = True
            self.report_error(_error(errors.TOO_MANY_ALIASES, _("Tài liệu dùng quá %(max)d bí danh (alias).")
                                     % {"max": limit}, node, max=limit))


class IntrospectionDisabledRule(NoSchemaIntrospectionCustomRule):
    reported = False

    def report_error(self, error):
        if not self.reported:  # once per document
            self.reported = True
            super().report_error(_error(errors.INTROSPECTION_DISABLED,
                                        _("Khám phá lược đồ (introspection) cần đăng nhập."), error.nodes))


# Root fields a request may select once, all operations of a batch together (a look-up by a secret, where aliases
# or a batch would try many guesses at once). Modules name theirs with once_per_request().
_ONCE_PER_REQUEST: set[str] = set()


def once_per_request(*field_names: str) -> None:
    _ONCE_PER_REQUEST.update(field_names)


class OncePerRequestRule(ASTValidationRule):
    seen: dict[str, int] = {}  # replaced by one dict per request (limit_rules)

    def enter_field(self, node, *_args):
        name = node.name.value
        if name not in _ONCE_PER_REQUEST:
            return
        self.seen[name] = self.seen.get(name, 0) + 1
        if self.seen[name] == 2:
            self.report_error(_error(errors.FIELD_ONCE_PER_REQUEST, _("%(field)s chỉ được gọi một lần trong một yêu cầu.")
                                     % {"field": name}, node, field=name))


def limit_rules(variables: dict | None, introspection_allowed: bool, max_aliases: int | None = None,
                seen_once: dict[str, int] | None = None) -> list[type[ASTValidationRule]]:
    """`seen_once`: one dict shared by the operations of a request (OncePerRequestRule)."""
    cost_rule = type("CostLimitRule", (CostLimitRule,), {"variables": variables})
    alias_rule = type("AliasLimitRule", (AliasLimitRule,), {"limit": max_aliases})
    once_rule = type("OncePerRequestRule", (OncePerRequestRule,), {"seen": {} if seen_once is None else seen_once})
    rules = [DepthLimitRule, cost_rule, alias_rule, once_rule]
    if not introspection_allowed:
        rules.append(IntrospectionDisabledRule)
    return rules
