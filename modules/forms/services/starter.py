"""The starter dictionary: the applicant's common fields (data/starter-fields.json), loaded by migration 0003 with the
shipped code lists; `egov forms load-starter` loads what is missing later (keys already there are left alone)."""

import json

from django.utils import timezone

from modules.forms.services import codelists

STARTER = codelists.DATA / "starter-fields.json"


def starter_fields() -> list[dict]:
    return json.loads(STARTER.read_text(encoding="utf-8"))


def load_starter(apps=None) -> int:
    """Code lists, then the starter fields whose keys are new; answers how many fields were added. `apps`: a
    migration's historical models (the fields are written as add_field would, version 1 published)."""
    if apps is None:
        from django.apps import apps
    get = apps.get_model
    codelists.load_shipped(models=(get("forms", "CodeList"), get("forms", "CodeListVersion")))
    data_field, field_version, code_list = get("forms", "DataField"), get("forms", "FieldVersion"), \
        get("forms", "CodeList")
    added = 0
    for spec in starter_fields():
        if data_field.objects.filter(key=spec["key"]).exists():
            continue
        row = data_field.objects.create(key=spec["key"])
        field_version.objects.create(
            field=row, number=1, status="published", type=spec["type"], label_vi=spec["label_vi"],
            label_en=spec.get("label_en", ""), help_vi=spec.get("help_vi", ""), help_en=spec.get("help_en", ""),
            validation=spec.get("validation", {}), personal_data=spec.get("personal_data", False),
            prefill=spec.get("prefill", ""), published_at=timezone.now(), note="Từ điển khởi đầu",
            code_list=code_list.objects.get(key=spec["code_list"]) if spec.get("code_list") else None)
        added += 1
    return added
