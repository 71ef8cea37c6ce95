"""Published Y-PSNR figures (dB) that our measurements are set beside.

Sources: Dong et al., "Image Super-Resolution Using Deep Convolutional Networks", TPAMI 2016
(bicubic and SRCNN 9-5-5 trained on ImageNet), the ECCV 2014 version (SRCNN 9-1-5 trained on the
91 images), and Dong et al., "Accelerating the Super-Resolution Convolutional Neural Network",
ECCV 2016 (FSRCNN).
"""

from __future__ import annotations

# {method: {set: {scale: psnr}}}
PUBLISHED_PSNR: dict[str, dict[str, dict[int, float]]] = {
    "bicubic": {"Set5": {2: 33.66, 3: 30.39, 4: 28.42}, "Set14": {2: 30.23, 3: 27.54, 4: 26.00}},
    "SRCNN 9-5-5 (TPAMI, ImageNet)": {"Set5": {2: 36.66, 3: 32.75, 4: 30.49}, "Set14": {2: 32.45, 3: 29.30, 4: 27.50}},
    "SRCNN 9-1-5 (ECCV, 91 images)": {"Set5": {2: 36.34, 3: 32.39, 4: 30.09}, "Set14": {2: 32.18, 3: 29.00, 4: 27.20}},
    "FSRCNN": {"Set5": {2: 36.94, 3: 33.06, 4: 30.55}, "Set14": {2: 32.54, 3: 29.37, 4: 27.50}},
}

# The paper figure each of our configurations has to beat.
TARGET_FOR_ARCH = {"9-5-5": "SRCNN 9-5-5 (TPAMI, ImageNet)", "9-1-5": "SRCNN 9-1-5 (ECCV, 91 images)", "fsrcnn": "FSRCNN"}
