"""Charts drawn on the server as SVG: no JavaScript, no external resources.

Each chart is plain geometry computed here and drawn by a template
(directives/board/includes/*_chart.svg.html) beside a table of the same numbers,
so that a screen reader, a printout and a phone all get the figures.
"""

from dataclasses import dataclass

# Okabe–Ito: told apart by people with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    y: int
    width: float

    @property
    def percent(self) -> str:
        return "—" if self.value is None else f"{round(self.value * 100)}%"


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_area: int
    row_height: int

    @property
    def ticks(self) -> list[tuple[float, str]]:
        return [(self.label_width + self.bar_area * t / 4, f"{25 * t}%") for t in range(5)]


def bar_chart(rows: list[tuple[str, float | None]], *, width: int = 560) -> BarChart:
    """Horizontal bars of shares (0–1), one row each, in the order given."""
    label_width, row_height, margin = 230, 26, 48
    bar_area = width - label_width - margin
    bars = [
        Bar(label=label, value=value, y=20 + n * row_height, width=bar_area * (value or 0))
        for n, (label, value) in enumerate(rows)
    ]
    return BarChart(
        bars=bars,
        width=width,
        height=30 + len(rows) * row_height,
        label_width=label_width,
        bar_area=bar_area,
        row_height=row_height,
    )


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    # (x, y, value) for months with work due; months without are gaps in the line
    points: list[tuple[float, float, float]]

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in self.points)


@dataclass(frozen=True)
class LineChart:
    series: list[Series]
    months: list[tuple[float, str]]
    width: int
    height: int
    top: int
    plot_height: int
    left: int

    @property
    def ticks(self) -> list[tuple[float, str]]:
        return [(self.top + self.plot_height * (1 - t / 4), f"{25 * t}%") for t in range(5)]


def line_chart(
    series: dict[str, list[float | None]], month_labels: list[str], *, width: int = 640
) -> LineChart:
    """One line per series over the months (values 0–1, None where nothing was due)."""
    left, right, top, plot_height = 48, 16, 16, 200
    step = (width - left - right) / max(len(month_labels) - 1, 1)
    lines = [
        Series(
            label=label,
            colour=PALETTE[n % len(PALETTE)],
            points=[
                (left + i * step, top + plot_height * (1 - value), value)
                for i, value in enumerate(values)
                if value is not None
            ],
        )
        for n, (label, values) in enumerate(series.items())
    ]
    return LineChart(
        series=lines,
        months=[(left + i * step, text) for i, text in enumerate(month_labels)],
        width=width,
        height=top + plot_height + 40,
        top=top,
        plot_height=plot_height,
        left=left,
    )
