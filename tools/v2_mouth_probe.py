#!/usr/bin/env python3
"""Why the v2 regression draws no mouth: short runs that continue phase 1 from its end (step 40,000), one idea each.

Arms (each from `training/toyfaces64_v2_checkpoint.pt`, the `emulate` recipe, the same batches):
  plain  the recipe as it is (phase 1 continued)
  seg    plus a part-segmentation term: cross-entropy of the shipped part segmenter on G(z) against the renderer's part
         labels of the same z, class-balanced (weight --weight)
  bold   renders with the legible mouth (`render(mouth='legible')`: corners up when smiling, lips twice as thick and
         darker); the run regresses onto them
  aux    (with --aux W) an auxiliary linear head reads every renderer factor off w (standardised MSE, weight W), so
         that w must carry them

Measures, every 300 steps, on 300 held-out z: smile discrimination (is G(z)'s mouth box, the renderer's mouth parts
dilated 2 px, closer in MSE to the render of z than to the render of z with the smile mirrored, 1 - smile? 0.5 =
chance; no classifier involved), the mouth box's MSE, the image MSE, and how much of each factor a linear probe reads
off w (R^2 on 1,000 held-out z, fitted on 3,000), and the sharpness ratio (Laplacian variance of G(z) over that of the
renders of the same 300 z, psi 1). One JSON line per evaluation on stdout and in --out.

    python tools/v2_mouth_probe.py plain --steps 0 --out /tmp/p.jsonl          # the probe of phase 1's end only
    python tools/v2_mouth_probe.py bold --steps 2400 --aux 0.1 --out runs/mouth_bold_aux.jsonl
    python tools/v2_mouth_probe.py snapshots --mouth legible --generators runs/toyfaces64_v2_legible/snapshots/*.pt --out s.jsonl
    python tools/v2_mouth_probe.py plot --out s.jsonl     # s.png: the measures of a snapshots file against images seen

The `snapshots` mode only measures the given generator files (e.g. a training run's snapshots) against renders drawn
with --mouth.
"""
import argparse, functools, json, time
from pathlib import Path
import torch
import torch.nn.functional as F
import fzplus_nb.toy.toyfaces as tf
import fzplus_nb.toy.train as tr
from fzplus_nb.models import DEFAULT_MODEL, companion_file, load_generator
from fzplus_nb.inversion.sam import load_segmenter
from fzplus_nb.toy.default_model import laplacian_variance

CHECKPOINT = 'training/toyfaces64_v2_checkpoint.pt'


class Probe:
    "The held-out measures: smile discrimination, mouth-box and image MSE, and linear probes of w."
    def __init__(self, render, n=300):
        self.render, self.names = render, list(tf.FACTORS)
        self.z = torch.randn(n, 128, generator=torch.Generator().manual_seed(7))
        f = tr.factors_from_z(self.z, rotate=True)
        self.r, parts = render(f, 64, parts=True)
        mirrored = dict(f); mirrored['smile'] = 1 - f['smile']
        self.rf, parts_f = render(mirrored, 64, parts=True)
        mouth = tf.PARTS.index('mouth')
        self.box = F.max_pool2d(((parts == mouth) | (parts_f == mouth)).float().unsqueeze(1), 5, 1, 2)
        zp = torch.randn(4000, 128, generator=torch.Generator().manual_seed(1))
        fm = tr.factor_matrix(tr.factors_from_z(zp, rotate=True))
        self.zp, self.fp, self.mu, self.sd = zp, (fm - fm.mean(0)) / fm.std(0), fm.mean(0), fm.std(0)


    @torch.no_grad()
    def __call__(self, G):
        x = G(self.z, truncation_psi=1.0, noise_mode='none').clamp(-1, 1)
        own, flip = ((x - self.r) ** 2 * self.box).sum((1, 2, 3)), ((x - self.rf) ** 2 * self.box).sum((1, 2, 3))
        w = G.mapping(self.zp)[:, 0]
        X = torch.cat([w, torch.ones(len(w), 1)], 1)
        b = torch.linalg.lstsq(X[:3000], self.fp[:3000]).solution
        r2 = 1 - ((X[3000:] @ b - self.fp[3000:]) ** 2).mean(0) / self.fp[3000:].var(0)
        return {'smile_discrimination': round(float((own < flip).float().mean()), 4), 'mouth_mse': round(float(own.sum() / (self.box.sum() * 3)), 5),
                'mse': round(float((x - self.r).square().mean()), 5),
                'sharpness_ratio': round(float(laplacian_variance(x) / laplacian_variance(self.r)), 3),
                'w_probe_r2': {k: round(float(v), 3) for k, v in zip(self.names, r2) if k in ('smile', 'mouth_width', 'nose_width', 'age', 'glasses')}}


def plot(path):
    "`<path>.png`: smile discrimination, sharpness ratio, mouth-box MSE and the smile probe of every snapshot in a jsonl, against kimg."
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt, re
    rows = sorted({int(re.search(r'step_(\d+)', r['generator'])[1]): r for r in map(json.loads, open(path)) if 'generator' in r}.items())
    kimg = [s * tr.TRAIN_CONFIGS['emulate-legible'].batch / 1000 for s, _ in rows]
    fig, ax = plt.subplots(1, 3, figsize=(12, 3.2))
    ax[0].plot(kimg, [r['smile_discrimination'] for _, r in rows], 'o-', label='smile discrimination'); ax[0].axhline(0.5, ls=':', c='grey')
    ax[0].plot(kimg, [r['w_probe_r2']['smile'] for _, r in rows], 's--', label='w probe R^2 (smile)'); ax[0].legend(fontsize=8)
    ax[1].plot(kimg, [r['sharpness_ratio'] for _, r in rows], 'o-'); ax[1].axhline(0.9, ls=':', c='red'); ax[1].set_title('sharpness ratio (target 0.90)')
    ax[2].plot(kimg, [r['mouth_mse'] for _, r in rows], 'o-'); ax[2].set_title('mouth-box MSE')
    for x in ax: x.set_xlabel('kimg of this run (after phase 1\'s 640)'); x.grid(alpha=0.3)
    fig.tight_layout(); fig.savefig(str(Path(path).with_suffix('.png')), dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('arm', choices=['plain', 'seg', 'bold', 'snapshots', 'plot'], help='what the continued regression changes (see above), only measure --generators, or plot --out')
    ap.add_argument('--generators', nargs='*', default=[], help='snapshots: generator files to measure')
    ap.add_argument('--mouth', choices=list(tf.MOUTH_STYLES), default='classic', help='snapshots: the renders to compare with')
    ap.add_argument('--steps', type=int, default=1800, help='steps after 40,000')
    ap.add_argument('--weight', type=float, default=0.1, help='seg: weight of the segmentation term')
    ap.add_argument('--aux', type=float, default=0.0, help='weight of the auxiliary factor head on w (0: none)')
    ap.add_argument('--out', required=True, help='JSON lines file')
    ap.add_argument('--threads', type=int, default=1, help='torch threads')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    def emit(rec):
        print(json.dumps(rec), flush=True)
        with open(a.out, 'a') as f: f.write(json.dumps(rec) + '\n')
    if a.arm == 'plot': return plot(a.out)
    if a.arm == 'snapshots':
        probe = Probe(functools.partial(tf.render, mouth=a.mouth))
        for g in a.generators: emit({'generator': g, 'mouth': a.mouth, **probe(load_generator(g))})
        return
    render = functools.partial(tf.render, mouth='legible' if a.arm == 'bold' else 'classic')
    cfg = tr.TRAIN_CONFIGS['emulate']
    G, D, G_ema = tr.make_models(cfg)
    opt_g, _ = tr.make_optimizers(G, D, cfg)
    st = torch.load(CHECKPOINT, weights_only=True, map_location='cpu')
    G.load_state_dict(st['G']); G_ema.load_state_dict(st['G_ema']); opt_g.load_state_dict(st['opt_g'])
    for g in opt_g.param_groups: g['betas'] = (cfg.beta1_supervised, 0.99)
    opt_g.param_groups[0]['lr'], opt_g.param_groups[1]['lr'] = cfg.lr_g, cfg.lr_g * cfg.lr_mapping_mult_supervised
    probe, sup = Probe(render), tr.SUPERVISED_LOSSES[cfg.supervised_loss]
    head = torch.nn.Linear(cfg.z_dim, len(probe.names)); opt_h = torch.optim.Adam(head.parameters(), lr=1e-3)
    if a.arm == 'seg':
        seg = load_segmenter(companion_file(DEFAULT_MODEL, 'segmenter')); seg.fuse = False
        freq = torch.bincount(probe.render(tr.factors_from_z(probe.z, rotate=True), 64, parts=True)[1].flatten(), minlength=len(tf.PARTS)).float()
        freq = freq / freq.sum(); cw = (1 / freq.clamp_min(1e-3)).clamp(max=200); cw = cw / (cw * freq).sum()
    emit({'arm': a.arm, 'aux': a.aux, 'step': 40000, 'G': probe(G), 'G_ema': probe(G_ema)})
    t0 = time.time()
    for i in range(a.steps):
        z = torch.randn(cfg.batch, cfg.z_dim, generator=torch.Generator().manual_seed(tr._step_seed(cfg, 40000 + i) + 12345))
        f = tr.factors_from_z(z, rotate=True)
        target, parts = render(f, 64, parts=True)
        ws = G.mapping(z); fake = G.synthesis(ws, noise_mode='none')
        loss = sup(fake, target)
        if a.arm == 'seg': loss = loss + a.weight * F.cross_entropy(seg.logits(fake), parts, weight=cw)
        if a.aux: loss = loss + a.aux * F.mse_loss(head(ws[:, 0]), (tr.factor_matrix(f) - probe.mu) / probe.sd)
        opt_g.zero_grad(set_to_none=True); opt_h.zero_grad(set_to_none=True); loss.backward(); opt_g.step(); opt_h.step()
        tr.ema_update(G_ema, G, tr.ema_beta(cfg, 0))
        if (i + 1) % 300 == 0: emit({'arm': a.arm, 'aux': a.aux, 'step': 40001 + i, 'seconds': round(time.time() - t0), 'G': probe(G), 'G_ema': probe(G_ema)})


if __name__ == '__main__':
    main()
