"""Page images of an uploaded file, for reading it in the browser without
downloading it.

PDFs are rendered with poppler's `pdftoppm`; DOCX, XLSX, ODT and ODS are first
turned into PDF by LibreOffice headless where it is installed; JPG and PNG are
their own single page. Bounded like text extraction: the first pages only,
a pixel budget per page, a timeout on every command.
"""

import functools
import io
import re
import shutil
import subprocess  # noqa: S404 - fixed programs, arguments built here, never a shell
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_PAGES = 30
PAGE_PIXELS = 1400  # longest side of a page image
THUMBNAIL_PIXELS = 240
COMMAND_SECONDS = 60
CONVERT_SECONDS = 120
MAX_IMAGE_PIXELS = 50_000_000
OFFICE_EXTENSIONS = {"docx", "xlsx", "odt", "ods"}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png"}
_PAGES = re.compile(r"Pages:\s+(\d+)")


@dataclass
class Rendered:
    status: str  # attachments.models.PreviewStatus values
    page_count: int | None = None
    pages: list[bytes] = field(default_factory=list)  # PNG, page 1 first
    thumbnail: bytes = b""
    detail: str = ""


@functools.cache
def office_program() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(args: list[str], seconds: float) -> subprocess.CompletedProcess:
    program = shutil.which(args[0]) or args[0]
    return subprocess.run(  # noqa: S603
        [program, *args[1:]], capture_output=True, timeout=seconds, check=True
    )


def _png(image, longest: int) -> bytes:
    image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    image.thumbnail((longest, longest))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _from_pdf(path: Path, folder: Path) -> Rendered:
    if shutil.which("pdftoppm") is None:
        return Rendered("unavailable", detail="máy chủ chưa cài poppler-utils")
    info = _run(["pdfinfo", str(path)], COMMAND_SECONDS).stdout.decode(errors="replace")
    found = _PAGES.search(info)
    count = int(found.group(1)) if found else 0
    if not count:
        return Rendered("failed", detail="tệp PDF không có trang nào")
    _run(
        [
            "pdftoppm", "-f", "1", "-l", str(min(count, MAX_PAGES)),
            "-scale-to", str(PAGE_PIXELS), "-png", str(path), str(folder / "page"),
        ],
        COMMAND_SECONDS * 3,
    )  # fmt: skip
    images = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    pages = [image.read_bytes() for image in images]
    from PIL import Image

    with Image.open(io.BytesIO(pages[0])) as first:
        thumbnail = _png(first, THUMBNAIL_PIXELS)
    return Rendered("ready", page_count=count, pages=pages, thumbnail=thumbnail)


def _from_office(path: Path, folder: Path) -> Rendered:
    program = office_program()
    if program is None:
        return Rendered("unavailable", detail="máy chủ chưa cài LibreOffice")
    # Its own profile folder: a second LibreOffice sharing the user's profile waits forever.
    _run(
        [
            program, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
            "--convert-to", "pdf", "--outdir", str(folder / "out"), str(path),
        ],
        CONVERT_SECONDS,
    )  # fmt: skip
    converted = next((folder / "out").glob("*.pdf"), None)
    if converted is None:
        return Rendered("failed", detail="LibreOffice không chuyển được tệp sang PDF")
    return _from_pdf(converted, folder)


def _from_image(path: Path, folder: Path) -> Rendered:
    from PIL import Image

    with Image.open(path) as image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            return Rendered("failed", detail="ảnh quá lớn để xem trước")
        image.load()
        page = _png(image.copy(), PAGE_PIXELS)
        thumbnail = _png(image.copy(), THUMBNAIL_PIXELS)
    return Rendered("ready", page_count=1, pages=[page], thumbnail=thumbnail)


def render(data: bytes, extension: str) -> Rendered:
    extension = extension.lower().lstrip(".")
    if extension == "pdf":
        reader = _from_pdf
    elif extension in OFFICE_EXTENSIONS:
        reader = _from_office
    elif extension in IMAGE_EXTENSIONS:
        reader = _from_image
    else:
        return Rendered("unavailable", detail="loại tệp không xem trước được")
    try:
        with tempfile.TemporaryDirectory(prefix="portal-preview-") as folder:
            path = Path(folder) / f"source.{extension}"
            path.write_bytes(data)
            return reader(path, Path(folder))
    except subprocess.TimeoutExpired:
        return Rendered("failed", detail="tạo bản xem trước quá thời gian cho phép")
    except subprocess.CalledProcessError:
        return Rendered("failed", detail="tệp hỏng, không tạo được bản xem trước")
    except Exception as error:  # noqa: BLE001 - a broken file must never stop the worker
        return Rendered("failed", detail=f"không tạo được bản xem trước ({type(error).__name__})")
