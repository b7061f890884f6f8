"""Pictures for the portal: JPEG (animated GIF kept), 4:3, no EXIF, capped size, safe to open;
video only in the accepted formats."""
from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from core.errors import UserError
from exporters.pictures import (PictureOptions, check_video, crop_box_4_3, is_4_3, pad_size_4_3, process_picture,
                                upright_size)
from tests.unit.test_export_support import animated_gif, jpeg, png


def opened(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_jpeg_out_exif_gone():
    src = jpeg(1200, 900, exif=True)
    assert Image.open(io.BytesIO(src)).getexif()  # the source has EXIF (GPS, Artist)
    out = process_picture(src, "photo.jpg")
    im = opened(out.data)
    assert out.format == "JPEG" and im.format == "JPEG"
    assert not im.getexif()
    assert b"Exif\x00\x00" not in out.data and b"GPS" not in out.data and "张三".encode() not in out.data
    assert "exif" not in im.info and "comment" not in im.info and "xmp" not in im.info
    assert out.ratio_ok and (out.width, out.height) == (1200, 900)


def test_jpeg_comment_removed():
    im = Image.new("RGB", (400, 300), "white")
    buf = io.BytesIO()
    im.save(buf, format="JPEG", comment=b"secret note")
    out = process_picture(buf.getvalue(), "c.jpg")
    assert b"secret note" not in out.data


def test_orientation_applied_before_exif_is_dropped():
    # stored 800x600 with "rotate 90" → shown 600x800 (portrait)
    src = jpeg(800, 600, orientation=6)
    assert upright_size(src) == (600, 800)
    out = process_picture(src, "rotated.jpg")
    assert (out.width, out.height) == (600, 800) and not out.ratio_ok
    assert not opened(out.data).getexif()


def test_long_side_capped_default_1600_and_configurable():
    out = process_picture(jpeg(4000, 3000), "big.jpg")
    assert (out.width, out.height) == (1600, 1200) and (out.original_width, out.original_height) == (4000, 3000)
    out = process_picture(jpeg(4000, 3000), "big.jpg", PictureOptions(max_side=800))
    assert (out.width, out.height) == (800, 600)
    out = process_picture(jpeg(2000, 1500), "big.jpg", PictureOptions(max_side=0))
    assert (out.width, out.height) == (2000, 1500)


@pytest.mark.parametrize("size", [(1920, 1080), (1000, 1000), (600, 900), (1601, 1000), (4000, 3000), (3024, 4032)])
def test_crop_gives_exactly_4_3(size):
    out = process_picture(jpeg(*size), "x.jpg", PictureOptions(fit="crop"))
    im = opened(out.data)
    assert im.size == (out.width, out.height)
    assert abs(im.width * 3 - im.height * 4) <= 4 and out.ratio_ok
    assert max(im.size) <= 1600
    assert not im.getexif()


def test_crop_is_centred():
    # a 1600×900 picture: red left quarter, blue right quarter, green middle
    im = Image.new("RGB", (1600, 900), (0, 200, 0))
    im.paste((255, 0, 0), (0, 0, 200, 900))
    im.paste((0, 0, 255), (1400, 0, 1600, 900))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    out = opened(process_picture(buf.getvalue(), "x.png", PictureOptions(fit="crop")).data)
    assert out.size == (1200, 900)  # 200 px cut from each side: the red and blue bands are gone
    left, right = out.getpixel((5, 450)), out.getpixel((1194, 450))
    assert left[1] > 150 and right[1] > 150


@pytest.mark.parametrize("size", [(1920, 1080), (600, 900), (1000, 1000)])
def test_pad_gives_exactly_4_3_with_bars(size):
    out = process_picture(jpeg(*size, colour=(0, 0, 0)), "x.jpg", PictureOptions(fit="pad", max_side=0))
    im = opened(out.data)
    assert abs(im.width * 3 - im.height * 4) <= 1 and out.ratio_ok
    assert im.width >= size[0] and im.height >= size[1]
    corner = im.getpixel((0, 0)) if im.width > size[0] else im.getpixel((0, 0))
    # the bars are white, the picture black
    if im.width > size[0]:
        assert min(im.getpixel((1, im.height // 2))) > 240
    else:
        assert min(im.getpixel((im.width // 2, 1))) > 240
    assert corner is not None


def test_png_with_transparency_becomes_jpeg_on_white():
    out = process_picture(png(400, 300, alpha=True), "logo.png")
    im = opened(out.data)
    assert out.format == "JPEG" and im.mode == "RGB" and out.extension == ".jpg"


def test_static_gif_becomes_jpeg_animated_gif_stays_gif():
    from PIL import Image as I

    buf = io.BytesIO()
    I.new("P", (400, 300), 3).save(buf, format="GIF")
    assert process_picture(buf.getvalue(), "a.gif").format == "JPEG"
    out = process_picture(animated_gif(160, 120, 3), "anim.gif")
    im = Image.open(io.BytesIO(out.data))
    assert out.format == "GIF" and im.format == "GIF" and im.n_frames == 3 and out.ratio_ok
    out = process_picture(animated_gif(200, 100, 2), "anim.gif", PictureOptions(fit="crop"))
    im = Image.open(io.BytesIO(out.data))
    assert im.size == (133, 100) or abs(im.width * 3 - im.height * 4) <= 4
    assert im.n_frames == 2


def test_ratio_check():
    assert is_4_3(800, 600) and is_4_3(1024, 766) and is_4_3(4000, 3000)
    assert not is_4_3(1920, 1080) and not is_4_3(600, 800) and not is_4_3(0, 0)
    assert not process_picture(jpeg(1920, 1080), "wide.jpg").ratio_ok


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5000), st.integers(1, 5000))
def test_crop_and_pad_geometry(w, h):
    left, top, right, bottom = crop_box_4_3(w, h)
    cw, ch = right - left, bottom - top
    assert 0 <= left and 0 <= top and right <= w and bottom <= h
    assert abs(cw * 3 - ch * 4) <= 4 or min(cw, ch) <= 2
    pw, ph = pad_size_4_3(w, h)
    assert pw >= w and ph >= h and abs(pw * 3 - ph * 4) <= 4


def test_truncated_jpeg_refused_with_a_clear_message():
    data = jpeg(1200, 900)
    with pytest.raises(UserError) as err:
        process_picture(data[: len(data) // 2], "断了.jpg")
    assert "断了.jpg" in str(err.value) and ("损坏" in str(err.value) or "不完整" in str(err.value))


def test_not_a_picture_refused():
    with pytest.raises(UserError) as err:
        process_picture(b"this is not a picture", "readme.jpg")
    assert "readme.jpg" in str(err.value)


def test_decompression_bomb_refused():
    # a PNG header claiming 30000×30000 (900 megapixels) — nothing is decoded
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    bomb = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))
    with pytest.raises(UserError) as err:
        process_picture(bomb, "bomb.png")
    assert "bomb.png" in str(err.value)
    # under Pillow's own limit but over ours (80 megapixels): refused by our check
    big = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 10000, 8500, 8, 2, 0, 0, 0))
           + chunk(b"IEND", b""))
    with pytest.raises(UserError) as err:
        process_picture(big, "big.png")
    assert "10000×8500" in str(err.value)


def test_options_validated():
    with pytest.raises(UserError):
        PictureOptions(fit="stretch")
    with pytest.raises(UserError):
        PictureOptions(max_side=10)


@pytest.mark.parametrize("name", ["会议.avi", "a.MPEG", "b.mpg", "c.swf", "d.flv", "e.wmv"])
def test_accepted_video(name):
    check_video(name)


@pytest.mark.parametrize("name", ["会议.mp4", "a.mov", "b.mkv", "c.webm", "noext"])
def test_refused_video_says_why(name):
    with pytest.raises(UserError) as err:
        check_video(name, "video/mp4")
    assert name in str(err.value) and "avi" in str(err.value) and "wmv" in str(err.value)
