"""The string and number literals of a GraphQL document, checked like JSON input (core.text_input) before
validation: a NUL character, a lone surrogate or an infinite number is the caller's mistake, not a server error."""

from graphql import DocumentNode, FloatValueNode, StringValueNode, Visitor, visit

from core.text_input import check_number, check_text


class _Literals(Visitor):
    def enter_string_value(self, node: StringValueNode, *_args):
        check_text(node.value)

    def enter_float_value(self, node: FloatValueNode, *_args):
        check_number(float(node.value))


def check_literals(document: DocumentNode) -> None:
    """Raises core.text_input.UnsafeInput."""
    visit(document, _Literals())
