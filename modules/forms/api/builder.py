"""The form builder through the API: what the workspace's builder (modules/forms/web/builder_views.py) does, by the
same services and the same guard (services.builder.may_build: a unit's administrator on the unit endpoint, the ICT
department's platform grant forms.change_formdefinition on the platform one). Forms are shared by every unit (public
schema) once published; a draft is its drafting unit's (or the platform's) alone: another unit's draft is NOT_FOUND
(services.builder.form_for), as on the builder's pages.

A refused draft answers every problem the service found (one error each, `field` the place in the draft's content:
sections.0.fields.1.overrides) and changes nothing."""

import graphene
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar
from graphene.utils.str_converters import to_camel_case

from core.api.errors import PERMISSION_DENIED, ApiError
from core.api.mutations.base import BaseMutation, Error, MutationError
from core.api.permissions import check_permissions
from core.api.types.upload import Upload
from modules.forms import services
from modules.forms.services import builder


def _check(info, platform_only=False) -> None:
    check_permissions(info, (), login_required=True)
    unit = getattr(info.context, "unit", None)
    on_unit = unit is not None and getattr(unit, "schema_name", "public") != "public"
    if (platform_only and on_unit) or not builder.may_build(info.context.user, unit):
        raise ApiError(PERMISSION_DENIED, _("Chỉ quản trị đơn vị (ở đơn vị) hoặc Sở/Trung tâm CNTT có quyền "
                                            "forms.change_formdefinition (ở nền tảng) mới soạn được biểu mẫu."))


def _unit(info):
    return getattr(info.context, "unit", None)


def _errors(exc: services.FormsError) -> list[Error]:
    problems = exc.problems or [(exc.field, exc.message)]
    return [Error(field=to_camel_case(where) if where else None, code=str(exc.code), message=str(message)) for where, message in problems]


def _refusal(exc: services.FormsError) -> MutationError:
    refusal = MutationError(str(exc.code), exc.message, exc.field or None)
    refusal.errors = _errors(exc)
    return refusal


class FormsBuilderForm(graphene.ObjectType):
    class Meta:
        description = "Một biểu mẫu trong màn hình dựng biểu mẫu (bản nháp, đã ban hành hoặc ngừng), với nội dung để " \
                      "sửa. / A form as the builder sees it (draft, published or retired), with its content."

    id = graphene.ID(required=True)
    procedure_code = graphene.String(required=True)
    version_label = graphene.String(required=True)
    title_vi = graphene.String(required=True)
    title_en = graphene.String(required=True)
    status = graphene.String(required=True, description="draft | published | retired")
    created_at = graphene.DateTime(required=True)
    published_at = graphene.DateTime()
    spec = GenericScalar(required=True, description="Nội dung như formsSaveForm nhận (phần, trường, quy tắc). / The "
                                                    "content as formsSaveForm takes it.")
    problems = graphene.List(graphene.NonNull(Error), required=True,
                             description="Điều còn ngăn ban hành bản nháp lúc này (rỗng: ban hành được). / What "
                                         "would stop publishing the draft now (empty: it can be published).")

    @staticmethod
    def resolve_spec(root, info):
        return services.form_spec(root.pk)

    @staticmethod
    def resolve_problems(root, info):
        if root.status != "draft":
            return []
        try:
            builder.preview(root.pk)
        except services.FormsError as exc:
            return _errors(exc)
        return []


class Query(graphene.ObjectType):
    forms_builder_forms = graphene.List(
        graphene.NonNull(FormsBuilderForm), required=True,
        description="Danh sách của màn hình dựng biểu mẫu: bản nháp trước. / The builder's list, drafts first.")
    forms_builder_form = graphene.Field(FormsBuilderForm, id=graphene.ID(required=True),
                                        description="Một biểu mẫu kể cả bản nháp. / One form, drafts included.")

    @staticmethod
    def resolve_forms_builder_forms(root, info):
        _check(info)
        return builder.forms_list(_unit(info))

    @staticmethod
    def resolve_forms_builder_form(root, info, id):
        _check(info)
        try:
            return builder.form_for(id, _unit(info))
        except services.FormsError as exc:
            raise ApiError("NOT_FOUND", exc.message, field="id") from exc


class _BuilderMutation(BaseMutation):
    class Meta:
        abstract = True

    form = graphene.Field(FormsBuilderForm)

    @classmethod
    def clean_input(cls, info, **data):
        _check(info)
        return data

    @classmethod
    def perform(cls, info, **data):
        try:
            if "form_id" in data:  # another unit's draft is not found (the platform reaches every one)
                data["form_id"] = builder.form_for(data["form_id"], _unit(info)).pk
            return cls(form=cls.act(drafted_in=builder.drafted_in(_unit(info)), **data))
        except services.FormsError as exc:
            raise _refusal(exc) from exc


class FormsCreateForm(_BuilderMutation):
    """Tạo bản nháp biểu mẫu cho một phiên bản thủ tục. / Create a draft form for a procedure's version."""

    class Arguments:
        procedure_code = graphene.String(required=True)
        version_label = graphene.String(required=True)
        title_vi = graphene.String(required=True)
        title_en = graphene.String()

    @staticmethod
    def act(procedure_code, version_label, title_vi, title_en="", drafted_in=""):
        return services.create_form(procedure_code, version_label, title_vi, title_en or "", drafted_in)


class FormsImportForm(_BuilderMutation):
    """Bản nháp bắt đầu từ bảng tính của mẫu giấy (.xlsx đến 2 MB, một phần của yêu cầu multipart), như nút "Nhập
    bảng tính" của màn hình; lỗi theo từng dòng. / A draft started from a paper form's spreadsheet (a multipart file
    part), as the builder's import; problems by row."""

    class Arguments:
        procedure_code = graphene.String(required=True)
        version_label = graphene.String(required=True)
        title_vi = graphene.String(required=True)
        sheet = Upload(description="Bảng tính .xlsx. / The .xlsx sheet.")

    @classmethod
    def perform(cls, info, sheet=None, **data):
        try:
            return cls(form=builder.import_sheet(sheet, unit=_unit(info), **data))
        except services.FormsError as exc:
            raise _refusal(exc) from exc


class FormsEditForm(_BuilderMutation):
    """Một thao tác của màn hình dựng trên bản nháp (thêm phần, thêm trường, sửa trường, quy tắc...), cùng tham số
    trang gửi. / One builder action on a draft, with the parameters the builder's page posts."""

    class Arguments:
        form_id = graphene.ID(required=True)
        action = graphene.String(required=True, description=" | ".join(builder.ACTIONS))
        params = GenericScalar(description='Ví dụ / e.g. {"section": "nguoi_khai", "field": "full_name"}')

    @staticmethod
    def act(form_id, action, params=None, drafted_in=""):
        if params is not None and not isinstance(params, dict):
            raise services.FormsError(services.FormsCode.INVALID_FORM, _("Tham số phải là một đối tượng JSON."),
                                      "params")
        return builder.edit(form_id, action, params or {})


class FormsSaveForm(_BuilderMutation):
    """Thay cả nội dung bản nháp (dạng `spec` của formsBuilderForm), tất cả hoặc không gì. / Replace the draft's whole
    content (the shape of formsBuilderForm.spec), all or nothing."""

    class Arguments:
        form_id = graphene.ID(required=True)
        spec = GenericScalar(required=True)

    @staticmethod
    def act(form_id, spec, drafted_in=""):
        return services.save_form(form_id, spec)


class FormsPublishForm(_BuilderMutation):
    """Ban hành bản nháp: biên dịch, gắn phiên bản từ điển đang hiệu lực, không sửa được nữa. / Publish a draft:
    compiled, the dictionary versions in force pinned, frozen."""

    class Arguments:
        form_id = graphene.ID(required=True)

    @staticmethod
    def act(form_id, drafted_in=""):
        return services.publish_form(form_id)


class FormsRetireForm(_BuilderMutation):
    """Ngừng sử dụng một biểu mẫu đã ban hành (hồ sơ đã nộp vẫn giữ phiên bản của mình); chỉ trên điểm cuối nền tảng,
    như thao tác của trang quản trị /admin/forms/. / Retire a published form (submissions keep their version); on the
    platform endpoint only, as the platform admin's action."""

    class Arguments:
        form_id = graphene.ID(required=True)

    @classmethod
    def clean_input(cls, info, **data):
        _check(info, platform_only=True)
        return data

    @staticmethod
    def act(form_id, drafted_in=""):
        return services.retire_form(form_id)


class FormsNewFormVersion(_BuilderMutation):
    """Bản nháp phiên bản mới từ nội dung một biểu mẫu. / A draft of the next version with a form's content."""

    class Arguments:
        form_id = graphene.ID(required=True)
        version_label = graphene.String(required=True)

    @staticmethod
    def act(form_id, version_label, drafted_in=""):
        return services.new_version(form_id, version_label, drafted_in)


class Mutation(graphene.ObjectType):
    forms_create_form = FormsCreateForm.Field()
    forms_edit_form = FormsEditForm.Field()
    forms_import_form = FormsImportForm.Field()
    forms_save_form = FormsSaveForm.Field()
    forms_publish_form = FormsPublishForm.Field()
    forms_new_form_version = FormsNewFormVersion.Field()
    forms_retire_form = FormsRetireForm.Field()


__all__ = ["Mutation", "Query"]
