"""The two live curves of a training run: the training loss, and validation PSNR against the bicubic line."""

from __future__ import annotations

import pyqtgraph as pg  # its Qt binding is fixed to PySide6 in srcnn_gui/gui/__init__.py
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from srcnn_gui.core.training.trainer import REPORT_EVERY


def _plot(left: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setMinimumSize(320, 200)
    plot.setLabel("left", left)
    plot.setLabel("bottom", "step")
    plot.getAxis("left").enableAutoSIPrefix(False)  # "0.0015", not "1.5 (x0.001)"
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot)
        layout.addWidget(self.psnr_plot)
        self.clear()

    def clear(self) -> None:
        """Empty curves and no bicubic line, for a new run."""
        self._loss: tuple[list[float], list[float]] = ([], [])
        self.psnr_points: tuple[list[float], list[float]] = ([], [])
        self.loss_curve.setData([], [])
        self.psnr_curve.setData([], [])
        self.bicubic_line.setVisible(False)

    def add_loss(self, step: int, loss: float) -> None:
        self._loss[0].append(step)
        self._loss[1].append(loss)
        self.loss_curve.setData(*self._loss)

    def add_psnr(self, step: int, psnr: float) -> None:
        self.psnr_points[0].append(step)
        self.psnr_points[1].append(psnr)
        self.psnr_curve.setData(*self.psnr_points)

    def set_bicubic(self, psnr: float) -> None:
        self.bicubic_line.setVisible(True)  # first: a hidden line's label does not follow its value
        self.bicubic_line.setValue(psnr)
