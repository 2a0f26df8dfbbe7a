from modules.doctypes.models.document_type import DocumentType, TypeKind

__all__ = ["DocumentType", "TypeKind"]
