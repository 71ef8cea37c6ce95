"""JPEG as users have it: the quality a file was saved at, and the same compression applied on purpose.

The quality is read back from the file's luminance quantization table: IJG-style encoders (libjpeg,
Pillow, OpenCV, most cameras' firmware and web tools) scale the table of the JPEG standard's
Annex K by one quality factor, so the factor whose scaled table is nearest the file's is its quality.
Encoders with tables of their own get the nearest IJG quality, which is what the denoise level needs.
"""

from __future__ import annotations

import io
import os

import numpy as np
from PIL import Image

from srcnn_gui.core.file_kinds import not_a_regular_file
from srcnn_gui.core.images import decoder_messages

# The level names live in denoise_levels; gui/main_window.py still imports these three from here.

# Annex K.1 of ITU-T T.81: the luminance quantization table at quality 50, in natural (row) order,
# the order Pillow's ``Image.quantization`` uses.
_ANNEX_K_LUMINANCE = np.array([
    16, 11, 10, 16, 24, 40, 51, 61,
    12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77,
    24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99,
], dtype=np.float64)


def ijg_luminance_table(quality: int) -> np.ndarray:
    """The luminance table libjpeg writes at ``quality`` (1-100), baseline (entries 1-255)."""
    factor = 5000 / quality if quality < 50 else 200 - 2 * quality
    return np.clip(np.floor((_ANNEX_K_LUMINANCE * factor + 50) / 100), 1, 255)


_IJG_TABLES = np.stack([ijg_luminance_table(q) for q in range(1, 101)])


def quality_from_table(table: list[int] | np.ndarray) -> int:
    """The IJG quality (1-100) whose luminance table is nearest ``table`` (64 entries, natural order)."""
    values = np.asarray(table, dtype=np.float64).reshape(64)
    # Relative distance: at high qualities the entries are 1-5 and an absolute one would see no difference.
    errors = np.abs(np.log(_IJG_TABLES) - np.log(np.maximum(values, 1.0))).sum(axis=1)
    return int(np.argmin(errors)) + 1


def estimate_quality(image: Image.Image) -> int | None:
    """The quality a JPEG was saved at, from its quantization tables; None for other formats."""
    tables = getattr(image, "quantization", None)
    if image.format != "JPEG" or not tables:
        return None
    return quality_from_table(tables[min(tables)])


def compress(pixels: np.ndarray, quality: int) -> np.ndarray:
    """8-bit pixels (H x W x 1 or 3) through a JPEG round trip at ``quality`` (Pillow's defaults: 4:2:0 chroma)."""
    grey = pixels.shape[2] == 1
    buffer = io.BytesIO()
    Image.fromarray(pixels[..., 0] if grey else pixels).save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as im:
        decoded = np.asarray(im.convert("L" if grey else "RGB"))
    return decoded[..., None] if grey else decoded


def file_quality(path: str | os.PathLike[str]) -> int | None:
    """The JPEG quality of the file at ``path`` from its header alone; None if it is not a readable JPEG.

    Cheap (the pixels are not decoded), so a batch can choose each file's model before reading it;
    a file that cannot be read is reported by the reader later (a named pipe is not opened: it would block).
    """
    if not_a_regular_file(path):
        return None
    try:
        with decoder_messages.capture():  # dropped: what Pillow warns about is reported when the file is read
            with Image.open(path) as im:
                return estimate_quality(im)
    except (OSError, ValueError):
        return None
