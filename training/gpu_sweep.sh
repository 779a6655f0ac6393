#!/usr/bin/env bash
# The GPU sitting that trained the embedded default v2 and three configs beside it, all at once on one GPU
# (each run is launch-bound, so four share the card well). Usage: training/gpu_sweep.sh MINUTES OUT_DIR
# Each run stops itself (resumably) after MINUTES; pack_sweep.py then scores every snapshot and packs the results.
set -u
MIN=${1:-7.5}; DEST=${2:-runs/sweep_out}; DEVICE=${DEVICE:-cuda}; CONFIGS=${CONFIGS:-"v2 v2-b64 v2-distill v2-dsmall"}
export PYTHONPATH=$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 OMP_NUM_THREADS=${OMP_NUM_THREADS:-4}
mkdir -p runs "$DEST"
python3 -c "import torch, sys; print(sys.version.split()[0], torch.__version__, torch.cuda.get_device_name() if torch.cuda.is_available() else 'cpu')"
# A broken setup fails here, in seconds, before the long runs start.
python3 -m fzplus_nb.apps.cli train-default --preset tiny --device "$DEVICE" --run-dir runs/smoke --no-resume --evaluate --eval-samples 64 || exit 1
for p in $CONFIGS; do
  python3 -m fzplus_nb.apps.cli train-default --preset "$p" --device "$DEVICE" --max-minutes "$MIN" --evaluate --snapshots \
    --run-dir "runs/$p" > "runs/$p.log" 2>&1 &
done
wait
for p in $CONFIGS; do echo "== $p"; tr '\r' '\n' < "runs/$p.log" | grep -v '^train:' | tail -n 30; done
python3 training/pack_sweep.py runs "$DEST" $CONFIGS
