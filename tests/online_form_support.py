"""A published online form for the one-stop tests' procedure (PROC, household business registration): the starter
dictionary's applicant fields, a conditional repeatable section of co-founders and an attached paper."""

from onestop_support import PROC

from modules.forms.services import add_field, create_form, publish_form, save_form

SPEC = {
    "sections": [
        {"key": "applicant", "title_vi": "Người đăng ký", "title_en": "Applicant", "fields": [
            {"field": "full_name", "overrides": {"required": True}, "paper": {"page": 1, "x": 50, "y": 55,
                                                                              "width": 120}},
            {"field": "birth_date"},
            {"field": "id_number", "paper": {"page": 1, "x": 50, "y": 65, "width": 60}},
            {"field": "phone", "overrides": {"required": True}, "paper": {"page": 1, "x": 50, "y": 75, "width": 60}},
            {"field": "email"},
            {"field": "has_partners"},
        ]},
        {"key": "partners", "title_vi": "Thành viên góp vốn", "title_en": "Co-founders", "repeatable": True,
         "min_items": 1, "max_items": 5, "visible_if": {"==": [{"var": "has_partners"}, True]},
         "fields": [{"field": "full_name", "overrides": {"required": True}}, {"field": "capital_share"}]},
        {"key": "papers", "title_vi": "Giấy tờ kèm theo", "title_en": "Papers", "fields": [
            {"field": "lease_contract", "overrides": {"required": True}}]},
    ],
}


def published_online_form(label="2026.1"):
    add_field("has_partners", type="boolean", label_vi="Có thành viên góp vốn khác", label_en="Other co-founders")
    add_field("capital_share", type="number", label_vi="Phần vốn góp (%)", label_en="Capital share (%)",
              validation={"minimum": 0, "maximum": 100})
    add_field("lease_contract", type="file", label_vi="Hợp đồng thuê địa điểm kinh doanh",
              label_en="Lease of the business premises",
              validation={"accept": ["application/pdf", "image/jpeg", "image/png"], "max_size_mb": 5})
    form = create_form(PROC, label, "Giấy đề nghị đăng ký hộ kinh doanh", "Household business registration")
    save_form(form.pk, SPEC)
    return publish_form(form.pk)
