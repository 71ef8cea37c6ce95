"""What the decoders say while a file is read, turned into notes or a failure that name the file.

Pillow reports trouble four ways: an exception (handled by the reader), a log record, a Python warning
("Truncated File Read", "Corrupt EXIF data": both about tags, as damaged pixel data raises), or a
line that the C library it wraps prints on the process's standard error (libtiff: ``tempfile.tif:
Using code not yet in table.``), which names a temporary, not the user's file. OpenCV, which reads
16-bit colour, prints too (its log, and the libpng it carries). All of these are caught while one
file is decoded (:func:`capture`): a library's word of damage to the picture data fails that file,
anything else becomes a note on it.

Several threads decode at once (the window's job and its thumbnails, training beside the window), so
each message must go to the file of the thread that caused it, and another thread's must be left alone:

- Python warnings and log records are emitted in the thread that caused them. One hook for each,
  installed for the whole process and never removed, hands those of a thread inside :func:`capture`
  to that thread's messages and passes every other thread's on unchanged, without a lock, so no thread
  ever waits on a decode. ``warnings.catch_warnings`` cannot do this: it swaps process-wide state in
  and out and is not thread-safe (one thread's exit undoes another's, and every thread's warnings land
  in the list of whoever entered last). The warnings hook is ``warnings._showwarnmsg`` ("replace if
  you like", says CPython), not ``showwarning``, because ``catch_warnings`` saves and restores
  ``showwarning`` (pytest does around every test), which would take a hook there away mid-decode.
  The log hook is a filter on Pillow's loggers: a record it takes goes no further. Pillow's warnings
  are shown every time (a filter ``always`` for the ``PIL`` modules), not once per place in the code,
  so each damaged file gets its own note.
- Standard error cannot be told apart by thread: file descriptor 2 is the process's. So it is
  redirected only around the calls into a C library that prints (:func:`load_pixels` for Pillow's
  libtiff, :func:`printing` for OpenCV), one call at a time in the whole process (one lock), and every
  decode in the process goes through the reader: the window's thumbnails too, not Qt's own decoders,
  which print "libpng error: Read Error" when they like. Of what reaches standard error during such a
  call, only lines shaped like that library's messages are taken as the file's, and its words of
  failure ("libpng error", libtiff's of damage) only when the call did fail: such a line beside a
  decode that succeeded is another's. Anything else (another thread's print, warning or traceback,
  Qt's messages) is written on to standard error unchanged. Nothing waits inside the lock but the
  library call itself.
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
from typing import IO

from PIL import Image

# Words of decoder messages that mean the pixels are not what the file was meant to hold.
_DAMAGED_DATA = re.compile(
    r"truncat|premature end|not yet in table|corrupt (jpeg|png|image) data|bad code|decoding error|crc error"
    r"|unexpected end|invalid (code|data|distance|block)|read error|wrong data",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Library:
    """How a C library's lines on standard error look: ``lines``, and among them ``fatal``, which it prints
    only as the call fails, so that one beside a call that succeeded is another's (see :func:`printing`)."""

    lines: re.Pattern[str]
    fatal: re.Pattern[str] | None = None


# libtiff: "module: message", the module a function or codec name or the name Pillow gives its in-memory
# file (a Python exception's name, the last line of another thread's traceback, is none of them). Its words
# of damage came with a failed read in each of 4,000 damaged TIFFs tried (LZW, deflate, PackBits).
LIBTIFF = Library(re.compile(r"^(tempfile\.tif|(?!\w*(Error|Exception|Warning|Interrupt|Exit):)_?[A-Za-z]\w*): \S"),
                  fatal=_DAMAGED_DATA)
# OpenCV: its log ("[ WARN:0@0.18] global grfmt_tiff.cpp:123 ...") and its libpng's, whose "libpng error"
# ends the decode (Qt's PNG reader prints the same words).
OPENCV = Library(re.compile(r"^\[\s*(FATAL|ERROR|WARN|INFO|DEBUG|VERBOSE)\b|^libpng (error|warning): "),
                 fatal=re.compile(r"^libpng error: "))


@dataclass
class LibraryCall:
    """One call in :func:`printing`; the caller says whether it failed (an exception says so too)."""

    failed: bool = False


_PRINTING = threading.Lock()  # one C library call with standard error redirected at a time, process-wide
_PASSED_ON = (DeprecationWarning, PendingDeprecationWarning)  # about code, not about the file read
_PILLOW_MODULES = r"PIL\."
_PILLOW_ALWAYS = ("always", None, UserWarning, re.compile(_PILLOW_MODULES), 0)  # as warnings.filters holds it


@dataclass
class DecoderMessages:
    """The messages of one decode, filled in as they come: Pillow's warnings and log (about metadata:
    damaged pixel data makes Pillow raise instead) and the C libraries' lines."""

    warned: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)

    def damage(self) -> str | None:
        """The libraries' messages that say the picture data is damaged, joined; None when none does."""
        return "; ".join(line for line in dict.fromkeys(self.printed) if _DAMAGED_DATA.search(line)) or None

    def notes(self) -> tuple[str, ...]:
        """The other messages, each once, as notes for the user."""
        printed = [line for line in self.printed if not _DAMAGED_DATA.search(line)]
        return tuple(f"the decoder warned: {line}" for line in dict.fromkeys(self.warned + printed))


class _Collecting(threading.local):
    messages: DecoderMessages | None = None  # this thread's, while it is inside capture()


_THREAD = _Collecting()


def _clean(text: str) -> list[str]:
    # libtiff prefixes the name Pillow gives its in-memory file; it is not the user's file, so it goes.
    lines = (re.sub(r"^tempfile\.tif:\s*", "", line.strip()) for line in text.splitlines())
    return [line for line in lines if line]


_show_elsewhere = warnings._showwarnmsg  # where other threads' warnings go, as before


def _route_warning(message: warnings.WarningMessage) -> None:
    messages = _THREAD.messages
    if messages is None or issubclass(message.category, _PASSED_ON):
        _show_elsewhere(message)
    elif not issubclass(message.category, Image.DecompressionBombWarning):  # the reader applies its own limit
        messages.warned.extend(_clean(str(message.message)))


class _RouteLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        messages = _THREAD.messages
        if messages is None or record.levelno < logging.WARNING:
            return True
        messages.warned.extend(_clean(record.getMessage()))  # Python's last-resort handler would print it unnamed
        return False


_ROUTE_LOG = _RouteLog()
warnings._showwarnmsg = _route_warning


def _hook_pillow() -> None:
    """Pillow's warnings always shown, and each of its loggers routed (both cheap when already so).

    Checked at every capture: ``catch_warnings`` restores the filters it found (so one entered before
    this module was imported drops ours), a filter put before ours would decide first, and a Pillow
    plugin makes its logger when first imported."""
    if not warnings.filters or warnings.filters[0] != _PILLOW_ALWAYS:  # first, or a filter before it may hide them
        warnings.filterwarnings("always", category=UserWarning, module=_PILLOW_MODULES)
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if name.split(".")[0] == "PIL" and isinstance(logger, logging.Logger) and _ROUTE_LOG not in logger.filters:
            logger.addFilter(_ROUTE_LOG)


@contextmanager
def capture() -> Iterator[DecoderMessages]:
    """Collect this thread's Python warnings, Pillow's log and (through :func:`load_pixels` and
    :func:`printing`) the C libraries' lines while the block runs; other threads' go on as before.

    Captures nest: an inner one keeps its messages (dropped, if its caller ignores them) from the outer one.
    """
    _hook_pillow()
    messages, outer = DecoderMessages(), _THREAD.messages
    _THREAD.messages = messages
    try:
        yield messages
    finally:
        _THREAD.messages = outer


def load_pixels(im: Image.Image) -> None:
    """``im.load()``: Pillow decodes the pixels, a TIFF's through libtiff, whose lines on standard error
    become this thread's capture's (see :func:`printing`)."""
    if im.format == "TIFF":
        with printing(LIBTIFF):
            im.load()
    else:  # Pillow's other decoders print nothing: decode without waiting for another thread's libtiff
        im.load()


@contextmanager
def printing(library: Library) -> Iterator[LibraryCall]:
    """Around a call into a C library that prints on standard error (:data:`LIBTIFF`, :data:`OPENCV`): the lines
    of ``library``'s shape written meanwhile become this thread's capture's messages (its fatal ones only when
    the call failed); the rest goes on to standard error. One such call at a time in the process.

    A line is what arrives between two line ends: libtiff writes a message in three pieces, so a line another
    thread writes in that very moment is glued to it (and taken with it when the shape fits). Such a line
    can neither fail a file that was read nor be lost: at worst it is said in the message of one that failed.
    """
    call, written = LibraryCall(), []
    try:
        with _PRINTING, _standard_error() as written:
            yield call
    except BaseException:
        call.failed = True
        raise
    finally:  # also when the library call raised: its words complete the reader's message
        _sort_out(written, library, call.failed)


def _sort_out(written: list[bytes], library: Library, failed: bool) -> None:
    """The lines of ``library``'s shape to this thread's capture, the rest on to standard error."""
    messages, passed_on = _THREAD.messages, []
    for raw in written[0].splitlines(keepends=True) if written else ():
        line = raw.decode("utf-8", "replace")
        ours = library.lines.search(line) and (failed or library.fatal is None or not library.fatal.search(line))
        if messages is not None and ours:
            messages.printed.extend(_clean(line))
        else:
            passed_on.append(raw)
    _write_to_standard_error(b"".join(passed_on))


class _LastSink:
    """The file standard error went to last, and how much of it was read: a write that began just before
    fd 2 was given back can land after that (a thread descheduled inside it), so the file stays open until
    the next redirection, which passes the rest on."""

    file: IO[bytes] | None = None
    read: int = 0


_LAST = _LastSink()


@contextmanager
def _standard_error() -> Iterator[list[bytes]]:
    """What is written to file descriptor 2 inside the block, as one item of the list (none where it
    cannot be redirected). Called under the printing lock."""
    written: list[bytes] = []
    if _LAST.file is not None:
        _LAST.file.seek(_LAST.read)
        _write_to_standard_error(_LAST.file.read())
        _LAST.file.close()
        _LAST.file = None
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no standard error at all (a windowed app on Windows)
        yield written
        return
    sink = tempfile.TemporaryFile()
    os.dup2(sink.fileno(), 2)
    try:
        yield written
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        sink.seek(0)
        written.append(sink.read())
        _LAST.file, _LAST.read = sink, len(written[0])


def _write_to_standard_error(data: bytes) -> None:
    while data:
        try:
            data = data[os.write(2, data):]
        except OSError:  # standard error closed: nowhere to pass it on to
            return
