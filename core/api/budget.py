"""What one HTTP request may cost before anything is validated: characters, tokens, selections, repeats, fragments,
directives and validation time, shared by every operation of a batch. Anonymous callers get the tighter figures.

The standard validation rules are not linear (the overlapping-fields rule compares every pair of fields answering
under one name): so the document is first measured in one linear walk, and refused before validation when it is too
big; then validation itself stops at its deadline (ValidationDeadlineRule).
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
)
from graphql.validation import ASTValidationRule
from graphql.validation.validate import ValidationAbortedError

from core.api import errors


@dataclass
class Budget:
    """The allowance left to a request; each operation spends from it."""

    anonymous: bool
    chars: int
    tokens: int
    selections: int
    repeats: int
    fragments: int
    batch: int
    aliases: int
    validation_deadline: float
    seen_once: dict[str, int] = field(default_factory=dict)  # core.api.limits.OncePerRequestRule


def budget_for(anonymous: bool) -> Budget:
    if anonymous:
        return Budget(True, settings.GRAPHQL_ANONYMOUS_MAX_QUERY_CHARS, settings.GRAPHQL_ANONYMOUS_MAX_TOKENS,
                      settings.GRAPHQL_ANONYMOUS_MAX_SELECTIONS, settings.GRAPHQL_MAX_REPEATS,
                      settings.GRAPHQL_ANONYMOUS_MAX_FRAGMENTS, settings.GRAPHQL_ANONYMOUS_MAX_BATCH,
                      settings.GRAPHQL_ANONYMOUS_MAX_ALIASES,
                      time.monotonic() + settings.GRAPHQL_ANONYMOUS_VALIDATION_MS / 1000)
    return Budget(False, settings.GRAPHQL_MAX_QUERY_CHARS, settings.GRAPHQL_MAX_TOKENS,
                  settings.GRAPHQL_MAX_SELECTIONS, settings.GRAPHQL_MAX_REPEATS, settings.GRAPHQL_MAX_FRAGMENTS,
                  settings.GRAPHQL_MAX_BATCH, settings.GRAPHQL_MAX_ALIASES,
                  time.monotonic() + settings.GRAPHQL_VALIDATION_MS / 1000)


def _refusal(code: str, message: str, **extensions) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **extensions})


def measure(document: DocumentNode, budget: Budget) -> GraphQLError | None:
    """Spend the document's selections from the budget; an error when it is over (nothing validated yet).

    Counted in one walk without recursion: fields, fragment spreads and inline fragments (selections), directives,
    fragment definitions, and how often one response name or one fragment spread repeats in a selection set.
    """
    fragments = sum(isinstance(d, FragmentDefinitionNode) for d in document.definitions)
    if fragments > budget.fragments:
        return _refusal(errors.TOO_MANY_FRAGMENTS, _("Tài liệu có %(n)d fragment, tối đa %(max)d.")
                        % {"n": fragments, "max": budget.fragments}, max=budget.fragments)
    stack = [d.selection_set for d in document.definitions
             if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)]
    spent = 0
    while stack:
        selection_set = stack.pop()
        if selection_set is None:
            continue
        seen: dict[str, int] = {}
        for selection in selection_set.selections:
            spent += 1 + len(selection.directives or ())
            if isinstance(selection, FieldNode):
                name = (selection.alias or selection.name).value
                stack.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = "..." + selection.name.value
            else:
                assert isinstance(selection, InlineFragmentNode)
                name = "...on " + (selection.type_condition.name.value if selection.type_condition else "")
                stack.append(selection.selection_set)
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > budget.repeats:
                return _refusal(errors.TOO_MANY_REPEATS, _("“%(name)s” lặp lại quá %(max)d lần trong một tập chọn.")
                                % {"name": name[:60], "max": budget.repeats}, max=budget.repeats)
        if spent > budget.selections:
            break
    budget.selections -= spent
    if budget.selections < 0:
        return _refusal(errors.TOO_MANY_SELECTIONS, _("Yêu cầu chọn quá %(max)d trường.")
                        % {"max": budget.selections + spent}, max=budget.selections + spent)
    return None


class ValidationDeadlineRule(ASTValidationRule):
    """Stops validation once the request's validation time is spent (checked at every node)."""

    deadline: float = 0.0

    def enter(self, *_args):
        if time.monotonic() > self.deadline:
            error = ValidationAbortedError(_("Kiểm tra truy vấn quá thời gian cho phép."),
                                           extensions={"code": errors.VALIDATION_TIME_LIMIT})
            raise error


def deadline_rule(budget: Budget) -> type[ASTValidationRule]:
    return type("ValidationDeadlineRule", (ValidationDeadlineRule,), {"deadline": budget.validation_deadline})
