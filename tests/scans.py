"""Scans made by the tests themselves: a page of the Guidance rendered to an
image with a DejaVu font, degraded as an office scanner degrades it (grey
paper, a slight skew, blur, noise, JPEG), and wrapped in a PDF that has no
text layer."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
GUIDANCE_PAGE = (
    "BAN TUYÊN GIÁO TỈNH ỦY LÂM ĐỒNG",
    "HƯỚNG DẪN",
    "Tuyên truyền, quán triệt và tổ chức thực hiện Kế hoạch số 53-KH/TU",
    "của Ban Thường vụ Tỉnh ủy về tăng cường công tác chỉ đạo, quản lý,",
    "chấn chỉnh hoạt động báo, tạp chí, trang thông tin điện tử,",
    "mạng xã hội trên địa bàn tỉnh Lâm Đồng.",
    "Các cơ quan báo chí của tỉnh tổ chức tuyên truyền, quán triệt",
    "sâu rộng trong cán bộ, đảng viên và nhân dân.",
)


def page_image(lines=GUIDANCE_PAGE, *, dpi: int = 150, degrade: bool = True) -> Image.Image:
    """An A4 page at `dpi` holding `lines` in 12-point type."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size=int(13 * dpi / 72))
    y = dpi
    for line in lines:
        draw.text((dpi, y), line, font=font, fill=0)
        y += int(font.size * 1.8)
    if not degrade:
        return image
    rng = random.Random(16)
    image = image.rotate(0.8, resample=Image.Resampling.BICUBIC, fillcolor=235)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    pixels = image.load()
    for _ in range(width * height // 200):  # specks of dust and toner
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((40, 200))
    grey = Image.new("L", image.size, 225)
    image = Image.composite(image, grey, image.point(lambda v: 255 if v > 128 else 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=45)
    return Image.open(io.BytesIO(out.getvalue()))


def scanned_pdf(lines=GUIDANCE_PAGE, *, pages: int = 1, **kwargs) -> bytes:
    """A PDF of scanned pages: images only, no text layer (as Pillow writes it)."""
    images = [page_image(lines, **kwargs).convert("RGB") for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(
        out, "PDF", resolution=kwargs.get("dpi", 150), save_all=True, append_images=images[1:]
    )
    return out.getvalue()


def scanned_jpeg(lines=GUIDANCE_PAGE, **kwargs) -> bytes:
    out = io.BytesIO()
    page_image(lines, **kwargs).convert("RGB").save(out, "JPEG", quality=60)
    return out.getvalue()
