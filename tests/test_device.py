"""Every method at the paper's topology on one device: $FZPLUS_TEST_DEVICE (default 'cpu'; 'cuda' on a GPU machine).

A tensor made on the wrong device fails only there, so each method runs a few steps (LPIPS, with a random trunk, in
F/Z+ inversion and SAM) with its generator, targets and
networks on that device, and its outputs must come back on it, finite. On the CPU this is part of the suite; on a GPU
`FZPLUS_TEST_DEVICE=cuda python -m pytest tests/test_device.py` (and `tools/gpu_check.sh`) runs the same checks there.
The generator is config-f's structure with tiny widths (`config_f_generator`, 256 px: 14 ws, cutoff 8, base code at
b16.conv0, the encoder reading 128 px).
"""
import os
import pytest
import torch

DEVICE = torch.device(os.environ.get('FZPLUS_TEST_DEVICE') or 'cpu')
pytestmark = pytest.mark.skipif(DEVICE.type == 'cuda' and not torch.cuda.is_available(), reason='FZPLUS_TEST_DEVICE=cuda but no CUDA here')


@pytest.fixture(scope='module')
def G():
    from fzplus_nb.nn.generator import config_f_generator
    return config_f_generator(256).to(DEVICE)


@pytest.fixture(scope='module')
def target(G):
    z = torch.randn(2, G.z_dim, generator=torch.Generator().manual_seed(0)).to(DEVICE)
    with torch.no_grad(): return G.synthesis(G.mapping(z, 0.7, 8)).clamp(-1, 1)


def on_device(*ts):
    for t in ts:
        assert t.device.type == DEVICE.type, t.device
        assert torch.isfinite(t).all()


def test_spaces(G):
    from fzplus_nb.latent.spaces import SPACES, init_codes, synthesize, pn_stats, regularizers
    pn = pn_stats(G, n=1000, batch=500, cache=False)
    for name in SPACES:
        c = init_codes(name, G, 2, seed=1)
        on_device(synthesize(name, G, c), *regularizers(name, G, c, f0=c.get('f'), pn=pn).values())


def test_encoder(G, target):
    from fzplus_nb.inversion.encoder import encoder_for, train_encoder
    E, curve = train_encoder(G, steps=2, batch=2, perceptual='none', progress=False, encoder=encoder_for(G))
    with torch.no_grad(): on_device(E.encode(target, 16))


def test_invert(G, target, tmp_path):
    from fzplus_nb.inversion.invert import invert
    from fzplus_nb.latent.spaces import pn_stats
    for space, schedule in (('F/Z+', None), ('F/W+(P_N)', None), ('W+', 'fast')):
        kw = {'pn': pn_stats(G, n=1000, batch=500, cache=False)} if 'P_N' in space else {}
        r = invert(target, G, space, steps=3, perceptual='lpips-random' if space == 'F/Z+' else 'none', progress=False, schedule=schedule,
                   checkpoint=tmp_path / f'{space.replace("/", "_")}.pt', checkpoint_every=2, **kw)
        on_device(*r.codes.values())


def test_edit_and_directions(G):
    from fzplus_nb.editing.directions import ganspace_directions, sefa_directions, random_direction
    from fzplus_nb.editing.edit import edit, edit_sweep
    from fzplus_nb.latent.spaces import init_codes, synthesize
    dirs = ganspace_directions(G, k=2, n=2000, batch=1000) + sefa_directions(G, k=1, n=2000) + [random_direction(G, std=0.3)]
    c = init_codes('F/Z+', G, 1, seed=2)
    for d in dirs: on_device(synthesize('F/Z+', G, edit(c, 'F/Z+', d, 1.0, layers=range(4, 8))))
    on_device(edit_sweep(G, 'W+', init_codes('W+', G, 1), dirs[:1], [-1.0, 1.0]))


def test_pti_idinvert_sam(G, target):
    from fzplus_nb.inversion.pti import PTISettings, pti
    from fzplus_nb.inversion.idinvert import domain_encoder_for, idinvert
    from fzplus_nb.inversion.sam import SAMSettings, sam_optimize
    r = pti(target[:1], G, 'Z+', PTISettings(pivot_steps=2, tune_steps=2, w_avg_samples=20), perceptual=None, progress=False)[0]
    on_device(r.codes['zplus'], next(r.G.parameters()))
    E = domain_encoder_for(G, width=4).to(DEVICE)
    on_device(idinvert(target[:1], G, E, steps=2, perceptual=None, progress=False).codes['wplus'])
    sel = {c: torch.zeros(1, 1, 256, 256, dtype=torch.bool, device=DEVICE) for c in ('W+', 'F4')}
    sel['W+'][..., :128, :] = True; sel['F4'][..., 128:, :] = True
    r = sam_optimize(target[:1], G, sel, 'Z+', SAMSettings(steps=2), perceptual='lpips-random', progress=False)
    on_device(r.images, *r.deltas.values())


def test_randomize_weights_on_device():
    """Random weights (the tests' generators) can be drawn for a generator that already lives on the device."""
    from fzplus_nb.nn.generator import config_f_generator, randomize_weights
    G = randomize_weights(config_f_generator(256).to(DEVICE), seed=3)
    on_device(G.mapping.w_avg, *G.parameters())
