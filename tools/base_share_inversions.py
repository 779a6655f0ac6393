#!/usr/bin/env python3
"""Fill the inversion cache of the base-share study (`nbs/paper/base_share.ipynb`) ahead of the notebook, a few cells
per process, so that several processes can share the work; the notebook then only edits and measures.

Usage: `python tools/base_share_inversions.py --sizes 4 8 --references W+ --threads 1 [--preset cpu] [--out figures]`.
Each call inverts, for every side in --sizes, the study's spaces with a base code (F/Z+, F/W+, F/W+(P_N)) and then the
--references (W+, Z+), exactly as the notebook asks for them (same preset, schedule, encoders), so the cache keys match.
"""
import argparse, time
import torch
from fzplus_nb.apps.paper import inversion, paper_setup
from fzplus_nb.inversion.encoder import packaged_encoder

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--preset', default='cpu'); ap.add_argument('--out', default='figures'); ap.add_argument('--model', default=None)
    ap.add_argument('--sizes', nargs='*', type=int, default=[], help='sides of the base code')
    ap.add_argument('--spaces', nargs='+', default=['F/Z+', 'F/W+', 'F/W+(P_N)'])
    ap.add_argument('--references', nargs='*', default=[], help='spaces without a base code (W+, Z+)')
    ap.add_argument('--schedule', default='fast'); ap.add_argument('--threads', type=int, default=0)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    run = paper_setup(a.preset, a.model, out=a.out, schedule=a.schedule)
    jobs = [(s, sp) for s in a.sizes for sp in a.spaces] + [(None, sp) for sp in a.references]
    for s, sp in jobs:
        t = time.time()
        E = packaged_encoder(run.model, run.G.device, s) if s is not None else None
        r = inversion(run, sp, schedule=a.schedule, base_size=s, encoder=E, progress=False)
        print(f'{sp} at {s}: MSE {float(r["mse"].mean()):.5f}, {r["meta"].get("steps")} steps, {time.time() - t:.0f} s', flush=True)

if __name__ == '__main__':
    main()
