"""The status bar's progress bar and Cancel button, shared by every job the window runs."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from srcnn_gui.core.progress import RemainingTime, format_duration


class WorkProgress(QWidget):
    """Shows progress with the time left while something runs; hidden otherwise."""

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._remaining = RemainingTime()
        self.setVisible(False)

    def start(self) -> None:
        """A new piece of work: a busy bar until the first progress, and a new estimate."""
        self.bar.setRange(0, 0)
        self._remaining = RemainingTime()
        self.setVisible(True)

    @Slot(int, int)
    def update_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        left = self._remaining.update(done, total)
        self.bar.setFormat("%p%" if left is None else f"%p%  ·  {format_duration(left)} left")

    def text(self) -> str:
        """The bar's text as shown ("40%  ·  3 s left"), for other places that show the same progress."""
        return self.bar.text()
