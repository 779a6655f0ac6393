"""`pip install` of the built wheel is a way in: build it, install it into a fresh virtual environment outside the
source tree (its dependencies reused from this environment through a path file, so nothing is downloaded), and run
the paper's Fig. 4 notebook from the installed package with the smoke preset, and `fzplus notebooks`."""
import json, os, site, subprocess, sys, venv
from pathlib import Path
from conftest import ROOT
from fzplus_nb.apps.paper import NOTEBOOKS


def test_wheel_installs_and_reproduces(tmp_path):
    dist = tmp_path / 'dist'
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '--no-build-isolation', str(ROOT), '-w', str(dist)],
                   check=True, capture_output=True, text=True)
    wheel = next(dist.glob('fzplus_nb-*.whl'))
    env_dir = tmp_path / 'venv'
    venv.create(env_dir, with_pip=False)
    py = env_dir / 'bin' / 'python'
    sp = Path(subprocess.run([str(py), '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], capture_output=True, text=True, check=True).stdout.strip())
    # the dependencies (torch, papermill, ...) from this environment, behind the wheel's own files; not the source tree
    deps = [p for p in site.getsitepackages() if 'site-packages' in p]
    (sp / 'zz_deps.pth').write_text('\n'.join(deps) + '\n')
    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '--no-deps', '--target', str(sp), str(wheel)], check=True, capture_output=True, text=True)
    work = tmp_path / 'elsewhere'; work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH',)}
    env['PATH'] = f'{env_dir / "bin"}:{env["PATH"]}'
    where = subprocess.run([str(py), '-c', 'import fzplus_nb; print(fzplus_nb.__file__)'], cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert str(sp) in where and str(ROOT) not in where, where
    # papermill runs the notebook in a kernel: the kernel must be this environment's python
    subprocess.run([str(py), '-m', 'ipykernel', 'install', '--prefix', str(env_dir), '--name', 'python3'], cwd=work, env=env, check=True, capture_output=True)
    env['JUPYTER_PATH'] = str(env_dir / 'share' / 'jupyter')
    r = subprocess.run([str(py), '-m', 'fzplus_nb.apps.cli', 'reproduce', '--preset', 'smoke', '--only', 'fig4', '--out', str(work / 'figs')],
                       cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    assert (work / 'figs' / 'fig4_ganspace.png').stat().st_size > 1000
    meta = json.loads((work / 'figs' / 'notebooks' / 'fig4_ganspace.ipynb').read_text())['metadata']['fzplus']
    assert meta['preset'] == 'smoke'
    r = subprocess.run([str(py), '-m', 'fzplus_nb.apps.cli', 'notebooks', str(work / 'nbs')], cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0 and (work / 'nbs' / 'editor.ipynb').exists() and len(list((work / 'nbs' / 'paper').glob('*.ipynb'))) == len(NOTEBOOKS), r.stderr
