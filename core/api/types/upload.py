"""The `Upload` scalar of the GraphQL multipart request spec: a variable whose value is a file part of the request
(core/api/multipart.py puts it there). Its value in a resolver is Django's UploadedFile (`name`, `size`,
`content_type` as the client declared it, `read()`), already within GRAPHQL_UPLOAD_MAX_FILE_BYTES. Never a literal
in the document and never an output."""

import graphene
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from graphql import GraphQLError


class Upload(graphene.Scalar):
    """Một tệp gửi kèm yêu cầu multipart (đặc tả GraphQL multipart request). / A file part of a multipart request
    (the GraphQL multipart request spec)."""

    @staticmethod
    def serialize(value):
        raise GraphQLError(_("Upload chỉ dùng cho dữ liệu gửi lên."))

    @staticmethod
    def parse_literal(node, _variables=None):
        raise GraphQLError(_("Tệp chỉ gửi được bằng biến trỏ tới một phần của yêu cầu multipart."))

    @staticmethod
    def parse_value(value):
        if isinstance(value, UploadedFile):
            value.seek(0)  # one file part may be placed in several operations of a batch, each reading it
            return value
        raise GraphQLError(_("Tệp chỉ gửi được bằng biến trỏ tới một phần của yêu cầu multipart."))


def one_way(encoded: str | None, upload: UploadedFile | None, field: str, required: bool = False) -> None:
    """A file sent base64-encoded or as a file part, never both (nor neither, when required): MutationError."""
    from core.api.mutations.base import MutationError

    if encoded and upload is not None:
        raise MutationError("INVALID_DATA", _("Gửi tệp bằng base64 hoặc bằng một phần của yêu cầu multipart, không cả "
                                              "hai."), field=field)
    if required and not encoded and upload is None:
        raise MutationError("INVALID_DATA", _("Thiếu nội dung tệp: base64 hoặc một phần của yêu cầu multipart."),
                            field=field)


def content_of(upload: UploadedFile) -> bytes:
    """The file's bytes, from its start (a file placed at two paths is read twice)."""
    upload.seek(0)
    return upload.read()
