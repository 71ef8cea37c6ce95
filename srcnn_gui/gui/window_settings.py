"""The window's choices remembered between starts, in QSettings: the size asked for, model, denoise, device, output,
and where the window was.

The mode is not remembered: every start is in Upscale mode, which the toolbar shows.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, QSize
from PySide6.QtWidgets import QMainWindow, QToolBar

from srcnn_gui.core.images.denoise_levels import AUTO as AUTO_DENOISE
from srcnn_gui.core.inference.device_choices import AUTO as AUTO_DEVICE
from srcnn_gui.core.window.output_settings import OutputSettings
from srcnn_gui.core.window.window_model import DEFAULT_SCALE_TEXT, WindowModel


def load_output(settings: QSettings) -> OutputSettings:
    """The output settings last chosen (PNG beside each original at first)."""
    default = OutputSettings()
    return OutputSettings.checked(str(settings.value("output/folder", default.folder)),
                                  str(settings.value("output/suffix", default.suffix)),
                                  int(settings.value("output/quality", default.quality)),
                                  int(settings.value("output/png_level", default.png_level)))


def store_output(settings: QSettings, output: OutputSettings) -> None:
    """Remember ``output`` for the next start."""
    settings.setValue("output/folder", output.folder)
    settings.setValue("output/suffix", output.suffix)
    settings.setValue("output/quality", output.quality)
    settings.setValue("output/png_level", output.png_level)


def restore_choices(model: WindowModel, settings: QSettings) -> None:
    """Give ``model`` the choices of the last start; the size last, since it fills the model list."""
    model.set_output(load_output(settings))
    model.set_device(str(settings.value("device", AUTO_DEVICE)))
    model.set_denoise(str(settings.value("denoise", AUTO_DENOISE)))
    model.remembered_model = settings.value("model")
    model.set_scale_text(str(settings.value("scale", DEFAULT_SCALE_TEXT)))


def store_choices(model: WindowModel, settings: QSettings) -> None:
    """Remember ``model``'s choices for the next start."""
    settings.setValue("scale", model.scale_text)
    settings.setValue("device", model.device)
    settings.setValue("denoise", model.denoise)
    if model.model is not None:
        settings.setValue("model", str(model.model.path))


FIRST_SIZE = QSize(1280, 800)
USABLE_HEIGHT = 480  # below this the canvas is a strip between the toolbar and the readout


def restore_geometry(window: QMainWindow, settings: QSettings) -> None:
    """Put ``window`` where it was last, kept on its screen and no smaller than its toolbar needs (a geometry
    saved on a larger or another screen can be tiny or off screen here); the first start: :data:`FIRST_SIZE`."""
    geometry = settings.value("geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(FIRST_SIZE)
    window.winId()  # the native window knows its frame, which must fit on the screen too
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry().size() - window.size()
    toolbars = [bar.sizeHint().width() for bar in window.findChildren(QToolBar)]
    usable = QSize(max([window.minimumSizeHint().width(), *toolbars]), USABLE_HEIGHT)
    window.resize(window.size().expandedTo(usable).boundedTo(screen.size() - frame))
    window.move(_inside(window.frameGeometry(), screen))


def _inside(frame: QRect, screen: QRect) -> QPoint:
    """The top-left corner that puts ``frame`` inside ``screen`` (its top-left corner where it is too large)."""
    x = max(screen.left(), min(frame.left(), screen.right() + 1 - frame.width()))
    y = max(screen.top(), min(frame.top(), screen.bottom() + 1 - frame.height()))
    return frame.translated(x - frame.left(), y - frame.top()).topLeft()
