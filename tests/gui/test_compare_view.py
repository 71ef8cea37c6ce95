"""The compare canvas: the divider and side-by-side mode show the right picture in the right place."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from srcnn_gui.gui.compare_view import SIDE_BY_SIDE, CompareView

RED, BLUE = QColor(220, 30, 30), QColor(30, 30, 220)


def solid(colour: QColor) -> QImage:
    image = QImage(200, 100, QImage.Format.Format_RGB888)
    image.fill(colour)
    return image


@pytest.fixture()
def view(qtbot):
    widget = CompareView()
    qtbot.addWidget(widget)
    widget.resize(400, 200)
    widget.set_images(solid(RED), solid(BLUE))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def colour_at(widget: CompareView, x: int, y: int = 100) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_divider_splits_left_and_right_pictures(view):
    assert colour_at(view, 100) == RED and colour_at(view, 300) == BLUE
    view.set_split(0.9)
    assert colour_at(view, 300) == RED and colour_at(view, 380) == BLUE


def test_side_by_side_shows_both_whole(view):
    view.set_mode(SIDE_BY_SIDE)
    assert colour_at(view, 100) == RED and colour_at(view, 300) == BLUE
    view.set_split(0.0)  # the divider has no say in this mode
    assert colour_at(view, 100) == RED


def test_zoom_and_fit(view):
    assert view.zoom() == pytest.approx(2.0)  # 200x100 fitted into 400x200
    view.set_zoom(8.0)
    assert view.zoom() == 8.0
    view.fit()
    assert view.zoom() == pytest.approx(2.0)
