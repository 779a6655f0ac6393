#!/usr/bin/env python3
"""An emulating generator against the renderer, z by z: renders of `factors_from_z(z, rotate=True)` over each generator's
image of the same z (psi 1, constant noise), as one grid, and how often the attribute classifier reads the same binary
attribute off both (agreement; 0.5 is chance for an even attribute). Also `<out>_smile.png`: one face rendered at 192 px
with smile 0.05, 0.3, 0.7 and 0.95 (the mouth's region), to see what the renderer draws for the attribute.

    python tools/same_z.py runs/toyfaces64_v2/generator_phase1_step40000.pt runs/toyfaces64_v2/snapshots/step_042000.pt --out figures/default_v2_same_z
"""
import argparse, json
import torch
from fzplus_nb.files import atomic_write
from fzplus_nb.models import DEFAULT_MODEL, companion_file
from fzplus_nb.images import image_grid
from fzplus_nb.metrics.judges import load_judge
from fzplus_nb.models import load_generator
from fzplus_nb.toy.default_model import _classify
from fzplus_nb.toy.toyfaces import BINARY_ATTRIBUTES, render, sample_factors
from fzplus_nb.toy.train import factors_from_z


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('generators', nargs='+', help='generator files trained with rotate_factors (the emulate recipe)')
    ap.add_argument('--n', type=int, default=600, help='z samples for the agreement')
    ap.add_argument('--show', type=int, default=8, help='faces in the grid')
    ap.add_argument('--seed', type=int, default=7, help='z seed')
    ap.add_argument('--out', required=True, help='output stem (.png grid, .json agreement)')
    ap.add_argument('--mouth', default='classic', help="the renders' mouth (`MOUTH_STYLES`; 'legible' for emulate-legible; the classifier was trained on 'classic')")
    a = ap.parse_args()
    z = torch.randn(a.n, 128, generator=torch.Generator().manual_seed(a.seed))
    clf = load_judge(companion_file(DEFAULT_MODEL, 'classifier'), 'cpu')
    renders = render(factors_from_z(z, rotate=True), 64, mouth=a.mouth)
    p_r = _classify(clf, [renders])[0] > 0.5
    rows, result = [renders[:a.show]], {'command': 'python tools/same_z.py ' + ' '.join(a.generators) + f' --out {a.out}' + (f' --mouth {a.mouth}' if a.mouth != 'classic' else ''), 'n': a.n, 'generators': {}}
    for path in a.generators:
        G = load_generator(path)
        with torch.no_grad(): x = torch.cat([G(z[i:i + 200], truncation_psi=1.0, noise_mode='const').clamp(-1, 1) for i in range(0, a.n, 200)])
        p_g = _classify(clf, [x])[0] > 0.5
        result['generators'][path] = {'agreement': dict(zip(BINARY_ATTRIBUTES, (p_g == p_r).mean(0).round(3).tolist())),
                                      'rate_generator': dict(zip(BINARY_ATTRIBUTES, p_g.mean(0).round(3).tolist())),
                                      'rate_renders': dict(zip(BINARY_ATTRIBUTES, p_r.mean(0).round(3).tolist())),
                                      'mse_to_renders': float((x - renders).square().mean())}
        rows.append(x[:a.show])
    grid = torch.nn.functional.interpolate(torch.cat(rows), scale_factor=2, mode='nearest')
    image_grid(grid, ncols=a.show).save(a.out + '.png')
    one = {k: v[:1].repeat(4) for k, v in sample_factors(1, seed=1).items()}
    one['smile'] = torch.tensor([0.05, 0.3, 0.7, 0.95]).numpy()
    image_grid(render(one, 192, mouth=a.mouth)[:, :, 96:160, 48:144], ncols=4).save(a.out + '_smile.png')
    with atomic_write(a.out + '.json', 'w') as f: json.dump(result, f, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == '__main__':
    main()
