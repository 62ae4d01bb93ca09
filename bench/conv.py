"""The convolution part of the benchmark (``conv.json``): chapter 7.

What is measured:

- one epoch of the digits CNN as a learner runs it (``CNN``: the
  chapter's network, Reshape to 1 x 8 x 8, Conv2D(1, 8, 3, padding=1),
  ReLU, MaxPool2D(2), Flatten, Dense(128, 10), cross-entropy; batches of
  32 on the digits' training split): the cost ``J`` over the 1,079
  training images, 34 steps, ``J`` again. Ours is ``gradient_descent``
  for one epoch; PyTorch's (when torch can be imported) is a plain loop
  with ``conv2d``, ``max_pool2d`` and ``linear`` in float64, on the same
  batches in the same order from the same parameters. Every timed call
  goes on from where the last one left the parameters;
- the same network trained to the end (``CNN["epochs"]``), ours, with
  its test accuracy beside the time. The settings are chapter 5's for
  its dense network (learning rate 0.3, batches of 32, 60 epochs):
  what changes is the convolution;
- one convolution, forward and backward, at the chapter's shapes
  (``CONV``: a batch of 32 images 1 x 8 x 8, 8 kernels 3 x 3, padding
  1): the layer as training runs it (``Conv2D``'s forward and backward
  on checked arrays, the input gradient included), the functions the
  chapter shows (``conv2d`` and ``conv2d_backward``, which check their
  arguments and compute the im2col matrix again), and
  ``torch.nn.functional.conv2d`` with autograd's backward (float64, on
  the CPU). Each side reports the relative error of ``Z``, ``dX``,
  ``dK`` and ``db`` against the package's.

No target is set: the numbers say where the package stands, numpy
against a library written for this.
"""

import json
import os
import time
from pathlib import Path

from common import (alternated, fmt, machine_info, progress, report_head,
                    run_worker, summarise, time_batches, torch_epoch)

CNN = {"layers": "Conv2D(1, 8, 3, padding=1), ReLU, MaxPool2D(2), "
                 "Dense(128, 10)",
       "loss": "cross_entropy", "eta": 0.3, "batch": 32, "epochs": 60,
       "seed": 0, "split_seed": 0}
CONV = {"m": 32, "C_in": 1, "C_out": 8, "H": 8, "W": 8, "k": 3,
        "padding": 1, "stride": 1}


def digits_cnn(seed):
    """The chapter's CNN, its weights drawn from one seeded generator."""
    import numpy as np
    from backprop_utils import (Activation, Conv2D, Dense, Flatten,
                                MaxPool2D, Reshape, Sequential)
    rng = np.random.default_rng(seed)
    return Sequential([Reshape((1, 8, 8)),
                       Conv2D(1, 8, 3, padding=1, seed=rng),
                       Activation("relu"), MaxPool2D(2), Flatten(),
                       Dense(128, 10, seed=rng)], CNN["loss"])


def conv_problem():
    import numpy as np
    c = CONV
    rng = np.random.default_rng(0)
    X = rng.standard_normal((c["m"], c["C_in"], c["H"], c["W"]))
    K = rng.standard_normal((c["C_out"], c["C_in"], c["k"], c["k"]))
    b = rng.standard_normal(c["C_out"])
    Ho = (c["H"] + 2 * c["padding"] - c["k"]) // c["stride"] + 1
    dZ = rng.standard_normal((c["m"], c["C_out"], Ho, Ho))
    return X, K, b, dZ


# -- workers: each runs in its own process -----------------------------------

def worker(spec):
    side = spec["side"]
    if side.startswith("epoch_"):
        return epoch_worker(side, spec["batch_seconds"], spec["batches"])
    if side == "train_ours":
        return train_worker()
    if side.startswith("conv_"):
        return conv_worker(side, spec["batch_seconds"], spec["batches"])
    raise ValueError(f"unknown side {side!r}")


def train_worker():
    from backprop_utils import accuracy, digits, gradient_descent
    d = digits(seed=CNN["split_seed"])
    model = digits_cnn(CNN["seed"])
    t0 = time.perf_counter()
    history = gradient_descent(model, d.train.X, d.train.Y, CNN["eta"],
                               CNN["epochs"], batch_size=CNN["batch"],
                               seed=0)
    seconds = time.perf_counter() - t0
    return {"side": "train_ours", "seconds": seconds,
            "test_accuracy": accuracy(model.predict(d.test.X),
                                      d.test.labels),
            "final_cost": float(history.cost[-1]), "pid": os.getpid()}


def epoch_worker(side, bs, nb):
    """One epoch (``CNN``), the whole-set costs included, per call."""
    import numpy as np
    from backprop_utils import digits, gradient_descent
    d = digits(seed=CNN["split_seed"])
    X, Y = d.train.X, d.train.Y
    m, B, eta = d.train.m, CNN["batch"], CNN["eta"]
    model = digits_cnn(CNN["seed"])
    first = model.copy()
    out = {"side": side, "pid": os.getpid()}
    if side == "epoch_ours":
        def epoch():
            return gradient_descent(model, X, Y, eta, 1, batch_size=B,
                                    seed=0).cost
    elif side == "epoch_torch":
        import torch
        import torch.nn.functional as F
        out["torch_threads"] = torch.get_num_threads()
        conv, dense = model.layers[1], model.layers[5]
        params = [torch.tensor(p, requires_grad=True) for p in (
            conv.params["K"], conv.params["b"], dense.params["W"],
            dense.params["b"])]
        K, bK, W, bW = params
        Xt = torch.from_numpy(X).reshape(m, 1, 8, 8)
        labels = torch.from_numpy(d.train.labels)
        opt = torch.optim.SGD(params, lr=eta)

        def J(A, target):
            A = F.max_pool2d(torch.relu(F.conv2d(A, K, bK, padding=1)), 2)
            return F.cross_entropy(F.linear(A.flatten(1), W, bW), target)

        epoch = torch_epoch(J, Xt, labels, B, opt, 0)
    else:
        raise ValueError(f"unknown side {side!r}")
    # the costs of a first epoch against the package's from the same
    # start: both sides computed the same thing
    ref = gradient_descent(first, X, Y, eta, 1, batch_size=B, seed=0).cost
    got = np.array(epoch(), dtype=float)
    out["cost_rel_error"] = float(np.abs(got - ref).max() / np.abs(ref).max())
    out["times"] = time_batches({"epoch": epoch}, bs, nb)
    return out


def conv_worker(side, bs, nb):
    """One convolution forward and backward at ``CONV``'s shapes."""
    import numpy as np
    from backprop_utils import Conv2D, conv2d, conv2d_backward
    c = CONV
    X, K, b, dZ = conv_problem()
    s, p = c["stride"], c["padding"]
    out = {"side": side, "pid": os.getpid()}
    if side == "conv_layer":
        layer = Conv2D(c["C_in"], c["C_out"], c["k"], stride=s, padding=p)
        layer.params = {"K": K.copy(), "b": b.copy()}

        def fn():
            Z, cache = layer._forward(X)
            dX, g = layer._backward(dZ, cache)
            return Z, dX, g["K"], g["b"]
    elif side == "conv_functions":
        def fn():
            Z = conv2d(X, K, b, stride=s, padding=p)
            return (Z,) + conv2d_backward(dZ, X, K, stride=s, padding=p)
    elif side == "conv_torch":
        import torch
        import torch.nn.functional as F
        out["torch_threads"] = torch.get_num_threads()
        Xt = torch.tensor(X, requires_grad=True)
        Kt = torch.tensor(K, requires_grad=True)
        bt = torch.tensor(b, requires_grad=True)
        dZt = torch.from_numpy(dZ)

        def fn():
            Z = F.conv2d(Xt, Kt, bt, stride=s, padding=p)
            dX, dK, db = torch.autograd.grad(Z, (Xt, Kt, bt), dZt)
            return Z, dX, dK, db
    else:
        raise ValueError(f"unknown side {side!r}")
    got = [np.asarray(v.detach() if hasattr(v, "detach") else v)
           for v in fn()]
    want = [conv2d(X, K, b, stride=s, padding=p)] + list(
        conv2d_backward(dZ, X, K, stride=s, padding=p))
    out["rel_error"] = max(
        float(np.linalg.norm(g - w) / np.linalg.norm(w))
        for g, w in zip(got, want))
    out["times"] = time_batches({"conv": fn}, bs, nb)
    return out


# -- the runs and the table ---------------------------------------------------

NAMES = {"epoch_ours": "backprop_utils", "epoch_torch": "PyTorch",
         "train_ours": "backprop_utils", "conv_layer": "Conv2D layer",
         "conv_functions": "conv2d functions", "conv_torch": "PyTorch"}


def measure_conv(args, with_torch, env=None):
    spec0 = {"part": "conv", "batch_seconds": args.batch_seconds,
             "batches": args.batches}
    result = {"cnn": CNN, "conv_shapes": CONV, "epoch": {}, "train": {},
              "conv": {}}
    sides = ["epoch_ours"] + (["epoch_torch"] if with_torch else [])
    runs = {s: [] for s in sides}
    for r, side in alternated(sides, args.repeats):
        progress(f"[conv] digits CNN epoch repeat {r + 1}/{args.repeats}: "
                 f"{side}")
        runs[side].append(run_worker(dict(spec0, side=side), env))
    for side, rs in runs.items():
        result["epoch"][side] = dict(
            summarise(rs)["epoch"], cost_rel_error=rs[0]["cost_rel_error"],
            **({"torch_threads": rs[0]["torch_threads"]}
               if "torch_threads" in rs[0] else {}))
    rs = []
    for r in range(max(1, args.repeats // 2)):
        progress(f"[conv] digits CNN trained, {CNN['epochs']} epochs, "
                 f"repeat {r + 1}: train_ours")
        rs.append(run_worker(dict(spec0, side="train_ours"), env))
    ts = [x["seconds"] for x in rs]
    result["train"]["train_ours"] = {
        "best": min(ts), "processes": len(rs),
        "per_epoch_best": min(ts) / CNN["epochs"],
        "test_accuracy": sorted({x["test_accuracy"] for x in rs}),
        "final_cost": rs[0]["final_cost"]}
    sides = ["conv_layer", "conv_functions"] + (
        ["conv_torch"] if with_torch else [])
    runs = {s: [] for s in sides}
    for r, side in alternated(sides, args.repeats):
        progress(f"[conv] conv2d forward + backward repeat {r + 1}/"
                 f"{args.repeats}: {side}")
        runs[side].append(run_worker(dict(spec0, side=side), env))
    for side, rs in runs.items():
        result["conv"][side] = dict(summarise(rs)["conv"],
                                    rel_error=rs[0]["rel_error"])
    return result


def ratios_of(result):
    out = {}
    ep = result["epoch"]
    if "epoch_torch" in ep:
        out["epoch_torch_over_ours"] = (ep["epoch_torch"]["best"]
                                        / ep["epoch_ours"]["best"])
    cv = result["conv"]
    for side in cv:
        if side != "conv_layer":
            out[f"{side}_over_layer"] = (cv[side]["best"]
                                         / cv["conv_layer"]["best"])
    return out


def conv_table(result):
    cnn, c = result["cnn"], result["conv_shapes"]
    lines = [f"the digits CNN: {cnn['layers']}",
             f"one epoch: J over 1079 images, 34 steps of {cnn['batch']}, "
             f"J again; eta {cnn['eta']}",
             f"{'side':20s} {'best':>11s} {'median':>11s}  {'vs ours':>8s}"
             f"  {'cost rel. err.':>14s}"]
    ep = result["epoch"]
    for side, e in ep.items():
        lines.append(f"{NAMES[side]:20s} {fmt(e['best'])} "
                     f"{fmt(e['median'])}  "
                     f"{e['best'] / ep['epoch_ours']['best']:7.2f}x  "
                     f"{e['cost_rel_error']:14.1e}")
    tr = result["train"]["train_ours"]
    acc = ", ".join(f"{a:.2%}" for a in tr["test_accuracy"])
    lines.append(f"trained, {cnn['epochs']} epochs: {fmt(tr['best'])} "
                 f"({fmt(tr['per_epoch_best']).strip()} an epoch), test "
                 f"{acc}")
    lines.append(f"one conv2d forward + backward: m = {c['m']}, "
                 f"{c['C_in']} -> {c['C_out']} channels, {c['H']}x{c['W']},"
                 f" {c['k']}x{c['k']}, padding {c['padding']}")
    lines.append(f"{'side':20s} {'best':>11s} {'median':>11s}  "
                 f"{'vs layer':>8s}  {'rel. error':>10s}")
    cv = result["conv"]
    for side, e in cv.items():
        lines.append(f"{NAMES[side]:20s} {fmt(e['best'])} "
                     f"{fmt(e['median'])}  "
                     f"{e['best'] / cv['conv_layer']['best']:7.2f}x  "
                     f"{e['rel_error']:10.1e}")
    return "\n".join(lines)


def run_part(args, shapes, with_torch, out):
    """Measure, print the table, write ``out``. (``shapes``, the dense
    networks of the other parts, are not used here.)"""
    started = time.time()
    info = machine_info(with_torch)
    result = measure_conv(args, with_torch)
    text = conv_table(result)
    report = dict(report_head(args, info), conv=result,
                  ratios=ratios_of(result),
                  seconds_taken=round(time.time() - started, 1), table=text)
    Path(out).write_text(json.dumps(report, indent=1) + "\n")
    print(text)
    if not with_torch:
        print("PyTorch: not measured (this interpreter has no torch; see "
              "bench/README.md)")
    print(f"written to {out}")
