"""Charts drawn on the server as SVG, each with its figures as a table.

No script and nothing fetched: the SVG is part of the page, prints, and scales to a phone's width. The SVG is a
picture for the eye (hidden from screen readers, its bars a mouse or touch shortcut); the table under it carries
the same figures, each linking to the list behind it, for keyboard and screen-reader users and on paper.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from socialsafe.reports.suppress import suppress

WIDTH = 600  # the SVG's own units; it is drawn at 100% of its column
BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 230
VALUE_WIDTH = 110


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str = ""

    def text(self, suppressed: bool) -> str:
        return suppress(self.value).text if suppressed else str(self.value)


@dataclass
class Chart:
    """A horizontal bar chart: one bar a row, the label on the left, the figure on the right."""

    id: str
    title: str
    bars: list[Bar]
    unit: str = "cases"
    suppressed: bool = False  # counts from 1 to 4 shown as "fewer than 5", and drawn without a bar
    empty: str = "None in this period."
    label_heading: str = ""
    rows: list[dict] = field(init=False)

    def __post_init__(self):
        self.rows = [{"bar": b, "text": b.text(self.suppressed)} for b in self.bars]

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)

    @property
    def is_empty(self) -> bool:
        return not self.bars or self.total == 0

    @property
    def svg(self) -> SafeString:
        return chart_svg(self)


def _visible_value(bar: Bar, suppressed: bool) -> int:
    return bar.value if not suppressed or suppress(bar.value).shown else 0


def chart_svg(chart: Chart) -> SafeString:
    height = max(1, len(chart.bars)) * (BAR_HEIGHT + GAP) + GAP
    largest = max((_visible_value(b, chart.suppressed) for b in chart.bars), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for i, bar in enumerate(chart.bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        shown = _visible_value(bar, chart.suppressed)
        length = max(round(room * shown / largest), 1 if shown else 0)
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        shape = format_html(
            '<rect class="ss-chart__bar" x="{}" y="{}" width="{}" height="{}"></rect>',
            LABEL_WIDTH,
            y,
            length,
            BAR_HEIGHT,
        )
        if bar.url:
            shape = format_html('<a href="{}" tabindex="-1">{}</a>', bar.url, shape)
        rows.append(
            format_html(
                '<text class="ss-chart__label" x="{}" y="{}" text-anchor="end">{}</text>{}'
                '<text class="ss-chart__value" x="{}" y="{}">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 6,
                label,
                shape,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT - 6,
                bar.text(chart.suppressed),
            )
        )
    body = format_html_join("", "{}", ((r,) for r in rows))
    return format_html(
        '<svg class="ss-chart__svg" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        height,
        body,
    )


def bars_from(rows: Iterable[tuple[str, int]], *, url=None) -> list[Bar]:
    """Bars from (label, count) pairs; `url(label_or_key)` gives each bar's list, if any."""
    return [Bar(label=label, value=value, url=url(label) if url else "") for label, value in rows]
