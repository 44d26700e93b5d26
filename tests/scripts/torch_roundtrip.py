#!/usr/bin/python3
"""The PyTorch side of tests/scripts/test_torch_roundtrip.sh (Debian's python3-torch, -numpy, -onnx).

  torch_roundtrip.py subset SRC DST N        the first N train and test images of an MNIST dir
  torch_roundtrip.py check DIR DATA          DIR/model.safetensors (aelab export) loaded by
      python/aelab_torch.py must give DIR/codes.npy and DIR/recon.npy (aelab encode) to 1e-5,
      DIR/model.npz (aelab export --format npz) the same weights,
      and DIR/model.onnx must pass onnx.checker; then a few Adam steps in PyTorch, saved as
      DIR/torch.safetensors and DIR/torch.npz, with their test MSE in DIR/torch_mse.txt
  torch_roundtrip.py mse DIR...              each DIR/eval-*.json's test_mse (aelab eval of the
      imports) vs PyTorch's, 1e-6 relative
Each check prints one JSON line per directory of what it measured and exits 1 beyond a bound.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))
import aelab_torch  # noqa: E402

CODE_TOL, RECON_TOL, MSE_REL_TOL = 1e-5, 1e-5, 1e-6


def read_idx(path):
    raw = open(path, "rb").read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return raw[:4 + 4 * ndim], np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def test_images(data):
    _, x = read_idx(os.path.join(data, "t10k-images-idx3-ubyte"))
    return torch.from_numpy(x.reshape(len(x), -1).astype(np.float32) / 255.0)


def subset(src, dst, n):
    os.makedirs(dst, exist_ok=True)
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                 "t10k-labels-idx1-ubyte"):
        _, a = read_idx(os.path.join(src, name))
        a = a[:n]
        magic = 0x803 if a.ndim == 3 else 0x801
        with open(os.path.join(dst, name), "wb") as f:
            f.write(struct.pack(">I" + "I" * a.ndim, magic, *a.shape) + a.tobytes())


def mse(module, x):
    with torch.no_grad():
        return float(((module(x).double() - x.double()) ** 2).mean())


def check(d, data):
    import onnx
    onnx.checker.check_model(onnx.load(os.path.join(d, "model.onnx")))
    module = aelab_torch.load(os.path.join(d, "model.safetensors")).eval()
    from_npz = aelab_torch.load(os.path.join(d, "model.npz")).state_dict()
    same_npz = all(torch.equal(v, from_npz[k]) for k, v in module.state_dict().items())
    x = test_images(data)
    with torch.no_grad():
        codes, recon = module.encode(x).numpy(), module(x).numpy()
    want_codes, want_recon = np.load(os.path.join(d, "codes.npy")), np.load(os.path.join(d, "recon.npy"))
    code_err = float(np.abs(codes - want_codes).max())
    recon_err = float(np.abs(recon - want_recon).max())
    # Training in PyTorch moves every weight, so the import below carries weights aelab never had.
    module.train()
    torch.manual_seed(1)
    opt = torch.optim.Adam(module.parameters(), lr=1e-3)
    for i in range(0, 200, 20):
        opt.zero_grad()
        torch.nn.functional.mse_loss(module(x[i:i + 20]), x[i:i + 20]).backward()
        opt.step()
    module.eval()
    aelab_torch.save(module, os.path.join(d, "torch.safetensors"))
    aelab_torch.save(module, os.path.join(d, "torch.npz"))
    open(os.path.join(d, "torch_mse.txt"), "w").write(repr(mse(module, x)))
    print(json.dumps({"dir": d, "onnx_checker": "ok", "npz_equals_safetensors": same_npz, "codes_max_abs": code_err,
                      "recon_max_abs": recon_err}))
    return same_npz and code_err <= CODE_TOL and recon_err <= RECON_TOL and codes.shape == want_codes.shape


def compare_mse(*dirs):
    ok = True
    for d in dirs:
        want = float(open(os.path.join(d, "torch_mse.txt")).read())
        for ext in ("safetensors", "npz"):
            got = json.load(open(os.path.join(d, f"eval-{ext}.json")))["test_mse"]
            rel = abs(got - want) / want
            print(json.dumps({"dir": d, "from": ext, "torch_mse": want, "aelab_mse": got, "rel_err": rel}))
            ok = ok and rel <= MSE_REL_TOL
    return ok


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "subset":
        subset(args[0], args[1], int(args[2]))
        ok = True
    else:
        ok = {"check": check, "mse": compare_mse}[cmd](*args)
    sys.exit(0 if ok else 1)
