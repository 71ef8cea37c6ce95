"""A large result drawn from its cache: only the part on screen, from the level the zoom needs.

The level the zoom needs is read; where it is not the smallest (which holds the preview where regions
have not arrived yet), the smallest is drawn first and each finished region over it from that level. At
full size those are the samples the saved file will hold. A difference map (|SRCNN − bicubic|, or evaluating
either result against the original) is computed from the two pictures' samples for the part on screen only.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter

from srcnn_gui.core.evaluation.difference_map import difference_heatmap
from srcnn_gui.core.images.pixels import samples_to_float
from srcnn_gui.core.jobs.region_plan import Box
from srcnn_gui.core.jobs.result_cache import ResultCache
from srcnn_gui.gui.qt_images import to_qimage


class TiledPicture:
    """Picture ``name`` of ``cache`` (``bicubic``, ``srcnn`` or ``original``), or with ``against`` the heat map of
    its difference from that other picture, drawable as a QImage is."""

    def __init__(self, cache: ResultCache, name: str, against: str | None = None) -> None:
        self.cache = cache
        self.name = name
        self.against = against

    def size(self) -> QSize:
        """The full-size picture's size."""
        height, width = self.cache.shape[:2]
        return QSize(width, height)

    def draw(self, painter: QPainter, target: QRectF, clip: QRectF) -> None:
        """Draw the part inside ``clip`` of the picture whose whole lands on ``target`` (widget pixels)."""
        if not self.cache.levels:
            return  # removed: the picture has left the window
        height, width = self.cache.shape[:2]
        zoom = target.width() / width
        visible = clip.intersected(target)
        if visible.isEmpty():
            return
        box = Box(max(0, math.floor((visible.top() - target.top()) / zoom)),
                  max(0, math.floor((visible.left() - target.left()) / zoom)),
                  min(height, math.ceil((visible.bottom() - target.top()) / zoom)),
                  min(width, math.ceil((visible.right() - target.left()) / zoom)))
        level, smallest = self.cache.level_for(zoom), self.cache.smallest
        self._draw_level(painter, target, zoom, smallest, box)
        if level == smallest:
            return
        for index, region in enumerate(self.cache.regions):
            if region.overlaps(box) and self.cache.is_done(index):
                part = Box(max(box.top, region.top), max(box.left, region.left),
                           min(box.bottom, region.bottom), min(box.right, region.right))
                self._draw_level(painter, target, zoom, level, part)

    def _draw_level(self, painter: QPainter, target: QRectF, zoom: float, level: int, box: Box) -> None:
        step = 2**level
        rows, columns = self.cache.levels[level]["srcnn"].shape[:2]
        part = Box(box.top // step, box.left // step, min(rows, -(-box.bottom // step)),
                   min(columns, -(-box.right // step)))
        if part.bottom <= part.top or part.right <= part.left:
            return
        scale = step * zoom
        where = QRectF(target.left() + part.left * scale, target.top() + part.top * scale,
                       (part.right - part.left) * scale, (part.bottom - part.top) * scale)
        painter.drawImage(where, to_qimage(self._pixels(level, part)))

    def _pixels(self, level: int, part: Box):
        picture = samples_to_float(self.cache.read(self.name, level, part))
        if self.against is None:
            return picture
        return difference_heatmap(picture, samples_to_float(self.cache.read(self.against, level, part)))
