#!/usr/bin/env bash
# Retakes the window screenshots in docs/ with the current default model (run after the shipped
# weights change). Needs Xvfb; the pictures come from the evaluation sets beside the project.
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
