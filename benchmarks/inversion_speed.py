"""Inversion speed: the project's batched F/Z+ inversion against a plain reference loop, on the same machine.

    python benchmarks/inversion_speed.py [--steps 20] [--configs default ffhq256] [--batches 1 4 16] [--device auto]

For each generator configuration it measures images x steps per second of F/Z+ inversion (MSE + LPIPS-VGG with
random trunk weights, which cost exactly what the real ones cost + base-code regulariser, z retracted each step)
done by `fzplus_nb.inversion.invert.invert` at each batch size, and the same work done by the reference loop below, written
the straightforward way: one image at a time, fp32, LPIPS called on both images (resized to 256 px, as the authors
do) every step, the losses read back to the host every step. The project is measured at its default LPIPS
resolution (`size='auto'`: 256 px, or the generator's own side when smaller) and at the reference's 256 px (the same
loss), each in fp32 and in mixed precision (bf16 on CPU; bf16 and fp16 on CUDA) with the final MSE against the fp32
run's. It also times editing a batch of inverted codes (one forward pass) against
re-inverting them. Results go to benchmarks/RESULTS.md (appended) and to stdout.
"""
from __future__ import annotations
import argparse, datetime, math, platform, resource, sys, time
from pathlib import Path
import torch
import torch.nn.functional as F

from fzplus_nb.nn.generator import Generator
from fzplus_nb.models import load_generator
from fzplus_nb.inversion.encoder import packaged_encoder
from fzplus_nb.inversion.invert import invert
from fzplus_nb.metrics.perceptual import get_perceptual
from fzplus_nb.latent.spaces import SpaceSettings, init_codes, synthesize, project_codes
from fzplus_nb.editing.edit import edit_sweep
from fzplus_nb.editing.directions import random_direction


def make_generator(name: str, device) -> tuple[Generator, object]:
    "The embedded default (with its encoder) or a randomly initialised FFHQ config-f layout (no encoder)."
    if name == 'default':
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            return load_generator(device=device), packaged_encoder(None, device)
    res = int(name.removeprefix('ffhq'))
    torch.manual_seed(0)
    G = Generator(512, 0, 512, res, 3, dict(num_layers=8), dict(channel_base=32768, channel_max=512, conv_clamp=256))
    return G.to(device).eval().requires_grad_(False), None


def reference_inversion(x, G, steps, lpips_net, encoder=None, lr=0.01, lambda_per=10.0, lambda_reg=10.0):
    "The straightforward loop: one image, fp32, everything recomputed every step, losses read every step."
    with torch.no_grad(): f0 = encoder(x) if encoder is not None else None
    codes = init_codes('F/Z+', G, 1, f0=f0)
    f0 = codes['f'].clone()
    for v in codes.values(): v.requires_grad_(True)
    opt = torch.optim.Adam(list(codes.values()), lr=lr)
    history = []
    for _ in range(steps):
        rec = synthesize('F/Z+', G, codes)
        a = F.interpolate(rec, size=(256, 256), mode='bicubic', align_corners=False, antialias=True)
        b = F.interpolate(x, size=(256, 256), mode='bicubic', align_corners=False, antialias=True)
        loss = F.mse_loss(rec, x) + lambda_per * lpips_net(a, b).mean() + lambda_reg * F.mse_loss(codes['f'], f0)
        opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad(): codes['zplus'] *= math.sqrt(G.z_dim) / codes['zplus'].norm(dim=-1, keepdim=True)
        history.append(loss.item())
    return codes, history


def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize()


def peak_memory_mb(device) -> float:
    if device.type == 'cuda': return torch.cuda.max_memory_allocated(device) / 2 ** 20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # process peak RSS (Linux: KiB)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=20); p.add_argument('--configs', nargs='+', default=['default', 'ffhq256'])
    p.add_argument('--batches', nargs='+', type=int, default=[1, 4, 16]); p.add_argument('--device', default='auto')
    p.add_argument('--compile', action='store_true', help='also measure invert(compile=True) (fp32, default LPIPS size)')
    p.add_argument('--threads', type=int, default=0); p.add_argument('--out', default='benchmarks/RESULTS.md')
    p.add_argument('--amp', nargs='*', default=None, help='mixed-precision variants (default: bf16 fp16 on CUDA, bf16 on CPU)')
    p.add_argument('--tf32', action='store_true', help='CUDA: fp32 rows with TF32 matmuls and convolutions (the rows say so)')
    a = p.parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    if a.tf32: torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    dev = torch.device('cuda' if a.device == 'auto' and torch.cuda.is_available() else ('cpu' if a.device == 'auto' else a.device))
    P = get_perceptual('lpips-random', dev, size=256)  # the reference's LPIPS: the authors' 256 px
    P_for = {'auto': get_perceptual('lpips-random', dev), 256: P}
    ref_net = get_perceptual('lpips-random', dev, size=256).net.to(memory_format=torch.contiguous_format)  # the lpips package as it comes
    amps = a.amp if a.amp is not None else (['bf16', 'fp16'] if dev.type == 'cuda' else ['bf16'])
    desc = torch.cuda.get_device_name(dev) if dev.type == 'cuda' else f'CPU ({platform.processor() or platform.machine()}, {torch.get_num_threads()} threads)'
    if a.tf32: desc += ', fp32 rows with TF32 matmuls and convolutions'
    lines = [f'## {datetime.date.today()} on {desc}', '', f'Command: `python benchmarks/inversion_speed.py {" ".join(sys.argv[1:] if argv is None else argv)}`',
             f'({a.steps} steps per measurement; torch {torch.__version__})', '',
             '| generator | batch | LPIPS px | precision | project img*steps/s | reference img*steps/s | ratio | MSE / fp32 MSE | peak memory (MB) | edit batch (s) | re-invert batch (s) | edit speed-up |',
             '|---|---|---|---|---|---|---|---|---|---|---|---|']
    print('\n'.join(lines), flush=True)
    for cfg in a.configs:
        G, enc = make_generator(cfg, dev)
        R = G.img_resolution
        gen = torch.Generator().manual_seed(0)
        xs = (torch.rand(max(a.batches), 3, R, R, generator=gen) * 2 - 1).to(dev)
        # reference: one image at a time (its rate does not depend on the batch size)
        ref_steps = max(2, a.steps // 2)
        reference_inversion(xs[:1], G, 1, ref_net, enc)  # warm-up
        sync(dev); t0 = time.perf_counter()
        reference_inversion(xs[:1], G, ref_steps, ref_net, enc)
        sync(dev); ref_rate = ref_steps / (time.perf_counter() - t0)
        for B in a.batches:
            fp32_mse, edit_timed = {}, False
            for size in ('auto', 256):  # the project's default LPIPS resolution, then the authors' 256
                if size == 'auto' and P_for[size].side(R) == 256: continue  # same as 256 for this generator
                for amp, comp in [(None, False)] + [(m, False) for m in amps] + ([(None, True)] if a.compile and size == 'auto' else []):
                    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats(dev)
                    kw = dict(encoder=enc, perceptual=P_for[size], progress=False, amp=amp, compile=comp)
                    invert(xs[:B], G, 'F/Z+', steps=1, **kw)  # warm-up
                    sync(dev); t0 = time.perf_counter()
                    res = invert(xs[:B], G, 'F/Z+', steps=a.steps, **kw)
                    sync(dev); dt = time.perf_counter() - t0
                    rate = B * a.steps / dt
                    mse = float(res.losses['mse'][-1].mean())
                    if amp is None and not comp: fp32_mse[size] = mse
                    check = '' if amp is None and not comp else f'{mse / fp32_mse[size]:.4f}'
                    edit_cols = '| | |'
                    if not edit_timed:  # once per batch size, on its first (fp32, default-resolution) run
                        edit_timed = True
                        d = random_direction(G, seed=0)
                        sync(dev); t1 = time.perf_counter()
                        edit_sweep(G, 'F/Z+', res.codes, [d], [2.0], batch=B)
                        sync(dev); t_edit = time.perf_counter() - t1
                        t_reinvert = dt * 1200 / a.steps  # a real re-inversion is 1,200 steps
                        edit_cols = f'{t_edit:.3f} | {t_reinvert:.1f} | {t_reinvert / t_edit:.0f}x |'
                    row = (f'| {cfg} ({R}px) | {B} | {P_for[size].side(R)} | {(amp or "fp32") + (" compiled" if comp else "")} | {rate:.2f} | {ref_rate:.2f} | '
                           f'{rate / ref_rate:.2f}x | {check} | {peak_memory_mb(dev):.0f} | {edit_cols}')
                    lines.append(row); print(row, flush=True)
        del G, enc
    lines += ['', 'ratio = project / reference images x steps per second; the reference always runs LPIPS at 256 px (the '
              'authors\' resize), fp32, one image at a time. LPIPS px = the side the project\'s LPIPS sees (its default '
              '`size=\'auto\'` does not upsample generators smaller than 256 px; the 256 rows are the same loss as the '
              'reference). MSE / fp32 MSE = final reconstruction MSE of the mixed-precision run over the fp32 run\'s. '
              'Re-invert = the measured per-step time x 1,200 steps (the paper\'s count); edit = one forward pass of the '
              'whole batch with an edit applied.', '']
    out = Path(a.out)
    old = out.read_text() if out.exists() else '# Inversion speed\n\nMeasured by `benchmarks/inversion_speed.py` (see its docstring).\n\n'
    out.write_text(old + '\n'.join(lines) + '\n')
    print(f'appended to {out}')


if __name__ == '__main__':
    main()
