"""Charts as server-rendered SVG: no script, nothing the strict CSP would block.

Each function takes plain numbers and returns SVG markup (escaped, safe to embed). Every
shape carries a ``<title>`` so the exact figure shows on hover and to screen readers, and
the page next to each chart links the same data as CSV and JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2")


def _svg(width: int, height: int, label: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def bar_chart(bars: Sequence[tuple[str, float | None]], *, label: str,
              fmt: Callable[[float], str] = lambda v: f"{v:g}", maximum: float | None = None,
              width: int = 560) -> Markup:
    """Horizontal bars, one per (label, value); a missing value draws no bar and says "—"."""
    row, left, right = 26, 150, 80
    height = max(row * len(bars) + 10, 40)
    top = maximum or max((v for _, v in bars if v is not None), default=0) or 1
    body = []
    for i, (name, value) in enumerate(bars):
        y = 5 + i * row
        body.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" class="axis">'
                    f"{escape(_clip(name, 22))}</text>")
        if value is None:
            body.append(f'<text x="{left}" y="{y + 16}" class="value">—</text>')
            continue
        length = (width - left - right) * max(value, 0) / top
        body.append(f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
                    f'fill="{PALETTE[0]}"><title>{escape(name)}: {escape(fmt(value))}</title></rect>')
        body.append(f'<text x="{left + length + 6:.1f}" y="{y + 16}" class="value">{escape(fmt(value))}</text>')
    return _svg(width, height, label, body)


def heatmap(grid: Sequence[Sequence[int]], *, label: str) -> Markup:
    """Weekday (rows) × hour (columns) counts; darker is busier."""
    cell, left, top = 22, 40, 20
    peak = max((v for row in grid for v in row), default=0) or 1
    body = [f'<text x="{left + h * cell + cell / 2}" y="{top - 6}" text-anchor="middle" class="axis">{h}</text>'
            for h in range(0, 24, 3)]
    for d, hours in enumerate(grid):
        y = top + d * cell
        body.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" class="axis">{WEEKDAYS[d]}</text>')
        for h, count in enumerate(hours):
            shade = 0.06 + 0.94 * count / peak if count else 0.0
            body.append(
                f'<rect x="{left + h * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{PALETTE[0]}" fill-opacity="{shade:.2f}" stroke="#e5e7eb">'
                f"<title>{WEEKDAYS[d]} {h:02d}:00 — {count} messages</title></rect>")
    return _svg(left + 24 * cell + 4, top + 7 * cell + 4, label, body)


def line_chart(x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
               label: str, steps: bool = False, width: int = 720, height: int = 240) -> Markup:
    """One line per series over shared x labels (``steps`` draws a staircase, e.g. agents)."""
    left, right, top, bottom = 44, 12, 12, 36
    values = [v for _, points in series for v in points if v is not None]
    peak = max(values, default=0) or 1
    count = max(len(x_labels), 2)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: float) -> float:
        return left + plot_w * i / (count - 1)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / peak)

    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#9ca3af"/>',
            f'<text x="{left - 6}" y="{top + 8}" text-anchor="end" class="axis">{peak:g}</text>',
            f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" class="axis">0</text>']
    every = max(1, len(x_labels) // 12)
    for i, name in enumerate(x_labels):
        if i % every == 0:
            body.append(f'<text x="{x(i):.1f}" y="{height - 14}" text-anchor="middle" class="axis">'
                        f"{escape(name)}</text>")
    for s, (name, points) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        path: list[str] = []
        for i, v in enumerate(points):
            if v is None:
                continue
            if steps and path:
                path.append(f"H{x(i):.1f}")
            path.append(f"{'L' if path else 'M'}{x(i):.1f},{y(v):.1f}")
        if path:
            body.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2">'
                        f"<title>{escape(name)}</title></path>")
        for i, v in enumerate(points):
            if v is not None and len(points) <= 60:
                body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                            f"<title>{escape(name)} · {escape(x_labels[i])}: {v:g}</title></circle>")
        body.append(f'<rect x="{left + s * 150}" y="{height - 10}" width="10" height="10" fill="{colour}"/>'
                    f'<text x="{left + s * 150 + 14}" y="{height - 1}" class="axis">{escape(name)}</text>')
    return _svg(width, height, label, body)


def duration(seconds: float | None) -> str:
    """420 → "7m", 5400 → "1h 30m", 90000 → "1d 1h"."""
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, _ = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
