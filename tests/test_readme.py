"""The README's two set-up commands (its `bash` blocks) are exactly the ones CI runs; the user route (`sh` block) is run by tests/test_wheel.py."""
import re
from conftest import ROOT


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / 'README.md').read_text()
    section = readme.split('## Set up and run', 1)[1].split('\n## ', 1)[0]
    cmds = re.findall(r'```bash\n(.*?)\n```', section, flags=re.S)
    assert len(cmds) == 2, cmds
    ci = (ROOT / '.ci' / 'run').read_text().splitlines()
    for c in cmds: assert c.strip() in ci, f'.ci/run does not run the README command: {c}'
