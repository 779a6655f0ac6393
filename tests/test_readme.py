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


FRONT_PAGE_LINES = 150  # issue 45: a front page a newcomer reads in two minutes
DOCS = ['README.md', 'REPORT.md', 'CONTRIBUTING.md', 'docs/guide.md']
TOP = ('figures/', 'fzplus_nb/', 'nbs/', 'tests/', 'tools/', 'training/', 'benchmarks/', 'docs/', '.ci/')


def test_front_page_is_short():
    n = len((ROOT / 'README.md').read_text().splitlines())
    assert n <= FRONT_PAGE_LINES, f'README.md has {n} lines; move detail to docs/guide.md, REPORT.md or CONTRIBUTING.md'


def test_every_command_on_the_front_page_parses():
    """Each `fzplus ...` line of the README's code blocks is a valid command line of today's parser (options renamed or
    removed would fail here)."""
    import shlex
    from fzplus_nb.apps.cli import build_parser
    readme = (ROOT / 'README.md').read_text()
    lines = [l.split(' #')[0].strip() for block in re.findall(r'```(?:sh|bash)\n(.*?)\n```', readme, flags=re.S) for l in block.splitlines()]
    cmds = [c for l in lines for c in re.split(r'\s*&&\s*', l) if c.startswith('fzplus ')]
    assert len(cmds) >= 8, cmds
    for c in cmds: build_parser().parse_args(shlex.split(c)[1:])  # argparse exits (a test failure) on anything it does not know


def test_every_file_the_docs_name_exists():
    """Paths of this repository that the README, the report, the guide and the contributing guide name (in backticks or
    as image links) exist."""
    missing = []
    for doc in DOCS:
        text = (ROOT / doc).read_text()
        names = re.findall(r'`([^`\s]+)`', text) + re.findall(r'!\[[^\]]*\]\(([^)]+)\)', text)
        for n in names:
            p = n.replace('../', '') if doc.startswith('docs/') else n
            if p.startswith(TOP) and not any(ch in p for ch in '*{<$') and not (ROOT / p).exists(): missing.append(f'{doc}: {n}')
    assert not missing, missing


def test_cli_reference_is_current():
    """docs/cli.md is what `python tools/cli_reference.py` prints today."""
    import subprocess, sys
    out = subprocess.run([sys.executable, str(ROOT / 'tools' / 'cli_reference.py')], capture_output=True, text=True, check=True).stdout
    assert (ROOT / 'docs' / 'cli.md').read_text() == out, 'docs/cli.md is stale: python tools/cli_reference.py > docs/cli.md'
