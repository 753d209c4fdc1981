"""Checking uploaded pictures: library entry images and the practice logo.

An upload is judged by its content, never by its name or the browser's content type:
Pillow must recognise it as one of a few raster formats, its declared size is checked
before any pixel is decoded (so a small file claiming huge dimensions is refused), and
what gets stored is a fresh re-encoding: upright, at most MAX_SIDE pixels on its longest
side and carrying no EXIF (camera, GPS) or other metadata from the original.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
MAX_SIDE = 2000
JPEG_QUALITY = 85
ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF"})

NOT_A_PICTURE = "That file isn't a picture we can use: upload a PNG, JPEG or WebP image."
TOO_LARGE = "That picture is too large: upload one of at most 5 MB."
TOO_MANY_PIXELS = (
    "That picture has too many pixels to handle safely: upload one of at most "
    "25 megapixels (for example 5000 × 5000)."
)


def clean_uploaded_image(file) -> ContentFile:
    """Return a cleaned copy of an uploaded picture, or raise ValidationError.

    PNG and GIF (first frame) come back as PNG, as does anything with transparency;
    other pictures come back as JPEG. The original file is left untouched.
    """
    size = file.size if getattr(file, "size", None) is not None else len(file.read())
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    file.seek(0)
    picture, as_png = _decode(file)
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return _encode(picture, as_png=as_png, stem=Path(getattr(file, "name", "") or "image").stem)


def _decode(file) -> tuple[Image.Image, bool]:
    """Decode the first frame upright as RGB or RGBA, refusing anything unusable or too big.

    Also says whether to keep it as PNG (lossless source or transparency).
    """
    try:
        with warnings.catch_warnings():
            # Pillow warns (rather than fails) between its limit and twice its limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(file)
            if picture.format not in ACCEPTED_FORMATS:
                raise ValidationError(NOT_A_PICTURE, code="unsupported_format")
            # The header's dimensions are checked before a single pixel is decoded.
            if picture.width * picture.height > MAX_PIXELS:
                raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
            # verify() checks chunk checksums and catches a cut-short PNG even when
            # another library (WeasyPrint) has set ImageFile.LOAD_TRUNCATED_IMAGES.
            picture.verify()
            file.seek(0)
            picture = Image.open(file)
            picture.seek(0)
            picture.load()
            as_png = picture.format in ("PNG", "GIF") or _has_transparency(picture)
            picture = ImageOps.exif_transpose(picture)
            picture = picture.convert("RGBA" if _has_transparency(picture) else "RGB")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from exc
    except Exception as exc:
        # Malformed files make Pillow raise all sorts (OSError, SyntaxError, ValueError,
        # struct.error...); every one of them means "not a picture we can use".
        raise ValidationError(NOT_A_PICTURE, code="invalid_image") from exc
    return picture, as_png


def _has_transparency(picture: Image.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA", "La", "RGBa") or ("transparency" in picture.info)


def _encode(picture: Image.Image, *, as_png: bool, stem: str) -> ContentFile:
    # A bare copy of the pixels: no EXIF, XMP, comments or text chunks travel with it.
    bare = Image.new(picture.mode, picture.size)
    bare.paste(picture)
    buffer = io.BytesIO()
    if as_png:
        bare.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        bare.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{stem or 'image'}.{extension}")
