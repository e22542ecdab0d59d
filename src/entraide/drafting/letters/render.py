"""A composed letter as DOCX (python-docx) and as PDF (WeasyPrint), alone or two languages side by side."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .content import Block, Letter

FONT = "DejaVu Sans"  # Latin and Arabic glyphs in one family (fonts-dejavu-core)


def _rtl(paragraph: Any) -> None:
    """Right to left: the paragraph is bidirectional and each run is marked RTL."""
    properties = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    bidi.set(qn("w:val"), "1")
    properties.append(bidi)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        rtl = OxmlElement("w:rtl")
        rtl.set(qn("w:val"), "1")
        rpr.append(rtl)


def _write(container: Any, block: Block, rtl: bool) -> None:
    """One block into a document body or a table cell."""
    lines: list[tuple[str, str | None]] = []
    if block.kind in ("letterhead", "meta", "signature"):
        lines = [(line, None) for line in block.items]
    elif block.kind == "items":
        lines = [(item, "List Bullet") for item in block.items]
    else:
        lines = [(block.text, None)]
    for text, style in lines:
        paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()
        run = paragraph.add_run(text)
        run.font.name = FONT
        if block.kind in ("heading", "subject", "letterhead"):
            run.bold = True
        if block.kind == "subject":
            run.font.size = Pt(12)
        if rtl:
            _rtl(paragraph)


def docx_bytes(letters: list[Letter]) -> bytes:
    """One letter, or two side by side in a two-column table (block by block)."""
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    first = letters[0]
    if len(letters) == 1:
        for block in first.blocks:
            _write(document, block, first.rtl)
    else:
        table = document.add_table(rows=0, cols=len(letters))
        for row_blocks in zip(*(letter.blocks for letter in letters), strict=True):
            cells = table.add_row().cells
            for cell, letter, block in zip(cells, letters, row_blocks, strict=True):
                cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
                _write(cell, block, letter.rtl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html(letters: list[Letter]) -> str:
    rows = [
        list(zip(letters, blocks, strict=True)) for blocks in zip(*(letter.blocks for letter in letters), strict=True)
    ]
    return render_to_string("drafting/letters/letter.html", {"letters": letters, "rows": rows})


def _no_fetch(url: str) -> dict[str, Any]:
    raise ValueError(f"external resource refused: {url}")  # a letter is self-contained


def pdf_bytes(letters: list[Letter]) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html(letters), url_fetcher=_no_fetch).write_pdf())
