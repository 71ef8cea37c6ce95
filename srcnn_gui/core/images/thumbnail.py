"""Small pictures of files for lists (the window's queue).

Read by the reader like any picture, never by another decoder: so what its decoders say stays this
file's (:mod:`~srcnn_gui.core.images.decoder_messages`), and the thumbnail is upright as the result
will be. JPEG decodes at a fraction of its size; other formats are read whole, then shrunk.
"""

from __future__ import annotations

import os

import cv2
import numpy as np

from srcnn_gui.core.images.pixels import samples_to_float
from srcnn_gui.core.images.reading import read_samples


def read_thumbnail(path: str | os.PathLike[str], side: int) -> np.ndarray:
    """The picture in ``path``, upright, at most ``side`` pixels a side (its aspect kept), in the internal form.

    Raises :class:`~srcnn_gui.core.errors.ImageReadError` as :func:`~srcnn_gui.core.images.reading.read_samples` does.
    """
    samples = read_samples(path, reduce_to=side).pixels
    height, width, channels = samples.shape
    factor = side / max(height, width)
    if factor < 1:
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
        samples = cv2.resize(samples, size, interpolation=cv2.INTER_AREA).reshape(size[1], size[0], channels)
    return samples_to_float(samples)
