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

`--starts paper learned` runs every schedule from both starts of the detail codes (issue 46): the paper's (a random z,
the mean w) and the model's detail-code encoder (`packaged_detail_encoder`); "vs paper" stays against the paper's
schedule from the paper's start. `--plot-x steps` draws quality against steps instead of seconds. `--edit-identity` adds, for every run, the paper's
Fig. 6 measure on its codes (the identity similarity to the target of the edits at alpha -2 and +2 along pc10-pc14, its
study's directions, with the model's identity embedder) and how far those edits move the image (mean absolute change
from alpha 0): a start that reconstructs faster but edits worse is not a win.
"""
import argparse, json, sys, time
from pathlib import Path
import torch
from fzplus_nb.apps.paper import directions, paper_setup, run_pn_stats
from fzplus_nb.editing.edit import edit_sweep
from fzplus_nb.metrics.scores import identity_model_for, identity_similarity
from fzplus_nb.files import atomic_write, markdown_table
from fzplus_nb.inversion.invert import SCHEDULES, get_schedule, invert
from fzplus_nb.inversion.detail_encoder import load_detail_encoder, packaged_detail_encoder
from fzplus_nb.metrics.scores import image_metrics
from fzplus_nb.metrics.perceptual import get_perceptual
from fzplus_nb.latent.spaces import SpaceSettings, get_space


def quality(res, x, P):
    m = image_metrics(res.images, x, perceptual=P, png=False)
    return float(m['mse'].mean()), float(m['lpips'].mean()) if 'lpips' in m else None


def edit_identity(res, x, sp, edit):
    "{'identity_pm2', 'identity_0', 'moved_pm2'}: Fig. 6's identity of the edits at alpha -2 and +2 (and 0), and how far they move the image."
    if edit is None: return {}
    G, dirs, idm = edit
    imgs = edit_sweep(G, sp, {k: v.to(G.device) for k, v in res.codes.items()}, dirs, [-2.0, 0.0, 2.0], settings=res.settings)
    sim = identity_similarity(x.to(imgs.device), imgs, idm)[0].nan_to_num(0.0)  # [D, 3, N]; a face not found scores 0, as in Fig. 6
    return {'identity_pm2': float(sim[:, [0, 2]].mean()), 'identity_0': float(sim[:, 1].mean()),
            'moved_pm2': float((imgs[:, [0, 2]] - imgs[:, 1:2]).abs().mean())}


def paper_rows(x, G, sp, a, counts, kw, P, start='paper', edit=None):
    "The paper's schedule in `sp`, run once; its rows at every step count asked for, read off that run's per-step losses."
    t = time.time(); res = invert(x, G, sp, steps=a.paper_steps, schedule='paper', **kw); secs = time.time() - t
    final, rows = quality(res, x, P), []
    for n in sorted(set(sum(counts.values(), [])) | {a.paper_steps}):
        if n > a.paper_steps: continue
        rows.append(dict(space=sp, schedule='paper', start=start, steps=n, seconds=secs * n / a.paper_steps,
                         mse=final[0] if n == a.paper_steps else float(res.losses['mse'][n - 1].mean()),
                         lpips=final[1] if n == a.paper_steps else float(res.losses['per'][n - 1].mean()),
                         **(edit_identity(res, x, sp, edit) if n == a.paper_steps else {})))
    return rows


def reused_paper_rows(files, sp, targets, paper_steps):
    "The paper's rows of `sp` from earlier outputs with the same target count and paper steps (marked as reused), or []."
    for f in files:
        d = json.loads(Path(f).read_text())
        if f'--targets {targets}' not in d['command'] or (paper_steps != 1200 and f'--paper-steps {paper_steps}' not in d['command']): continue
        rows = [dict(r, reused_from=str(f)) for r in d['rows'] if r['space'] == sp and r['schedule'] == 'paper' and r.get('start', 'paper') == 'paper']
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
    ap.add_argument('--starts', nargs='+', default=['paper'], choices=['paper', 'learned'], help="starts of the detail codes: the paper's, the model's detail-code encoder")
    ap.add_argument('--detail-encoder', default=None, help="with --starts learned: this detail-code encoder file instead of the model's shipped one")
    ap.add_argument('--plot-x', default='seconds', choices=['seconds', 'steps'], help='x axis of the plot')
    ap.add_argument('--edit-identity', action='store_true', help="Fig. 6's identity at alpha +-2 (pc10-pc14) of every run's codes, and how far the edits move the image")
    ap.add_argument('--out', default='benchmarks/schedule_quality', help='output stem (.md, .json, .png)')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    run = paper_setup('cpu', out='/tmp/fzplus_schedule_bench', device=a.device)
    x, G = run.images[:a.targets], run.G
    P = get_perceptual('auto', G.device, G=G)
    E_d = None if 'learned' not in a.starts else load_detail_encoder(a.detail_encoder, G.device) if a.detail_encoder else packaged_detail_encoder(G)
    if 'learned' in a.starts and E_d is None: sys.exit('--starts learned: this model ships no detail-code encoder')
    starts = {'paper': None, 'learned': E_d}
    edit = None
    if a.edit_identity:
        lib = directions(run)
        edit = (G, [lib[f'pc{i}'] for i in range(10, 15)], identity_model_for(run.model, G.device))
    rows = []
    for sp in a.spaces:
        pn = run_pn_stats(run) if get_space(sp).pn else None
        kw = dict(encoder=run.encoder, perceptual=P, seed=run.seed, progress=False, pn=pn, settings=SpaceSettings(retract=True), detail_encoder=None)
        counts = {name: a.steps or [get_schedule(name, sp).steps] for name in a.schedules}
        earlier = reused_paper_rows(a.paper_from, sp, a.targets, a.paper_steps)
        rows += earlier or paper_rows(x, G, sp, a, counts, kw, P, edit=edit)
        if 'learned' in a.starts: rows += paper_rows(x, G, sp, a, counts, dict(kw, detail_encoder=E_d), P, 'learned', edit)
        for name in a.schedules:
            for start in a.starts:
                for n in counts[name]:
                    t = time.time(); r = invert(x, G, sp, steps=n, schedule=name, **dict(kw, detail_encoder=starts[start])); secs = time.time() - t
                    q = quality(r, x, P)
                    rows.append(dict(space=sp, schedule=name, start=start, steps=n, seconds=secs, mse=q[0], lpips=q[1], **edit_identity(r, x, sp, edit)))
        ref = next(r for r in rows if r['space'] == sp and r['schedule'] == 'paper' and r.get('start', 'paper') == 'paper' and r['steps'] == a.paper_steps)
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
    if a.starts != ['paper']: lines += ['Start: the detail codes\' start, `paper` (a random z on the sphere, the mean w) or `learned` (the model\'s '
                                        'detail-code encoder); "vs paper" is against the paper\'s schedule from the paper\'s start.', '']
    if a.edit_identity: lines += ['Edits: Fig. 6\'s identity similarity of the edits at alpha -2 and +2 along pc10-pc14 (the model\'s identity embedder; '
                                  'the paper\'s rows only at their last step), and how far those edits move the image (mean |edit - alpha 0|).', '']
    lines += markdown_table(['space', 'schedule', 'start', 'steps', 'seconds', 'MSE', f'vs paper {a.paper_steps}', 'LPIPS', f'vs paper {a.paper_steps}']
                            + (['identity at +-2', 'edit moves'] if a.edit_identity else []),
                            [[r['space'], r['schedule'] + ('*' if 'reused_from' in r else ''), r.get('start', 'paper'), r['steps'], f'{r["seconds"]:.0f}', f'{r["mse"]:.5f}',
                              pct(r['mse_vs_paper']), '-' if r['lpips'] is None else f'{r["lpips"]:.5f}', pct(r['lpips_vs_paper'])]
                             + ([f'{r["identity_pm2"]:.4f}' if 'identity_pm2' in r else '-', f'{r["moved_pm2"]:.4f}' if 'moved_pm2' in r else '-'] if a.edit_identity else [])
                             for r in rows])
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out.with_suffix('.md'), 'w') as f: f.write('\n'.join(lines) + '\n')
    with atomic_write(out.with_suffix('.json'), 'w') as f: json.dump({'command': cmd, 'rows': rows}, f, indent=1)
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    fig, axes = plt.subplots(len(spaces), 2, figsize=(10, 3.6 * len(spaces)), squeeze=False)  # a row per space: their scales differ
    for sp, row in zip(spaces, axes):
        for ax, key in zip(row, ('mse', 'lpips')):
            for name in ['paper'] + a.schedules:
                for start in a.starts:
                    pts = sorted((r[a.plot_x], r[key]) for r in rows if r['space'] == sp and r['schedule'] == name and r.get('start', 'paper') == start and r[key] is not None)
                    if pts: ax.plot(*zip(*pts), marker='o', ls='-' if name == 'paper' else '--', label=f'{name}' + (f', {start} start' if len(a.starts) > 1 else ''))
            ref = [r[key] for r in rows if r['space'] == sp and r['schedule'] == 'paper' and r.get('start', 'paper') == 'paper' and r['steps'] == a.paper_steps]
            if ref and ref[0] is not None: ax.axhline(ref[0], color='grey', lw=0.8, ls=':', label=f'paper, {a.paper_steps} steps')
            ax.set_xscale('log'); ax.set_yscale('log'); ax.set_xlabel(a.plot_x); ax.set_ylabel(f'{sp}: {key.upper()}'); ax.grid(alpha=0.3)
        row[0].legend(fontsize=7)
    fig.tight_layout()
    with atomic_write(out.with_suffix('.png')) as f: fig.savefig(f, format='png', dpi=120)
    plt.close(fig)
    print('\n'.join(lines), flush=True)


if __name__ == '__main__':
    main()
