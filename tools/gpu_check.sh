#!/usr/bin/env bash
# The first-GPU check (issue #44), one script for the 15 minutes a lent GPU gives: about 8 minutes on one GPU.
#   1. every method at the paper's topology on the device (tests/test_device.py with FZPLUS_TEST_DEVICE);
#   2. `fzplus reproduce --preset paper --dry-run` on random config-f weights at 1024 px (full widths on CUDA): seconds per
#      space and the estimate of the whole run;
#   3. the inversion benchmark's rows on the device (fp32, TF32, bf16, fp16 against the plain loop);
# and writes the report (benchmarks/gpu_check.md on CUDA). Without CUDA it runs as a dry run of itself on the CPU (tiny
# widths, 256 px, fewer steps) and writes benchmarks/gpu_check_cpu_dryrun.md, so the script is tested before a GPU is lent.
# Usage: tools/gpu_check.sh [cuda|cpu]     (from the repository root, in the project's environment)
set -uo pipefail
cd "$(dirname "$0")/.."
DEV="${1:-$(python -c 'import torch; print("cuda" if torch.cuda.is_available() else "cpu")')}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
if [ "$DEV" = cuda ]; then
  OUT=benchmarks/gpu_check.md; RES=1024; DIV=1; REH_STEPS=10; BENCH=(--configs ffhq1024 --batches 1 4 16 --steps 20)
else
  OUT=benchmarks/gpu_check_cpu_dryrun.md; RES=256; DIV=16; REH_STEPS=2; BENCH=(--configs ffhq256 --batches 1 --steps 2)
fi
status=0
section() { printf '\n## %s\n\n```\n' "$1" >> "$WORK/report"; }
endsection() { printf '```\n' >> "$WORK/report"; }
{
  echo "# GPU check ($DEV)"
  echo
  echo "Made by \`tools/gpu_check.sh $DEV\` on $(date -u +%Y-%m-%d); $(python -c 'import torch, platform; print("torch", torch.__version__, "|", torch.cuda.get_device_name(0) if torch.cuda.is_available() else "CPU " + platform.machine())')."
} > "$WORK/report"

t0=$SECONDS
section "1. Methods at the paper's topology on $DEV (tests/test_device.py)"
FZPLUS_TEST_DEVICE="$DEV" python -m pytest tests/test_device.py -q -p no:cacheprovider 2>&1 | tail -5 >> "$WORK/report" || status=1
echo "($((SECONDS - t0)) s)" >> "$WORK/report"; endsection

t0=$SECONDS
section "2. fzplus reproduce --preset paper --dry-run, random config-f weights at $RES px (channels / $DIV)"
python -c "from fzplus_nb.nn.generator import config_f_generator, save_generator; save_generator(config_f_generator($RES, width_divisor=$DIV), '$WORK/configf.pt')" \
  && fzplus reproduce --preset paper --dry-run --model "$WORK/configf.pt" --device "$DEV" --rehearsal-steps "$REH_STEPS" \
       --rehearsal-out "$WORK/rehearsal.json" 2>&1 | grep -v -i warn | grep -v '%|' | tail -45 >> "$WORK/report" || status=1
echo "($((SECONDS - t0)) s)" >> "$WORK/report"; endsection

t0=$SECONDS
section "3. Inversion benchmark on $DEV (benchmarks/inversion_speed.py ${BENCH[*]})"
python benchmarks/inversion_speed.py "${BENCH[@]}" --device "$DEV" --out "$WORK/speed.md" 2>&1 | grep '^|' >> "$WORK/report" || status=1
if [ "$DEV" = cuda ]; then  # the fp32 rows again with TF32 (no mixed-precision rows)
  python benchmarks/inversion_speed.py "${BENCH[@]}" --device "$DEV" --tf32 --amp --out "$WORK/speed.md" 2>&1 | grep -E '^(##|\|)' >> "$WORK/report" || status=1
fi
echo "($((SECONDS - t0)) s)" >> "$WORK/report"; endsection

cp "$WORK/report" "$OUT"
echo "wrote $OUT (status $status)"
exit $status
