"""*File › Open recent*: the last pictures opened, remembered in the application's settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QMenu, QWidget

MAX_RECENT = 8
_KEY = "recent"


class RecentFilesMenu(QMenu):
    """The newest first, each at most once; :attr:`chosen` gives the path picked."""

    chosen = Signal(object)  # the Path picked

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__("Open recent", parent)
        self._settings = settings
        self._rebuild()

    def files(self) -> list[str]:
        value = self._settings.value(_KEY, [])
        return [value] if isinstance(value, str) else list(value or [])

    def remember(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self.files() if p != str(path)]
        self._settings.setValue(_KEY, recent[:MAX_RECENT])
        self._rebuild()

    def _rebuild(self) -> None:
        self.clear()
        for name in self.files():
            self.addAction(name, lambda p=name: self.chosen.emit(Path(p)))
        self.setEnabled(bool(self.files()))
