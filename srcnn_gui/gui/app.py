"""Starting the desktop application."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from srcnn_gui import __version__
from srcnn_gui.core.paths import icon_path


def run_gui(
    files: Sequence[str] = (),
    *,
    view: str | None = None,
    mode: str | None = None,
    zoom: float | None = None,
    screenshot: Path | None = None,
) -> int:
    """Open the main window (with ``files`` queued, or the sample picture) and run the event loop.

    ``screenshot``: save a picture of the window once the queue is done, then quit (documentation
    and the packaged build's smoke test use it).
    """
    from srcnn_gui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SRCNN Studio")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(icon_path())))
    # A screenshot run neither reads nor changes the user's remembered choices: it shows the defaults.
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat) if screenshot else None
    window = MainWindow(settings)
    if mode:
        window.mode_combo.setCurrentIndex(max(0, window.mode_combo.findData(mode)))
    if view:
        window.set_view_mode(view)
    if screenshot is not None:
        window.queue_idle.connect(lambda: _save_screenshot(app, window, screenshot, zoom))
    if files:
        window.add_paths([Path(f) for f in files])
    else:
        window.open_sample()
    window.show()
    return app.exec()


def _save_screenshot(app: QApplication, window, path: Path, zoom: float | None) -> None:
    if zoom:
        window.view.set_zoom(zoom)
    app.processEvents()
    window.grab().save(str(path))
    print(f"wrote {path}", flush=True)
    window.close()
    app.quit()
