"""The documents screens' forms: what people type, turned into the services' inputs (services/inputs.py). Checking
the rules (types in force, numbers, files sniffed and limited, who may act) stays with the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modules.doctypes.services import types_in_force
from modules.documents.models import Confidentiality, Direction, Status, Urgency
from modules.documents.models.document import AuthorityPrefix
from modules.documents.services import attachments
from modules.documents.services.inputs import FileInput, Metadata
from modules.documents.services.workspace import NORMAL, Filters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OPAQUE = {"", "application/octet-stream", "binary/octet-stream"}  # a browser that does not know: the bytes decide


def file_input(upload) -> FileInput:
    """The upload as the services take it; too large is refused before its bytes are read."""
    attachments.check_size(upload.size)
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    return FileInput(upload.name, upload.read(), "" if declared in OPAQUE else declared)


def _type_choices():
    return [("", _("Chọn loại văn bản"))] + [(t.code, f"{t.name} ({t.abbreviation})" if t.abbreviation else t.name)
                                              for t in types_in_force()]


class _Metadata(forms.Form):
    """Decree 30/2020 Appendix VI: the fields people enter (numbers of outgoing documents are the system's)."""

    type_code = forms.ChoiceField(label=_("Loại văn bản"))
    subject = forms.CharField(label=_("Trích yếu nội dung"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    summary = forms.CharField(label=_("Tóm tắt nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=10000)
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=200)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=200)
    authority_prefix = forms.ChoiceField(label=_("Thẩm quyền ký"), required=False, choices=AuthorityPrefix.choices)
    page_count = forms.IntegerField(label=_("Số trang"), required=False, min_value=1, max_value=10000)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), required=False, choices=Urgency.choices)
    confidentiality = forms.ChoiceField(label=_("Độ mật"), required=False, choices=Confidentiality.choices)
    due_on = forms.DateField(label=_("Hạn giải quyết"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_code"].choices = _type_choices()

    def metadata(self, **extra) -> Metadata:
        data = self.cleaned_data
        keys = ("type_code", "subject", "summary", "signer_name", "signer_position", "authority_prefix",
                "page_count", "urgency", "confidentiality", "due_on")
        return Metadata(**{k: data.get(k) if k in ("page_count", "due_on") else (data.get(k) or "") for k in keys},
                        **extra)


class IncomingForm(_Metadata):
    """Registering an arriving document (Art. 21-22): the issuer's number and symbol, the original's file, and the
    leader it is presented to (optional: presented later from its page)."""

    field_order = ("issuer_name", "issuer_code", "number", "symbol", "issued_on", "place", "type_code", "subject")
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=300)
    issuer_code = forms.CharField(label=_("Mã cơ quan ban hành"), required=False, max_length=40)
    number = forms.IntegerField(label=_("Số"), min_value=1, max_value=10**9)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=100, help_text=_("Ví dụ: QĐ-UBND"))
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE)
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    file = forms.FileField(label=_("Tệp văn bản (bản gốc điện tử hoặc bản quét)"), required=False)
    leader = forms.TypedChoiceField(label=_("Trình lãnh đạo"), required=False, coerce=int, empty_value=None)

    def __init__(self, leaders, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [("", _("Trình sau"))] + [(str(pk), name) for pk, name in leaders]

    def metadata(self, **extra) -> Metadata:
        data = self.cleaned_data
        return super().metadata(number=data["number"], symbol=data["symbol"], issuer_name=data["issuer_name"],
                                issuer_code=data.get("issuer_code") or "", issued_on=data["issued_on"],
                                place=data.get("place") or "", **extra)


class DraftForm(_Metadata):
    """A new outgoing draft: its metadata, the person with signing authority, the first version's file."""

    field_order = ("type_code", "subject", "summary", "signing_authority")
    signing_authority = forms.TypedChoiceField(label=_("Người có thẩm quyền ký"), coerce=int)
    recipients = forms.CharField(label=_("Nơi nhận"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 max_length=5000)
    file = forms.FileField(label=_("Tệp dự thảo (PDF để ký số)"), required=False)
    note = forms.CharField(label=_("Ghi chú phiên bản"), required=False, max_length=1000)

    def __init__(self, leaders, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signing_authority"].choices = [("", _("Chọn lãnh đạo ký"))] + [(str(pk), n) for pk, n in leaders]

    def metadata(self, **extra) -> Metadata:
        return super().metadata(recipients=self.cleaned_data.get("recipients") or "", **extra)


def _date(value: str):
    try:
        return forms.DateField().clean(value) if value else None
    except forms.ValidationError:
        return None


def filters_from(query, direction: str) -> Filters:
    """The list's filters from the query string (tu, den, co-quan, do-khan, trang-thai, q); a value out of place is
    ignored, never an error page."""
    urgency = query.get("do-khan", "")
    status = query.get("trang-thai", "")
    return Filters(direction=direction, text=query.get("q", "")[:200], first=_date(query.get("tu", "")),
                   last=_date(query.get("den", "")), issuer=query.get("co-quan", "")[:300],
                   urgency=urgency if urgency in {*Urgency.values, NORMAL} - {""} else "",
                   status=status if status in Status.values else "")


def statuses_of(direction: str) -> list[tuple[str, str]]:
    incoming = [Status.REGISTERED, Status.PRESENTED, Status.DIRECTED, Status.IN_PROGRESS, Status.COMPLETED]
    chosen = incoming if direction == Direction.INCOMING else [s for s in Status if s not in incoming]
    return [(s.value, s.label) for s in chosen]


def urgencies() -> list[tuple[str, str]]:
    return [(NORMAL if value == "" else value, label) for value, label in Urgency.choices]
