#!/usr/bin/env python3
"""The embedded default's training curve against its targets: each evaluation in a training checkpoint's log
(`fzplus train-default --evaluate`) as sharpness ratio, worst attribute gap and Frechet ratio against images seen,
with the targets drawn, and a vertical line where phase 2 began.

    python tools/training_curve.py runs/toyfaces64_v2/checkpoint.pt --out figures/default_v2_curve
"""
import argparse, json
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
import torch
from fzplus_nb.files import atomic_write

PANELS = [('sharpness_ratio', 'sharpness ratio (Laplacian variance, samples / renders)', 0.90, 'at least'),
          ('worst_rate_gap_pp', 'worst attribute rate gap (points)', 5.0, 'at most'),
          ('fd_ratio', 'Frechet distance / render floor', 5.0, 'at most')]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('checkpoint', help='a training checkpoint.pt (its log holds the evaluations)')
    ap.add_argument('--out', required=True, help='output stem (.png, .json)')
    a = ap.parse_args()
    st = torch.load(a.checkpoint, weights_only=True, map_location='cpu')
    cfg, evals = st['config'], [l for l in st['log'] if 'eval' in l]
    if not evals: raise SystemExit(f'{a.checkpoint} holds no evaluations (train with --evaluate)')
    kimg = [(e['step'] + 1) * cfg['batch'] / 1000 for e in evals]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for ax, (key, title, target, how) in zip(axes, PANELS):
        ax.plot(kimg, [e['eval'][key] for e in evals], '.-', label='EMA generator')
        ax.axhline(target, color='g', ls='--', label=f'target ({how} {target:g})')
        if cfg['adversarial_steps'] and st['step'] > cfg['supervised_steps']:
            ax.axvline(cfg['supervised_steps'] * cfg['batch'] / 1000, color='r', ls=':', label='phase 2 begins')
        ax.set_xlabel('thousands of images seen'); ax.set_title(title, fontsize=10); ax.legend(fontsize=8)
        if key == 'fd_ratio': ax.set_yscale('log')
    fig.suptitle(f'{a.checkpoint}: step {st["step"]:,}', fontsize=10); fig.tight_layout()
    fig.savefig(a.out + '.png', dpi=90)
    with atomic_write(a.out + '.json', 'w') as f:
        json.dump({'command': f'python tools/training_curve.py {a.checkpoint} --out {a.out}', 'batch': cfg['batch'],
                   'evaluations': [{'step': e['step'] + 1, **e['eval']} for e in evals]}, f, indent=1)


if __name__ == '__main__':
    main()
