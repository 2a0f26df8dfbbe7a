"""HTML to PDF with WeasyPrint, using the fonts shipped in fonts/ (Noto Serif, every Vietnamese letter).

WeasyPrint lays text out with Pango, a system library; it is imported on first use so the rest of the platform runs
without it. Where it cannot be loaded, printing answers PrintingUnavailable (docs/modules/printing.md says how the
project installs it). Font set-up and the shared style sheet are prepared once per thread: Pango objects are not
shared between threads.
"""

import threading
from pathlib import Path

from django.utils.translation import gettext as _

from modules.printing.errors import PrintingError

HERE = Path(__file__).resolve().parent
FONTS = HERE / "fonts"
STYLESHEET = HERE / "templates" / "printing" / "forms.css"
FONT_FAMILY = "Noto Serif Egov"  # the @font-face name: never mixed up with a Noto Serif installed on the machine
_STYLES = (("normal", "normal", "NotoSerif-Regular.ttf"), ("bold", "normal", "NotoSerif-Bold.ttf"),
           ("normal", "italic", "NotoSerif-Italic.ttf"), ("bold", "italic", "NotoSerif-BoldItalic.ttf"))

_local = threading.local()


class PrintingUnavailable(PrintingError):
    def __init__(self, detail: str):
        super().__init__("PRINTING_UNAVAILABLE",
                         _("Máy chủ chưa cài thư viện dàn trang Pango nên chưa in được biểu mẫu (%(detail)s).")
                         % {"detail": detail})


def _weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # the Pango, HarfBuzz or Fontconfig shared library is missing
        raise PrintingUnavailable(str(exc).splitlines()[0]) from exc
    return weasyprint


def font_faces() -> str:
    return "\n".join(
        f"@font-face {{ font-family: '{FONT_FAMILY}'; font-weight: {weight}; font-style: {style};"
        f" src: url('{(FONTS / name).as_uri()}'); }}"
        for weight, style, name in _STYLES)


def _local_fetcher(weasyprint):
    """A URL fetcher that reads the embedded images (data:) and the shipped fonts, never the network or other files."""

    class LocalOnly(weasyprint.URLFetcher):
        allowed = ("data:", FONTS.as_uri() + "/")

        def fetch(self, url, headers=None):
            if not url.startswith(self.allowed):
                raise ValueError(f"printing fetches no external resource ({url[:80]})")
            return super().fetch(url, headers)

    return LocalOnly()


def _prepared():
    """(weasyprint, font configuration, URL fetcher, shared style sheet) of this thread."""
    prepared = getattr(_local, "prepared", None)
    if prepared is None:
        weasyprint = _weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        fetcher = _local_fetcher(weasyprint)
        css = weasyprint.CSS(string=font_faces() + "\n" + STYLESHEET.read_text(encoding="utf-8"),
                             font_config=font_config, url_fetcher=fetcher, base_url=str(HERE))
        prepared = _local.prepared = (weasyprint, font_config, fetcher, css)
    return prepared


def available() -> bool:
    try:
        _weasyprint()
    except PrintingUnavailable:
        return False
    return True


def html_to_pdf(html: str, page_css: str = "", fit_sizes: tuple[float, ...] = ()) -> bytes:
    """The PDF of `html`, with the shared style sheet and `page_css` (the @page rule of the form's paper).

    `fit_sizes`: body font sizes (pt), largest first, tried in turn until the document fits on one page; a form of
    the annex is one sheet, so a long dossier prints smaller rather than pushing the signatures onto a second page.
    When even the smallest does not fit, the document runs on with that size.
    """
    weasyprint, font_config, fetcher, css = _prepared()
    sheets = [css]
    if page_css:
        sheets.append(weasyprint.CSS(string=page_css, font_config=font_config, url_fetcher=fetcher))
    document = weasyprint.HTML(string=html, base_url=str(HERE), url_fetcher=fetcher)
    rendered = None
    for size in fit_sizes or (None,):
        extra = [] if size is None else [weasyprint.CSS(string=f"body {{ font-size: {size}pt !important; }}",
                                                         font_config=font_config, url_fetcher=fetcher)]
        rendered = document.render(stylesheets=sheets + extra, font_config=font_config)
        if len(rendered.pages) == 1:
            break
    return rendered.write_pdf()
