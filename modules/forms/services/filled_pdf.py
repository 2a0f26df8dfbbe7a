"""A submission as the filled paper form: each value printed where the form definition puts the field on paper
(`paper`: page, x, y, width in mm from the sheet's top left corner, A4), its label in small type above the dotted
line, as the printed form has it. Fields without a position follow in order on a page of their own (or make the whole
form, when none has one). The last page ends with the applicant's signature block, so the PDF is ready to be signed
(modules/signatures signs it unchanged). Rendered by the printing module (WeasyPrint, the shipped Vietnamese fonts).
"""

from django.utils.html import escape
from django.utils.translation import gettext as _

from modules.forms.services.export import display

PAGE_CSS = "@page { size: A4 portrait; margin: 0; }"
ITEM_STEP_MM = 8  # the next item of a repeatable section goes one line lower
STYLE = """
.sheet { position: relative; width: 210mm; height: 297mm; page-break-after: always; font-size: 11pt; }
.sheet:last-child { page-break-after: auto; }
.nation { position: absolute; top: 12mm; left: 0; width: 210mm; text-align: center; font-weight: bold; }
.motto { position: absolute; top: 18mm; left: 0; width: 210mm; text-align: center; font-weight: bold; }
.title { position: absolute; top: 30mm; left: 20mm; width: 170mm; text-align: center; font-weight: bold;
         font-size: 13pt; }
.slot { position: absolute; border-bottom: 0.3mm dotted #000; height: 6mm; white-space: nowrap; overflow: hidden; }
.slot .label { position: absolute; top: -3.6mm; left: 0; font-size: 7pt; }
.slot .value { position: absolute; top: 0.5mm; left: 0; }
.flow { position: absolute; top: 45mm; left: 20mm; width: 170mm; }
.flow p { margin: 0 0 3mm 0; border-bottom: 0.3mm dotted #000; }
.flow h2 { font-size: 11pt; margin: 4mm 0 2mm 0; }
.signature { position: absolute; bottom: 30mm; right: 20mm; width: 70mm; text-align: center; }
.signature .hint { font-style: italic; font-size: 9pt; }
"""


def _heading(artefact: dict) -> str:
    return (f'<div class="nation">{_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")}</div>'
            f'<div class="motto">{_("Độc lập - Tự do - Hạnh phúc")}</div>'
            f'<div class="title">{escape(artefact["form"]["title"]["vi"].upper())}</div>')


def _slot(x, y, width, label: str, value: str) -> str:
    return (f'<div class="slot" style="left:{x}mm; top:{y}mm; width:{width}mm">'
            f'<span class="label">{escape(label)}</span><span class="value">{escape(value)}</span></div>')


def placements(artefact: dict, data: dict) -> tuple[dict[int, list], list]:
    """({page: [(x, y, width, label, value)]}, [(section title or None, label, value)] of fields without a place)."""
    pages: dict[int, list] = {}
    flowing: list = []
    for section in artefact["sections"]:
        items = data.get(section["key"]) if section["repeatable"] else [data]
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            title = f'{section["title"]["vi"]} {index + 1}' if section["repeatable"] else None
            for field in section["fields"]:
                value = display(artefact, field, item.get(field["key"]) if isinstance(item, dict) else None,
                                labels=True)
                paper = field.get("paper")
                if paper:
                    pages.setdefault(int(paper["page"]), []).append(
                        (paper["x"], paper["y"] + index * ITEM_STEP_MM, paper["width"], field["label"]["vi"], value))
                else:
                    flowing.append((title, field["label"]["vi"], value))
    return pages, flowing


def html(artefact: dict, data: dict) -> str:
    pages, flowing = placements(artefact, data)
    sheets = []
    for number in range(1, max(pages, default=0) + 1):
        slots = "".join(_slot(*p) for p in pages.get(number, []))
        sheets.append((_heading(artefact) if number == 1 else "") + slots)
    if flowing or not sheets:
        lines, last_title = [], None
        for title, label, value in flowing:
            if title and title != last_title:
                lines.append(f"<h2>{escape(title)}</h2>")
            last_title = title
            lines.append(f"<p>{escape(label)}: {escape(value)}</p>")
        sheets.append((_heading(artefact) if not sheets else "") + f'<div class="flow">{"".join(lines)}</div>')
    sign = (f'<div class="signature"><b>{_("NGƯỜI KHAI")}</b><br>'
            f'<span class="hint">{_("(Ký, ghi rõ họ tên)")}</span></div>')
    sheets[-1] += sign
    body = "".join(f'<section class="sheet">{s}</section>' for s in sheets)
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(artefact["form"]["title"]["vi"])}'
            f'</title><style>{STYLE}</style></head><body>{body}</body></html>')


def render(artefact: dict, data: dict) -> bytes:
    """The PDF of the filled form (A4)."""
    from modules.printing.services import html_to_pdf

    return html_to_pdf(html(artefact, data), PAGE_CSS)
