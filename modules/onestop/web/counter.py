"""The counter: pick the procedure, tick the components handed in (each scanned, or the reason it is not), type
who submits, receive. The dossier is
received by the same service as the API's onestopReceiveDossier (applications.receive_application)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ServiceError
from modules.onestop.models import Channel
from modules.onestop.services.applications import receive_application
from modules.onestop.services.data_sources import DATABASES, look_up
from modules.onestop.services.digitisation import PAPER_EXEMPTIONS, Part, Scan
from modules.onestop.services.digitisation import max_scan_bytes as digitisation_limit
from modules.onestop.services.workspace import counter_choices
from modules.onestop.web.access import staff_page

FIELDS = ("applicant_name", "applicant_phone", "applicant_id_number", "applicant_email")


class ReceiveForm(forms.Form):
    applicant_name = forms.CharField(label=gettext_lazy("Họ và tên người nộp"), max_length=200)
    applicant_phone = forms.CharField(label=gettext_lazy("Số điện thoại"), max_length=20, required=False)
    applicant_id_number = forms.CharField(label=gettext_lazy("Số định danh cá nhân"), max_length=20, required=False)
    applicant_email = forms.CharField(label=gettext_lazy("Thư điện tử"), max_length=254, required=False)
    channel = forms.ChoiceField(label=gettext_lazy("Hình thức nộp"), initial=Channel.COUNTER,
                                choices=[(Channel.COUNTER, Channel.COUNTER.label), (Channel.POST, Channel.POST.label)])

    def __init__(self, components, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["components"] = forms.MultipleChoiceField(
            label=gettext_lazy("Thành phần hồ sơ đã nhận"), required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(c.name, c.name) for c in components])


def _parts(request, components, ticked, id_number: str) -> list[Part]:
    """Each ticked component with its scan (file field scan-<n>), the reason it is not scanned (exemption-<n>), or
    the shared database it is looked up in instead (database-<n>, by the applicant's id number)."""
    parts = []
    for n, component in enumerate(components):
        if component.name not in ticked:
            continue
        upload = request.FILES.get(f"scan-{n}")
        scan = Scan(upload.name, upload.read(digitisation_limit() + 1)) if upload else None
        exemption = request.POST.get(f"exemption-{n}", "")
        database = request.POST.get(f"database-{n}", "")
        found = look_up(database, id_number).as_part() if database in DATABASES else {}
        parts.append(Part(component.name, scan, exemption if exemption in PAPER_EXEMPTIONS else "", found))
    return parts


@staff_page("onestop.add_dossier")
def receive_page(request):
    procedure = request.POST.get("procedure") or request.GET.get("thu-tuc") or ""
    choices, chosen = counter_choices(request.unit, procedure)
    form = None
    if chosen is not None:
        form = ReceiveForm(chosen.components, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            values = {key: form.cleaned_data[key] for key in FIELDS}
            values["procedure_code"] = chosen.code
            values["data"] = {"components": form.cleaned_data["components"]}
            try:
                values["parts"] = _parts(request, chosen.components, form.cleaned_data["components"],
                                         form.cleaned_data["applicant_id_number"])
                dossier = receive_application(values, channel=form.cleaned_data["channel"], actor=request.user)
            except ServiceError as refused:
                form.add_error(refused.field if refused.field in form.fields else None, refused.message)
            else:
                messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
                return HttpResponseRedirect(reverse("onestop:dossier", args=[dossier.code]))
    status = 400 if request.method == "POST" else 200
    return render(request, "onestop/web/counter.html",
                  {"choices": choices, "chosen": chosen, "form": form, "procedure": procedure,
                   "exemptions": [(e, e.label) for e in PAPER_EXEMPTIONS],
                   "databases": [(d.code, d.name) for d in DATABASES.values()]}, status=status)
