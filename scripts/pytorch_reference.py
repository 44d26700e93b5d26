#!/usr/bin/python3
"""PyTorch 1.13 reference for aelab's models: the same architecture, init distribution,
optimizer, batch size, data and data order, so the test MSE can be compared number for number.

usage: /usr/bin/python3 scripts/pytorch_reference.py --data DIR [--model linear] [--epochs 20]
           [--batch 20] [--lr 0.001] [--code-dim 32] [--seeds 1,2,3] [--threads 1] [--shuffle]
DIR holds the four MNIST IDX files (raw or .gz), e.g. build/native/data/builtin or
/usr/share/datasets/fashion-mnist. Prints one JSON line per seed and one with the mean.
Needs Debian's python3-torch (scripts/setup.sh --torch installs it).
"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch


def read_idx(path):
    for p in (path, path + ".gz"):
        if os.path.exists(p):
            raw = open(p, "rb").read()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            magic, = struct.unpack(">I", raw[:4])
            dims = struct.unpack(">" + "I" * (magic & 0xFF), raw[4:4 + 4 * (magic & 0xFF)])
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)
    raise FileNotFoundError(path)


def load(data_dir, prefix):
    images = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte"))
    return torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255.0)


def build(model, d, k):
    if model == "linear":
        return torch.nn.Sequential(torch.nn.Linear(d, k), torch.nn.ReLU(), torch.nn.Linear(k, d), torch.nn.Sigmoid())
    raise SystemExit(f"unknown model {model}")


def mse(model, x):
    with torch.no_grad():
        return sum(float(((model(x[i:i + 1000]) - x[i:i + 1000]) ** 2).sum()) for i in range(0, len(x), 1000)) / x.numel()


def run(args, train, test, seed):
    torch.manual_seed(seed)
    model = build(args.model, train.shape[1], args.code_dim)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.MSELoss()
    gen = torch.Generator().manual_seed(seed)
    start = time.time()
    for _ in range(args.epochs):
        order = torch.randperm(len(train), generator=gen) if args.shuffle else torch.arange(len(train))
        for i in range(0, len(train), args.batch):
            x = train[order[i:i + args.batch]]
            opt.zero_grad()
            loss_fn(model(x), x).backward()
            opt.step()
    seconds = time.time() - start
    return {"system": "pytorch", "model": args.model, "seed": seed, "epochs": args.epochs, "batch": args.batch,
            "train_mse": round(mse(model, train), 9), "test_mse": round(mse(model, test), 9),
            "seconds": round(seconds, 3), "samples_per_s": round(args.epochs * len(train) / seconds, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--model", default="linear")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--code-dim", type=int, default=32)
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--shuffle", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    train, test = load(args.data, "train"), load(args.data, "t10k")
    results = [run(args, train, test, int(s)) for s in args.seeds.split(",")]
    for r in results:
        print(json.dumps(r))
    if len(results) > 1:
        mean = {k: round(float(np.mean([r[k] for r in results])), 9) for k in ("train_mse", "test_mse", "seconds")}
        std = round(float(np.std([r["test_mse"] for r in results])), 9)
        print(json.dumps({"system": "pytorch", "model": args.model, "seeds": args.seeds, **mean, "test_mse_std": std}))


if __name__ == "__main__":
    main()
