"""What the window's parts (the File actions, the menus) use of the main window, as a protocol: they are
built by the window and call back into it, and naming the protocol instead of ``MainWindow`` keeps the
imports one-way."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenuBar, QMessageBox, QStatusBar, QWidget

from srcnn_gui.core.window.picture_queue import QueueEntry
from srcnn_gui.core.window.window_model import WindowModel


class WindowHost(Protocol):
    """The main window as its parts see it (it is also the QWidget they parent their actions and dialogs to)."""

    model: WindowModel
    settings: QSettings

    def add_paths(self, paths: list[Path]) -> int: ...

    def show_new(self, entries: list[QueueEntry]) -> None: ...

    def show_error(self, title: str, message: str) -> QMessageBox: ...

    def open_train_dialog(self) -> QWidget: ...

    def statusBar(self) -> QStatusBar: ...

    def menuBar(self) -> QMenuBar: ...

    def close(self) -> bool: ...
