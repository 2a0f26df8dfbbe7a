"""What one HTTP request may cost before anything is validated: bytes, characters, tokens, selections, repeats, fragments,
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
    body_bytes: int
    chars: int
    tokens: int
    selections: int
    repeats: int
    fragments: int
    batch: int
    aliases: int
    validation_seconds: float  # validation time of the whole request (all its documents), counted while validating
    validation_spent: float = 0.0
    seen_once: dict[str, int] = field(default_factory=dict)  # core.api.limits.OncePerRequestRule


def budget_for(anonymous: bool) -> Budget:
    s = settings
    if anonymous:
        return Budget(
            anonymous=True, body_bytes=s.GRAPHQL_ANONYMOUS_MAX_BODY_BYTES, chars=s.GRAPHQL_ANONYMOUS_MAX_QUERY_CHARS,
            tokens=s.GRAPHQL_ANONYMOUS_MAX_TOKENS, selections=s.GRAPHQL_ANONYMOUS_MAX_SELECTIONS,
            repeats=s.GRAPHQL_MAX_REPEATS, fragments=s.GRAPHQL_ANONYMOUS_MAX_FRAGMENTS,
            batch=s.GRAPHQL_ANONYMOUS_MAX_BATCH, aliases=s.GRAPHQL_ANONYMOUS_MAX_ALIASES,
            validation_seconds=s.GRAPHQL_ANONYMOUS_VALIDATION_MS / 1000)
    return Budget(
        anonymous=False, body_bytes=s.GRAPHQL_MAX_BODY_BYTES, chars=s.GRAPHQL_MAX_QUERY_CHARS,
        tokens=s.GRAPHQL_MAX_TOKENS, selections=s.GRAPHQL_MAX_SELECTIONS, repeats=s.GRAPHQL_MAX_REPEATS,
        fragments=s.GRAPHQL_MAX_FRAGMENTS, batch=s.GRAPHQL_MAX_BATCH, aliases=s.GRAPHQL_MAX_ALIASES,
        validation_seconds=s.GRAPHQL_VALIDATION_MS / 1000)


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
    spent = max(spent, _expanded(document, budget.selections + 1))
    budget.selections -= spent
    if budget.selections < 0:
        return _refusal(errors.TOO_MANY_SELECTIONS, _("Yêu cầu chọn quá %(max)d trường.")
                        % {"max": budget.selections + spent}, max=budget.selections + spent)
    return None


def _expanded(document: DocumentNode, cap: int) -> int:
    """Selections of the operations with every fragment spread replaced by its fragment (2^n for a fragment bomb),
    each fragment sized once; counting stops at `cap`."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    sizes: dict[str, int] = {}
    active: set[str] = set()

    def size(selection_set) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in sizes and name in fragments and name not in active:  # cycles: the rules report them
                    active.add(name)
                    sizes[name] = size(fragments[name].selection_set)
                    active.discard(name)
                total += sizes.get(name, 0)
            else:
                total += 1 + size(selection.selection_set)
            if total >= cap:
                return cap
        return total

    return sum(size(d.selection_set) for d in document.definitions if isinstance(d, OperationDefinitionNode))


# Validation is bounded in CPU time of the request's thread, not wall-clock time: an attacker's expensive document is
# stopped all the same, and a server busy with other requests (its threads and processes waiting for a CPU) does not
# refuse an ordinary one for the time it spent waiting.
validation_clock = time.thread_time


class ValidationDeadlineRule(ASTValidationRule):
    """Stops validation once the request's validation time is spent (checked at every node)."""

    deadline: float = 0.0

    def enter(self, *_args):
        if validation_clock() > self.deadline:
            error = ValidationAbortedError(_("Kiểm tra truy vấn quá thời gian cho phép."),
                                           extensions={"code": errors.VALIDATION_TIME_LIMIT})
            raise error


def deadline_rule(budget: Budget) -> type[ASTValidationRule]:
    """The rule for a validation starting now: the clock counts validation only, not the time a request spent being
    read, parsed or queued before (a busy server must not refuse an ordinary request for that)."""
    remaining = max(0.0, budget.validation_seconds - budget.validation_spent)
    return type("ValidationDeadlineRule", (ValidationDeadlineRule,), {"deadline": validation_clock() + remaining})


def spend_validation(budget: Budget, started: float) -> None:
    budget.validation_spent += validation_clock() - started
