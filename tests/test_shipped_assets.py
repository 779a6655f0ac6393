"""The files the package ships: present, small, and readable without executing pickled code."""
import json
import torch
import pytest
from fzplus_nb.checkpoints import asset_path, resolve_model

ASSETS = ['toyfaces64.pt', 'toyfaces64_attributes.pt', 'toyfaces64_identity.pt']


@pytest.mark.parametrize('name', ASSETS)
def test_asset_is_small_and_weights_only(name):
    p = asset_path(name)
    assert p.exists(), p
    assert p.stat().st_size < 25 * 2 ** 20
    torch.load(p, map_location='cpu', weights_only=True)  # raises if anything but tensors/containers is inside


def test_default_generator_loads_and_samples():
    from fzplus_nb.generator import load_generator
    assert resolve_model() == resolve_model('default') == asset_path('toyfaces64.pt')
    G = load_generator()
    assert (G.img_resolution, G.num_ws) == (64, 10)
    meta = G.checkpoint_meta
    assert meta['command'].startswith('fzplus train-default') and 'seed' in meta['train_config']
    with torch.no_grad():
        img = G(torch.randn(4, G.z_dim, generator=torch.Generator().manual_seed(0)), truncation_psi=0.7)
    assert img.shape == (4, 3, 64, 64) and torch.isfinite(img).all()


def test_judges_load():
    from fzplus_nb.toynets import AttributeClassifier, IdentityEmbedder, load_toynet
    assert isinstance(load_toynet(asset_path('toyfaces64_attributes.pt')), AttributeClassifier)
    assert isinstance(load_toynet(asset_path('toyfaces64_identity.pt')), IdentityEmbedder)


def test_examples_are_the_held_out_renders():
    from fzplus_nb.invert import load_image
    from fzplus_nb.toyfaces import example_factors, render
    folder = asset_path('examples')
    pngs = sorted(folder.glob('toyface_*.png'))
    assert len(pngs) == 12
    factors = json.loads((folder / 'factors.json').read_text())
    assert sorted(factors) == [p.name for p in pngs]
    want = render(example_factors(12))
    for i, p in enumerate(pngs):  # the file is the 8-bit render of the held-out factors
        assert (load_image(p, 64) - want[i]).abs().max() <= 1 / 127.5 + 1e-6
