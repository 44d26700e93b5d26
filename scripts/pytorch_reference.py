#!/usr/bin/python3
"""PyTorch 1.13 reference for aelab's models: the same architecture, init distribution,
optimizer, batch size, data and data order, so the test MSE can be compared number for number.

usage: /usr/bin/python3 scripts/pytorch_reference.py --data DIR [--model NAME] [--epochs 20]
           [--batch 20] [--lr 0.001] [--code-dim K] [--seeds 1,2,3] [--threads 1] [--shuffle]
           [--arch A --noise N --noise-level X] [--sparsity RHO --sparse-weight W]
           [--contractive-weight W] [--loss mse|bce]
Models and flags mean what they mean for 'aelab train'.
DIR holds the four MNIST IDX files (raw or .gz), e.g. build/native/data/builtin or
/usr/share/datasets/fashion-mnist. Prints one JSON line per seed and one with the mean.
Needs Debian's python3-torch (scripts/setup.sh installs it).
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


nn = torch.nn


class Unflatten(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(len(x), *self.shape)


class Autoencoder(nn.Module):
    """The same layer stacks as src/models.cpp, on flat [B, 784] images."""

    def __init__(self, arch, k, sparsity):
        super().__init__()
        d = 784
        relu, sig = nn.ReLU, nn.Sigmoid
        if arch in ("linear", "sparse", "contractive"):
            code_act = sig if (arch == "contractive" or (arch == "sparse" and sparsity > 0)) else relu
            self.encoder = nn.Sequential(nn.Linear(d, k), code_act())
            self.decoder = nn.Sequential(nn.Linear(k, d), sig())
        elif arch == "mlp":
            self.encoder = nn.Sequential(nn.Linear(d, 256), relu(), nn.Linear(256, 64), relu(), nn.Linear(64, k), relu())
            self.decoder = nn.Sequential(nn.Linear(k, 64), relu(), nn.Linear(64, 256), relu(), nn.Linear(256, d), sig())
        elif arch == "vae":
            self.encoder = nn.Sequential(nn.Linear(d, 400), relu(), nn.Linear(400, 2 * k))
            self.decoder = nn.Sequential(nn.Linear(k, 400), relu(), nn.Linear(400, d), sig())
        else:
            cc = k // 49
            if arch == "conv-strided":
                enc = [nn.Conv2d(1, 16, 3, 2, 1), relu(), nn.Conv2d(16, cc, 3, 2, 1), relu()]
            else:
                enc = [nn.Conv2d(1, 16, 3, 1, 1), relu(), nn.MaxPool2d(2), nn.Conv2d(16, cc, 3, 1, 1), relu(),
                       nn.MaxPool2d(2)]
            self.encoder = nn.Sequential(Unflatten(1, 28, 28), *enc, nn.Flatten())
            if arch == "conv-upsample":
                dec = [nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(cc, 16, 3, 1, 1), relu(),
                       nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(16, 1, 3, 1, 1), sig()]
            else:
                dec = [nn.ConvTranspose2d(cc, 16, 2, 2), relu(), nn.ConvTranspose2d(16, 1, 2, 2), sig()]
            self.decoder = nn.Sequential(Unflatten(cc, 7, 7), *dec, nn.Flatten())
        self.k, self.vae = k, arch == "vae"

    def forward(self, x):
        h = self.encoder(x)
        return self.decoder(h[:, :self.k] if self.vae else h), h


def corrupt(x, noise, level, gen):
    u = torch.rand(x.shape, generator=gen)
    if noise == "gaussian":
        return (x + level * torch.randn(x.shape, generator=gen)).clamp(0, 1)
    if noise == "saltpepper":
        salt = (torch.rand(x.shape, generator=gen) < 0.5).float()
        return torch.where(u < level, salt, x)
    return torch.where(u < level, torch.zeros_like(x), x)


def loss_of(model, args, x, target, gen):
    """The training loss of src/autoencoder.cpp, term for term."""
    if model.vae:
        mulv = model.encoder(x)
        mu, lv = mulv[:, :model.k], mulv[:, model.k:]
        z = mu + torch.exp(0.5 * lv) * torch.randn(mu.shape, generator=gen)
        y = model.decoder(z)
        rec = nn.functional.binary_cross_entropy(y, target, reduction="sum") / len(x)
        return rec - 0.5 * torch.sum(1 + lv - mu * mu - lv.exp()) / len(x)
    y, h = model(x)
    loss = nn.functional.binary_cross_entropy(y, target) if args.loss == "bce" else nn.functional.mse_loss(y, target)
    if args.model == "sparse" and args.sparsity > 0:
        rho, mean = args.sparsity, h.mean(0).clamp(1e-6, 1 - 1e-6)
        loss = loss + args.sparse_weight * torch.sum(rho * torch.log(rho / mean) + (1 - rho) * torch.log((1 - rho) / (1 - mean)))
    elif args.model == "sparse":
        loss = loss + args.sparse_weight * h.abs().sum() / len(x)
    elif args.model == "contractive":
        w = model.encoder[0].weight
        s = h * (1 - h)
        loss = loss + args.contractive_weight * torch.sum(s * s * (w * w).sum(1)) / len(x)
    return loss


def mse(model, x):
    with torch.no_grad():
        return sum(float(((model(x[i:i + 1000])[0] - x[i:i + 1000]) ** 2).sum()) for i in range(0, len(x), 1000)) / x.numel()


def checkpoint_params(path):
    """The flat parameter array of an aelab checkpoint (stored in PyTorch's order and layout, see
    src/checkpoint.h), so a PyTorch twin can start from aelab's initial weights."""
    raw = open(path, "rb").read()
    if raw[:8] != b"AELABCKP":
        raise SystemExit(f"{path}: not an aelab checkpoint")
    text_len = struct.unpack("<I", raw[12:16])[0]
    off = 16 + text_len
    _, _, count = struct.unpack("<qIQ", raw[off:off + 20])
    return np.frombuffer(raw, dtype="<f4", count=count, offset=off + 20)


def run(args, train, test, seed, init=None):
    """Trains one model; init (a flat array, e.g. checkpoint_params) replaces PyTorch's own draw."""
    torch.manual_seed(seed)
    arch = args.arch if args.model == "denoise" else args.model
    model = Autoencoder(arch, args.code_dim, args.sparsity)
    if init is not None:
        i = 0
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(torch.from_numpy(init[i:i + p.numel()].copy()).reshape(p.shape))
                i += p.numel()
        if i != len(init):
            raise SystemExit(f"the initial weights have {len(init)} parameters, the PyTorch {arch} has {i}")
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(seed)
    start = time.time()
    for _ in range(args.epochs):
        order = torch.randperm(len(train), generator=gen) if args.shuffle else torch.arange(len(train))
        for i in range(0, len(train), args.batch):
            x = train[order[i:i + args.batch]]
            inp = corrupt(x, args.noise, args.noise_level, gen) if args.model == "denoise" else x
            opt.zero_grad()
            loss_of(model, args, inp, x, gen).backward()
            opt.step()
    seconds = time.time() - start
    result = {"system": "pytorch", "model": args.model, "seed": seed, "epochs": args.epochs, "batch": args.batch,
              "train_mse": round(mse(model, train), 9), "test_mse": round(mse(model, test), 9),
              "seconds": round(seconds, 3), "samples_per_s": round(args.epochs * len(train) / seconds, 1)}
    with torch.no_grad():
        if args.model == "denoise":
            noisy = corrupt(test, args.noise, args.noise_level, torch.Generator().manual_seed(1234))
            result["denoised_mse"] = round(float(((model(noisy)[0] - test) ** 2).mean()), 9)
            result["noisy_mse"] = round(float(((noisy - test) ** 2).mean()), 9)
        if model.vae:
            g = torch.Generator().manual_seed(5678)
            result["neg_elbo"] = round(sum(float(loss_of(model, args, test[i:i + 256], test[i:i + 256], g)) * len(test[i:i + 256])
                                           for i in range(0, len(test), 256)) / len(test), 6)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--model", default="linear")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--code-dim", type=int, default=0, help="0: the model's default, as aelab picks it")
    ap.add_argument("--arch", default="linear")
    ap.add_argument("--noise", default="gaussian")
    ap.add_argument("--noise-level", type=float, default=0.3)
    ap.add_argument("--sparsity", type=float, default=0.0)
    ap.add_argument("--sparse-weight", type=float, default=1e-4)
    ap.add_argument("--contractive-weight", type=float, default=1e-2)
    ap.add_argument("--loss", default="mse")
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--shuffle", action="store_true")
    args = ap.parse_args()
    if args.code_dim == 0:
        arch = args.arch if args.model == "denoise" else args.model
        args.code_dim = 196 if arch.startswith("conv") else 20 if arch == "vae" else 32
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
