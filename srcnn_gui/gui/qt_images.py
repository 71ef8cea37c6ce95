"""Between internal-form images (float32 H x W x C in [0, 1]) and QImages."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from srcnn_gui.core.images.pixels import to_float, to_uint8

_FORMATS = {1: QImage.Format.Format_Grayscale8, 3: QImage.Format.Format_RGB888, 4: QImage.Format.Format_RGBA8888}


def to_qimage(image: np.ndarray) -> QImage:
    """A QImage that owns a copy of the pixels (safe to keep after ``image`` is gone)."""
    data = to_uint8(image)
    if data.shape[2] == 2:  # grey + alpha has no QImage format: show it as RGBA
        data = np.concatenate([np.repeat(data[..., :1], 3, axis=2), data[..., 1:]], axis=2)
    data = np.ascontiguousarray(data)
    height, width, channels = data.shape
    wrapped = QImage(data.data, width, height, width * channels, _FORMATS[channels])
    return wrapped.copy()  # the wrapper points into numpy memory; the copy owns its own


def from_qimage(image: QImage) -> np.ndarray:
    """A pasted or dropped QImage in the internal form (RGBA when it has transparency, else RGB)."""
    has_alpha = image.hasAlphaChannel()
    converted = image.convertToFormat(QImage.Format.Format_RGBA8888 if has_alpha else QImage.Format.Format_RGB888)
    channels = 4 if has_alpha else 3
    width, height = converted.width(), converted.height()
    rows = np.frombuffer(converted.constBits(), np.uint8, count=converted.bytesPerLine() * height)
    pixels = rows.reshape(height, converted.bytesPerLine())[:, : width * channels].reshape(height, width, channels)
    return to_float(pixels.copy())
