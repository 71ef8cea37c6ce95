"""Where an import or an export writes: a place that cannot take a file is refused before the work, with a
message naming it and why; a disk that fills while the file is written leaves nothing behind and says so."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
import torch

from srcnn_gui.core.errors import FileWriteError
from srcnn_gui.core.models.files import export_model
from srcnn_gui.core.models.importing import import_model
from srcnn_gui.core.models.onnx_export import export_onnx
from srcnn_gui.core.models.registry import find_model
from tests.core.models.test_importing import known_layers, write_state_dict

READ_ONLY = "the folder is read-only or we may not write there"


def _a_file(tmp_path: Path) -> Path:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return blocker


def test_import_to_a_place_that_cannot_take_a_file_is_refused_before_the_published_file_is_read(user_models, tmp_path):
    blocker = _a_file(tmp_path)
    damaged = tmp_path / "damaged.pth"
    damaged.write_bytes(b"\x80 not a state dict")  # reading it first would give another message
    target = blocker / "sub" / "theirs.pt"
    with pytest.raises(FileWriteError) as refused:
        import_model(damaged, 3, out=target)
    assert str(refused.value) == f"{target}: cannot write: {blocker} is not a folder"


def test_import_into_a_model_folder_that_cannot_be_made_names_the_file_it_would_write(tmp_path, monkeypatch):
    blocker = _a_file(tmp_path)
    monkeypatch.setenv("SRCNN_USER_WEIGHTS_DIR", str(blocker / "models"))
    source = write_state_dict(tmp_path / "theirs.pth", known_layers((9, 5, 5), 8, 4))
    with pytest.raises(FileWriteError) as refused:
        import_model(source, 3)
    assert str(refused.value) == f"{blocker / 'models' / 'theirs.pt'}: cannot write: {blocker} is not a folder"


def test_a_folder_we_may_not_write_in_is_found_by_trying_and_nothing_is_left_there(user_models, tmp_path, monkeypatch):
    source = write_state_dict(tmp_path / "theirs.pth", known_layers((9, 5, 5), 8, 4))
    out = tmp_path / "out"
    out.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # what a folder we may not write in answers
    with pytest.raises(FileWriteError) as refused:
        import_model(source, 3, out=out / "theirs.pt")
    assert str(refused.value) == f"{out / 'theirs.pt'}: cannot write: {READ_ONLY}"
    with pytest.raises(FileWriteError) as refused:
        export_onnx(find_model("srcnn-9-1-5-x3"), out / "x3.onnx")
    assert str(refused.value) == f"{out / 'x3.onnx'}: cannot write: {READ_ONLY}"
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions that apply (not root)")
def test_a_read_only_folder_refuses_import_and_both_exports(user_models, tmp_path):
    source = write_state_dict(tmp_path / "theirs.pth", known_layers((9, 5, 5), 8, 4))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        attempts = [(lambda: import_model(source, 3, out=locked / "theirs.pt"), locked / "theirs.pt"),
                    (lambda: export_onnx(find_model("srcnn-9-1-5-x3"), locked / "x3.onnx"), locked / "x3.onnx"),
                    (lambda: export_model(find_model("srcnn-9-1-5-x3"), locked / "x3.pt"), locked / "x3.pt")]
        for attempt, target in attempts:
            with pytest.raises(FileWriteError) as refused:
                attempt()
            assert str(refused.value) == f"{target}: cannot write: {READ_ONLY}"
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []


def test_export_to_a_folder_or_below_a_file_is_refused(tmp_path):
    info = find_model("srcnn-9-1-5-x3")
    folder = tmp_path / "x3.onnx"
    folder.mkdir()
    blocker = _a_file(tmp_path)
    for destination, why in ((folder, "it is a folder, not a file"), (blocker / "x3.onnx", f"{blocker} is not a folder")):
        with pytest.raises(FileWriteError) as refused:
            export_onnx(info, destination)
        assert str(refused.value) == f"{destination}: cannot write: {why}"


def test_a_disk_that_fills_while_writing_leaves_no_file_and_says_so(user_models, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full)  # the export's bytes are written, then the disk says it is full
        with pytest.raises(FileWriteError) as refused:
            export_onnx(find_model("srcnn-9-1-5-x3"), out / "x3.onnx")
    assert str(refused.value) == f"{out / 'x3.onnx'}: cannot write: the disk is full"

    real_save = torch.save

    def save_half_then_full(payload, path, *args, **kwargs):
        real_save(payload, path, *args, **kwargs)
        Path(path).write_bytes(Path(path).read_bytes()[:1000])
        raise OSError(errno.ENOSPC, "No space left on device")

    source = write_state_dict(tmp_path / "theirs.pth", known_layers((9, 5, 5), 8, 4))
    with monkeypatch.context() as patch:
        patch.setattr(torch, "save", save_half_then_full)
        with pytest.raises(FileWriteError) as refused:
            import_model(source, 3, out=out / "theirs.pt")
    assert str(refused.value) == f"{out / 'theirs.pt'}: cannot write: the disk is full"
    assert list(out.iterdir()) == []  # neither the files nor their temporaries
