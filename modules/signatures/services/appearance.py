"""Where the visible signatures go and what they show, as Decree 30/2020/NĐ-CP Appendix I prescribes for an
electronic document (Phụ lục I, Phần I, Mục II, khoản 8.b and 9.b):

- the signer's signature image sits over the signature block, centred between the signer's title (chức vụ) and
  full name; it shows the signer's signature (here: their name and the time, set in a Vietnamese font, in blue);
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
from PIL import Image, ImageDraw
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

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
    # The seal covers the signature's left third and stands on the same middle line.
    middle = bottom + height / 2
    seal_right = signer.x1 + width / 3
    seal = Box(page, seal_right - SEAL_DIAMETER, middle - SEAL_DIAMETER / 2, seal_right, middle + SEAL_DIAMETER / 2)
    return Placement(signer, seal)


@cache
def _seal_image() -> Image.Image:
    """A red ring on a transparent ground: the seal's outline; the agency's name is written inside."""
    size = 408
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (217, 13, 13, 255)
    draw.ellipse((4, 4, size - 4, size - 4), outline=red, width=14)
    draw.ellipse((40, 40, size - 40, size - 40), outline=red, width=5)
    return image


def _font():
    return GlyphAccumulatorFactory(str(FONT), font_size=7)


def signer_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text="%(signer)s\n%(at)s",
        text_box_style=TextBoxStyle(font=_font(), font_size=7, leading=9, text_color=BLUE), border_width=0)


def seal_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text="%(signer)s\n%(at)s",
        text_box_style=TextBoxStyle(font=_font(), font_size=6, leading=8, text_color=RED), border_width=0,
        background=PdfImage(_seal_image(), box=layout.BoxConstraints(SEAL_DIAMETER, SEAL_DIAMETER)),
        background_opacity=0.9, background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0)))
