"""Every promise of "Your pictures are safe" under faults and odd input (issue 16), each as a tester tried it.

Pictures are made by the tests; the shipped models do the upscaling.
"""

from __future__ import annotations

import io
import os
import signal
import struct
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from srcnn_gui.cli import main
from srcnn_gui.core import atomic
from srcnn_gui.core.atomic import TEMP_PREFIX, TEMP_SUFFIX, _host, atomic_path
from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.model_info import read_info
from srcnn_gui.core.models.network import build_model

MAKE, MODEL = 0x010F, 0x0110


def noise(h: int = 20, w: int = 24, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


def problems(err: str) -> list[str]:
    """The failure list the CLI prints at the end."""
    return [line.strip() for line in err.splitlines() if line.startswith("  ") and line.strip()]


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}")]


def outputs(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != RECORD_NAME)


# 1. Tracebacks that ended the whole batch --------------------------------------------------------------------------

def test_a_name_too_long_fails_alone_and_outputs_up_to_255_bytes_work(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    long_input = folder / ("n" * 245 + ".png")
    Image.fromarray(noise()).save(long_input)
    Image.fromarray(noise(seed=1)).save(folder / "good.png")
    out = tmp_path / "out"
    assert main(["upscale", str(folder), "-o", str(out), "--scale", "3"]) == 1
    err = capsys.readouterr().err
    assert problems(err) == [f"{long_input}: the output name would be 258 bytes long, more than the 255 file systems "
                             "allow; rename the picture or use a shorter --pattern"]
    assert outputs(out) == ["good_srcnn_x3.png"]
    # A legal name of 250 and of 255 bytes: our temporary's name must not push it over the limit.
    for stem in ("m" * 246, "k" * 251):
        Image.fromarray(noise()).save(tmp_path / f"{stem[:200]}.png")
        assert main(["upscale", str(tmp_path / f"{stem[:200]}.png"), "-o", str(out), "--scale", "3",
                     "--pattern", stem[200:] + "{stem}.png"]) == 0
    assert sorted(len(name.encode()) for name in outputs(out)) == [17, 250, 255]


def _jpeg_with_damaged_make(path: Path) -> None:
    """A JPEG whose EXIF Make entry claims the RATIONAL type: Pillow reads it, but cannot write it back."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[0x0132], exif[0x0112] = "Canon", "EOS 5D", "2020:01:01 00:00:00", 6
    details = exif.get_ifd(0x8769)
    details[0x9003], details[0x829A], details[0x9286] = "2020:01:01 00:00:00", (1, 100), b"ASCII\0\0\0a comment"
    buffer = io.BytesIO()
    Image.fromarray(noise(10, 16)).save(buffer, "JPEG", exif=exif, quality=95)
    data = bytearray(buffer.getvalue())
    start = data.find(b"Exif\x00\x00") + 6
    order = "<" if data[start : start + 2] == b"II" else ">"
    ifd = start + struct.unpack_from(order + "I", data, start + 4)[0]
    for index in range(struct.unpack_from(order + "H", data, ifd)[0]):
        entry = ifd + 2 + 12 * index
        if struct.unpack_from(order + "H", data, entry)[0] == MAKE:
            struct.pack_into(order + "H", data, entry + 2, 5)
    path.write_bytes(bytes(data))


def test_a_slightly_damaged_exif_keeps_what_can_be_kept(tmp_path, capsys):
    source = tmp_path / "camera.jpg"
    _jpeg_with_damaged_make(source)
    out = tmp_path / "out"
    assert main(["upscale", str(source), "-o", str(out), "--scale", "3", "--pattern", "{stem}.jpg"]) == 0
    assert f"note: {source}: EXIF tag(s) Make damaged: not copied (the rest of the EXIF is)" in capsys.readouterr().err
    with Image.open(out / "camera.jpg") as written:
        assert written.size == (30, 48)  # the orientation was still applied: upright, then x3
        assert written.getexif()[MODEL] == "EOS 5D" and MAKE not in written.getexif()


@pytest.mark.parametrize("argv, argument", [
    (["upscale", "x.png", "-o", "out", "--tile", "-1"], "--tile"),
    (["upscale", "x.png", "-o", "out", "--tile", "-5"], "--tile"),
    (["train", "x", "--scale", "3", "--out", "m.pt", "--arch", "9-5"], "--arch"),
    (["train", "x", "--scale", "3", "--out", "m.pt", "--arch", "9-99999-5"], "--arch"),
    (["train", "x", "--scale", "3", "--out", "m.pt", "--n1", "-1"], "--n1"),
])
def test_argument_errors_are_argparse_errors(argv, argument, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"error: argument {argument}:" in err and "Traceback" not in err


def test_eval_scores_the_rest_past_tiny_and_broken_pictures(tmp_path, capsys):
    folder = tmp_path / "truth"
    folder.mkdir()
    Image.fromarray(noise(40, 40)).save(folder / "a_ok.png")
    Image.fromarray(noise(12, 12)).save(folder / "b_small.png")
    Image.fromarray(noise(1, 1)).save(folder / "c_dot.png")
    (folder / "d_broken.png").write_bytes(b"\x89PNG\r\n\x1a\n and nothing else")
    Image.fromarray(noise(30, 36, seed=3)).save(folder / "e_ok.png")
    assert main(["eval", str(folder), "--scale", "3", "--json"]) == 1
    captured = capsys.readouterr()
    assert [row["name"] for row in __import__("json").loads(captured.out.splitlines()[-1])["images"]] == ["a_ok", "e_ok"]
    listed = problems(captured.err)
    assert listed[0] == (f"{folder / 'b_small.png'}: 12 x 12 is too small to evaluate at x3; the protocol needs at least "
                         "18 x 18 (mod-crop to 3, a 3-pixel border shaved, an 11x11 SSIM window)")
    assert listed[1].startswith(f"{folder / 'c_dot.png'}: 1 x 1 is too small")
    assert listed[2] == f"{folder / 'd_broken.png'}: not an image file, or a format we cannot read"
    assert len(listed) == 3


def test_train_names_a_validation_picture_too_small_to_score(tmp_path, capsys, datasets):
    val = tmp_path / "val"
    val.mkdir()
    Image.fromarray(noise(12, 12)).save(val / "tiny.png")
    Image.fromarray(noise(40, 40)).save(val / "fine.png")
    code = main(["train", str(datasets / "Set5"), "--scale", "3", "--val", str(val), "--out", str(tmp_path / "m.pt"),
                 "--epochs", "1", "--steps-per-epoch", "1", "--batch-size", "2", "--arch", "9-1-5", "--fresh"])
    assert code == 0
    assert f"skipped {val / 'tiny.png'}: 12 x 12 is too small to evaluate at x3" in capsys.readouterr().err


# 2. Results lost silently ------------------------------------------------------------------------------------------

def test_folders_keep_their_structure_and_collisions_are_refused_before_writing(tmp_path, capsys):
    folder = tmp_path / "in"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
        Image.fromarray(noise()).save(folder / sub / "x.png")
    Image.fromarray(noise(seed=1)).save(folder / "photo.jpg")
    Image.fromarray(noise(seed=2)).save(folder / "photo.png")
    out = tmp_path / "out"
    assert main(["upscale", str(folder), "-o", str(out), "--scale", "3", "--overwrite"]) == 1
    captured = capsys.readouterr()
    assert "wrote 2 of 4 images" in captured.out
    assert outputs(out) == ["a/x_srcnn_x3.png", "b/x_srcnn_x3.png"]
    assert problems(captured.err) == [
        f"{folder / 'photo.jpg'}: its output {out / 'photo_srcnn_x3.png'} would also be that of {folder / 'photo.png'}, "
        "so neither is written; put {ext} in --pattern to tell them apart",
        f"{folder / 'photo.png'}: its output {out / 'photo_srcnn_x3.png'} would also be that of {folder / 'photo.jpg'}, "
        "so neither is written; put {ext} in --pattern to tell them apart",
    ]
    assert main(["upscale", str(folder), "-o", str(out), "--scale", "3", "--pattern", "{stem}_{ext}.png"]) == 0
    assert "photo_jpg.png" in outputs(out) and "photo_png.png" in outputs(out)


def test_the_final_step_never_replaces_a_file_that_appeared_meanwhile(tmp_path):
    target = tmp_path / "result.png"
    with pytest.raises(FileExistsError), atomic_path(target, replace=False) as tmp:
        tmp.write_bytes(b"ours")
        target.write_bytes(b"another run's")  # appears after any exists-check, before our file is finished
    assert target.read_bytes() == b"another run's"
    assert os.listdir(tmp_path) == ["result.png"]  # and our temporary is gone


def test_two_runs_on_one_output_folder_replace_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(12):
        Image.fromarray(noise(seed=index)).save(folder / f"p{index:02d}.png")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "srcnn_gui", "upscale", str(folder), "-o", str(out), "--scale", "2",
               "--model", "srcnn-9-1-5-x2"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=600) for run in runs]
    written = [int(out_text.split("wrote ")[1].split(" of")[0]) for out_text, _ in results]
    assert sum(written) == 12  # each picture was written by exactly one of them; the other was refused
    assert len(outputs(out)) == 12 and not temporaries(out)


# 3. Patterns that leave the output folder ----------------------------------------------------------------------------

@pytest.mark.parametrize("pattern, why", [
    ("../../x_{stem}.png", "it names a folder"),
    ("/tmp/x_{stem}.png", "it names a folder"),
    ("{stem.__class__}.png", "{stem.__class__} is not a field"),
    ("{stem[0]}.png", "{stem[0]} is not a field"),
    ("{name}.png", "{name} is not a field"),
    ("{stem}", "it has no extension we write"),
    ("{stem}.gif", "it has no extension we write"),
    ("{stem!r}.png", "{stem} takes no conversion"),
])
def test_a_pattern_may_only_name_a_file_with_documented_fields(pattern, why, tmp_path, capsys):
    source = tmp_path / "in" / "a.png"
    source.parent.mkdir()
    Image.fromarray(noise()).save(source)
    with pytest.raises(SystemExit) as stopped:
        main(["upscale", str(source), "-o", str(tmp_path / "deep" / "out"), "--pattern", pattern])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --pattern: output pattern '{pattern}': {why}" in err
    assert "The fields are {stem} " in err and "{ext} " in err and "{scale} " in err and "{model} " in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.png", "in"]  # nothing written anywhere


# 4. An output folder inside the input folder ----------------------------------------------------------------------------

def test_the_output_folder_is_not_searched_for_inputs(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    Image.fromarray(noise(16, 20)).save(folder / "x.png")
    out = folder / "upscaled"
    for _ in range(2):
        assert main(["upscale", str(folder), "-o", str(out), "--scale", "2", "--model", "srcnn-9-1-5-x2"]) == 0
    assert outputs(out) == ["x_srcnn_x2.png"]
    with Image.open(out / "x_srcnn_x2.png") as written:
        assert written.size == (40, 32)


# 5. Interruptions --------------------------------------------------------------------------------------------------------

def test_sigterm_stops_like_ctrl_c_and_a_rerun_resumes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(6):
        Image.fromarray(noise(300, 300, seed=index)).save(folder / f"p{index}.png")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "srcnn_gui", "upscale", str(folder), "-o", str(out), "--scale", "3", "--tile", "0"]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not (out / "p0_srcnn_x3.png").exists() and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 130, err
    assert "interrupted: finished outputs are kept" in err and "Traceback" not in err
    finished = outputs(out)
    assert 1 <= len(finished) < 6 and not temporaries(out)
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"wrote {6 - len(finished)} of 6 images to {out} ({len(finished)} more already done by an earlier run" \
        in again.stdout
    assert len(outputs(out)) == 6


def test_abandoned_temporaries_are_removed_and_live_ones_kept(tmp_path, capsys):
    source = tmp_path / "a.png"
    Image.fromarray(noise()).save(source)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = out / f"{TEMP_PREFIX}{_host()}-{int(dead.stdout)}-abcd1234{TEMP_SUFFIX}"
    alive = out / f"{TEMP_PREFIX}{_host()}-{os.getppid()}-efgh5678{TEMP_SUFFIX}"
    foreign = out / ".a_srcnn_x3.png.k2j3h4.part"  # not of our naming: never ours to remove
    for path in (abandoned, alive, foreign):
        path.write_bytes(b"half a picture")
    assert main(["upscale", str(source), "-o", str(out), "--scale", "3"]) == 0
    assert "removed 1 temporary file(s) left by an interrupted run" in capsys.readouterr().err
    assert not abandoned.exists() and alive.exists() and foreign.exists()


def test_a_rerun_counts_its_own_outputs_as_done_but_not_other_files(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):
        Image.fromarray(noise()).save(folder / f"{name}.png")
    out = tmp_path / "out"
    command = ["upscale", str(folder), "-o", str(out), "--scale", "3"]
    assert main(command) == 0
    capsys.readouterr()
    (out / "b_srcnn_x3.png").write_bytes(b"the user's own file")
    assert main(command) == 1
    captured = capsys.readouterr()
    assert f"wrote 0 of 2 images to {out} (1 more already done by an earlier run of this command)" in captured.out
    assert problems(captured.err) == [f"{out / 'b_srcnn_x3.png'}: already exists and is not recorded as this command's result for "
                                      f"{folder / 'b.png'} (kept; use --overwrite to replace it)"]
    assert (out / "b_srcnn_x3.png").read_bytes() == b"the user's own file"
    assert main(command + ["--scale", "2"]) == 0  # other settings, other names: nothing counts as done
    assert main(command + ["--model", "srcnn-9-1-5-x3"]) == 1  # same names, another model: not done, not replaced


def test_upscale_help_says_how_to_resume(capsys):
    with pytest.raises(SystemExit):
        main(["upscale", "--help"])
    assert "run the same command again" in " ".join(capsys.readouterr().out.split())


# 6. Model files -------------------------------------------------------------------------------------------------------

def _user_model(folder: Path, name: str, change) -> Path:
    path = save_model(folder / f"{name}.pt", build_model("9-1-5"), 3, {"metrics": {"Set5": {"psnr": 99.0}}})
    payload = torch.load(path, weights_only=True)
    change(payload)
    torch.save(payload, path)
    return path


def test_malformed_user_models_are_listed_as_unusable_and_the_rest_work(user_models, tmp_path, capsys):
    user_models.mkdir()
    bad_meta = _user_model(user_models, "meta5", lambda p: p.update(meta=5))
    list_metrics = _user_model(user_models, "metrics-list", lambda p: p["meta"].update(metrics=[1, 2]))
    huge_kernel = _user_model(user_models, "kernel", lambda p: p["config"].update(arch="9-99999-5"))
    negative = _user_model(user_models, "negative", lambda p: p["config"].update(n1=-1))
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "9-5-5 x3" in out
    for path in (bad_meta, list_metrics, huge_kernel, negative):
        assert f"! unusable: {path}: " in out
    source = tmp_path / "a.png"
    Image.fromarray(noise()).save(source)
    assert main(["upscale", str(source), "-o", str(tmp_path / "out"), "--scale", "3"]) == 0  # the default model still


def test_a_huge_config_is_refused_before_the_network_is_built(tmp_path):
    path = _user_model(tmp_path, "big", lambda p: p["config"].update(n1=3000))
    tracemalloc.start()
    with pytest.raises(ModelLoadError) as caught:
        load_model(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "n1 = 3000: a layer has 1 to 512 feature maps" in str(caught.value)
    assert peak < 20e6


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_weights_are_refused_at_load(value, tmp_path):
    path = _user_model(tmp_path, "broken", lambda p: p["state_dict"]["body.2.weight"].view(-1).__setitem__(7, value))
    with pytest.raises(ModelLoadError) as caught:
        load_model(path)
    assert str(caught.value) == f"{path}: the weights hold NaN or infinite values (body.2.weight); the file is damaged"


class _Payload:
    def __reduce__(self):
        return (print, ("this ran",))


def test_a_pickle_with_code_is_named_for_what_it_is(tmp_path):
    path = tmp_path / "trojan.pt"
    torch.save({"format": "srcnn-gui/1", "x": _Payload()}, path)
    with pytest.raises(ModelLoadError) as caught:
        read_info(path)
    message = str(caught.value)
    assert message == (f"{path}: not a plain-tensor model file; it holds Python objects that may run code when loaded, "
                       "so it is not loaded")
    assert "weights_only" not in message


# 9. Misleading words ------------------------------------------------------------------------------------------------

def test_fifo_device_and_permission_problems_are_called_by_their_names(tmp_path, capsys, monkeypatch):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    locked = tmp_path / "locked.png"
    Image.fromarray(noise()).save(locked)
    real_open = Image.open

    def refuse_locked(path, *args, **kwargs):  # the tests run as root, who may read anything
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Image, "open", refuse_locked)
    out = tmp_path / "out"
    assert main(["upscale", str(fifo), "/dev/zero", str(locked), "-o", str(out), "--scale", "3"]) == 1
    assert problems(capsys.readouterr().err) == [
        f"{fifo}: a named pipe (fifo), not a picture file",
        "/dev/zero: a device, not a picture file",
        f"{locked}: cannot be read: permission denied",
    ]


def test_a_multi_page_tiff_says_which_page_is_used(tmp_path, capsys):
    source = tmp_path / "scan.tif"
    pages = [Image.fromarray(noise(seed=s)) for s in range(3)]
    pages[0].save(source, save_all=True, append_images=pages[1:])
    out = tmp_path / "out"
    assert main(["upscale", str(source), "-o", str(out), "--scale", "3", "--pattern", "{stem}.png"]) == 0
    assert f"note: {source}: multi-page TIFF (3 pages): page 1 is upscaled, the other pages are not" \
        in capsys.readouterr().err
    with Image.open(out / "scan.png") as written:
        assert written.size == (72, 60)


def test_an_unreadable_sub_folder_is_listed(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    (folder / "private").mkdir(parents=True)
    Image.fromarray(noise()).save(folder / "a.png")
    Image.fromarray(noise()).save(folder / "private" / "b.png")
    real_scandir = os.scandir

    def refuse_private(path="."):
        if Path(path) == folder / "private":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_private)
    assert main(["upscale", str(folder), "-o", str(tmp_path / "out"), "--scale", "3"]) == 1
    assert problems(capsys.readouterr().err) == [f"{folder / 'private'}: folder not searched: Permission denied"]


# 8. Tall pictures ------------------------------------------------------------------------------------------------------

def test_a_tall_picture_computes_its_bicubic_weights_once_not_per_band(monkeypatch):
    from srcnn_gui.core.images import bicubic
    from srcnn_gui.core.inference.upscaler import Upscaler
    from srcnn_gui.core.models.registry import find_model

    weighed = []
    kernel = bicubic.cubic_kernel
    monkeypatch.setattr(bicubic, "cubic_kernel", lambda x: weighed.append(x.shape) or kernel(x))
    upscaler = Upscaler.from_info(find_model("srcnn-9-1-5-x2"), device="cpu")
    tall = np.random.default_rng(0).integers(0, 256, (3001, 3, 3), dtype=np.uint8)  # 24 bands of 256 output rows
    bands = list(upscaler.upscale_bands(tall))
    assert sum(len(band) for band in bands) == 6002 and len(bands) == 24
    # The tall axis once, where each band used to weigh the whole height again; the short one's few weights a
    # couple of times at most, never per band.
    assert weighed.count((6002, 6)) == 1 and len(weighed) <= 3 < len(bands)


# 7. Decoder warnings ---------------------------------------------------------------------------------------------------

def _tiff(**options) -> bytearray:
    y, x = np.mgrid[0:40, 0:48]
    buffer = io.BytesIO()
    Image.fromarray(np.stack([x * 5, y * 6, (x + y) * 3], axis=-1).astype(np.uint8)).save(buffer, "TIFF", **options)
    return bytearray(buffer.getvalue())


def test_decoder_warnings_become_notes_and_failures_naming_the_file(tmp_path, capfd):
    import random

    lzw = _tiff(compression="tiff_lzw")
    flips = random.Random(14)
    for _ in range(3):  # damage inside the LZW data: libtiff prints "Using code not yet in table" on stderr
        lzw[flips.randrange(8, 400)] ^= 1 << flips.randrange(8)
    damaged = tmp_path / "damaged.tif"
    damaged.write_bytes(bytes(lzw))
    odd = _tiff(dpi=(72, 72))
    order = "<" if odd[:2] == b"II" else ">"
    ifd = struct.unpack_from(order + "I", odd, 4)[0]
    for index in range(struct.unpack_from(order + "H", odd, ifd)[0]):
        entry = ifd + 2 + 12 * index
        if struct.unpack_from(order + "H", odd, entry)[0] == 282:  # XResolution claims two values: Pillow warns
            struct.pack_into(order + "I", odd, entry + 4, 2)
    warned = tmp_path / "warned.tif"
    warned.write_bytes(bytes(odd))
    assert main(["upscale", str(damaged), str(warned), "-o", str(tmp_path / "out"), "--scale", "2",
                 "--model", "srcnn-9-1-5-x2"]) == 1
    err = capfd.readouterr().err
    assert problems(err) == [f"{damaged}: damaged or truncated image (decoder error -2; the decoder said: Using code "
                             "not yet in table.)"]
    assert f"note: {warned}: the decoder warned: Metadata Warning, tag 282 had too many entries: 2, expected 1" in err
    assert "tempfile.tif" not in err and "UserWarning" not in err  # nothing reaches the user unnamed


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_a_stop_as_a_result_takes_its_name_still_records_it(stop, tmp_path, monkeypatch, capsys):
    """The stop comes in the instant between a result's rename and its resume record line (the window a
    `kill` hit by chance in CI): the result is recorded all the same, and the rerun counts it as done."""
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(3):
        Image.fromarray(noise(30, 30, seed=index)).save(folder / f"p{index}.png")
    out = tmp_path / "out"
    command = ["upscale", str(folder), "-o", str(out), "--scale", "2", "--model", "srcnn-9-1-5-x2"]
    rename = atomic._finish_without_replacing

    def renamed_then_stopped(tmp: Path, path: Path) -> None:
        rename(tmp, path)
        monkeypatch.setattr(atomic, "_finish_without_replacing", rename)
        signal.raise_signal(stop)

    monkeypatch.setattr(atomic, "_finish_without_replacing", renamed_then_stopped)
    assert main(command) == 130
    assert outputs(out) == ["p0_srcnn_x2.png"] and not temporaries(out)
    capsys.readouterr()
    assert main(command) == 0
    said = capsys.readouterr().out
    assert f"wrote 2 of 3 images to {out} (1 more already done by an earlier run" in said
    assert len(outputs(out)) == 3
