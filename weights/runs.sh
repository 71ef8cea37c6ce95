#!/usr/bin/env bash
# The training runs behind the shipped weights. Each line resumes from its state file in
# weights/checkpoints/ (commit those), so running this script at the start of a session continues
# every run where the last session stopped. Run from the project root; logs go to logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p logs
data=${SRCNN_DATASETS:-../shared/datasets}
run() {  # run NAME ARGS...: one background training, lowest CPU priority, one thread each
  local name=$1; shift
  nohup nice -n 19 srcnn-gui train "$data/T91" --val "$data/Set5" --threads 1 --minutes "${MINUTES:-150}" \
    --out "weights/$name.pt" --state "weights/checkpoints/$name.state.pt" "$@" >> "logs/$name.log" 2>&1 &
  echo "started $name (pid $!)"
}
run srcnn-9-5-5-x3 --scale 3 --arch 9-5-5 --epochs 100
run srcnn-9-5-5-x2 --scale 2 --arch 9-5-5 --epochs 100
run srcnn-9-5-5-x4 --scale 4 --arch 9-5-5 --epochs 100
run srcnn-9-1-5-x2 --scale 2 --arch 9-1-5 --epochs 100
run srcnn-9-1-5-x3 --scale 3 --arch 9-1-5 --epochs 100
run srcnn-9-1-5-x4 --scale 4 --arch 9-1-5 --epochs 100
# The paper's filter-size and depth experiment (docs/experiments/), resumable the same way.
nohup nice -n 19 srcnn-gui experiment --threads 1 >> logs/experiment.log 2>&1 &
echo "started experiment (pid $!)"
