"""Reading the text of attached files (PDF, DOCX, XLSX, ODT, ODS), bounded.

Files come from thirty units' office PCs: scanned PDFs without a text layer,
password-protected ones, broken ones and the odd zip bomb. Every limit below
ends the reading with a status instead of an exception; the caller records
it, and the file is still found by its title.
"""

import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from html import unescape

from portal.vietnamese import squash_spaces

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 300
MAX_CHARS = 300_000
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # of the XML parts read, after decompression
MAX_SECONDS = 60
MAX_CELLS = 200_000

_TAG = re.compile(r"<[^>]+>")
_DOCX_BREAK = re.compile(r"</w:p>|<w:br/>|<w:tab/>")
_ODF_BREAK = re.compile(r"</text:p>|</text:h>|<text:tab/>|<text:line-break/>|</table:table-cell>")


@dataclass(frozen=True)
class Extracted:
    status: str  # search.models.TextStatus values
    text: str = ""
    detail: str = ""


class TooBig(Exception):
    pass


def _deadline():
    end = time.monotonic() + MAX_SECONDS

    def check():
        if time.monotonic() > end:
            raise TooBig(f"quá {MAX_SECONDS} giây")

    return check


def _read_member(archive: zipfile.ZipFile, name: str, budget: list[int]) -> str:
    """A zip member's text, refusing to inflate past the shared budget."""
    info = archive.getinfo(name)
    if info.file_size > budget[0]:
        raise TooBig("nội dung giải nén quá lớn")
    budget[0] -= info.file_size
    with archive.open(info) as member:
        data = member.read(info.file_size + 1)
    if len(data) > info.file_size:  # the header lied about the size
        raise TooBig("nội dung giải nén quá lớn")
    xml = data.decode("utf-8", errors="replace")
    if "<!ENTITY" in xml:  # entity expansion is the XML bomb: never parsed
        raise TooBig("tệp XML có khai báo thực thể")
    return xml


def _markup_text(xml: str, breaks: re.Pattern) -> str:
    return unescape(_TAG.sub("", breaks.sub("\n", xml)))


def _pdf(data: bytes, check) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                raise FileNotDecryptedError
        except Exception as error:  # noqa: BLE001 - any decryption failure means no text
            raise PermissionError("tệp PDF có mật khẩu") from error
    parts, size = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            break
        check()
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_CHARS:
            break
    return "\n".join(parts)


def _docx(data: bytes, check) -> str:
    budget = [MAX_UNZIPPED_BYTES]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = ["word/document.xml"] + sorted(
            n for n in archive.namelist() if re.match(r"word/(header|footer|footnotes)\d*\.xml$", n)
        )
        parts = []
        for name in names:
            if name in archive.namelist():
                check()
                parts.append(_markup_text(_read_member(archive, name, budget), _DOCX_BREAK))
    return "\n".join(parts)


def _odf(data: bytes, check) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check()
        return _markup_text(_read_member(archive, "content.xml", [MAX_UNZIPPED_BYTES]), _ODF_BREAK)


def _xlsx(data: bytes, check) -> str:
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise TooBig("nội dung giải nén quá lớn")
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts, cells = [], 0
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                check()
                values = [str(value) for value in row if value is not None]
                cells += len(row)
                if values:
                    parts.append(" ".join(values))
                if cells > MAX_CELLS:
                    return "\n".join(parts)
    finally:
        workbook.close()
    return "\n".join(parts)


READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "odt": _odf, "ods": _odf}


def extract(data: bytes, extension: str) -> Extracted:
    reader = READERS.get(extension.lower().lstrip("."))
    if reader is None:
        return Extracted("no_text", detail="loại tệp không có chữ để đọc")
    try:
        text = squash_spaces(reader(data, _deadline()))[:MAX_CHARS]
    except TooBig as error:
        return Extracted("failed", detail=str(error))
    except PermissionError as error:
        return Extracted("failed", detail=str(error))
    except Exception as error:  # noqa: BLE001 - a broken file must never stop the worker
        logger.warning("Cannot read the text of a .%s file: %r", extension, error)
        return Extracted("failed", detail=f"tệp hỏng hoặc không đọc được ({type(error).__name__})")
    if not text:
        return Extracted("no_text", detail="không có lớp chữ (có thể là bản quét)")
    return Extracted("ok", text=text)
