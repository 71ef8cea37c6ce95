"""One picture file to a PNG, stage by stage, against the network alone: where the file path's time goes.

Three measurements of the same picture and model, in one process (``srcnn-gui benchmark --file``):

* **whole path**: :func:`~srcnn_gui.core.inference.file_to_file.upscale_file` as ``upscale`` runs it
  (bands computed ahead in a thread while the last is encoded), wall time from reading to the renamed file;
* **engine**: the network alone on the picture's luminance (SRCNN: its bicubic enlargement; FSRCNN: the
  picture itself), as ``srcnn-gui benchmark`` times the engine;
* **stages**: the path's own steps run one after another, band by band (read; ``Upscaler.prepare_band``:
  floats, bicubic, YCbCr; ``network_band``; ``finish_band``: colour back, clip; to integers; the PNG
  writer's filter and deflate, into memory), each with its wall time and the CPU time of this thread (the
  network's CPU is spent in its tile threads, so it shows wall time only).

Whole path over engine (in MP/s) says how close the path comes to the network's speed; the stages say
what the rest costs. A first, small upscale warms the engine up (numba, oneDNN) before anything is timed.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from srcnn_gui.core.bench.speed import cpu_flags, engine_pass
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import luminance
from srcnn_gui.core.images.pixels import samples_to_float, split_alpha, to_uint8, to_uint16
from srcnn_gui.core.images.png import PngWriter
from srcnn_gui.core.images.reading import read_samples
from srcnn_gui.core.inference.file_to_file import upscale_file
from srcnn_gui.core.inference.tiling import DEFAULT_TILE_SIDE
from srcnn_gui.core.inference.upscaler import Upscaler

T = TypeVar("T")


@dataclass
class Stage:
    """One step of the path, summed over the picture's bands; ``cpu_s`` None where it runs in other threads."""

    name: str
    wall_s: float = 0.0
    cpu_s: float | None = 0.0


@dataclass
class FileBenchmark:
    """What :func:`benchmark_file` measured; MP/s count output pixels."""

    source: str
    model: str
    output: tuple[int, int]
    png_level: int
    whole_s: float
    engine_s: float
    file_mb: float
    stages: list[Stage] = field(default_factory=list)
    load_average: tuple[float, float] = (0.0, 0.0)  # before and after
    cpu_flags: list[str] = field(default_factory=list)

    @property
    def megapixels(self) -> float:
        return self.output[0] * self.output[1] / 1e6

    @property
    def ratio(self) -> float:
        """Whole path's MP/s over the engine's: 1 would be the file path at the network's speed."""
        return self.engine_s / self.whole_s


class _Stages:
    """Stage times by name, added band after band."""

    def __init__(self) -> None:
        self.by_name: dict[str, Stage] = {}

    def time(self, name: str, work: Callable[..., T], *args: object, own_thread: bool = True) -> T:
        """``work(*args)``, its time added to stage ``name``."""
        stage = self.by_name.setdefault(name, Stage(name, cpu_s=0.0 if own_thread else None))
        wall, cpu = time.perf_counter(), time.thread_time()
        result = work(*args)
        stage.wall_s += time.perf_counter() - wall
        if stage.cpu_s is not None:
            stage.cpu_s += time.thread_time() - cpu
        return result


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def _staged(upscaler: Upscaler, source: Path, png_level: int) -> list[Stage]:
    """The path's steps one after another, band by band, as :meth:`Upscaler.upscale_bands` and the PNG writer
    run them."""
    stages = _Stages()
    picture = stages.time("read and decode", read_samples, source)
    samples = picture.pixels
    height, width, channels = samples.shape
    size = upscaler.output_size(height, width)
    sixteen = picture.metadata.bit_depth == 16
    to_integers = to_uint16 if sixteen else to_uint8
    writer = PngWriter(io.BytesIO(), size[1], size[0], channels, np.uint16 if sixteen else np.uint8, level=png_level)
    for start in range(0, size[0], DEFAULT_TILE_SIDE):
        stop = min(size[0], start + DEFAULT_TILE_SIDE)
        band = stages.time("enlarge and colour (prepare_band)", upscaler.prepare_band, samples, start, stop, size)
        refined = stages.time("network (network_band)", upscaler.network_band, band, own_thread=False)
        rows = stages.time("colour back, clip (finish_band)", upscaler.finish_band, band, refined)
        ints = stages.time("to integers", to_integers, rows)
        stages.time(f"PNG filter + deflate (level {png_level})", writer.write_rows, ints)
    return list(stages.by_name.values())


def _engine_seconds(upscaler: Upscaler, source: Path) -> float:
    """The network alone on the picture's luminance, as ``srcnn-gui benchmark`` runs the engine."""
    samples = read_samples(source).pixels
    low = luminance(split_alpha(samples_to_float(samples))[0])
    network_input = low if upscaler.enlarges else imresize(low, size=upscaler.output_size(*low.shape))
    del samples
    started = time.perf_counter()
    engine_pass(upscaler)(network_input)
    return time.perf_counter() - started


def _warm_up(upscaler: Upscaler) -> None:
    """A small upscale first, so that none of the timings below pays the process's first-call costs."""
    rng = np.random.default_rng(0)
    upscaler.upscale(rng.random((64, 64, 3), dtype=np.float32))


def benchmark_file(source: Path, upscaler: Upscaler, model_name: str, *, png_level: int,
                   workdir: Path | None = None) -> FileBenchmark:
    """Time ``source`` to a PNG by ``upscaler`` (one model at its own scale): engine, whole path, stages."""
    load_before = _load()
    _warm_up(upscaler)
    engine_s = _engine_seconds(upscaler, source)
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        target = Path(folder) / f"{source.stem}_benchmark.png"
        started = time.perf_counter()
        upscale_file(upscaler, source, target, inputs={source.resolve()}, png_level=png_level)
        whole_s = time.perf_counter() - started
        file_mb = target.stat().st_size / 1e6
    stages = _staged(upscaler, source, png_level)
    height, width = read_samples(source).pixels.shape[:2]
    return FileBenchmark(str(source), model_name, upscaler.output_size(height, width), png_level, whole_s, engine_s,
                         file_mb, stages, (load_before, _load()), cpu_flags())


def render_file_benchmark(report: FileBenchmark) -> str:
    """The stage table and the whole path against the engine, as Markdown."""
    mp = report.megapixels
    out_h, out_w = report.output
    lines = [
        f"{report.source} -> {out_w} x {out_h} PNG ({mp:.1f} MP, {report.file_mb:.1f} MB) by {report.model}; "
        f"load average {report.load_average[0]:.2f} before, {report.load_average[1]:.2f} after; "
        f"CPU flags: {' '.join(report.cpu_flags) or 'n/a'}",
        "",
        "| stage (one after another, band by band) | wall s | CPU s (its thread) | s per output MP (wall) |",
        "|---|---:|---:|---:|",
    ]
    for stage in report.stages:
        cpu = "" if stage.cpu_s is None else f"{stage.cpu_s:.2f}"
        lines.append(f"| {stage.name} | {stage.wall_s:.2f} | {cpu} | {stage.wall_s / mp:.3f} |")
    staged = sum(stage.wall_s for stage in report.stages)
    lines += [
        f"| all stages, one after another | {staged:.2f} | | {staged / mp:.3f} |",
        "",
        f"engine (the network alone): {report.engine_s:.2f} s, {mp / report.engine_s:.2f} MP/s",
        f"whole path (pipelined, file to file): {report.whole_s:.2f} s, {mp / report.whole_s:.2f} MP/s",
        f"whole path / engine: {report.ratio:.2f}x",
    ]
    return "\n".join(lines)
