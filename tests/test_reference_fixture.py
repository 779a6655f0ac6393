"""The generator against NVIDIA's own outputs (shared/fixtures), through the fixture's own checker."""
import subprocess, sys
import pytest
from conftest import ROOT, SHARED, HAVE_SHARED

pytestmark = pytest.mark.skipif(not HAVE_SHARED, reason=f'reference fixtures not found at {SHARED}')


def test_check_generator_default_tolerance():
    r = subprocess.run([sys.executable, str(SHARED / 'fixtures' / 'check_generator.py'),
                        str(SHARED / 'fixtures' / 'sg2_tiny64_skip')], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines()[-1].startswith('sg2_tiny64_skip: ok')


def test_same_batch_matches_to_float_precision():
    """At the batch size NVIDIA used, every tensor matches to float precision. On session 1's machine this was bit for
    bit; oneDNN picks convolution kernels (and so the summation order) by CPU, and on other CPUs the images differ by
    up to ~1e-5 (7.6e-6 measured here on 2026-11-26), so the test bounds the error instead of asking for equality."""
    import torch
    from fzplus_nb.nn.generator import load_generator
    G = load_generator(SHARED / 'fixtures' / 'sg2_tiny64_skip.pkl')
    exp = torch.load(SHARED / 'fixtures' / 'sg2_tiny64_skip_expected.pt')
    with torch.no_grad():
        assert torch.equal(G.mapping(exp['z'], truncation_psi=0.7, truncation_cutoff=8), exp['ws_psi07_cut8'])
        diffs = {'img_psi1_const': (G.synthesis(exp['ws_psi1']) - exp['img_psi1_const']).abs().max().item(),
                 'img_psi1_none': (G.synthesis(exp['ws_psi1'], noise_mode='none') - exp['img_psi1_none']).abs().max().item()}
        blocks = G.synthesis.block_outputs(exp['ws_psi1'])
        for k, v in exp.items():
            if k.startswith('blocks_psi1_const/'): diffs[k] = (blocks[k.split('/', 1)[1]][:2] - v).abs().max().item()
    assert max(diffs.values()) < 2e-5, diffs


def test_cli_generate_on_fixture(tmp_path):
    from fzplus_nb.apps.cli import main
    out = tmp_path / 'grid.png'
    assert main(['generate', '--model', str(SHARED / 'fixtures' / 'sg2_tiny64_skip.pkl'), '--n', '4', '--out', str(out)]) == 0
    from PIL import Image
    assert Image.open(out).size == (2 * 64 + 2, 2 * 64 + 2)
