"""A JSON-logic evaluator of the operators forms emit, with json-logic-js 2.0.5's semantics (the library the browser
runs, vendored in static/forms/): JavaScript truthiness (an empty list is false), loose `==`, parseFloat arithmetic.

The Python packages on PyPI were last released in 2015 (json-logic) and 2018 (json-logic-qubit) and differ from
json-logic-js on `==` and truthiness; the forms' verdicts must be the same on both sides, so this evaluator keeps to
the operators below and the browser parity test runs the same rules through json-logic-js.

Custom operation (registered in forms-runtime.js too): `vn_cccd_birth` [number, date] - the personal identification
number's century and year digits agree with the date of birth (identifiers.cccd_agrees_with_birth).
"""

import math
import re

from modules.forms.services.identifiers import cccd_agrees_with_birth

_FLOAT = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
OPERATORS = frozenset({
    "var", "missing", "missing_some", "if", "?:", "==", "===", "!=", "!==", "!", "!!", "and", "or", "<", "<=", ">",
    ">=", "+", "-", "*", "/", "%", "min", "max", "in", "cat", "substr", "merge", "map", "filter", "reduce", "all",
    "some", "none", "vn_cccd_birth",
})


class LogicError(ValueError):
    pass


def truthy(value) -> bool:
    if isinstance(value, list):
        return len(value) > 0
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(value) if value is not None else False


def _to_number(value) -> float:
    """JavaScript's Number(value) for the JSON values."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            return float(text) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text) else math.nan
        except ValueError:
            return math.nan
    if isinstance(value, list):
        return _to_number(value[0]) if len(value) == 1 else (0.0 if not value else math.nan)
    return math.nan


def _parse_float(value) -> float:
    """JavaScript's parseFloat: the leading number of the text, NaN without one."""
    if isinstance(value, bool) or value is None:
        return math.nan
    if isinstance(value, int | float):
        return float(value)
    matched = _FLOAT.match(_to_string(value))
    return float(matched.group(0)) if matched else math.nan


def _to_string(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, list):
        return ",".join("" if v is None else _to_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _primitive(value):
    return _to_string(value) if isinstance(value, list | dict) else value


def loose_eq(a, b) -> bool:
    """JavaScript's a == b for JSON values."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, list | dict) and isinstance(b, list | dict):
        return a is b
    a, b = _primitive(a), _primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    x, y = _to_number(a), _to_number(b)
    return x == y  # NaN compares unequal, as in JavaScript


def strict_eq(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, list | dict) or isinstance(b, list | dict):
        return a is b
    return type(a) is type(b) and a == b


def _less(a, b, inclusive=False) -> bool:
    a, b = _primitive(a), _primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        return a <= b if inclusive else a < b
    x, y = _to_number(a), _to_number(b)
    return x <= y if inclusive else x < y


def _var(data, path, default=None):
    if path is None or path == "":
        return data
    for part in _to_string(path).split("."):
        if data is None:
            return default
        if isinstance(data, dict):
            if part not in data:
                return default
            data = data[part]
        elif isinstance(data, list) and part.isascii() and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return default
    return data


def plain(value):
    """A result as JSON: integral floats as integers, NaN and infinities as null (JSON.stringify's way)."""
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def apply(logic, data=None):
    """The value of `logic` on `data` (json-logic-js's jsonLogic.apply)."""
    if isinstance(logic, list):
        return [apply(item, data) for item in logic]
    if not (isinstance(logic, dict) and len(logic) == 1):
        return logic
    op, args = next(iter(logic.items()))
    if op not in OPERATORS:
        raise LogicError(f"Unrecognized operation {op}")
    if not isinstance(args, list):
        args = [args]

    if op in ("if", "?:"):
        i = 0
        while i < len(args) - 1:
            if truthy(apply(args[i], data)):
                return apply(args[i + 1], data)
            i += 2
        return apply(args[i], data) if len(args) == i + 1 else None
    if op == "and":
        current = None
        for arg in args:
            current = apply(arg, data)
            if not truthy(current):
                return current
        return current
    if op == "or":
        current = None
        for arg in args:
            current = apply(arg, data)
            if truthy(current):
                return current
        return current
    if op in ("filter", "map", "all", "some", "none", "reduce"):
        return _scoped(op, args, data)

    values = [apply(arg, data) for arg in args]
    a = values[0] if values else None
    b = values[1] if len(values) > 1 else None
    if op == "var":
        return _var(data, a, b)
    if op == "missing":
        keys = a if isinstance(a, list) else values
        return [k for k in keys if _var(data, k) in (None, "")]
    if op == "missing_some":
        need, keys = a, b or []
        missing = [k for k in keys if _var(data, k) in (None, "")]
        return [] if len(keys) - len(missing) >= _to_number(need) else missing
    if op == "==":
        return loose_eq(a, b)
    if op == "===":
        return strict_eq(a, b)
    if op == "!=":
        return not loose_eq(a, b)
    if op == "!==":
        return not strict_eq(a, b)
    if op == "!":
        return not truthy(a)
    if op == "!!":
        return truthy(a)
    if op in ("<", "<="):
        inclusive = op == "<="
        if len(values) == 3:
            return _less(a, b, inclusive) and _less(b, values[2], inclusive)
        return _less(a, b, inclusive)
    if op == ">":
        return _less(b, a)
    if op == ">=":
        return _less(b, a, True)
    if op == "+":
        return sum((_parse_float(v) for v in values), 0.0)
    if op == "*":
        if len(values) == 1:
            return a  # reduce() without an initial value, as json-logic-js
        result = 1.0
        for v in values:
            result *= _parse_float(v)
        return result
    if op == "-":
        return -_to_number(a) if len(values) < 2 else _to_number(a) - _to_number(b)
    if op == "/":
        x, y = _to_number(a), _to_number(b)
        if y == 0:
            return math.nan if x == 0 or math.isnan(x) else math.copysign(math.inf, x)
        return x / y
    if op == "%":
        x, y = _to_number(a), _to_number(b)
        return math.nan if y == 0 or math.isinf(x) else math.fmod(x, y)
    if op in ("min", "max"):
        numbers = [_to_number(v) for v in values]
        if not numbers:
            return math.inf if op == "min" else -math.inf
        return math.nan if any(math.isnan(n) for n in numbers) else (min(numbers) if op == "min" else max(numbers))
    if op == "in":
        if isinstance(b, list):
            return any(strict_eq(a, item) for item in b)
        if isinstance(b, str):
            return _to_string(a) in b
        return False
    if op == "cat":
        return "".join("" if v is None else _to_string(v) for v in values)
    if op == "substr":
        text, start = _to_string(a), int(_to_number(b))
        if start < 0:
            start = max(len(text) + start, 0)
        if len(values) > 2:
            length = int(_to_number(values[2]))
            return text[start:][:length] if length >= 0 else text[start:length]
        return text[start:]
    if op == "merge":
        merged = []
        for v in values:
            merged.extend(v if isinstance(v, list) else [v])
        return merged
    if op == "vn_cccd_birth":
        return cccd_agrees_with_birth(a, b)
    raise LogicError(f"Unrecognized operation {op}")  # pragma: no cover - OPERATORS lists every branch


def _scoped(op, args, data):
    scope = apply(args[0], data) if args else None
    scope = scope if isinstance(scope, list) else []
    logic = args[1] if len(args) > 1 else None
    if op == "filter":
        return [item for item in scope if truthy(apply(logic, item))]
    if op == "map":
        return [apply(logic, item) for item in scope]
    if op == "all":
        return bool(scope) and all(truthy(apply(logic, item)) for item in scope)
    if op == "some":
        return any(truthy(apply(logic, item)) for item in scope)
    if op == "none":
        return not any(truthy(apply(logic, item)) for item in scope)
    initial = apply(args[2], data) if len(args) > 2 else None
    for item in scope:
        initial = apply(logic, {"current": item, "accumulator": initial})
    return initial


def operators_in(logic) -> set[str]:
    """Every operator named in `logic`, to refuse an unknown one when a form is saved."""
    found = set()
    if isinstance(logic, list):
        for item in logic:
            found |= operators_in(item)
    elif isinstance(logic, dict) and len(logic) == 1:
        op, args = next(iter(logic.items()))
        found.add(op)
        found |= operators_in(args)
    return found
