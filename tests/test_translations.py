"""Translations work: every Vietnamese text the code shows has its English translation in its app's catalogue,
compiled; nothing is translated at import time; a request in English is answered in English from the first
middleware on."""

from pathlib import Path

import polib
import pytest
from api_support import add_member
from django.conf import settings
from django.test import Client

from core.i18n import catalogues, extract
from tenants.models import Unit, UnitStatus


def test_every_vietnamese_message_has_its_english_translation():
    found = catalogues.problems()
    assert found == [], "run `EGOV_PLUGINS=notify,paysandbox egov translations` and translate:\n" + "\n".join(found)


def test_every_app_with_messages_has_a_catalogue_and_locale_paths_exist():
    for app, messages in extract.messages_by_app().items():
        if messages:
            assert catalogues.po_path(app, "en").exists(), app.label
            assert catalogues.po_path(app, "en").with_suffix(".mo").exists(), app.label
    assert all(Path(p).is_dir() for p in settings.LOCALE_PATHS), settings.LOCALE_PATHS


@pytest.fixture
def sample_app(tmp_path, monkeypatch):
    """An app of two messages, one translated; the checker is pointed at it alone."""
    app = extract.App("sample", tmp_path)
    (tmp_path / "views.py").write_text(
        "from django.utils.translation import gettext as _, gettext_lazy\n"
        "TITLE = gettext_lazy('Tiêu đề')\n"
        "EAGER = _('Chào %(name)s')\n"
        "FORCED = gettext_lazy('Lúc %(at)s') % {'at': 9}\n"
        "def view():\n    return _('Đã lưu %(n)d hồ sơ.')\n", encoding="utf-8")
    messages = extract._from_python(tmp_path / "views.py", "views.py")
    monkeypatch.setattr(catalogues, "messages_by_app", lambda: {app: messages})
    return app, messages


def test_the_check_names_what_is_missing_until_it_is_translated(sample_app):
    app, messages = sample_app
    assert [m.msgid for m in messages] == ["Tiêu đề", "Chào %(name)s", "Lúc %(at)s", "Đã lưu %(n)d hồ sơ."]
    assert catalogues.update(app, messages) == ["Tiêu đề", "Chào %(name)s", "Lúc %(at)s", "Đã lưu %(n)d hồ sơ."]
    found = "\n".join(catalogues.problems())
    assert "'Tiêu đề' has no en translation" in found
    assert "'Chào %(name)s' is translated at import time: use gettext_lazy" in found
    assert "'Lúc %(at)s' is translated at import time" in found  # lazy, but formatted right away
    po = polib.pofile(str(catalogues.po_path(app, "en")))
    po.find("Tiêu đề").msgstr = "Title"
    po.find("Chào %(name)s").msgstr = "Hello %(name)s"
    po.find("Lúc %(at)s").msgstr = "At %(at)s"
    po.find("Đã lưu %(n)d hồ sơ.").msgstr = "Saved %(count)d dossiers."  # a placeholder lost in translation
    po.save()
    found = "\n".join(catalogues.problems())
    assert "translation's placeholders differ" in found and "is not compiled from its .po" in found
    assert "has no en translation" not in found
    catalogues.compile_catalogue(catalogues.po_path(app, "en"))
    assert "is not compiled" not in "\n".join(catalogues.problems())


def test_a_message_translated_two_ways_by_two_apps_is_reported(tmp_path):
    """Django merges the catalogues: one of the two translations would show in both apps."""
    catalogues_ = {}
    for label, text in (("first", "file"), ("second", "dossier")):
        po = polib.POFile()
        po.append(polib.POEntry(msgid="hồ sơ", msgstr=text))
        po.append(polib.POEntry(msgid="mã", msgstr="code"))
        catalogues_[label] = po
    assert catalogues._meanings(catalogues_) == [
        "'hồ sơ' is translated differently in ['first'] ('file'), ['second'] ('dossier'): give it one translation, "
        "or a context (pgettext) per meaning"]


@pytest.mark.parametrize("status, code, vietnamese, english", [
    (UnitStatus.SUSPENDED, "UNIT_SUSPENDED", "Đơn vị đang tạm ngừng.", "The unit is suspended."),
    (UnitStatus.PROVISIONING, "UNIT_NOT_READY", "Đơn vị đang được khởi tạo.", "The unit is being provisioned."),
])
def test_a_unit_refusal_speaks_the_requests_language(unit_a, status, code, vietnamese, english):
    Unit.objects.filter(pk=unit_a.pk).update(status=status)
    try:
        answers = {lang: Client().get("/health/", HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code,
                                      HTTP_ACCEPT_LANGUAGE=lang).json()["error"] for lang in ("vi", "en")}
    finally:
        Unit.objects.filter(pk=unit_a.pk).update(status=UnitStatus.READY)
    assert answers == {"vi": {"code": code, "message": vietnamese}, "en": {"code": code, "message": english}}
    unknown = Client().get("/health/", HTTP_HOST="localhost", HTTP_X_EGOV_UNIT="99999", HTTP_ACCEPT_LANGUAGE="en")
    assert unknown.json()["error"]["message"] == "There is no unit with code 99999."


def test_a_module_field_refused_in_english(unit_a):
    client = Client()
    client.force_login(add_member(unit_a, "english-reader"))
    body = client.post("/graphql/", {"query": "{ onestopDossiers(first: 1) { totalCount } }"},
                       content_type="application/json", HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code,
                       HTTP_ACCEPT_LANGUAGE="en").json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["MODULE_NOT_ENABLED"]
    assert body["errors"][0]["message"] == "Module onestop is not enabled in this unit."
