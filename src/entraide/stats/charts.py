"""Charts drawn on the server as SVG (pygal): no browser-side charting code, nothing from a CDN.

Each chart shows the count columns of its indicator's table; the table beside it carries the same
numbers for screen readers and as CSV."""

from __future__ import annotations

import pygal
from pygal.style import Style

from .indicators import Table

STYLE = Style(
    font_family="DejaVu Sans, sans-serif",
    background="white",
    plot_background="white",
    colors=("#1f4e79", "#c55a11", "#548235", "#7f6000"),
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    title_font_size=13,
)
MAX_BARS = 15


def svg(table: Table) -> str:
    chart = pygal.HorizontalBar(
        js=[],
        disable_xml_declaration=True,
        width=640,
        height=max(160, 60 + 28 * min(len(table.rows), MAX_BARS)),
        style=STYLE,
        print_values=False,
        show_legend=len(table.counts) > 1,
        legend_at_bottom=True,
    )
    chart.title = str(table.title)
    rows = [row for row in table.rows if any(isinstance(row[i], int) for i in table.counts)][:MAX_BARS]
    labels = min(table.counts)  # the columns before the first count name the row
    chart.x_labels = [" · ".join(str(cell) for cell in row[:labels]) for row in rows]
    for i in table.counts:
        chart.add(str(table.columns[i]), [row[i] if isinstance(row[i], int) else None for row in rows])
    return str(chart.render(is_unicode=True))
