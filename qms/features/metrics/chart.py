"""KPI trend chart, drawn as static SVG through qms.svg so every text and attribute is escaped."""

from __future__ import annotations

import math

from markupsafe import Markup

from ...svg import Drawing, LinearScale, element

from .kpis import KpiSummary, Measurement, format_number

CHART_WIDTH, CHART_HEIGHT = 720, 300
LINE_COLOUR = "#283593"  # indigo, 10:1 on white
TARGET_COLOUR = "#4d4d4d"
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#1f1f1f"
BAND_COLOUR = "#fff1c2"


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about four intervals."""
    raw = span / 4 if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def _tick_text(value: float, step: float) -> str:
    places = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f"{value:.{places}f}"


def chart_description(summary: KpiSummary) -> str:
    values = summary.values
    doc = summary.doc
    if not values:
        return f"No values of {doc.title} yet."
    low = min(values, key=lambda row: row.value)
    high = max(values, key=lambda row: row.value)
    text = (f"{summary.frequency_noun.capitalize()}ly values of {doc.title} from {summary.rows[0].period} "
            f"to {summary.rows[-1].period}. Target: {summary.target_text}. "
            f"Latest value: {summary.show(summary.latest.value)} in {summary.latest.period}, "
            f"{summary.status_label.lower()}. Lowest: {summary.show(low.value)} in {low.period}. "
            f"Highest: {summary.show(high.value)} in {high.period}.")
    missing = [row.period for row in summary.rows if row.value is None]
    if missing:
        text += f" No value for {', '.join(missing)}."
    return text


def kpi_chart(summary: KpiSummary) -> Markup:
    """A line chart of the values with the target line and the at-risk band."""
    values = summary.values
    if not values:
        return Markup("")
    doc = summary.doc
    target = doc.target
    tolerance = doc.tolerance or 0
    band_edge = target - tolerance if doc.direction == "higher" else target + tolerance
    numbers = [row.value for row in values] + [target, band_edge]
    low, high = min(numbers), max(numbers)
    step = _nice_step(high - low if high > low else abs(high) or 1)
    bottom_value = math.floor(low / step) * step
    top_value = math.ceil(high / step) * step
    if top_value - bottom_value < step:
        top_value += step
    left, right, top, bottom = 64, 24, 44, 52
    plot_width = CHART_WIDTH - left - right
    plot_bottom = CHART_HEIGHT - bottom
    y = LinearScale(bottom_value, top_value, plot_bottom - 8, top + 8)  # points never sit on the frame
    count = len(summary.rows)

    def x(index: int) -> float:
        return left + plot_width * (index + 0.5) / count

    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT, f"{doc.id} {doc.title}: trend against target",
                      chart_description(summary), ident=f"chart-{doc.id.lower()}", css_class="qms-chart")
    unit_label = "Per cent" if summary.unit == "%" else summary.unit.capitalize()
    drawing.text(8, 18, unit_label, fill=TEXT_COLOUR, font_size=12)
    # legend, top right: what the dashed line and the band mean
    legend_x = left + plot_width
    if tolerance:
        drawing.text(legend_x, 18, "At risk", fill=TEXT_COLOUR, font_size=12, text_anchor="end")
        drawing.rect(legend_x - 74, 8, 18, 12, fill=BAND_COLOUR, stroke=TARGET_COLOUR, stroke_width=0.5)
        legend_x -= 90
    drawing.text(legend_x, 18, f"Target {summary.show(target)}", fill=TEXT_COLOUR, font_size=12,
                 text_anchor="end")
    drawing.line(legend_x - 8 - 7.2 * len(f"Target {summary.show(target)}") - 26, 14,
                 legend_x - 8 - 7.2 * len(f"Target {summary.show(target)}"), 14, stroke=TARGET_COLOUR,
                 stroke_width=2, stroke_dasharray="6 4")
    tick = bottom_value
    while tick <= top_value + step / 1000:
        drawing.line(left, y(tick), left + plot_width, y(tick), stroke=GRID_COLOUR, stroke_width=1)
        drawing.text(left - 8, y(tick) + 4, _tick_text(tick, step), fill=TEXT_COLOUR, font_size=12,
                     text_anchor="end")
        tick += step
    if tolerance:
        edge_top, edge_bottom = sorted((y(target), y(band_edge)))
        drawing.rect(left, edge_top, plot_width, edge_bottom - edge_top, fill=BAND_COLOUR,
                     class_="qms-chart-band")
    drawing.line(left, y(target), left + plot_width, y(target), stroke=TARGET_COLOUR, stroke_width=2,
                 stroke_dasharray="6 4", class_="qms-chart-target")
    drawing.line(left, plot_bottom, left + plot_width, plot_bottom, stroke=TEXT_COLOUR, stroke_width=1)
    run: list[str] = []
    for index, row in enumerate(summary.rows + [Measurement("", None)]):
        if row.value is not None:
            run.append(f"{x(index):.2f},{y(row.value):.2f}")
            continue
        if len(run) > 1:
            drawing.add(element("polyline", points=" ".join(run), fill="none", stroke=LINE_COLOUR,
                                stroke_width=2.5, stroke_linejoin="round"))
        run = []
    label_every = max(1, math.ceil(count / 12))
    for index, row in enumerate(summary.rows):
        if row.value is None:
            drawing.text(x(index), plot_bottom - 6, "no value", fill=TEXT_COLOUR, font_size=11,
                         text_anchor="middle", class_="qms-chart-gap")
        else:
            drawing.add(element(
                "circle", children=[element("title", f"{row.period}: {summary.show(row.value)} ({row.label})")],
                cx=x(index), cy=y(row.value), r=4.5, fill=LINE_COLOUR, class_="qms-chart-point",
                data_period=row.period, data_value=format_number(row.value)))
        if (count - 1 - index) % label_every == 0:  # counted from the latest, which is always labelled
            drawing.text(x(index), plot_bottom + 20, row.period, fill=TEXT_COLOUR, font_size=12,
                         text_anchor="middle")
    return drawing.markup()
