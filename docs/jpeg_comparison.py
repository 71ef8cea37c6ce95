"""The picture in docs/jpeg-400.png: a JPEG photo upscaled, shown at 400%: bicubic, the clean model, auto.

Set14's *monarch* is shrunk by 3 and saved as a JPEG of quality 45 (what a web or phone picture looks
like); the three results of the same crop are enlarged 4x with nearest-neighbour (pixels as blocks,
as the window shows them above 100%) and put side by side with their Y-PSNR against the original.

    python docs/jpeg_comparison.py [--quality 45] [--out docs/jpeg-400.png]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from srcnn_gui.core.evaluation.metrics import psnr
from srcnn_gui.core.evaluation.protocol import ground_truth_colour
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import luminance_8bit
from srcnn_gui.core.images.denoise_levels import AUTO, NO_DENOISE
from srcnn_gui.core.images.jpeg import file_quality
from srcnn_gui.core.images.pixels import to_uint8
from srcnn_gui.core.images.reading import read_image
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.paths import datasets_dir

SCALE, ZOOM = 3, 4
CROP = (330, 400, 80, 100)  # top, left, height, width in the upscaled picture
try:  # a font with "≈" and "→" (DejaVu ships with most Linux desktops); Pillow's own otherwise
    FONT: ImageFont.ImageFont | ImageFont.FreeTypeFont = ImageFont.truetype("DejaVuSans.ttf", 13)
except OSError:
    FONT = ImageFont.load_default()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--picture", type=Path, default=datasets_dir() / "Set14" / "monarch.png")
    parser.add_argument("--quality", type=int, default=45)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("jpeg-400.png"))
    args = parser.parse_args()
    truth = ground_truth_colour(args.picture, SCALE)
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / f"{args.picture.stem}_q{args.quality}.jpg"
        Image.fromarray(to_uint8(imresize(truth / 255.0, 1 / SCALE))).save(photo, quality=args.quality)
        quality, pixels = file_quality(photo), read_image(photo).pixels
    panels = []
    for denoise in (NO_DENOISE, AUTO):
        choice = ModelChooser(SCALE, denoise).choose(quality)
        result = choice.upscaler.upscale(pixels)
        if denoise == NO_DENOISE:
            panels.append(("bicubic", "", to_uint8(result.bicubic)))
        title = "clean model" if denoise == NO_DENOISE else f"auto: {choice.summary}"
        panels.append((title, f"{choice.info.name} · ", to_uint8(result.srcnn)))
    top, left, height, width = CROP
    tiles = []
    for title, model, image in panels:
        score = psnr(luminance_8bit(image), luminance_8bit(truth), crop_border=SCALE)
        crop = Image.fromarray(image[top : top + height, left : left + width])
        tile = crop.resize((width * ZOOM, height * ZOOM), Image.NEAREST)
        canvas = Image.new("RGB", (tile.width, tile.height + 38), "white")
        canvas.paste(tile, (0, 38))
        ImageDraw.Draw(canvas).text((4, 2), f"{title}\n{model}Y-PSNR {score:.2f} dB (whole picture)", fill="black", font=FONT)
        tiles.append(canvas)
    sheet = Image.new("RGB", (sum(t.width for t in tiles) + 8 * (len(tiles) - 1), tiles[0].height), "white")
    x = 0
    for tile in tiles:
        sheet.paste(tile, (x, 0))
        x += tile.width + 8
    sheet.save(args.out)
    print(f"wrote {args.out} (JPEG quality read back: {quality})")


if __name__ == "__main__":
    main()
