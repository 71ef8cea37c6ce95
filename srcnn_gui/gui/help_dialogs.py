"""The Help menu: the keyboard shortcuts (read from the window's own actions, so the list is never out
of date), the manual (the README) and About."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from srcnn_gui import __version__
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.paths import project_root

ABOUT = (
    "<b>SRCNN Studio</b> {version}<br><br>Image upscaling with SRCNN: C. Dong, C. C. Loy, K. He, X. Tang, "
    "<i>Image Super-Resolution Using Deep Convolutional Networks</i>, ECCV 2014 / TPAMI 2016.<br><br>"
    "Current model: {model}<br>PSNR and SSIM are measured on Y (BT.601) with the literature protocol."
)

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
        self.resize(460, 620)  # every row in view

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


class HelpMenu(QMenu):
    """*Keyboard shortcuts* (F1) over all of ``window``'s actions, *Read the manual*, and *About*, which
    names the model ``current_model`` gives."""

    def __init__(self, window: QWidget, current_model: Callable[[], ModelInfo | None]) -> None:
        super().__init__("&Help", window)
        self._window, self._current_model = window, current_model
        self.shortcuts_action = self.addAction("Keyboard shortcuts", self.show_shortcuts)
        self.shortcuts_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.readme_action = self.addAction("Read the manual (README)", self.open_readme)
        self.about_action = self.addAction("About SRCNN Studio", self.show_about)

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self._window.findChildren(QAction), self._window)
        dialog.open()
        return dialog

    def open_readme(self) -> bool:
        url = readme_url()
        if url is None or not QDesktopServices.openUrl(url):
            self._show(QMessageBox.Icon.Warning, "Manual",
                       "The README could not be opened here: it is README.md in the project's source.")
            return False
        return True

    def show_about(self) -> QMessageBox:
        model = self._current_model()
        return self._show(QMessageBox.Icon.Information, "About SRCNN Studio",
                          ABOUT.format(version=__version__, model=model.describe() if model else "none"))

    def _show(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._window)
        box.open()
        return box
