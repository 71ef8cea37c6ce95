"""The side list of pictures: a thumbnail and a status (waiting, running, done, failed + reason) each."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from srcnn_gui.core.jobs.picture_queue import DONE, FAILED, QueueEntry
from srcnn_gui.gui.qt_images import to_qimage

_THUMB = 56
_STATUS_COLOURS = {FAILED: QColor(200, 40, 40), DONE: QColor(30, 130, 60)}


class QueuePanel(QListWidget):
    """A view over the entries of a :class:`~srcnn_gui.core.jobs.picture_queue.PictureQueue`; the window calls :meth:`refresh`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(_THUMB, _THUMB))
        self.setMinimumWidth(220)
        self.setUniformItemSizes(True)

    def add_entry(self, entry: QueueEntry) -> None:
        item = QListWidgetItem()
        self.addItem(item)
        self.refresh(self.count() - 1, entry)

    def refresh(self, row: int, entry: QueueEntry) -> None:
        """Show ``entry``'s status (and thumbnail once there is a result) in row ``row``."""
        item = self.item(row)
        detail = f": {entry.message}" if entry.message else ""
        item.setText(f"{entry.name}\n{entry.status}{detail}")
        item.setToolTip(f"{entry.path or entry.name}\n{entry.status}{detail}")
        colour = _STATUS_COLOURS.get(entry.status)
        item.setForeground(QBrush(colour) if colour else QBrush())
        if entry.outcome is not None and item.icon().isNull():
            thumb = QPixmap.fromImage(to_qimage(entry.outcome.result.srcnn)).scaled(
                _THUMB, _THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            item.setIcon(QIcon(thumb))
