"""Shared test settings: where the read-only reference material lives."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# `shared/` sits beside the checkout (this workplace's layout); FZPLUS_SHARED overrides it.
SHARED = Path(os.environ.get('FZPLUS_SHARED') or ROOT.parent / 'shared')
HAVE_SHARED = (SHARED / 'fixtures' / 'check_generator.py').exists()
