"""The msgids the code uses, app by app, read without GNU gettext: Python files through their syntax tree,
templates through Django's own `templatize` (what `makemessages` feeds to xgettext)."""

import ast
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation.template import templatize

# Function -> (position of the msgid, of the plural, of the context); None where it has none.
FUNCTIONS = {
    "gettext": (0, None, None), "gettext_lazy": (0, None, None), "gettext_noop": (0, None, None),
    "ngettext": (0, 1, None), "ngettext_lazy": (0, 1, None),
    "pgettext": (1, None, 0), "pgettext_lazy": (1, None, 0), "npgettext": (1, 2, 0), "npgettext_lazy": (1, 2, 0),
}
LAZY = {"gettext_lazy", "gettext_noop", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}
SKIPPED_DIRS = {"migrations", "tests", "__pycache__", "locale", "node_modules"}


@dataclass(frozen=True)
class Message:
    msgid: str
    plural: str = ""
    context: str = ""
    where: str = ""             # path:line, for the reader of a failure
    at_import: bool = False     # translated when the module is imported, before any request chose a language


@dataclass(frozen=True)
class App:
    label: str
    path: Path

    @property
    def catalogue_dir(self) -> Path:
        return self.path / "locale"


def project_apps() -> list[App]:
    """The installed apps whose code lives in this repository (not in the virtualenv), deepest paths first."""
    root = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and ".venv" not in path.relative_to(root).parts:
            found.append(App(config.label, path))
    return sorted(found, key=lambda a: len(a.path.parts), reverse=True)


def _files(app: App, others: list[App]):
    """The app's Python files and templates, leaving out apps nested in it (they have their own catalogue)."""
    nested = [o.path for o in others if o.path != app.path and o.path.is_relative_to(app.path)]
    for path in sorted(app.path.rglob("*")):
        if not path.is_file() or SKIPPED_DIRS & set(path.relative_to(app.path).parts[:-1]):
            continue
        if any(path.is_relative_to(n) for n in nested):
            continue
        if path.suffix == ".py" or (path.suffix in TEMPLATE_SUFFIXES and "templates" in path.parts):
            yield path


def _translation_names(tree: ast.AST) -> tuple[dict[str, str], set[str]]:
    """Local names bound to django.utils.translation's functions, and names bound to the module itself."""
    names, modules = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in FUNCTIONS:
                    names[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module == "django.utils":
            modules |= {a.asname or a.name for a in node.names if a.name == "translation"}
    return names, modules


def _called(call: ast.Call, names: dict[str, str], modules: set[str]) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return names.get(func.id)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in modules:
        return func.attr if func.attr in FUNCTIONS else None
    return None


def _literal(args: list[ast.expr], position: int | None) -> str | None:
    if position is None:
        return ""
    if position < len(args) and isinstance(args[position], ast.Constant) and isinstance(args[position].value, str):
        return args[position].value
    return None


def _forces(parent: ast.AST) -> bool:
    """Whether the expression around a lazy text turns it into a str right away (`%`, `+`, an f-string, str())."""
    return (isinstance(parent, ast.BinOp | ast.FormattedValue)
            or (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == "str"))


def _from_python(path: Path, where: str) -> list[Message]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names, modules = _translation_names(tree)
    if not names and not modules:
        return []
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Call) and (function := _called(child, names, modules)):
                msg_at, plural_at, context_at = FUNCTIONS[function]
                msgid, plural, context = (_literal(child.args, i) for i in (msg_at, plural_at, context_at))
                if msgid is not None and plural is not None and context is not None:  # literals only
                    eager = function not in LAZY or _forces(node)
                    found.append(Message(msgid, plural, context, f"{where}:{child.lineno}",
                                         at_import=not in_function and eager))
            visit(child, inside)

    visit(tree, False)
    return found


def _from_template(path: Path, where: str) -> list[Message]:
    """The gettext calls `templatize` writes for {% translate %} and {% blocktranslate %}."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = []
    for line_no, line in enumerate(code.splitlines(), 1):
        start = 0
        while (at := line.find("gettext(", start)) != -1:
            begin = at
            while begin > 0 and line[begin - 1].isalpha():
                begin -= 1
            function = line[begin:at] + "gettext"
            start = at + len("gettext(")
            for end in range(start, len(line) + 1):
                if end < len(line) and line[end] != ")":
                    continue
                try:
                    call = ast.parse(line[begin:end + 1], mode="eval").body
                except SyntaxError:
                    continue
                msg_at, plural_at, context_at = FUNCTIONS[function]
                msgid, plural, context = (_literal(call.args, i) for i in (msg_at, plural_at, context_at))
                if msgid is not None:
                    found.append(Message(msgid, plural or "", context or "", f"{where}:{line_no}"))
                start = end
                break
    return found


def messages_by_app() -> dict[App, list[Message]]:
    """Every literal msgid of every project app, in file order."""
    root = Path(settings.BASE_DIR).resolve()
    everything = project_apps()
    result = {}
    for app in everything:
        messages = []
        for path in _files(app, everything):
            where = str(path.relative_to(root))
            messages += _from_python(path, where) if path.suffix == ".py" else _from_template(path, where)
        result[app] = messages
    return result
