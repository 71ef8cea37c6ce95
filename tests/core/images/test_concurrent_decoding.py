"""Several threads decode good and damaged pictures at once while another thread warns, logs and writes to
standard error: every good file reads clean and every damaged one fails, each time, naming itself; what the
other thread says is neither taken for a file's nor lost.

The window decodes in two threads (a picture's job, the queue's thumbnails) and training in a third, so
what a decoder says about one file must stay that file's (srcnn_gui/core/images/decoder_messages.py).
"""

from __future__ import annotations

import io
import logging
import os
import random
import struct
import sys
import threading
import time
import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.errors import ImageReadError
from srcnn_gui.core.images.reading import read_samples

DECODERS, ROUNDS = 4, 12
# What another thread says meanwhile: Qt's PNG and JPEG readers (as the window's thumbnails used to), a
# traceback's last line, in words the damage check looks for.
NOISE = ("libpng error: Read Error", "qt.gui.imageio.jpeg: Corrupt JPEG data: premature end of data segment",
         "OSError: image file is truncated")
NOISE_WARNING = "noise from another thread: Truncated File Read"
METADATA_NOTE = "the decoder warned: Metadata Warning, tag 282 had too many entries: 2, expected 1"


def _picture(seed: int, height: int = 40, width: int = 48) -> np.ndarray:
    y, x = np.mgrid[0:height, 0:width]
    smooth = np.stack([x * 5, y * 6, (x + y) * 3], axis=-1)
    grain = np.random.default_rng(seed).integers(0, 30, (height, width, 3))
    return np.clip(smooth + grain, 0, 255).astype(np.uint8)


def _encoded(pixels: np.ndarray, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, fmt, **options)
    return buffer.getvalue()


def _metadata_warning_tiff() -> bytes:
    """A TIFF whose XResolution claims two values: Pillow warns (a note), the picture is fine."""
    data = bytearray(_encoded(_picture(7), "TIFF", dpi=(72, 72)))
    order = "<" if data[:2] == b"II" else ">"
    ifd = struct.unpack_from(order + "I", data, 4)[0]
    for index in range(struct.unpack_from(order + "H", data, ifd)[0]):
        entry = ifd + 2 + 12 * index
        if struct.unpack_from(order + "H", data, entry)[0] == 282:
            struct.pack_into(order + "I", data, entry + 4, 2)
    return bytes(data)


def _damaged_lzw_tiff() -> bytes:
    """Bits flipped inside LZW data: libtiff prints "Using code not yet in table" on standard error."""
    data = bytearray(_encoded(_picture(8), "TIFF", compression="tiff_lzw"))
    flips = random.Random(14)
    for _ in range(3):
        data[flips.randrange(8, 400)] ^= 1 << flips.randrange(8)
    return bytes(data)


@pytest.fixture()
def files(tmp_path) -> tuple[dict[Path, np.ndarray], list[Path], Path]:
    """Good files (with their samples), damaged ones, and a good one with a metadata warning."""
    good: dict[Path, bytes] = {
        tmp_path / "good.png": _encoded(_picture(1), "PNG"),
        tmp_path / "good.jpg": _encoded(_picture(2), "JPEG", quality=90),
        tmp_path / "good.tif": _encoded(_picture(3), "TIFF", compression="tiff_lzw"),
        tmp_path / "good16.png": cv2.imencode(".png", (_picture(4).astype(np.uint16) * 257)[..., ::-1])[1].tobytes(),
    }
    cut_png, cut_jpg = (_encoded(_picture(5, 64, 64), "PNG"), _encoded(_picture(6, 64, 64), "JPEG", quality=90))
    damaged = {
        tmp_path / "cut.png": cut_png[: len(cut_png) // 2],
        tmp_path / "cut.jpg": cut_jpg[: len(cut_jpg) // 2],
        tmp_path / "flipped.tif": _damaged_lzw_tiff(),
    }
    warned = tmp_path / "warned.tif"
    for path, data in {**good, **damaged, warned: _metadata_warning_tiff()}.items():
        path.write_bytes(data)
    expected = {path: read_samples(path).pixels for path in good}
    return expected, list(damaged), warned


def _other_thread(stop: threading.Event, said: list[int]) -> None:
    """Warn, log on Pillow's logger and write to file descriptor 2 until told to stop."""
    pillow_log = logging.getLogger("PIL.TiffImagePlugin")
    while not stop.is_set():
        warnings.warn(f"{NOISE_WARNING} {said[0]}", UserWarning, stacklevel=1)  # each its own: never shown "once"
        pillow_log.error("noise on Pillow's log from another thread")
        for line in NOISE:
            os.write(2, f"{line}\n".encode())
        sys.stderr.write("noise on sys.stderr: corrupt image data\n")
        sys.stderr.flush()
        said[0] += 1
        time.sleep(0.001)


def _check(path: Path, expected: dict[Path, np.ndarray], damaged: list[Path], warned: Path,
           failures: list[str]) -> str | None:
    """What went wrong with one decode of ``path``, or None; the messages of failures go to ``failures``."""
    try:
        picture = read_samples(path)
    except ImageReadError as exc:
        failures.append(str(exc))
        if path in damaged and str(exc).startswith(f"{path}: damaged or truncated image ("):
            return None
        return f"{path.name}: {exc}"
    if path in damaged:
        return f"{path.name}: read without complaint"
    if path == warned:
        return None if picture.metadata.notes == (METADATA_NOTE,) else f"{path.name}: notes {picture.metadata.notes}"
    if picture.metadata.notes:
        return f"{path.name}: notes {picture.metadata.notes}"
    return None if np.array_equal(picture.pixels, expected[path]) else f"{path.name}: other pixels"


def test_concurrent_decodes_keep_each_files_messages_its_own(files, capfd, recwarn, caplog):
    expected, damaged, warned = files
    everything = [*expected, *damaged, warned]
    wrong: list[str] = []
    failures: list[str] = []
    stop, said = threading.Event(), [0]

    def decode(seed: int) -> None:
        order = random.Random(seed)
        for _ in range(ROUNDS):
            for path in order.sample(everything, len(everything)):
                problem = _check(path, expected, damaged, warned, failures)
                if problem:
                    wrong.append(problem)

    noise = threading.Thread(target=_other_thread, args=(stop, said))
    noise.start()
    decoders = [threading.Thread(target=decode, args=(seed,)) for seed in range(DECODERS)]
    for thread in decoders:
        thread.start()
    for thread in decoders:
        thread.join(timeout=120)
    stop.set()
    noise.join(timeout=30)
    assert not any(thread.is_alive() for thread in (*decoders, noise)), "a thread hangs"
    decodes = DECODERS * ROUNDS * len(everything)
    assert not wrong, f"{len(wrong)} of {decodes} decodes went wrong, e.g. {sorted(set(wrong))[:5]}"

    assert said[0] > 0
    err = capfd.readouterr().err
    # Passed on, none swallowed. Only a line written between the pieces of one libtiff message is glued to it,
    # and then said in the failure of the damaged TIFF that libtiff was reading.
    for line in (*NOISE, "noise on sys.stderr: corrupt image data"):
        assert err.count(line) + sum(failure.count(line) for failure in failures) == said[0], line
    assert sum(r.getMessage() == "noise on Pillow's log from another thread" for r in caplog.records) == said[0]
    assert sum(str(w.message).startswith(NOISE_WARNING) for w in recwarn) == said[0]  # each warning reached the others' hook
