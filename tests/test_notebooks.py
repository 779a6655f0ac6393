"""Run every library notebook in nbs/ through nbdev's test runner, one pytest test per notebook.

nbdev-test prints no test count; running the notebooks from pytest gives CI pytest's summary. Cells flagged
`slow`, `gpu` or `weights` are skipped unless FZPLUS_TEST_FLAGS names them; cells flagged `shared` run when the
reference fixtures in ../shared are present.
"""
import os
import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook
from conftest import ROOT, HAVE_SHARED

NOTEBOOKS = sorted((ROOT / 'nbs').glob('*.ipynb'))
FLAGS = get_config(ROOT).tst_flags.split()
FORCE = [f for f in os.environ.get('FZPLUS_TEST_FLAGS', '').split() if f in FLAGS] + (['shared'] if HAVE_SHARED else [])


@pytest.mark.parametrize('nb', NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook(nb):
    ok, secs = run_notebook(nb, skip_flags=[f for f in FLAGS if f not in FORCE], force_flags=FORCE, showerr=True)
    assert ok, f'{nb.name} failed (see the traceback above)'


def test_found_notebooks():
    assert len(NOTEBOOKS) >= 5, NOTEBOOKS
