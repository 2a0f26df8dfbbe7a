"""What a form can offer to prefill, from the signed-in citizen's own data: their profile (by the dictionary's prefill
meaning, applicant.full_name ...) and their earlier submissions (by dictionary key, the newest first).

The caller passes only the citizen's own data; nothing is written into the form until the citizen confirms it, and
each offered value says where it comes from. A value this form version would refuse is not offered, nor are files
(they belong to the earlier dossier), computed values or the items of repeatable sections."""

from dataclasses import dataclass

from modules.forms.services.validation import validate


@dataclass(frozen=True)
class Offer:
    key: str
    label: str
    value: object
    source: str        # "profile", or the code of the earlier dossier it comes from


def offers(artefact: dict, profile: dict, earlier: list[tuple[str, dict]]) -> list[Offer]:
    """profile: {prefill meaning: value}; earlier: [(dossier code, data keyed by dictionary keys)], newest first."""
    found: dict[str, Offer] = {}
    for section in artefact["sections"]:
        if section["repeatable"]:
            continue
        for field in section["fields"]:
            if field["type"] == "file" or field["computed"] is not None:
                continue
            meaning, key = field.get("prefill") or "", field["key"]
            if meaning and profile.get(meaning) not in (None, "", {}):
                found[key] = Offer(key, field["label"]["vi"], profile[meaning], "profile")
                continue
            for code, data in earlier:
                if isinstance(data, dict) and data.get(key) not in (None, "", {}):
                    found[key] = Offer(key, field["label"]["vi"], data[key], code)
                    break
    if not found:
        return []
    refused = {e.path for e in validate(artefact, {k: o.value for k, o in found.items()}).errors}
    return [o for k, o in found.items() if k not in refused]
