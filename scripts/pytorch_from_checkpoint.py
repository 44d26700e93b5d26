#!/usr/bin/python3
"""Loads an aelab checkpoint's weights into the PyTorch twin of its model and trains it as aelab
would, so the two implementations can be compared from the same starting point.

usage: build/native/src/aelab train --model conv --epochs 0 --seed 1 --out /tmp/c0
       build/native/src/aelab train --model conv --epochs 1 --seed 1 --out /tmp/c1    # aelab's figure
       /usr/bin/python3 scripts/pytorch_from_checkpoint.py --checkpoint /tmp/c0/model.aelab \\
           --model conv --data build/native/data/builtin --epochs 1                  # PyTorch's figure
Parameters are stored in PyTorch's order and layout (see src/checkpoint.h), so they load as is.
Plain models only (no denoise/vae/penalties): those add randomness or terms of their own.
"""
import argparse
import struct

import numpy as np
import torch

import pytorch_reference as ref


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--code-dim", type=int, default=0)
    args = ap.parse_args()
    raw = open(args.checkpoint, "rb").read()
    if raw[:8] != b"AELABCKP":
        raise SystemExit(f"{args.checkpoint}: not an aelab checkpoint")
    text_len = struct.unpack("<I", raw[12:16])[0]
    off = 16 + text_len
    _, _, count = struct.unpack("<qIQ", raw[off:off + 20])
    params = np.frombuffer(raw, dtype="<f4", count=count, offset=off + 20)
    k = args.code_dim or (196 if args.model.startswith("conv") else 32)
    torch.set_num_threads(1)
    model = ref.Autoencoder(args.model, k, 0.0)
    i = 0
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.from_numpy(params[i:i + p.numel()].copy()).reshape(p.shape))
            i += p.numel()
    if i != count:
        raise SystemExit(f"checkpoint has {count} parameters, the PyTorch {args.model} has {i}")
    train, test = ref.load(args.data, "train"), ref.load(args.data, "t10k")
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(args.epochs):
        for j in range(0, len(train), 20):
            x = train[j:j + 20]
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x)[0], x).backward()
            opt.step()
    print(f'{{"system": "pytorch", "model": "{args.model}", "epochs": {args.epochs}, "test_mse": {ref.mse(model, test):.9g}}}')


if __name__ == "__main__":
    main()
