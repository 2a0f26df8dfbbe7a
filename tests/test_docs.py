"""The docs are true: every dotted path, import, command and link they name exists, every GraphQL operation they
show is valid against the schema it is written for, and the API guide's own examples run against a real unit."""

import ast
import importlib
import json
import re
from pathlib import Path

import pytest
from api_support import add_member, gql
from django.core.management import get_commands
from django.test import Client
from graphql import parse, validate
from graphql.language import DocumentNode, FragmentDefinitionNode, OperationDefinitionNode

from core.api.assembly import get_schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
ROOTS = ("core", "tenants", "modules", "egov_notify", "egov_paysandbox")
DOTTED = re.compile(r"(?<![\w./-])((?:" + "|".join(ROOTS) + r")(?:\.[A-Za-z_]\w*)+)(?![\w/-])")
FILE_SUFFIXES = {"md", "py", "html", "css", "graphql", "yaml", "yml", "json", "csv", "sh", "txt", "toml", "po", "mo"}
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
INLINE = re.compile(r"`([^`\n]+)`")
COMMAND = re.compile(r"(?:^|[\s;&|(`$])(egov|make|manage\.py) ([a-z][\w-]*)", re.M)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _doc_ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def resolves(path: str) -> bool:
    """An importable module, or an attribute reached from the longest importable prefix."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for name in parts[i:]:
                obj = getattr(obj, name)
        except AttributeError:
            return False
        return True
    return False


def _code(text: str) -> list[tuple[str, str]]:
    """(language, code) of fenced blocks, and ("", span) of inline code spans outside them."""
    blocks = [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]
    prose = FENCE.sub("", text)
    return blocks + [("", m.group(1)) for m in INLINE.finditer(prose)]


def _line(text: str, needle: str) -> int:
    return text[:text.find(needle)].count("\n") + 1


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_dotted_path_named_in_the_docs_exists(doc):
    text = doc.read_text(encoding="utf-8")
    missing = sorted({f"{doc.name}:{_line(text, m.group(1))}: {m.group(1)}" for m in DOTTED.finditer(text)
                      if m.group(1).rsplit(".", 1)[-1] not in FILE_SUFFIXES and not resolves(m.group(1))})
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_python_example_imports_what_exists(doc):
    missing = []
    for language, code in _code(doc.read_text(encoding="utf-8")):
        if language != "python":
            continue
        for node in ast.walk(ast.parse(code.replace("...,", ""))):
            if isinstance(node, ast.ImportFrom) and node.module.split(".")[0] in ROOTS:
                missing += [f"from {node.module} import {a.name}" for a in node.names
                            if not resolves(f"{node.module}.{a.name}")]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.fullmatch(node.value):
                missing += [] if resolves(node.value) else [node.value]
    assert missing == []


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_command_named_in_the_docs_exists(doc):
    commands, targets = set(get_commands()), _make_targets()
    missing = []
    for _language, code in _code(doc.read_text(encoding="utf-8")):
        for tool, name in COMMAND.findall(code):
            known = targets if tool == "make" else commands
            if (name if tool == "make" else name.replace("-", "_")) not in known:
                missing.append(f"{tool} {name}")
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_relative_link_in_the_docs_points_at_a_file(doc):
    links = [t for t in LINK.findall(doc.read_text(encoding="utf-8")) if "://" not in t and not t.startswith("mailto:")]
    assert [t for t in links if not (doc.parent / t).exists()] == []


def _code_text() -> str:
    """The platform's code and scripts, where a setting the docs name has to be read."""
    parts = [ROOT / d for d in ("core", "tenants", "modules", "plugins", "benchmarks", "scripts", "tests", ".ci")]
    files = [f for d in parts if d.exists() for f in d.rglob("*") if f.suffix in (".py", ".sh", "") and f.is_file()]
    return "\n".join(f.read_text(encoding="utf-8", errors="ignore") for f in [*files, ROOT / "Makefile"])


def test_every_environment_variable_named_in_the_docs_is_read_by_the_code():
    code = _code_text()
    named = {n for doc in DOCS for n in re.findall(r"\b(EGOV_[A-Z0-9_]+|GRAPHQL_[A-Z0-9_]+|[A-Z][A-Z0-9]*_URL)\b",
                                                   doc.read_text(encoding="utf-8"))}
    read = {n for n in named if re.search(rf"[\"'$]{{?{n}\b|\b{n}=", code)}
    assert sorted(named - read) == []


def _operations(code: str) -> list[DocumentNode]:
    """Each operation of a block as its own document, with the block's fragments."""
    document = parse(code)
    fragments = [d for d in document.definitions if isinstance(d, FragmentDefinitionNode)]
    return [DocumentNode(definitions=(d, *fragments)) for d in document.definitions
            if isinstance(d, OperationDefinitionNode)]


@pytest.mark.parametrize("doc", DOCS, ids=_doc_ids(DOCS))
def test_every_graphql_example_in_the_docs_is_valid(doc):
    schemas = [get_schema("unit").graphql_schema, get_schema("platform").graphql_schema]
    invalid = []
    for language, code in _code(doc.read_text(encoding="utf-8")):
        if language != "graphql":
            continue
        for operation in _operations(code):
            errors = [validate(schema, operation) for schema in schemas]
            if all(errors):
                invalid.append(f"{operation.definitions[0].loc.source.body[operation.definitions[0].loc.start:][:60]}"
                               f": {errors[0][0].message}")
    assert invalid == []


def test_the_api_guides_examples_run_against_a_real_unit(unit_a):
    """The curl example and the list example of docs/api/README.md, as a program would send them."""
    text = (ROOT / "docs" / "api" / "README.md").read_text(encoding="utf-8")
    client = Client()
    client.force_login(add_member(unit_a, "docs-admin"))
    add_member(unit_a, "docs-specialist", roles=("specialist",))
    curl = json.loads(re.search(r"-d '(\{.*\})'", text).group(1))
    status, body = gql(client, curl["query"], unit=unit_a)
    assert status == 200 and "errors" not in body, body
    assert body["data"]["unit"]["code"] == unit_a.code
    members = next(code for language, code in _code(text) if language == "graphql" and "members(" in code)
    status, body = gql(client, members, {}, unit=unit_a)
    assert status == 200 and "errors" not in body, body
    assert [e["node"]["user"]["username"] for e in body["data"]["members"]["edges"]] == ["docs-specialist"]
