#!/usr/bin/python3
"""Trains every model of the zoo in aelab and in PyTorch 1.13 at identical settings and prints a
Markdown table (test MSE side by side, plus the denoisers' and the VAE's own figures).

usage: /usr/bin/python3 scripts/compare_pytorch.py --data builtin|fashion [--epochs 20] [--seed 1]
           [--aelab build/native/src/aelab] [--threads 2] [--rows 1,3-5] [--same-init] [--out FILE.md]
--rows picks table rows by number (1 = linear ... 12 = contractive), e.g. to spread the
Fashion-MNIST runs over several processes.
--same-init starts PyTorch from aelab's initial weights (aelab's seed, saved by a 0-epoch run):
the two systems then differ only in their arithmetic (and, for denoise and vae, in their noise
draws), not in which random initialisation they happened to get.
"""
import argparse
import json
import subprocess
import sys
from types import SimpleNamespace

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import pytorch_reference as ref  # noqa: E402

MODELS = [
    ("linear", []), ("mlp", []), ("conv", []), ("conv-strided", []), ("conv-upsample", []),
    ("denoise", ["--arch", "conv", "--noise", "gaussian", "--noise-level", "0.5"]),
    ("denoise", ["--arch", "conv", "--noise", "saltpepper", "--noise-level", "0.5"]),
    ("denoise", ["--arch", "conv", "--noise", "mask", "--noise-level", "0.5"]),
    ("vae", []), ("sparse", []), ("sparse", ["--sparsity", "0.05", "--lr", "0.02"]),
    ("contractive", ["--lr", "0.02"]),
]


def torch_args(model, flags, epochs, batch):
    a = SimpleNamespace(model=model, epochs=epochs, batch=batch, lr=1e-3, code_dim=0, arch="linear", noise="gaussian",
                        noise_level=0.3, sparsity=0.0, sparse_weight=1e-4, contractive_weight=1e-2, loss="mse",
                        shuffle=False)
    for name, value in zip(flags[::2], flags[1::2]):
        key = name[2:].replace("-", "_")
        setattr(a, key, type(getattr(a, key))(value))
    arch = a.arch if model == "denoise" else model
    a.code_dim = 196 if arch.startswith("conv") else 20 if arch == "vae" else 32
    return a


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="builtin")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--aelab", default="build/native/src/aelab")
    ap.add_argument("--builtin-dir", default="build/native/data/builtin")
    ap.add_argument("--rows", help="row numbers to run, e.g. 1,3-5 (default: all)")
    ap.add_argument("--same-init", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()
    picked = set(range(1, len(MODELS) + 1))
    if args.rows:
        picked = set()
        for part in args.rows.split(","):
            first, _, last = part.partition("-")
            picked.update(range(int(first), int(last or first) + 1))
    ref.torch.set_num_threads(args.threads)
    data_dir = args.builtin_dir if args.data == "builtin" else \
        "/usr/share/datasets/fashion-mnist" if args.data == "fashion" else args.data
    train, test = ref.load(data_dir, "train"), ref.load(data_dir, "t10k")
    rows = ["| model | flags | aelab test MSE | PyTorch test MSE | aelab / PyTorch | other figures (aelab vs PyTorch) |",
            "|---|---|---:|---:|---:|---|"]
    for number, (model, flags) in enumerate(MODELS, 1):
        if number not in picked:
            continue
        out = f"/tmp/aelab-compare-{number}"
        cmd = [args.aelab, "train", "--model", model, "--data", args.data, "--seed", str(args.seed),
               "--threads", str(args.threads), *flags]
        init = None
        if args.same_init:
            subprocess.run(cmd + ["--epochs", "0", "--out", out + "-init"], check=True, capture_output=True)
            init = ref.checkpoint_params(out + "-init/model.aelab")
        ours = json.loads(subprocess.run(cmd + ["--epochs", str(args.epochs), "--out", out],
                                         check=True, capture_output=True, text=True).stdout)
        theirs = ref.run(torch_args(model, flags, args.epochs, 20), train, test, args.seed, init)
        other = ""
        if "denoised_mse" in ours:
            other = (f"denoised {ours['denoised_mse']:.5f} vs {theirs['denoised_mse']:.5f}; "
                     f"noisy input {ours['noisy_mse']:.5f} vs {theirs['noisy_mse']:.5f}")
        if "neg_elbo" in ours:
            other = f"-ELBO/image {ours['neg_elbo']:.2f} vs {theirs['neg_elbo']:.2f}"
        row = (f"| {model} | {' '.join(flags)} | {ours['test_mse']:.5f} | {theirs['test_mse']:.5f} | "
               f"{ours['test_mse'] / theirs['test_mse']:.3f} | {other} |")
        print(row, flush=True)
        rows.append(row)
    table = "\n".join(rows) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(table)
    print(table)


if __name__ == "__main__":
    main()
