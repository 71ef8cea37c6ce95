"""Thumbnails of picture files, read in a background thread so that a folder of photos never stalls the window.

Qt's image reader decodes straight to the small size where the format allows (JPEG scales while
decoding) and applies the EXIF orientation. A file Qt cannot read simply gets no thumbnail: the
picture's own job reports what is wrong with it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader


class _ReadThumbnail(QRunnable):
    def __init__(self, loader: ThumbnailLoader, path: Path, side: int) -> None:
        super().__init__()
        self._loader, self._path, self._side = loader, path, side

    def run(self) -> None:
        reader = QImageReader(str(self._path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and size.width() > 0 and size.height() > 0:
            reader.setScaledSize(size.scaled(QSize(self._side, self._side), Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if not image.isNull():
            self._loader.ready.emit(self._path, image)  # queued to the loader's (the GUI) thread


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

    def wait(self) -> None:
        """Let the readers finish (before the window goes): none may emit into a deleted loader."""
        self._pool.clear()
        self._pool.waitForDone()
