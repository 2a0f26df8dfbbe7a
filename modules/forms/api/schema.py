"""The forms module's GraphQL fields, on the platform endpoint and on units that enabled it: the dictionary (fields,
versions, code lists), published forms as their compiled artefact, and the server's verdict on a form's data.

The dictionary and published forms are public reference data (outside frontends render forms from them); drafts only
to those who build forms (api/builder.py, the builder's queries and mutations). Resolvers only call the services."""

import graphene
from django.utils.translation import get_language
from graphene.types.generic import GenericScalar

from core.api.errors import INVALID_ARGUMENT, NOT_FOUND, ApiError
from modules.forms import services
from modules.forms.api.builder import Query as BuilderQuery
from modules.forms.services import codelists, dictionary


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


class FormsFieldVersion(graphene.ObjectType):
    class Meta:
        description = "Một phiên bản của trường dữ liệu. / One version of a dictionary field."

    number = graphene.Int(required=True)
    status = graphene.String(required=True, description="draft (chờ ban hành / pending) | published")
    type = graphene.String(required=True)
    label_vi = graphene.String(required=True)
    label_en = graphene.String(required=True)
    help_vi = graphene.String(required=True)
    help_en = graphene.String(required=True)
    validation = GenericScalar(required=True, description="Ràng buộc. / Validation rules.")
    code_list = graphene.String(description="Mã danh mục của trường chọn. / The code list of a choice field.")
    personal_data = graphene.Boolean(required=True)
    prefill = graphene.String(required=True, description="Ý nghĩa điền sẵn, ví dụ applicant.full_name.")
    published_at = graphene.DateTime()

    @staticmethod
    def resolve_code_list(root, info):
        return root.code_list.key if root.code_list_id else None


class FormsDataField(graphene.ObjectType):
    class Meta:
        description = "Trường của từ điển dữ liệu dùng chung: mã không bao giờ đổi nghĩa. / A field of the shared " \
                      "data dictionary: its key never changes meaning."

    key = graphene.String(required=True)
    current = graphene.Field(FormsFieldVersion, required=True, description="Phiên bản đang dùng. / In force.")
    versions = graphene.List(graphene.NonNull(FormsFieldVersion), required=True)

    @staticmethod
    def resolve_key(root, info):
        return root.field.key

    @staticmethod
    def resolve_current(root, info):
        return root

    @staticmethod
    def resolve_versions(root, info):
        return dictionary.versions(root.field.key)


class FormsCodeListVersion(graphene.ObjectType):
    key = graphene.String(required=True)
    number = graphene.Int(required=True)
    valid_from = graphene.Date(required=True)
    size = graphene.Int(required=True)
    items = GenericScalar(required=True, description="[{code, vi, en, parent}]")

    @staticmethod
    def resolve_key(root, info):
        return root.code_list.key

    @staticmethod
    def resolve_size(root, info):
        return len(root.items)


class FormsForm(graphene.ObjectType):
    class Meta:
        description = "Biểu mẫu đã ban hành của một phiên bản thủ tục, kèm bản biên dịch (JSON Schema 2020-12, " \
                      "JSON-logic, thông báo) mà trình duyệt và máy chủ cùng chạy. / A published form with its " \
                      "compiled artefact, which the browser and the server both run."

    id = graphene.ID(required=True)
    procedure_code = graphene.String(required=True)
    version_label = graphene.String(required=True)
    title_vi = graphene.String(required=True)
    title_en = graphene.String(required=True)
    status = graphene.String(required=True, description="published | retired")
    published_at = graphene.DateTime()
    artefact_hash = graphene.String(required=True)
    artefact = GenericScalar(required=True)


class FormsFieldError(graphene.ObjectType):
    path = graphene.String(required=True, description="full_name, members.0.birth_date, ...")
    code = graphene.String(required=True, description="REQUIRED, INVALID_CCCD, ..., RULE:<key>")
    message = graphene.String(required=True)


class FormsVerdict(graphene.ObjectType):
    valid = graphene.Boolean(required=True)
    errors = graphene.List(graphene.NonNull(FormsFieldError), required=True)
    data = GenericScalar(required=True, description="Dữ liệu được giữ: giá trị tính, bỏ trường ẩn và trống. / "
                                                   "What would be kept.")


def _refused(exc):
    code = NOT_FOUND if exc.code == "NOT_FOUND" else INVALID_ARGUMENT
    return ApiError(code, exc.message, field=exc.field or None)


class Query(BuilderQuery, graphene.ObjectType):
    forms_fields = graphene.List(graphene.NonNull(FormsDataField), required=True,
                                 description="Từ điển dữ liệu: phiên bản đang dùng của mọi trường. / The dictionary.")
    forms_field = graphene.Field(FormsDataField, key=graphene.String(required=True))
    forms_code_lists = graphene.List(graphene.NonNull(FormsCodeListVersion), required=True,
                                     description="Phiên bản mới nhất của mỗi danh mục; hỏi `items` ở formsCodeList "
                                                 "(danh mục đơn vị hành chính có hơn 10.000 mục). / The latest "
                                                 "version of each list; ask for items with formsCodeList.")
    forms_code_list = graphene.Field(FormsCodeListVersion, key=graphene.String(required=True),
                                     version=graphene.Int(description="Mặc định: đang hiệu lực. / Default: in force."))
    forms_published_forms = graphene.List(graphene.NonNull(FormsForm), required=True,
                                          procedure_code=graphene.String())
    forms_form = graphene.Field(FormsForm, id=graphene.ID(required=True),
                                description="Biểu mẫu đã ban hành (hoặc đã ngừng). / A published (or retired) form.")
    forms_validate_form = graphene.Field(
        FormsVerdict, required=True, form_id=graphene.ID(required=True), data=GenericScalar(required=True),
        description="Kiểm tra dữ liệu theo bản biên dịch của biểu mẫu (máy chủ là căn cứ), lỗi theo từng trường. "
                    "/ The server's verdict on a form's data, per field.")

    @staticmethod
    def resolve_forms_fields(root, info):
        return services.fields_in_force()

    @staticmethod
    def resolve_forms_field(root, info, key):
        try:
            return services.current(key)
        except services.FormsError:
            return None

    @staticmethod
    def resolve_forms_code_lists(root, info):
        return codelists.latest_versions()

    @staticmethod
    def resolve_forms_code_list(root, info, key, version=None):
        if version is None:
            try:
                return services.code_list_in_force(key)
            except services.FormsError:
                return None
        return next((v for v in services.versions_of(key) if v.number == version), None)

    @staticmethod
    def resolve_forms_published_forms(root, info, procedure_code=None):
        return services.published_forms(procedure_code)

    @staticmethod
    def resolve_forms_form(root, info, id):
        try:
            services.published_artefact(id)
            return services.get_form(id)
        except services.FormsError as exc:
            raise _refused(exc) from exc

    @staticmethod
    def resolve_forms_validate_form(root, info, form_id, data):
        try:
            artefact = services.published_artefact(form_id)
        except services.FormsError as exc:
            raise _refused(exc) from exc
        verdict = services.validate(artefact, data, lang=_lang())
        return FormsVerdict(valid=verdict.valid, errors=verdict.errors, data=verdict.data)


__all__ = ["Query"]
