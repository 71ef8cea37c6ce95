"""The two live curves of a training run: the training loss, and validation PSNR against the bicubic line.

Until a run reports its first point the curves are not drawn at all (empty axes say nothing); from
then on the step axis runs from 0 to the run's last step, in plain step numbers.
"""

from __future__ import annotations

import pyqtgraph as pg  # its Qt binding is fixed to PySide6 in srcnn_gui/gui/__init__.py
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from srcnn_gui.core.training.trainer import REPORT_EVERY

PLACEHOLDER = "The training loss and the validation PSNR are drawn here once training starts."


def _plot(left: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setMinimumSize(320, 200)
    plot.setLabel("left", left)
    plot.setLabel("bottom", "training step")
    for side in ("left", "bottom"):
        plot.getAxis(side).enableAutoSIPrefix(False)  # "0.0015" and "1500", not "1.5 (x0.001)"
    plot.getViewBox().setLimits(xMin=0)
    plot.enableAutoRange(x=False)  # the step axis is the run's, set by start()
    plot.showGrid(x=True, y=True, alpha=0.3)
    plot.addLegend(offset=(-10, 10))
    return plot


class TrainingPlots(QWidget):
    """Loss above, validation PSNR below; the points are kept so the dialog can say "before" and "after"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_plot = _plot("training loss (MSE)")
        self.loss_curve = self.loss_plot.plot([], [], pen=pg.mkPen("#d62728", width=2), name=f"mean of {REPORT_EVERY} steps")
        self.psnr_plot = _plot("validation Y-PSNR (dB)")
        self.psnr_curve = self.psnr_plot.plot([], [], pen=pg.mkPen("#1f77b4", width=2), symbol="o", symbolSize=6,
                                              symbolBrush="#1f77b4", name="model")
        self.bicubic_line = pg.InfiniteLine(angle=0, movable=False, pen=pg.mkPen("#7f7f7f", width=2, style=Qt.PenStyle.DashLine),
                                            label="bicubic {value:.2f} dB", labelOpts={"position": 0.15, "color": "#555"})
        self.bicubic_line.setVisible(False)
        self.psnr_plot.addItem(self.bicubic_line)
        curves = QWidget()
        column = QVBoxLayout(curves)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.loss_plot)
        column.addWidget(self.psnr_plot)
        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMinimumSize(320, 400)
        self._pages = QStackedLayout(self)
        self._pages.addWidget(self.placeholder)
        self._pages.addWidget(curves)
        self.start(1)

    def start(self, total_steps: int) -> None:
        """Empty curves, no bicubic line and the placeholder, for a new run of ``total_steps`` steps."""
        self._loss: tuple[list[float], list[float]] = ([], [])
        self.psnr_points: tuple[list[float], list[float]] = ([], [])
        self.loss_curve.setData([], [])
        self.psnr_curve.setData([], [])
        self.bicubic_line.setVisible(False)
        for plot in (self.loss_plot, self.psnr_plot):
            plot.setXRange(0, total_steps, padding=0)
        self.psnr_plot.enableAutoRange(y=False)  # _fit_psnr_range keeps the bicubic line in view
        self._pages.setCurrentIndex(0)

    def add_loss(self, step: int, loss: float) -> None:
        self._loss[0].append(step)
        self._loss[1].append(loss)
        self.loss_curve.setData(*self._loss)
        self._pages.setCurrentIndex(1)

    def add_psnr(self, step: int, psnr: float) -> None:
        self.psnr_points[0].append(step)
        self.psnr_points[1].append(psnr)
        self.psnr_curve.setData(*self.psnr_points)
        self._fit_psnr_range()
        self._pages.setCurrentIndex(1)

    def set_bicubic(self, psnr: float) -> None:
        self.bicubic_line.setVisible(True)  # first: a hidden line's label does not follow its value
        self.bicubic_line.setValue(psnr)
        self._fit_psnr_range()

    def _fit_psnr_range(self) -> None:
        # The bicubic line counts too (autorange ignores it), and one point gets a range of its own.
        values = list(self.psnr_points[1]) + ([self.bicubic_line.value()] if self.bicubic_line.isVisible() else [])
        if values:
            low, high = min(values), max(values)
            pad = max(0.1, 0.15 * (high - low))
            self.psnr_plot.setYRange(low - pad, high + pad, padding=0)
