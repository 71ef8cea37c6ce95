"""What the decoders say while a file is read, turned into notes or a failure that name the file.

Pillow reports trouble four ways: an exception (handled by the reader), a log record, a Python warning
("Truncated File Read", "Corrupt EXIF data": both about tags, as damaged pixel data raises), or a
line that the C library it wraps prints on the process's standard error (libtiff: ``tempfile.tif:
Using code not yet in table.``), which names a temporary, not the user's file. Both of the latter
are caught here while one file is decoded: a library's word of damage to the picture data fails that
file, anything else becomes a note on it.

The C libraries write to file descriptor 2, so it is redirected while a file is decoded; a lock keeps
two threads' decodes from mixing their messages.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PIL import Image

# Words of decoder messages that mean the pixels are not what the file was meant to hold.
_DAMAGED_DATA = re.compile(
    r"truncat|premature end|not yet in table|corrupt (jpeg|png|image) data|bad code|decoding error|crc error"
    r"|unexpected end|invalid (code|data|distance|block)|read error|wrong data",
    re.IGNORECASE,
)
_LOCK = threading.Lock()


@dataclass
class DecoderMessages:
    """The messages of one decode, filled in when the ``with`` block of :func:`capture` ends: Pillow's
    warnings (about metadata: damaged pixel data makes Pillow raise instead) and the C libraries' lines."""

    warned: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)

    def damage(self) -> str | None:
        """The libraries' messages that say the picture data is damaged, joined; None when none does."""
        return "; ".join(line for line in dict.fromkeys(self.printed) if _DAMAGED_DATA.search(line)) or None

    def notes(self) -> tuple[str, ...]:
        """The other messages, each once, as notes for the user."""
        printed = [line for line in self.printed if not _DAMAGED_DATA.search(line)]
        return tuple(f"the decoder warned: {line}" for line in dict.fromkeys(self.warned + printed))


def _clean(text: str) -> list[str]:
    # libtiff prefixes the name Pillow gives its in-memory file; it is not the user's file, so it goes.
    lines = (re.sub(r"^tempfile\.tif:\s*", "", line.strip()) for line in text.splitlines())
    return [line for line in lines if line]


@contextmanager
def _standard_error() -> Iterator[list[str]]:
    """Lines written to file descriptor 2 inside the block (none where it cannot be redirected)."""
    lines: list[str] = []
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no standard error at all (a windowed app on Windows)
        yield lines
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            lines.extend(_clean(sink.read().decode("utf-8", "replace")))


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.extend(_clean(record.getMessage()))


@contextmanager
def _pillow_log() -> Iterator[list[str]]:
    """Pillow's log records of warning level and above inside the block (Python's last-resort handler
    would print them unnamed)."""
    lines: list[str] = []
    logger, handler = logging.getLogger("PIL"), _Collect(lines)
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


@contextmanager
def capture() -> Iterator[DecoderMessages]:
    """Collect the Python warnings, Pillow's log and the C-library messages of the decode inside the block."""
    messages = DecoderMessages()
    with _LOCK:
        try:
            with warnings.catch_warnings(record=True) as caught, _pillow_log() as logged, _standard_error() as printed:
                warnings.simplefilter("always")
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the reader applies its own limit
                yield messages
        finally:  # also when the decode raised: its words complete the reader's message
            messages.warned.extend(line for w in caught for line in _clean(str(w.message)))
            messages.warned.extend(logged)
            messages.printed.extend(printed)
