"""The editor as a user's JupyterLab sees it: the class imported from the package (not redefined by its notebook,
whose hidden cells could hide a missing import), fed bytes directly and through the upload widget's own value format."""
import datetime, io
from PIL import Image
from fzplus_nb.apps.editor import Editor


def _png(color=(30, 200, 90), size=(90, 70)):
    b = io.BytesIO(); Image.new('RGBA', size, (*color, 255)).save(b, format='PNG'); return b.getvalue()


def test_set_image_from_bytes():
    ed = Editor(steps=2, perceptual='none')
    ed.set_image(_png(), 'mine.png')
    assert 'loaded mine.png' in ed.status.value, ed.status.value
    assert ed.target.shape == (3, ed.G.img_resolution, ed.G.img_resolution)


def test_upload_widget_value_format():
    ed = Editor(steps=2, perceptual='none')
    data = _png((200, 40, 40))
    ed.upload.value = ({'name': 'up.png', 'type': 'image/png', 'size': len(data), 'content': memoryview(data),
                        'last_modified': datetime.datetime.now()},)
    assert 'loaded up.png' in ed.status.value, ed.status.value
    ed.invert_button.click()
    assert 'inverted into F/Z+' in ed.status.value, ed.status.value
