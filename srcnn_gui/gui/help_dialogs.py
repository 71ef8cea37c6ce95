"""Help: the keyboard shortcuts (read from the window's own actions, so the list is never out of date)
and where the manual, the README, is."""

from __future__ import annotations

import tempfile
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from srcnn_gui.core.paths import project_root

CANVAS_KEYS = (
    ("← / →", "Move the divider (Compare slider)"),
    ("Wheel", "Zoom in or out"),
    ("Drag", "Pan; near the divider, move it"),
    ("Double-click", "Fit to the window"),
)


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(keys, what they do) for every action that has a shortcut, then the canvas's own keys."""
    rows = [(action.shortcut().toString(QKeySequence.SequenceFormat.NativeText), action.text().replace("&", ""))
            for action in actions if not action.shortcut().isEmpty()]
    return rows + list(CANVAS_KEYS)


class ShortcutsDialog(QDialog):
    """A two-column table: the keys, and what they do."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (keys, does) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(does))
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(440, 480)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]


def readme_url() -> QUrl | None:
    """The README: the checkout's, or the copy an installed package carries in its metadata (written
    to a temporary file to open); None when neither is there."""
    readme = project_root() / "README.md"
    if readme.is_file():
        return QUrl.fromLocalFile(str(readme))
    try:
        text = metadata.metadata("srcnn-gui").get_payload()
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    copy = Path(tempfile.mkdtemp()) / "README.md"
    copy.write_text(str(text), encoding="utf-8")
    return QUrl.fromLocalFile(str(copy))
