"""Online forms: a form of 200 fields (a repeatable section of 10 among them) and 100 rules (40 conditions, 20
computed values, 40 rules across fields) - published (compiled) once, validated on the server, and run in Debian's
Chromium by forms-runtime.js, timing the change handler with performance.now() for each of 200 changes. The issue's
bounds: server under 20 ms, publishing under 1 s, the browser's reaction per change under 50 ms."""

import os
import statistics
import time
from pathlib import Path

from benchmarks import forms_operations
from modules.forms.services import add_field, codelists, create_form, publish_form, save_form, validate

STATIC = Path(__file__).resolve().parent.parent / "modules" / "forms" / "static" / "forms"
KINDS = [("text", {"max_length": 100}), ("number", {"minimum": 0, "maximum": 1000}), ("money", {}),
         ("date", {"min_date": "1900-01-01"}), ("choice", None), ("cccd", {}), ("tax_code", {}), ("phone", {}),
         ("email", {}), ("boolean", {}), ("long_text", {}), ("address", {"shape": "vn-2025"})]
VALUES = {"text": "Nguyễn Văn An", "number": 12, "money": 150000, "date": "1990-05-17", "choice": "01",
          "cccd": "001090123456", "tax_code": "0100109106", "phone": "0912345678", "email": "an@example.vn",
          "boolean": True, "long_text": "Nội dung trình bày", "address": {"province": "56", "commune": "22366",
                                                                            "street": "12 Trần Phú"}}
TOP, GROUP = 190, 10
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # Debian's (scripts/install-chromium.sh), as the tests
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run"]


def _dictionary() -> list[tuple[str, str]]:
    keys = []
    for i in range(TOP):
        kind, rules = KINDS[i % len(KINDS)]
        key = f"bench_{kind}_{i:03}"
        add_field(key, type=kind, label_vi=f"Trường {i} ({kind})", label_en=f"Field {i}", validation=rules or {},
                  code_list="ethnicity" if kind == "choice" else None)
        keys.append((key, kind))
    return keys


def _spec(keys) -> dict:
    numbers = [k for k, kind in keys if kind == "number"]
    booleans = [k for k, kind in keys if kind == "boolean"]
    texts = [k for k, kind in keys if kind == "text"]
    fields, conditions, computed = [], 0, 0
    for i, (key, kind) in enumerate(keys):
        entry = {"field": key}
        if kind in ("number", "money") and computed < 20 and key != numbers[0]:
            entry["computed"] = {"+": [{"var": numbers[0]}, i]}
            computed += 1
        elif kind not in ("boolean", "number") and conditions < 40:
            entry["visible_if"] = {"==": [{"var": booleans[i % len(booleans)]}, True]}
            conditions += 1
        fields.append(entry)
    sections = [{"key": f"part_{n}", "title_vi": f"Phần {n}", "fields": fields[n * 19:(n + 1) * 19]}
                for n in range(10)]
    group_keys = [k for k, _kind in keys[:GROUP]]
    sections.append({"key": "members", "title_vi": "Thành viên", "repeatable": True, "min_items": 1, "max_items": 20,
                     "fields": [{"field": k} for k in group_keys]})
    rules = [{"key": f"rule_{n:03}", "target": texts[n % len(texts)], "message_vi": f"Quy tắc {n} không thỏa.",
              "logic": {"or": [{"!": [{"var": booleans[n % len(booleans)]}]},
                               {"<=": [{"var": numbers[n % len(numbers)]}, 500 + n]}]}} for n in range(40)]
    return {"sections": sections, "rules": rules}


def _data(keys) -> dict:
    data = {key: VALUES[kind] for key, kind in keys}
    data["members"] = [{k: VALUES[kind] for k, kind in keys[:GROUP]} for _ in range(3)]
    for key, kind in keys[::17]:  # some errors to report
        data[key] = "sai" if kind != "text" else ""
    return data


def _browser_changes(artefact: dict, lists: dict, changes: int = 200) -> list[float]:
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><html lang='vi'><body><main></main></body></html>")
            page.add_script_tag(path=str(STATIC / "json-logic.js"))
            page.add_script_tag(path=str(STATIC / "forms-runtime.js"))
            return page.evaluate("""([artefact, lists, changes]) => {
                const form = FormsRuntime.render(document.querySelector('main'), artefact, {codeLists: lists});
                const inputs = Array.from(document.querySelectorAll('input[type=text], input[type=tel]'));
                const times = [];
                for (let i = 0; i < changes; i++) {
                    const input = inputs[(i * 7) % inputs.length];
                    input.value = String(i);
                    input.dispatchEvent(new Event('input', {bubbles: true}));  // the runtime's handler, timed inside
                    times.push(form.lastChangeMs);
                }
                return times;
            }""", [artefact, lists, changes])
        finally:
            browser.close()


def _ms(values) -> str:
    ordered = sorted(values)
    return f"{statistics.median(ordered):.1f} / {ordered[int(len(ordered) * 0.95) - 1]:.1f}"


def run() -> list[tuple[str, str]]:
    keys = _dictionary()
    form = create_form("9.999999", "bench", "Biểu mẫu 200 trường")
    spec = _spec(keys)
    started = time.perf_counter()
    save_form(form.pk, spec)
    saved = time.perf_counter() - started
    started = time.perf_counter()
    artefact = publish_form(form.pk).artefact
    published = time.perf_counter() - started
    fields = sum(len(s["fields"]) for s in artefact["sections"])
    logic = sum(1 for s in artefact["sections"] for f in s["fields"] for k in ("visibleIf", "computed") if f[k]) + \
        len(artefact["rules"])
    data = _data(keys)
    validate(artefact, data)  # the first call builds the validator and reads the unit list once
    times = []
    for _ in range(200):
        started = time.perf_counter()
        verdict = validate(artefact, data)
        times.append((time.perf_counter() - started) * 1000)
    lists = {"admin_units_2025": codelists.in_force("admin_units_2025").items}
    browser = _browser_changes(artefact, lists)
    return [
        ("forms: fields / JSON-logic rules of the form", f"{fields} / {logic}"),
        ("forms: save the draft (s)", f"{saved:.2f}"),
        ("forms: publish = compile and pin (s, bound 1)", f"{published:.2f}"),
        ("forms: server verdict, median / p95 (ms, bound 20)", _ms(times)),
        ("forms: errors found in the sample data", str(len(verdict.errors))),
        ("forms: browser change handler, median / p95 (ms, bound 50)", _ms(browser)),
        ("forms: browser change handler, slowest (ms)", f"{max(browser):.1f}"),
        *forms_operations.run(),  # the citizen's operations on three real procedures, web against paper
    ]
