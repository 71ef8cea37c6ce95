"""Importing published models: MATLAB .mat files, text dumps and PyTorch state dicts round-trip
exactly, with their provenance, and every bad file is refused with a message naming it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import scipy.io
import torch
from torch import nn

from srcnn_gui.core.errors import ModelImportError
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.importing import (
    AUTHORS_PADDING,
    MATLAB_MAT,
    MATLAB_TEXT,
    REIMPLEMENTATION_PADDING,
    import_model,
    scale_from_name,
)
from srcnn_gui.core.models.registry import list_models


def known_layers(kernels: tuple[int, int, int], n1: int, n2: int, seed: int = 0) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Float32 weights in torch's layout, none symmetric, so a transpose or a flip would show."""
    g = torch.Generator().manual_seed(seed)
    shapes = [(n1, 1, kernels[0]), (n2, n1, kernels[1]), (1, n2, kernels[2])]
    return [(torch.randn(o, i, k, k, generator=g) * 0.1, torch.randn(o, generator=g) * 0.01) for o, i, k in shapes]


def authors_arrays(layers) -> dict[str, np.ndarray]:
    """The arrays the authors' SRCNN.m reads, built element by element from its indexing
    (``reshape(w(:, i), f, f)`` etc., MATLAB indices 0-based here), independently of the importer."""
    (w1, b1), (w2, b2), (w3, b3) = ((w.double().numpy(), b.double().numpy()) for w, b in layers)
    n1, n2, f1, f2, f3 = w1.shape[0], w2.shape[0], w1.shape[-1], w2.shape[-1], w3.shape[-1]
    a1, a2, a3 = np.zeros((f1 * f1, n1)), np.zeros((n1, f2 * f2, n2)), np.zeros((n2, f3 * f3))
    for r in range(f1):
        for c in range(f1):
            a1[r + f1 * c, :] = w1[:, 0, r, c]
    for r in range(f2):
        for c in range(f2):
            a2[:, r + f2 * c, :] = w2[:, :, r, c].T
    for r in range(f3):
        for c in range(f3):
            a3[:, r + f3 * c] = w3[0, :, r, c]
    if f2 == 1:
        a2 = a2[:, 0, :]  # MATLAB drops the singleton: 9-1-5 files hold n1 x n2
    return {"weights_conv1": a1, "weights_conv2": a2, "weights_conv3": a3,
            "biases_conv1": b1[:, None], "biases_conv2": b2[:, None], "biases_conv3": b3[:, None]}


def write_mat(path: Path, arrays: dict[str, np.ndarray]) -> Path:
    scipy.io.savemat(path, {k: v.astype(np.float32) for k, v in arrays.items()})
    return path


def write_text_dump(folder: Path, arrays: dict[str, np.ndarray]) -> Path:
    """The layout of ../shared/models: a size line, then the values in MATLAB's x(:) order."""
    folder.mkdir(parents=True)
    for name, array in arrays.items():
        values = " ".join(repr(float(v)) for v in np.asarray(array, dtype=np.float32).ravel(order="F"))
        (folder / f"{name}.txt").write_text(f"{' '.join(map(str, array.shape))} \n{values}\n")
    return folder


def write_state_dict(path: Path, layers, prefix: str = "") -> Path:
    """What a common reimplementation saves: nn.Conv2d layers named conv1..conv3 with zero padding."""
    net = nn.Module()
    for index, (weight, bias) in enumerate(layers, start=1):
        conv = nn.Conv2d(weight.shape[1], weight.shape[0], weight.shape[-1], padding=weight.shape[-1] // 2)
        conv.weight.data.copy_(weight)
        conv.bias.data.copy_(bias)
        setattr(net, f"conv{index}", conv)
    torch.save({prefix + k: v for k, v in net.state_dict().items()}, path)
    return path


def assert_holds_exactly(model_path: Path, layers) -> None:
    model, _ = load_model(model_path)
    convs = [m for m in model.body if isinstance(m, nn.Conv2d)]
    assert len(convs) == len(layers)
    for conv, (weight, bias) in zip(convs, layers, strict=True):
        assert torch.equal(conv.weight, weight) and torch.equal(conv.bias, bias)


@pytest.mark.parametrize(("kernels", "n1", "n2"), [((9, 5, 5), 8, 4), ((9, 1, 5), 6, 3)])
def test_a_mat_file_round_trips_exactly_and_is_registered(user_models, tmp_path, kernels, n1, n2):
    layers = known_layers(kernels, n1, n2)
    source = write_mat(tmp_path / "x3.mat", authors_arrays(layers))
    info = import_model(source, 3, name="theirs", data="ImageNet")
    assert info.path == user_models / "theirs.pt"
    assert (info.arch, info.scale, info.config["n1"], info.config["n2"]) == ("-".join(map(str, kernels)), 3, n1, n2)
    assert_holds_exactly(info.path, layers)
    imported = info.meta["imported"]
    assert imported["format"] == MATLAB_MAT and imported["original_padding"] == AUTHORS_PADDING
    assert imported["source"] == str(source.resolve())
    assert imported["sha256"] == {"x3.mat": hashlib.sha256(source.read_bytes()).hexdigest()}
    assert info.meta["data"] == ["ImageNet"]
    assert [m.name for m in list_models() if not m.shipped] == ["theirs"]


def test_a_text_dump_round_trips_exactly_from_the_folder_or_any_file_in_it(user_models, tmp_path):
    layers = known_layers((9, 5, 5), 8, 4, seed=1)
    folder = write_text_dump(tmp_path / "dump-x2", authors_arrays(layers))
    from_folder = import_model(folder, 2)
    from_file = import_model(folder / "biases_conv2.txt", 2, name="again")
    assert from_folder.name == "dump-x2"
    for info in (from_folder, from_file):
        assert info.meta["imported"]["format"] == MATLAB_TEXT
        assert sorted(info.meta["imported"]["sha256"]) == sorted(f.name for f in folder.iterdir())
        assert_holds_exactly(info.path, layers)


@pytest.mark.parametrize("prefix", ["", "module."])
def test_a_reimplementations_state_dict_round_trips_exactly_and_records_its_zero_padding(user_models, tmp_path, prefix):
    layers = known_layers((9, 5, 5), 8, 4, seed=2)
    info = import_model(write_state_dict(tmp_path / "srcnn_x4.pth", layers, prefix), 4)
    assert info.name == "srcnn_x4"
    assert info.meta["imported"]["original_padding"] == REIMPLEMENTATION_PADDING
    assert_holds_exactly(info.path, layers)


def test_the_imported_network_correlates_its_kernels_like_imfilter(user_models, tmp_path):
    """One 3x3 kernel with a single tap at MATLAB's (row 1, column 3), identity layers after it: imfilter
    (correlation) moves each pixel left and down by one, i.e. out(y, x) = in(y - 1, x + 1)."""
    layers = [(torch.zeros(1, 1, 3, 3), torch.zeros(1)), (torch.ones(1, 1, 1, 1), torch.zeros(1)),
              (torch.ones(1, 1, 1, 1), torch.zeros(1))]
    arrays = authors_arrays(layers)
    arrays["weights_conv1"][0 + 3 * 2, 0] = 1.0  # reshape(w, 3, 3)(1, 3): the top-right tap
    model, _ = load_model(import_model(write_mat(tmp_path / "shift.mat", arrays), 2).path)
    image = torch.rand(1, 1, 6, 7)
    with torch.no_grad():
        out = model(image)
    assert torch.equal(out[0, 0, 1:, :-1], image[0, 0, :-1, 1:])


def mat_with(path: Path, **changes) -> Path:
    """A .mat file of a small 9-5-5 with some arrays replaced (None: left out)."""
    arrays = authors_arrays(known_layers((9, 5, 5), 8, 4))
    arrays.update(changes)
    return write_mat(path, {k: v for k, v in arrays.items() if v is not None})


def test_bad_files_are_refused_with_the_file_and_the_problem(user_models, tmp_path):
    good = authors_arrays(known_layers((9, 5, 5), 8, 4))
    with_nan = good["weights_conv2"].copy()
    with_nan[3, 4, 1] = np.nan
    rgb = known_layers((9, 5, 5), 8, 4)
    rgb[0] = (torch.zeros(8, 3, 9, 9), torch.zeros(8))
    not_a_model = tmp_path / "photo.pth"
    not_a_model.write_bytes(b"\x89PNG\r\n\x1a\n not a model at all")
    truncated = write_state_dict(tmp_path / "cut.pth", known_layers((9, 5, 5), 8, 4))
    truncated.write_bytes(truncated.read_bytes()[:300])
    ours = save_model(tmp_path / "ours.pth", load_model(import_model(mat_with(tmp_path / "good.mat"), 3).path)[0], 3)
    cases = [
        (mat_with(tmp_path / "nan.mat", weights_conv2=with_nan), "layer 2 weights hold 1 NaN"),
        (mat_with(tmp_path / "taps.mat", weights_conv1=good["weights_conv1"][:80]), "weights_conv1 is 80 x 8: 80 is not the square"),
        (mat_with(tmp_path / "channels.mat", weights_conv2=good["weights_conv2"][:5]), "layer 2 takes 5 input channels"),
        (mat_with(tmp_path / "biases.mat", biases_conv1=good["biases_conv1"][:7]), "layer 1 has 7 biases for 8 filters"),
        (mat_with(tmp_path / "missing.mat", weights_conv3=None), "no weights_conv3"),
        (write_state_dict(tmp_path / "rgb.pth", rgb), "layer 1 takes 3 input channels"),
        (not_a_model, "not a model format srcnn-gui imports"),
        (truncated, "not a readable PyTorch state dict"),
        (ours, "already an srcnn-gui model file"),
        (tmp_path / "absent.mat", "no such file"),
    ]
    for path, message in cases:
        with pytest.raises(ModelImportError, match=message) as caught:
            import_model(path, 3, name=f"bad-{path.stem}")
        assert str(path) in str(caught.value)


def test_a_damaged_text_dump_is_refused_naming_the_array_file(user_models, tmp_path):
    folder = write_text_dump(tmp_path / "dump", authors_arrays(known_layers((9, 5, 5), 8, 4)))
    conv3 = folder / "weights_conv3.txt"
    header, values = conv3.read_text().split("\n", 1)
    conv3.write_text(header + "\n" + " ".join(values.split()[:-2]))  # two values short
    with pytest.raises(ModelImportError, match="weights_conv3.txt: 98 values, but the size line says 4 x 25 = 100"):
        import_model(folder, 3)
    (folder / "biases_conv1.txt").unlink()
    with pytest.raises(ModelImportError, match="biases_conv1.txt missing"):
        import_model(folder, 3)


def test_nothing_is_replaced_and_names_stay_unique(user_models, tmp_path):
    source = write_state_dict(tmp_path / "m.pth", known_layers((9, 5, 5), 8, 4))
    first = import_model(source, 3)
    before = first.path.read_bytes()
    with pytest.raises(ModelImportError, match="already exists"):
        import_model(source, 3)
    with pytest.raises(ModelImportError, match="a model named 'srcnn-9-5-5-x3' already exists"):
        import_model(source, 3, name="srcnn-9-5-5-x3")  # would hide the shipped model of that name
    with pytest.raises(ModelImportError, match="not a usable model name"):
        import_model(source, 3, name="../elsewhere")
    assert first.path.read_bytes() == before


def test_the_scale_a_published_name_states_is_found():
    assert scale_from_name(Path("9-5-5(ImageNet)/x3.mat")) == 3
    assert scale_from_name(Path("shared/models/authors-9-5-5-imagenet-x4/weights_conv1.txt")) == 4
    assert scale_from_name(Path("SRCNN_X2_pretrained.pth")) == 2
    assert scale_from_name(Path("srcnn.pth")) is None


class ReimplementedFSRCNN(nn.Module):
    """The common PyTorch reimplementation's FSRCNN, written here from its published layout: zero-padded
    convolutions and a transposed convolution with padding 4 and output_padding scale - 1."""

    def __init__(self, scale: int, d: int, s: int, m: int) -> None:
        super().__init__()
        self.first_part = nn.Sequential(nn.Conv2d(1, d, 5, padding=2), nn.PReLU(d))
        mid: list[nn.Module] = [nn.Conv2d(d, s, 1), nn.PReLU(s)]
        for _ in range(m):
            mid += [nn.Conv2d(s, s, 3, padding=1), nn.PReLU(s)]
        mid += [nn.Conv2d(s, d, 1), nn.PReLU(d)]
        self.mid_part = nn.Sequential(*mid)
        self.last_part = nn.ConvTranspose2d(d, 1, 9, stride=scale, padding=4, output_padding=scale - 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.last_part(self.mid_part(self.first_part(x)))


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_a_reimplementations_fsrcnn_gives_its_own_output_inside_the_picture(user_models, tmp_path, scale):
    torch.manual_seed(scale)
    theirs = ReimplementedFSRCNN(scale, d=12, s=4, m=2).eval()
    shift = 4 - (9 - scale) // 2  # the taps that fall off our kernel: zero here, so the import is exact
    with torch.no_grad():
        theirs.last_part.weight.normal_(std=0.1)
        theirs.last_part.weight[..., :shift, :] = 0
        theirs.last_part.weight[..., :, :shift] = 0
    path = tmp_path / f"fsrcnn_x{scale}.pth"
    torch.save({f"module.{k}": v for k, v in theirs.state_dict().items()}, path)
    info = import_model(path, scale)
    assert info.arch == "fsrcnn-12-4-2" and info.meta["imported"]["dropped_weight_share"] == 0.0
    ours, _ = load_model(info.path)
    x = torch.rand(1, 1, 30, 26)
    with torch.no_grad():
        expected, got = theirs(x), ours(x)
    inside = slice(8 * scale, -8 * scale)  # their zero padding and our mirrored border differ near the edges
    torch.testing.assert_close(got[..., inside, inside], expected[..., inside, inside], atol=1e-5, rtol=1e-5)
