"""Pictures and video for a submission, as the receiving office wants them.

Benxi 本政办[2010]16号 二(二)4: pictures as jpg or gif at 4:3; video as avi, mpeg, flash or wmv.

:func:`process_picture` turns any picture Pillow reads into a JPEG (an animated GIF stays a
GIF), turned upright by its EXIF orientation and then stripped of EXIF, XMP and comments (a
photo's EXIF may record where it was taken and the camera's serial number), with the long
side capped (default 1600 px) and — on request — centre-cropped or padded to 4:3. It reports
whether the result is 4:3. Decompression bombs and damaged or truncated files are refused
with a :class:`UserError` that names the file.

:func:`check_video` refuses any video the office does not accept, with the reason.
"""
from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from fractions import Fraction

from core.errors import UserError
from core.i18n import tr

#: The ratio the portal wants (landscape).
TARGET_RATIO = Fraction(4, 3)
#: How far from 4:3 a picture may be and still count as 4:3 (1 %, i.e. 1024×766 is fine).
RATIO_TOLERANCE = 0.01
DEFAULT_MAX_SIDE = 1600
#: More pixels than this is refused as a possible decompression bomb (same limit as the review scan).
MAX_PIXELS = 80_000_000
FITS = ("keep", "crop", "pad")

#: Video containers the office accepts: avi, mpeg, flash (swf/flv) and wmv.
VIDEO_EXTENSIONS = {
    ".avi": "video/x-msvideo",
    ".mpeg": "video/mpeg",
    ".mpg": "video/mpeg",
    ".swf": "application/x-shockwave-flash",
    ".flv": "video/x-flv",
    ".wmv": "video/x-ms-wmv",
}


@dataclass(frozen=True)
class PictureOptions:
    """How pictures are prepared.

    ``fit``: "keep" (only report whether it is 4:3), "crop" (centre-crop to 4:3) or "pad"
    (add bars of ``pad_colour`` to reach 4:3). ``max_side``: the long side in pixels at most
    (0: no limit).
    """

    fit: str = "keep"
    max_side: int = DEFAULT_MAX_SIDE
    quality: int = 85
    pad_colour: tuple[int, int, int] = (255, 255, 255)

    def __post_init__(self) -> None:
        if self.fit not in FITS:
            raise UserError(tr("Unknown picture fit {fit}: use keep, crop or pad.", fit=self.fit))
        if self.max_side < 0 or (0 < self.max_side < 64):
            raise UserError(tr("The longest side of a picture must be at least 64 pixels (or 0 for no limit)."))
        if not 1 <= self.quality <= 95:
            raise UserError(tr("The JPEG quality must be between 1 and 95."))


@dataclass(frozen=True)
class ProcessedPicture:
    """A picture ready to send: its bytes, format and size, and whether it is 4:3."""

    data: bytes
    format: str  # "JPEG" or "GIF"
    width: int
    height: int
    original_width: int
    original_height: int
    ratio_ok: bool

    @property
    def extension(self) -> str:
        return ".gif" if self.format == "GIF" else ".jpg"

    @property
    def media_type(self) -> str:
        return "image/gif" if self.format == "GIF" else "image/jpeg"


def is_4_3(width: int, height: int, tolerance: float = RATIO_TOLERANCE) -> bool:
    """Whether ``width``×``height`` is 4:3 (landscape) within ``tolerance``."""
    if width <= 0 or height <= 0:
        return False
    return abs(width / height - float(TARGET_RATIO)) / float(TARGET_RATIO) <= tolerance


def crop_box_4_3(width: int, height: int) -> tuple[int, int, int, int]:
    """The centred 4:3 box inside ``width``×``height``."""
    if width * 3 > height * 4:  # too wide: cut the sides
        w = max(1, round(height * 4 / 3))
        left = (width - w) // 2
        return left, 0, left + w, height
    h = max(1, round(width * 3 / 4))
    top = (height - h) // 2
    return 0, top, width, top + h


def pad_size_4_3(width: int, height: int) -> tuple[int, int]:
    """The smallest 4:3 canvas that holds ``width``×``height``."""
    if width * 3 >= height * 4:
        return width, max(height, round(width * 3 / 4))
    return max(width, round(height * 4 / 3)), height


def _limit(width: int, height: int, max_side: int) -> tuple[int, int]:
    if not max_side or max(width, height) <= max_side:
        return width, height
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _open(data: bytes, name: str):
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UserError(tr("The picture {name} is too large to open safely (possible decompression bomb).", name=name)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise UserError(tr("{name} is not a picture that can be read (jpg, gif, png, bmp, tiff or webp).", name=name)) from None
    w, h = im.size
    if w * h > MAX_PIXELS:
        im.close()
        raise UserError(tr("The picture {name} is too large to open safely ({width}×{height} pixels; at most {limit} million).",
                           name=name, width=w, height=h, limit=MAX_PIXELS // 1_000_000))
    return im


def _damaged(name: str) -> UserError:
    return UserError(tr("The picture {name} is damaged or truncated: it cannot be read completely.", name=name))


def _fit(im, options: PictureOptions):
    """Apply crop/pad and the size cap to one RGB/RGBA/P frame."""
    from PIL import Image

    if options.fit == "crop" and not is_4_3(*im.size, tolerance=0):
        im = im.crop(crop_box_4_3(*im.size))
    elif options.fit == "pad" and not is_4_3(*im.size, tolerance=0):
        cw, ch = pad_size_4_3(*im.size)
        mode = "RGBA" if im.mode == "RGBA" else "RGB"
        fill = options.pad_colour + ((255,) if mode == "RGBA" else ())
        canvas = Image.new(mode, (cw, ch), fill)
        src = im if im.mode == mode else im.convert(mode)
        canvas.paste(src, ((cw - im.width) // 2, (ch - im.height) // 2))
        im = canvas
    size = _limit(*im.size, options.max_side)
    if size != im.size:
        im = im.resize(size, Image.Resampling.LANCZOS)
    return im


def _to_rgb(im):
    from PIL import Image

    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        bg = Image.new("RGB", rgba.size, (255, 255, 255))
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    if im.mode == "CMYK":
        return im.convert("RGB")
    if im.mode not in ("RGB", "L"):
        return im.convert("RGB")
    return im


def _process_animated_gif(im, name: str, options: PictureOptions) -> ProcessedPicture:
    from PIL import ImageSequence

    ow, oh = im.size
    frames, durations = [], []
    try:
        for frame in ImageSequence.Iterator(im):
            durations.append(frame.info.get("duration", 100))
            frames.append(_fit(frame.convert("RGBA"), options))
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _damaged(name) from None
    out = io.BytesIO()
    first = frames[0]
    first.info = {}
    first.save(out, format="GIF", save_all=True, append_images=frames[1:], duration=durations,
               loop=im.info.get("loop", 0), disposal=2, optimize=False)
    w, h = first.size
    return ProcessedPicture(out.getvalue(), "GIF", w, h, ow, oh, is_4_3(w, h))


def process_picture(data: bytes, name: str = "", options: PictureOptions | None = None) -> ProcessedPicture:
    """``data`` as a submission picture: JPEG (animated GIF kept), upright, no EXIF, capped, 4:3 on request."""
    from PIL import Image, ImageOps

    options = options or PictureOptions()
    name = name or tr("(unnamed picture)")
    im = _open(data, name)
    try:
        if im.format == "GIF" and getattr(im, "is_animated", False) and getattr(im, "n_frames", 1) > 1:
            return _process_animated_gif(im, name, options)
        ow, oh = im.size
        try:
            if im.format == "JPEG" and options.max_side:
                # Decode at a reduced scale when the result is smaller anyway: a 12-megapixel
                # photo decodes ~4× faster at half size.
                target = _limit(ow, oh, options.max_side)
                if options.fit == "crop":
                    box = crop_box_4_3(ow, oh)
                    scale = max(target) / max(box[2] - box[0], box[3] - box[1])
                    target = (max(1, round(ow * scale)), max(1, round(oh * scale)))
                im.draft("RGB", target)
            im.load()
            transposed = ImageOps.exif_transpose(im)
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _damaged(name) from None
        icc = im.info.get("icc_profile")
        # draft() may have scaled the decode; crop/pad work on the decoded size.
        work = _to_rgb(transposed)
        work = _fit(work, options)
        if work.mode not in ("RGB", "L"):
            work = _to_rgb(work)
        work.info = {}
        out = io.BytesIO()
        save_args = dict(format="JPEG", quality=options.quality, optimize=False, progressive=False)
        if icc and work.mode == "RGB" and im.mode != "CMYK":
            save_args["icc_profile"] = icc
        work.save(out, **save_args)
        w, h = work.size
        return ProcessedPicture(out.getvalue(), "JPEG", w, h, ow, oh, is_4_3(w, h))
    finally:
        im.close()


def picture_name(name: str, processed: ProcessedPicture) -> str:
    """The attachment's name with the extension of the processed picture."""
    stem, ext = os.path.splitext(name)
    return (stem or name or "picture") + processed.extension


def is_video(name: str, media_type: str = "") -> bool:
    ext = os.path.splitext(name)[1].lower()
    return media_type.startswith("video/") or media_type == "application/x-shockwave-flash" or ext in VIDEO_EXTENSIONS or ext in (
        ".mp4", ".mov", ".mkv", ".webm", ".m4v", ".3gp", ".rm", ".rmvb", ".ts", ".mts", ".vob", ".ogv")


def check_video(name: str, media_type: str = "") -> None:
    """Refuse a video the receiving office does not accept (only avi, mpeg/mpg, swf/flv, wmv)."""
    ext = os.path.splitext(name)[1].lower()
    if ext not in VIDEO_EXTENSIONS:
        raise UserError(tr("The video {name} cannot be submitted: the portal accepts only avi, mpeg/mpg, flash (swf/flv) "
                           "or wmv video. Convert it to one of these first.", name=name))


def upright_size(data: bytes, name: str = "") -> tuple[int, int]:
    """The picture's size as it is shown (EXIF orientation applied), reading only its header."""
    im = _open(data, name or tr("(unnamed picture)"))
    try:
        w, h = im.size
        try:
            orientation = im.getexif().get(0x0112, 1)
        except (OSError, SyntaxError, ValueError, EOFError):
            orientation = 1
        return (h, w) if orientation in (5, 6, 7, 8) else (w, h)
    finally:
        im.close()
