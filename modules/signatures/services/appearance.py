"""Where the visible signatures go and what they show, as Decree 30/2020/NĐ-CP Appendix I prescribes for an
electronic document (Phụ lục I, Phần I, Mục II, khoản 8.b and 9.b):

- the signer's signature image (PNG, transparent ground, blue) sits over the signature block, centred between the
  signer's title (chức vụ) and full name; without a scanned hand signature it shows the name and the time of signing;
- the agency's signature is the image of its seal, red, at the seal's real size, overlapping about one third of the
  signer's signature image on the left; it carries the agency's name and the time of signing (ISO 8601, Vietnam's
  time zone).

The signature block is found on the last page by the signer's full name (the name printed under the signature);
a caller who knows the block's place passes a `Placement` instead."""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdf
from PIL import Image, ImageDraw, ImageFont
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.stamp import StaticStampStyle

FONT = Path(__file__).resolve().parent.parent / "fonts" / "NotoSerif-Regular.ttf"
SIGNATURE_SIZE = (150.0, 56.0)  # points: the space a hand signature takes between title and name
SEAL_DIAMETER = 102.0  # points: 36 mm, a People's Committee's seal (Decree 99/2016 sizes: 32-42 mm)
BLUE, RED = (0.05, 0.2, 0.7), (0.85, 0.05, 0.05)


@dataclass(frozen=True)
class Box:
    page: int  # 0-based
    x1: float
    y1: float
    x2: float
    y2: float

    def as_tuple(self) -> tuple[int, int, int, int]:
        return int(self.x1), int(self.y1), int(self.x2), int(self.y2)


@dataclass(frozen=True)
class Placement:
    signer: Box
    seal: Box


def _seal_beside(signer: Box) -> Box:
    """The seal covers the signature's left third and stands on the same middle line."""
    middle = (signer.y1 + signer.y2) / 2
    right = signer.x1 + (signer.x2 - signer.x1) / 3
    return Box(signer.page, right - SEAL_DIAMETER, middle - SEAL_DIAMETER / 2, right, middle + SEAL_DIAMETER / 2)


def _name_position(reader: pypdf.PdfReader, page: int, name: str) -> tuple[float, float, float] | None:
    """(left x, baseline y, font size) of the signer's full name on the page, or None."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if name and name in text:
            scale = (tm[0] or 1) * (cm[0] or 1)
            found.append((tm[4] * (cm[0] or 1) + cm[4], tm[5] * (cm[3] or 1) + cm[5], font_size * scale))

    reader.pages[page].extract_text(visitor_text=visit)
    return found[-1] if found else None


def placement(pdf: bytes, signer_name: str) -> Placement:
    """The boxes of both signatures: over the signer's name when found on the last page, else the signature
    block's usual place (right half of the page, low)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page = len(reader.pages) - 1
    media = reader.pages[page].mediabox
    width, height = SIGNATURE_SIZE
    found = _name_position(reader, page, signer_name)
    if found:
        x, y, size = found
        centre = x + len(signer_name) * size * 0.25
        bottom = y + size * 1.2
    else:
        centre, bottom = float(media.left) + float(media.width) * 0.72, float(media.bottom) + float(media.height) * 0.2
    signer = Box(page, centre - width / 2, bottom, centre + width / 2, bottom + height)
    return Placement(signer, _seal_beside(signer))


def seal_placement(pdf: bytes, signer_field: str) -> Box | None:
    """Where the seal goes on a PDF already signed by the signer: beside that signature's box (None: not found)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or ():
            widget = annotation.get_object()
            if widget.get("/T") == signer_field and "/Rect" in widget:
                x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
                return _seal_beside(Box(index, x1, y1, x2, y2))
    return None


SCALE = 4  # image pixels per point: sharp when printed


@cache
def _font(size_pt: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), round(size_pt * SCALE))


def _rgba(colour: tuple[float, float, float]) -> tuple[int, int, int, int]:
    return (*(round(c * 255) for c in colour), 255)


def _lines(draw: ImageDraw.ImageDraw, lines: list[str], box: tuple[int, int], size_pt: float, colour) -> None:
    """The lines centred in an image of `box` pixels."""
    font = _font(size_pt)
    heights = [draw.textbbox((0, 0), line, font=font)[3] for line in lines]
    y = (box[1] - sum(heights) - (len(lines) - 1) * SCALE * 2) / 2
    for line, height in zip(lines, heights, strict=True):
        width = draw.textlength(line, font=font)
        draw.text(((box[0] - width) / 2, y), line, font=font, fill=_rgba(colour))
        y += height + SCALE * 2


def signer_image(name: str, at: str) -> Image.Image:
    """The signer's signature image: their name and the time of signing, blue, transparent ground (PNG)."""
    size = (round(SIGNATURE_SIZE[0] * SCALE), round(SIGNATURE_SIZE[1] * SCALE))
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    _lines(ImageDraw.Draw(image), [name, at], size, 8, BLUE)
    return image


def seal_image(agency: str, at: str) -> Image.Image:
    """The seal's image: a red double ring at the seal's real size, the agency's name and the time of signing inside."""
    side = round(SEAL_DIAMETER * SCALE)
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = _rgba(RED)
    draw.ellipse((4, 4, side - 4, side - 4), outline=red, width=14)
    draw.ellipse((40, 40, side - 40, side - 40), outline=red, width=5)
    words, lines = agency.split(), []
    for word in words:  # wrap the name to the inner circle's width
        if lines and draw.textlength(f"{lines[-1]} {word}", font=_font(7)) < side * 0.62:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    day, _t, time = at.partition("T")  # ISO 8601 on two lines, to stay inside the inner ring
    _lines(draw, [*lines, day, f"T{time}" if time else ""], (side, side), 7, RED)
    return image


def _static(image: Image.Image, box: Box) -> StaticStampStyle:
    width, height = box.x2 - box.x1, box.y2 - box.y1
    return StaticStampStyle(background=PdfImage(image, box=layout.BoxConstraints(width, height)), border_width=0,
                            background_layout=layout.SimpleBoxLayoutRule(
                                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                margins=layout.Margins.uniform(0)))


def signer_style(name: str, at: str, box: Box) -> StaticStampStyle:
    return _static(signer_image(name, at), box)


def seal_style(agency: str, at: str, box: Box) -> StaticStampStyle:
    return _static(seal_image(agency, at), box)
