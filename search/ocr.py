"""Text from scans: Tesseract with its Vietnamese data, bounded like extraction.

Units upload scans of signed, stamped reports: PDFs of page images, JPG and
PNG. Pages are rasterised with poppler's `pdftoppm` at a resolution capped by
a pixel budget and read by `tesseract` one at a time, each command under its
own timeout, the whole file under a deadline. Every limit ends the reading
with a status; what was read before it is kept.

Both programs are Debian packages (tesseract-ocr, tesseract-ocr-vie,
poppler-utils). A machine without them reads nothing here: `available()`
says so and the file waits, marked, for `search_rebuild --ocr`.
"""

import functools
import io
import logging
import re
import shutil
import subprocess  # noqa: S404 - fixed programs, arguments built here, never a shell
import tempfile
import time
from pathlib import Path

from portal.vietnamese import squash_spaces
from search.extraction import MAX_CHARS, Extracted

logger = logging.getLogger(__name__)

LANGUAGES = "vie"
MAX_PAGES = 50  # a 200-page scan is read for its first 50 pages: enough to find it
MAX_PAGE_PIXELS = 12_000_000  # about A4 at 300 dpi
MAX_DPI = 300
MIN_DPI = 100
DPI = 200
PAGE_SECONDS = 90
FILE_SECONDS = 20 * 60
OCR_EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}
_PAGE_SIZE = re.compile(r"Page size:\s+([\d.]+) x ([\d.]+) pts")
_PAGES = re.compile(r"Pages:\s+(\d+)")


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese data is not installed here."""


@functools.cache
def missing() -> str:
    """What this machine lacks for OCR ('' when nothing)."""
    for program in ("tesseract", "pdftoppm", "pdfinfo"):
        if shutil.which(program) is None:
            return program
    try:
        listed = subprocess.run(  # noqa: S603
            [shutil.which("tesseract"), "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return "tesseract"
    if LANGUAGES not in listed.stdout.split():
        return "tesseract-ocr-vie"
    return ""


def available() -> bool:
    return not missing()


def _run(args: list[str], seconds: float) -> subprocess.CompletedProcess:
    program = shutil.which(args[0]) or args[0]
    return subprocess.run(  # noqa: S603
        [program, *args[1:]], capture_output=True, timeout=max(1.0, seconds), check=True
    )


def _dpi_for(width_pts: float, height_pts: float) -> int:
    """The scanning resolution, lowered for huge pages so the image stays in budget."""
    inches = max(width_pts * height_pts / (72 * 72), 1e-6)
    budget = int((MAX_PAGE_PIXELS / inches) ** 0.5)
    return max(MIN_DPI, min(DPI, MAX_DPI, budget))


def _tesseract(image: Path, seconds: float) -> str:
    done = _run(["tesseract", str(image), "stdout", "-l", LANGUAGES, "--psm", "3"], seconds)
    return done.stdout.decode("utf-8", errors="replace")


def _pdf_pages(data: bytes, folder: Path, end: float) -> tuple[list[str], str]:
    source = folder / "scan.pdf"
    source.write_bytes(data)
    info = _run(["pdfinfo", str(source)], PAGE_SECONDS).stdout.decode(errors="replace")
    pages = int(_PAGES.search(info).group(1)) if _PAGES.search(info) else 0
    size = _PAGE_SIZE.search(info)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (595.0, 842.0)
    texts, stopped = [], ""
    for number in range(1, min(pages, MAX_PAGES) + 1):
        left = end - time.monotonic()
        if left <= 0:
            stopped = f"dừng sau {FILE_SECONDS // 60} phút, đã đọc {number - 1} trang"
            break
        stem = folder / f"page-{number}"
        _run(
            [
                "pdftoppm",
                "-f", str(number),
                "-l", str(number),
                "-r", str(_dpi_for(width, height)),
                "-gray",
                "-png",
                "-singlefile",
                str(source),
                str(stem),
            ],
            min(PAGE_SECONDS, left),
        )  # fmt: skip
        image = stem.with_suffix(".png")
        texts.append(_tesseract(image, min(PAGE_SECONDS, end - time.monotonic())))
        image.unlink()
    if pages > MAX_PAGES and not stopped:
        stopped = f"đọc {MAX_PAGES} trang đầu trong {pages} trang"
    return texts, stopped


def _image(data: bytes, folder: Path, end: float) -> tuple[list[str], str]:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            size = image.width, image.height
    except Image.DecompressionBombError:
        size = (MAX_PAGE_PIXELS, MAX_PAGE_PIXELS)
    if size[0] * size[1] > MAX_PAGE_PIXELS * 2:
        raise ValueError(f"ảnh quá lớn ({size[0]}×{size[1]} điểm ảnh)")
    path = folder / "scan.img"
    path.write_bytes(data)
    return [_tesseract(path, min(PAGE_SECONDS, end - time.monotonic()))], ""


def read(data: bytes, extension: str) -> Extracted:
    """The text Tesseract finds in a scan; status "ocr" when it found words."""
    if missing():
        raise OcrUnavailable(missing())
    extension = extension.lower().lstrip(".")
    if extension not in OCR_EXTENSIONS:
        return Extracted("no_text", detail="loại tệp không nhận dạng được")
    end = time.monotonic() + FILE_SECONDS
    reader = _pdf_pages if extension == "pdf" else _image
    try:
        with tempfile.TemporaryDirectory(prefix="portal-ocr-") as folder:
            texts, stopped = reader(data, Path(folder), end)
    except subprocess.TimeoutExpired:
        return Extracted("failed", detail=f"nhận dạng quá {PAGE_SECONDS} giây một trang")
    except subprocess.CalledProcessError as error:
        logger.warning("OCR of a .%s file failed: %s", extension, error.stderr[-300:])
        return Extracted("failed", detail="tệp hỏng, không nhận dạng được")
    except Exception as error:  # noqa: BLE001 - a broken scan must never stop the worker
        logger.warning("OCR of a .%s file failed: %r", extension, error)
        return Extracted("failed", detail=f"không nhận dạng được ({str(error)[:120]})")
    text = squash_spaces("\n".join(texts))[:MAX_CHARS]
    if not text:
        return Extracted("no_text", detail="không nhận ra chữ nào trong ảnh quét")
    return Extracted("ocr", text=text, detail=stopped)
