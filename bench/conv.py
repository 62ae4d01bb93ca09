"""The convolution part of the benchmark (``conv.json``): chapter 7.

Two networks, both exactly as chapter 7 builds them (``cnn(n)``:
Reshape to 1 x 8 x 8, Conv2D(1, n, 3, padding=1, seed=0), ReLU,
MaxPool2D(2), Flatten, Dense(16 n, 10, seed=100), cross-entropy), on the
digits' split ``digits()`` (seed 0), batches of 32 (``CNNS``):

- ``cnn32``, the chapter's final network: 32 filters, trained on the
  1,079 training images followed by their four one-pixel shifted copies
  (``shifted_copies``: 5,395 images), learning rate 0.1, 30 epochs;
- ``cnn8``, the chapter's first try: 8 filters on the 1,079 training
  images with chapter 5's settings (learning rate 0.3, 60 epochs).

What is measured, for each network:

- one epoch as a learner runs it: the cost ``J`` over the training
  images, one step per batch, ``J`` again. Ours is ``gradient_descent``
  for one epoch; PyTorch's (when torch can be imported) is a plain loop
  with ``conv2d``, ``max_pool2d`` and ``linear`` in float64, on the same
  batches in the same order from the same parameters, whose costs are
  checked against ours. Every timed call goes on from where the last one
  left the parameters;
- where our epoch's time goes (``breakdown``): the layers' ``_forward``
  and ``_backward``, im2col and col2im, the softmax and loss, the whole-set
  cost and the loop around them, each timed with ``time.perf_counter``
  (its own time, what it calls excluded) over one epoch, the least
  disturbed of several;
- the network trained to the end (``epochs``), ours, with its test
  accuracy beside the accuracy chapter 7 prints for the same run;
- one convolution, forward and backward, at the network's shapes
  (``CONVS``: a batch of 32 images 1 x 8 x 8, n kernels 3 x 3, padding
  1): the layer as training runs it (``Conv2D``'s forward and backward
  on checked arrays, the input gradient included), the functions the
  chapter shows (``conv2d`` and ``conv2d_backward``, which check their
  arguments and compute the im2col matrix again), and
  ``torch.nn.functional.conv2d`` with autograd's backward (float64, on
  the CPU). Each side reports the relative error of ``Z``, ``dX``,
  ``dK`` and ``db`` against the package's.

Targets (``CONV_TARGETS``, from the issue): the package within 3 times
PyTorch's time at these shapes, and an epoch of the final network under
a second on the 2-core machine.
"""

import json
import os
import time
from pathlib import Path

from common import (alternated, dispatch, fmt, layer_part_ratios,
                    machine_info, print_targets, progress, report_head,
                    run_worker, summarise, targets_of, time_batches,
                    torch_epoch, train_once)

CNNS = {
    "cnn32": {"name": "32 filters, shifted copies (the chapter's final "
                      "network)",
              "layers": "Conv2D(1, 32, 3, padding=1, seed=0), ReLU, "
                        "MaxPool2D(2), Dense(512, 10, seed=100)",
              "filters": 32, "data": "shifted_copies(train.X, train.Y)",
              "shifted": True, "loss": "cross_entropy", "eta": 0.1,
              "batch": 32, "epochs": 30, "seed": 0, "split_seed": 0,
              "chapter_test_accuracy": 0.9805},
    "cnn8": {"name": "8 filters (the chapter's first try)",
             "layers": "Conv2D(1, 8, 3, padding=1, seed=0), ReLU, "
                       "MaxPool2D(2), Dense(128, 10, seed=100)",
             "filters": 8, "data": "train.X, train.Y", "shifted": False,
             "loss": "cross_entropy", "eta": 0.3, "batch": 32,
             "epochs": 60, "seed": 0, "split_seed": 0,
             "chapter_test_accuracy": 0.9526},
}
CONVS = {key: {"m": 32, "C_in": 1, "C_out": cnn["filters"], "H": 8,
               "W": 8, "k": 3, "padding": 1, "stride": 1}
         for key, cnn in CNNS.items()}
BREAKDOWN_EPOCHS = 3           # timed epochs per process, after a warm-up


def cnn(key):
    """The chapter's ``cnn(n)``: the layers seeded with 0 and 100."""
    from backprop_utils import (Activation, Conv2D, Dense, Flatten,
                                MaxPool2D, Reshape, Sequential)
    n, seed = CNNS[key]["filters"], CNNS[key]["seed"]
    return Sequential([Reshape((1, 8, 8)),
                       Conv2D(1, n, 3, padding=1, seed=seed),
                       Activation("relu"), MaxPool2D(2), Flatten(),
                       Dense(16 * n, 10, seed=seed + 100)],
                      CNNS[key]["loss"])


def training_set(key):
    """``(X, Y, labels, test)`` the network trains on, and the test set."""
    import numpy as np
    from backprop_utils import digits, shifted_copies
    d = digits(seed=CNNS[key]["split_seed"])
    X, Y = d.train.X, d.train.Y
    if CNNS[key]["shifted"]:
        X, Y = shifted_copies(X, Y)
    return X, Y, np.argmax(Y, axis=1), d.test


def conv_problem(c):
    import numpy as np
    rng = np.random.default_rng(0)
    X = rng.standard_normal((c["m"], c["C_in"], c["H"], c["W"]))
    K = rng.standard_normal((c["C_out"], c["C_in"], c["k"], c["k"]))
    b = rng.standard_normal(c["C_out"])
    Ho = (c["H"] + 2 * c["padding"] - c["k"]) // c["stride"] + 1
    dZ = rng.standard_normal((c["m"], c["C_out"], Ho, Ho))
    return X, K, b, dZ


# -- workers: each runs in its own process -----------------------------------

def worker(spec):
    return dispatch(spec, epoch=epoch_worker, train=train_worker,
                    breakdown=breakdown_worker, layer_prefix="conv_",
                    layer=conv_worker)


def train_worker(key):
    X, Y, _, test = training_set(key)
    return train_once(cnn(key), X, Y, test, CNNS[key])


def epoch_worker(side, key, bs, nb):
    """One epoch (``CNNS[key]``), the whole-set costs included, per call."""
    import numpy as np
    from backprop_utils import gradient_descent
    cfg = CNNS[key]
    X, Y, labels, _ = training_set(key)
    m, B, eta = X.shape[0], cfg["batch"], cfg["eta"]
    model = cnn(key)
    first = model.copy()
    out = {"side": side, "pid": os.getpid()}
    if side == "epoch_ours":
        import backprop_utils.training as training

        def epoch():
            return gradient_descent(model, X, Y, eta, 1, batch_size=B,
                                    seed=0).cost

        def cost():
            # as the epoch computes it: its BLAS threads, no checks
            with training._sequential_blas_threads(model, X.shape, B):
                return training._sequential_cost(model, X, Y)
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
        opt = torch.optim.SGD(params, lr=eta)

        def J(A, target):
            A = F.max_pool2d(torch.relu(F.conv2d(A, K, bK, padding=1)), 2)
            return F.cross_entropy(F.linear(A.flatten(1), W, bW), target)

        T = torch.from_numpy(labels)
        epoch = torch_epoch(J, Xt, T, B, opt, 0)

        def cost():
            with torch.no_grad():
                return J(Xt, T).item()
    else:
        raise ValueError(f"unknown side {side!r}")
    # the costs of a first epoch against the package's from the same
    # start: both sides computed the same thing
    ref = gradient_descent(first, X, Y, eta, 1, batch_size=B, seed=0).cost
    got = np.array(epoch(), dtype=float)
    out["cost_rel_error"] = float(np.abs(got - ref).max() / np.abs(ref).max())
    out["times"] = time_batches({"epoch": epoch, "cost": cost}, bs, nb)
    return out


# what the breakdown times, in the order of the table: (key, what, the
# same in a word, for the parts of the whole-set cost)
PARTS_OF_EPOCH = [
    ("im2col", "im2col: the windows copied (conv forward)", "im2col"),
    ("conv_forward", "conv forward: cols @ K^T, + b, layout",
     "conv forward"),
    ("col2im", "col2im (conv backward's dX)", "col2im"),
    ("conv_backward", "conv backward: dK = dZ^T cols, db", ""),
    ("relu_forward", "ReLU forward", "ReLU"),
    ("relu_backward", "ReLU backward", ""),
    ("pool_forward", "max pool forward", "max pool"),
    ("pool_backward", "max pool backward", ""),
    ("dense_forward", "dense forward: A W^T + b", "dense"),
    ("dense_backward", "dense backward: dW, db, dA", ""),
    ("reshape", "Reshape and Flatten, both ways", "Reshape, Flatten"),
    ("softmax_delta", "softmax, delta = a - y", ""),
    ("batch_losses", "cross-entropy of each batch", "cross-entropy"),
    ("sequential", "Sequential._backward's own (grads / m)", ""),
    ("whole_set_cost", "J over all training images, twice", ""),
    ("loop", "the loop: shuffle, slices, update, checks", ""),
]


class SelfTimes:
    """Each wrapped function's own time (``time.perf_counter``), what it
    calls that is wrapped too excluded, and its number of calls. What a
    function wrapped with a ``scope`` calls is counted under
    ``"scope/key"``, apart from the same function called elsewhere."""

    def __init__(self):
        self.seconds, self.calls, self.stack = {}, {}, []

    def wrap(self, key, fn, scope=None):
        def timed(*args, **kwargs):
            name = key
            for frame in reversed(self.stack):
                if frame[3]:
                    name = f"{frame[3]}/{key}"
                    break
            frame = [name, time.perf_counter(), 0.0, scope]
            self.stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self.stack.pop()
                t = time.perf_counter() - frame[1]
                self.seconds[name] = (self.seconds.get(name, 0.0)
                                      + t - frame[2])
                self.calls[name] = self.calls.get(name, 0) + 1
                if self.stack:
                    self.stack[-1][2] += t
        return timed

    def reset(self):
        self.seconds, self.calls = {}, {}


def breakdown_worker(key):
    """Where one epoch of ours goes (``PARTS_OF_EPOCH``): the least
    disturbed of ``BREAKDOWN_EPOCHS`` epochs, after one to warm up."""
    import backprop_utils.convolution as convolution
    import backprop_utils.training as training
    from backprop_utils import (Activation, Conv2D, Dense, MaxPool2D,
                                gradient_descent)
    cfg = CNNS[key]
    X, Y, _, _ = training_set(key)
    model = cnn(key)
    clock = SelfTimes()
    convolution._im2col = clock.wrap("im2col", convolution._im2col)
    convolution._col2im = clock.wrap("col2im", convolution._col2im)
    training._sequential_cost = clock.wrap(
        "whole_set_cost", training._sequential_cost,
        scope="whole_set_cost")
    names = {Conv2D: "conv", Activation: "relu", MaxPool2D: "pool",
             Dense: "dense"}
    for layer in model.layers:
        name = names.get(type(layer))
        layer._forward = clock.wrap(
            f"{name}_forward" if name else "reshape", layer._forward)
        layer._backward = clock.wrap(
            f"{name}_backward" if name else "reshape", layer._backward)
    model._output_delta = clock.wrap("softmax_delta", model._output_delta)
    model._losses = clock.wrap("batch_losses", model._losses)
    model._backward = clock.wrap("sequential", model._backward)
    epochs = []
    for _ in range(1 + BREAKDOWN_EPOCHS):
        clock.reset()
        t0 = time.perf_counter()
        gradient_descent(model, X, Y, cfg["eta"], 1,
                         batch_size=cfg["batch"], seed=0)
        total = time.perf_counter() - t0
        seconds = dict(clock.seconds)
        seconds["loop"] = total - sum(clock.seconds.values())
        epochs.append({"total": total, "seconds": seconds,
                       "calls": dict(clock.calls)})
    best = min(epochs[1:], key=lambda e: e["total"])
    largest = model._largest_product((cfg["batch"],) + X.shape[1:])
    return dict(best, side="breakdown_ours", pid=os.getpid(),
                images=X.shape[0],
                largest_product=largest,
                one_blas_thread=largest < training.ONE_THREAD_BELOW)


def conv_worker(side, key, bs, nb):
    """One convolution forward and backward at ``CONVS[key]``'s shapes."""
    import numpy as np
    from backprop_utils import Conv2D, conv2d, conv2d_backward
    c = CONVS[key]
    X, K, b, dZ = conv_problem(c)
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


def measure_network(key, args, with_torch, spec0, env):
    """The epoch (both sides), the breakdown and the training of one
    network."""
    cfg = CNNS[key]
    spec0 = dict(spec0, net=key)
    sides = ["epoch_ours"] + (["epoch_torch"] if with_torch else [])
    runs = {s: [] for s in sides}
    for r, side in alternated(sides, args.repeats):
        progress(f"[conv] {key} epoch repeat {r + 1}/{args.repeats}: "
                 f"{side}")
        runs[side].append(run_worker(dict(spec0, side=side), env))
    epoch, cost = {}, {}
    for side, rs in runs.items():
        epoch[side] = dict(
            summarise(rs)["epoch"], cost_rel_error=rs[0]["cost_rel_error"],
            **({"torch_threads": rs[0]["torch_threads"]}
               if "torch_threads" in rs[0] else {}))
        cost[side] = summarise(rs)["cost"]
    rs = []
    for r in range(max(1, args.repeats // 2)):
        progress(f"[conv] {key} epoch, where the time goes, process "
                 f"{r + 1}: breakdown_ours")
        rs.append(run_worker(dict(spec0, side="breakdown_ours"), env))
    best = min(rs, key=lambda x: x["total"])
    breakdown = {k: best[k] for k in ("images", "total", "seconds",
                                      "calls", "largest_product",
                                      "one_blas_thread")}
    breakdown.update(processes=len(rs), epochs_per_process=BREAKDOWN_EPOCHS,
                     share={k: v / best["total"]
                            for k, v in best["seconds"].items()},
                     parts={k: what for k, what, _ in PARTS_OF_EPOCH})
    rs = []
    for r in range(max(1, args.repeats // 2)):
        progress(f"[conv] {key} trained, {cfg['epochs']} epochs, "
                 f"repeat {r + 1}: train_ours")
        rs.append(run_worker(dict(spec0, side="train_ours"), env))
    ts = [x["seconds"] for x in rs]
    train = {"best": min(ts), "processes": len(rs),
             "per_epoch_best": min(ts) / cfg["epochs"],
             "test_accuracy": sorted({x["test_accuracy"] for x in rs}),
             "final_cost": rs[0]["final_cost"]}
    return epoch, cost, breakdown, {"train_ours": train}


def measure_conv(args, with_torch, env=None):
    spec0 = {"part": "conv", "batch_seconds": args.batch_seconds,
             "batches": args.batches}
    result = {"cnn": CNNS, "conv_shapes": CONVS, "epoch": {},
              "whole_set_cost": {}, "breakdown": {}, "train": {},
              "conv": {}}
    for key in CNNS:
        (result["epoch"][key], result["whole_set_cost"][key],
         result["breakdown"][key], result["train"][key]) = measure_network(
             key, args, with_torch, spec0, env)
    for key in CONVS:
        sides = ["conv_layer", "conv_functions"] + (
            ["conv_torch"] if with_torch else [])
        runs = {s: [] for s in sides}
        for r, side in alternated(sides, args.repeats):
            progress(f"[conv] conv2d forward + backward, {key}'s shapes, "
                     f"repeat {r + 1}/{args.repeats}: {side}")
            runs[side].append(run_worker(dict(spec0, side=side, net=key),
                                         env))
        result["conv"][key] = {
            side: dict(summarise(rs)["conv"], rel_error=rs[0]["rel_error"])
            for side, rs in runs.items()}
    return result


CONV_TARGETS = {
    # name: (the ratio, bound, +1 for "at least" or -1 for "at most");
    # within 3 times PyTorch's time is a ratio torch / ours of 1/3
    "torch_over_ours_epoch_cnn32 >= 1/3": (
        "epoch_torch_over_ours_cnn32", 1 / 3, 1),
    "torch_over_ours_epoch_cnn8 >= 1/3": (
        "epoch_torch_over_ours_cnn8", 1 / 3, 1),
    "torch_over_layer_conv_cnn32 >= 1/3": (
        "conv_torch_over_layer_cnn32", 1 / 3, 1),
    "torch_over_layer_conv_cnn8 >= 1/3": (
        "conv_torch_over_layer_cnn8", 1 / 3, 1),
    "epoch_seconds_ours_cnn32 <= 1": ("epoch_seconds_ours_cnn32", 1.0, -1),
}


def network_table(key, result):
    cfg, ep = result["cnn"][key], result["epoch"][key]
    bd = result["breakdown"][key]
    steps = bd["calls"]["softmax_delta"]          # one delta a step
    lines = [f"the digits CNN, {cfg['name']}: {cfg['layers']}",
             f"one epoch: J over {bd['images']} images ({cfg['data']}), "
             f"{steps} steps of {cfg['batch']}, J again; eta {cfg['eta']}",
             f"{'side':20s} {'best':>11s} {'median':>11s}  {'vs ours':>8s}"
             f"  {'cost rel. err.':>14s}"]
    for side, e in ep.items():
        lines.append(f"{NAMES[side]:20s} {fmt(e['best'])} "
                     f"{fmt(e['median'])}  "
                     f"{e['best'] / ep['epoch_ours']['best']:7.2f}x  "
                     f"{e['cost_rel_error']:14.1e}")
    cost = result["whole_set_cost"][key]
    lines.append(f"J over the {bd['images']} images alone: " + ", ".join(
        f"{NAMES[side]} {fmt(e['best']).strip()}"
        for side, e in cost.items()))
    tr = result["train"][key]["train_ours"]
    acc = ", ".join(f"{a:.2%}" for a in tr["test_accuracy"])
    lines.append(f"trained, {cfg['epochs']} epochs: {fmt(tr['best'])} "
                 f"({fmt(tr['per_epoch_best']).strip()} an epoch), test "
                 f"{acc} (chapter 7 prints "
                 f"{cfg['chapter_test_accuracy']:.2%})")
    threads = ("one BLAS thread" if bd["one_blas_thread"]
               else "BLAS threads as set")
    lines.append(f"where our epoch goes (each part's own time; the least "
                 f"disturbed of {bd['processes'] * bd['epochs_per_process']}"
                 f" epochs, {fmt(bd['total']).strip()} with the timers; "
                 f"{threads})")
    lines.append(f"{'part':44s} {'time':>11s} {'share':>6s} {'calls':>6s}")
    for part, what, _ in PARTS_OF_EPOCH:
        whole = part == "whole_set_cost"
        lines.append(breakdown_row(bd, part, what, with_parts=whole))
        if whole:                         # its parts, indented
            lines += [breakdown_row(bd, f"{part}/{sub}", f"  {word}")
                      for sub, _, word in PARTS_OF_EPOCH
                      if f"{part}/{sub}" in bd["seconds"]]
            lines.append(breakdown_row(
                bd, part, "  the rest: Sequential's loop, the mean"))
    return lines


def breakdown_row(bd, part, what, with_parts=False):
    keys = [k for k in bd["seconds"]
            if k == part or with_parts and k.startswith(part + "/")]
    t = sum(bd["seconds"][k] for k in keys)
    calls = "" if part == "loop" else bd["calls"].get(part, 0)
    return (f"{what:44s} {fmt(t)} {t / bd['total']:6.1%} "
            f"{calls:>6}")


def conv_table(result):
    lines = []
    for key in result["cnn"]:
        lines += network_table(key, result) + [""]
    for key, c in result["conv_shapes"].items():
        lines.append(f"one conv2d forward + backward: m = {c['m']}, "
                     f"{c['C_in']} -> {c['C_out']} channels, "
                     f"{c['H']}x{c['W']}, {c['k']}x{c['k']}, padding "
                     f"{c['padding']}")
        lines.append(f"{'side':20s} {'best':>11s} {'median':>11s}  "
                     f"{'vs layer':>8s}  {'rel. error':>10s}")
        cv = result["conv"][key]
        for side, e in cv.items():
            lines.append(f"{NAMES[side]:20s} {fmt(e['best'])} "
                         f"{fmt(e['median'])}  "
                         f"{e['best'] / cv['conv_layer']['best']:7.2f}x  "
                         f"{e['rel_error']:10.1e}")
    return "\n".join(lines)


def run_part(args, shapes, with_torch, out):
    """Measure, print the table and the targets, write ``out``.
    (``shapes``, the dense networks of the other parts, are not used
    here.)"""
    started = time.time()
    info = machine_info(with_torch)
    result = measure_conv(args, with_torch)
    text = conv_table(result)
    ratios = layer_part_ratios(result, "conv")
    targets = targets_of(ratios, CONV_TARGETS)
    report = dict(report_head(args, info), conv=result, ratios=ratios,
                  targets=targets,
                  seconds_taken=round(time.time() - started, 1), table=text)
    Path(out).write_text(json.dumps(report, indent=1) + "\n")
    print(text)
    if not with_torch:
        print("PyTorch: not measured (this interpreter has no torch; see "
              "bench/README.md)")
    print("targets (from best times):")
    print_targets(targets)
    print(f"written to {out}")
