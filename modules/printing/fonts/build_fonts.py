"""How the fonts of this folder were made from Noto Serif (SIL Open Font License 1.1, no reserved font name).

    pip download fontpkg-noto-serif==2.15 --no-deps && unzip fontpkg_noto_serif-2.15-py3-none-any.whl
    python modules/printing/fonts/build_fonts.py fontpkg_noto_serif/files

Upstream ships variable fonts (width and weight axes). Forms need four static styles and only the Latin script
with every Vietnamese letter, so each style is instantiated at normal width and subset to the characters below:
small files, fast embedding. Requires fonttools (installed with the PDF renderer).
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

HERE = Path(__file__).resolve().parent
UNICODES = [
    *range(0x20, 0x7F),      # Basic Latin
    *range(0xA0, 0x180),     # Latin-1 Supplement, Latin Extended-A (Đ đ Ă ă Ĩ ĩ Ũ ũ)
    *range(0x1A0, 0x1B1),    # Ơ ơ Ư ư
    *range(0x300, 0x324),    # combining accents, for text typed in decomposed form
    *range(0x1E00, 0x1F00),  # Latin Extended Additional (ạ ả ấ ... ỹ)
    *range(0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
    0x2030, 0x2116, 0x20AB, 0x2212, 0x25A1, 0x2610, 0x2611, 0x2713,  # ‰ № ₫ − □ ☐ ☑ ✓ (those the font has)
]
# Only what places accents: Vietnamese letters are all precomposed; letters typed as base + combining accent still
# get their marks placed. No kerning or ligatures (administrative documents are set without them), which also keeps
# the layout tables small and embedding in each PDF fast.
LAYOUT_FEATURES = ["ccmp", "locl", "mark", "mkmk"]
STYLES = {  # file name: (source file, weight)
    "NotoSerif-Regular.ttf": ("NotoSerif[wdth,wght].ttf", 400),
    "NotoSerif-Bold.ttf": ("NotoSerif[wdth,wght].ttf", 700),
    "NotoSerif-Italic.ttf": ("NotoSerif-Italic[wdth,wght].ttf", 400),
    "NotoSerif-BoldItalic.ttf": ("NotoSerif-Italic[wdth,wght].ttf", 700),
}


def build(source_dir: Path) -> None:
    for name, (source, weight) in STYLES.items():
        font = instancer.instantiateVariableFont(
            TTFont(source_dir / source), {"wght": weight, "wdth": 100}, updateFontNames=True)
        options = subset.Options()
        options.layout_features = LAYOUT_FEATURES
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        font.save(HERE / name)
        print(name, (HERE / name).stat().st_size, "bytes")


if __name__ == "__main__":
    build(Path(sys.argv[1]))
