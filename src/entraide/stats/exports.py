"""Indicators as they leave the authority: CSV, XLSX (openpyxl) and the annual report as PDF
(WeasyPrint), small counts suppressed."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font

from entraide.core.spreadsheet import safe_row

from .indicators import Filters, Table


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(str(c) for c in table.columns))
    writer.writerows(safe_row(row) for row in table.rows)
    return out.getvalue()


def xlsx_bytes(tables: list[Table], filters: Filters, authority: str) -> bytes:
    """One sheet per indicator: its title, definition and period above the table."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=table.key[:31])
        sheet.append(safe_row([str(table.title)]))
        sheet["A1"].font = Font(bold=True)
        sheet.append(safe_row([str(table.definition)]))
        sheet.append(safe_row([f"{authority} · {filters.start.isoformat()} / {filters.end.isoformat()}"]))
        sheet.append([])
        sheet.append(safe_row(str(c) for c in table.columns))
        for cell in sheet[5]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _no_fetch(url: str) -> dict[str, Any]:
    raise ValueError(f"external resource refused: {url}")


def pdf_bytes(tables: list[Table], filters: Filters, authority: str, language: str, threshold: int) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "stats/report.html",
            {
                "tables": tables,
                "filters": filters,
                "authority": authority,
                "threshold": threshold,
                "rtl": translation.get_language_bidi(),
                "language": language,
            },
        )
    return bytes(HTML(string=html, url_fetcher=_no_fetch).write_pdf())
