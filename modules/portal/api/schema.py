"""The portal's online forms on the unit endpoint: a dossier's form data packaged for the staff (JSON, XML and the
version's XML Schema), and, for outside frontends, the explicit draft and the form submissions of the citizen signed
in to the portal (its session: never a member's token, core.accounts.middleware refuses
non-members' tokens on a unit), saving a draft, and submitting a form. Thin: the portal's services decide.

A form's files are attached on the portal's page (multipart); through the API a form with a required file is refused
on that field. A plain online submission takes its files through the API too (api/submission.py)."""

import json

import graphene
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar

from core.api.errors import NOT_FOUND, ApiError
from core.api.mutations.base import BaseMutation, Error
from core.api.permissions import requires
from core.client_address import client_address
from modules.forms.services import package_json, package_xml, xml_schema
from modules.onestop.services import reads
from modules.portal.api.catalogue import CatalogueQuery
from modules.portal.api.submission import PortalSubmitDossierOnline, PortalSubmittedFileType
from modules.portal.services import citizens, drafts, online_forms, uploads
from modules.portal.services.errors import PortalError


class PortalFormDraftType(graphene.ObjectType):
    class Meta:
        name = "PortalFormDraft"
        description = "Bản nháp biểu mẫu của người dân (có thể chưa hợp lệ). / A citizen's draft (may be half-valid)."

    procedure_code = graphene.String(required=True)
    form_id = graphene.Int(required=True, description="Phiên bản biểu mẫu đã ban hành. / The published form version.")
    data = GenericScalar(required=True, description="Dữ liệu theo mã trường từ điển. / Data by dictionary key.")
    saved_at = graphene.DateTime(required=True)


class PortalFormSubmissionType(graphene.ObjectType):
    class Meta:
        name = "PortalFormSubmission"
        description = "Biểu mẫu đã nộp vào một hồ sơ. / A form submitted into a dossier."

    dossier_code = graphene.String(required=True)
    procedure_code = graphene.String(required=True)
    form_id = graphene.Int(required=True)
    submitted_at = graphene.DateTime(required=True)


class PortalFormPackageType(graphene.ObjectType):
    class Meta:
        name = "PortalFormPackage"
        description = ("Dữ liệu biểu mẫu của một hồ sơ, đóng gói theo lược đồ của phiên bản đã ban hành. / A dossier's "
                       "form data packaged by the schema of its published version.")

    package = GenericScalar(required=True, description="JSON: form, submission, data (theo mã từ điển / by key).")
    xml = graphene.String(required=True, description="XML, không gian tên của phiên bản. / In the version's namespace.")
    xml_schema = graphene.String(required=True, description="Lược đồ XML (XSD) của phiên bản. / The version's XSD.")


class PortalDossierFileType(PortalSubmittedFileType):
    """The receipt's file with what the staff need to fetch it."""

    class Meta:
        name = "PortalDossierFile"
        description = ("Một tệp người dân đính kèm khi nộp trực tuyến, giữ nguyên như đã gửi, cho cán bộ tải về. / A "
                       "file a citizen attached online, kept as sent, for the staff to download.")

    id = graphene.ID(required=True)
    submitted_at = graphene.DateTime(required=True)
    download_url = graphene.String(
        required=True, description="Địa chỉ tải tệp (GET, cùng thẻ truy cập hoặc phiên đăng nhập). / Where to GET "
                                   "the bytes, with the same bearer token or session.")

    @staticmethod
    def resolve_submitted_at(row, info):
        return row.created_at

    @staticmethod
    def resolve_download_url(row, info):
        path = reverse("portal:download", urlconf=settings.ROOT_URLCONF,
                       kwargs={"code": row.dossier_code, "file_id": row.pk})
        return info.context.build_absolute_uri(path)


class Query(CatalogueQuery, graphene.ObjectType):
    portal_dossier_files = graphene.List(
        graphene.NonNull(PortalDossierFileType), required=True, code=graphene.String(required=True),
        description="Các tệp người dân đính kèm khi nộp hồ sơ trực tuyến (trang Tệp nộp trực tuyến); quyền "
                    "onestop.view_dossier. / The files a citizen attached to an online dossier (the workspace's "
                    "online files page); needs onestop.view_dossier.")
    portal_dossier_form_data = graphene.Field(
        PortalFormPackageType, code=graphene.String(required=True),
        description="Dữ liệu biểu mẫu điện tử của hồ sơ (null nếu hồ sơ không nộp bằng biểu mẫu); quyền "
                    "onestop.view_dossier. / The dossier's online form data (null when it was not submitted on a "
                    "form); needs onestop.view_dossier.")
    portal_form_draft = graphene.Field(
        PortalFormDraftType, procedure_code=graphene.String(required=True),
        description="Bản nháp của người dân đang đăng nhập cổng (null nếu không có). / The draft of the citizen "
                    "signed in to the portal (null when none).")
    portal_my_form_submissions = graphene.List(
        graphene.NonNull(PortalFormSubmissionType), required=True,
        description="Các biểu mẫu người dân đang đăng nhập cổng đã nộp tại đơn vị, mới nhất trước. / The forms the "
                    "citizen signed in to the portal submitted here, newest first.")

    @staticmethod
    @requires("onestop.view_dossier")
    def resolve_portal_dossier_form_data(root, info, code):
        if not reads.dossier_exists(code):
            raise ApiError(NOT_FOUND, _("Không có hồ sơ %(code)s.") % {"code": code})
        found = online_forms.submitted(code, info.context.unit)
        if found is None:
            return None
        return PortalFormPackageType(package=json.loads(package_json(found.artefact, found.data, found.meta)),
                                     xml=package_xml(found.artefact, found.data, found.meta).decode(),
                                     xml_schema=xml_schema(found.artefact).decode())

    @staticmethod
    @requires("onestop.view_dossier")
    def resolve_portal_dossier_files(root, info, code):
        if not reads.dossier_exists(code):
            raise ApiError(NOT_FOUND, _("Không có hồ sơ %(code)s.") % {"code": code})
        return uploads.files_of(code)

    @staticmethod
    def resolve_portal_form_draft(root, info, procedure_code):
        return drafts.draft_of(citizens.citizen(info.context), procedure_code)

    @staticmethod
    def resolve_portal_my_form_submissions(root, info):
        return online_forms.own_submissions(citizens.citizen(info.context))


class PortalSaveFormDraft(BaseMutation):
    """Lưu bản nháp (người dân đã đăng nhập cổng; có thể chưa hợp lệ). / Save a draft (a citizen signed in to the
    portal; may be half-valid)."""

    permissions = ()
    login_required = False

    class Arguments:
        procedure_code = graphene.String(required=True)
        data = GenericScalar(required=True)

    draft = graphene.Field(PortalFormDraftType)

    @classmethod
    def perform(cls, info, procedure_code, data):
        owner = citizens.citizen(info.context)
        artefact = online_forms.form_for(procedure_code) if owner is not None else None
        if owner is not None and artefact is None:
            raise PortalError("NOT_FOUND", _("Thủ tục chưa có biểu mẫu điện tử."), "procedure_code", status=404)
        return cls(draft=drafts.save_draft(owner, procedure_code, artefact["form"]["id"] if artefact else 0, data))


class PortalSubmitForm(BaseMutation):
    """Nộp biểu mẫu điện tử vào một hồ sơ trực tuyến (không cần tài khoản; cùng giới hạn như cổng). / Submit an online
    form into an online dossier (no account needed; the portal's limits)."""

    permissions = ()
    login_required = False

    class Arguments:
        procedure_code = graphene.String(required=True)
        data = GenericScalar(required=True)

    dossier_code = graphene.String()

    @classmethod
    def perform(cls, info, procedure_code, data):
        request = info.context
        try:
            receipt = online_forms.submit_form(request.unit, procedure_code, data, {}, client_address(request),
                                               owner=citizens.citizen(request), lang=(get_language() or "vi")[:2])
        except PortalError as exc:
            if exc.code != "INVALID_FORM":
                raise
            return cls(errors=[Error(field=path, code="INVALID_FORM", message=message)
                               for path, message in exc.details["problems"]])
        return cls(dossier_code=receipt.code)


class Mutation(graphene.ObjectType):
    portal_save_form_draft = PortalSaveFormDraft.Field()
    portal_submit_form = PortalSubmitForm.Field()
    portal_submit_dossier_online = PortalSubmitDossierOnline.Field()
