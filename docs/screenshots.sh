#!/usr/bin/env bash
# Retakes the window screenshots in docs/ (the four views and the JPEG one) with the current default
# model (run after the shipped weights change or the window's look). Needs Xvfb; the pictures come
# from the evaluation sets beside the project.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SRCNN_DATASETS:-../shared/datasets}
pictures=("$data/Set14/monarch.png" "$data/Set5/butterfly_GT.png" resources/sample.png)
shot() {  # shot OUT ARGS...: one picture of the window once the queue is done
  local out=$1; shift
  xvfb-run -a -s "-screen 0 1280x800x24" srcnn-gui gui "${pictures[@]}" --mode evaluate "$@" --screenshot "$out"
}
shot docs/screenshot.png --view split --zoom 2
shot docs/view-split.png --view split
shot docs/view-side.png --view side
shot docs/view-difference.png --view difference
# A JPEG of quality 40: what ran (the strong-cleanup model) and why, beside the Model and Denoise boxes.
jpeg=$(mktemp -d)/monarch-q40.jpg
python -c "import sys; from PIL import Image; Image.open(sys.argv[1]).convert('RGB').crop((100, 100, 356, 292)).save(sys.argv[2], quality=40)" \
    "$data/Set14/monarch.png" "$jpeg"
xvfb-run -a -s "-screen 0 1280x800x24" srcnn-gui gui "$jpeg" --screenshot docs/jpeg-window.png
# The same JPEG at 300%, FSRCNN chosen: the network stays for JPEG pictures (its strong-cleanup model).
xvfb-run -a -s "-screen 0 1280x800x24" srcnn-gui gui "$jpeg" --model fsrcnn-x3 --zoom 3 --screenshot docs/fsrcnn-jpeg-window.png
# x4, where FSRCNN is the default by the ranking rule (README, "Which model runs by default").
xvfb-run -a -s "-screen 0 1280x800x24" srcnn-gui gui "$data/Set14/monarch.png" --scale 4 --screenshot docs/fsrcnn-x4-default.png
# A phone-size photo: Kodak's parrots enlarged to 4000 x 3000 and saved as a JPEG of quality 90, at the default x3
# (computed region by region into the cache; the queue entry and status bar say how long it took).
phone=$(mktemp -d)/parrots-4000x3000.jpg
python -c "import sys; from PIL import Image; Image.open(sys.argv[1]).convert('RGB').resize((4000, 3000), Image.LANCZOS).save(sys.argv[2], quality=90)" \
    "$data/Kodak24/kodim23.png" "$phone"
xvfb-run -a -s "-screen 0 1280x800x24" srcnn-gui gui "$phone" --screenshot docs/phone-photo-parrots.png
