"""Geometry of the ROI chart: cumulative savings by month against the investment.

The SVG has no viewBox, so its text keeps its size at every width: horizontal positions
are percentages of the card's width, vertical ones pixels. Values are on the left axis
(in the page's currency), months along the bottom.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from madfam.rules.roi import chart_ticks

HEIGHT = 280  # px
PLOT_TOP, PLOT_BOTTOM = 34, 232  # px
LEFT, RIGHT = Decimal(15), Decimal(98)  # % of the width: the value labels sit left of LEFT
MONTH_TICKS = (1, 6, 12, 18, 24, 30, 36)
HALF = Decimal("0.5")


def _pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.001'), rounding=ROUND_HALF_UP)}%"


def _y(value: Decimal, top: Decimal) -> Decimal:
    height = Decimal(PLOT_BOTTOM - PLOT_TOP)
    return (PLOT_BOTTOM - value / top * height).quantize(Decimal("0.1"), ROUND_HALF_UP)


def chart(result) -> dict:
    """Bars, ticks and the investment line of ``result``'s 36 months."""
    ticks = chart_ticks(max(result.monthly[-1][1], result.investment))
    top = ticks[-1]
    slot = (RIGHT - LEFT) / len(result.monthly)
    bars = []
    for month, savings, investment in result.monthly:
        y = _y(savings, top)
        bars.append(
            {
                "month": month,
                "savings": savings,
                "x": _pct(LEFT + (month - 1) * slot + slot * Decimal("0.15")),
                "width": _pct(slot * Decimal("0.7")),
                "y": y,
                "height": PLOT_BOTTOM - y,
                "covered": savings >= investment,
            }
        )
    return {
        "height": HEIGHT,
        "top": PLOT_TOP,
        "bottom": PLOT_BOTTOM,
        "left": _pct(LEFT),
        "right": _pct(RIGHT),
        "label_x": _pct(LEFT - Decimal(2)),
        "middle": _pct((LEFT + RIGHT) / 2),
        "ticks": [{"value": value, "y": _y(value, top)} for value in ticks],
        "months": [{"month": m, "x": _pct(LEFT + (m - HALF) * slot)} for m in MONTH_TICKS],
        "bars": bars,
        "investment_y": _y(result.investment, top),
    }
