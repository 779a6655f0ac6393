"""Every command on bad and odd inputs, made here on the fly (nothing downloaded): each bad input gives one line that
names the file and what is wrong, the exit status is non-zero when anything failed, every good input of the same call
is still processed, and no Python traceback reaches stderr (unless --debug asks for one)."""
import io, json, pickle, shutil
from pathlib import Path
import numpy as np
import pytest
import torch
from PIL import Image
from fzplus_nb.apps.cli import main
from fzplus_nb.models import DEFAULT_MODEL, PACKAGED_MODELS, asset_path

STEPS = ['--steps', '1']


def _png(path, size=(64, 64), color=(120, 80, 60), mode='RGB'):
    Image.new(mode, size, color if mode == 'RGB' else 0).save(path); return path


@pytest.fixture(scope='module')
def inputs(tmp_path_factory):
    "Good and bad images: {name: path}, the good ones named good_*."
    d = tmp_path_factory.mktemp('inputs')
    rng = np.random.default_rng(0)
    face = asset_path('examples/toyface_00.png')
    out = {'good_face': d / 'good_face.png', 'good_spaces': d / 'my face é.png'}
    shutil.copy(face, out['good_face']); shutil.copy(face, out['good_spaces'])
    (d / 'empty.png').write_bytes(b''); out['empty'] = d / 'empty.png'
    b = io.BytesIO(); Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(b, format='PNG')
    (d / 'truncated.png').write_bytes(b.getvalue()[:len(b.getvalue()) // 2]); out['truncated_png'] = d / 'truncated.png'
    b = io.BytesIO(); Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(b, format='JPEG')
    (d / 'cut.jpg').write_bytes(b.getvalue()[:200]); out['truncated_jpg'] = d / 'cut.jpg'
    (d / 'text.png').write_text('not an image'); out['text'] = d / 'text.png'
    (d / 'folder.png').mkdir(); out['folder'] = d / 'folder.png'
    out['missing'] = d / 'missing.png'
    out['good_tiny'] = _png(d / 'good_tiny.png', (8, 8))
    out['good_one'] = _png(d / 'good_one.png', (1, 1))
    Image.new('CMYK', (64, 64), (10, 200, 30, 0)).save(d / 'good_cmyk.jpg'); out['good_cmyk'] = d / 'good_cmyk.jpg'
    Image.fromarray((rng.integers(0, 65535, (64, 64))).astype(np.uint16)).save(d / 'good_grey16.png'); out['good_grey16'] = d / 'good_grey16.png'
    Image.new('RGB', (64, 64), (200, 10, 10)).convert('P', palette=Image.ADAPTIVE).save(d / 'good_palette.png'); out['good_palette'] = d / 'good_palette.png'
    Image.new('RGBA', (64, 64), (0, 0, 255, 128)).save(d / 'good_rgba.png'); out['good_rgba'] = d / 'good_rgba.png'
    frames = [Image.new('RGB', (64, 64), c) for c in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(d / 'good_anim.gif', save_all=True, append_images=frames[1:]); out['good_anim'] = d / 'good_anim.gif'
    im = Image.new('RGB', (80, 40), (0, 0, 0)); exif = im.getexif(); exif[0x0112] = 6  # "rotate 90 CW to view"
    im.save(d / 'good_exif.jpg', exif=exif); out['good_exif'] = d / 'good_exif.jpg'
    Image.new('RGB', (12000, 12000), (90, 90, 90)).save(d / 'huge.png', compress_level=1); out['huge'] = d / 'huge.png'
    return out


def _call(argv, capsys):
    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    assert 'Traceback' not in cap.err and 'Traceback' not in cap.out, cap.err[-3000:]
    return code, cap.out, cap.err


BAD = ['empty', 'truncated_png', 'truncated_jpg', 'text', 'folder', 'missing', 'huge']
GOOD = ['good_face', 'good_spaces', 'good_tiny', 'good_one', 'good_cmyk', 'good_grey16', 'good_palette', 'good_rgba', 'good_anim', 'good_exif']


def test_invert_matrix(inputs, tmp_path, capsys):
    code, out, err = _call(['invert', *[inputs[k] for k in GOOD + BAD], '--out', tmp_path / 'inv', *STEPS, '--quiet',
                            '--perceptual', 'none'], capsys)
    assert code != 0
    for k in BAD:  # one line each, naming the file
        assert sum(inputs[k].name in line for line in err.splitlines()) >= 1, (k, err)
    for k in GOOD: assert (tmp_path / 'inv' / f'{inputs[k].stem}.png').exists(), (k, err)
    assert 'huge.png' in err and 'MP' in err  # refused before decoding, with its size
    with Image.open(tmp_path / 'inv' / 'good_exif.png') as im: assert im.size == (64, 64)


def test_exif_rotation_and_animation(inputs):
    from fzplus_nb.images import read_rgb
    test = read_rgb(inputs['good_exif']); assert test.size == (40, 80)  # as a viewer shows it
    assert read_rgb(inputs['good_anim']).getpixel((0, 0)) == (255, 0, 0)  # the first frame


def test_edit_photo_matrix(inputs, tmp_path, capsys):
    code, out, err = _call(['edit-photo', inputs['good_tiny'], inputs['text'], inputs['missing'], '--direction', 'smile',
                            '--out', tmp_path / 'ph', *STEPS], capsys)
    assert code != 0
    assert 'good_tiny.png' in err and 'no face found' in err and '8x8' in err and 'at least' in err, err
    assert 'text.png' in err and 'missing.png' in err


def test_sam_matrix(inputs, tmp_path, capsys):
    code, out, err = _call(['sam', inputs['good_face'], inputs['truncated_png'], inputs['missing'], '--out', tmp_path / 'sam',
                            '--steps', '1', '--quiet'], capsys)
    assert code != 0 and 'truncated.png' in err and 'missing.png' in err, err
    assert (tmp_path / 'sam' / 'good_face_sam.png').exists(), err


def test_edit_bad_codes(inputs, tmp_path, capsys):
    torch.save({'foo': torch.zeros(3)}, tmp_path / 'notcodes.pt')
    for f in (tmp_path / 'notcodes.pt', inputs['text'], inputs['missing'], inputs['folder']):
        code, out, err = _call(['edit', f, '--direction', 'smile', '--out', tmp_path / 'ed'], capsys)
        assert code != 0 and f.name in err, (f, err)


def test_bad_model_files(inputs, tmp_path, capsys):
    good = asset_path(PACKAGED_MODELS[DEFAULT_MODEL])
    (tmp_path / 'trunc.pkl').write_bytes(pickle.dumps({'G_ema': list(range(1000))})[:40])
    torch.save({'state_dict': {'conv.weight': torch.zeros(3, 3, 3, 3)}}, tmp_path / 'other_arch.pt')
    torch.save({'generator': {'net.layer0.weight': torch.zeros(4, 4)}}, tmp_path / 'wrong_family.pth')
    for f in ('trunc.pkl', 'other_arch.pt', 'wrong_family.pth'):
        for argv in (['generate', '--model', tmp_path / f, '--out', tmp_path / 'g.png'],
                     ['invert', inputs['good_face'], '--model', tmp_path / f, '--out', tmp_path / 'inv', *STEPS],
                     ['directions', '--model', tmp_path / f, '--out', tmp_path / 'd.pt']):
            code, out, err = _call(argv, capsys)
            assert code != 0 and f in err, (argv, err)
    # an encoder made for another generator: refused with what to pass instead
    from fzplus_nb.inversion.encoder import encoder_for, save_encoder
    from fzplus_nb.nn.generator import tiny_generator
    save_encoder(encoder_for(tiny_generator()), tmp_path / 'enc_other.pt')
    code, out, err = _call(['invert', inputs['good_face'], '--encoder', tmp_path / 'enc_other.pt', '--out', tmp_path / 'inv2', *STEPS], capsys)
    assert code != 0 and 'encoder' in err, err
    assert good.exists()


def test_training_folders_with_bad_files(inputs, tmp_path, capsys):
    folder = tmp_path / 'train'; folder.mkdir()
    for k in ('good_face', 'good_cmyk', 'empty', 'text', 'truncated_png'): shutil.copy(inputs[k], folder / inputs[k].name)
    code, out, err = _call(['train-idinvert', '--images', folder, '--out', tmp_path / 'dom.pt', '--steps', '1', '--batch', '2',
                            '--perceptual', 'none'], capsys)
    assert code == 0 and (tmp_path / 'dom.pt').exists(), err
    assert 'empty.png' in err and 'text.png' in err and 'skipped' in err, err
    code, out, err = _call(['train-sam', '--images', folder, '--out', tmp_path / 'inv.pt', '--n', '2', '--map-steps', '1', '--steps', '1',
                            '--perceptual', 'toy-lpips', '--quiet'], capsys)
    assert code == 0 and (tmp_path / 'inv.pt').exists() and 'empty.png' in err and 'skipped' in err, err  # --n 2: the first two readable
    # reproduce checks its --images folder before any notebook runs: each unreadable file named; none readable: stop there
    bad = tmp_path / 'bad'; bad.mkdir()
    for k in ('empty', 'text'): shutil.copy(inputs[k], bad / inputs[k].name)
    code, out, err = _call(['reproduce', '--preset', 'smoke', '--only', 'table1', '--images', bad, '--out', tmp_path / 'figs'], capsys)
    assert code != 0 and 'empty.png' in err and 'text.png' in err and 'no readable images' in err, err
    assert not (tmp_path / 'figs' / 'notebooks').exists()


def test_editor_upload(inputs):
    import datetime
    from fzplus_nb.apps.editor import Editor
    ed = Editor(steps=1, perceptual='none')
    up = lambda p, name: {'name': name, 'type': 'image/png', 'size': p.stat().st_size, 'content': memoryview(p.read_bytes()),
                          'last_modified': datetime.datetime.now()}
    ed.upload.value = (up(inputs['text'], 'text.png'),)  # the widget's own path: the error goes to the status line
    assert 'text.png' in ed.status.value and 'cannot read' in ed.status.value, ed.status.value
    ed.upload.value = (up(inputs['good_face'], 'face.png'),)
    assert 'loaded face.png' in ed.status.value, ed.status.value


def test_debug_shows_the_traceback(inputs, tmp_path, capsys, monkeypatch):
    import fzplus_nb.pipelines.invert as inv
    monkeypatch.setattr(inv, 'invert_files', lambda *a, **k: (_ for _ in ()).throw(RuntimeError('boom')))
    code, out, err = _call(['invert', inputs['good_face'], '--out', tmp_path / 'x'], capsys)
    assert code == 1 and 'RuntimeError: boom' in err and '--debug' in err
    with pytest.raises(RuntimeError, match='boom'): main(['invert', str(inputs['good_face']), '--out', str(tmp_path / 'x'), '--debug'])
