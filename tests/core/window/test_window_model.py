"""The window's model without Qt: the size asked for as one value, the models it offers, what runs, what Save writes."""

from __future__ import annotations

import os

import pytest

from srcnn_gui.core.errors import ConfigError, ImageReadError
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.models.registry import ranked_models
from srcnn_gui.core.models.scales import DEFAULT_FACTOR, serving_passes
from srcnn_gui.core.window.output_settings import OutputSettings
from srcnn_gui.core.window.picture_queue import DONE, FAILED, RUNNING, WAITING
from srcnn_gui.core.window.window_model import EVALUATE, UPSCALE, WindowModel


class Heard:
    """Everything a model's events said, in order."""

    def __init__(self, model: WindowModel) -> None:
        self.requeued: list[bool] = []
        self.messages: list[str] = []
        self.choices = 0
        model.events.requeued.connect(self.requeued.append)
        model.events.message.connect(self.messages.append)
        model.events.choices_changed.connect(self._choices)

    def _choices(self) -> None:
        self.choices += 1


@pytest.fixture()
def model(user_models):
    window = WindowModel(devices=("cpu",))
    window.set_scale_text(f"x{DEFAULT_FACTOR}")
    return window


@pytest.fixture()
def wings(tmp_path, butterfly):
    return save_image(tmp_path / "pictures" / "wings.png", butterfly[:64, :80])


def run(model: WindowModel):
    """Run the next job as the window's worker would, and report its result to the queue."""
    job = model.next_job()
    model.pictures.start(job.entry)
    model.pictures.finish(job.task(JobControl()))
    model.pictures.stopped()
    return job.entry


def test_the_scale_text_is_one_request_with_the_models_of_its_first_pass(model):
    heard = Heard(model)
    model.set_scale_text("2.5")
    assert model.request.factor == 2.5 and model.size_label() == "2.5"
    first = serving_passes(2.5)[0]
    assert [m.path for m in model.offered] == [m.path for m in ranked_models(first, "none")]
    assert model.model == model.offered[0] and model.can_run() and not model.per_picture
    model.set_scale_text("w1920")
    assert model.per_picture and model.offered == () and model.model is None and model.can_run()
    model.set_scale_text("x9")  # above the largest factor
    assert model.request is None and not model.can_run() and model.size_label() == "x9"
    assert heard.messages == ["Scale 'x9': type a factor above 1 up to 8 (2.5), a box to fit in (1920x1080), "
                              "a width (w1920) or a height (h1080)."]
    assert heard.choices == 3 and heard.requeued == [False, False, False]  # nothing ran: nothing to stop


def test_only_a_change_makes_the_results_stale(model):
    heard = Heard(model)
    model.set_scale_text(f"x{DEFAULT_FACTOR}")  # the same size and model
    model.set_denoise("auto")
    model.set_device("cpu")
    assert heard.requeued == []
    model.set_denoise("medium")
    model.set_denoise("no such level")  # means auto
    model.set_device("cuda")  # not on this machine: the best it has, unchanged
    model.set_evaluate_jpeg(40)
    assert model.denoise == "auto" and model.device == "cpu" and model.evaluate_jpeg == 40
    assert heard.requeued == [False, False, False]


def test_the_picture_on_screen_runs_first_at_the_size_asked_for(model, wings, tmp_path, butterfly):
    other = save_image(tmp_path / "pictures" / "edge.png", butterfly[100:140, 30:90])
    (tmp_path / "empty-folder").mkdir()
    entries, problems = model.add_paths([wings, other, tmp_path / "empty-folder"])
    assert [e.name for e in entries] == ["wings.png", "edge.png"] and model.current is entries[0]
    assert problems == [f"{tmp_path / 'empty-folder'}: no pictures in this folder"]
    model.choose(entries[1])
    model.set_scale_text("2.5")
    assert run(model) is entries[1] and entries[1].outcome.result.srcnn.shape == (100, 150, 3)
    model.set_scale_text("w100")  # a width: wings (80 x 64) gets its own factor
    assert all(e.status == WAITING and e.outcome is None for e in entries)
    model.choose(entries[0])
    assert run(model) is entries[0] and entries[0].outcome.result.srcnn.shape == (80, 100, 3)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_files_that_cannot_be_pictures_are_queued_as_failed_after_the_pictures(model, wings, tmp_path):
    pipe, given, empty = wings.parent / "a-pipe.png", tmp_path / "given.png", tmp_path / "empty.png"
    os.mkfifo(pipe)  # in the folder: found by its scan, which lists it as a problem
    os.mkfifo(given)
    empty.write_bytes(b"")
    entries, problems = model.add_paths([given, wings.parent, empty])
    assert [e.name for e in entries] == ["wings.png", "given.png", "a-pipe.png", "empty.png"] and not problems
    assert model.current is entries[0] and entries[0].status == WAITING
    assert [e.status for e in entries[1:]] == [FAILED] * 3
    assert all(str(e.path) in e.message for e in entries[1:]) and "pipe" in entries[1].message
    assert "empty" in entries[3].message
    assert model.outcome_lines()[0][1].startswith("given.png: failed: ")
    model.set_denoise("none")  # every picture runs again: a named pipe fails again, naming itself
    assert run(model) is entries[0]
    job = model.next_job()
    assert job.entry is entries[1]
    with pytest.raises(ImageReadError, match="named pipe"):
        job.task(JobControl())


def test_a_change_while_a_picture_runs_asks_to_stop_it_and_a_mode_keeps_results(model, wings):
    heard = Heard(model)
    (entry,), _ = model.add_paths([wings])
    run(model)
    upscaled = entry.outcome
    model.set_mode(EVALUATE)
    assert heard.requeued == [False] and entry.status == WAITING
    job = model.next_job()
    model.pictures.start(job.entry)
    model.set_mode(UPSCALE)
    assert heard.requeued == [False, True] and entry.status == DONE and entry.outcome is upscaled
    model.pictures.stopped()
    model.set_denoise("none")
    assert entry.status == WAITING and entry.outcome is None and model.pictures.running is None


def test_save_names_follow_mode_size_and_format_and_never_replace_the_original(model, wings, tmp_path):
    (entry,), _ = model.add_paths([wings])
    assert model.save_path(entry) == wings.parent / f"wings_srcnn_x{DEFAULT_FACTOR}.png"
    model.set_output(OutputSettings(str(tmp_path / "out"), ".jpg", 90))
    model.set_scale_text("h100")
    assert model.save_path(entry) == tmp_path / "out" / "wings_srcnn_100h.jpg"
    model.set_mode(EVALUATE)
    assert model.save_path(entry, tmp_path).name == "wings_evaluate_100h.jpg"
    model.set_mode(UPSCALE)
    with pytest.raises(ConfigError, match="no result"):
        model.save(entry, tmp_path / "x.png")
    run(model)
    with pytest.raises(ConfigError, match="original picture"):
        model.save(entry, wings, overwrite=True)
    model.save(entry, model.save_path(entry))
    assert load_image(tmp_path / "out" / "wings_srcnn_100h.jpg").shape == (100, 125, 3)


def test_save_all_refuses_results_that_would_share_a_name(model, wings, tmp_path, butterfly):
    twin = save_image(wings.with_suffix(".jpg"), butterfly[:64, :80])
    edge = save_image(tmp_path / "edge.png", butterfly[100:140, 30:90])
    entries, _ = model.add_paths([wings, twin, edge])
    for _ in entries:
        run(model)
    out = tmp_path / "out"
    targets, refused = model.save_all_targets(out)
    assert targets == [(entries[2], out / f"edge_srcnn_x{DEFAULT_FACTOR}.png")]
    assert refused == [f"wings_srcnn_x{DEFAULT_FACTOR}.png: the result of wings.png and of wings.jpg; none saved"]


def test_a_model_just_trained_brings_its_scale(model, user_models):
    from srcnn_gui.core.models.files import load_model, save_model
    from srcnn_gui.core.models.model_info import read_info
    from srcnn_gui.core.models.registry import default_model

    network, info = load_model(default_model(2).path)
    mine = read_info(save_model(user_models / "mine-x2.pt", network, 2, {**info.meta, "metrics": {}}))
    assert model.use_model_file(str(mine.path)) == mine
    assert model.scale_text == "x2" and model.request.factor == 2 and model.model == mine
    assert model.use_model_file(str(user_models / "gone.pt")) is None


def test_a_running_entry_is_marked(model, wings):
    (entry,), _ = model.add_paths([wings])
    job = model.next_job()
    model.pictures.start(job.entry)
    assert entry.status == RUNNING and model.next_job() is None  # one at a time
