"""Whether Qt's X11 platform plugin can load here, asked before Qt tries.

Qt aborts the whole process (exit code 134) when its platform plugin fails to load, and its message
names one library, often not the missing one ("xcb-cursor0 is needed" with only libxcb-icccm4 and
libxcb-keysyms1 absent). So before the window starts, ``ldd`` lists every shared library the
``xcb`` plugin needs that the system lacks, and the command line prints the line that installs them.
Nothing here imports Qt.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

# Debian names a library package after the soname: libxcb-icccm.so.4 -> libxcb-icccm4, with a hyphen
# when the name ends in a digit (libxkbcommon-x11.so.0 -> libxkbcommon-x11-0); these few do not.
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0", "libz.so.1": "zlib1g",
    "libbrotlidec.so.1": "libbrotli1", "libbrotlicommon.so.1": "libbrotli1",
}


def qt_platform() -> str:
    """The platform plugin Qt will pick: ``QT_QPA_PLATFORM`` (its first choice), else wayland in a
    Wayland session, else xcb."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].strip()
    if chosen:
        return chosen.split(":")[0]
    if os.environ.get("WAYLAND_DISPLAY") and os.environ.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def platform_plugin(name: str) -> Path | None:
    """The plugin file Qt loads for platform ``name``: from ``QT_QPA_PLATFORM_PLUGIN_PATH`` as Qt
    does, else PySide6's own ``plugins/platforms``; None if there is none."""
    folder = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if not folder:
        spec = importlib.util.find_spec("PySide6")  # found, not imported
        if spec is None or spec.origin is None:
            return None
        folder = str(Path(spec.origin).parent / "Qt" / "plugins" / "platforms")
    plugin = Path(folder) / f"libq{name}.so"
    return plugin if plugin.is_file() else None


def missing_libraries(library: Path) -> list[str]:
    """Sonames that ``library`` needs, directly or through other libraries, and the system cannot find."""
    if shutil.which("ldd"):
        listing = subprocess.run(["ldd", str(library)], capture_output=True, text=True, timeout=30).stdout
        return sorted(set(re.findall(r"^\s*(\S+) => not found", listing, flags=re.MULTILINE)))
    try:  # no ldd (not glibc): the loader names the first library it misses
        ctypes.CDLL(str(library))
    except OSError as exc:
        return re.findall(r"(\S+\.so[.\d]*): cannot open shared object file", str(exc))[:1] or [str(exc)]
    return []


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that provides ``soname`` (``libxcb-icccm.so.4`` -> ``libxcb-icccm4``)."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    base, _, version = soname.partition(".so.")
    base = base.lower()
    if not version:
        return base
    return f"{base}-{version.split('.')[0]}" if base[-1].isdigit() else f"{base}{version.split('.')[0]}"


def platform_problem() -> str | None:
    """Why the window cannot start on this display, with the command that fixes it; None if it can
    (or if this is not the xcb plugin, whose libraries we know to check)."""
    name = qt_platform()
    if name != "xcb":
        return None
    plugin = platform_plugin(name)
    if plugin is None:
        return None  # Qt finds its plugins elsewhere (a system Qt); let Qt itself try
    missing = missing_libraries(plugin)
    if not missing:
        return None
    packages = sorted({debian_package(soname) for soname in missing})
    return (
        f"the window cannot open: Qt's X11 plugin ({plugin.name}) needs {', '.join(missing)}, not installed.\n"
        f"On Debian or Ubuntu: sudo apt-get install {' '.join(packages)}"
    )
