"""The package's layout (#28): rooms that follow the paper, arrows that only point down, no import cycle, and a method
that imports nothing of the toy domain or the applications. Read from the source (ast), so a lazy import inside a
function counts as much as one at the top."""
import ast
from pathlib import Path
from conftest import ROOT

PKG = ROOT / 'fzplus_nb'
# lowest first; a module may import its own room and the rooms before it. `toy` (the embedded default's domain) and
# `apps` stand beside the method: they may import it, it never imports them.
ROOMS = ['files', 'images', 'compat', 'formats', 'nn', 'models', 'metrics', 'latent', 'editing', 'inversion', 'pipelines']
BESIDE = ['toy', 'apps']


def module_name(p: Path) -> str:
    return '.'.join(p.relative_to(ROOT).with_suffix('').parts).removesuffix('.__init__')


def imports(p: Path) -> set:
    "The fzplus_nb modules a file imports (relative or absolute, anywhere in the file)."
    name, out = module_name(p), set()
    pkg = name.split('.') if p.name == '__init__.py' else name.split('.')[:-1]
    for node in ast.walk(ast.parse(p.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = pkg[:len(pkg) - node.level + 1] if node.level else []
            mod = '.'.join(base + ([node.module] if node.module else [])) if node.level else (node.module or '')
            if not mod.startswith('fzplus_nb'): continue
            out |= {f'{mod}.{a.name}' for a in node.names} if node.module is None else {mod}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith('fzplus_nb')}
    return out


def graph() -> dict:
    files = [p for p in PKG.rglob('*.py') if p.name != '_modidx.py']
    names = {module_name(p) for p in files}
    resolve = lambda d: next((n for n in (d, d.rsplit('.', 1)[0]) if n in names), None)
    return {module_name(p): {r for d in imports(p) if (r := resolve(d)) and r != module_name(p)} for p in files}


def room(m: str) -> str:
    return m.split('.')[1] if m.count('.') else ''


def test_every_module_is_in_a_room():
    g = graph()
    assert not [m for m in g if m != 'fzplus_nb' and room(m) not in ROOMS + BESIDE and m != 'fzplus_nb._modidx'], sorted(g)


def test_arrows_point_down():
    bad = [(m, d) for m, ds in graph().items() if room(m) in ROOMS for d in ds
           if room(d) in BESIDE or (room(d) in ROOMS and ROOMS.index(room(d)) > ROOMS.index(room(m)))]
    assert not bad, f'imports that point up or into toy/apps: {bad}'


def test_method_never_imports_toy():
    bad = [(m, d) for m, ds in graph().items() if room(m) not in BESIDE for d in ds if room(d) == 'toy']
    assert not bad, bad


def test_no_import_cycle():
    g, state, cycles = graph(), {}, []
    def visit(m, stack):
        state[m] = 1; stack.append(m)
        for d in sorted(g.get(m, ())):
            if state.get(d) == 1: cycles.append(stack[stack.index(d):] + [d])
            elif not state.get(d): visit(d, stack)
        stack.pop(); state[m] = 2
    for m in sorted(g):
        if not state.get(m): visit(m, [])
    assert not cycles, cycles


def test_checker_sees_a_violation(tmp_path, monkeypatch):
    "The checks can fail: a method module importing toy is caught."
    p = PKG / 'latent' / '_layout_probe.py'
    p.write_text('from ..toy.toyfaces import render\n')
    try:
        assert ('fzplus_nb.latent._layout_probe', 'fzplus_nb.toy.toyfaces') in {(m, d) for m, ds in graph().items() for d in ds}
    finally: p.unlink()
