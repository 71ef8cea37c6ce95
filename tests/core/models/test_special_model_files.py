"""Special files where a model file is expected (a named pipe, a link to a missing file, a folder): refused by
name before anything opens them, listed as unusable in a model folder beside the models still offered, never
waited on (the ``fifos`` fixture lets a waiting reader go after a while and says so)."""

from __future__ import annotations

import pytest

from srcnn_gui.core.errors import ModelImportError, ModelLoadError
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.importing import import_model
from srcnn_gui.core.models.model_info import read_info
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.models.registry import default_model, find_model, scan_models
from tests.core.models.test_importing import authors_arrays, known_layers, write_text_dump


def test_special_files_in_the_model_folder_are_listed_as_unusable_and_the_models_still_offered(user_models, fifos):
    user_models.mkdir()
    save_model(user_models / "mine.pt", build_model("9-1-5"), 3, {"metrics": {"Kodak24": {"psnr": 99.0}}})
    pipe = fifos.make(user_models / "pipe.pt")
    dangling = user_models / "gone.pt"
    dangling.symlink_to(user_models / "deleted.pt")
    folder = user_models / "folder.pt"
    folder.mkdir()
    models, unusable = scan_models()
    assert not fifos.waited_on
    assert [m.name for m in models if not m.shipped] == ["mine"]
    assert [line for line in unusable if str(user_models) in line] == [
        f"{folder}: a folder, not a model file",
        f"{dangling}: a link to a missing file, not a model file",
        f"{pipe}: a named pipe (fifo), not a model file",
    ]
    assert default_model(3).name == "mine"  # what `upscale` without --model asks: answered, not waited on


def test_a_named_pipe_named_as_the_model_is_refused_by_name(tmp_path, fifos):
    for pipe in (fifos.make(tmp_path / "pipe.pt"), fifos.make(tmp_path / "pipe-without-suffix")):
        for open_it in (find_model, read_info, load_model):
            with pytest.raises(ModelLoadError) as refused:
                open_it(str(pipe))
            assert str(refused.value) == f"{pipe}: a named pipe (fifo), not a model file"
    assert not fifos.waited_on


def test_import_refuses_a_named_pipe_and_leaves_one_in_a_dump_folder_alone(user_models, tmp_path, fifos):
    pipe = fifos.make(tmp_path / "theirs-x3.pth")
    with pytest.raises(ModelImportError) as refused:
        import_model(pipe, 3)
    assert str(refused.value) == f"{pipe}: a named pipe (fifo), not a model file"
    folder = write_text_dump(tmp_path / "dump-x2", authors_arrays(known_layers((9, 5, 5), 8, 4)))
    fifos.make(folder / "notes.txt")  # beside the arrays: not one of them, and never read
    info = import_model(folder, 2)
    assert sorted(info.meta["imported"]["sha256"]) == sorted(f"{name}.txt" for name in authors_arrays(known_layers((9, 5, 5), 8, 4)))
    assert not fifos.waited_on
