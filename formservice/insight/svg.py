"""Drawing charts as SVG: horizontal bars (grouped), stacked bars and lines, and nothing else.

The drawing knows no figures: it gets labels, values and the text to print beside each value,
and returns markup for a page or, turned into PNG, for a Word document. Every text is escaped.
Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(the main figure, in words). Colour is never the only cue: each series has its own pattern, a
legend names them, bars carry their value as text, lines have their own dash and marker and are
labelled at their end. Colours and lines stand out at least 3:1 from white, text 4.5:1. The SVG
has a width in pixels and a view box, so it scales down in a narrow (or zoomed) window.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
FONT = "Inter, 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif"
INK, AXIS = "#1a1a1a", "#595959"  # 17:1 and 7:1 against white
# (colour, pattern), ten of them (a series per office): every colour at least 4.5:1 against white
SERIES = (("#1e3a5f", "solid"), ("#0b6e4f", "diagonal"), ("#7a3e9d", "dots"),
          ("#b3261e", "cross"), ("#8a5a00", "horizontal"), ("#005f8f", "vertical"),
          ("#4a4a4a", "back"), ("#6b2c5b", "diagonal"), ("#2d5a27", "dots"),
          ("#00545c", "cross"))  # fmt: skip
_SHAPES = {
    "diagonal": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{c}" stroke-width="2"/>',
    "back": '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="{c}" stroke-width="2"/>',
    "dots": '<circle cx="4" cy="4" r="2.2" fill="{c}"/>',
    "cross": '<path d="M0,0 L8,8 M8,0 L0,8" stroke="{c}" stroke-width="1.6"/>',
    "horizontal": '<path d="M0,4 H8" stroke="{c}" stroke-width="3"/>',
    "vertical": '<path d="M4,0 V8" stroke="{c}" stroke-width="3"/>',
}
DASHES = ("", "8 4", "2 3")
MARKERS = ("circle", "square", "triangle")


@dataclass(frozen=True)
class Bar:
    """One bar: its series (colour and pattern), value and the text printed beside it."""

    series: int
    value: float
    text: str


@dataclass(frozen=True)
class Line:
    """One line: its name (printed at its end) and a value per point."""

    name: str
    values: Sequence[float]


def _fill(chart_id: str, series: int) -> str:
    colour, pattern = SERIES[series % len(SERIES)]
    return colour if pattern == "solid" else f"url(#{chart_id}-p{series % len(SERIES)})"


def _defs(chart_id: str, used: set[int]) -> str:
    patterns = []
    for index in sorted(used):
        colour, pattern = SERIES[index % len(SERIES)]
        if pattern != "solid":
            shape = _SHAPES[pattern].format(c=colour)
            patterns.append(f'<pattern id="{chart_id}-p{index % len(SERIES)}" width="8" height="8" '
                            f'patternUnits="userSpaceOnUse"><rect width="8" height="8" '
                            f'fill="#ffffff"/>{shape}</pattern>')  # fmt: skip
    return f"<defs>{''.join(patterns)}</defs>"


def _swatch(chart_id: str, series: int, x: float, y: float, size: float = 16) -> str:
    colour = SERIES[series % len(SERIES)][0]
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{size}" height="{size}" '
            f'fill="{_fill(chart_id, series)}" stroke="{colour}" stroke-width="2"/>')  # fmt: skip


def _text(x: float, y: float, words: str, *, size: int = 14, anchor: str = "start",
          weight: str = "normal", fill: str = INK) -> str:  # fmt: skip
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{escape(words)}</text>')  # fmt: skip


def _width_of(words: str, size: int = 14) -> float:
    """About how wide a text is (Inter averages a little over half its size per character)."""
    return len(words) * size * 0.56


def _wrapped(words: str, room: float, size: int) -> list[str]:
    """The text in rows that each fit ``room`` pixels (a word longer than that gets its own)."""
    rows: list[str] = []
    for word in words.split(" "):
        if rows and _width_of(f"{rows[-1]} {word}", size) <= room:
            rows[-1] = f"{rows[-1]} {word}"
        else:
            rows.append(word)
    return rows


def _legend(chart_id: str, names: Sequence[tuple[int, str]], y: float) -> tuple[list[str], float]:
    """The legend in rows across the chart; the parts and the height it takes."""
    parts, x = [], 0.0
    for series, name in names:
        width = 24 + _width_of(name, 13) + 20
        if x and x + width > WIDTH:
            x, y = 0.0, y + 24
        parts += [_swatch(chart_id, series, x, y), _text(x + 22, y + 13, name, size=13)]
        x += width
    return parts, y + 30


def _svg(chart_id: str, title: str, description: str, height: float, body: list[str],
         used: set[int]) -> Markup:  # fmt: skip
    return Markup(  # noqa: S704 (every text in it is escaped above)
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>'
        f"{_defs(chart_id, used)}{''.join(body)}</svg>"
    )


def bar_chart(chart_id: str, title: str, description: str,
              groups: Sequence[tuple[str, Sequence[Bar]]], *,
              legend: Sequence[tuple[int, str]] = (), reference: tuple[float, str] | None = None,
              ) -> Markup:  # fmt: skip
    """Horizontal bars, a group of bars under each label; ``reference``: a dashed line at a value
    (the frame), with its name."""
    body, y = _legend(chart_id, legend, 4) if legend else ([], 0.0)
    top = y
    values = [bar.value for _, bars in groups for bar in bars] + [reference[0] if reference else 0]
    longest = max(values) or 1
    room = WIDTH - 230  # the value's text always fits to the right of the longest bar
    used = {bar.series for _, bars in groups for bar in bars} | {s for s, _ in legend}
    for label, bars in groups:
        body.append(_text(0, y + 18, label, weight="600"))
        y += 26
        for bar in bars:
            length = max(room * bar.value / longest, 2 if bar.value else 0)
            colour = SERIES[bar.series % len(SERIES)][0]
            body.append(f'<rect x="0" y="{y:.1f}" width="{length:.1f}" height="22" '
                        f'fill="{_fill(chart_id, bar.series)}" stroke="{colour}" stroke-width="2"/>')  # fmt: skip
            body.append(_text(length + 8, y + 16, bar.text))
            y += 28
        y += 10
    if reference:
        x = room * reference[0] / longest
        body.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{y - 6:.1f}" '
                    f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>')  # fmt: skip
        body.append(_text(min(x, WIDTH - 4), y + 12, reference[1], anchor="end", size=13))
        y += 20
    return _svg(chart_id, title, description, y + 4, body, used)


def stacked_chart(chart_id: str, title: str, description: str,
                  rows: Sequence[tuple[str, Sequence[Bar]]], legend: Sequence[tuple[int, str]],
                  ) -> Markup:  # fmt: skip
    """A stacked bar under each label, its parts in the legend's order, each part's number on a
    white label inside it when there is room."""
    body, y = _legend(chart_id, legend, 4)
    longest = max((sum(b.value for b in bars) for _, bars in rows), default=0) or 1
    for label, bars in rows:
        body.append(_text(0, y + 18, label, weight="600"))
        y, x = y + 26, 0.0
        for bar in bars:
            if not bar.value:
                continue
            length = (WIDTH - 4) * bar.value / longest
            colour = SERIES[bar.series % len(SERIES)][0]
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{length:.1f}" height="26" '
                        f'fill="{_fill(chart_id, bar.series)}" stroke="{colour}" stroke-width="2"/>')  # fmt: skip
            box = _width_of(bar.text, 13) + 8
            if length >= box + 4:
                middle = x + length / 2
                body.append(f'<rect x="{middle - box / 2:.1f}" y="{y + 4:.1f}" width="{box:.1f}" '
                            f'height="18" rx="3" fill="#ffffff" stroke="{colour}"/>')  # fmt: skip
                body.append(_text(middle, y + 18, bar.text, size=13, anchor="middle"))
            x += length
        y += 40
    return _svg(chart_id, title, description, y, body, {s for s, _ in legend})


def line_chart(chart_id: str, title: str, description: str, ticks: Sequence[tuple[int, str]],
               lines: Sequence[Line], points: int, marker: tuple[int, str] | None = None,
               ) -> Markup:  # fmt: skip
    """Lines over ``points`` points (days), with x labels at ``ticks`` (index, text), a dashed
    ``marker`` line (the deadline) and each line named at its end."""
    left, right, top, bottom = 40, WIDTH - 250, 16, 250
    highest = max((max(line.values, default=0) for line in lines), default=0) or 1
    step = (right - left) / max(points - 1, 1)

    def at(index: int, value: float) -> tuple[float, float]:
        return left + index * step, bottom - (bottom - top) * value / highest

    body = [f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{AXIS}"/>',
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{AXIS}"/>']  # fmt: skip
    for value in sorted({0, round(highest / 2), int(highest)}):
        _, y = at(0, value)
        body += [f'<line x1="{left - 4}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#d0d0d0"/>',
                 _text(left - 8, y + 5, str(value), size=13, anchor="end")]  # fmt: skip
    for index, words in ticks:
        x, _ = at(index, 0)
        body += [f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="{AXIS}"/>',
                 _text(x, bottom + 20, words, size=13, anchor="middle")]  # fmt: skip
    if marker:
        x, _ = at(marker[0], 0)
        body += [f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{INK}" '
                 f'stroke-width="2" stroke-dasharray="6 4"/>',
                 _text(x, bottom + 38, marker[1], size=13, anchor="middle", weight="600")]  # fmt: skip
    ends = []
    for number, line in enumerate(lines):
        colour = SERIES[number % len(SERIES)][0]
        spots = [at(i, v) for i, v in enumerate(line.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in spots)
        dash = DASHES[number % len(DASHES)]
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3" '
                    f'{f"stroke-dasharray={chr(34)}{dash}{chr(34)} " if dash else ""}/>')  # fmt: skip
        every = max(1, len(spots) // 15)
        body += [_marker(MARKERS[number % len(MARKERS)], x, y, colour)
                 for i, (x, y) in enumerate(spots) if i % every == 0 or i == len(spots) - 1]  # fmt: skip
        if spots:
            label = _wrapped(f"{line.name}: {int(line.values[-1])}", WIDTH - right - 16, 13)
            ends.append([spots[-1][1], label])
    ends.sort(key=lambda end: end[0])
    for before, after in itertools.pairwise(ends):  # labels never overlap
        after[0] = max(after[0], before[0] + 18 * len(before[1]))
    for y, rows in ends:
        body += [_text(right + 12, y + 5 + 16 * n, row, size=13, weight="600")
                 for n, row in enumerate(rows)]  # fmt: skip
    height = max(bottom + 48, ends[-1][0] + 18 * len(ends[-1][1]) - 4 if ends else 0)
    return _svg(chart_id, title, description, height, body, set())


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
    return f'<path d="M{x:.1f},{y - 5.5:.1f} l5,9 h-10 z" fill="{colour}"/>'
