"""Bar charts as accessible SVG, drawn on the server with pygal.

The SVG goes inline into the page: no JavaScript (pygal's scripts and its inline
configuration are removed, so nothing is fetched from a CDN or blocked by the
Content-Security-Policy), a <title> and <desc> named by `aria-labelledby` on an
element of role "img". The page always shows the same numbers as a table too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.etree import etree
from pygal.style import Style

from .numbers import vietnamese_number

#: The portal's red first, then colours that keep 3:1 contrast on white.
CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f1f1f",
    foreground_strong="#1f1f1f",
    foreground_subtle="#595959",
    font_family="system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    opacity="1",
    opacity_hover=".85",
    colors=("#a50e1f", "#1f5f99", "#2e7d32", "#6a3d9a", "#b35900"),
)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal | float | None]


def bar_chart(
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    decimals: int = 1,
    formatter: Callable[[float], str] | None = None,
) -> SafeString:
    """An SVG bar chart, one group of bars per x label and one bar per series."""
    format_value = formatter or (lambda value: vietnamese_number(value, decimals))
    chart = pygal.Bar(
        style=CHART_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=800,
        height=400,
        legend_at_bottom=True,
        show_legend=len(series) > 1,
        value_formatter=format_value,
        tooltip_fancy_mode=False,
        no_data_text="",
        truncate_legend=-1,
    )
    chart.x_labels = [str(label) for label in x_labels]
    for one in series:
        chart.add(
            str(one.label),
            [None if value is None else float(value) for value in one.values],
        )
    return mark_safe(_accessible(chart.render_tree(), title, description))  # noqa: S308


def _accessible(svg, title: str, description: str) -> str:
    """The SVG without scripts, comments or the ids pygal's scripts use, named by
    its own <title> and <desc>."""
    for parent in list(svg.iter()):
        for child in list(parent):
            # Comments (a callable tag) and scripts go.
            if callable(child.tag) or str(child.tag).endswith("script"):
                parent.remove(child)
    for element in svg.iter():
        if not callable(element.tag) and str(element.get("id", "")).startswith(
            "activate-serie"
        ):
            del element.attrib["id"]
    # pygal's own id (unique per chart) scopes its stylesheet.
    chart_id = svg.get("id")
    svg.set("role", "img")
    svg.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    title_element = etree.Element("title", id=f"{chart_id}-title")
    title_element.text = str(title)
    desc_element = etree.Element("desc", id=f"{chart_id}-desc")
    desc_element.text = str(description)
    svg.insert(0, desc_element)
    svg.insert(0, title_element)
    return etree.tostring(svg, encoding="unicode")
