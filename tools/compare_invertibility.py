#!/usr/bin/env python3
"""Two invertibility networks side by side on the same images: their thresholds, and which layer SAM's selection gives
each pixel (the shipped segmenter's segments, each network's own tau). Answers "does a network trained from N-step maps
select as one trained from M-step maps?" (#30, item 4).

    python tools/compare_invertibility.py OLD.pt NEW.pt --n 12
"""
import argparse, json
import torch
from fzplus_nb.models import DEFAULT_MODEL, asset_path, companion_file
from fzplus_nb.images import load_folder
from fzplus_nb.inversion.sam import load_invertibility, load_any_segmenter, select_layers


def selection(net, x, labels):
    "SAM's selection by this network: {candidate: bool mask [N, 1, H, W]} (disjoint, covering every pixel)."
    with torch.no_grad(): maps = net(x)
    return select_layers(maps, labels, net.meta['threshold'], net.names)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('a', help='invertibility network file'); ap.add_argument('b', help='invertibility network file')
    ap.add_argument('--n', type=int, default=12, help='first N out-of-domain targets (the Figs. 9-11 inputs)')
    a = ap.parse_args()
    x, _ = load_folder(asset_path('ood_targets'), 64, limit=a.n)
    labels = load_any_segmenter(companion_file(DEFAULT_MODEL, 'segmenter'))(x)
    na, nb = load_invertibility(a.a), load_invertibility(a.b)
    if na.names != nb.names: raise SystemExit(f'the networks have other candidates: {na.names} vs {nb.names}')
    sa, sb = selection(na, x, labels), selection(nb, x, labels)
    res = {'command': f'python tools/compare_invertibility.py {a.a} {a.b} --n {a.n}', 'images': len(x),
           'threshold': [na.meta['threshold'], nb.meta['threshold']], 'map_steps': [na.meta.get('map_steps'), nb.meta.get('map_steps')],
           'same_layer_share': round(float(torch.stack([sa[c] == sb[c] for c in na.names]).all(0).float().mean()), 4),
           'layer_shares': {c: [round(float(s[c].float().mean()), 4) for s in (sa, sb)] for c in na.names}}
    print(json.dumps(res, indent=1))


if __name__ == '__main__':
    main()
