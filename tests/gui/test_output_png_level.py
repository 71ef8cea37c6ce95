"""*Output settings…* offers the PNG compression level for PNG only, and the window remembers it."""

from __future__ import annotations

from srcnn_gui.core.window.output_settings import OutputSettings
from srcnn_gui.gui.main_window import MainWindow


def test_the_png_level_is_offered_for_png_and_remembered(qtbot, window, settings):
    dialog = window.files.choose_output_settings()
    assert dialog.png_level_spin.isEnabled()  # PNG by default
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".jpg"))
    assert not dialog.png_level_spin.isEnabled()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".png"))
    dialog.png_level_spin.setValue(8)
    dialog.accept()
    assert window.model.output == OutputSettings(png_level=8)
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.model.output.png_level == 8
