#!/usr/bin/env python3
"""One idea at a time: inversion schedules tried on a few out-of-domain targets, one run per line of settings.

Each argument after the target count is one run as JSON: `space`, `steps` and any `Schedule` field (`lr`, `warmup`,
`decay`, `final`, `f_mult`); no field but space and steps is the paper's constant rate. `"optimizer": "lbfgs"` runs
L-BFGS with a strong-Wolfe line search on the same objective (Eq. 4) instead, `steps` then counting forward-backward
passes (an Adam step's cost) and `history` its memory (`"per_image": true`: one L-BFGS per image, so that an image's
result does not depend on the others in its batch, as the line search over a batch's summed loss makes it); spaces that retract z onto the sphere (Eq. 5) are refused, since
the line search knows no projection. Conditions are the `cpu`
preset's (the embedded default, toy LPIPS at weight 10, the shipped encoder, retraction on). Each run appends one line
to `--log` (mean MSE and perceptual distance of the final images, seconds, and for runs of 300 steps or more the
per-step curve), and `--table` rewrites a markdown table of every line in the log, each relative to the paper's
1,200-step run of its space.

    python benchmarks/schedule_sweep.py 8 '{"space": "W+", "steps": 1200}' '{"space": "W+", "steps": 300, "lr": 0.3, "warmup": 0.1, "decay": "cosine", "final": 0.1}'
    python benchmarks/schedule_sweep.py --table
"""
import argparse, json, time
from pathlib import Path
import torch
from fzplus_nb.files import atomic_write, markdown_table

LOG, TABLE = Path('benchmarks/schedule_sweep.jsonl'), Path('benchmarks/schedule_sweep.md')


def lbfgs(x, G, sp, steps, history, encoder, P, seed, pn):
    "L-BFGS (strong Wolfe) on Eq. 4 with `steps` objective evaluations; returns the final images."
    from fzplus_nb.inversion.invert import Objective, base_code_start, check_targets
    from fzplus_nb.latent.spaces import SpaceSettings, image_seed, init_codes, settings_for, synthesize
    if sp.detail in ('z', 'zplus'): raise SystemExit(f'{sp.name} retracts z onto the sphere after each step; L-BFGS has no projection')
    s, xt = settings_for(G, SpaceSettings(retract=True)), check_targets(x, G)
    f0 = base_code_start(sp, G, xt, encoder, s)
    codes = init_codes(sp, G, len(xt), f0=f0, seed=[image_seed(seed, im) for im in x], settings=s)
    obj = Objective(sp, G, s, xt, P, codes['f'].clone() if sp.uses_f else None, pn)
    for v in codes.values(): v.requires_grad_(True)
    opt = torch.optim.LBFGS(list(codes.values()), lr=1.0, max_iter=steps, max_eval=steps, history_size=history,
                            line_search_fn='strong_wolfe', tolerance_grad=1e-12, tolerance_change=1e-15)
    def closure():
        opt.zero_grad(set_to_none=True)
        return obj.backward(codes, slice(0, len(xt)))['total'].sum()
    opt.step(closure)
    with torch.no_grad(): return synthesize(sp, G, codes, s)


def run(n, settings, log):
    from fzplus_nb.apps.paper import paper_setup
    from fzplus_nb.inversion.invert import Schedule, invert
    from fzplus_nb.latent.spaces import SpaceSettings, get_space, pn_stats
    from fzplus_nb.metrics.perceptual import get_perceptual
    from fzplus_nb.metrics.scores import image_metrics
    setup = paper_setup('cpu', out='/tmp/fzplus_sweep', device='cpu')
    x, G = setup.images[:n], setup.G
    P = get_perceptual('auto', G.device, G=G)
    for line in settings:
        cfg = json.loads(line); sp = cfg.pop('space'); steps = cfg.pop('steps')
        pn = pn_stats(G, n=setup.params['pn_samples']) if get_space(sp).pn else None
        t = time.time()
        curves = {}
        if cfg.get('optimizer') == 'lbfgs':
            run_one = lambda xs: lbfgs(xs, G, get_space(sp), steps, cfg.get('history', 20), setup.encoder, P, setup.seed, pn)
            images = torch.cat([run_one(x[i:i + 1]) for i in range(len(x))]) if cfg.get('per_image') else run_one(x)
        else:
            res = invert(x, G, sp, steps=steps, schedule=Schedule('sweep', **cfg), encoder=setup.encoder, perceptual=P, seed=setup.seed,
                         progress=False, pn=pn, settings=SpaceSettings(retract=True))
            images, marks = res.images, [k for k in (100, 200, 300, 600, 1200) if k <= steps]
            if steps >= 300:
                curves = {'curve': {k: float(res.losses['mse'][k - 1].mean()) for k in marks},
                          'curve_per': {k: float(res.losses['per'][k - 1].mean()) for k in marks}}
        m = image_metrics(images, x, perceptual=P, png=False)
        rec = dict(space=sp, steps=steps, **cfg, mse=float(m['mse'].mean()), lpips=float(m['lpips'].mean()), secs=time.time() - t, n=n, **curves)
        print(json.dumps(rec), flush=True)
        with open(log, 'a') as f: f.write(json.dumps(rec) + '\n')


def table(log, out):
    rows = [json.loads(l) for l in log.read_text().splitlines() if l.strip()]
    ref = {(r['space'], r['n']): r for r in rows if r['steps'] == 1200 and 'lr' not in r and 'optimizer' not in r}  # the paper's run on the same targets
    pct = lambda a, b: f'{100 * (a / b - 1):+.1f}%'
    body = []
    for r in rows:
        if r.get('optimizer') == 'lbfgs': sched = f'L-BFGS, strong Wolfe, history {r.get("history", 20)}{", per image" if r.get("per_image") else ", batch of N"} (steps: objective evaluations)'
        else: sched = 'paper (0.01 constant)' if 'lr' not in r else ', '.join(f'{k} {r[k]}' for k in ('lr', 'warmup', 'decay', 'final', 'f_mult') if k in r)
        p = ref.get((r['space'], r['n']))
        body.append([r['n'], r['space'], r['steps'], sched, f'{r["mse"]:.5f}', pct(r['mse'], p['mse']) if p else '-', f'{r["lpips"]:.5f}',
                     pct(r['lpips'], p['lpips']) if p else '-', f'{r["secs"]:.0f}'])
    lines = [f'Schedules tried one idea at a time on the first N out-of-domain targets (the `cpu` preset\'s conditions; '
             'seconds: one CPU thread, sharing a 2-core machine with other jobs). Relative columns: against the paper\'s 1,200 '
             'steps in the same space. Made by `python benchmarks/schedule_sweep.py N RUN...` (one line per run, appended to '
             f'`{log.name}`) and `python benchmarks/schedule_sweep.py --table`.', '']
    lines += markdown_table(['targets', 'space', 'steps', 'schedule', 'MSE', 'vs paper', 'LPIPS', 'vs paper', 'seconds'], body)
    with atomic_write(out, 'w') as f: f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('n', type=int, nargs='?', help='first N out-of-domain targets')
    ap.add_argument('runs', nargs='*', help='one JSON object per run')
    ap.add_argument('--table', action='store_true', help=f'rewrite {TABLE} from {LOG}')
    ap.add_argument('--threads', type=int, default=1, help='torch threads')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.runs: run(a.n, a.runs, LOG)
    if a.table: table(LOG, TABLE)


if __name__ == '__main__':
    main()
