"""`pip install fzplus-nb` as a user would: build the wheel, install it with its `notebooks` extra into a fresh virtual
environment **without the pin file** (the resolver picks every version from the package's own bounds; on this machine
torch comes from the local index), and from an empty folder outside the checkout run the user path of the README:
generate, invert a shipped example by name, edit it, `reproduce --preset smoke --only table1`, and the editor notebook
headless (`fzplus notebooks` is how a wheel user gets it). The versions the resolver picked are printed in the log."""
import json, os, shutil, subprocess, sys, venv
from pathlib import Path
from conftest import ROOT

REPORTED = ('torch', 'torchvision', 'facenet-pytorch', 'numpy', 'lpips', 'pillow', 'papermill')


def _run(cmd, **kw):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert r.returncode == 0, f'{" ".join(map(str, cmd))} failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}'
    return r


def test_wheel_without_pins(tmp_path, capsys):
    dist = tmp_path / 'dist'
    _run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '--no-build-isolation', ROOT, '-w', dist])
    wheel = next(dist.glob('fzplus_nb-*.whl'))
    env_dir = tmp_path / 'venv'
    venv.create(env_dir, with_pip=True)
    try:
        py = env_dir / 'bin' / 'python'
        env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'VIRTUAL_ENV')}
        env['PATH'] = f'{env_dir / "bin"}:{env["PATH"]}'
        _run([py, '-m', 'pip', 'install', '-q', f'{wheel}[notebooks]'], env=env)  # no -r requirements-pinned.txt: the bounds alone
        listed = {d['name'].lower(): d['version'] for d in json.loads(_run([py, '-m', 'pip', 'list', '--format', 'json'], env=env).stdout)}
        with capsys.disabled():
            print('\nresolved without pins: ' + ', '.join(f'{k} {listed.get(k, "-")}' for k in REPORTED))
        work = tmp_path / 'elsewhere'; work.mkdir()
        where = _run([py, '-c', 'import fzplus_nb; print(fzplus_nb.__file__)'], cwd=work, env=env).stdout
        assert str(env_dir) in where and str(ROOT) not in where, where
        fz = env_dir / 'bin' / 'fzplus'
        _run([fz, 'generate', '--out', 'samples.png'], cwd=work, env=env)
        _run([fz, 'invert', 'example:toyface_00', '--out', 'demo', '--steps', '20', '--quiet'], cwd=work, env=env)
        _run([fz, 'edit', 'demo/toyface_00_codes.pt', '--direction', 'smile', 'pc1', '--out', 'demo/edits'], cwd=work, env=env)
        assert (work / 'samples.png').exists() and (work / 'demo' / 'edits' / 'toyface_00_smile.png').exists()
        # papermill runs the notebooks in a kernel: the kernel must be this environment's python
        _run([py, '-m', 'ipykernel', 'install', '--prefix', env_dir, '--name', 'python3'], cwd=work, env=env)
        env['JUPYTER_PATH'] = str(env_dir / 'share' / 'jupyter')
        _run([fz, 'reproduce', '--preset', 'smoke', '--only', 'table1', '--out', 'figs'], cwd=work, env=env)
        assert (work / 'figs' / 'table1_reconstruction.md').stat().st_size > 100
        assert json.loads((work / 'figs' / 'notebooks' / 'table1_reconstruction.ipynb').read_text())['metadata']['fzplus']['preset'] == 'smoke'
        _run([fz, 'notebooks', 'nbs'], cwd=work, env=env)
        _run([py, '-m', 'papermill', 'nbs/editor.ipynb', 'nbs/editor_run.ipynb', '--cwd', 'nbs', '-k', 'python3'], cwd=work, env=env)
        ran = json.loads((work / 'nbs' / 'editor_run.ipynb').read_text())
        assert not any(o.get('output_type') == 'error' for c in ran['cells'] for o in c.get('outputs', []))
    finally:
        shutil.rmtree(env_dir, ignore_errors=True)  # 6 GB: never left behind, whatever happened
