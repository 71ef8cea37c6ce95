"""Thumbnails of picture files, read in a background thread so that a folder of photos never stalls the window.

The core's reader makes them (:func:`~srcnn_gui.core.images.thumbnail.read_thumbnail`), not Qt's image
readers: those print on the process's standard error ("libpng error: Read Error") while the picture's
job may be decoding another file, whose decoder's words are read there. A JPEG is decoded at a fraction
of its size. A file that cannot be read simply gets no thumbnail: the picture's own job reports what is
wrong with it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.images.thumbnail import read_thumbnail
from srcnn_gui.gui.qt_images import to_qimage


class _ReadThumbnail(QRunnable):
    def __init__(self, loader: ThumbnailLoader, path: Path, side: int) -> None:
        super().__init__()
        self._loader, self._path, self._side = loader, path, side

    def run(self) -> None:
        try:
            pixels = read_thumbnail(self._path, self._side)
        except SrcnnError:
            return
        self._loader.ready.emit(self._path, to_qimage(pixels))  # queued to the loader's (the GUI) thread


class ThumbnailLoader(QObject):
    """:meth:`request` a file's thumbnail; :attr:`ready` brings it (path, QImage) in the GUI thread."""

    ready = Signal(object, QImage)

    def __init__(self, side: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._side = side
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one reader: the pictures' jobs need the cores

    def request(self, path: Path) -> None:
        self._pool.start(_ReadThumbnail(self, path, self._side))

    def is_busy(self) -> bool:
        """Whether a thumbnail is being read or waits to be."""
        return self._pool.activeThreadCount() > 0

    def wait(self) -> None:
        """Let the readers finish (before the window goes): none may emit into a deleted loader."""
        self._pool.clear()
        self._pool.waitForDone()
