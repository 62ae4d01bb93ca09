"""The training part of the benchmark (``training.json``).

What is measured:

- the digits trained to the end, with chapter 5's network and settings
  (64-64-10, ReLU hidden, softmax output with cross-entropy, batches of
  32, learning rate 0.3, plain SGD, 60 epochs, on the digits' seeded
  training split): ``gradient_descent``, scikit-learn's
  ``MLPClassifier`` and, when torch can be imported, a plain PyTorch
  loop. Each process times its training only (data loaded and
  libraries imported before the clock starts) and reports the test
  accuracy beside the time;
- the same digits run, ours and scikit-learn's, while another process
  keeps one core busy (``common.competing_load``), against the same
  runs on the machine as it is;
- one epoch as a learner runs it (``EPOCH``): the cost ``J`` over the
  whole set, 10 steps of 256 rows, ``J`` again, at 2-64-64-1, ours
  (``gradient_descent`` for one epoch) and PyTorch's, on the same data,
  the same batches in the same order, from the same parameters;
- one training step (forward, backward, update) on a fixed batch at each
  network of ``run.SHAPES``: the fast path (``BufferedStep``), the step
  as it was before it, and PyTorch.
"""

import json
import os
import statistics
import time
from pathlib import Path

from contextlib import nullcontext

from common import (alternated, check_targets, competing_load, fmt,
                    machine_info, print_targets, progress, report_head,
                    run_worker, summarise, time_batches, torch_epoch)
from gradient import LARGEST, problem, rel_err, torch_cost

DIGITS = {"sizes": [64, 64, 10], "eta": 0.3, "batch": 32, "epochs": 60}
# One epoch of 2-64-64-1 (ReLU, ReLU, identity, half squared error; the
# network of gradient.problem, seed 0): X of shape (2560, 2) and Y of
# shape (2560, 1) from standard normals (seed 1); J over all 2560 rows;
# the rows shuffled by np.random.default_rng(0).permutation(2560); 10
# steps of eta = 0.01 on consecutive batches of 256 of them; J over all
# 2560 rows again. Every timed call runs one such epoch from where the
# last one left the parameters.
EPOCH = {"sizes": [2, 64, 64, 1], "m": 2560, "batch": 256, "eta": 0.01,
         "seed": 0}


# -- workers: each runs in its own process ---------------------------------

def worker(spec):
    side = spec["side"]
    if side.startswith("train_"):
        return train_worker(side.removesuffix("_busy"))
    if side.startswith("epoch_"):
        return epoch_worker(side, spec["batch_seconds"], spec["batches"])
    if side.startswith("step_"):
        return step_worker(side, spec["shape"], spec["sizes"], spec["m"],
                           spec["batch_seconds"], spec["batches"])
    raise ValueError(f"unknown side {side!r}")


def train_worker(side):
    import numpy as np
    from backprop_utils import Network, accuracy, digits, gradient_descent
    d = digits()
    cfg = DIGITS
    net = Network(cfg["sizes"], ["relu", "softmax"], "cross_entropy",
                  seed=0)
    if side == "train_ours":
        t0 = time.perf_counter()
        gradient_descent(net, d.train.X, d.train.Y, cfg["eta"],
                         cfg["epochs"], batch_size=cfg["batch"], seed=0)
        seconds = time.perf_counter() - t0
        acc = accuracy(net.predict(d.test.X), d.test.labels)
    elif side == "train_sklearn":
        import warnings
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
        clf = MLPClassifier(
            hidden_layer_sizes=tuple(cfg["sizes"][1:-1]), activation="relu",
            solver="sgd", learning_rate="constant",
            learning_rate_init=cfg["eta"], momentum=0.0,
            nesterovs_momentum=False, alpha=0.0, batch_size=cfg["batch"],
            max_iter=cfg["epochs"], shuffle=True, random_state=0, tol=0.0,
            n_iter_no_change=cfg["epochs"], early_stopping=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            t0 = time.perf_counter()
            clf.fit(d.train.X, d.train.labels)
            seconds = time.perf_counter() - t0
        acc = float(clf.score(d.test.X, d.test.labels))
    elif side == "train_torch":
        import torch
        Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
        bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
        X, labels = torch.from_numpy(d.train.X), torch.from_numpy(
            d.train.labels)
        opt = torch.optim.SGD(Ws + bs, lr=cfg["eta"])
        m, B = d.train.m, cfg["batch"]
        rng = np.random.default_rng(0)           # our batches, our order
        orders = [torch.from_numpy(rng.permutation(m))
                  for _ in range(cfg["epochs"])]
        t0 = time.perf_counter()
        for order in orders:
            for start in range(0, m, B):
                rows = order[start:start + B]
                H = torch.relu(torch.nn.functional.linear(
                    X[rows], Ws[0], bs[0]))
                Z = torch.nn.functional.linear(H, Ws[1], bs[1])
                J = torch.nn.functional.cross_entropy(Z, labels[rows])
                opt.zero_grad()
                J.backward()
                opt.step()
        seconds = time.perf_counter() - t0
        with torch.no_grad():
            H = torch.relu(torch.nn.functional.linear(
                torch.from_numpy(d.test.X), Ws[0], bs[0]))
            Z = torch.nn.functional.linear(H, Ws[1], bs[1]).numpy()
        acc = accuracy(Z, d.test.labels)
    else:
        raise ValueError(f"unknown side {side!r}")
    return {"side": side, "seconds": seconds, "test_accuracy": acc,
            "pid": os.getpid()}


def epoch_worker(side, bs, nb):
    """One epoch (``EPOCH``), whole-set costs included, per call."""
    import numpy as np
    cfg = EPOCH
    net, X, Y = problem(cfg["sizes"], cfg["m"])
    eta, B, m = cfg["eta"], cfg["batch"], cfg["m"]
    out = {"side": side, "pid": os.getpid()}
    first = net.copy()
    if side == "epoch_ours":
        from backprop_utils import gradient_descent

        def epoch():
            return gradient_descent(net, X, Y, eta, 1, batch_size=B,
                                    seed=cfg["seed"]).cost
    elif side == "epoch_torch":
        import torch
        out["torch_threads"] = torch.get_num_threads()
        params, _ = torch_cost(net, X, Y)
        Ws, bvs = params[:len(params) // 2], params[len(params) // 2:]
        Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
        opt = torch.optim.SGD(params, lr=eta)

        def J(A, T):
            for l, (W, b) in enumerate(zip(Ws, bvs)):
                Z = torch.nn.functional.linear(A, W, b)
                A = torch.relu(Z) if l < len(Ws) - 1 else Z
            return 0.5 * ((A - T) ** 2).sum(dim=1).mean()

        epoch = torch_epoch(J, Xt, Yt, B, opt, cfg["seed"])
    else:
        raise ValueError(f"unknown side {side!r}")
    # the costs of a first epoch, against the package's from the same
    # start: both sides computed the same thing
    from backprop_utils import gradient_descent
    ref = gradient_descent(first, X, Y, eta, 1, batch_size=B,
                           seed=cfg["seed"]).cost
    out["cost_rel_error"] = rel_err([ref], [np.array(epoch())])
    out["times"] = time_batches({"epoch": epoch}, bs, nb)
    return out


def step_worker(side, shape, sizes, m, bs, nb):
    """One training step (forward, backward, update) on a fixed batch."""
    net, X, Y = problem(sizes, m)
    eta = 0.01
    out = {"side": side, "shape": shape, "pid": os.getpid()}
    limit = nullcontext()
    if side == "step_ours":
        from backprop_utils import fastpath
        step = fastpath.BufferedStep(net)
        # the BLAS threads gradient_descent would train this network with
        if hasattr(fastpath, "blas_threads"):
            limit = fastpath.blas_threads(sizes, m)
        fn = lambda: step(X, Y, eta)                  # noqa: E731
    elif side == "step_backward":
        def fn():
            g = net.backward(X, Y)
            new_W = [W - eta * dW for W, dW in zip(net.weights, g.dW)]
            new_b = [b - eta * db for b, db in zip(net.biases, g.db)]
            for W, Wn in zip(net.weights, new_W):
                W[...] = Wn
            for b, bn in zip(net.biases, new_b):
                b[...] = bn
    elif side == "step_torch":
        import torch
        out["torch_threads"] = torch.get_num_threads()
        params, forward = torch_cost(net, X, Y)
        opt = torch.optim.SGD(params, lr=eta)

        def fn():
            J = forward()
            opt.zero_grad()
            J.backward()
            opt.step()
    else:
        raise ValueError(f"unknown side {side!r}")
    with limit:
        out["times"] = time_batches({"step": fn}, bs, nb)
    return out


# -- the runs, the ratios and the table --------------------------------------

def measure_training(args, shapes, with_torch, env=None):
    """The digits trained to the end, and single steps, side by side."""
    out = {"digits": {}, "digits_busy": {}, "epoch": {}, "steps": {},
           "settings": DIGITS, "epoch_settings": EPOCH,
           "busy_load": competing_load.description}
    spec0 = {"part": "training", "batch_seconds": args.batch_seconds,
             "batches": args.batches}
    sides = ["train_ours", "train_sklearn"] + (
        ["train_torch"] if with_torch else []) + [
        "train_ours_busy", "train_sklearn_busy"]
    runs = {s: [] for s in sides}
    for r, side in alternated(sides, args.repeats):
        progress(f"[training] digits repeat {r + 1}/{args.repeats}: "
                 f"{side}")
        busy = side.endswith("_busy")
        with competing_load() if busy else nullcontext():
            runs[side].append(run_worker(dict(spec0, side=side), env))
    for side, rs in runs.items():
        ts = [r["seconds"] for r in rs]
        where = "digits_busy" if side.endswith("_busy") else "digits"
        out[where][side.removesuffix("_busy")] = {
            "best": min(ts), "median": statistics.median(ts),
            "processes": len(rs),
            "test_accuracy": sorted({r["test_accuracy"] for r in rs})}
    sides = ["epoch_ours"] + (["epoch_torch"] if with_torch else [])
    runs = {s: [] for s in sides}
    for r, side in alternated(sides, args.repeats):
        progress(f"[training] epoch of 2-64-64-1 repeat {r + 1}/"
                 f"{args.repeats}: {side}")
        runs[side].append(run_worker(dict(spec0, side=side), env))
    for side, rs in runs.items():
        out["epoch"][side] = dict(summarise(rs)["epoch"],
                                  cost_rel_error=rs[0]["cost_rel_error"])
    sides = ["step_ours", "step_backward"] + (
        ["step_torch"] if with_torch else [])
    for shape, (sizes, m) in shapes.items():
        runs = {s: [] for s in sides}
        for r, side in alternated(sides, args.repeats):
            progress(f"[training] {shape:15s} repeat {r + 1}/"
                     f"{args.repeats}: {side}")
            runs[side].append(run_worker(
                dict(spec0, side=side, shape=shape, sizes=sizes, m=m),
                env))
        out["steps"][shape] = {side: summarise(rs)["step"]
                               for side, rs in runs.items()}
    return out


TRAINING_TARGETS = {
    # name: (the ratio, bound, +1 for "at least" or -1 for "at most")
    "sklearn_over_ours_digits >= 2": (
        "train_sklearn_over_ours_digits", 2.0, 1),
    "torch_over_ours_digits >= 3": ("train_torch_over_ours_digits", 3.0, 1),
    "torch_over_ours_epoch_2-64-64-1 >= 1.3": (
        "epoch_torch_over_ours_2-64-64-1", 1.3, 1),
    "busy_over_quiet_ours_digits <= 1.5": (
        "train_ours_busy_over_quiet_digits", 1.5, -1),
    "torch_over_ours_step_2-3-2-1 >= 5": (
        "step_torch_over_ours_2-3-2-1", 5.0, 1),
    "torch_over_ours_step_2-64-64-1 >= 1.3": (
        "step_torch_over_ours_2-64-64-1", 1.3, 1),
    "torch_over_ours_step_784-256-128-10 >= 1.0": (
        f"step_torch_over_ours_{LARGEST}", 1.0, 1),
}


def derive_training(training):
    """Ratios of their best time to ours (of a busy time to the quiet
    one); the targets of issues 16 and 26."""
    ratios = {}
    dig = training["digits"]
    for side in dig:
        if side != "train_ours":
            ratios[f"{side}_over_ours_digits"] = (
                dig[side]["best"] / dig["train_ours"]["best"])
    for side, e in training.get("digits_busy", {}).items():
        ratios[f"{side}_busy_over_quiet_digits"] = (
            e["best"] / dig[side]["best"])
    ep = training.get("epoch", {})
    for side in ep:
        if side != "epoch_ours":
            ratios[f"{side}_over_ours_2-64-64-1"] = (
                ep[side]["best"] / ep["epoch_ours"]["best"])
    for shape, entry in training["steps"].items():
        for side in entry:
            if side != "step_ours":
                ratios[f"{side}_over_ours_{shape}"] = (
                    entry[side]["best"] / entry["step_ours"]["best"])
    values = {name: ratios.get(key)
              for name, (key, _, _) in TRAINING_TARGETS.items()}
    return ratios, check_targets(values, {
        name: (bound, sign)
        for name, (_, bound, sign) in TRAINING_TARGETS.items()})


def training_table(training):
    names = {"train_ours": "backprop_utils", "train_sklearn": "scikit-learn",
             "train_torch": "PyTorch", "step_ours": "backprop_utils",
             "step_backward": "backward + update",
             "step_torch": "PyTorch", "epoch_ours": "backprop_utils",
             "epoch_torch": "PyTorch"}
    cfg = training["settings"]
    lines = [f"training the digits: {'-'.join(map(str, cfg['sizes']))}, "
             f"{cfg['epochs']} epochs, batches of {cfg['batch']}, "
             f"eta {cfg['eta']} (training only)",
             f"{'side':20s} {'best':>11s} {'median':>11s}  {'vs ours':>8s}"
             f"  test accuracy"]
    dig = training["digits"]
    for side, e in dig.items():
        acc = ", ".join(f"{a:.2%}" for a in e["test_accuracy"])
        lines.append(f"{names[side]:20s} {fmt(e['best'])} "
                     f"{fmt(e['median'])}  "
                     f"{e['best'] / dig['train_ours']['best']:7.2f}x  {acc}")
    busy = training.get("digits_busy", {})
    if busy:
        lines.append(f"the same, under a competing load "
                     f"({training['busy_load']}):")
        lines.append(f"{'side':20s} {'best':>11s} {'median':>11s}  "
                     f"{'vs quiet':>8s}")
        for side, e in busy.items():
            lines.append(f"{names[side]:20s} {fmt(e['best'])} "
                         f"{fmt(e['median'])}  "
                         f"{e['best'] / dig[side]['best']:7.2f}x")
    ep = training.get("epoch", {})
    if ep:
        cfg = training["epoch_settings"]
        steps = cfg["m"] // cfg["batch"]
        lines.append(f"one epoch of {'-'.join(map(str, cfg['sizes']))}: "
                     f"J over {cfg['m']} rows, {steps} steps of "
                     f"{cfg['batch']}, J again")
        for side, e in ep.items():
            lines.append(f"{names[side]:20s} {fmt(e['best'])} "
                         f"{fmt(e['median'])}  "
                         f"{e['best'] / ep['epoch_ours']['best']:7.2f}x")
    lines.append("one training step (forward, backward, update):")
    for shape, entry in training["steps"].items():
        for side, e in entry.items():
            lines.append(f"{shape:15s} {names[side]:20s} {fmt(e['best'])} "
                         f"{fmt(e['median'])}  "
                         f"{e['best'] / entry['step_ours']['best']:7.2f}x")
    return "\n".join(lines)


def run_part(args, shapes, with_torch, out):
    """Measure, print the table and the targets, write ``out``."""
    started = time.time()
    info = machine_info(with_torch)
    training = measure_training(args, shapes, with_torch)
    ratios, targets = derive_training(training)
    text = training_table(training)
    report = dict(
        report_head(args, info), training=training, ratios=ratios,
        targets=targets, seconds_taken=round(time.time() - started, 1),
        table=text)
    Path(out).write_text(json.dumps(report, indent=1) + "\n")
    print(text)
    print("targets (from best times):")
    print_targets(targets)
    print(f"written to {out}")
