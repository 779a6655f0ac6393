#!/usr/bin/env bash
# usage: tools/main_job.sh SRC_ROOT OUT: the README main job (60 steps) and two smoke-preset paper notebooks, run with the package found at SRC_ROOT (a checkout of any commit), writing into OUT
set -e
SRC=$1; OUT=$2; mkdir -p $OUT; cd $OUT
export PYTHONPATH=$SRC
PY=${PY:-python3}  # a Python with the dependencies (e.g. .venv/bin/python)
CLI=$($PY -c "import importlib.util as u; print('fzplus_nb.apps.cli' if u.find_spec('fzplus_nb.apps') else 'fzplus_nb.cli')")
$PY -c "import fzplus_nb, sys; print(fzplus_nb.__file__)"
$PY -m $CLI generate --out samples.png --overwrite
$PY -m $CLI invert $SRC/fzplus_nb/assets/examples/toyface_00.png --out demo --steps 60 --overwrite
$PY -m $CLI edit demo/toyface_00_codes.pt --direction smile age pc1 --out demo/edits --overwrite
$PY -m $CLI reproduce --preset smoke --only fig4 table1 --out figs
