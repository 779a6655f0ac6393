#!/usr/bin/env python3
"""Mutation check: does the test suite fail when the paper is implemented wrong?

Each mutation below is a mistake a re-implementation of the paper could make. For each one the script copies the
notebooks and the package to a scratch folder, applies the mutation to both (the notebook is the source, the
package is what other notebooks import), runs the notebooks that test that code with nbdev's runner, and reports
whether they failed ("caught") or passed ("MISSED"). The unmutated copy must pass first.

Run from the repository root (CI runs it before the test suite): `python tools/mutation_check.py [--only NAME ...]`.
It prints a table and the run time; exit status 1 if any mutation is missed.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# name, module (fzplus_nb/<room>/<module>.py and the notebook that exports it), exact text, replacement (or tuples of
# several, applied in turn), notebooks that must catch it
MUTATIONS = [
    ('base-code regulariser removed from Eq. 4', 'inversion/invert', '11_invert',
     "rest = terms['mse'] + self.lambda_reg * terms['reg'] + self.lambda_pn * terms['pn']", "rest = terms['mse'] + self.lambda_pn * terms['pn']",
     ['11_invert']),
    ('P_N leaky-ReLU slope 5.0 -> 0.2', 'latent/spaces', '09_spaces', 'F.leaky_relu(w, 5.0)', 'F.leaky_relu(w, 0.2)', ['09_spaces']),
    ("P_N's fit read on raw, unwhitened coordinates", 'apps/paper', '30_paper', 'on_samples = float(pn_whiten(w, st).square().mean())',
     "on_samples = float((torch.nn.functional.leaky_relu(w, 5.0) - st['mean'].to(w.device)).square().mean())", ['30_paper']),
    ('Wilcoxon alternative flipped', 'metrics/scores', '08_metrics', "stats.wilcoxon(d, alternative='less')",
     "stats.wilcoxon(d, alternative='greater')", ['08_metrics']),
    ('W+ truncated', 'latent/spaces', '09_spaces', "LatentSpace('W+', 'wplus', truncated=False)", "LatentSpace('W+', 'wplus', truncated=True)",
     ['09_spaces']),
    ('sphere retraction (Eq. 5) skipped', 'latent/spaces', '09_spaces', "    if retracts(sp, settings):", "    if False:", ['09_spaces', '11_invert']),
    ('the L-BFGS schedule silently run as Adam', 'inversion/invert', '11_invert', "    if sch.optimizer == 'lbfgs': hist, end = lbfgs_loop(",
     "    if False: hist, end = lbfgs_loop(", ['11_invert']),
    ('base-code layer shifted by one', 'latent/spaces', '09_spaces', 'return G.synthesis.base_layer(settings_for(G, s).base_size)',
     'return G.synthesis.base_layer(settings_for(G, s).base_size) + 1', ['09_spaces']),
    ('non-inferiority direction flipped', 'metrics/scores', '08_metrics', 'd = (b - a if higher_is_better else a - b) - margin',
     'd = (a - b if higher_is_better else b - a) - margin', ['08_metrics']),
    ('Eq. 6 skipped (the W vector used as the Z direction)', 'editing/directions', '13_directions', 'd.z = (N[i] / N[i].norm()).to(dev)',
     'd.z = (V[i] / V[i].norm()).to(dev)', ['13_directions']),
    ("PTI without its locality regulariser", 'inversion/pti', '12_pti', 'if s.locality: loss = loss + locality_loss(G, Gt, ws, s, P, g)',
     'if False: loss = loss + locality_loss(G, Gt, ws, s, P, g)', ['12_pti']),
    ('PTI optimising the pivot as well as the generator', 'inversion/pti', '12_pti',
     'tp, g, ws = (P.prepare(x) if P is not None else None), torch.Generator().manual_seed(seed), ws.detach()',
     "tp, g, ws = (P.prepare(x) if P is not None else None), torch.Generator().manual_seed(seed), ws.detach().requires_grad_(True); "
     "opt.add_param_group({'params': [ws], 'lr': s.tune_lr})", ['12_pti']),
    ('paste-back with a hard-edged mask', 'pipelines/photo', '18_photo', 'm = np.asarray(m, dtype=np.float64)[..., None] / 255',
     'm = (np.asarray(m, dtype=np.float64)[..., None] / 255 > 0.5).astype(np.float64)', ['18_photo']),
    # --- tests at the paper's proportions (config-f topology: 14-18 ws, cutoff 8, base code at b16.conv0, encoder at 128 px)
    ('truncation on every w (the cutoff ignored)', 'nn/generator', '03_generator',
     '        return torch.cat([self.w_avg.lerp(ws[:, :cutoff], psi), ws[:, cutoff:]], 1)', '        return self.w_avg.lerp(ws, psi)',
     ['03_generator', '09_spaces']),
    ("the paper's cutoff 8 read as 'every w' (18)", 'latent/spaces', '09_spaces', "PAPER_SPACE_DEFAULTS = {'base_size': 16, 'truncation_cutoff': 8}",
     "PAPER_SPACE_DEFAULTS = {'base_size': 16, 'truncation_cutoff': 18}", ['09_spaces']),
    ('no RGB restart at the base code', 'latent/spaces', '09_spaces', "    restart_rgb: bool = True # BDInvert's RGB restart at the base code",
     "    restart_rgb: bool = False # BDInvert's RGB restart at the base code", ['09_spaces']),
    ("the encoder's input at full resolution (no x_down of Eq. 2)", 'inversion/encoder', '10_encoder',
     'return BaseCodeEncoder(min(8 * base_size, G.img_resolution), ', 'return BaseCodeEncoder(G.img_resolution, ', ['10_encoder']),
    ('the encoder trained on untruncated samples', 'inversion/encoder', '10_encoder',
     'ws = G.mapping(torch.randn(batch, G.z_dim, generator=gen).to(G.device), s.truncation_psi, s.truncation_cutoff)',
     'ws = G.mapping(torch.randn(batch, G.z_dim, generator=gen).to(G.device))', ['10_encoder']),
    ("the edit-time W+ truncation (D5) on every w", 'editing/edit', '14_edit',
     's = settings_for(G); x = G.mapping.truncate(x, s.truncation_psi, s.truncation_cutoff)', 's = settings_for(G); x = G.mapping.truncate(x, s.truncation_psi)',
     ['14_edit']),
    ("PTI's locality samples truncated with the inversion's cutoff", 'inversion/pti', '12_pti',
     'w = G.mapping(torch.randn(1, G.z_dim, generator=g).to(G.device), truncation_psi=s.locality_psi)',
     'w = G.mapping(torch.randn(1, G.z_dim, generator=g).to(G.device), truncation_psi=s.locality_psi, truncation_cutoff=8)', ['12_pti']),
    ("PTI's pivots truncated", 'inversion/pti', '12_pti', "rs = SpaceSettings(truncation_psi=1.0)  # PTI's pivots are untruncated",
     "rs = SpaceSettings()  # PTI's pivots are untruncated", ['12_pti']),
    ("SAM's member codes truncated", 'inversion/sam', '16_sam', 'if space_settings is not None else dataclasses.replace(settings_for(G), truncation_psi=1.0)',
     'if space_settings is not None else settings_for(G)', ['16_sam']),
    ('SeFa over every layer, whatever layers says', 'editing/directions', '13_directions', 'if layers is None or s.ws_index in layers]).double().cpu()',
     'if True]).double().cpu()', ['13_directions']),
    # --- tests of the path and of formulas at points where the alternatives differ
    ('Eq. 5 retraction once, after the last step', 'inversion/invert', '11_invert',
     ('        project_codes(obj.sp, codes, obj.s)  # Eq. 5: z back onto the sphere\n', '    return hist, end'),
     ('', '    project_codes(obj.sp, codes, obj.s)\n    return hist, end'), ['11_invert']),
    ('Z+ codes mapped without the input normalisation', 'latent/spaces', '09_spaces',
     "        ws = G.mapping(z.reshape(-1, z.shape[-1]))[:, 0].reshape(z.shape[0], z.shape[1], -1)",
     "        ws = G.mapping(z.reshape(-1, z.shape[-1]), normalize_z=False)[:, 0].reshape(z.shape[0], z.shape[1], -1)", ['09_spaces']),
    ('Eq. 3 regulariser summed over the base code', 'latent/spaces', '09_spaces', "out['reg'] = (codes['f'] - f0).square().flatten(1).mean(1)",
     "out['reg'] = (codes['f'] - f0).square().flatten(1).sum(1)", ['09_spaces', '11_invert']),
    ('P_N coordinates divided by the eigenvalues', 'latent/spaces', '09_spaces', "/ st['eigvals'].sqrt()", "/ st['eigvals']", ['09_spaces']),
    ("Eq. 4's LPIPS weight 1 instead of 10", 'inversion/invert', '11_invert', 'lambda_per: float = 10.0, # LPIPS weight',
     'lambda_per: float = 1.0, # LPIPS weight', ['11_invert']),
    ("the encoder's training batch not the paper's 16", 'inversion/encoder', '10_encoder', 'batch: int = 16, # samples per step',
     'batch: int = 8, # samples per step', ['10_encoder']),
    ("IDInvert's domain regulariser read off the target", 'inversion/idinvert', '15_idinvert', "'dom': (w - E(rec)).square().flatten(1).mean(1)}",
     "'dom': (w - E(x)).square().flatten(1).mean(1)}", ['15_idinvert']),
    ('GANSpace scaled by the variance, not the standard deviation', 'editing/directions', '13_directions',
     "V, sd = st['eigvecs'][:, :k].T, st['eigvals'][:k].sqrt()", "V, sd = st['eigvecs'][:, :k].T, st['eigvals'][:k]", ['13_directions']),
    # --- the base-share study (issue 43): its realism measure and its cache
    ('KID with the diagonal kept (the biased estimate)', 'metrics/scores', '08_metrics',
     'maa = (ga[:, None] != ga[None, :]) & keep_a[:, None] & keep_a[None, :]', 'maa = keep_a[:, None] & keep_a[None, :]', ['08_metrics']),
    ("the base code's side left out of the inversion cache's key", 'apps/paper', '30_paper',
     "*([] if s.base_size in (None, settings_for(run.G).base_size) else [f'base{s.base_size}'])", '*[]', ['30_paper']),
    # --- the learned start of the detail codes (issue 46)
    ('the detail rows start at the base layer (the first is a row no layer above the base code reads)', 'inversion/detail_encoder', '10b_detail_encoder',
     'return range(base_layer(G, settings) + 1, G.num_ws)', 'return range(base_layer(G, settings), G.num_ws)', ['10b_detail_encoder']),
    ("the detail-code encoder trained above the samples' own features, not the base-code encoder's f0", 'inversion/detail_encoder', '10b_detail_encoder',
     'with torch.no_grad(): f0 = E.encode(x, s.base_size)', 'with torch.no_grad(): f0 = G.synthesis.features(ws, base_layer(G, s), s.noise_mode)',
     ['10b_detail_encoder']),
    ("the paper's schedule starting from the learned codes", 'inversion/invert', '11_invert',
     "    if auto and not sch.learned_start: return None\n", "", ['11_invert']),
    # --- the readers' tables (formats/checkpoints): a wrong row must fail on files whose outputs are known
    ('genforce up-sampling kernels left unflipped', 'formats/checkpoints', '02_checkpoints',
     "(f'{dst}.weight', f'{src}.weight', _flip if i % 2 else _same)", "(f'{dst}.weight', f'{src}.weight', _same)", ['02_checkpoints']),
    ("TF modulation biases read without NVIDIA's +1", 'formats/checkpoints', '02_checkpoints',
     "(f'{dst}.affine.bias', f'{src}/mod_bias', _plus_one)", "(f'{dst}.affine.bias', f'{src}/mod_bias', _same)", ['02_checkpoints', '03_generator']),
]

def scratch_copy(dest: Path):
    for p in ('nbs', 'fzplus_nb', 'tests', 'pyproject.toml', 'README.md'):
        src = ROOT / p
        if src.is_dir(): shutil.copytree(src, dest / p, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
        else: shutil.copy(src, dest / p)

def mutate(dest: Path, module: str, notebook: str, old, new) -> int:
    """Apply the replacement (or each of several, given as tuples) to the module and its notebook; returns how many places
    changed in each for the replacement that changed fewest (must be >= 1)."""
    olds, news = (old, new) if isinstance(old, tuple) else ((old,), (new,))
    py, nbp = dest / 'fzplus_nb' / f'{module}.py', dest / 'nbs' / f'{notebook}.ipynb'
    text, nb, counts = py.read_text(), json.loads(nbp.read_text()), []
    for o, n in zip(olds, news):
        n_py = text.count(o); text = text.replace(o, n); n_nb = 0
        for c in nb['cells']:
            s = ''.join(c['source'])
            if o in s:
                n_nb += s.count(o); s = s.replace(o, n)
                lines = s.split('\n'); c['source'] = [l + '\n' for l in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        counts.append(min(n_py, n_nb))
    py.write_text(text); nbp.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return min(counts)

RUNNER = """
import sys, fzplus_nb
from pathlib import Path
assert Path(fzplus_nb.__file__).resolve().is_relative_to(Path.cwd().resolve()), fzplus_nb.__file__  # the scratch copy
from nbdev.test import test_nb
for n in sys.argv[1:]:
    if not test_nb(Path('nbs') / f'{n}.ipynb', skip_flags=['slow', 'gpu', 'weights', 'shared'], showerr=True)[0]:
        print(f'FAILED {n}', file=sys.stderr); sys.exit(1)
"""

def run_notebooks(dest: Path, notebooks: list[str]) -> tuple[bool, str]:
    "(passed, what failed: the notebook and the last error line of its traceback)."
    env = {**os.environ, 'PYTHONPATH': str(dest)}
    r = subprocess.run([sys.executable, '-c', RUNNER, *notebooks], cwd=dest, env=env, capture_output=True, text=True)
    if r.returncode == 0: return True, ''
    nb = next((l.split()[1] for l in r.stderr.splitlines() if l.startswith('FAILED ')), '?')
    err = next((l.strip() for l in reversed(r.stderr.splitlines()) if l and l.split(':')[0].endswith(('Error', 'Exception'))), '?')
    return False, f'{nb}: {err[:120]}'

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--only', nargs='+', default=None, help='mutation names (substrings) to run')
    a = ap.parse_args()
    todo = [m for m in MUTATIONS if not a.only or any(o in m[0] for o in a.only)]
    t0, rows = time.time(), []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / 'base'; base.mkdir(); scratch_copy(base)
        needed = sorted({n for m in todo for n in m[5]})
        ok, why = run_notebooks(base, needed)
        if not ok: sys.exit(f'the unmutated notebooks fail ({why}): fix them first')
        for name, module, notebook, old, new, notebooks in todo:
            d = Path(tmp) / 'm'; shutil.rmtree(d, ignore_errors=True); d.mkdir(); scratch_copy(d)
            t = time.time()
            if mutate(d, module, notebook, old, new) < 1: rows.append((name, 'NOT APPLIED (text not found)', 0.0)); continue
            ok, why = run_notebooks(d, notebooks)
            rows.append((name, 'MISSED' if ok else 'caught', time.time() - t, why))
            print(f'{name}: {rows[-1][1]} ({rows[-1][2]:.0f} s) {why}', flush=True)
    print('\n| mutation | result | by | seconds |\n|---|---|---|---|')
    for r in rows: print(f'| {r[0]} | {r[1]} | {r[3] if len(r) > 3 else ""} | {r[2]:.0f} |')
    print(f'\n{sum(r[1] == "caught" for r in rows)}/{len(rows)} caught; total {time.time() - t0:.0f} s')
    sys.exit(0 if all(r[1] == 'caught' for r in rows) else 1)

if __name__ == '__main__':
    main()
