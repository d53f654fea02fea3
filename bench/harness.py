"""What every benchmark does first: Django on a fresh database, test settings.

A temporary SQLite file unless DATABASE_URL points elsewhere (e.g. PostgreSQL).
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A script's own folder leads sys.path, and bench/http.py would stand in for the
# standard library's http (which Django imports): the folder goes last instead,
# where `from harness import …` still finds what it holds.
_HERE = Path(__file__).resolve().parent
_ours = [entry for entry in sys.path if Path(entry or ".").resolve() == _HERE]
sys.path[:] = [entry for entry in sys.path if entry not in _ours] + _ours


def start_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="portal-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"

    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", verbosity=0)


def median_p95(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank) of timings."""
    import statistics

    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def percentile(ordered: list[float], q: float) -> float:
    """The q-th quantile (nearest rank) of timings already sorted."""
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def counted(items, label: str):
    """`items`, counted on a terminal as they are built (portal.progress; quiet when
    the figures go to a file or a log)."""
    from portal.progress import Progress

    items = list(items)
    with Progress.on_terminal(total=len(items), label=label) as progress:
        yield from progress.track(items)
