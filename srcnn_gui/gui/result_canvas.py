"""The middle of the window: the compare view, the view buttons beside the divider's slider, the scores
under it, and the View menu's actions (views, zoom, the original in Evaluate mode).

It shows one picture's state: its result, or its preview and progress while it runs, or why it has none.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QImage, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QVBoxLayout, QWidget

from srcnn_gui.core.evaluation.difference_map import colour_scale, full_scale_grey_levels
from srcnn_gui.core.jobs.large_picture import LargeOutcome
from srcnn_gui.core.jobs.picture import UpscaleOutcome
from srcnn_gui.core.jobs.result_cache import ORIGINAL, ResultCache
from srcnn_gui.gui.compare_view import DIFFERENCE, SIDE_BY_SIDE, SPLIT, CompareView
from srcnn_gui.gui.qt_images import to_qimage
from srcnn_gui.gui.score_panel import ScorePanel
from srcnn_gui.gui.tiled_picture import TiledPicture

VIEW_LABELS = {SPLIT: "Compare slider", SIDE_BY_SIDE: "Side by side", DIFFERENCE: "Difference"}
_ERROR_LABELS = ("|bicubic − original|", "|{} − original|")  # evaluating: each result's difference from the original
_SLIDER_STEPS = 1000


class ResultCanvas(QWidget):
    """The compare view with its slider, captions and score panel; :attr:`evaluate_clicked` asks for Evaluate mode
    and :attr:`original_toggled` for the picture on screen to be shown again."""

    evaluate_clicked = Signal()
    original_toggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = CompareView()
        self._build_actions()
        self.split_slider = QSlider(Qt.Orientation.Horizontal)
        self.split_slider.setRange(0, _SLIDER_STEPS)
        self.split_slider.setValue(_SLIDER_STEPS // 2)
        self.split_slider.valueChanged.connect(lambda v: self.view.set_split(v / _SLIDER_STEPS))
        self.view.split_changed.connect(self._on_divider_moved)
        self.left_caption = QLabel("Bicubic")
        self.right_caption = QLabel("SRCNN")
        row = QHBoxLayout()
        for action in self.view_actions.values():  # the views beside the divider's slider, where comparing happens
            button = QToolButton()
            button.setDefaultAction(action)
            row.addWidget(button)
        row.addSpacing(12)
        row.addWidget(self.left_caption)
        row.addWidget(self.split_slider, 1)
        row.addWidget(self.right_caption)
        row.addStretch()  # where the slider is hidden, the view buttons stay together on the left
        self.score_panel = ScorePanel()
        self.score_panel.evaluate_clicked.connect(self.evaluate_clicked)
        self.view.zoom_changed.connect(self.score_panel.show_zoom)
        self.view.set_colour_scale(to_qimage(colour_scale()), f"≥ {full_scale_grey_levels():g}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.score_panel)

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        view = self.view
        self.zoom_in_action = self._action("Zoom in", lambda: view.set_zoom(view.zoom() * 1.25), QKeySequence.StandardKey.ZoomIn)
        self.zoom_out_action = self._action("Zoom out", lambda: view.set_zoom(view.zoom() * 0.8), QKeySequence.StandardKey.ZoomOut)
        self.fit_action = self._action("Fit to window", view.fit, "Ctrl+0")
        self.zoom_actions = [self._action(f"{p}%", lambda _=False, z=p / 100: view.set_zoom(z)) for p in (100, 200, 400)]
        self.view_group = QActionGroup(self)
        self.view_actions: dict[str, QAction] = {}
        for key, mode in enumerate(VIEW_LABELS, start=1):
            action = self._action(VIEW_LABELS[mode], lambda _=False, m=mode: self.set_view_mode(m), str(key))
            action.setCheckable(True)
            self.view_group.addAction(action)
            self.view_actions[mode] = action
        self.view_actions[SPLIT].setChecked(True)
        self.original_action = self._action("Show original on the left (Evaluate)", lambda: self.original_toggled.emit())
        self.original_action.setCheckable(True)

    def menu_actions(self) -> list[QAction | None]:
        """The View menu, None where a separator goes."""
        return [*self.view_actions.values(), None, self.zoom_in_action, self.zoom_out_action, self.fit_action,
                *self.zoom_actions, None, self.original_action]

    def set_view_mode(self, mode: str) -> None:
        """Compare slider, side by side or difference (an unknown name: the slider)."""
        mode = mode if mode in self.view_actions else SPLIT
        self.view.set_mode(mode)
        self.view_actions[mode].setChecked(True)
        for widget in (self.left_caption, self.split_slider, self.right_caption):
            widget.setVisible(mode == SPLIT)  # the slider moves the divider, which only this view has

    @Slot(float)
    def _on_divider_moved(self, fraction: float) -> None:
        self.split_slider.blockSignals(True)
        self.split_slider.setValue(round(fraction * _SLIDER_STEPS))
        self.split_slider.blockSignals(False)

    def show_outcome(self, outcome: UpscaleOutcome | LargeOutcome) -> None:
        """A finished result: bicubic (or the original, when asked and evaluating) against SRCNN, and its scores."""
        network = outcome.model.family if outcome.model is not None else "SRCNN"  # the viewer names what ran
        if isinstance(outcome, LargeOutcome):
            self._show_large(outcome.cache, network, network, evaluated=outcome.cache.has_original)
            self.score_panel.show_score(outcome.score, network)
            return
        original = self.original_action.isChecked() and outcome.truth is not None
        self.view.set_images(to_qimage(outcome.truth if original else outcome.result.bicubic),
                             to_qimage(outcome.result.srcnn), (_left_label(original), network))
        if outcome.truth is not None:
            self.view.set_differences([(to_qimage(outcome.bicubic_difference), _ERROR_LABELS[0]),
                                       (to_qimage(outcome.difference), _ERROR_LABELS[1].format(network))])
        else:
            self.view.set_differences([(to_qimage(outcome.difference), f"|{network} − bicubic|")])
        self._set_captions(original, network)
        self.score_panel.show_score(outcome.score, network)

    def _show_large(self, cache: ResultCache, label: str, network: str = "SRCNN", *, evaluated: bool = False) -> None:
        """A result in a cache, drawn part by part; ``evaluated``: the cache holds the original, which the left side
        shows when asked and the difference maps are measured against."""
        original = evaluated and self.original_action.isChecked()
        self.view.set_images(TiledPicture(cache, ORIGINAL if original else "bicubic"), TiledPicture(cache, "srcnn"),
                             (_left_label(original), label))
        if evaluated:
            self.view.set_differences([(TiledPicture(cache, "bicubic", ORIGINAL), _ERROR_LABELS[0]),
                                       (TiledPicture(cache, "srcnn", ORIGINAL), _ERROR_LABELS[1].format(network))])
        else:
            self.view.set_differences([(TiledPicture(cache, "srcnn", "bicubic"), f"|{network} − bicubic|")])
        self._set_captions(original, network)

    def _set_captions(self, original: bool, network: str) -> None:
        self.left_caption.setText(_left_label(original))
        self.right_caption.setText(network)

    def show_pending(self, preview: tuple[QImage, QSize] | ResultCache | None) -> None:
        """No result: the picture as read, at its result's size, while it runs (a large one's result as its
        regions arrive); else an empty canvas."""
        if isinstance(preview, ResultCache):
            self._show_large(preview, "SRCNN: filling in…")
        elif preview is not None:
            self.view.set_images(preview[0], preview[0], ("Preview", "SRCNN: working…"), preview[1])
        else:
            self.view.set_images(None, None)
        self.score_panel.clear()


def _left_label(original: bool) -> str:
    return "Original" if original else "Bicubic"
