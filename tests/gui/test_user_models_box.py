"""The "Your models" box lists the files in a model folder that are no usable model, each with why, as
``srcnn-gui models`` does; a named pipe among them is listed, never waited on."""

from __future__ import annotations

from srcnn_gui.core.models.files import save_model
from srcnn_gui.core.models.network import build_model
from srcnn_gui.gui.user_models import UserModelsBox


def test_unusable_files_are_listed_beside_the_models_and_a_named_pipe_is_not_waited_on(qtbot, user_models, fifos):
    user_models.mkdir()
    save_model(user_models / "mine.pt", build_model("9-1-5"), 3)
    pipe = fifos.make(user_models / "pipe.pt")
    damaged = user_models / "damaged.pt"
    damaged.write_bytes(b"PK\x03\x04 cut short")
    box = UserModelsBox()
    qtbot.addWidget(box)
    assert not fifos.waited_on
    assert [box.combo.itemData(i).name for i in range(box.combo.count())] == ["mine"]
    lines = box.problems.text().splitlines()
    assert lines[0] == "Not usable, so not offered:" and not box.problems.isHidden()
    assert f"{pipe}: a named pipe (fifo), not a model file" in lines[1:]
    assert any(line.startswith(f"{damaged}: not a readable model file") for line in lines[1:])
    pipe.unlink()
    damaged.unlink()
    box.refresh()
    assert box.problems.isHidden() and box.problems.text() == ""
