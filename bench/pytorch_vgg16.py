#!/usr/bin/python3
"""PyTorch baseline for `npm run bench -- engine`: VGG16 + fedcxr's head on CPU, per-image forward and train-step time.

Same network as fedcxr's buildModel: torchvision VGG16 features (13 convs, 5 max-pools), then global average
pooling -> dense 256 relu -> dropout 0.5 -> dense 1 sigmoid; binary cross-entropy; Adam. A train step is
forward + backward + Adam step with the layers below the unfreeze level frozen (requires_grad=False), as a
PyTorch user would write it. Prints one JSON object per level on stdout.
With --precision bf16 the forward (and so the backward) runs under torch.autocast("cpu", dtype=torch.bfloat16),
PyTorch's mixed-precision recipe (fp32 master weights and Adam); the loss is taken in fp32. When the build cannot
run it, prints {"unsupported": reason} instead.
Run with Debian's interpreter: /usr/bin/python3 bench/pytorch_vgg16.py --levels FC,+B5 --threads 2
"""
import argparse
import json
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torchvision

# Index of the first conv of each block in torchvision's vgg16().features (Keras block numbering).
BLOCK_FIRST_CONV = {1: 0, 2: 5, 3: 10, 4: 17, 5: 24}
LEVEL_FIRST_BLOCK = {"FC": 6, "+B5": 5, "+B4": 4, "+B3": 3, "+B2": 2, "+B1": 1}


def build(level):
    features = torchvision.models.vgg16(weights=None).features
    head = nn.Sequential(
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 256), nn.ReLU(inplace=True),
        nn.Dropout(0.5), nn.Linear(256, 1), nn.Sigmoid())
    model = nn.Sequential(features, head)
    first = LEVEL_FIRST_BLOCK[level]
    first_index = BLOCK_FIRST_CONV[first] if first <= 5 else len(features)
    for i, layer in enumerate(features):
        for p in layer.parameters():
            p.requires_grad = i >= first_index
    return model


def bf16_unsupported():
    """None when this PyTorch build runs bf16 autocast on the CPU with native bf16 kernels, else why not."""
    if not hasattr(torch, "autocast"):
        return "torch %s has no torch.autocast" % torch.__version__
    if not torch.backends.mkldnn.is_available():
        return "torch %s was built without oneDNN (mkldnn)" % torch.__version__
    probe = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", None)
    try:
        if probe is not None and not probe():
            return "torch %s: oneDNN reports no bf16 support on this CPU" % torch.__version__
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = nn.Conv2d(3, 8, 3)(torch.randn(1, 3, 8, 8))
        if out.dtype != torch.bfloat16:
            return "torch %s: autocast left the conv in %s" % (torch.__version__, out.dtype)
    except Exception as err:  # noqa: BLE001 - any failure means "cannot run it here"
        return "torch %s: bf16 autocast failed: %s" % (torch.__version__, err)
    return None


def timed(fn, warmup, iters):
    """Wall and process-CPU seconds (all threads) of each timed run after the warm-ups."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(iters):
        c = time.process_time()
        t = time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--levels", default="FC,+B5,+B4,+B1")
    ap.add_argument("--input-size", type=int, default=224)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--iters", type=int, default=3)
    ap.add_argument("--no-forward", action="store_true", help="skip the forward timing (train only)")
    ap.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    args = ap.parse_args()
    bf16 = args.precision == "bf16"
    if bf16:
        why = bf16_unsupported()
        if why is not None:
            print(json.dumps({"unsupported": why}), flush=True)
            return 0

    def run(model, inputs):
        if not bf16:
            return model(inputs)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = model(inputs)
        return out.float()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.randn(args.batch, 3, args.input_size, args.input_size)
    y = torch.tensor([float(i % 2) for i in range(args.batch)]).reshape(args.batch, 1)
    loss_fn = nn.BCELoss()

    for level in args.levels.split(","):
        model = build(level)
        fwd, fwd_cpu = [], []
        if not args.no_forward:
            model.eval()

            def forward():
                with torch.no_grad():
                    run(model, x)

            fwd, fwd_cpu = timed(forward, args.warmup, args.iters)
        model.train()
        opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-4)

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(run(model, x), y)
            loss.backward()
            opt.step()

        train, train_cpu = timed(step, args.warmup, args.iters)
        print(json.dumps({
            "level": level,
            "inputSize": args.input_size,
            "batch": args.batch,
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
            "precision": args.precision,
            "forwardSecPerImage": statistics.median(fwd) / args.batch if fwd else None,
            "trainSecPerImage": statistics.median(train) / args.batch,
            "forwardCpuSecPerImage": statistics.median(fwd_cpu) / args.batch if fwd_cpu else None,
            "trainCpuSecPerImage": statistics.median(train_cpu) / args.batch,
            "forwardSamples": fwd,
            "trainSamples": train,
            "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }), flush=True)
        del model, opt


if __name__ == "__main__":
    sys.exit(main())
