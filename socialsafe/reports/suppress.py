"""Small numbers that could identify a child are not shown.

In reports that leave the school's case work (the Governors' termly report, the Education Authority's view), a
count from 1 to 4 is shown as "fewer than 5": in a primary school a class of 25 with "2 incidents motivated by
disability" can point at a child. Zero is shown, because "none" identifies nobody. Totals built from suppressed
counts are suppressed by the same rule, and a difference (this term against the last) is shown only when both
counts are shown, so that nobody can subtract their way back to a small number.
"""

from dataclasses import dataclass

SMALLEST_SHOWN = 5
FEWER = f"fewer than {SMALLEST_SHOWN}"


@dataclass(frozen=True)
class Count:
    """A count as a report may show it: `shown` is False when it must not be printed."""

    value: int

    @property
    def shown(self) -> bool:
        return self.value == 0 or self.value >= SMALLEST_SHOWN

    @property
    def text(self) -> str:
        return str(self.value) if self.shown else FEWER

    def __str__(self) -> str:
        return self.text


def suppress(value: int) -> Count:
    return Count(int(value))


def change(now: int, before: int) -> str:
    """The change from one period to the next, in words, or a dash when either count is suppressed."""
    a, b = suppress(now), suppress(before)
    if not (a.shown and b.shown):
        return "–"
    diff = a.value - b.value
    if diff == 0:
        return "no change"
    return f"{'up' if diff > 0 else 'down'} {abs(diff)}"
