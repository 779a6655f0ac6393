#!/usr/bin/env python3
"""Compare two output folders of `tools/main_job.sh` (e.g. before and after a refactor): every PNG pixel for pixel,
every codes file entry by entry, every table as text. Usage: python tools/compare_outputs.py OUT_A OUT_B"""
import sys, pathlib
import numpy as np, torch
from PIL import Image

def main(a, b):
    a, b = pathlib.Path(a), pathlib.Path(b)
    files = lambda r: {p.relative_to(r) for p in r.rglob('*') if p.is_file() and 'cache' not in p.parts and p.suffix not in ('.ipynb', '.pdf')}
    fa, fb = files(a), files(b)
    print('only in', a, sorted(map(str, fa - fb))); print('only in', b, sorted(map(str, fb - fa)))
    diff = []
    for r in sorted(fa & fb):
        x, y = a / r, b / r
        if r.suffix == '.png':
            u, v = np.asarray(Image.open(x), dtype=float), np.asarray(Image.open(y), dtype=float)
            d = 'size' if u.shape != v.shape else np.abs(u - v).max()
        elif r.suffix == '.pt':
            u, v = torch.load(x, weights_only=True)['codes'], torch.load(y, weights_only=True)['codes']
            d = 'keys' if set(u) != set(v) else max(float((u[k] - v[k]).abs().max()) for k in u)
        else:
            d = 0 if x.read_text() == y.read_text() else 'text'
        if d != 0: diff.append((str(r), d))
    print(f'{len(fa & fb)} files compared; different: {diff}')

if __name__ == '__main__':
    main(*sys.argv[1:3])
