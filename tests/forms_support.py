"""Helpers of the forms tests: a household-registration form using the starter dictionary and a few fields of every
type, published."""

from modules.forms.services import add_field, create_form, publish_form, save_form

EXTRA_FIELDS = [
    dict(key="t_text", type="text", label_vi="Văn bản", label_en="Text", validation={"min_length": 2, "max_length": 10,
                                                                                      "pattern": "^[A-Za-z ]+$"}),
    dict(key="t_long", type="long_text", label_vi="Văn bản dài", validation={"max_length": 20}),
    dict(key="t_number", type="number", label_vi="Số", validation={"minimum": 1, "maximum": 10}),
    dict(key="t_money", type="money", label_vi="Số tiền", validation={"maximum": 1000000}),
    dict(key="t_date", type="date", label_vi="Ngày", validation={"min_date": "2000-01-01", "max_date": "2030-12-31"}),
    dict(key="t_bool", type="boolean", label_vi="Đồng ý"),
    dict(key="t_tax", type="tax_code", label_vi="Mã số thuế"),
    dict(key="t_file", type="file", label_vi="Tệp", validation={"accept": ["application/pdf", "image/jpeg"],
                                                                "max_size_mb": 1}),
    dict(key="t_old_address", type="address", label_vi="Địa chỉ cũ", validation={"shape": "vn-2023",
                                                                                 "street_required": True}),
    # \w: ASCII letters in the browser's RegExp; the server must read it the same way ("Nguyễn" does not match)
    dict(key="t_word", type="text", label_vi="Mã viết liền", validation={"pattern": "^\\w+$"}),
    dict(key="relation", type="choice", label_vi="Quan hệ với chủ hộ", code_list="sex"),
    dict(key="member_count", type="number", label_vi="Số thành viên"),
    dict(key="has_members", type="boolean", label_vi="Có thành viên khác"),
]

SPEC = {
    "sections": [
        {"key": "applicant", "title_vi": "Người khai", "title_en": "Applicant", "fields": [
            {"field": "full_name", "overrides": {"required": True}, "paper": {"page": 1, "x": 40, "y": 60,
                                                                              "width": 120}},
            {"field": "birth_date", "overrides": {"required": True}},
            {"field": "sex"}, {"field": "id_number", "overrides": {"required": True}},
            {"field": "ethnicity"}, {"field": "nationality"}, {"field": "permanent_address"},
            {"field": "phone"}, {"field": "email"},
        ]},
        {"key": "types", "title_vi": "Các kiểu", "fields": [{"field": f["key"]} for f in EXTRA_FIELDS[:10]]},
        {"key": "household", "title_vi": "Hộ gia đình", "fields": [
            {"field": "has_members"},
            {"field": "member_count", "computed": {"reduce": [{"var": "members"},
                                                              {"+": [{"var": "accumulator"}, 1]}, 0]}},
        ]},
        {"key": "members", "title_vi": "Thành viên", "repeatable": True, "min_items": 1, "max_items": 3,
         "visible_if": {"==": [{"var": "has_members"}, True]},
         "fields": [{"field": "full_name", "overrides": {"required": True}}, {"field": "birth_date"},
                    {"field": "id_number"}, {"field": "relation", "visible_if": {"!!": [{"var": "full_name"}]}}]},
    ],
    "rules": [{"key": "adult_email", "target": "email", "logic": {"or": [{"!": [{"var": "t_bool"}]},
                                                                         {"!!": [{"var": "email"}]}]},
               "message_vi": "Đã đồng ý thì cần thư điện tử.", "message_en": "E-mail needed when agreeing."}],
}


def add_extra_fields():
    for spec in EXTRA_FIELDS:
        add_field(**spec)


def published_household_form(code="1.000001", label="v1"):
    add_extra_fields()
    form = create_form(code, label, "Tờ khai đăng ký hộ", "Household declaration")
    save_form(form.pk, SPEC)
    return publish_form(form.pk)
