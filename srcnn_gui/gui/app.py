"""Starting the desktop application."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from srcnn_gui import __version__


def run_gui(files: Sequence[str] = ()) -> int:
    """Open the main window (with ``files`` queued, or the sample picture) and run the event loop."""
    from srcnn_gui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SRCNN Studio")
    app.setApplicationVersion(__version__)
    window = MainWindow()
    if files:
        window.add_paths([Path(f) for f in files])
    else:
        window.open_sample()
    window.show()
    return app.exec()
