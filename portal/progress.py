"""Progress of a long management command: a bar on a terminal, nothing in logs or CI.

One helper for every command that takes more than a few seconds (neither tqdm nor
rich is installed, and a bar needs neither). It draws on standard error, and only
when both standard output and standard error are terminals, so a command's output
piped into a file or another program (`compile_report --format json`) stays exactly
what it was, and `make run`, cron and CI logs get no carriage returns.

    with Progress.for_command(self, total=3, label="Tổng hợp") as progress:
        progress.step("bảng số liệu")
        ...
"""

import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

T = TypeVar("T")


def _is_terminal(stream) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Progress:
    """Counted steps with a bar: "Nạp nội dung [######------] 4/8 đơn vị"."""

    # Redraw at most this often (a loop over thousands of rows must not flood the tty).
    INTERVAL = 0.1

    def __init__(self, *, total: int, label: str, stream: IO[str] | None, width: int = 24):
        self.total = max(total, 1)
        self.label = label
        self.stream = stream  # None: quiet
        self.width = width
        self.done = 0
        self.note = ""
        self._drawn_at = 0.0

    @classmethod
    def for_command(cls, command, *, total: int, label: str) -> "Progress":
        """Shown when the command's standard output and error are both terminals."""
        stdout = getattr(command, "stdout", sys.stdout)
        stderr = getattr(command, "stderr", sys.stderr)
        shown = _is_terminal(stdout) and _is_terminal(stderr)
        # Django's OutputWrapper ends every write with a newline: draw on its stream.
        stream = getattr(stderr, "_out", stderr)
        return cls(total=total, label=label, stream=stream if shown else None)

    @classmethod
    def on_terminal(cls, *, total: int, label: str) -> "Progress":
        """For a script (the benchmarks): the same rule on the process's own streams."""
        shown = _is_terminal(sys.stdout) and _is_terminal(sys.stderr)
        return cls(total=total, label=label, stream=sys.stderr if shown else None)

    @property
    def shown(self) -> bool:
        return self.stream is not None

    def step(self, note: str = "", count: int = 1) -> None:
        """One more step done (or starting: the note says which)."""
        self.done = min(self.done + count, self.total)
        self.note = note
        self._draw(force=self.done == self.total)

    def track(self, items: Iterable[T], note: str = "") -> Iterator[T]:
        """Each item yielded counts as one step."""
        for item in items:
            yield item
            self.step(note)

    def line(self) -> str:
        filled = round(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        text = f"{self.label} [{bar}] {self.done}/{self.total}"
        return f"{text} {self.note}" if self.note else text

    def _draw(self, *, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < self.INTERVAL:
            return
        self._drawn_at = now
        columns = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r" + self.line()[: columns - 1].ljust(columns - 1))
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None and self._drawn_at:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
        self.stream = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
