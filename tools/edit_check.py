#!/usr/bin/env python3
"""Does the README's main job show its edits? Invert one image, edit it along named directions, and read every edited
image with the model's own attribute classifier (issue 43: between alpha -2 and +2 the classifier must move smile by at
least 0.5 and age by at least 0.3, with the README's 300 steps).

    python tools/edit_check.py --model toyfaces64-v2 --image fzplus_nb/assets/examples_legible/toyface_00.png --out runs/edit_check_v2

Writes OUT/edit_check.json (per direction and alpha: the classifier's p_<attribute> and continuous estimate, and the mean
absolute change from the reconstruction in 8-bit grey levels) and prints a table. Runs the CLI's own commands.
"""
import argparse, json, sys
from pathlib import Path
import torch

ATTRIBUTES = {'smile': 'smile', 'age': 'age', 'glasses': 'glasses', 'yaw': 'yaw', 'light': 'light'}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', default=None, help='model name or file (default: the embedded default)')
    ap.add_argument('--image', required=True, help='the image to invert')
    ap.add_argument('--steps', type=int, default=300, help="inversion steps (the README's 300)")
    ap.add_argument('--direction', nargs='+', default=['smile', 'age', 'pc1'])
    ap.add_argument('--alpha', nargs='+', type=float, default=[-2, -1, 0, 1, 2])
    ap.add_argument('--out', required=True)
    ap.add_argument('--threads', type=int, default=0)
    a = ap.parse_args(argv)
    from fzplus_nb.apps.cli import main as cli
    from fzplus_nb.images import load_image
    from fzplus_nb.metrics.judges import load_judge
    from fzplus_nb.models import companion_file
    if a.threads: torch.set_num_threads(a.threads)
    out, stem = Path(a.out), Path(a.image).stem
    model = ['--model', a.model] if a.model else []
    if cli(['invert', a.image, '--out', str(out), '--steps', str(a.steps), '--overwrite', *model]) != 0: return 1
    if cli(['edit', str(out / f'{stem}_codes.pt'), '--direction', *a.direction, '--alpha', *map(str, a.alpha),
            '--out', str(out / 'edits'), '--overwrite', *model]) != 0: return 1
    clf = load_judge(companion_file(a.model, 'classifier'))
    rec = load_image(out / f'{stem}_reconstruction.png', clf.resolution) if (out / f'{stem}_reconstruction.png').exists() else None
    rows = {}
    for d in a.direction:
        imgs = torch.stack([load_image(out / 'edits' / f'{stem}_{d}_{al:+g}.png', clf.resolution) for al in a.alpha])
        with torch.no_grad(): pred = clf.predict(imgs)
        base = imgs[a.alpha.index(0.0)] if 0.0 in a.alpha else rec
        rows[d] = {f'{al:+g}': {**{k: round(float(v[i]), 4) for k, v in pred.items()},
                                'grey_levels_changed': round(float((imgs[i] - base).abs().mean() * 127.5), 2) if base is not None else None}
                   for i, al in enumerate(a.alpha)}
    lo, hi = f'{min(a.alpha):+g}', f'{max(a.alpha):+g}'
    moves = {d: {k: round(rows[d][hi][k] - rows[d][lo][k], 4) for k in rows[d][hi] if k.startswith('p_')} for d in a.direction}
    report = {'model': a.model or 'default', 'image': a.image, 'steps': a.steps, 'alphas': a.alpha, 'scores': rows,
              f'move_{lo}_to_{hi}': moves, 'command': 'python tools/edit_check.py ' + ' '.join(sys.argv[1:] if argv is None else argv)}
    (out / 'edit_check.json').write_text(json.dumps(report, indent=1))
    print(f'{"direction":10s} ' + ' '.join(f'{al:>+8g}' for al in a.alpha) + '   (its own attribute p, mean grey levels changed)')
    for d in a.direction:
        k = f'p_{ATTRIBUTES.get(d, d)}'
        if k in rows[d][lo]:
            print(f'{d:10s} ' + ' '.join(f'{rows[d][f"{al:+g}"][k]:8.3f}' for al in a.alpha) + f'   move {moves[d][k]:+.3f}')
        print(f'{"":10s} ' + ' '.join(f'{rows[d][f"{al:+g}"]["grey_levels_changed"]:8.1f}' for al in a.alpha))
    print(f'wrote {out / "edit_check.json"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
