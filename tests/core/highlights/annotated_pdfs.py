"""PDFs with annotations made through PyMuPDF's annotation API, as another reader writes them.

Each page carries known sentences, so a test can say which words a mark covers.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

FIRST = "The quick brown fox jumps over the lazy dog."
SECOND = "Attention weights over blocks of the cache reduce waste."
THIRD = "A sentence nobody marks at all, on the last line."


def plain_pdf(path: Path, pages: int = 3) -> Path:
    """Pages with three sentences each, one per line, and a link on every page (as papers have)."""
    document = pymupdf.open()
    for number in range(pages):
        page = document.new_page()
        page.insert_text((72, 72), f"Page {number + 1}", fontsize=16)
        for line, sentence in enumerate((FIRST, SECOND, THIRD)):
            page.insert_text((72, 120 + 20 * line), sentence, fontsize=11)
        page.insert_link(
            {
                "kind": pymupdf.LINK_URI,
                "from": pymupdf.Rect(72, 300, 200, 320),
                "uri": "https://example.org",
            }
        )
    document.save(path)
    document.close()
    return path


def annotated_pdf(path: Path) -> Path:
    """Page 1: a green highlight with a comment and a reply, spanning two lines; page 2: an
    underline and a squiggly mark without comments; page 3: a sticky note, an empty sticky note,
    and a strike-out (not a kind we take in)."""
    plain_pdf(path)
    document = pymupdf.open(path)
    first = document[0]
    quads = first.search_for("quick brown fox", quads=True) + first.search_for(
        "Attention weights", quads=True
    )
    mark = first.add_highlight_annot(quads=quads)
    mark.set_colors(stroke=(0.3, 0.85, 0.35))
    mark.set_info(content="Two lines, one thought", creationDate="D:20240131174501+01'00'")
    mark.update()
    reply = first.add_text_annot((400, 100), "and a reply")
    reply.set_irt_xref(mark.xref)
    reply.update()
    second = document[1]
    underline = second.add_underline_annot(second.search_for("lazy dog", quads=True))
    underline.set_colors(stroke=(0.9, 0.1, 0.1))
    underline.update()
    second.add_squiggly_annot(second.search_for("reduce waste", quads=True)).update()
    third = document[2]
    third.add_text_annot((300, 400), "A note on the page").update()
    third.add_text_annot((320, 420), "").update()
    third.add_strikeout_annot(third.search_for("nobody marks", quads=True)).update()
    document.saveIncr()
    document.close()
    return path
