#!/usr/bin/env python3
"""Time to quality of inversion schedules: the paper's constant rate against the others, side by side in one run.

For each space, the paper's schedule runs once for `--paper-steps` steps; its quality at every step count asked for is
read off that one run's per-step losses (the MSE of the image at that step and the perceptual distance it optimised).
Each other schedule runs once per step count (a schedule depends on the total). Quality is the mean over the targets
of MSE and of the perceptual distance (toy LPIPS on the embedded default, LPIPS-VGG where its weights are present), at
the `cpu` preset's conditions (the out-of-domain targets, perceptual weight 10, the shipped encoder); seconds are
wall-clock seconds of each run on this device. Writes `<out>.md` (table, with the command), `<out>.json` and
`<out>.png` (quality against seconds, one curve per schedule and space).

    python benchmarks/schedule_quality.py --targets 50 --spaces F/Z+ F/W+(P_N) W+ --out benchmarks/schedule_quality

Without --steps each schedule runs the step count it sets for the space (`get_schedule(name, space).steps`). The
outputs are rewritten after each space, so a run cut short keeps what it finished. `--paper-from A.json B.json` takes
the paper's rows of a space from an earlier output of this command (same targets, same conditions; the table says
so) instead of rerunning its 1,200 steps (26-44 CPU-minutes per space here): the paper's schedule is fixed, so they
only change if the code under it does (rerun without it to check).
"""
import argparse, json, sys, time
from pathlib import Path
import torch
from fzplus_nb.apps.paper import paper_setup
from fzplus_nb.files import atomic_write, markdown_table
from fzplus_nb.inversion.invert import SCHEDULES, get_schedule, invert
from fzplus_nb.metrics.scores import image_metrics
from fzplus_nb.metrics.perceptual import get_perceptual
from fzplus_nb.latent.spaces import SpaceSettings, get_space, pn_stats


def quality(res, x, P):
    m = image_metrics(res.images, x, perceptual=P, png=False)
    return float(m['mse'].mean()), float(m['lpips'].mean()) if 'lpips' in m else None


def paper_rows(x, G, sp, a, counts, kw, P):
    "The paper's schedule in `sp`, run once; its rows at every step count asked for, read off that run's per-step losses."
    t = time.time(); res = invert(x, G, sp, steps=a.paper_steps, schedule='paper', **kw); secs = time.time() - t
    final, rows = quality(res, x, P), []
    for n in sorted(set(sum(counts.values(), [])) | {a.paper_steps}):
        if n > a.paper_steps: continue
        rows.append(dict(space=sp, schedule='paper', steps=n, seconds=secs * n / a.paper_steps,
                         mse=final[0] if n == a.paper_steps else float(res.losses['mse'][n - 1].mean()),
                         lpips=final[1] if n == a.paper_steps else float(res.losses['per'][n - 1].mean())))
    return rows


def reused_paper_rows(files, sp, targets, paper_steps):
    "The paper's rows of `sp` from earlier outputs with the same target count and paper steps (marked as reused), or []."
    for f in files:
        d = json.loads(Path(f).read_text())
        if f'--targets {targets}' not in d['command'] or (paper_steps != 1200 and f'--paper-steps {paper_steps}' not in d['command']): continue
        rows = [dict(r, reused_from=str(f)) for r in d['rows'] if r['space'] == sp and r['schedule'] == 'paper']
        if any(r['steps'] == paper_steps for r in rows): return rows
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--targets', type=int, default=50, help='first N out-of-domain targets of the cpu preset')
    ap.add_argument('--spaces', nargs='+', default=['F/Z+', 'F/W+(P_N)', 'W+'], help='spaces to measure')
    ap.add_argument('--schedules', nargs='+', default=[s for s in SCHEDULES if s != 'paper'], choices=list(SCHEDULES), help='schedules beside the paper\'s')
    ap.add_argument('--steps', nargs='+', type=int, default=None, help="step counts of the other schedules (default: each schedule's own for the space)")
    ap.add_argument('--paper-steps', type=int, default=1200, help="the paper's run (its quality is read at every count up to this)")
    ap.add_argument('--device', default='auto', help="'auto', 'cpu' or 'cuda'")
    ap.add_argument('--threads', type=int, default=0, help='torch threads (0: the default)')
    ap.add_argument('--paper-from', nargs='*', default=[], help="earlier outputs (.json) of this command whose paper rows to reuse, per space")
    ap.add_argument('--out', default='benchmarks/schedule_quality', help='output stem (.md, .json, .png)')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    run = paper_setup('cpu', out='/tmp/fzplus_schedule_bench', device=a.device)
    x, G = run.images[:a.targets], run.G
    P = get_perceptual('auto', G.device, G=G)
    rows = []
    for sp in a.spaces:
        pn = pn_stats(G, n=run.params['pn_samples']) if get_space(sp).pn else None
        kw = dict(encoder=run.encoder, perceptual=P, seed=run.seed, progress=False, pn=pn, settings=SpaceSettings(retract=True))
        counts = {name: a.steps or [get_schedule(name, sp).steps] for name in a.schedules}
        earlier = reused_paper_rows(a.paper_from, sp, a.targets, a.paper_steps)
        rows += earlier or paper_rows(x, G, sp, a, counts, kw, P)
        for name in a.schedules:
            for n in counts[name]:
                t = time.time(); r = invert(x, G, sp, steps=n, schedule=name, **kw); secs = time.time() - t
                q = quality(r, x, P)
                rows.append(dict(space=sp, schedule=name, steps=n, seconds=secs, mse=q[0], lpips=q[1]))
        ref = next(r for r in rows if r['space'] == sp and r['schedule'] == 'paper' and r['steps'] == a.paper_steps)
        for r in rows:
            if r['space'] == sp:
                r['mse_vs_paper'] = r['mse'] / ref['mse'] - 1
                r['lpips_vs_paper'] = None if r['lpips'] is None else r['lpips'] / ref['lpips'] - 1
        print(f'{sp} done', flush=True)
        write(rows, a, x, P, G)


def write(rows, a, x, P, G):
    "The table (.md), the rows (.json) and the plot (.png) of the spaces finished so far."
    cmd = 'python benchmarks/schedule_quality.py ' + ' '.join(sys.argv[1:])
    spaces = [sp for sp in a.spaces if any(r['space'] == sp for r in rows)]
    pct = lambda v: '-' if v is None else f'{100 * v:+.1f}%'
    lines = [f'Inversion quality against steps and seconds, {len(x)} out-of-domain targets of the `cpu` preset, perceptual: '
             f'{P.kind if P is not None else "none"}, device {G.device}. The paper\'s rows below {a.paper_steps} steps are read '
             f'off its {a.paper_steps}-step run (the float image\'s MSE and the perceptual distance at that step). Command: `{cmd}`', '',
             'Schedules: ' + '; '.join(f'`{n}`: {get_schedule(n)}' for n in ['paper'] + a.schedules), '',
             f'Spaces finished: {", ".join(spaces)} of {", ".join(a.spaces)}.', '']
    reused = sorted({r['reused_from'] for r in rows if 'reused_from' in r})
    if reused: lines += [f'The paper\'s rows marked * are reused from {", ".join(f"`{f}`" for f in reused)} (same targets and conditions, '
                         'an earlier run of this command), not rerun.', '']
    lines += markdown_table(['space', 'schedule', 'steps', 'seconds', 'MSE', f'vs paper {a.paper_steps}', 'LPIPS', f'vs paper {a.paper_steps}'],
                            [[r['space'], r['schedule'] + ('*' if 'reused_from' in r else ''), r['steps'], f'{r["seconds"]:.0f}', f'{r["mse"]:.5f}',
                              pct(r['mse_vs_paper']), '-' if r['lpips'] is None else f'{r["lpips"]:.5f}', pct(r['lpips_vs_paper'])] for r in rows])
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out.with_suffix('.md'), 'w') as f: f.write('\n'.join(lines) + '\n')
    with atomic_write(out.with_suffix('.json'), 'w') as f: json.dump({'command': cmd, 'rows': rows}, f, indent=1)
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, key in zip(axes, ('mse', 'lpips')):
        for sp in spaces:
            for name in ['paper'] + a.schedules:
                pts = sorted((r['seconds'], r[key]) for r in rows if r['space'] == sp and r['schedule'] == name and r[key] is not None)
                if pts: ax.plot(*zip(*pts), marker='o', ls='-' if name == 'paper' else '--', label=f'{sp} {name}')
        ax.set_xscale('log'); ax.set_xlabel('seconds'); ax.set_ylabel(key.upper()); ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7); fig.tight_layout()
    with atomic_write(out.with_suffix('.png')) as f: fig.savefig(f, format='png', dpi=120)
    plt.close(fig)
    print('\n'.join(lines), flush=True)


if __name__ == '__main__':
    main()
