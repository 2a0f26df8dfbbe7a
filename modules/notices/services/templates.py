"""Notice templates: the documented variables, checking a template, and rendering one for a dossier.

Templates are Django template syntax run by an engine of their own: no autoescaping (the text is plain), no
template loading ({% include %} and {% extends %} find nothing), only the built-in tags and filters, {% debug %}
refused. A unit's template replaces the default of the same event and channel, in that unit only.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.defaulttags import DebugNode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.notices.defaults import DEFAULTS
from modules.notices.events import NoticeChannel

SMS_MAX_LENGTH = 320  # longer rendered SMS are cut (with "…"); a template already longer with the sample is refused
SUBJECT_MAX_LENGTH = 200  # the notify message's subject

VARIABLES = {
    "code": gettext_lazy("mã hồ sơ"),
    "applicant_name": gettext_lazy("họ tên người nộp"),
    "procedure_name": gettext_lazy("tên thủ tục"),
    "appointment": gettext_lazy("ngày hẹn trả kết quả (dd/mm/yyyy HH:MM, giờ Việt Nam)"),
    "previous_appointment": gettext_lazy("ngày hẹn trước khi hẹn lại (khi gia hạn; nếu không thì trống)"),
    "received_at": gettext_lazy("thời điểm tiếp nhận (dd/mm/yyyy HH:MM)"),
    "lookup_url": gettext_lazy("địa chỉ tra cứu hồ sơ (trang tra cứu của nền tảng, hoặc thiết lập lookup_url của "
                               "mô-đun tra cứu của đơn vị)"),
    "reason": gettext_lazy("lý do của thao tác (yêu cầu bổ sung, gia hạn, từ chối, ghi chú liên thông)"),
    "supplement_items": gettext_lazy("danh sách giấy tờ cần bổ sung (dùng {% for %} hoặc |join:'; ')"),
    "unit_name": gettext_lazy("tên đơn vị"),
    "transfer_unit": gettext_lazy("tên đơn vị nhận hồ sơ liên thông"),
    "step_name": gettext_lazy("tên bước xử lý hiện tại của hồ sơ"),
}

# Long, realistic values: a template is checked with them when it is saved.
SAMPLE = {
    "code": "000.00.13.H40-261207-0001",
    "applicant_name": "Nguyễn Thị Minh Khai",
    "procedure_name": "Đăng ký thành lập hộ kinh doanh và cấp giấy chứng nhận đăng ký hộ kinh doanh",
    "appointment": "10/12/2026 09:00",
    "previous_appointment": "08/12/2026 16:30",
    "received_at": "07/12/2026 09:00",
    "lookup_url": "https://dichvucong.xathunghiem.gov.vn/tra-cuu?ma=000.00.13.H40-261207-0001",
    "reason": "Cần xác minh thêm thông tin về địa điểm kinh doanh với cơ quan thuế",
    "supplement_items": ["Bản sao căn cước công dân", "Hợp đồng thuê địa điểm kinh doanh"],
    "unit_name": "UBND xã Thử Nghiệm",
    "transfer_unit": "UBND huyện Thử Nghiệm",
    "step_name": "Thẩm định hồ sơ",
}

_MARK = "\x00"
_ENGINE = Engine(autoescape=False, loaders=[])
_STRICT = Engine(autoescape=False, loaders=[], string_if_invalid=f"{_MARK}%s{_MARK}")
_UNKNOWN = re.compile(f"{_MARK}(.*?){_MARK}")


@dataclass(frozen=True)
class Template:
    event: str
    channel: str
    subject: str
    body: str
    active: bool = True
    edited: bool = False  # the unit's own, not the default


def template_for(event: str, channel: str) -> Template | None:
    """The current unit's template of the event and channel (its own or the default); None when none exists."""
    from modules.notices.models import NoticeTemplate

    default = DEFAULTS.get((event, channel))
    if default is None:
        return None
    own = NoticeTemplate.objects.filter(event=event, channel=channel).first()
    if own is not None:
        return Template(event, channel, own.subject, own.body, own.active, edited=True)
    return Template(event, channel, *default)


def _tidy(channel: str, text: str) -> str:
    if channel == NoticeChannel.SMS:
        text = " ".join(text.split())
        return text if len(text) <= SMS_MAX_LENGTH else text[:SMS_MAX_LENGTH - 1].rstrip() + "…"
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.strip().splitlines()))


def render(template: Template, context: dict) -> tuple[str, str]:
    """(subject, body) of the template for these values: the subject on one line, an SMS on one line and cut to
    SMS_MAX_LENGTH characters."""
    subject = " ".join(_ENGINE.from_string(template.subject).render(Context(context)).split())
    body = _ENGINE.from_string(template.body).render(Context(context))
    return subject[:SUBJECT_MAX_LENGTH], _tidy(template.channel, body)


def _check(source: str, field: str) -> str:
    """The source rendered with the sample values; ValidationError naming what is wrong."""
    try:
        compiled = _STRICT.from_string(source)
    except TemplateSyntaxError as exc:
        raise ValidationError({field: _("Mẫu viết sai cú pháp: %(error)s") % {"error": exc}}) from exc
    if compiled.nodelist.get_nodes_by_type(DebugNode):
        raise ValidationError({field: _("Mẫu không được dùng thẻ debug.")})
    try:
        text = compiled.render(Context(dict(SAMPLE)))
    except Exception as exc:  # noqa: BLE001 - a filter failing on the sample is the template's fault
        raise ValidationError({field: _("Mẫu không hiển thị được: %(error)s") % {"error": exc}}) from exc
    if any(mark in text for mark in ("{{", "}}", "{%", "%}", "{#", "#}")):
        raise ValidationError({field: _("Mẫu có biến hoặc thẻ chưa đóng.")})
    unknown = sorted(set(_UNKNOWN.findall(text)))
    if unknown:
        raise ValidationError({field: _("Mẫu dùng biến không có: %(unknown)s. Các biến dùng được: %(known)s.")
                               % {"unknown": ", ".join(unknown), "known": ", ".join(VARIABLES)}})
    return text


def validate_template(event: str, channel: str, subject: str, body: str) -> None:
    """Refuse (ValidationError, by field) a template that cannot be sent: an event the channel does not carry, bad
    syntax, a variable not in VARIABLES, an empty text, an e-mail without a subject, an SMS too long."""
    if (event, channel) not in DEFAULTS:
        raise ValidationError({"channel": _("Sự kiện này không gửi qua kênh này.")})
    text = _check(body, "body")
    if not text.strip():
        raise ValidationError({"body": _("Nội dung trống.")})
    if channel == NoticeChannel.SMS:
        if subject.strip():
            raise ValidationError({"subject": _("Tin nhắn không có tiêu đề; để trống.")})
        length = len(" ".join(text.split()))
        if length > SMS_MAX_LENGTH:
            raise ValidationError({"body": _("Tin nhắn dài %(n)d ký tự với dữ liệu mẫu; tối đa %(max)d ký tự.")
                                   % {"n": length, "max": SMS_MAX_LENGTH}})
        return
    title = " ".join(_check(subject, "subject").split())
    if not title:
        raise ValidationError({"subject": _("Thư cần có tiêu đề.")})
    if len(title) > SUBJECT_MAX_LENGTH:
        raise ValidationError({"subject": _("Tiêu đề dài %(n)d ký tự với dữ liệu mẫu; tối đa %(max)d ký tự.")
                               % {"n": len(title), "max": SUBJECT_MAX_LENGTH}})
