"""Each app's catalogue: brought up to date with the code's msgids, compiled to .mo, and checked.

Pure Python (polib), so `egov translations` runs where GNU gettext's msgfmt is not installed.
"""

import re
from pathlib import Path

import polib

from core.i18n.extract import App, Message, messages_by_app

TARGET_LANGUAGES = ("en",)  # Vietnamese is the source language: the msgids are Vietnamese
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
HEADER = "{lang} messages of {label}; the Vietnamese texts in the code are the msgids."


def po_path(app: App, lang: str) -> Path:
    return app.catalogue_dir / lang / "LC_MESSAGES" / "django.po"


def _key(msgid: str, context: str = "") -> tuple[str, str]:
    return (context or "", msgid)


def _unique(messages: list[Message]) -> list[Message]:
    seen, unique = set(), []
    for m in messages:
        if _key(m.msgid, m.context) not in seen and m.msgid:
            seen.add(_key(m.msgid, m.context))
            unique.append(m)
    return unique


def _load(path: Path, app: App, lang: str) -> polib.POFile:
    if path.exists():
        po = polib.pofile(str(path), wrapwidth=0)
    else:
        po = polib.POFile(wrapwidth=0)
        po.header = HEADER.format(lang="English" if lang == "en" else lang, label=app.label)
        po.metadata = {
            "Project-Id-Version": f"egov-core {app.label}", "Language": lang, "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    return po


def update(app: App, messages: list[Message], lang: str = "en") -> list[str]:
    """Adds the msgids the app's code uses and its catalogue lacks (untranslated); writes .po and .mo.
    Entries the code no longer uses are kept (another branch may still use them). Returns the msgids added."""
    messages = _unique(messages)
    path = po_path(app, lang)
    if not messages and not path.exists():
        return []
    po = _load(path, app, lang)
    known = {_key(e.msgid, e.msgctxt) for e in po}
    added = []
    for m in messages:
        if _key(m.msgid, m.context) in known:
            continue
        entry = polib.POEntry(msgid=m.msgid, msgstr="", msgctxt=m.context or None)
        if m.plural:
            entry.msgid_plural, entry.msgstr, entry.msgstr_plural = m.plural, "", {0: "", 1: ""}
        if PLACEHOLDER.search(m.msgid):
            entry.flags.append("python-format")
        po.append(entry)
        added.append(m.msgid)
    path.parent.mkdir(parents=True, exist_ok=True)
    if added or not path.exists():
        po.save(str(path))
    compile_catalogue(path)
    return added


def compile_catalogue(path: Path) -> bool:
    """The .mo beside the .po, rewritten only when its messages differ (untranslated and fuzzy entries are left
    out, as msgfmt does). Returns whether it was written."""
    po = polib.pofile(str(path), wrapwidth=0)
    if _compiled(path) == _expected(po):
        return False
    po.save_as_mofile(str(path.with_suffix(".mo")))
    return True


def update_all(lang: str = "en") -> dict[str, list[str]]:
    return {app.label: added for app, messages in messages_by_app().items() if (added := update(app, messages, lang))}


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(v.strip() for v in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _compiled(path: Path) -> dict[tuple[str, str], str]:
    mo = path.with_suffix(".mo")
    if not mo.exists():
        return {}
    return {_key(e.msgid, e.msgctxt): e.msgstr or repr(sorted(e.msgstr_plural.items())) for e in polib.mofile(str(mo))}


def _expected(po: polib.POFile) -> dict[tuple[str, str], str]:
    """What the .mo of `po` holds: its translated entries (msgfmt leaves out the untranslated and fuzzy ones)."""
    expected = {_key(e.msgid, e.msgctxt): e.msgstr or repr(sorted(e.msgstr_plural.items()))
                for e in po if _translated(e) and "fuzzy" not in e.flags and not e.obsolete}
    return expected


def _meanings(catalogues: dict[str, polib.POFile]) -> list[str]:
    """Django merges every app's catalogue into one: a msgid translated two ways shows one of them everywhere."""
    translations: dict[tuple[str, str], dict[str, list[str]]] = {}
    for label, po in catalogues.items():
        for e in po:
            if _translated(e) and not e.obsolete and not e.msgid_plural:
                translations.setdefault(_key(e.msgid, e.msgctxt), {}).setdefault(e.msgstr, []).append(label)
    return [f"{msgid!r} is translated differently in {', '.join(f'{labels} ({text!r})' for text, labels in ways.items())}"
            ": give it one translation, or a context (pgettext) per meaning"
            for (_context, msgid), ways in translations.items() if len(ways) > 1]


def problems(lang: str = "en") -> list[str]:
    """What stops a Vietnamese text from reaching an English reader: a msgid missing from its app's catalogue,
    an entry untranslated or fuzzy, placeholders that differ, a .mo older than its .po, a msgid translated two
    ways by two apps."""
    found = []
    loaded = {}
    for app, messages in messages_by_app().items():
        messages = _unique(messages)
        path = po_path(app, lang)
        if not messages:
            continue
        if not path.exists():
            found.append(f"{app.label}: no catalogue {path} for {len(messages)} messages (run `egov translations`)")
            continue
        po = loaded[app.label] = polib.pofile(str(path), wrapwidth=0)
        entries = {_key(e.msgid, e.msgctxt): e for e in po if not e.obsolete}
        for m in messages:
            entry = entries.get(_key(m.msgid, m.context))
            if entry is None:
                found.append(f"{m.where}: {m.msgid!r} is not in {app.label}'s catalogue")
            elif not _translated(entry) or "fuzzy" in entry.flags:
                found.append(f"{m.where}: {m.msgid!r} has no {lang} translation")
            else:
                translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
                if any(_placeholders(t) != _placeholders(m.msgid) for t in translations):
                    found.append(f"{m.where}: {m.msgid!r}: the translation's placeholders differ")
            if m.at_import:
                found.append(f"{m.where}: {m.msgid!r} is translated at import time: use gettext_lazy")
        if _compiled(path) != _expected(po):
            found.append(f"{app.label}: {path.with_suffix('.mo')} is not compiled from its .po (run `egov translations`)")
    return found + _meanings(loaded)
