"""Starting the desktop application."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from srcnn_gui import __version__
from srcnn_gui.core.paths import icon_path
from srcnn_gui.gui.main_window import MainWindow


def build_window(
    files: Sequence[str | Path] = (),
    *,
    view: str | None = None,
    mode: str | None = None,
    scale: str | None = None,
    model: Path | None = None,
    settings: QSettings | None = None,
    on_idle: Callable[[MainWindow], None] | None = None,
) -> MainWindow:
    """The main window as the command line asks for it: ``files`` queued (or the sample picture), the
    Scale field's text, the model (a file of that scale), view and mode; ``on_idle`` runs once the
    queue is done (connected before any picture starts)."""
    window = MainWindow(settings)
    if mode:
        window.model.set_mode(mode)
    if view:
        window.canvas.set_view_mode(view)
    if scale:
        window.model.set_scale_text(scale)
    if model is not None:
        window.model.refresh_models(select_path=str(model))
    if on_idle is not None:
        window.queue_idle.connect(lambda: on_idle(window))
    if files:
        window.add_paths([Path(f) for f in files])
    else:
        window.open_sample()
    return window


def run_gui(
    files: Sequence[str | Path] = (),
    *,
    view: str | None = None,
    mode: str | None = None,
    scale: str | None = None,
    model: Path | None = None,
    zoom: float | None = None,
    screenshot: Path | None = None,
) -> int:
    """Open the main window (see :func:`build_window`) and run the event loop; the exit code.

    ``screenshot``: save a picture of the window once the queue is done, print each picture's outcome,
    then quit, with exit code 1 if a picture was not done or the screenshot could not be taken
    (documentation and the packaged build's smoke test use it).
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SRCNN Studio")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(icon_path())))
    # A screenshot run neither reads nor changes the user's remembered choices: it shows the defaults.
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat) if screenshot else None
    shoot = (lambda window: _save_screenshot(app, window, screenshot, zoom)) if screenshot is not None else None
    window = build_window(files, view=view, mode=mode, scale=scale, model=model, settings=settings, on_idle=shoot)
    window.show()
    return app.exec()


def _save_screenshot(app: QApplication, window: MainWindow, path: Path, zoom: float | None) -> None:
    if zoom:
        window.canvas.view.set_zoom(zoom)
    app.processEvents()
    lines, all_done = window.model.outcome_lines()
    for line in lines:
        print(line, flush=True)
    written = window.grab().save(str(path))
    print(f"wrote {path}" if written else f"{path}: the screenshot could not be written", flush=True)
    window.close()
    app.exit(0 if all_done and written else 1)
