"""Charts drawn on the server as SVG, each with its figures as a table.

No script and nothing fetched: the SVG is part of the page, prints, and scales to a phone's width. The SVG is a
picture for the eye (hidden from screen readers, its bars a mouse or touch shortcut); the table under it carries
the same figures, each linking to the list behind it, for keyboard and screen-reader users and on paper.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from socialsafe.reports.suppress import suppress

# The SVG's own units. Each row is its label with the bar under it, so the picture stays narrow: drawn at the width of
# a phone it keeps its text at about the size it was written (CSS caps it at 30rem on a wide screen).
WIDTH = 400
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
GAP = 12
ROW = LABEL_HEIGHT + BAR_HEIGHT + GAP
VALUE_WIDTH = 100
LABEL_CHARS = 50


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
        largest = max((_visible_value(b, self.suppressed) for b in self.bars), default=0) or 1
        self.rows = [
            {
                "bar": b,
                "text": b.text(self.suppressed),
                "share": round(100 * _visible_value(b, self.suppressed) / largest),  # of the widest bar, for print
            }
            for b in self.bars
        ]

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


def label_lines(label: str) -> list[str]:
    """A label in at most two lines of LABEL_CHARS, broken at a space; what is left after that is cut with "…"."""
    if len(label) <= LABEL_CHARS:
        return [label]
    cut = label.rfind(" ", 0, LABEL_CHARS + 1)
    first, rest = (label[:cut], label[cut + 1 :]) if cut > 0 else (label[:LABEL_CHARS], label[LABEL_CHARS:])
    return [first, rest if len(rest) <= LABEL_CHARS else rest[: LABEL_CHARS - 1] + "…"]


def chart_svg(chart: Chart) -> SafeString:
    largest = max((_visible_value(b, chart.suppressed) for b in chart.bars), default=0) or 1
    room = WIDTH - VALUE_WIDTH
    rows, y = [], 0
    for bar in chart.bars:
        shown = _visible_value(bar, chart.suppressed)
        length = max(round(room * shown / largest), 1 if shown else 0)
        lines = label_lines(bar.label)
        text = format_html_join(
            "",
            '<tspan x="0" dy="{}">{}</tspan>',
            ((0 if n == 0 else LABEL_HEIGHT, line) for n, line in enumerate(lines)),
        )
        top = y + LABEL_HEIGHT * (len(lines) - 1)  # the bar sits under the label's last line
        shape = format_html(
            '<rect class="ss-chart__bar" x="0" y="{}" width="{}" height="{}"></rect>',
            top + LABEL_HEIGHT + 2,
            length,
            BAR_HEIGHT,
        )
        if bar.url:
            shape = format_html('<a href="{}" tabindex="-1">{}</a>', bar.url, shape)
        rows.append(
            format_html(
                '<text class="ss-chart__label" x="0" y="{}">{}</text>{}'
                '<text class="ss-chart__value" x="{}" y="{}">{}</text>',
                y + LABEL_HEIGHT - 4,
                text,
                shape,
                length + 6,
                top + LABEL_HEIGHT + BAR_HEIGHT - 1,
                bar.text(chart.suppressed),
            )
        )
        y = top + ROW
    body = format_html_join("", "{}", ((r,) for r in rows))
    return format_html(
        '<svg class="ss-chart__svg" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        max(y, ROW),
        body,
    )
