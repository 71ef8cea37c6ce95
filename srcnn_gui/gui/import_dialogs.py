"""The questions *Model › Import…* asks: which published model file, and the scale it was trained for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from srcnn_gui.core.models.importing import scale_from_name

IMPORT_FILTER = ("Published SRCNN models (*.mat *.pth *.pt *.txt);;MATLAB models (*.mat);;"
                 "PyTorch state dicts (*.pth *.pt);;Text dumps: any file of the folder (*.txt);;All files (*)")
SCALES = (2, 3, 4)


def choose_published_model(parent: QWidget, current_scale: int) -> tuple[Path, int] | None:
    """Ask for a model file and its scale (offering the one its name states); None if the user cancels."""
    chosen, _ = QFileDialog.getOpenFileName(parent, "Import a published SRCNN model", "", IMPORT_FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    guess = scale_from_name(path)
    default = guess if guess in SCALES else current_scale
    labels = [f"x{s}" for s in SCALES]
    label, ok = QInputDialog.getItem(parent, "Import model", f"{path.name}: the scale it was trained for",
                                     labels, labels.index(f"x{default}"), False)
    return (path, SCALES[labels.index(label)]) if ok else None
