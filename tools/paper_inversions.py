#!/usr/bin/env python3
"""Run a paper preset's inversions space by space, most important first, and after each one rewrite a progress
table from every space finished so far (mean MSE / SSIM / LPIPS, and the paired tests of Table 1's claims).

The inversions land in the same cache the paper notebooks use (`<out>/cache`), so `fzplus reproduce` afterwards
only draws. Usage: `python tools/paper_inversions.py [--preset cpu] [--out figures] [--spaces F/Z+ ...]`; writes
`<out>/table1_progress.md` and `.json` (with this command line in them).
"""
import argparse, json, sys, time
from pathlib import Path
import torch
from fzplus_nb.files import atomic_write, markdown_table
from fzplus_nb.metrics.scores import non_inferiority
from fzplus_nb.apps.paper import TABLE1_ROWS, inversion, mark_variants, paper_setup

PRIORITY = ['F/Z+', 'F/W+(P_N)', 'W+', 'Z+', 'Z', 'W+(P_N)', 'F/Z', 'F/W+', 'IDInvert', 'W', 'S', 'F/W', 'F/S']

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--preset', default='cpu'); ap.add_argument('--out', default='figures')
    ap.add_argument('--spaces', nargs='+', default=[s for s in PRIORITY if s in TABLE1_ROWS])
    ap.add_argument('--threads', type=int, default=0)
    ap.add_argument('--rewrite', action='store_true', help='no inversion: rewrite the table from <out>/table1_progress.json (after a change to how it is written)')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    run = paper_setup(a.preset, out=a.out)
    done, t_all = {}, time.time()
    if a.rewrite:
        done = _previous(Path(a.out) / 'table1_progress.json', run)
        if not done: sys.exit(f'nothing to rewrite: {a.out}/table1_progress.json is missing or was made for other targets or steps')
        return write(run, done, a, 0.0, json.loads((Path(a.out) / 'table1_progress.json').read_text())['command'])
    # Spaces already inverted come back from the cache in seconds: keep the minutes their first run took. Spaces finished
    # by an earlier run (another session: the cache is not committed) and not asked for now are kept from its JSON,
    # when it inverted the same targets for the same number of steps.
    prev = _previous(Path(a.out) / 'table1_progress.json', run)
    done.update({sp: v for sp, v in prev.items() if sp not in a.spaces})
    for sp in a.spaces:
        t = time.time()
        r = inversion(run, sp, progress=False)
        # the inversion's own duration is stored with it in the cache, so a space loaded from there keeps its minutes
        secs = r['meta'].get('seconds') or round(time.time() - t, 1)
        done[sp] = {'mse': r['mse'].tolist(), 'ssim': r['ssim'].tolist(), 'lpips': None if r['lpips'] is None else r['lpips'].tolist(),
                    'perceptual': r['meta']['perceptual'], 'seconds': round(float(secs), 1)}
        print(f'{sp}: MSE {r["mse"].mean():.5f} ({done[sp]["seconds"]:.0f} s)', flush=True)
        # runs of other spaces may be writing the same table at the same time: take their finished spaces from the file now
        now = _previous(Path(a.out) / 'table1_progress.json', run)
        done.update({s: v for s, v in now.items() if s not in a.spaces})
        write(run, done, a, time.time() - t_all)

def _previous(path, run):
    "Spaces of an earlier table with the same targets and steps ({} when there is none)."
    prev = json.loads(path.read_text()) if path.exists() else {}
    return prev['spaces'] if prev.get('targets') == run.names and prev.get('steps') == run.params['steps'] else {}

def write(run, done, a, secs, inverted_by=None):
    mse = {s: torch.tensor(v['mse']) for s, v in done.items()}
    lines = [f'Table 1 so far: {len(run.names)} targets of the `{a.preset}` preset ({"out-of-domain set" if run.params.get("targets") == "ood" else "inputs"}), '
             f'{run.params["steps"]} steps, perceptual term: {next(iter(done.values()))["perceptual"]}; {len(done)} of {len(TABLE1_ROWS)} spaces, {sum(v["seconds"] for v in done.values()) / 60:.0f} min of inversion in all. '
             f'Command: `python tools/{Path(__file__).name} [--spaces ...]` (this table: `' + ' '.join(sys.argv[1:]) + '`'
             + (f', from the inversions of `{inverted_by}`' if inverted_by else '') + '; spaces finished by '
             'earlier runs with the same targets and steps are kept; "minutes" is the wall time of each space\'s own run, '
             'which shared this 2-core machine with other jobs)', '',
            ]
    mean = lambda xs: sum(xs) / len(xs)
    lines += markdown_table(['space', 'MSE', 'SSIM', 'LPIPS', 'minutes'],
                            [[s, f'{mean(v["mse"]):.5f}', f'{mean(v["ssim"]):.5f}', f'{mean(v["lpips"]):.5f}' if v['lpips'] else '-', f'{v["seconds"] / 60:.1f}']
                             for s, v in done.items()])
    tests = {}
    for f in ('F/Z+', 'F/W+(P_N)'):
        for s in ('Z', 'Z+', 'W+(P_N)', 'W+'):
            if f in mse and s in mse: tests[f'{f} < {s}'] = non_inferiority(mse[f], mse[s], margin=0.0)['t_p']
    if {'F/Z+', 'F/W+(P_N)'} <= set(mse):
        tests['F/Z+ non-inferior to F/W+(P_N) (margin 1e-8)'] = non_inferiority(mse['F/Z+'], mse['F/W+(P_N)'])['t_p']
        lines += ['', f'F/Z+ / F/W+(P_N) mean MSE: {float(mse["F/Z+"].mean() / mse["F/W+(P_N)"].mean()):.3f}']
    if tests: lines += [''] + markdown_table(['paired one-sided t-test on MSE', 'p'], [[k, f'{p:.3g}'] for k, p in tests.items()])
    text, notes = mark_variants('\n'.join(lines[1:]))  # F/S*: this project's variant, as every table and figure names it
    lines = lines[:1] + text.split('\n') + [''] + notes if notes else lines
    out = Path(a.out)
    with atomic_write(out / 'table1_progress.md', 'w') as fh: fh.write('\n'.join(lines) + '\n')
    with atomic_write(out / 'table1_progress.json', 'w') as fh:
        json.dump({'command': inverted_by or f'python tools/{Path(__file__).name} ' + ' '.join(sys.argv[1:]), 'targets': run.names, 'steps': run.params['steps'],
                   'spaces': done, 'paired_t_p': tests}, fh, indent=1)

if __name__ == '__main__':
    main()
