"""A canvas that compares two pictures of the same size: split by a divider, side by side, or their difference.

Both pictures share one view (zoom and pan), so the same pixels are always compared. Above 100%
pixels are drawn as blocks (no smoothing), so what the network did is visible as it is. The
difference mode shows one heat map, or two side by side (bicubic's error beside SRCNN's), with its
colour scale. While a picture is worked on, the canvas shows a preview at the result's size and the
progress over it, where the eye is. A large result is a :class:`~srcnn_gui.gui.tiled_picture.TiledPicture`,
drawn part by part from its cache, and :attr:`CompareView.view_changed` tells which part is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from srcnn_gui.gui.tiled_picture import TiledPicture

SPLIT, SIDE_BY_SIDE, DIFFERENCE = "split", "side", "difference"
_ARROW_STEP = 0.02
_MIN_ZOOM, _MAX_ZOOM = 0.05, 32.0
_SCALE_WIDTH, _SCALE_HEIGHT, _MARGIN = 180, 12, 10
_SCALE_TITLE = "|difference| in grey levels of 255"

Picture = QImage | TiledPicture  # what the canvas draws: a whole picture, or a large one part by part


class CompareView(QWidget):
    """Shows ``left`` and ``right`` images; emits :attr:`split_changed` when the divider is dragged,
    :attr:`zoom_changed` when the zoom (fitted or chosen) changes and :attr:`view_changed` when another part
    of the picture comes on screen."""

    split_changed = Signal(float)
    zoom_changed = Signal(float)
    view_changed = Signal(float, float, float, float)  # the part on screen: top, left, bottom, right (fractions)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys move the divider
        self._left: Picture | None = None
        self._right: Picture | None = None
        self._size = QSize()  # the pictures' size on the canvas (a preview is drawn at the result's size)
        self._differences: list[tuple[Picture, str]] = []
        self._labels = ("", "")
        self._scale: tuple[QImage, str] | None = None  # the difference maps' colour ramp and its top value
        self._overlay: tuple[str, float | None] = ("", None)
        self._shown_zoom = 0.0
        self._shown_part: tuple[float, float, float, float] | None = None
        self._mode = SPLIT
        self._split = 0.5
        self._zoom = 1.0
        self._centre = QPointF(0, 0)  # image coordinate shown at the middle of each viewport
        self._fit = True
        self._drag: tuple[str, QPointF] | None = None

    # --- data in ---------------------------------------------------------------------------
    def set_images(
        self,
        left: Picture | None,
        right: Picture | None,
        labels: tuple[str, str] = ("", ""),
        size: QSize | None = None,
    ) -> None:
        """Show two pictures, drawn at ``size`` (default: their own); a change of size fits the view again.

        The progress overlay and the difference maps are cleared: they belong to the pictures before.
        """
        size = QSize() if left is None else size or left.size()
        if size != self._size:
            self._fit = True
        self._left, self._right, self._labels, self._size = left, right, labels, size
        self._differences = []
        self._overlay = ("", None)
        self.update()
        self._report_zoom()

    def set_differences(self, maps: list[tuple[Picture, str]]) -> None:
        """The heat maps of the difference mode, each with its label: one, or two shown side by side."""
        self._differences = list(maps)
        self.update()
        self._report_zoom()

    def set_colour_scale(self, ramp: QImage, top: str) -> None:
        """The heat maps' colour ramp (lowest to highest, left to right) and what its top end means."""
        self._scale = (ramp, top)
        self.update()

    def set_overlay(self, text: str, fraction: float | None = None) -> None:
        """A message drawn over the middle of the canvas (``text`` empty: none), with a bar that ``fraction``
        fills (None: no bar)."""
        self._overlay = (text, fraction)
        self.update()

    def pictures(self) -> tuple[Picture | None, Picture | None]:
        """The two pictures on show: left and right."""
        return self._left, self._right

    def difference_maps(self) -> list[Picture]:
        """The heat maps of the difference mode, in the order they are shown."""
        return [picture for picture, _ in self._differences]

    def picture_size(self) -> QSize:
        """The size the pictures are drawn at (a preview's: its result's)."""
        return QSize(self._size)

    def overlay_text(self) -> str:
        return self._overlay[0]

    def labels(self) -> tuple[str, ...]:
        """The captions on show: the two pictures', or the difference maps' in difference mode."""
        if self._mode == DIFFERENCE and self._differences:
            return tuple(label for _, label in self._differences)
        return self._labels

    def set_mode(self, mode: str) -> None:
        self._mode = mode
        self.update()
        self._report_zoom()  # side by side fits into half the width

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
        self._report_zoom()

    def set_zoom(self, zoom: float) -> None:
        if self._fit:
            self._centre = self._image_centre()
        self._fit = False
        self._zoom = min(_MAX_ZOOM, max(_MIN_ZOOM, zoom))
        self.update()
        self._report_zoom()

    def _report_zoom(self) -> None:
        zoom = self.zoom() if self._left is not None else 0.0  # 0: no picture, no zoom to tell
        if zoom != self._shown_zoom:
            self._shown_zoom = zoom
            self.zoom_changed.emit(zoom)
        self._report_view()

    def visible_part(self) -> tuple[float, float, float, float]:
        """The part of the picture on screen (the first pane's): top, left, bottom, right as fractions."""
        if self._left is None or self._size.isEmpty():
            return 0.0, 0.0, 1.0, 1.0
        target, port = self._target(self._viewports()[0]), self._viewports()[0]
        seen = port.intersected(target)
        if seen.isEmpty():
            return 0.0, 0.0, 0.0, 0.0
        return ((seen.top() - target.top()) / target.height(), (seen.left() - target.left()) / target.width(),
                (seen.bottom() - target.top()) / target.height(), (seen.right() - target.left()) / target.width())

    def _report_view(self) -> None:
        part = self.visible_part() if self._left is not None else None
        if part is not None and part != self._shown_part:
            self._shown_part = part
            self.view_changed.emit(*part)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._report_zoom()  # a fitted zoom follows the window

    # --- geometry --------------------------------------------------------------------------
    def _viewports(self) -> list[QRectF]:
        full = QRectF(self.rect())
        if self._mode == SIDE_BY_SIDE or (self._mode == DIFFERENCE and len(self._differences) > 1):
            half = full.width() / 2
            return [QRectF(0, 0, half - 1, full.height()), QRectF(half + 1, 0, half - 1, full.height())]
        return [full]

    def _image_centre(self) -> QPointF:
        return QPointF(self._size.width() / 2, self._size.height() / 2) if self._left else QPointF(0, 0)

    def _fit_zoom(self) -> float:
        if self._left is None:
            return 1.0
        port = self._viewports()[0]
        return min(port.width() / self._size.width(), port.height() / self._size.height())

    def _target(self, port: QRectF) -> QRectF:
        """Where the whole image lands inside ``port`` for the current zoom and centre."""
        zoom = self.zoom()
        centre = self._image_centre() if self._fit else self._centre
        w, h = self._size.width() * zoom, self._size.height() * zoom
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
            if not self._overlay[0]:
                painter.setPen(QColor(170, 170, 170))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Drop an image here, or use Open…")
        elif self._mode == DIFFERENCE and self._differences:
            self._paint_panes(painter, self._differences)
            self._draw_colour_scale(painter)
        elif self._mode == SIDE_BY_SIDE:
            self._paint_panes(painter, list(zip((self._left, self._right), self._labels, strict=True)))
        else:
            self._paint_split(painter)
        self._draw_overlay(painter)

    def _paint_panes(self, painter: QPainter, panes: list[tuple[Picture, str]]) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.zoom() < 1.0)
        for port, (image, label) in zip(self._viewports(), panes, strict=False):
            painter.save()
            painter.setClipRect(port)
            _draw(painter, self._target(port), port, image)
            self._draw_label(painter, port, label, Qt.AlignmentFlag.AlignLeft)
            painter.restore()

    def _paint_split(self, painter: QPainter) -> None:
        # A preview smaller than its result is enlarged here: smoothly, as the picture it stands for.
        smooth = self.zoom() < 1.0 or QSize(self._left.size()) != self._size
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        port, x = self._viewports()[0], self.divider_x()
        target = self._target(port)
        for clip, image in ((QRectF(0, 0, x, self.height()), self._left), (QRectF(x, 0, self.width() - x, self.height()), self._right)):
            painter.save()
            painter.setClipRect(clip)
            _draw(painter, target, clip, image)
            painter.restore()
        painter.setPen(QPen(QColor(255, 255, 255, 220), 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        self._draw_label(painter, port, self._labels[0], Qt.AlignmentFlag.AlignLeft)
        self._draw_label(painter, port, self._labels[1], Qt.AlignmentFlag.AlignRight)

    def colour_scale_rect(self) -> QRectF:
        """Where the colour ramp of the difference maps is drawn (bottom right)."""
        width = max(_SCALE_WIDTH, self.fontMetrics().horizontalAdvance(_SCALE_TITLE))
        return QRectF(self.width() - _MARGIN - 8 - width, self.height() - _MARGIN - 8 - _SCALE_HEIGHT, width, _SCALE_HEIGHT)

    def _draw_colour_scale(self, painter: QPainter) -> None:
        if self._scale is None:
            return
        ramp, top = self._scale
        bar = self.colour_scale_rect()
        line = painter.fontMetrics().height()
        box = bar.adjusted(-8, -2 * line - 8, 8, 8)
        painter.fillRect(box, QColor(0, 0, 0, 170))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box.adjusted(0, 4, 0, 0), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, _SCALE_TITLE)
        ticks = QRectF(bar.left(), bar.top() - line - 2, bar.width(), line)
        painter.drawText(ticks, Qt.AlignmentFlag.AlignLeft, "0")
        painter.drawText(ticks, Qt.AlignmentFlag.AlignRight, top)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(bar, ramp)

    def _draw_overlay(self, painter: QPainter) -> None:
        text, fraction = self._overlay
        if not text:
            return
        metrics = painter.fontMetrics()
        width = min(self.width() - 40, max(260, metrics.horizontalAdvance(text) + 32))
        box = QRectF(0, 0, width, metrics.height() + (34 if fraction is not None else 16))
        box.moveCenter(QRectF(self.rect()).center())
        if self._left is not None:  # over a picture the progress goes low, above the colour scale's place
            box.moveBottom(self.colour_scale_rect().top() - 2 * metrics.height() - 2 * _MARGIN)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 190))
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box.adjusted(12, 8, -12, 0), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, int(width - 24)))
        bar = QRectF(box.left() + 16, box.bottom() - 16, box.width() - 32, 6)
        if fraction is not None:
            painter.fillRect(bar, QColor(255, 255, 255, 60))
            painter.fillRect(QRectF(bar.left(), bar.top(), bar.width() * min(1.0, max(0.0, fraction)), bar.height()),
                             QColor(90, 170, 255))

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
            self._report_view()

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


def _draw(painter: QPainter, target: QRectF, clip: QRectF, picture: Picture) -> None:
    """Draw ``picture`` whole onto ``target``; a large one draws only its part inside ``clip``."""
    if isinstance(picture, TiledPicture):
        picture.draw(painter, target, clip)
    else:
        painter.drawImage(target, picture)
