#!/usr/bin/python3
"""The workloads of `aelab bench` in PyTorch 1.13: the same layer stacks (scripts/pytorch_reference.py),
loss, optimizer, batch, step counts and data (60,000 Fashion-MNIST training images in file order).

usage: /usr/bin/python3 bench/pytorch_bench.py --variant tutorial|strong [--threads T]
           [--workload linear-b20,...] [--steps N] [--data DIR]
  tutorial: batches from a DataLoader over a TensorDataset, as the PyTorch tutorials write it.
  strong:   slices of one preconverted tensor per step (run it with OPENBLAS_NUM_THREADS=1).
Prints one JSON line per workload with the fields of `aelab bench --json`; peak_rss_mb is the
process's peak so far (bench/compare.sh runs one workload per process).
"""
import argparse
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from pytorch_reference import Autoencoder, read_idx  # noqa: E402

# name, model, batch, default steps: the table in src/cli/bench.cpp
WORKLOADS = [("linear-b20", "linear", 20, 3000), ("linear-b256", "linear", 256, 235), ("conv-b20", "conv", 20, 500),
             ("conv-b256", "conv", 256, 40), ("vae-b128", "vae", 128, 469)]
CODE = {"linear": 32, "conv": 196, "vae": 20}


def training_flops_per_example(model):
    """2 x multiply-adds of forward, weight gradient and input gradient (none for the first layer)."""
    flops, first = 0.0, True
    shape = (1, 28, 28)
    for m in model.modules():
        gemm = 0.0
        if isinstance(m, torch.nn.Linear):
            gemm = 2.0 * m.in_features * m.out_features
        elif isinstance(m, torch.nn.Conv2d):
            h = (shape[1] + 2 * m.padding[0] - m.kernel_size[0]) // m.stride[0] + 1
            gemm = 2.0 * m.out_channels * m.in_channels * m.kernel_size[0] ** 2 * h * h
            shape = (m.out_channels, h, h)
        elif isinstance(m, torch.nn.ConvTranspose2d):
            gemm = 2.0 * m.in_channels * m.out_channels * m.kernel_size[0] ** 2 * shape[1] * shape[2]
            h = (shape[1] - 1) * m.stride[0] + m.kernel_size[0]
            shape = (m.out_channels, h, h)
        elif isinstance(m, torch.nn.MaxPool2d):
            shape = (shape[0], shape[1] // 2, shape[2] // 2)
        elif m.__class__.__name__ == "Unflatten":
            shape = m.shape
        if gemm:
            flops += gemm * (2.0 if first else 3.0)
            first = False
    return flops


def loss_of(model, x):
    """aelab's training losses: MSE for the dense and conv models, -ELBO (BCE sum + KL) / B for the VAE."""
    if model.vae:
        mulv = model.encoder(x)
        mu, lv = mulv[:, :model.k], mulv[:, model.k:]
        z = mu + torch.exp(0.5 * lv) * torch.randn_like(mu)
        y = model.decoder(z)
        return (torch.nn.functional.binary_cross_entropy(y, x, reduction="sum")
                - 0.5 * torch.sum(1 + lv - mu * mu - lv.exp())) / len(x)
    return torch.nn.functional.mse_loss(model(x)[0], x)


def run(name, arch, batch, steps, variant, train):
    torch.manual_seed(1)
    model = Autoencoder(arch, CODE[arch], 0.0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    if variant == "tutorial":
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(train), batch_size=batch, shuffle=False,
                                             drop_last=True)

        def batches():
            while True:
                for (x,) in loader:
                    yield x
    else:
        def batches():
            while True:
                for i in range(0, len(train) - batch + 1, batch):
                    yield train[i:i + batch]
    it = batches()

    def step():
        x = next(it)
        opt.zero_grad()
        loss = loss_of(model, x)
        loss.backward()
        opt.step()
        return float(loss)

    step()  # warm-up, as aelab bench does
    loss_sum = 0.0
    start = time.perf_counter()
    for _ in range(steps):
        loss_sum += step()
    seconds = time.perf_counter() - start
    samples = steps * batch
    return {"system": "pytorch-" + variant, "workload": name, "model": arch, "batch": batch,
            "threads": torch.get_num_threads(), "steps": steps, "samples_per_s": round(samples / seconds, 1),
            "seconds": round(seconds, 3), "gflops": round(samples * training_flops_per_example(model) / seconds / 1e9, 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "loss": round(loss_sum / steps, 9)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", choices=("tutorial", "strong"), required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--workload", default=",".join(w[0] for w in WORKLOADS))
    ap.add_argument("--steps", type=int, default=0, help="0: each workload's default, as in aelab bench")
    ap.add_argument("--fraction", type=float, default=1.0,
                    help="run this fraction of each default step count (at least 10): samples/s is a steady rate")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    images = read_idx(os.path.join(args.data, "train-images-idx3-ubyte"))
    train = torch.from_numpy(images.reshape(len(images), -1).copy()).float().div_(255.0)
    wanted = args.workload.split(",")
    for name, arch, batch, steps in WORKLOADS:
        if name in wanted:
            n = args.steps or max(10, round(steps * args.fraction))
            print(json.dumps(run(name, arch, batch, n, args.variant, train)), flush=True)


if __name__ == "__main__":
    main()
