"""The side list of pictures: a thumbnail and a status (waiting, running, done, failed + reason) each.

Every entry has its thumbnail from the start (read in the background for files), and a status line
that wraps rather than being cut off; the tooltip holds the whole of it too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from srcnn_gui.core.jobs.picture import UpscaleOutcome
from srcnn_gui.core.window.picture_queue import DONE, FAILED, QueueEntry
from srcnn_gui.gui.qt_images import to_qimage
from srcnn_gui.gui.thumbnails import ThumbnailLoader

_THUMB = 56
_STATUS_COLOURS = {FAILED: QColor(200, 40, 40), DONE: QColor(30, 130, 60)}


class QueuePanel(QListWidget):
    """A view over the entries of a :class:`~srcnn_gui.core.window.picture_queue.PictureQueue`; the window calls :meth:`refresh`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(_THUMB, _THUMB))
        self.setMinimumWidth(220)
        self.setWordWrap(True)  # a failure's reason is read whole, over several lines
        self.setResizeMode(QListView.ResizeMode.Adjust)  # and wraps again when the dock is resized
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long file name keeps its start and end
        self._paths: list[Path | None] = []
        self.thumbnails = ThumbnailLoader(_THUMB, self)
        self.thumbnails.ready.connect(self._on_thumbnail)

    def add_entry(self, entry: QueueEntry) -> None:
        item = QListWidgetItem()
        self.addItem(item)
        self._paths.append(entry.path)
        if entry.path is not None:
            self.thumbnails.request(entry.path)
        elif entry.pixels is not None:
            self._set_thumbnail(item, to_qimage(entry.pixels))
        self.refresh(self.count() - 1, entry)

    def refresh(self, row: int, entry: QueueEntry) -> None:
        """Show ``entry``'s status in row ``row`` (and a thumbnail from its result if it has none yet)."""
        item = self.item(row)
        detail = f": {entry.message}" if entry.message else ""
        item.setText(f"{entry.name}\n{entry.status}{detail}")
        item.setToolTip(f"{entry.path or entry.name}\n{entry.status}{detail}")
        colour = _STATUS_COLOURS.get(entry.status)
        item.setForeground(QBrush(colour) if colour else QBrush())
        if isinstance(entry.outcome, UpscaleOutcome) and item.icon().isNull():  # a large result's comes from its file
            self._set_thumbnail(item, to_qimage(entry.outcome.result.srcnn))

    @Slot(object, QImage)
    def _on_thumbnail(self, path: Path, image: QImage) -> None:
        for row, row_path in enumerate(self._paths):
            if row_path == path and self.item(row).icon().isNull():
                self._set_thumbnail(self.item(row), image)

    @staticmethod
    def _set_thumbnail(item: QListWidgetItem, image: QImage) -> None:
        thumb = QPixmap.fromImage(image).scaled(_THUMB, _THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation)
        item.setIcon(QIcon(thumb))
