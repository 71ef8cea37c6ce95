"""Retakes docs/train_dialog.png: Train on folder, mid-run, with the dialog's own settings.

Fine-tunes the default x3 model on ten T91 pictures (copied to a temporary folder; two held out), takes
the picture once three epochs are validated, then cancels. Run under Xvfb from the project root:
``xvfb-run -a -s "-screen 0 1280x800x24" python docs/train_dialog_screenshot.py``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

work = Path(tempfile.mkdtemp())
os.environ["SRCNN_USER_WEIGHTS_DIR"] = str(work / "models")  # the user's own models stay untouched

from PySide6.QtCore import QObject, QSettings, Slot  # noqa: E402  (after the environment is set)
from PySide6.QtWidgets import QApplication  # noqa: E402

from srcnn_gui.core.paths import datasets_dir  # noqa: E402
from srcnn_gui.gui.main_window import MainWindow  # noqa: E402

PICTURES = [f"t{n}" for n in (1, 2, 3, 5, 6, 7, 8, 9, 10, 11)]
OUT = Path("docs/train_dialog.png")


def main() -> int:
    folder = work / "my pictures"
    folder.mkdir()
    for name in PICTURES:
        shutil.copy(datasets_dir() / "T91" / f"{name}.png", folder)
    app = QApplication(sys.argv[:1])
    window = MainWindow(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window.open_sample()
    window.show()
    dialog = window.open_train_dialog()
    dialog.form.add_folder(folder)
    dialog.form.epochs_spin.setValue(10)
    dialog.form.name_edit.setText("my-leaves-x3")
    dialog.resize(1180, 720)
    shooter = Shooter(app, window, dialog)
    dialog.runner.stopped.connect(shooter.start_once)  # the folder check has ended
    dialog.check()
    return app.exec()


class Shooter(QObject):
    """Starts training after the folder check, and takes the picture once three epochs are validated."""

    def __init__(self, app: QApplication, window: MainWindow, dialog) -> None:
        super().__init__()
        self.app, self.window, self.dialog, self.phase = app, window, dialog, "checking"

    @Slot(object)
    def start_once(self, _worker) -> None:
        if self.phase == "checking":
            self.phase = "training"
            self.dialog.start()
            self.dialog.runner.worker.yielded.connect(self.report)

    @Slot(object)
    def report(self, _report) -> None:
        if len(self.dialog.plots.psnr_points[0]) < 4 or self.phase != "training":  # the start and three epochs
            return
        self.phase = "done"
        self.app.processEvents()
        self.dialog.grab().save(str(OUT))
        print(f"wrote {OUT}", flush=True)
        self.dialog.wait_until_stopped()
        self.window.close()
        self.app.quit()


if __name__ == "__main__":
    sys.exit(main())
