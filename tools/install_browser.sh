#!/usr/bin/env bash
# The real-browser test's dependencies: Debian's Chromium and its driver (system packages), Selenium (pip).
# Nothing is downloaded at test time; Selenium is told where both binaries are.
set -euo pipefail
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then apt-get install -y -q chromium chromium-driver >/dev/null
  else echo "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)" >&2; exit 1; fi
fi
python -m pip install -q "selenium>=4.20"
