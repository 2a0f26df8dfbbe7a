"""Reading an envelope or a status message as agencies really send them, as a stream.

lxml's iterparse reads it in blocks and every element is cleared once read, so a 20 MB envelope is never held whole
as a tree: the base64 of each ContentTransferEncoded is decoded slice by slice into a file of its own, and only the
small header is kept, as a tree of nodes. Elements are matched by their local name in any order and whatever namespace the sender
gave them (the Signature element often comes without the xmldsig namespace); what the XML itself forbids (bad syntax,
an undeclared prefix), an impossible date, an unknown code or broken base64 is refused with an EdxmlError naming the
element. A zip attachment (often labelled .doc) that holds another envelope is opened and that envelope read too.
"""

import binascii
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _
from lxml import etree

from modules.documents.edxml.dates import parse_date, parse_timestamp
from modules.documents.edxml.errors import EdxmlError
from modules.documents.edxml.model import Attachment, Business, Envelope, Party, ResponseFor, Status, Trace
from modules.documents.edxml.names import BUSINESS_TYPES, PRIORITIES, STATUS_CODES, XMLDSIG

_READ = 1024 * 1024
MAX_NESTING = 2


@dataclass
class Node:
    name: str
    ns: str
    attrs: dict
    children: list["Node"] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    file: Path | None = None

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def child(self, name: str) -> "Node | None":
        return next((c for c in self.children if c.name == name), None)

    def all(self, name: str) -> list["Node"]:
        return [c for c in self.children if c.name == name]

    def value(self, name: str) -> str:
        found = self.child(name)
        return found.text if found is not None else ""

    def find(self, name: str) -> "Node | None":
        """The first node of that name at any depth (breadth first)."""
        queue = list(self.children)
        while queue:
            node = queue.pop(0)
            if node.name == name:
                return node
            queue.extend(node.children)
        return None

    def find_all(self, name: str, inside: "Node | None" = None) -> list["Node"]:
        found, stack = [], list(reversed(self.children))
        while stack:
            node = stack.pop()
            if node.name == name:
                found.append(node)
            stack.extend(reversed(node.children))
        return found


class _Base64File:
    """Base64 text arriving in pieces, decoded into a file in blocks of 4 characters; broken base64 is refused."""

    def __init__(self, path: Path, element: str):
        self.path, self.element, self.rest, self.ended = path, element, "", False
        self.out = open(path, "wb")

    def feed(self, text: str) -> None:
        data = self.rest + "".join(text.split())
        cut = len(data) - len(data) % 4
        if cut:
            if self.ended:
                self._broken()
            try:
                self.out.write(binascii.a2b_base64(data[:cut], strict_mode=True))
            except binascii.Error:
                self._broken()
            self.ended = data[cut - 1] == "="
        self.rest = data[cut:]

    def close(self) -> None:
        self.out.close()
        if self.rest:
            self._broken()

    def _broken(self):
        self.out.close()
        raise EdxmlError(self.element, _("%(element)s: nội dung base64 của tệp đính kèm bị hỏng.") % {
            "element": self.element})


def _local(tag: str) -> tuple[str, str]:
    return tuple(tag[1:].split("}", 1)) if tag.startswith("{") else ("", tag)


def _read_tree(stream, workdir: Path) -> tuple[Node | None, str | None]:
    """(root node, namespace of the first Signature element or None), streaming: each element is cleared once
    read, and the text of a ContentTransferEncoded decoded into a file in slices."""
    root, stack, files, signature_ns, checked = None, [], 0, None, False
    events = etree.iterparse(stream, events=("start", "end"), huge_tree=True, resolve_entities=False,
                             no_network=True, load_dtd=False, remove_comments=True, remove_pis=True)
    try:
        for event, elem in events:
            if event == "start":
                if not checked:
                    checked = True
                    if elem.getroottree().docinfo.doctype:
                        raise EdxmlError("DOCTYPE", _("Gói tin không được có khai báo DOCTYPE."))
                ns, name = _local(elem.tag) if isinstance(elem.tag, str) else ("", "")
                node = Node(name, ns, dict(elem.attrib))
                if stack:
                    stack[-1].children.append(node)
                else:
                    root = node
                if name == "Signature" and signature_ns is None:
                    signature_ns = ns
                stack.append(node)
                continue
            node = stack.pop()
            if node.name == "ContentTransferEncoded":
                files += 1
                node.file = workdir / f"attachment-{files}"
                sink, text = _Base64File(node.file, node.name), elem.text or ""
                for start in range(0, len(text), _READ):
                    sink.feed(text[start:start + _READ])
                sink.close()
            elif not len(elem):
                node.parts.append(elem.text or "")
            elem.clear(keep_tail=False)
            parent = elem.getparent()
            while parent is not None and elem.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        named = re.search(r" on (\S+) is not defined|mismatch: (\S+) line|Element (\S+) |tag (\S+) line", str(exc))
        where = next((g for g in named.groups() if g), None) if named else None
        where = where or (stack[-1].name if stack else "edXML")
        raise EdxmlError(where, _("Gói tin không phải XML hợp lệ (gần phần tử %(element)s): %(error)s") % {
            "element": where, "error": getattr(exc, "msg", None) or exc}) from None
    return root, signature_ns


@dataclass
class Parsed:
    """What a message held: an envelope or a status, how it was signed, and the folder of its decoded files
    (removed with `cleanup()` or at the end of a `with` block)."""

    envelope: Envelope | None
    status: Status | None
    signature: str                      # "none", "xmldsig", or "unqualified" (a Signature without the namespace)
    workdir: tempfile.TemporaryDirectory

    def cleanup(self) -> None:
        self.workdir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()


def parse(source: bytes | str | Path | BinaryIO) -> Parsed:
    """Read an envelope or a status message (bytes, a path or a binary file). EdxmlError when refused."""
    workdir = tempfile.TemporaryDirectory(prefix="edxml-")
    try:
        return _parse(source, workdir, depth=0)
    except BaseException:
        workdir.cleanup()
        raise


def _parse(source, workdir, depth: int) -> Parsed:
    folder = Path(tempfile.mkdtemp(dir=workdir.name)) if depth else Path(workdir.name)
    stream = io.BytesIO(source) if isinstance(source, bytes) else (
        open(source, "rb") if isinstance(source, str | Path) else source)
    try:
        root, signature_ns = _read_tree(stream, folder)
    finally:
        if stream is not source:
            stream.close()
    if root is None:
        raise EdxmlError("edXML", _("Gói tin trống."))
    signature = "none" if signature_ns is None else ("xmldsig" if signature_ns == XMLDSIG else "unqualified")
    header = root if root.name == "MessageHeader" else root.find("MessageHeader")
    if header is None:
        status = root if root.name == "Status" else root.find("Status")
        if status is None:
            raise EdxmlError("MessageHeader", _("Gói tin không có MessageHeader hay Status."))
        return Parsed(None, _status(status), signature, workdir)
    envelope = _envelope(root, header)
    envelope.attachments = _attachments(root, workdir, depth)
    return Parsed(envelope, None, signature, workdir)


def _required(node: Node | None, name: str, where: str) -> str:
    value = node.value(name) if node is not None else ""
    if not value:
        raise EdxmlError(name, _("Thiếu %(element)s trong %(parent)s.") % {"element": name, "parent": where})
    return value


def _int(node: Node | None, name: str, default: int | None, allowed=None) -> int | None:
    text = node.value(name) if node is not None else ""
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 0 or (allowed is not None and value not in allowed):
        raise EdxmlError(name, _("%(element)s: giá trị “%(value)s” không hợp lệ.") % {
            "element": name, "value": text[:40]})
    return value


def _party(node: Node | None, where: str) -> Party:
    if node is None:
        raise EdxmlError(where, _("Thiếu %(element)s.") % {"element": where})
    organ_id = _required(node, "OrganId", where)
    if len(organ_id) > 40 or any(c.isspace() or c == "," for c in organ_id):
        raise EdxmlError("OrganId", _("%(element)s: mã định danh “%(value)s” không hợp lệ.") % {
            "element": f"{where}/OrganId", "value": organ_id[:40]})
    return Party(organ_id, node.value("OrganName"), node.value("OrganizationInCharge"), node.value("OrganAdd"),
                 node.value("Email"), node.value("Telephone"), node.value("Fax"), node.value("Website"))


def _date_or_none(node: Node | None, name: str):
    text = node.value(name) if node is not None else ""
    return parse_date(text, name) if text else None


def _response_for(node: Node) -> ResponseFor:
    return ResponseFor(_required(node, "OrganId", "ResponseFor"), node.value("Code"),
                       _date_or_none(node, "PromulgationDate"), node.value("DocumentId"))


def _envelope(root: Node, h: Node) -> Envelope:
    code, info, kind = h.child("Code"), h.child("PromulgationInfo"), h.child("DocumentType")
    signer, other, places = h.child("SignerInfo"), h.child("OtherInfo"), h.child("ToPlaces")
    recipients = [_party(node, "To") for node in h.all("To")]
    if not recipients:
        raise EdxmlError("To", _("Thiếu %(element)s.") % {"element": "To"})
    if code is None or not (code.value("CodeNumber") or code.value("CodeNotation")):
        raise EdxmlError("Code", _("Thiếu số, ký hiệu văn bản (Code/CodeNumber, CodeNotation)."))
    if not h.value("Subject"):
        raise EdxmlError("Subject", _("Thiếu %(element)s trong %(parent)s.") % {"element": "Subject",
                                                                               "parent": "MessageHeader"})
    promulgated = parse_date(_required(info, "PromulgationDate", "PromulgationInfo"), "PromulgationDate")
    appendixes = other.child("Appendixes") if other is not None else None
    return Envelope(
        sender=_party(h.child("From"), "From"), recipients=recipients,
        code_number=code.value("CodeNumber"), code_notation=code.value("CodeNotation"),
        promulgation_date=promulgated, place=info.value("Place"), subject=h.value("Subject"),
        type=_int(kind, "Type", 1), type_name=kind.value("TypeName") if kind is not None else "",
        type_detail=kind.value("TypeDetail") if kind is not None else "", content=h.value("Content"),
        signer_competence=signer.value("Competence") if signer is not None else "",
        signer_position=signer.value("Position") if signer is not None else "",
        signer_name=signer.value("FullName") if signer is not None else "",
        due_date=_date_or_none(h, "DueDate"),
        to_places=[p.text for p in places.all("Place") if p.text] if places is not None else [],
        priority=_int(other, "Priority", 0, PRIORITIES), page_amount=_int(other, "PageAmount", None),
        promulgation_amount=_int(other, "PromulgationAmount", None),
        sphere=other.value("SphereOfPromulgation") if other is not None else "",
        typer_notation=other.value("TyperNotation") if other is not None else "",
        appendixes=[a.text for a in appendixes.all("Appendix") if a.text] if appendixes is not None else [],
        steering_type=_int(h, "SteeringType", 0), document_id=h.value("DocumentId"),
        response_for=[_response_for(r) for r in h.all("ResponseFor")],
        business=_business(root.find("Bussiness")),
        traces=[Trace(_required(t, "OrganId", "TraceHeader"), parse_timestamp(_required(t, "Timestamp",
                                                                                     "TraceHeader"), "Timestamp"))
                for t in root.find_all("TraceHeader")],
    )


def _business(b: Node | None) -> Business:
    if b is None:
        return Business()
    staff = b.child("StaffInfo")
    replaced = b.child("ReplacementInfoList")
    return Business(
        doc_type=_int(b, "BussinessDocType", 0, BUSINESS_TYPES), reason=b.value("BussinessDocReason"),
        document_id=b.value("DocumentId"),
        replaced=tuple(r.value("DocumentId") for r in replaced.all("ReplacementInfo") if r.value("DocumentId"))
        if replaced is not None else (),
        paper=_int(b, "Paper", 0) or 0,
        department=staff.value("Department") if staff is not None else "",
        staff=staff.value("Staff") if staff is not None else "",
        email=staff.value("Email") if staff is not None else "",
        mobile=staff.value("Mobile") if staff is not None else "")


def _status(s: Node) -> Status:
    code = _required(s, "StatusCode", "Status")
    if code not in STATUS_CODES:
        raise EdxmlError("StatusCode", _("%(element)s: giá trị “%(value)s” không hợp lệ.") % {
            "element": "StatusCode", "value": code[:10]})
    answer = s.child("ResponseFor")
    if answer is None:
        raise EdxmlError("ResponseFor", _("Thiếu %(element)s.") % {"element": "ResponseFor"})
    staff = s.child("StaffInfo")
    return Status(_response_for(answer), _party(s.child("From"), "From"), code,
                  parse_timestamp(_required(s, "Timestamp", "Status"), "Timestamp"), s.value("Description"),
                  staff.value("Department") if staff is not None else "",
                  staff.value("Staff") if staff is not None else "",
                  staff.value("Email") if staff is not None else "",
                  staff.value("Mobile") if staff is not None else "")


def _cid(text: str) -> str:
    text = text.strip()
    return text[4:] if text.lower().startswith("cid:") else text


def _attachments(root: Node, workdir, depth: int) -> list[Attachment]:
    declared = {}
    for ref in root.find_all("Reference"):
        href = next((v for k, v in ref.attrs.items() if k.endswith("href")), "")
        cid = _cid(ref.value("ContentId") or href)
        if cid:
            declared[cid] = ref
    found = []
    for node in root.find_all("Attachment"):
        encoded = node.child("ContentTransferEncoded")
        if encoded is None:
            continue
        cid = _cid(node.value("ContentId"))
        ref = declared.pop(cid, None)
        name = node.value("AttachmentName") or (ref.value("AttachmentName") if ref is not None else "") or cid
        if not name:
            raise EdxmlError("AttachmentName", _("Thiếu %(element)s.") % {"element": "AttachmentName"})
        content_type = node.value("ContentType") or (ref.value("ContentType") if ref is not None else "")
        attachment = Attachment(name, content_type or "application/octet-stream", node.value("Description"), cid,
                                path=encoded.file)
        attachment.nested = _nested(attachment, workdir, depth)
        found.append(attachment)
    if declared:
        missing = next(iter(declared))
        raise EdxmlError("Reference", _("Tệp %(cid)s khai trong edXMLManifest nhưng không có trong gói tin.") % {
            "cid": missing})
    return found


def _nested(attachment: Attachment, workdir, depth: int) -> list[Envelope]:
    """Envelopes inside a zip attachment (agencies' software often wraps one in a file named .doc)."""
    with open(attachment.path, "rb") as f:
        if f.read(4) != b"PK\x03\x04":
            return []
    try:
        archive = zipfile.ZipFile(attachment.path)
        names = archive.namelist()
    except zipfile.BadZipFile:
        return []
    if "[Content_Types].xml" in names or "mimetype" in names:
        return []  # an Office or OpenDocument file, not a wrapper
    if depth >= MAX_NESTING:
        raise EdxmlError("Attachment", _("Tệp %(name)s lồng gói tin quá nhiều lớp.") % {"name": attachment.name})
    envelopes = []
    for name in names:
        if not name.lower().endswith((".xml", ".edxml")):
            continue
        with archive.open(name) as member:
            inner = _parse(member, workdir, depth + 1)
        if inner.envelope is not None:
            envelopes.append(inner.envelope)
    return envelopes
