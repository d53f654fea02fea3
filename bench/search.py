"""Search speed on realistic Vietnamese administrative text, ours beside stock Wagtail.

For each size N it generates N documents of 300-800 words (the real Guidance's
word distribution plus a large vocabulary of rarer syllables), indexes them,
and prints the index time and the median / p95 latency of 50 one-to-three-word
queries (half typed without diacritics), each answering the first page of 20
results with every facet count, as the search page does. A share of the portal's
entries (--scans, 10 % by default) are attached scans' OCR text: three times as long,
a fifth of the words with their marks lost, as Tesseract reads a poor scan.

Stock Wagtail (its database backend, relevance-ordered `.search()` on real
pages, first 20 results) is measured on the same kind of text at the sizes in
--stock-sizes, with fewer queries at the larger size because each takes seconds.

    .venv/bin/python bench/search.py [--sizes 1000,10000] [--stock-sizes 1000]
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_bench .venv/bin/python bench/search.py --sizes 1000,10000,50000

Building 50,000 entries takes minutes: on a database of its own (createdb
portal_bench first; a SQLite file named in DATABASE_URL works too), --reuse
keeps the entries a previous run of the same size and --scans share built and
only measures (a different size or share rebuilds them; so does a stock run,
which empties the index first: give --stock-sizes ""):

    createdb -h 127.0.0.1 -U portal portal_bench
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_bench .venv/bin/python bench/search.py --sizes 50000 --stock-sizes "" --reuse

Besides the median and p95 of all queries it prints, per kind of query (rare
or common words, one to three of them), the median, p95 and worst.
"""

import argparse
import random
import re
import time
from datetime import date

from harness import ROOT, median_p95, start_django

start_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from portal.vietnamese import fold  # noqa: E402

ONSETS = [
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "p",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
RHYMES = [
    "a",
    "ai",
    "am",
    "an",
    "ang",
    "anh",
    "ao",
    "au",
    "ay",
    "e",
    "em",
    "en",
    "eng",
    "eo",
    "i",
    "ia",
    "im",
    "in",
    "inh",
    "iu",
    "o",
    "oa",
    "oai",
    "oan",
    "oang",
    "oi",
    "om",
    "on",
    "ong",
    "u",
    "ua",
    "uan",
    "ui",
    "um",
    "un",
    "ung",
    "uy",
    "uyen",
    "ưa",
    "ươi",
    "ương",
    "ơi",
    "ôi",
    "ông",
]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
DOC_TYPES = ["Kế hoạch", "Hướng dẫn", "Báo cáo kết quả", "Công văn", "Chỉ thị"]


def vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    """(common words from the real Guidance by frequency, rare synthetic syllables)."""
    import unicodedata

    text = (ROOT / "directives/content/huong-dan-53-KH-TU.txt").read_text(encoding="utf-8")
    common = re.findall(r"\w+", text.lower())
    syllables = []
    for onset in ONSETS:
        for rhyme in RHYMES:
            for tone in TONES:
                # The mark sits on the rhyme's first vowel (an approximation of the rules).
                vowel = next(i for i, ch in enumerate(rhyme) if ch in "aeiouyươô")
                marked = rhyme[: vowel + 1] + tone + rhyme[vowel + 1 :]
                syllables.append(unicodedata.normalize("NFC", onset + marked))
    # Rare words: place names, ethnic-minority names and coined terms written as
    # one word (e.g. "Đạhuoai"), so the vocabulary runs to tens of thousands.
    rare = set()
    while len(rare) < 40_000:
        rare.add(rng.choice(syllables) + rng.choice(syllables))
    return common, sorted(rare)


def misread(word: str, rng: random.Random) -> str:
    """What Tesseract makes of a word on a poor scan, now and then: a mark lost
    (about 80 % of words come back right at 150 dpi, skewed and blurred)."""
    return fold(word) if rng.random() < 0.2 else word


def documents(n: int, rng: random.Random, common, rare, scans: float = 0.0):
    """(i, title, text, is_scan): a share `scans` of them an attached scan's OCR text,
    three times as long (a few pages) and misread as a poor scan is."""
    for i in range(n):
        scan = rng.random() < scans
        length = rng.randint(300, 800) * (3 if scan else 1)
        words = [
            rng.choice(common)
            if rng.random() < 0.8
            else rare[int(rng.paretovariate(1.1)) % len(rare)]
            for _ in range(length)
        ]
        if scan:
            words = [misread(word, rng) for word in words]
        sentences = [" ".join(words[j : j + 15]).capitalize() + "." for j in range(0, length, 15)]
        title = " ".join(words[:8]).capitalize()
        yield i, title, " ".join(sentences), scan


def queries(rng: random.Random, common, rare, count: int = 50) -> list[str]:
    picked = []
    for n in range(count):
        size = 1 + n % 3
        pool = common if n % 4 else rare[:2000]
        words = rng.sample(pool, size)
        text = " ".join(words)
        picked.append(fold(text) if n % 2 else text)
    return picked


def kind_of(n: int) -> str:
    """The kind of the n-th query of `queries`: rare or common words, how many."""
    return f"{'rare' if n % 4 == 0 else 'common'} x{1 + n % 3}"


def ours(
    n: int, rng, common, rare, qs, scans: float = 0.0, reuse: bool = False
) -> tuple[float, float, float, list[float]]:
    from directives.models import DirectivePage, Unit, UnitCategory
    from search.indexing import _entry
    from search.models import EntryKind, SearchEntry
    from tests.factories import directive, site_tree

    built = f"bench-{n}-{scans}"
    if reuse and (
        SearchEntry.objects.filter(key__startswith="bench-").count() == n
        and SearchEntry.objects.filter(key=built).exists()
    ):
        return (0.0, *_measure(qs))
    SearchEntry.objects.all().delete()
    ours_only = DirectivePage.objects.filter(title__regex=r"^Kế hoạch [0-9]+$")
    if not ours_only.exists():
        _, index, _ = site_tree()
        units = [
            Unit.objects.create(name=f"Đơn vị {u}", category=UnitCategory.LOCAL_COMMITTEE)
            for u in range(40)
        ]
        for d in range(20):
            directive(index, title=f"Kế hoạch {d}", issuer=units[d % 40])
    # The 20 directives made above, not the stock run's thousands of pages.
    pages = list(ours_only.values_list("pk", flat=True))
    units = list(Unit.objects.values_list("pk", flat=True))
    SearchEntry.objects.all().delete()
    started = time.perf_counter()
    batch = []
    for i, title, text, scan in documents(n, rng, common, rare, scans):
        day = date(2015 + i % 12, 1 + i % 12, 1 + i % 28)
        kind = EntryKind.SUBMISSION if i % 3 else EntryKind.DIRECTIVE
        batch.append(
            _entry(
                # The last entry's key names the run, for --reuse.
                key=built if i == n - 1 else f"bench-{i}",
                kind=EntryKind.ATTACHMENT if scan else kind,
                text_status="ocr" if scan else "",
                title=title,
                text=text,
                page_id=pages[i % len(pages)],
                live=i % 10 != 0,
                owner_unit_id=units[i % len(units)],
                unit_id=units[i % len(units)],
                directive_id=pages[i % len(pages)],
                document_type=DOC_TYPES[i % len(DOC_TYPES)],
                day=day,
                year=day.year,
            )
        )
        if len(batch) == 1000:
            with transaction.atomic():
                SearchEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        SearchEntry.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
    index_seconds = time.perf_counter() - started
    return (index_seconds, *_measure(qs))


def _measure(qs) -> tuple[float, float, list[float]]:
    """(median, p95, every query's ms in order) of a first page with its facets."""
    from search import query
    from search.text import parse_query

    user = get_user_model().objects.filter(
        is_superuser=True
    ).first() or get_user_model().objects.create_superuser(
        "bench", "bench@localhost", "bench-password-123"
    )
    query.search(user, parse_query(qs[0]), query.Filters())  # warm the caches
    samples = []
    for q in qs:
        begin = time.perf_counter()
        query.search(user, parse_query(q), query.Filters())
        samples.append((time.perf_counter() - begin) * 1000)
    return (*median_p95(samples), samples)


def stock(n: int, rng, common, rare, qs) -> tuple[float, float, float]:
    """Wagtail 8's database backend on n real pages."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from directives.models import DocumentType, Unit, UnitCategory
    from home.models import HomePage
    from search.models import SearchEntry

    SearchEntry.objects.all().delete()
    root = Page.get_first_root_node()
    home = HomePage.objects.first() or root.add_child(
        instance=HomePage(title="Bench", slug="bench-home", live=True)
    )
    parent = home.add_child(
        instance=Page(title=f"Stock {n}", slug=f"stock-{n}-{rng.randint(0, 10**9)}", live=True)
    )
    kind = DocumentType.objects.first() or DocumentType.objects.create(name="Kế hoạch", code="KH")
    issuer = Unit.objects.first() or Unit.objects.create(
        name="Đơn vị", category=UnitCategory.LOCAL_COMMITTEE
    )
    from directives.models import DirectivePage

    created = []
    for i, title, text, _scan in documents(n, rng, common, rare):
        created.append(
            parent.add_child(
                instance=DirectivePage(
                    title=title,
                    slug=f"d{i}",
                    document_type=kind,
                    issuer=issuer,
                    subject=title,
                    body=[("paragraph", f"<p>{text}</p>")],
                    live=True,
                )
            )
        )
    backend = get_search_backend()
    started = time.perf_counter()
    index = backend.get_index_for_model(DirectivePage)
    for start in range(0, len(created), 500):
        backend.add_bulk(DirectivePage, created[start : start + 500])
    index_seconds = time.perf_counter() - started
    samples = []
    pages = DirectivePage.objects.live().descendant_of(parent)
    for q in qs:
        begin = time.perf_counter()
        list(pages.search(q)[:20])
        samples.append((time.perf_counter() - begin) * 1000)
    del index
    return (index_seconds, *median_p95(samples))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--stock-sizes", default="1000")
    parser.add_argument("--stock-queries", type=int, default=10)
    parser.add_argument(
        "--scans", type=float, default=0.1, help="share of entries that are scans' OCR text"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the entries a previous run of the same size and --scans built",
    )
    args = parser.parse_args()
    rng = random.Random(53)
    common, rare = vocabulary(rng)
    qs = queries(rng, common, rare)
    engine = connection.vendor
    print(
        f"database: {engine}; queries: {len(qs)}, e.g. {qs[:4]}; "
        f"{args.scans:.0%} of the portal's entries are scans' OCR text"
    )
    print(f"{'engine':<8} {'pages':>7} {'index s':>9} {'median ms':>10} {'p95 ms':>8}")
    for size in [int(s) for s in args.stock_sizes.split(",") if s]:
        few = qs if size <= 1000 else qs[: args.stock_queries]
        index_s, median, p95 = stock(size, random.Random(size), common, rare, few)
        print(
            f"{'stock':<8} {size:>7} {index_s:>9.1f} {median:>10.1f} {p95:>8.1f}   ({len(few)} queries)",
            flush=True,
        )
    for size in [int(s) for s in args.sizes.split(",") if s]:
        index_s, median, p95, samples = ours(
            size, random.Random(size), common, rare, qs, args.scans, args.reuse
        )
        reused = "   (reused)" if args.reuse and not index_s else ""
        print(
            f"{'portal':<8} {size:>7} {index_s:>9.1f} {median:>10.1f} {p95:>8.1f}{reused}",
            flush=True,
        )
        kinds: dict[str, list[float]] = {}
        for n, ms in enumerate(samples):
            kinds.setdefault(kind_of(n), []).append(ms)
        for kind, times in sorted(kinds.items()):
            kind_median, kind_p95 = median_p95(times)
            print(
                f"  {kind:<10} {len(times):>3} queries {kind_median:>10.1f} {kind_p95:>8.1f}"
                f"   worst {max(times):.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
