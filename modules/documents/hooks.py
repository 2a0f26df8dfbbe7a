"""The hooks the documents module sends: audit, search and case files receive them."""

from core.modules.hooks import Hook

document_changed = Hook(
    "documents.document_changed", "Văn bản vừa qua một thao tác (vào sổ, chỉ đạo, cấp số, ban hành, gửi...).",
    document_id="id văn bản trong đơn vị", event_id="id dòng lịch sử (DocumentEvent)",
    action="thao tác (modules/documents/services/transitions.py)",
)
