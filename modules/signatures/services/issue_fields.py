"""The number and date of issue printed into a PDF the signer has already signed (Decree 30/2020 Art. 15-16: the
clerk numbers and dates the document when issuing it, after the signature; Appendix I, Part I, Section II, points 3-4:
"Số: .../..." under the agency's name and "Địa danh, ngày ... tháng ... năm ..." under the national title).

Before the signer signs, the draft gets two read-only text fields over those two lines of its first page; the
signer's signature locks every other field and allows form filling (field lock, MDP level 2), so filling them at
issue leaves that signature valid ("form filled after signing"), and the agency's seal then signs the filled
document. A field's appearance covers the draft's line with a white ground and prints the line again, filled."""

import io
from dataclasses import dataclass
from datetime import date

import pypdf
from PIL import Image, ImageDraw
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from modules.signatures.services import appearance

NUMBER_FIELD, DATE_FIELD = "SoKyHieu", "NgayBanHanh"
FIELDS = (NUMBER_FIELD, DATE_FIELD)
READ_ONLY, PRINT = 1, 4  # field flag Ff bit 1; annotation flag F "print"
BELOW, ABOVE = 0.35, 0.88  # the field's reach below and above the line's baseline, in font sizes: the line above
# keeps its descenders uncovered


@dataclass(frozen=True)
class Line:
    """A line of the first page's text: its text, left x, baseline y and font size, in points."""

    text: str
    x: float
    baseline: float
    size: float


def _lines(pdf: bytes) -> list[Line]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []

    def visit(text, cm, tm, _font, font_size):
        if text.strip():
            scale = abs((tm[0] or 1) * (cm[0] or 1))
            found.append(Line(text.replace("\xa0", " ").strip(), tm[4] * (cm[0] or 1) + cm[4],
                              tm[5] * (cm[3] or 1) + cm[5], font_size * scale))

    reader.pages[0].extract_text(visitor_text=visit)
    return found


def _number_line(lines: list[Line]) -> Line | None:
    return next((line for line in lines if line.text.startswith(("Số:", "Số :"))), None)


def _date_line(lines: list[Line]) -> Line | None:
    return next((line for line in lines if "ngày" in line.text and "tháng" in line.text and "năm" in line.text), None)


def _box(line: Line) -> tuple[float, float, float, float]:
    """The field over the line: its width in the field's font, with room for the filled text on both sides."""
    width = appearance._font(line.size).getlength(line.text) / appearance.SCALE
    return (line.x - 24, line.baseline - line.size * BELOW, line.x + width + 24, line.baseline + line.size * ABOVE)


def _form(writer: IncrementalPdfFileWriter) -> generic.ArrayObject:
    root = writer.root
    if "/AcroForm" not in root:
        root[pdf_name("/AcroForm")] = writer.add_object(generic.DictionaryObject({
            pdf_name("/Fields"): generic.ArrayObject()}))
        writer.update_root()
    form = root["/AcroForm"]
    if "/Fields" not in form:
        form[pdf_name("/Fields")] = generic.ArrayObject()
        writer.update_container(form)
    return form["/Fields"]


def _appearance(writer, box, text: str = "", size: float = 12.0) -> generic.IndirectObject:
    width, height = box[2] - box[0], box[3] - box[1]
    if not text:  # before issue: nothing drawn, the draft's line shows through
        return writer.add_object(RawContent(b"", box=layout.BoxConstraints(width, height)).as_form_xobject())
    pixels = (round(width * appearance.SCALE), round(height * appearance.SCALE))
    image = Image.new("RGBA", pixels, (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    font = appearance._font(size)
    length = draw.textlength(text, font=font)
    draw.text(((pixels[0] - length) / 2, pixels[1] * 0.5), text, font=font, fill=(0, 0, 0, 255), anchor="lm")
    content = PdfImage(image, writer=writer, box=layout.BoxConstraints(width, height))
    return writer.add_object(content.as_form_xobject())


def add_fields(pdf: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The draft with an empty read-only text field over its "Số:" line and its date line (those found on the first
    page), as an incremental update; and the names of the fields added (none: the PDF as it was)."""
    lines = _lines(pdf)
    wanted = [(name, line) for name, line in ((NUMBER_FIELD, _number_line(lines)), (DATE_FIELD, _date_line(lines)))
              if line is not None]
    if not wanted:
        return pdf, ()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields = _form(writer)
    page_ref = writer.find_page_for_modification(0)[0]
    for name, line in wanted:
        box = _box(line)
        widget = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/FT"): pdf_name("/Tx"), pdf_name("/T"): generic.TextStringObject(name),
            pdf_name("/TU"): generic.TextStringObject(line.text),  # the draft's line: what filling starts from
            pdf_name("/Ff"): generic.NumberObject(READ_ONLY), pdf_name("/F"): generic.NumberObject(PRINT),
            pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in box),
            pdf_name("/DA"): generic.pdf_string(f"/Helv {line.size:.1f} Tf 0 g"),
            pdf_name("/P"): page_ref, pdf_name("/V"): generic.TextStringObject(""),
        })
        widget[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): _appearance(writer, box)})
        ref = writer.add_object(widget)
        fields.append(ref)
        writer.register_annotation(page_ref, ref)
    writer.update_container(fields)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), tuple(name for name, _line in wanted)


def date_words(day: date) -> str:
    """"ngày 05 tháng 02 năm 2026": days below 10 and months 1-2 with a leading zero (Decree 30, Appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _filled(name: str, template: str, number: str, issued_on: date) -> str:
    if name == NUMBER_FIELD:
        return f"Số: {number}"
    place = template.split("ngày", 1)[0].rstrip()
    return f"{place} {date_words(issued_on)}".strip()


def fill(pdf: bytes, *, number: str, issued_on: date) -> bytes:
    """The issue fields filled with the number and symbol and the date of issue, as an incremental update (form
    filling, which the signer's field lock allows); a PDF without them is returned as it was."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    try:
        refs = list(writer.root["/AcroForm"]["/Fields"])
    except KeyError:
        return pdf
    targets = [ref for ref in refs if str(ref.get_object().get("/T", "")) in FIELDS]
    if not targets:
        return pdf
    for ref in targets:
        widget = ref.get_object()
        name, template = str(widget["/T"]), str(widget.get("/TU", ""))
        text = _filled(name, template, number, issued_on)
        box = [float(v) for v in widget["/Rect"]]
        size = (box[3] - box[1]) / (BELOW + ABOVE)
        widget[pdf_name("/V")] = generic.TextStringObject(text)
        widget[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): _appearance(writer, box, text, size)})
        writer.mark_update(ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
