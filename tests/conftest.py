"""Shared test settings: where the read-only reference material lives, and how closely a reference must be met."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# `shared/` sits beside the checkout (this workplace's layout); FZPLUS_SHARED overrides it.
SHARED = Path(os.environ.get('FZPLUS_SHARED') or ROOT.parent / 'shared')
HAVE_SHARED = (SHARED / 'fixtures' / 'check_generator.py').exists()

# Float32 results differ in their last bits between CPUs: MKL and oneDNN choose kernels (and so the order of the sums)
# by instruction set. Measured against the fixtures made on an AVX2 machine: 3.8e-6 on the mapping's ws (AVX-512),
# 7.6e-6 on images and block outputs. Every comparison with a reference made on another machine allows this much
# (absolute, on values of order 1); equality is asked only where an operation is exact by construction (a file read
# back, a resumed run on the same machine).
REFERENCE_ATOL = 2e-5


import shutil, tempfile
import pytest


@pytest.fixture(scope='session', autouse=True)
def scratch_tempdir():
    """Every temporary folder the suite makes (the notebooks' `tempfile.mkdtemp()`, subprocesses through TMPDIR) lands in
    one folder, removed when the session ends: a run leaves nothing in the system's temporary folder."""
    d = tempfile.mkdtemp(prefix='fzplus-tests-')
    old_env, old_dir = os.environ.get('TMPDIR'), tempfile.tempdir
    os.environ['TMPDIR'] = tempfile.tempdir = d
    try: yield Path(d)
    finally:
        tempfile.tempdir = old_dir
        if old_env is None: os.environ.pop('TMPDIR', None)
        else: os.environ['TMPDIR'] = old_env
        shutil.rmtree(d, ignore_errors=True)
