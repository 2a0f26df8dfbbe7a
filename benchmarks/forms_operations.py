"""The citizen's operations on three real procedures of the sample catalogue: the online form against
download-fill-scan-upload (part of `python -m benchmarks forms`; the method is in docs/modules/forms.md).

Each procedure's form is composed of dictionary fields after its paper form (birth registration: the declaration of
Circular 04/2020/TT-BTP; permanent residence: CT01 of Circular 56/2021/TT-BCA; household business: Annex III-1 of
Circular 01/2021/TT-BKHĐT), published through the services, and a typical case is filled. What the citizen need not
type is decided by the prefill service itself (modules.forms.services.offers) for a citizen signed in to the portal
whose account holds their name, phone and e-mail, and who submitted one earlier dossier holding their own identity and
addresses (nothing of anyone else). Counted the same way on both paths:
- entry: a value typed or chosen (a tick on paper, a box ticked online is a click);
- click: a button or link pressed;
- file: a file chosen for upload, or a page scanned or photographed.
"""

from modules.forms.services import add_field, create_form, offers, publish_form, save_form

NEW_FIELDS = [
    # key, type, label, extra
    ("child_full_name", "text", "Họ, chữ đệm, tên của trẻ", {}), ("child_sex", "choice", "Giới tính của trẻ",
                                                                  {"code_list": "sex"}),
    ("child_birth_date", "date", "Ngày sinh của trẻ", {}), ("child_birth_place", "text", "Nơi sinh", {}),
    ("child_ethnicity", "choice", "Dân tộc của trẻ", {"code_list": "ethnicity"}),
    ("child_nationality", "choice", "Quốc tịch của trẻ", {"code_list": "nationality"}),
    ("hometown", "text", "Quê quán", {}),
    ("mother_full_name", "text", "Họ, chữ đệm, tên người mẹ", {}), ("mother_birth_date", "date", "Năm sinh người mẹ", {}),
    ("mother_id_number", "cccd", "Số định danh người mẹ", {}),
    ("mother_residence", "address", "Nơi cư trú của người mẹ", {}),
    ("father_full_name", "text", "Họ, chữ đệm, tên người cha", {}), ("father_birth_date", "date", "Năm sinh người cha", {}),
    ("father_id_number", "cccd", "Số định danh người cha", {}),
    ("father_residence", "address", "Nơi cư trú của người cha", {}),
    ("relation_to_child", "text", "Quan hệ với người được khai sinh", {}),
    ("birth_certificate", "file", "Giấy chứng sinh", {"validation": {"accept": ["application/pdf", "image/jpeg"]}}),
    ("owner_full_name", "text", "Họ, chữ đệm, tên chủ hộ", {}), ("owner_id_number", "cccd", "Số định danh chủ hộ", {}),
    ("relation_to_owner", "text", "Quan hệ với chủ hộ", {}), ("request_content", "long_text", "Nội dung đề nghị", {}),
    ("new_residence", "address", "Địa chỉ đăng ký thường trú", {}),
    ("moving_members", "boolean", "Có người cùng thay đổi", {}), ("member_relation", "text", "Quan hệ với người khai", {}),
    ("residence_proof", "file", "Giấy tờ chứng minh chỗ ở hợp pháp", {"validation": {"accept": ["application/pdf"]}}),
    ("business_name", "text", "Tên hộ kinh doanh", {}), ("business_address", "address", "Địa chỉ trụ sở hộ kinh doanh", {}),
    ("business_phone", "phone", "Điện thoại của hộ kinh doanh", {}), ("business_line", "text", "Ngành, nghề kinh doanh", {}),
    ("capital", "money", "Vốn kinh doanh (đồng)", {}), ("employees", "number", "Số lượng lao động", {}),
    ("household_members", "boolean", "Các thành viên hộ gia đình cùng đăng ký", {}),
    ("owner_papers", "file", "Giấy tờ pháp lý của chủ hộ", {"validation": {"accept": ["application/pdf"]}}),
]
APPLICANT = ["full_name", "birth_date", "sex", "id_number", "ethnicity", "nationality", "permanent_address",
             "current_address", "phone", "email"]

# code, label, paper pages, sections [(key, fields, repeatable)], the typical case's items per repeatable section,
# booleans ticked in the typical case
PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh", 1, [
        ("tre", ["child_full_name", "child_sex", "child_birth_date", "child_birth_place", "child_ethnicity",
                 "child_nationality", "hometown"], False),
        ("me", ["mother_full_name", "mother_birth_date", "mother_id_number", "mother_residence"], False),
        ("cha", ["father_full_name", "father_birth_date", "father_id_number", "father_residence"], False),
        ("nguoi_khai", ["full_name", "id_number", "relation_to_child", "phone", "email"], False),
        ("giay_to", ["birth_certificate"], False)], {}, []),
    ("1.004222", "Đăng ký thường trú", 1, [
        ("nguoi_khai", ["full_name", "birth_date", "sex", "id_number", "phone", "email"], False),
        ("chu_ho", ["owner_full_name", "owner_id_number", "relation_to_owner"], False),
        ("noi_dung", ["new_residence", "request_content", "moving_members"], False),
        ("cung_thay_doi", ["full_name", "birth_date", "sex", "id_number", "member_relation"], True),
        ("giay_to", ["residence_proof"], False)], {"cung_thay_doi": 1}, ["moving_members"]),
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", 2, [
        ("ho_kinh_doanh", ["business_name", "business_address", "business_phone", "business_line", "capital",
                           "employees"], False),
        ("chu_ho", ["full_name", "birth_date", "sex", "ethnicity", "nationality", "id_number", "permanent_address",
                    "current_address", "phone", "email", "household_members"], False),
        ("giay_to", ["owner_papers"], False)], {}, []),
]
PROFILE = {"applicant.full_name": "Nguyễn Thị Mai", "applicant.phone": "0912345678",
           "applicant.email": "mai@example.vn"}
ADDRESS = {"province": "56", "commune": "22366", "street": "12 Trần Phú"}
EARLIER = [("56001-261001-0001", {"id_number": "056190123456", "birth_date": "1990-05-17", "sex": "2",
                                  "ethnicity": "01", "nationality": "VN", "permanent_address": ADDRESS,
                                  "current_address": ADDRESS})]


def _dictionary():
    for key, kind, label, extra in NEW_FIELDS:
        add_field(key, type=kind, label_vi=label, **extra)


def _publish(code, label, sections):
    form = create_form(code, "bench-ops", label)
    spec = {"sections": []}
    for key, fields, repeatable in sections:
        entry = {"key": key, "title_vi": key, "fields": [{"field": f} for f in fields]}
        if repeatable:
            entry.update(repeatable=True, min_items=0, visible_if={"==": [{"var": "moving_members"}, True]})
        spec["sections"].append(entry)
    save_form(form.pk, spec)
    return publish_form(form.pk).artefact


def count(artefact, pages: int, items: dict, ticked: list) -> dict:
    """(web, paper) operations of the typical case: every visible field filled once (repeatable ones per item)."""
    prefilled = {o.key for o in offers(artefact, PROFILE, EARLIER)}
    web = {"entries": 0, "clicks": 2 if prefilled else 1, "files": 0}  # open the form (+ "use the prefill")
    paper = {"entries": 2, "clicks": 4, "files": pages}  # download, print, open the upload page, submit; contact
    for section in artefact["sections"]:                 # name and phone on the upload page; each page scanned
        times = items.get(section["key"], 0) if section["repeatable"] else 1
        web["clicks"] += times if section["repeatable"] else 0  # "Add" per item
        for field in section["fields"]:
            for _ in range(times):
                if field["type"] == "file":
                    web["files"] += 1
                    paper["files"] += 1
                elif field["type"] == "boolean":
                    web["clicks"] += 1 if field["key"] in ticked else 0
                    paper["entries"] += 1 if field["key"] in ticked else 0
                else:
                    paper["entries"] += 1
                    if section["repeatable"] or field["key"] not in prefilled:
                        web["entries"] += 1
    paper["files"] += 1  # the scanned form chosen on the upload page
    web["clicks"] += 1  # submit
    return {"web": web, "paper": paper, "prefilled": len(prefilled)}


def run() -> list[tuple[str, str]]:
    _dictionary()
    rows, reductions = [], []
    for code, label, pages, sections, items, ticked in PROCEDURES:
        found = count(_publish(code, label, sections), pages, items, ticked)
        web, paper = sum(found["web"].values()), sum(found["paper"].values())
        reduction = 100 * (paper - web) / paper
        reductions.append(reduction)
        w, p = found["web"], found["paper"]
        rows.append((f"forms: citizen's operations, {label} ({code}): web (entries/clicks/files) vs paper",
                     f"{web} ({w['entries']}/{w['clicks']}/{w['files']}, {found['prefilled']} prefilled) vs "
                     f"{paper} ({p['entries']}/{p['clicks']}/{p['files']}): -{reduction:.0f} %"))
    rows.append(("forms: reduction of the citizen's operations, mean of the three (goal >= 30 %, aim 60 %)",
                 f"-{sum(reductions) / len(reductions):.0f} %"))
    return rows
