"""The lasting readout under the canvas: the picture's Y-PSNR and SSIM (or why there are none), and the zoom.

It lives in the window, not in the status bar, so that a passing message ("Saved …") never hides it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from srcnn_gui.core.evaluation.protocol import ImageScore

NO_REFERENCE = "No reference to measure against in Upscale mode."


def score_words(score: ImageScore, network: str = "SRCNN") -> str:
    """Both methods' Y-PSNR and SSIM against the original, and the network's gain (``network``: what ran)."""
    gain = score.srcnn_psnr - score.bicubic_psnr
    return (f"Y-PSNR  bicubic {score.bicubic_psnr:.2f} dB · {network} {score.srcnn_psnr:.2f} dB ({gain:+.2f} dB)      "
            f"SSIM  bicubic {score.bicubic_ssim:.4f} · {network} {score.srcnn_ssim:.4f}")


class ScorePanel(QWidget):
    """Shows a score, or that Upscale mode has none (with *Evaluate instead*), and the zoom level."""

    evaluate_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score_label = QLabel("")
        self.score_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evaluate_button = QPushButton("Evaluate instead")
        self.evaluate_button.setToolTip("Take the picture as ground truth: shrink it, upscale it back and score both methods")
        self.evaluate_button.setVisible(False)
        self.evaluate_button.clicked.connect(self.evaluate_clicked)
        self.zoom_label = QLabel("")
        self.zoom_label.setToolTip("Zoom: wheel, Ctrl +/−, Ctrl+0 fits, View › 100/200/400%")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.score_label)
        row.addWidget(self.evaluate_button)
        row.addStretch(1)
        row.addWidget(self.zoom_label)
        self.setMinimumHeight(self.evaluate_button.sizeHint().height())  # the canvas does not jump when it hides

    def show_score(self, score: ImageScore | None, network: str = "SRCNN") -> None:
        """The score of the picture on show (``network``: what ran); ``None``: an upscale, which has no reference."""
        self.score_label.setText(NO_REFERENCE if score is None else score_words(score, network))
        self.evaluate_button.setVisible(score is None)

    def clear(self, text: str = "") -> None:
        """No result on show (yet): ``text`` says why."""
        self.score_label.setText(text)
        self.evaluate_button.setVisible(False)

    def text(self) -> str:
        return self.score_label.text()

    @Slot(float)
    def show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"Zoom {zoom * 100:.0f}%" if zoom > 0 else "")
