"""A picture's EXIF as we carry it to the output: the orientation read (to apply to the pixels) and
the rest re-encoded, keeping every tag that can be kept.

Cameras and editors write EXIF with wrong types or counts now and then. Pillow reads such a block
but fails to write it back (``TypeError``, ``struct.error``), or cannot read it at all; either way the
picture is still good. So damaged tags are dropped one by one with a note naming them, and a block
that cannot be read at all is dropped whole, with a note, while the pixels are upscaled as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PIL import ExifTags, Image, TiffImagePlugin

from srcnn_gui.core.images import decoder_messages

ORIENTATION = 0x0112
_EXIF_IFD, _GPS_IFD, _INTEROP_IFD = 0x8769, 0x8825, 0xA005
_SUB_IFDS = (_EXIF_IFD, _GPS_IFD)


@dataclass(frozen=True)
class UprightExif:
    """The orientation to apply (1: none), the EXIF to write (without the orientation; None: none) and notes."""

    orientation: int = 1
    data: bytes | None = None
    notes: tuple[str, ...] = ()


def _tag_name(tag: int, group: int | None) -> str:
    names = ExifTags.GPSTAGS if group == _GPS_IFD else ExifTags.TAGS
    return names.get(tag, f"0x{tag:04X}")


def _writable(tag: int, value: Any) -> bool:
    probe = TiffImagePlugin.ImageFileDirectory_v2()
    try:
        probe[tag] = value
        probe.tobytes()
    except Exception:  # Pillow raises whatever the damaged value provokes (TypeError, struct.error, ...)
        return False
    return True


def _kept(values: dict[int, Any], group: int | None, dropped: list[str]) -> dict[int, Any]:
    """The entries of one directory that can be written, each tested alone; the others' names into ``dropped``."""
    kept = {}
    for tag, value in values.items():
        if isinstance(value, dict):
            value = _kept(value, tag, dropped)
        if _writable(tag, value):
            kept[tag] = value
        else:
            dropped.append(_tag_name(tag, group))
    return kept


def _directories(exif: Image.Exif) -> dict[int, Any]:
    """The main directory with its Exif and GPS sub-directories (and Interop inside Exif) as dictionaries."""
    values: dict[int, Any] = {}
    for tag, value in exif.items():
        if tag in _SUB_IFDS:
            value = dict(exif.get_ifd(tag))
            if tag == _EXIF_IFD and _INTEROP_IFD in value:
                value[_INTEROP_IFD] = dict(exif.get_ifd(_INTEROP_IFD))
        values[tag] = value
    return values


def _encode(exif: Image.Exif) -> tuple[bytes | None, tuple[str, ...]]:
    try:
        return exif.tobytes(), ()
    except Exception:  # a damaged tag: keep the others
        pass
    try:
        dropped: list[str] = []
        clean = Image.Exif()
        for tag, value in _kept(_directories(exif), None, dropped).items():
            clean[tag] = value
        data = clean.tobytes()
    except Exception:
        return None, ("EXIF damaged beyond repair: not copied to the output",)
    return data, (f"EXIF tag(s) {', '.join(dropped)} damaged: not copied (the rest of the EXIF is)",)


_UNREADABLE = "EXIF unreadable (damaged): not copied, and any orientation it gives is not applied"


def _orientation(im: Image.Image) -> int | None:
    try:
        with _exif_warnings():
            return im.getexif().get(ORIENTATION, 1)
    except Exception:  # the block cannot even be parsed
        return None


@contextmanager
def _exif_warnings() -> Iterator[None]:
    """Pillow's warnings while it parses EXIF ("Truncated File Read") are about the EXIF, not the pixels:
    they are kept apart from the decoder's (:mod:`~srcnn_gui.core.images.decoder_messages`) and dropped,
    the damage itself being reported by what cannot be kept."""
    with decoder_messages.capture():  # this thread's, nested in the reader's: its messages go nowhere
        yield


def orientation_of(im: Image.Image) -> tuple[int, tuple[str, ...]]:
    """The EXIF orientation of ``im`` (1 to 8; 1 where there is none or it is unusable) and a note if it is damaged."""
    orientation = _orientation(im)
    if orientation is None:
        return 1, (_UNREADABLE,)
    if orientation not in range(1, 9):
        return 1, (f"EXIF orientation {orientation!r} is not one of 1 to 8: not applied",)
    return orientation, ()


def upright_exif(im: Image.Image) -> UprightExif:
    """The orientation of ``im``'s EXIF and the rest of its EXIF re-encoded (damaged tags dropped, with notes).

    TIFF files keep EXIF among their own structure tags (strip offsets, sizes), which must not be
    copied, so their EXIF gives the orientation only.
    """
    if _orientation(im) is None:
        return UprightExif(notes=(_UNREADABLE,))
    orientation, notes = orientation_of(im)
    if im.format == "TIFF" or not im.info.get("exif"):
        return UprightExif(orientation, None, notes)
    exif = Image.Exif()  # our own copy: the image's stays as read
    try:
        with _exif_warnings():
            exif.load(im.info["exif"])
            exif.pop(ORIENTATION, None)  # applied to the pixels, so nothing turns twice
            data, more = _encode(exif) if len(exif) else (None, ())
    except Exception:
        data, more = None, ("EXIF unreadable (damaged): not copied",)
    return UprightExif(orientation, data, notes + more)
