"""Packaging: the shipped models and resources travel inside the package.

``weights/`` and ``resources/`` stay at the project root (the editable install and the PyInstaller
spec read them there); a wheel carries them as package data under ``srcnn_gui/_shipped/``, where
``srcnn_gui.core.paths.shipped_data_dir`` finds them. Only the models and their card ship: training
states (``weights/checkpoints/``) and ``runs.sh`` stay in the repository.
"""

from setuptools import find_packages, setup

SHIPPED = {"srcnn_gui._shipped.weights": "weights", "srcnn_gui._shipped.resources": "resources"}

setup(
    packages=find_packages(include=["srcnn_gui*"]) + list(SHIPPED),
    package_dir=SHIPPED,
    package_data={"srcnn_gui._shipped.weights": ["*.pt", "README.md"], "srcnn_gui._shipped.resources": ["*"]},
)
