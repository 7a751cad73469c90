"""The roadmap timeline picture (SVG)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ...svg import DateScale, Drawing, element, month_start, next_month

from .analysis import RoadmapPlan, _short


STATE_COLOURS = {  # each at least 3:1 against white; the state is also written next to the bar
    "Done": "#2e7d32",
    "In progress": "#1565c0",
    "Not started": "#616161",
    "Blocked": "#a15c00",
    "Overdue": "#c62828",
}


def timeline_svg(plan: RoadmapPlan, title: str) -> Any:
    """A Gantt-style picture of the roadmap: one bar per milestone, its state in words beside it."""
    label_width, status_width, width, row = 235, 85, 720, 24  # about the width of the page's content column
    chart_left, chart_right = label_width + 10, width - status_width - 10
    start, end = month_start(plan.start), next_month(plan.end)
    scale = DateScale(start, end, chart_left, chart_right)
    rows = sum(1 + len(states) for _, states in plan.phases)
    top = 40
    height = top + rows * row + 20
    counts = ", ".join(f"{plan.count(label)} {label.lower()}" for label in STATE_COLOURS if plan.count(label))
    description = (f"Timeline of {len(plan.states)} milestones in {len(plan.phases)} phases, from "
                   f"{plan.start} to {plan.end}. Each bar runs from a milestone's start date to its due date; "
                   f"the state is written beside each bar. Today is {plan.today}. States: {counts}. "
                   "The table below the picture lists the same facts.")
    drawing = Drawing(width, height, title, description, ident="roadmap-timeline", css_class="qms-timeline")
    ticks = scale.month_ticks()
    step = max(1, math.ceil(len(ticks) / 6))
    for index, (day, label) in enumerate(ticks):
        x = scale(day)
        drawing.line(x, top - 8, x, height - 16, stroke="#d0d0d0", stroke_width=1)
        if index % step == 0:
            drawing.text(x + 2, top - 14, label, font_size=11, fill="#333333")
    if start <= plan.today <= end:
        x = scale(plan.today)
        drawing.line(x, top - 8, x, height - 16, stroke="#c62828", stroke_width=2, stroke_dasharray="4 3")
        near_end = x > width - 120
        drawing.text(x - 3 if near_end else x + 3, height - 4, f"Today {plan.today}", font_size=11,
                     fill="#b71c1c", text_anchor="end" if near_end else None)
    y = top
    for phase, states in plan.phases:
        drawing.rect(0, y, width, row, fill="#eef0f8")
        drawing.text(6, y + 16, phase.title, font_size=13, font_weight="bold", fill="#1a1a1a")
        y += row
        for state in states:
            item = state.milestone
            x1 = scale(item.start)
            x2 = max(scale(item.due + dt.timedelta(days=1)), x1 + 3)
            colour = STATE_COLOURS[state.label]
            tooltip = (f"{item.title}: {item.start} to {item.due}, {state.label.lower()}, "
                       f"owner {item.owner}")
            drawing.tooltip_group(tooltip, [
                _text(12, y + 16, _short(item.title, 38), font_size=12, fill="#1a1a1a"),
                _rect(x1, y + 5, x2 - x1, row - 10, fill="#ffffff" if state.label == "Not started" else colour, stroke=colour, stroke_width=1.5, rx=2),
                _text(chart_right + 8, y + 16, state.label, font_size=12, fill=colour, font_weight="bold"),
            ], class_=f"qms-milestone qms-{state.css}")
            y += row
    return drawing.markup()


def _text(x: float, y: float, value: str, **attrs: Any) -> str:
    return element("text", value, x=x, y=y, **attrs)


def _rect(x: float, y: float, width: float, height: float, **attrs: Any) -> str:
    return element("rect", x=x, y=y, width=max(width, 0), height=height, **attrs)
