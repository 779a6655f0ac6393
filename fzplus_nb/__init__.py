__version__ = "0.1.0"
from .compat import install_moved_modules as _install_moved_modules
_install_moved_modules()  # the flat layout's module paths (fzplus_nb.generator, ...) work for one more release
