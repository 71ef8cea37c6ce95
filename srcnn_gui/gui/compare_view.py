"""A canvas that compares two pictures of the same size: split by a divider, side by side, or their difference.

Both pictures share one view (zoom and pan), so the same pixels are always compared. Above 100%
pixels are drawn as blocks (no smoothing), so what the network did is visible as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

SPLIT, SIDE_BY_SIDE, DIFFERENCE = "split", "side", "difference"
_ARROW_STEP = 0.02
_MIN_ZOOM, _MAX_ZOOM = 0.05, 32.0


class CompareView(QWidget):
    """Shows ``left`` and ``right`` images; emits :attr:`split_changed` when the divider is dragged."""

    split_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys move the divider
        self._left: QImage | None = None
        self._right: QImage | None = None
        self._difference: QImage | None = None
        self._labels = ("", "", "")
        self._mode = SPLIT
        self._split = 0.5
        self._zoom = 1.0
        self._centre = QPointF(0, 0)  # image coordinate shown at the middle of each viewport
        self._fit = True
        self._drag: tuple[str, QPointF] | None = None

    # --- data in ---------------------------------------------------------------------------
    def set_images(
        self,
        left: QImage | None,
        right: QImage | None,
        difference: QImage | None = None,
        labels: tuple[str, str, str] = ("", "", ""),
    ) -> None:
        """Show two pictures and their difference map; a change of size fits the view to the window again."""
        resized = self._left is None or left is None or left.size() != self._left.size()
        self._left, self._right, self._difference, self._labels = left, right, difference, labels
        if resized:
            self._fit = True
        self.update()

    def set_mode(self, mode: str) -> None:
        self._mode = mode
        self.update()

    def mode(self) -> str:
        return self._mode

    def set_split(self, fraction: float) -> None:
        self._split = min(1.0, max(0.0, fraction))
        self.update()

    def split(self) -> float:
        return self._split

    def zoom(self) -> float:
        return self._fit_zoom() if self._fit else self._zoom

    def fit(self) -> None:
        self._fit = True
        self.update()

    def set_zoom(self, zoom: float) -> None:
        if self._fit:
            self._centre = self._image_centre()
        self._fit = False
        self._zoom = min(_MAX_ZOOM, max(_MIN_ZOOM, zoom))
        self.update()

    # --- geometry --------------------------------------------------------------------------
    def _viewports(self) -> list[QRectF]:
        full = QRectF(self.rect())
        if self._mode == SIDE_BY_SIDE:
            half = full.width() / 2
            return [QRectF(0, 0, half - 1, full.height()), QRectF(half + 1, 0, half - 1, full.height())]
        return [full]

    def _image_centre(self) -> QPointF:
        return QPointF(self._left.width() / 2, self._left.height() / 2) if self._left else QPointF(0, 0)

    def _fit_zoom(self) -> float:
        if self._left is None:
            return 1.0
        port = self._viewports()[0]
        return min(port.width() / self._left.width(), port.height() / self._left.height())

    def _target(self, port: QRectF) -> QRectF:
        """Where the whole image lands inside ``port`` for the current zoom and centre."""
        zoom = self.zoom()
        centre = self._image_centre() if self._fit else self._centre
        w, h = self._left.width() * zoom, self._left.height() * zoom
        x = port.center().x() - centre.x() * zoom
        y = port.center().y() - centre.y() * zoom
        return QRectF(x, y, w, h)

    def divider_x(self) -> float:
        """The divider's x position in widget pixels (split mode)."""
        return self.width() * self._split

    # --- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(32, 33, 36))
        if self._left is None or self._right is None:
            painter.setPen(QColor(170, 170, 170))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Drop an image here, or use Open…")
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.zoom() < 1.0)
        ports = self._viewports()
        if self._mode == DIFFERENCE and self._difference is not None:
            painter.drawImage(self._target(ports[0]), self._difference)
            self._draw_label(painter, ports[0], self._labels[2], Qt.AlignmentFlag.AlignLeft)
            return
        if self._mode == SIDE_BY_SIDE:
            for port, image, label in zip(ports, (self._left, self._right), self._labels[:2], strict=True):
                painter.save()
                painter.setClipRect(port)
                painter.drawImage(self._target(port), image)
                self._draw_label(painter, port, label, Qt.AlignmentFlag.AlignLeft)
                painter.restore()
            return
        port, x = ports[0], self.divider_x()
        target = self._target(port)
        for clip, image in ((QRectF(0, 0, x, self.height()), self._left), (QRectF(x, 0, self.width() - x, self.height()), self._right)):
            painter.save()
            painter.setClipRect(clip)
            painter.drawImage(target, image)
            painter.restore()
        painter.setPen(QPen(QColor(255, 255, 255, 220), 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        self._draw_label(painter, port, self._labels[0], Qt.AlignmentFlag.AlignLeft)
        self._draw_label(painter, port, self._labels[1], Qt.AlignmentFlag.AlignRight)

    def _draw_label(self, painter: QPainter, port: QRectF, text: str, side: Qt.AlignmentFlag) -> None:
        if not text:
            return
        metrics = painter.fontMetrics()
        box = QRectF(0, 0, metrics.horizontalAdvance(text) + 14, metrics.height() + 8)
        box.moveTop(port.top() + 8)
        box.moveLeft(port.left() + 8) if side == Qt.AlignmentFlag.AlignLeft else box.moveRight(port.right() - 8)
        painter.fillRect(box, QColor(0, 0, 0, 150))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    # --- interaction -----------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._left is None:
            return
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.set_zoom(self.zoom() * factor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        near_divider = self._mode == SPLIT and abs(event.position().x() - self.divider_x()) < 8
        self._drag = ("divider" if near_divider else "pan", event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        near = self._mode == SPLIT and abs(event.position().x() - self.divider_x()) < 8
        self.setCursor(Qt.CursorShape.SplitHCursor if near or (self._drag and self._drag[0] == "divider") else Qt.CursorShape.ArrowCursor)
        if self._drag is None or self._left is None:
            return
        kind, last = self._drag
        if kind == "divider":
            self.set_split(event.position().x() / max(1, self.width()))
            self.split_changed.emit(self._split)
        else:
            if self._fit:
                self._centre, self._zoom, self._fit = self._image_centre(), self._fit_zoom(), False
            delta = event.position() - last
            self._centre -= delta / self._zoom
            self._drag = (kind, event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Left: -_ARROW_STEP, Qt.Key.Key_Right: _ARROW_STEP}.get(Qt.Key(event.key()))
        if step is None or self._mode != SPLIT:
            super().keyPressEvent(event)
            return
        self.set_split(self._split + step)
        self.split_changed.emit(self._split)
