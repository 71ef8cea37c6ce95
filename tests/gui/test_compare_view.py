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


def quadrant_image(colour: QColor) -> QImage:
    """Black picture with ``colour`` in a block at its top left: where the block's edge lands shows the zoom."""
    image = QImage(200, 100, QImage.Format.Format_RGB888)
    image.fill(QColor(0, 0, 0))
    for x in range(50):
        for y in range(50):
            image.setPixelColor(x, y, colour)
    return image


def test_zooming_moves_both_side_by_side_panes_together(qtbot):
    widget = CompareView()
    qtbot.addWidget(widget)
    widget.resize(400, 200)
    widget.set_images(quadrant_image(RED), quadrant_image(BLUE))
    widget.set_mode(SIDE_BY_SIDE)
    widget.show()
    qtbot.waitExposed(widget)

    def edge(x0: int, x1: int, colour: QColor) -> int:
        """First column in [x0, x1) on row 80 that is no longer ``colour``."""
        frame = widget.grab().toImage()
        return next(x for x in range(x0, x1) if frame.pixelColor(x, 80) != colour) - x0

    widget.set_zoom(1.2)
    left, right = edge(0, 199, RED), edge(201, 400, BLUE)
    assert abs(left - right) <= 2 and left > 0
    widget.set_zoom(1.8)
    assert edge(0, 199, RED) != left  # the zoom moved the edge ...
    assert abs(edge(0, 199, RED) - edge(201, 400, BLUE)) <= 2  # ... in both panes alike


def test_difference_mode_and_arrow_keys(qtbot, view):
    from PySide6.QtCore import Qt

    from srcnn_gui.gui.compare_view import DIFFERENCE

    green = QColor(20, 200, 20)
    view.set_differences([(solid(green), "difference")])
    view.set_mode(DIFFERENCE)
    assert colour_at(view, 100) == green and colour_at(view, 300) == green
    view.set_mode("split")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.split() == pytest.approx(0.48)
