#!/usr/bin/env python3
"""One idea at a time: inversion schedules tried on a few out-of-domain targets, one run per line of settings.

Each argument after the target count is one run as JSON: `space`, `steps` and any `Schedule` field (`lr`, `warmup`,
`decay`, `final`, `f_mult`, `optimizer`, `history`, `learned_start`); no field but space and steps is the paper's constant
rate. `"learned_start": true` starts the detail codes from the model's detail-code encoder (issue 46), or from the
encoder file `"detail_encoder": PATH` names.
`"optimizer": "lbfgs"` runs `invert`'s per-image L-BFGS (strong-Wolfe line search) on the same objective (Eq. 4),
`steps` then counting objective evaluations (an Adam step's cost), `history` its memory and `f_mult` the base code's
preconditioner (f searched in units of its square root); spaces that retract z onto the sphere (Eq. 5) are refused.
Older lines of the log with `"per_image": false` ran one L-BFGS over the batch's summed loss (a benchmark-only variant,
since removed: its line search made an image's result depend on its batch). Conditions are the `cpu`
preset's (the embedded default, toy LPIPS at weight 10, the shipped encoder, retraction on); each line records the model
(lines without one were made with v1, `toyfaces64`, the default until 2026-12-05). Each run appends one line
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


def run(n, settings, log):
    from fzplus_nb.apps.paper import paper_setup, run_pn_stats
    from fzplus_nb.inversion.invert import Schedule, invert
    from fzplus_nb.inversion.detail_encoder import load_detail_encoder
    from fzplus_nb.latent.spaces import SpaceSettings, get_space
    from fzplus_nb.metrics.perceptual import get_perceptual
    from fzplus_nb.metrics.scores import image_metrics
    from fzplus_nb.models import packaged_name
    setup = paper_setup('cpu', out='/tmp/fzplus_sweep', device='cpu')
    x, G = setup.images[:n], setup.G
    P = get_perceptual('auto', G.device, G=G)
    for line in settings:
        cfg = json.loads(line); sp = cfg.pop('space'); steps = cfg.pop('steps'); start_file = cfg.pop('detail_encoder', None)
        pn = run_pn_stats(setup) if get_space(sp).pn else None
        t = time.time()
        curves = {}
        if cfg.get('optimizer') == 'lbfgs': cfg['per_image'] = True  # always, since it is `invert`'s
        sch = Schedule('sweep', **{k: v for k, v in cfg.items() if k != 'per_image'})
        res = invert(x, G, sp, steps=steps, schedule=sch, encoder=setup.encoder, perceptual=P, seed=setup.seed,
                     progress=False, pn=pn, settings=SpaceSettings(retract=True),
                     detail_encoder=load_detail_encoder(start_file, G.device) if start_file else 'auto')
        images, marks = res.images, [k for k in (100, 200, 300, 600, 1200) if k <= steps]
        if steps >= 300 and sch.optimizer == 'adam':
            curves = {'curve': {k: float(res.losses['mse'][k - 1].mean()) for k in marks},
                      'curve_per': {k: float(res.losses['per'][k - 1].mean()) for k in marks}}
        m = image_metrics(images, x, perceptual=P, png=False)
        rec = dict(model=packaged_name(G.source) or str(G.source), space=sp, steps=steps, **cfg, **({'detail_encoder': start_file} if start_file else {}), mse=float(m['mse'].mean()), lpips=float(m['lpips'].mean()), secs=time.time() - t, n=n, **curves)
        print(json.dumps(rec), flush=True)
        with open(log, 'a') as f: f.write(json.dumps(rec) + '\n')


def table(log, out):
    rows = [json.loads(l) for l in log.read_text().splitlines() if l.strip()]
    model = lambda r: r.get('model', 'toyfaces64')  # lines before the model was recorded: v1
    ref = {(model(r), r['space'], r['n']): r for r in rows if r['steps'] == 1200 and 'lr' not in r and 'optimizer' not in r
           and not r.get('learned_start')}  # the paper's run on the same targets, from the paper's start
    pct = lambda a, b: f'{100 * (a / b - 1):+.1f}%'
    body = []
    for r in rows:
        if r.get('optimizer') == 'lbfgs':
            sched = (f'L-BFGS, strong Wolfe, history {r.get("history", 20)}{", per image" if r.get("per_image") else ", batch of N"}'
                     f'{", f_mult " + str(r["f_mult"]) if "f_mult" in r else ""} (steps: objective evaluations)')
        else: sched = 'paper (0.01 constant)' if 'lr' not in r else ', '.join(f'{k} {r[k]}' for k in ('lr', 'warmup', 'decay', 'final', 'f_mult') if k in r)
        if r.get('learned_start'): sched += '; learned start' + (f' ({r["detail_encoder"]})' if r.get('detail_encoder') else '')
        p = ref.get((model(r), r['space'], r['n']))
        body.append([model(r), r['n'], r['space'], r['steps'], sched, f'{r["mse"]:.5f}', pct(r['mse'], p['mse']) if p else '-', f'{r["lpips"]:.5f}',
                     pct(r['lpips'], p['lpips']) if p else '-', f'{r["secs"]:.0f}'])
    lines = [f'Schedules tried one idea at a time on the first N out-of-domain targets (the `cpu` preset\'s conditions; '
             'seconds: one CPU thread, sharing a 2-core machine with other jobs). Relative columns: against the paper\'s 1,200 '
             'steps in the same space. Made by `python benchmarks/schedule_sweep.py N RUN...` (one line per run, appended to '
             f'`{log.name}`) and `python benchmarks/schedule_sweep.py --table`.', '']
    lines += markdown_table(['model', 'targets', 'space', 'steps', 'schedule', 'MSE', 'vs paper', 'LPIPS', 'vs paper', 'seconds'], body)
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
