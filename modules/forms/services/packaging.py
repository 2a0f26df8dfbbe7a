"""A submission packaged for other systems: JSON and XML, keyed by dictionary keys, valid against the published schema
of its form version.

- JSON: {"format", "form": {...its version...}, "submission": {...}, "data": {...}}; `data` is valid against the
  artefact's JSON Schema (the schema the form was published with, `form.schema` names its $id).
- XML: the same content in the namespace of the form version (urn:egov:form:<procedure>:<version>), one element per
  dictionary key in the form's order, a repeatable section an element of <item>s; `xml_schema(artefact)` is its XML
  Schema, derived from the same artefact, so a version's XML never changes shape.

Nothing here reads the database: the caller passes the artefact the submission kept and its data."""

import json
from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from modules.forms.services.errors import FormsCode, FormsError

FORMAT = "egov-forms-data/1"
XS = "http://www.w3.org/2001/XMLSchema"
ADDRESS_PARTS = ("province", "district", "commune", "street")
FILE_ATTRIBUTES = ("id", "name", "content_type", "size")


def namespace(artefact: dict) -> str:
    return artefact["schema"]["$id"]


def check(artefact: dict, data: dict) -> None:
    """FormsError INVALID_FORM when `data` does not fit the published schema (a package is never written then)."""
    errors = sorted(Draft202012Validator(artefact["schema"]).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = ".".join(str(p) for p in errors[0].absolute_path)
        raise FormsError(FormsCode.INVALID_FORM, _("Dữ liệu không khớp lược đồ của biểu mẫu đã ban hành (%(where)s).")
                         % {"where": where or "/"}, where)


def package(artefact: dict, data: dict, submission: dict) -> dict:
    """The JSON package of `data` (kept data of a submission, keyed by dictionary keys) under `artefact`.
    submission: {"dossier": code, "submitted_at": ISO time, "unit": code}."""
    check(artefact, data)
    form = artefact["form"]
    return {
        "format": FORMAT,
        "form": {"id": form["id"], "procedureCode": form["procedureCode"], "versionLabel": form["versionLabel"],
                 "title": form["title"]["vi"], "digest": form.get("digest", ""), "schema": namespace(artefact)},
        "submission": {"dossier": submission.get("dossier", ""), "submittedAt": submission.get("submitted_at", ""),
                       "unit": submission.get("unit", "")},
        "data": data,
    }


def as_json(artefact: dict, data: dict, submission: dict) -> bytes:
    return json.dumps(package(artefact, data, submission), ensure_ascii=False, indent=2).encode()


# --- XML ---

def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # xs:decimal has no exponent
        return f"{value:f}".rstrip("0").rstrip(".")
    return str(value)


def _value(parent, ns: str, field: dict, value) -> None:
    node = ET.SubElement(parent, f"{{{ns}}}{field['key']}")
    if field["type"] == "address":
        for part in ADDRESS_PARTS:
            if part in value:
                ET.SubElement(node, f"{{{ns}}}{part}").text = value[part]
    elif field["type"] == "file":
        for name in FILE_ATTRIBUTES:
            node.set(name, _scalar(value[name]))
    else:
        node.text = _scalar(value)


def as_xml(artefact: dict, data: dict, submission: dict) -> bytes:
    body = package(artefact, data, submission)
    ns = namespace(artefact)
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}submission", {
        "procedureCode": body["form"]["procedureCode"], "versionLabel": body["form"]["versionLabel"],
        "digest": body["form"]["digest"], "dossier": body["submission"]["dossier"],
        "submittedAt": body["submission"]["submittedAt"], "unit": body["submission"]["unit"]})
    holder = ET.SubElement(root, f"{{{ns}}}data")
    for section in artefact["sections"]:
        if section["repeatable"]:
            items = data.get(section["key"])
            if items is None:
                continue
            group = ET.SubElement(holder, f"{{{ns}}}{section['key']}")
            for item in items:
                node = ET.SubElement(group, f"{{{ns}}}item")
                for field in section["fields"]:
                    if field["key"] in item:
                        _value(node, ns, field, item[field["key"]])
            continue
        for field in section["fields"]:
            if field["key"] in data:
                _value(holder, ns, field, data[field["key"]])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- The XML Schema of a form version ---

SIMPLE = {"text": "xs:string", "long_text": "xs:string", "number": "xs:decimal", "money": "xs:nonNegativeInteger",
          "date": "xs:date", "boolean": "xs:boolean", "choice": "xs:string", "cccd": "xs:string",
          "tax_code": "xs:string", "phone": "xs:string", "email": "xs:string"}


def _xs(parent, tag: str, **attrs):
    return ET.SubElement(parent, f"{{{XS}}}{tag}", {k: str(v) for k, v in attrs.items()})


def _field_element(sequence, field: dict, prop: dict) -> None:
    kind = field["type"]
    element = _xs(sequence, "element", name=field["key"], minOccurs=0)
    if kind == "address":
        inner = _xs(_xs(element, "complexType"), "sequence")
        for part in ADDRESS_PARTS:
            _xs(inner, "element", name=part, type="xs:string", minOccurs=0)
        return
    if kind == "file":
        complex_type = _xs(element, "complexType")
        for name, xs_type in zip(FILE_ATTRIBUTES, ("xs:string", "xs:string", "xs:string",
                                                   "xs:nonNegativeInteger"), strict=True):
            _xs(complex_type, "attribute", name=name, type=xs_type, use="required")
        return
    restriction = _xs(_xs(element, "simpleType"), "restriction", base=SIMPLE[kind])
    if "enum" in prop:
        for code in prop["enum"]:
            _xs(restriction, "enumeration", value=code)
    if "maxLength" in prop:
        _xs(restriction, "maxLength", value=prop["maxLength"])
    if kind == "cccd":
        _xs(restriction, "pattern", value="[0-9]{12}")


def xml_schema(artefact: dict) -> bytes:
    """The XML Schema (XSD 1.0) of the XML packages of this form version."""
    ns = namespace(artefact)
    ET.register_namespace("xs", XS)
    root = ET.Element(f"{{{XS}}}schema", {"targetNamespace": ns, "elementFormDefault": "qualified"})
    data_sequence = ET.Element(f"{{{XS}}}sequence")
    properties = artefact["schema"]["properties"]
    for section in artefact["sections"]:
        if section["repeatable"]:
            group = _xs(data_sequence, "element", name=section["key"], minOccurs=0)
            item = _xs(_xs(_xs(group, "complexType"), "sequence"), "element", name="item", minOccurs=0,
                       maxOccurs="unbounded")
            inner = _xs(_xs(item, "complexType"), "sequence")
            item_properties = properties[section["key"]]["items"]["properties"]
            for field in section["fields"]:
                _field_element(inner, field, item_properties[field["key"]])
            continue
        for field in section["fields"]:
            _field_element(data_sequence, field, properties[field["key"]])
    top = _xs(root, "element", name="submission")
    complex_type = _xs(top, "complexType")
    sequence = _xs(complex_type, "sequence")
    data_element = _xs(sequence, "element", name="data")
    _xs(data_element, "complexType").append(data_sequence)
    for name in ("procedureCode", "versionLabel", "digest", "dossier", "submittedAt", "unit"):
        _xs(complex_type, "attribute", name=name, type="xs:string")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
