"""A display whose Qt platform plugin cannot load: the missing libraries and their install line, then
the self-test, instead of Qt aborting the process (exit code 134)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from srcnn_gui.gui.qt_platform import debian_package, missing_libraries, platform_plugin

ABSENT = "libsrcnn-test-absent.so.7"


@pytest.fixture()
def broken_xcb_plugin(tmp_path: Path) -> Path:
    """A folder with a ``libqxcb.so`` that needs a library this system does not have: built against
    one made for the purpose, which is then deleted."""
    if not shutil.which("gcc"):
        pytest.skip("needs gcc to build the shared libraries")
    (tmp_path / "absent.c").write_text("int srcnn_absent(void) { return 7; }\n")
    (tmp_path / "plugin.c").write_text("int srcnn_absent(void);\nint srcnn_plugin(void) { return srcnn_absent(); }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", f"-Wl,-soname,{ABSENT}", "-o", str(tmp_path / ABSENT), str(tmp_path / "absent.c")],
                   check=True)
    folder = tmp_path / "platforms"
    folder.mkdir()
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(folder / "libqxcb.so"), str(tmp_path / "plugin.c"),
                    f"-L{tmp_path}", f"-l:{ABSENT}"], check=True)
    (tmp_path / ABSENT).unlink()
    return folder


def test_the_missing_library_of_a_plugin_is_named(broken_xcb_plugin):
    assert missing_libraries(broken_xcb_plugin / "libqxcb.so") == [ABSENT]
    assert missing_libraries(Path(sys.executable).resolve()) == []


def test_qt_finds_its_plugin_where_our_check_looks(monkeypatch, broken_xcb_plugin):
    monkeypatch.delenv("QT_QPA_PLATFORM_PLUGIN_PATH", raising=False)
    assert platform_plugin("xcb").parent.parts[-3:] == ("Qt", "plugins", "platforms")
    monkeypatch.setenv("QT_QPA_PLATFORM_PLUGIN_PATH", str(broken_xcb_plugin))
    assert platform_plugin("xcb") == broken_xcb_plugin / "libqxcb.so"


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libdbus-1.so.3", "libdbus-1-3"), ("libEGL.so.1", "libegl1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"), ("libglib-2.0.so.0", "libglib2.0-0"),
])
def test_the_install_line_names_debian_packages(soname, package):
    assert debian_package(soname) == package


def test_a_display_whose_plugin_cannot_load_gets_the_install_line_and_the_self_test(broken_xcb_plugin, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":99", QT_QPA_PLATFORM_PLUGIN_PATH=str(broken_xcb_plugin), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "srcnn_gui"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"needs {ABSENT}, not installed" in done.stderr
    assert "sudo apt-get install libsrcnn-test-absent7" in done.stderr
    assert done.stdout.startswith("self-test ok")
