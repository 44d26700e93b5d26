#!/usr/bin/python3
"""aelab's models as PyTorch modules.

    import aelab_torch
    module = aelab_torch.load("model.safetensors")   # written by `aelab export` (or .npz)
    codes = module.encode(images)                    # images: float32 [N, C*H*W] in [0, 1]
    recon = module(images)
    aelab_torch.save(module, "trained.safetensors")  # `aelab import --from trained.safetensors`

The module is built from the layer list in the file's metadata ("aelab.layers", the model's
layers as src/models.cpp builds them), so every zoo model and input shape loads the same way:
`encoder` and `decoder` are nn.Sequential of the layers, and state_dict names and shapes are
those `aelab export` writes (src/model_export.h). Images are flat rows, as in aelab; spatial
layers see them as [N, C, H, W]. The VAE's last encoder layer outputs [mu | logvar]: encode()
returns mu, as `aelab encode` does, and forward() decodes it.

Command line: aelab_torch.py onnx IN.safetensors OUT.onnx (used by `aelab export --format onnx`).
Needs Debian's python3-torch and python3-numpy; ONNX export also python3-onnx. The
safetensors reader and writer are here (json + struct), no safetensors package is needed.
"""
import json
import struct
import sys

import numpy as np
import torch

nn = torch.nn
SPATIAL = ("Conv2d", "ConvTranspose2d", "MaxPool2d", "Upsample")
NPZ_METADATA = "__metadata__."  # src/npz.h: metadata entries are u1 arrays of UTF-8 text


def read_safetensors(path):
    """-> ({name: float32 array}, {key: str}); only F32 tensors, as aelab writes."""
    raw = open(path, "rb").read()
    n, = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = memoryview(raw)[8 + n:]
    tensors = {}
    for name, t in header.items():
        if t["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {t['dtype']}, expected F32")
        begin, end = t["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(t["shape"]).copy()
    return tensors, meta


def write_safetensors(path, tensors, meta):
    header, offset = {"__metadata__": meta}, 0
    for name, a in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for a in tensors.values():
            f.write(np.ascontiguousarray(a, dtype="<f4").tobytes())


def read_weights(path):
    if path.endswith(".npz"):
        z = np.load(path)
        meta = {k[len(NPZ_METADATA):]: bytes(z[k]).decode() for k in z.files if k.startswith(NPZ_METADATA)}
        return {k: z[k] for k in z.files if not k.startswith(NPZ_METADATA)}, meta
    return read_safetensors(path)


def write_weights(path, tensors, meta):
    if path.endswith(".npz"):
        extra = {NPZ_METADATA + k: np.frombuffer(v.encode(), dtype=np.uint8) for k, v in meta.items()}
        np.savez(path, **tensors, **extra)
    else:
        write_safetensors(path, tensors, meta)


def make_layer(s):
    kind = s["kind"]
    if kind == "Linear":
        return nn.Linear(s["in"], s["out"])
    if kind == "Conv2d":
        return nn.Conv2d(s["c"], s["c_out"], s["k"], s["stride"], s["pad"])
    if kind == "ConvTranspose2d":
        return nn.ConvTranspose2d(s["c"], s["c_out"], s["k"], s["stride"], s["pad"])
    if kind == "MaxPool2d":
        return nn.MaxPool2d(s["k"])
    if kind == "Upsample":
        return nn.Upsample(scale_factor=s["k"], mode="nearest")
    if kind == "LeakyReLU":
        return nn.LeakyReLU(0.01)
    return getattr(nn, kind)()  # ReLU, Sigmoid, Tanh


class AelabModule(nn.Module):
    """An aelab model: encoder and decoder layer stacks over flat [N, C*H*W] rows."""

    def __init__(self, meta):
        super().__init__()
        self.meta = {k: meta[k] for k in ("format", "aelab.config", "aelab.layers", "aelab.encoder_end")}
        layers, end = json.loads(meta["aelab.layers"]), int(meta["aelab.encoder_end"])
        self.encoder_specs, self.decoder_specs = layers[:end], layers[end:]
        self.encoder = nn.Sequential(*map(make_layer, self.encoder_specs))
        self.decoder = nn.Sequential(*map(make_layer, self.decoder_specs))
        self.code = layers[end]["in"]  # the VAE's encoder outputs 2 x code: [mu | logvar]

    @staticmethod
    def _run(modules, specs, x):
        for m, s in zip(modules, specs):
            if s["kind"] in SPATIAL:
                x = x.reshape(-1, s["c"], s["h"], s["w"])
            x = m(x).reshape(-1, s["out"])  # -1, not len(x): ONNX keeps the batch size free
        return x

    def encode(self, x):
        return self._run(self.encoder, self.encoder_specs, x)[:, :self.code]

    def decode(self, z):
        return self._run(self.decoder, self.decoder_specs, z)

    def forward(self, x):
        return self.decode(self.encode(x))


def load(path):
    """The module of an `aelab export` file (.safetensors or .npz), weights loaded."""
    tensors, meta = read_weights(path)
    module = AelabModule(meta)
    module.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in tensors.items()})
    return module


def save(module, path):
    """Writes the module's state_dict and aelab metadata (.safetensors or .npz) for `aelab import`."""
    tensors = {k: v.detach().cpu().float().numpy() for k, v in module.state_dict().items()}
    write_weights(path, tensors, module.meta)


def export_onnx(src, out):
    module = load(src).eval()
    d = module.encoder_specs[0]["in"]
    torch.onnx.export(module, torch.zeros(1, d), out, input_names=["image"], output_names=["reconstruction"],
                      dynamic_axes={"image": {0: "batch"}, "reconstruction": {0: "batch"}}, opset_version=13)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "onnx":
        sys.exit("usage: aelab_torch.py onnx IN.safetensors OUT.onnx")
    export_onnx(sys.argv[2], sys.argv[3])
