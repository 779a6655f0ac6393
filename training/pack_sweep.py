"""Score every snapshot of a training sweep and pack what should come back from a GPU sitting.

Usage: python training/pack_sweep.py RUNS_DIR DEST CONFIG [CONFIG ...]
Writes DEST/sweep_summary.json (every checkpoint's evaluation), and DEST/sweep.tar split into pieces of at most
15 MB (`cat sweep.tar.part* > sweep.tar` joins them): each run's best and last EMA snapshots, its log, and the full
training state (checkpoint.pt, resumable) of the run whose best snapshot scores best.
"""
import json, shutil, sys, tarfile
from pathlib import Path
import torch
from fzplus_nb.toy.default_model import target_shortfall

runs, dest, configs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
dest.mkdir(parents=True, exist_ok=True)
summary, members = {}, []
for name in configs:
    ck = runs/name/'checkpoint.pt'
    if not ck.exists(): summary[name] = {'error': 'no checkpoint'}; continue
    st = torch.load(ck, weights_only=True, map_location='cpu')
    evals = [{'step': l['step'] + 1, **l['eval'], 'shortfall': target_shortfall(l['eval'])} for l in st['log'] if 'eval' in l]
    sittings = [l['sitting'] for l in st['log'] if 'sitting' in l]
    best = min(evals, key=lambda e: e['shortfall']) if evals else None
    summary[name] = {'steps': st['step'], 'sittings': sittings, 'best': best, 'evals': evals}
    for s in {best['step'], st['step']} if best else {st['step']}:
        members.append(runs/name/'snapshots'/f'step_{s:06d}.pt')
    members.append(runs/f'{name}.log')
scored = [n for n in summary if summary[n].get('best')]
if scored:
    top = min(scored, key=lambda n: summary[n]['best']['shortfall'])
    summary['_best_run'] = top
    members.append(runs/top/'checkpoint.pt')
(dest/'sweep_summary.json').write_text(json.dumps(summary, indent=1))
with tarfile.open(runs/'sweep.tar', 'w') as tf:
    for m in members:
        if m.exists(): tf.add(m, arcname=str(m.relative_to(runs)))
data, part = (runs/'sweep.tar').read_bytes(), 15 * 2**20
for i in range(0, len(data), part): (dest/f'sweep.tar.part{i // part:02d}').write_bytes(data[i:i + part])
print(json.dumps({n: (v.get('best'), v.get('steps')) for n, v in summary.items() if not n.startswith('_')}, indent=1))
print('best run:', summary.get('_best_run'), '| packed', len(data) // 2**20, 'MB')
