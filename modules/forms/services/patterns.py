"""The patterns a unit administrator may give a text field, checked when the field (or a form's override) is saved.

The server runs a pattern with Python's backtracking `re`, which has no time bound: a pattern such as `(a+)+$` takes
seconds to minutes on a value of a few dozen characters (ReDoS). So a pattern is refused, with the reason, when it

- is longer than PATTERN_MAX characters;
- repeats something that itself repeats or holds an alternative (`(a+)+`, `(\\s*x)*`, `(a|ab)*`): the backtracking
  grows exponentially with the value's length;
- has too many quantifiers of variable length one after another (`\\s*\\s*\\s*x`): the product of their ranges, each
  at most the longest text kept (255), may not pass BACKTRACK_MAX (about 0.1 s of the server's work at worst);
- uses a back-reference or a conditional group (no linear bound is known);
- uses what only Python understands (named groups `(?P<..>)`, flags inside the pattern, `\\A`, `\\Z`): the browser
  runs the same pattern as a JavaScript RegExp and must give the same verdict.

The validator also runs a pattern only on a value no longer than the field's maxLength (validation.py): a longer one is
TOO_LONG first anyway, the same order as in the browser.
"""

import re
import re._constants as sre
import re._parser as sre_parse

from django.utils.translation import gettext as _

PATTERN_MAX = 200
VALUE_MAX = 255         # the longest text kept (compiler.TEXT_MAX of a one-line text)
BACKTRACK_MAX = 100_000
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class Refused(ValueError):
    pass


def refusal(pattern) -> str | None:
    """Why `pattern` is refused (Vietnamese, translated), or None when it may be saved."""
    if not isinstance(pattern, str):
        return _("Mẫu (pattern) không hợp lệ.")
    if len(pattern) > PATTERN_MAX:
        return _("Mẫu (pattern) dài quá %(max)s ký tự.") % {"max": PATTERN_MAX}
    try:
        compiled = re.compile(pattern)
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return _("Mẫu (pattern) không hợp lệ.")
    if compiled.flags & ~re.UNICODE:
        return _("Mẫu (pattern) đặt cờ bên trong mẫu (như (?i)) chỉ Python hiểu; trình duyệt không chạy được.")
    if compiled.groupindex:
        return _("Mẫu (pattern) dùng nhóm đặt tên (?P<...>) chỉ Python hiểu; trình duyệt không chạy được.")
    try:
        cost = _cost(tree)
    except Refused as refused:
        return str(refused)
    if cost > BACKTRACK_MAX:
        return _("Mẫu (pattern) có quá nhiều lượng từ thay đổi độ dài liền nhau (như \\s*\\s*\\s*), máy chủ có thể "
                 "chạy rất lâu; hãy gộp lại.")
    return None


def _repeats_or_branches(items) -> bool:
    for op, arg in items:
        if op in _REPEATS and arg[1] > 1 and arg[0] != arg[1] or op == sre.BRANCH:  # a fixed count does not vary
            return True
        if op in _REPEATS and _repeats_or_branches(arg[2]):
            return True
        if op == sre.SUBPATTERN and _repeats_or_branches(arg[3]):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT) and _repeats_or_branches(arg[1]):
            return True
    return False


def _cost(items) -> int:
    """The product of the ranges of the variable quantifiers and of the alternatives: a bound on the ways a
    backtracking matcher may try one start position."""
    cost = 1
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            if high > 1 and _repeats_or_branches(body):
                raise Refused(_("Mẫu (pattern) lặp lại một phần tự nó đã lặp hoặc có lựa chọn | (như (a+)+ hay "
                                "(a|ab)*), máy chủ có thể chạy rất lâu; hãy viết không lồng nhau."))
            if high != low:
                cost *= min(high, VALUE_MAX) - low + 1
            cost *= _cost(body)
        elif op == sre.BRANCH:
            cost *= sum(_cost(branch) for branch in arg[1])
        elif op == sre.SUBPATTERN:
            if arg[1] or arg[2]:
                raise Refused(_("Mẫu (pattern) đặt cờ bên trong mẫu (như (?i)) chỉ Python hiểu; trình duyệt không "
                                "chạy được."))
            cost *= _cost(arg[3])
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            cost *= _cost(arg[1])
        elif op in (sre.GROUPREF, sre.GROUPREF_EXISTS, sre.GROUPREF_IGNORE, sre.GROUPREF_LOC_IGNORE,
                    sre.GROUPREF_UNI_IGNORE):
            raise Refused(_("Mẫu (pattern) không được dùng tham chiếu ngược (\\1) hay nhóm điều kiện."))
        elif op == sre.AT and arg in (sre.AT_BEGINNING_STRING, sre.AT_END_STRING):
            raise Refused(_("Mẫu (pattern) dùng \\A hoặc \\Z chỉ Python hiểu; hãy dùng ^ và $."))
        elif op == sre.ATOMIC_GROUP:
            raise Refused(_("Mẫu (pattern) dùng nhóm nguyên tử (?>...) trình duyệt không chạy được."))
        if op == sre.POSSESSIVE_REPEAT:
            raise Refused(_("Mẫu (pattern) dùng lượng từ chiếm hữu (*+, ++) trình duyệt không chạy được."))
    return cost
