"""The window's choices remembered between starts, in QSettings: the size asked for, model, denoise, device, output.

The mode is not remembered: every start is in Upscale mode, which the toolbar shows.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

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
