"""Files through the API: the GraphQL multipart request spec (github.com/jaydenseric/graphql-multipart-request-spec,
v2.1). A `multipart/form-data` POST carries an `operations` part (the JSON a plain request would carry, files
replaced by null), a `map` part (`{"0": ["variables.file"], "1": ["variables.files.0"]}`; `"0.variables.file"` in a
batch) and one part per file, named as in `map`. Each file is put at its paths, where the variables' `Upload` scalar
(core.api.types.upload) receives it; everything after that is a plain request, with the same limits.

Written here rather than taken from graphene-file-upload: its last release (2021) predates graphene 3, its view
would replace ours (the limits, the batch and the CSRF rule live there), and it answers a bad map with a server
error. Every malformed request is refused here before anything runs, with a GraphQL error naming the fault:
BAD_MULTIPART (a part or the map wrong, a path not at a null variable), TOO_MANY_FILES, FILE_TOO_LARGE and
REQUEST_TOO_LARGE (413), RATE_LIMITED (429, anonymous callers, counted per client address before the body is read).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from core.api import errors
from core.client_address import client_address
from core.rate_limits import RateLimit
from core.text_input import UnsafeInput, load_json

CONTENT_TYPE = "multipart/form-data"
ANONYMOUS_UPLOADS = RateLimit("graphql-upload", settings.GRAPHQL_ANONYMOUS_UPLOADS_PER_CLIENT, 600)


class MultipartRefused(Exception):
    def __init__(self, code: str, message: str, status: int = 400, **extensions):
        super().__init__(str(message))
        self.code, self.message, self.status, self.extensions = code, str(message), status, extensions


def _bad(message: str) -> MultipartRefused:
    return MultipartRefused(errors.BAD_MULTIPART, message)


def refuse_early(request, anonymous: bool) -> None:
    """What is checked before the body is read: its declared length, and an anonymous client's count of multipart
    requests (every one counts, refused ones too: each may carry megabytes). Then the body is read (parts)."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    largest = settings.GRAPHQL_UPLOAD_MAX_REQUEST_BYTES
    if length > largest:
        raise MultipartRefused(errors.REQUEST_TOO_LARGE, _("Yêu cầu lớn quá %(max)d byte.") % {"max": largest}, 413,
                               max=largest)
    if anonymous:
        client = client_address(request)
        if ANONYMOUS_UPLOADS.exceeded(client):
            raise MultipartRefused(errors.RATE_LIMITED, _("Đã gửi quá nhiều yêu cầu kèm tệp trong thời gian ngắn; vui "
                                                          "lòng thử lại sau ít phút."), 429)
        ANONYMOUS_UPLOADS.record(client)
    parts(request)  # read here, so a malformed body is answered as such even where the CSRF check reads the form


def parts(request):
    """The body read by Django's parser (files over FILE_UPLOAD_MAX_MEMORY_SIZE spooled to temporary files), once:
    (fields, files); MultipartRefused when it cannot be read."""
    try:
        return request.POST, request.FILES
    except (TooManyFilesSent, TooManyFieldsSent) as exc:
        raise MultipartRefused(errors.TOO_MANY_FILES, _("Yêu cầu có quá nhiều phần.")) from exc
    except RequestDataTooBig as exc:
        raise MultipartRefused(errors.REQUEST_TOO_LARGE, _("Các phần không phải tệp của yêu cầu quá lớn."), 413) from exc
    except MultiPartParserError as exc:
        raise _bad(_("Thân yêu cầu multipart không đọc được: %(e)s") % {"e": exc}) from exc


def read(request, anonymous: bool, body_bytes: int):
    """The request's operations (a dict, or a list for a batch) with each file at its paths; MultipartRefused."""
    post, files = parts(request)
    operations = _json_part(post, "operations", body_bytes)
    if not isinstance(operations, dict | list) or (
            isinstance(operations, list) and not all(isinstance(o, dict) for o in operations)):
        raise _bad(_("Phần operations phải là một đối tượng JSON hoặc một danh sách đối tượng."))
    mapping = _json_part(post, "map", body_bytes)
    if not isinstance(mapping, dict) or not all(
            isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths) for paths in mapping.values()):
        raise _bad(_('Phần map phải là một đối tượng JSON: tên phần tệp -> danh sách đường dẫn, ví dụ '
                     '{"0": ["variables.file"]}.'))
    most = settings.GRAPHQL_ANONYMOUS_UPLOAD_MAX_FILES if anonymous else settings.GRAPHQL_UPLOAD_MAX_FILES
    if max(len(mapping), sum(len(files.getlist(k)) for k in files)) > most:
        raise MultipartRefused(errors.TOO_MANY_FILES, _("Một yêu cầu tối đa %(max)d tệp.") % {"max": most}, max=most)
    for name in files:
        if name not in mapping:
            raise _bad(_("Phần tệp %(name)s không có trong map.") % {"name": name})
    largest = settings.GRAPHQL_UPLOAD_MAX_FILE_BYTES
    for name, paths in mapping.items():
        found = files.getlist(name)
        if len(found) != 1:
            raise _bad(_("map nêu phần tệp %(name)s nhưng yêu cầu không có đúng một phần tệp tên đó.") % {"name": name})
        if found[0].size > largest:
            raise MultipartRefused(errors.FILE_TOO_LARGE, _("Tệp %(name)s lớn quá %(max)d byte.") % {
                "name": name, "max": largest}, 413, max=largest)
        for path in paths:
            _place(operations, path, found[0])
    return operations


def _json_part(post, name: str, body_bytes: int):
    raw = post.get(name)
    if raw is None:
        raise _bad(_("Thiếu phần %(name)s của yêu cầu multipart.") % {"name": name})
    if len(raw.encode()) > body_bytes:
        raise MultipartRefused(errors.REQUEST_TOO_LARGE, _("Phần %(name)s lớn quá %(max)d byte.") % {
            "name": name, "max": body_bytes}, 413, max=body_bytes)
    try:
        return load_json(raw)
    except UnsafeInput as exc:
        raise MultipartRefused(errors.BAD_USER_INPUT, str(exc)) from exc
    except ValueError as exc:
        raise _bad(_("Phần %(name)s không phải JSON hợp lệ.") % {"name": name}) from exc


def _place(operations, path: str, upload) -> None:
    """Put the file where `path` points: at a null inside an operation's variables, nowhere else."""
    segments = path.split(".")
    target = operations
    if isinstance(operations, list):
        index = segments.pop(0)
        if not index.isdigit() or int(index) >= len(operations):
            raise _bad(_("Đường dẫn %(path)s không trỏ tới một thao tác của lô.") % {"path": path})
        target = operations[int(index)]
    if len(segments) < 2 or segments[0] != "variables" or not isinstance(target.get("variables"), dict):
        raise _bad(_("Đường dẫn %(path)s không trỏ tới một biến (variables.…).") % {"path": path})
    container = target["variables"]
    for i, segment in enumerate(segments[1:], start=1):
        if isinstance(container, dict) and segment in container:
            key = segment
        elif isinstance(container, list) and segment.isdigit() and int(segment) < len(container):
            key = int(segment)
        else:
            raise _bad(_("Đường dẫn %(path)s không trỏ tới một biến (variables.…).") % {"path": path})
        if i == len(segments) - 1:
            if container[key] is not None:
                raise _bad(_("Đường dẫn %(path)s phải trỏ tới một giá trị null.") % {"path": path})
            container[key] = upload
            return
        container = container[key]
