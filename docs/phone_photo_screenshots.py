"""Retakes docs/phone-photo-fit.png and docs/phone-photo-200.png: a 12-megapixel phone photo at x3 in the window.

The photo is generated (mirrored copies of the shipped sample, 4000 x 3000, JPEG q88, EXIF orientation 6 as
phones write portrait shots) and dropped on a window with the default settings at x3; once its 108-megapixel
result is whole, the window is taken at fit and at 200%. Run under Xvfb from the project root:
``xvfb-run -a -s "-screen 0 1280x800x24" python docs/phone_photo_screenshots.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from srcnn_gui.core.bench.memory import write_large_picture
from srcnn_gui.gui.app import build_window
from srcnn_gui.gui.main_window import MainWindow

OUT = Path("docs")


def phone_photo(folder: Path) -> Path:
    """A 4000 x 3000 JPEG (q88) that EXIF turns upright to 3000 x 4000."""
    png, jpeg = folder / "photo.png", folder / "phone-photo.jpg"
    write_large_picture(png, 4000, 3000)
    exif = Image.Exif()
    exif[0x0112] = 6
    with Image.open(png) as picture:
        picture.save(jpeg, quality=88, exif=exif)
    return jpeg


def take(app: QApplication, window: MainWindow) -> None:
    """The window at fit, then at 200% around the middle; then quit."""
    app.processEvents()
    window.grab().save(str(OUT / "phone-photo-fit.png"))
    window.canvas.view.set_zoom(2.0)
    app.processEvents()
    window.grab().save(str(OUT / "phone-photo-200.png"))
    print("\n".join(window.model.outcome_lines()[0]))
    window.close()
    app.quit()


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    folder = Path(tempfile.mkdtemp())
    app = QApplication(sys.argv[:1])
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window([phone_photo(folder)], scale="x3", settings=settings, on_idle=lambda w: take(app, w))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
