"""The questions *Model › Import…* asks: which published model file, and the scale it was trained for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from srcnn_gui.core.models.importing import scale_from_name
from srcnn_gui.core.models.scales import DEFAULT_FACTOR, SCALES

IMPORT_FILTER = ("Published SRCNN models (*.mat *.pth *.pt *.txt);;MATLAB models (*.mat);;"
                 "PyTorch state dicts (*.pth *.pt);;Text dumps: any file of the folder (*.txt);;All files (*)")


def choose_published_model(parent: QWidget, current_factor: float | None) -> tuple[Path, int] | None:
    """Ask for a model file and its scale: offered, the one its name states, else the window's factor when a
    model is trained for it, else the default; None if the user cancels."""
    chosen, _ = QFileDialog.getOpenFileName(parent, "Import a published SRCNN model", "", IMPORT_FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    guess = scale_from_name(path)
    default = next(scale for scale in (guess, current_factor, DEFAULT_FACTOR) if scale in SCALES)
    labels = [f"x{s}" for s in SCALES]
    label, ok = QInputDialog.getItem(parent, "Import model", f"{path.name}: the scale it was trained for",
                                     labels, SCALES.index(default), False)
    return (path, SCALES[labels.index(label)]) if ok else None
