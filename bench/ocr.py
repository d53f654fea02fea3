"""OCR throughput on this machine: pages per minute and words recognised, on
degraded scans of a Guidance page made like the tests make them.

    .venv/bin/python bench/ocr.py [pages]
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(pages: int) -> None:
    from portal.vietnamese import fold
    from search import ocr
    from search.text import words
    from tests import scans

    if not ocr.available():
        sys.exit(f"OCR unavailable: {ocr.missing()} is not installed")
    expected = set(words(fold(" ".join(scans.GUIDANCE_PAGE))))
    for label, options in (("clean 200 dpi", {"dpi": 200, "degrade": False}), ("poor 150 dpi", {})):
        data = scans.scanned_pdf(pages=pages, **options)
        start = time.perf_counter()
        result = ocr.read(data, "pdf")
        seconds = time.perf_counter() - start
        found = set(words(fold(result.text)))
        share = len(expected & found) / len(expected)
        print(
            f"{label}: {pages} pages in {seconds:.1f} s = {60 * pages / seconds:.1f} pages/min; "
            f"words recognised {share:.0%} ({result.status})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
