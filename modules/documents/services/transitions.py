"""The rule book: which action moves a document from which statuses to which, and who may take it.

A person may take an action when one of their roles in the unit is named, or when the document's routing names them
for one of the listed reasons (they are its drafter, its signing authority, an assignee...). Services check here
before changing anything: an action out of place or by the wrong person is refused, and nothing changes.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from modules.documents.models import Status

S = Status
SYSTEM = "system"  # another unit's delivery


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status stays
    roles: frozenset[str]
    routed: frozenset[str] = frozenset()  # Access reasons that allow it
    needs_reason: bool = False


def _t(sources, target, roles=(), routed=(), needs_reason=False):
    return Transition(frozenset(sources), target, frozenset(roles), frozenset(routed), needs_reason)


BEFORE_ISSUE = [S.DRAFTING, S.CONTENT_REVIEW, S.FORMAT_REVIEW, S.AWAITING_APPROVAL, S.APPROVED, S.SIGNED]

TRANSITIONS: dict[str, Transition] = {
    # incoming (Art. 20-24)
    "present": _t([S.REGISTERED], S.PRESENTED, ["clerk"]),
    "direct": _t([S.PRESENTED, S.DIRECTED], S.DIRECTED, ["leader"]),
    "report": _t([S.DIRECTED, S.IN_PROGRESS], S.IN_PROGRESS, routed=["lead", "support"]),
    "complete": _t([S.DIRECTED, S.IN_PROGRESS], S.COMPLETED, ["leader"], routed=["lead"]),
    # outgoing (Art. 10-16)
    "add_version": _t([S.DRAFTING], None, routed=["drafter"]),
    "comment": _t(BEFORE_ISSUE, None, ["leader", "clerk"], routed=["drafter", "signer"]),
    "submit": _t([S.DRAFTING], S.CONTENT_REVIEW, routed=["drafter"]),
    "review_content": _t([S.CONTENT_REVIEW], S.FORMAT_REVIEW, ["leader"]),
    "review_format": _t([S.FORMAT_REVIEW], S.AWAITING_APPROVAL, ["clerk"]),
    "return_draft": _t([S.CONTENT_REVIEW, S.FORMAT_REVIEW, S.AWAITING_APPROVAL], S.DRAFTING, ["leader", "clerk"],
                       needs_reason=True),
    "approve": _t([S.AWAITING_APPROVAL], S.APPROVED, routed=["signer"]),
    "sign": _t([S.APPROVED], S.SIGNED, routed=["signer"]),
    "issue": _t([S.SIGNED], S.ISSUED, ["clerk"]),
    # routing: hand a document on to another member (for a secret one, the only way anyone else may see it)
    "share": _t([*BEFORE_ISSUE, S.REGISTERED, S.PRESENTED, S.DIRECTED, S.IN_PROGRESS], None, ["leader", "clerk"],
                routed=["creator", "drafter", "signer", "clerk", "leader", "lead", "reviewer", "shared"]),
}

LABELS = {
    "register": _("vào sổ"), "present": _("trình lãnh đạo"), "direct": _("cho ý kiến chỉ đạo"),
    "report": _("báo cáo kết quả xử lý"), "complete": _("hoàn thành xử lý"), "create": _("tạo dự thảo"),
    "add_version": _("thêm phiên bản dự thảo"), "comment": _("góp ý dự thảo"), "submit": _("trình kiểm tra"),
    "review_content": _("kiểm tra nội dung"), "review_format": _("kiểm tra thể thức"),
    "return_draft": _("trả lại dự thảo"), "approve": _("duyệt"), "sign": _("ký"), "issue": _("cấp số và ban hành"),
    "update": _("sửa thông tin"), "receive": _("nhận từ đơn vị khác"), "distribute": _("gửi"),
    "check_signatures": _("kiểm tra chữ ký số"), "remind": _("nhắc hạn giải quyết"),
    "share": _("chuyển cho người khác xử lý"), "take_back": _("đề nghị lấy lại văn bản"),
}
