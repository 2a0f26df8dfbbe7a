"""One set of rules, run in two places: the same published artefact through the server (validation.py) and through
forms-runtime.js in Debian's Chromium (Playwright), on the table of valid and invalid values of every type; the same
fields and the same codes. The JSON-logic evaluators agree too. A rendered form shows an error after the user leaves
a field they changed, or on submit, never before they type."""

from contextlib import contextmanager
from pathlib import Path

from accessibility import serious_violations
from forms_support import add_extra_fields, published_household_form
from playwright import sync_api
from test_forms_validation import BASE, CASES
from test_statistics_browser import FLAGS, chromium

from modules.forms.services import codelists, create_form, jsonlogic, publish_form, save_form, validate

STATIC = Path(__file__).resolve().parent.parent / "modules" / "forms" / "static" / "forms"
PAGE = "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Biểu mẫu</title></head><body><main></main>"


@contextmanager
def chromium_browser():
    """Debian's Chromium. Started only once the test's rows are written: inside Playwright's loop Django would take
    another connection, outside the test's transaction."""
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=[f for f in FLAGS if f != "--headless"],
                                              headless=True)
        try:
            yield launched
        finally:
            launched.close()


def runtime_page(browser, styled=True):
    """A page with json-logic.js and forms-runtime.js (and forms.css) loaded, as a portal page loads them (no
    network)."""
    page = browser.new_page(locale="vi-VN")
    page.set_content(PAGE)
    if styled:
        page.add_style_tag(path=str(STATIC / "forms.css"))
    page.add_script_tag(path=str(STATIC / "json-logic.js"))
    page.add_script_tag(path=str(STATIC / "forms-runtime.js"))
    return page


def unit_lists():
    return {key: codelists.in_force(key).items for key in codelists.ADMIN_UNITS}


EXTRA = [  # beyond the per-type table: conditional and repeatable sections, computed values, rules, odd shapes
    {**BASE, "has_members": True},
    {**BASE, "has_members": True, "members": [{"full_name": "", "id_number": "bad"}, "x", {"full_name": "B",
                                                                                        "relation": "9"}]},
    {**BASE, "has_members": True, "members": [{"full_name": f"N{i}"} for i in range(4)]},
    {**BASE, "has_members": False, "members": [{"full_name": ""}]},
    {**BASE, "has_members": True, "members": "many"},
    {**BASE, "t_bool": True, "email": ""},
    {**BASE, "has_members": True, "members": [{"full_name": "Trần Bình", "birth_date": "2015-01-02",
                                              "id_number": "079115001234"}]},
    {}, {"full_name": None, "birth_date": "", "id_number": "   "},
]
SCOPED = [  # an item's fields hide the applicant's, even empty: each check reads the member alone
    ({**BASE, "has_members": True, "members": [{"full_name": "Trần Bình", "birth_date": "2015-01-02"}]}, []),
    ({**BASE, "has_members": True, "members": [{"full_name": "Trần Bình", "id_number": "079315001234"}]}, []),
    ({**BASE, "has_members": True, "members": [{"full_name": "Trần Bình", "birth_date": "2015-01-02",
                                               "id_number": "079115001234"}]},
     [["members.0.id_number", "CCCD_BIRTH_MISMATCH"]]),
    ({**BASE, "has_members": True, "members": [{"birth_date": "2015-01-02", "relation": "9"}]},
     [["members.0.full_name", "REQUIRED"]]),
]


def test_the_browser_gives_the_servers_verdicts_on_every_type(db):
    artefact = published_household_form().artefact
    lists = unit_lists()
    table = [{**BASE, key: value} for key, value, _code in CASES] + EXTRA + [data for data, _errors in SCOPED]
    server = [[[e.path, e.code] for e in validate(artefact, data).errors] for data in table]
    server_en = [[e.message for e in validate(artefact, data, lang="en").errors] for data in table]
    with chromium_browser() as browser:
        page = runtime_page(browser)
        browser_side, browser_en = _browser_verdicts(page, artefact, table, lists)
    mismatches = [(data, s, b) for data, s, b in zip(table, server, browser_side, strict=True) if s != b]
    assert mismatches == []
    assert browser_side[-len(SCOPED):] == [errors for _data, errors in SCOPED]
    assert server_en == browser_en  # the same words too
    assert sum(1 for verdict in server if verdict) > len(CASES) // 2  # the table holds invalid values indeed


def _browser_verdicts(page, artefact, table, lists):
    browser_side = page.evaluate("""([artefact, table, lists]) => table.map(d =>
        FormsRuntime.validate(artefact, d, {codeLists: lists}).errors.map(e => [e.path, e.code]))""",
                                 [artefact, table, lists])
    browser_en = page.evaluate("""([artefact, table, lists]) => table.map(d =>
        FormsRuntime.validate(artefact, d, {codeLists: lists, lang: "en"}).errors.map(e => e.message))""",
                               [artefact, table, lists])
    return browser_side, browser_en


def _random_value(rng, key):
    """A value near the edges of what `key` accepts: right, wrong, or of another type."""
    digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([9, 10, 11, 12, 13])))
    pool = [
        None, "", " ", True, 0, -1, 1.5, 1000001, "abc", "Ab", "A" * 11, "x" * 21, digits,
        "0" + digits[1:], "0100109106", "0100109106-00" + str(rng.randint(0, 9)), "+84 9" + digits[:8],
        "02" + digits[:9], "09" + digits[:8], "an@x.vn", "an@x", f"{rng.randint(1890, 2040)}-{rng.randint(0, 13):02}-"
        f"{rng.randint(0, 32):02}", "079" + str(rng.randint(0, 5)) + digits[:8], "001090123456",
        {"province": rng.choice(["56", "01", "99", ""]), "commune": rng.choice(["22366", "00004", ""]),
         "street": rng.choice(["", "12 Trần Phú", "x" * 256])},
        {"province": "56", "district": rng.choice(["568", "001"]), "commune": "22366", "street": "1 Lê Lợi"},
        {"id": "f", "name": "a.pdf", "content_type": rng.choice(["application/pdf", "text/html"]),
         "size": rng.choice([1, 2 * 1024 * 1024])}, {"id": "", "name": 1},
        rng.choice(["1", "2", "3", "01", "54", "55", "VN", "XX"]), [], {},
    ]
    return rng.choice(pool)


def random_table(count=300, seed=20261120):
    import random

    from test_forms_validation import BASE

    rng = random.Random(seed)
    keys = ["full_name", "birth_date", "sex", "id_number", "ethnicity", "nationality", "permanent_address", "phone",
            "email", "t_text", "t_long", "t_number", "t_money", "t_date", "t_bool", "t_tax", "t_file",
            "t_old_address", "has_members"]
    table = []
    for _ in range(count):
        data = dict(BASE)
        for key in rng.sample(keys, rng.randint(1, 6)):
            data[key] = _random_value(rng, key)
        if rng.random() < 0.4:
            data["members"] = [{k: _random_value(rng, k) for k in rng.sample(
                ["full_name", "birth_date", "id_number", "relation"], rng.randint(0, 4))}
                for _ in range(rng.randint(0, 4))]
        table.append(data)
    return table


def test_the_browser_agrees_on_random_values_near_every_edge(db):
    artefact = published_household_form().artefact
    lists = unit_lists()
    table = random_table()
    server = [[[e.path, e.code] for e in validate(artefact, data).errors] for data in table]
    with chromium_browser() as browser:
        browser_side, _en = _browser_verdicts(runtime_page(browser), artefact, table, lists)
    mismatches = [(data, s, b) for data, s, b in zip(table, server, browser_side, strict=True) if s != b]
    assert mismatches == []
    assert len({code for verdict in server for _path, code in verdict}) >= 20  # many kinds of verdict were reached


LOGIC = [
    {"==": [1, "1"]}, {"==": [0, ""]}, {"==": [None, 0]}, {"===": [1, 1.0]}, {"!=": ["a", "b"]},
    {"!!": [[]]}, {"!": [""]}, {"!!": ["0"]}, {"and": [True, "x", 0]}, {"or": [False, [], "z"]},
    {"if": [{"<": [1, 2]}, "yes", "no"]}, {"if": [False, 1, False, 2]}, {"<": [1, 2, 3]}, {"<=": ["10", 9]},
    {">": ["b", "a"]}, {"+": ["1.5", 2, "3x"]}, {"*": [2, "3"]}, {"-": [5]}, {"/": [1, 4]}, {"%": [7, 3]},
    {"min": [3, "1", 2]}, {"max": []}, {"in": ["b", ["a", "b"]]}, {"in": ["ell", "hello"]}, {"cat": ["a", None, 1]},
    {"substr": ["Nguyễn", 1, 3]}, {"substr": ["abcdef", -2]}, {"merge": [[1], 2, [3, [4]]]},
    {"var": "a.b"}, {"var": ["missing", "default"]}, {"var": "n"}, {"missing": ["a", "zz", "e"]},
    {"missing_some": [1, ["a", "zz"]]}, {"map": [{"var": "list"}, {"*": [{"var": ""}, 2]}]},
    {"filter": [{"var": "list"}, {">": [{"var": ""}, 1]}]},
    {"reduce": [{"var": "list"}, {"+": [{"var": "current"}, {"var": "accumulator"}]}, 0]},
    {"all": [{"var": "list"}, {">": [{"var": ""}, 0]}]}, {"all": [[], True]}, {"some": [{"var": "list"}, {"==": [{"var": ""}, 2]}]},
    {"none": [{"var": "list"}, {"==": [{"var": ""}, 9]}]},
    {"vn_cccd_birth": ["001090123456", "1990-01-01"]}, {"vn_cccd_birth": ["001290123456", "1990-01-01"]},
    {"vn_cccd_birth": [None, "1990-01-01"]},
]
DATA = {"a": {"b": 7}, "e": "", "n": None, "list": [1, 2, 3]}


def test_the_json_logic_evaluators_agree():
    server = [jsonlogic.plain(jsonlogic.apply(rule, DATA)) for rule in LOGIC]
    with chromium_browser() as browser:
        client = _apply_in(runtime_page(browser))
    assert list(zip(LOGIC, server, strict=True)) == list(zip(LOGIC, client, strict=True))


def _apply_in(page):
    return page.evaluate("""([rules, data]) => rules.map(r => {
        const v = jsonLogic.apply(r, data); return (typeof v === "number" && !isFinite(v)) ? null : v; })""",
                         [LOGIC, DATA])


def test_an_error_shows_after_leaving_a_changed_field_or_on_submit_never_before(db):
    artefact = published_household_form().artefact
    lists = unit_lists()
    with chromium_browser() as browser:
        page = runtime_page(browser)
        page.evaluate("([a, lists]) => { window.form = FormsRuntime.render(document.querySelector('main'), a, "
                      "{codeLists: lists}); }", [artefact, lists])
        assert serious_violations(page) == []  # WCAG 2.1 A/AA (axe-core): labels, names, contrast
        _fill_and_leave(page)
        assert serious_violations(page) == []  # with errors shown too
        paths = page.evaluate("() => window.form.verdict.errors.map(e => e.path)")
        data = page.evaluate("() => window.form.data()")
    assert paths == [e.path for e in validate(artefact, data, code_lists=lists).errors]


def _fill_and_leave(page):
    phone = page.get_by_label("Số điện thoại", exact=True)
    error = page.locator("[data-path='phone'] .forms-error")
    sync_api.expect(error).to_be_hidden()
    name = page.locator("[name='full_name']")
    name.focus()
    page.keyboard.press("Tab")  # left without typing: nothing shown
    sync_api.expect(page.locator("[data-path='full_name'] .forms-error")).to_be_hidden()
    phone.fill("0123")
    sync_api.expect(error).to_be_hidden()  # while typing
    phone.press("Tab")
    sync_api.expect(error).to_have_text("Số điện thoại: số di động 10 chữ số hoặc số cố định 11 chữ số bắt đầu "
                                        "bằng 02.")
    assert phone.get_attribute("aria-invalid") == "true"
    phone.fill("0912345678")  # fixed: the error goes as soon as the value is right
    sync_api.expect(error).to_be_hidden()
    # A computed value and a conditional, repeatable section follow the data.
    sync_api.expect(page.locator("[data-section='members']")).to_be_hidden()
    page.get_by_label("Có thành viên khác").check()
    sync_api.expect(page.locator("[data-section='members']")).to_be_visible()
    sync_api.expect(page.get_by_label("Số thành viên")).to_have_value("1")
    page.get_by_role("button", name="Thêm thành viên").click()
    sync_api.expect(page.get_by_label("Số thành viên")).to_have_value("2")
    # Submitting shows every error and puts the focus on the first.
    page.get_by_role("button", name="Nộp").click()
    first = page.locator("[data-path='full_name'] .forms-error")
    sync_api.expect(first).to_have_text("Họ, chữ đệm và tên: cần nhập.")
    sync_api.expect(name).to_be_focused()
    sync_api.expect(page.locator("[data-path='members.1.full_name'] .forms-error")).to_be_visible()


def _files(page):
    return page.evaluate("() => [...document.querySelectorAll('input[type=file]')].map(i => "
                         "[i.name, i.files.length ? i.files[0].name : null])")


def test_files_chosen_in_a_group_stay_when_items_are_added_or_removed(db):
    add_extra_fields()
    form = create_form("1.000002", "v1", "Giấy tờ kèm theo", "Papers")
    save_form(form.pk, {"sections": [{"key": "papers", "title_vi": "Giấy tờ", "repeatable": True, "min_items": 1,
                                      "max_items": 5, "fields": [{"field": "t_text"}, {"field": "t_file"}]}]})
    artefact = publish_form(form.pk).artefact
    with chromium_browser() as browser:
        page = runtime_page(browser)
        page.evaluate("(a) => { window.form = FormsRuntime.render(document.querySelector('main'), a, {}); }", artefact)
        add = page.get_by_role("button", name="Thêm giấy tờ")
        for n, name in enumerate(("a.pdf", "b.pdf", "c.pdf")):
            if n:
                add.click()
            page.set_input_files(f"[name='papers.{n}.t_file']", files=[
                {"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4 " + name.encode()}])
        assert _files(page) == [["papers.0.t_file", "a.pdf"], ["papers.1.t_file", "b.pdf"],
                                ["papers.2.t_file", "c.pdf"]]
        page.fill("[name='papers.2.t_text']", "1")
        page.press("[name='papers.2.t_text']", "Tab")  # an error shown on the third item
        page.get_by_role("button", name="Xóa").first.click()
        # The others keep their files, numbered again as the server will read them (the name is the path).
        assert _files(page) == [["papers.0.t_file", "b.pdf"], ["papers.1.t_file", "c.pdf"]]
        assert [p["t_file"]["name"] for p in page.evaluate("() => window.form.data().papers")] == ["b.pdf", "c.pdf"]
        sync_api.expect(page.locator(".forms-item legend")).to_have_text(["Giấy tờ 1", "Giấy tờ 2"])
        sync_api.expect(page.locator("[data-path='papers.1.t_text'] .forms-error")).to_be_visible()  # moved along
        sync_api.expect(add).to_be_focused()


def test_a_click_right_after_leaving_an_invalid_field_lands(db):
    """The press on a button leaves the field and shows its error; the error must not push the button from under
    the release. Without the stylesheet the runtime waits for the release; with it the error's line is kept."""
    artefact = published_household_form().artefact
    lists = unit_lists()
    with chromium_browser() as browser:
        for styled in (False, True):
            page = runtime_page(browser, styled=styled)
            page.evaluate("""([a, lists]) => {
                const main = document.querySelector('main'), button = document.createElement('button');
                window.form = FormsRuntime.render(main, a, {codeLists: lists});
                button.type = 'button'; button.textContent = 'Tiếp'; window.clicks = 0;
                button.addEventListener('click', () => { window.clicks += 1; });
                main.appendChild(button); }""", [artefact, lists])
            page.locator("[name='phone']").fill("0123")
            button = page.get_by_role("button", name="Tiếp")
            button.scroll_into_view_if_needed()
            before = button.bounding_box()
            button.click()
            assert page.evaluate("() => window.clicks") == 1, styled
            sync_api.expect(page.locator("[data-path='phone'] .forms-error")).to_be_visible()
            if styled:
                assert button.bounding_box() == before  # nothing below the field moved
