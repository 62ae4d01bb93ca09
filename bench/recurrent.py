"""The recurrent part of the benchmark (``recurrent.json``): chapter 8.

Two networks, both as chapter 8 builds them: each digit read row by row,
a sequence of T = 8 steps of 8 pixels (``Reshape((8, 8))``), a recurrent
layer of 64 hidden units that passes on its last state ``h_T``, and a
dense layer to the 10 logits, with cross-entropy (``NETS``), trained on
the digits' training split ``digits()`` (seed 0: 1,079 images) by
``gradient_descent`` with batches of 32:

- ``rnn``: ``RNN(8, 64, seed=0)``, ``Dense(64, 10, seed=100)``, learning
  rate 0.3;
- ``lstm``: ``LSTM(8, 64, seed=0)`` (its forget gates' bias starts at 1,
  the layer's default), ``Dense(64, 10, seed=100)``, learning rate 0.5.

What is measured, for each network:

- one epoch as a learner runs it: the cost ``J`` over the training
  images, one step per batch (34: 33 of 32 and one of 23), ``J`` again.
  Ours is ``gradient_descent`` for one epoch; PyTorch's (when torch can
  be imported) is a plain loop with ``torch.nn.RNN`` or
  ``torch.nn.LSTM`` (``batch_first``, float64, the CPU, tanh) and
  ``linear``, on the same batches in the same order, from the same
  parameters: ``weight_ih_l0 = W_xh``, ``weight_hh_l0 = W_hh``,
  ``bias_ih_l0 = b`` and ``bias_hh_l0 = 0``, the latter kept out of the
  optimiser (PyTorch's two biases get the same gradient, so training
  both would move their sum twice as fast as our single ``b``). Both
  sides record the cost of every batch (ours in
  ``TrainingHistory.batch_costs``, PyTorch's with ``.item()``); the
  batch costs and the two whole-set costs of a first epoch are compared
  (``cost_rel_error``, the largest relative difference). Every timed
  call goes on from where the last one left the parameters;
- where our epoch's time goes (``breakdown``): the recurrent layer's
  forward (the input product for every step, then the loop over the 8
  steps), its backward (the loop back through time, ``_through_time``;
  the weights' gradients in bulk, ``_weight_gradients``; the rest), the
  dense layer, the softmax and the loss, the whole-set cost and the loop
  around them, each timed with ``time.perf_counter`` (its own time, what
  it calls excluded) over one epoch, the least disturbed of several;
- the network trained for 30 epochs (``epochs``), ours, once, with its
  test accuracy beside the accuracy chapter 8 prints for the same run;
- the recurrent layer, forward and backward, at the chapter's shapes
  (``CELLS``: a batch of m = 32 sequences of T = 8 steps, n_in = 8,
  n_h = 64, the output ``h_T``): the layer as training runs it (the
  ``RNN`` or ``LSTM`` layer's forward and backward on checked arrays,
  the input gradient included), with numpy's BLAS threads as they are
  and again on one thread (``gradient_descent`` trains these networks
  on one, their products being small), the functions the chapter shows
  (``rnn_forward`` + ``rnn_backward``, ``lstm_forward`` +
  ``lstm_backward``, which check their arguments), and
  ``torch.nn.RNN`` / ``torch.nn.LSTM`` with autograd's backward
  (float64, on the CPU). Each side reports the relative error of the
  output, ``dX``, ``dW_xh``, ``dW_hh`` and ``db`` against the package's
  functions.

Target (``RECURRENT_TARGETS``, from the issue): an epoch of either
network under 2 seconds on the 2-core machine.
"""

import json
import os
import time
from contextlib import nullcontext
from pathlib import Path

from common import (alternated, dispatch, fmt, layer_part_ratios,
                    machine_info, print_targets, progress, report_head,
                    run_worker, summarise, targets_of, time_batches,
                    torch_epoch, train_once)
from conv import SelfTimes, breakdown_row

NETS = {
    "rnn": {"name": "vanilla RNN",
            "layers": "Reshape((8, 8)), RNN(8, 64, seed=0), "
                      "Dense(64, 10, seed=100)",
            "cell": "RNN", "n_in": 8, "T": 8, "n_h": 64,
            "data": "train.X, train.Y", "loss": "cross_entropy",
            "eta": 0.3, "batch": 32, "epochs": 30, "seed": 0,
            "split_seed": 0, "chapter_test_accuracy": 0.9666},
    "lstm": {"name": "LSTM",
             "layers": "Reshape((8, 8)), LSTM(8, 64, seed=0), "
                       "Dense(64, 10, seed=100)",
             "cell": "LSTM", "n_in": 8, "T": 8, "n_h": 64,
             "data": "train.X, train.Y", "loss": "cross_entropy",
             "eta": 0.5, "batch": 32, "epochs": 30, "seed": 0,
             "split_seed": 0, "chapter_test_accuracy": 0.9694},
}
CELLS = {key: {"cell": net["cell"], "m": 32, "T": net["T"],
               "n_in": net["n_in"], "n_h": net["n_h"],
               "output": "h_T (return_sequences=False)"}
         for key, net in NETS.items()}
BREAKDOWN_EPOCHS = 3           # timed epochs per process, after a warm-up
GRADS = ("out", "dX", "dW_xh", "dW_hh", "db")


def network(key):
    """The chapter's network: the recurrent layer seeded with 0, the
    dense one with 100."""
    from backprop_utils import LSTM, RNN, Dense, Reshape, Sequential
    cfg = NETS[key]
    cell = {"RNN": RNN, "LSTM": LSTM}[cfg["cell"]]
    return Sequential([Reshape((cfg["T"], cfg["n_in"])),
                       cell(cfg["n_in"], cfg["n_h"], seed=cfg["seed"]),
                       Dense(cfg["n_h"], 10, seed=cfg["seed"] + 100)],
                      cfg["loss"])


def training_set(key):
    """``(X, Y, labels, test)``: the training images and the test set."""
    import numpy as np
    from backprop_utils import digits
    d = digits(seed=NETS[key]["split_seed"])
    return d.train.X, d.train.Y, np.argmax(d.train.Y, axis=1), d.test


def torch_cell(cfg, W_xh, W_hh, b):
    """``torch.nn.RNN`` or ``torch.nn.LSTM`` (batch_first, float64, tanh)
    holding our parameters; ``bias_hh_l0`` is 0 and never trained."""
    import torch
    cls = {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM}[cfg["cell"]]
    kw = {"nonlinearity": "tanh"} if cfg["cell"] == "RNN" else {}
    net = cls(cfg["n_in"], cfg["n_h"], batch_first=True,
              dtype=torch.float64, **kw)
    with torch.no_grad():
        net.weight_ih_l0.copy_(torch.from_numpy(W_xh))
        net.weight_hh_l0.copy_(torch.from_numpy(W_hh))
        net.bias_ih_l0.copy_(torch.from_numpy(b))
        net.bias_hh_l0.zero_()
    net.bias_hh_l0.requires_grad_(False)
    return net


def cell_problem(c):
    """X, the weights (the layer's initialisation, a small non-zero b)
    and dOut = dC/dh_T, all seeded."""
    import numpy as np
    rng = np.random.default_rng(0)
    n_z = (4 if c["cell"] == "LSTM" else 1) * c["n_h"]
    X = rng.standard_normal((c["m"], c["T"], c["n_in"]))
    W_xh = rng.standard_normal((n_z, c["n_in"])) / np.sqrt(c["n_in"])
    W_hh = rng.standard_normal((n_z, c["n_h"])) / np.sqrt(c["n_h"])
    b = 0.1 * rng.standard_normal(n_z)
    dOut = rng.standard_normal((c["m"], c["n_h"]))
    return X, W_xh, W_hh, b, dOut


# -- workers: each runs in its own process -----------------------------------

def worker(spec):
    return dispatch(spec, epoch=epoch_worker, train=train_worker,
                    breakdown=breakdown_worker, layer_prefix="cell_",
                    layer=cell_worker)


def train_worker(key):
    X, Y, _, test = training_set(key)
    return train_once(network(key), X, Y, test, NETS[key])


def epoch_worker(side, key, bs, nb):
    """One epoch (``NETS[key]``), the whole-set costs included, per call."""
    import numpy as np
    from backprop_utils import gradient_descent
    cfg = NETS[key]
    X, Y, labels, _ = training_set(key)
    m, B, eta = X.shape[0], cfg["batch"], cfg["eta"]
    model = network(key)
    first = model.copy()
    out = {"side": side, "pid": os.getpid()}
    if side == "epoch_ours":
        import backprop_utils.training as training
        batch_costs = []

        def epoch():
            h = gradient_descent(model, X, Y, eta, 1, batch_size=B, seed=0)
            batch_costs[:] = h.batch_costs
            return h.cost

        def cost():
            # as the epoch computes it: its BLAS threads, no checks
            with training._sequential_blas_threads(model, X.shape, B):
                return training._sequential_cost(model, X, Y)
    elif side == "epoch_torch":
        import torch
        import torch.nn.functional as F
        out["torch_threads"] = torch.get_num_threads()
        rec, dense = model.layers[1], model.layers[2]
        net = torch_cell(cfg, rec.params["W_xh"], rec.params["W_hh"],
                         rec.params["b"])
        W = torch.tensor(dense.params["W"], requires_grad=True)
        bW = torch.tensor(dense.params["b"], requires_grad=True)
        params = [net.weight_ih_l0, net.weight_hh_l0, net.bias_ih_l0, W, bW]
        opt = torch.optim.SGD(params, lr=eta)
        Xt = torch.from_numpy(X).reshape(m, cfg["T"], cfg["n_in"])
        T = torch.from_numpy(labels)

        def J(A, target):
            H, _ = net(A)
            return F.cross_entropy(F.linear(H[:, -1], W, bW), target)

        batch_costs = []
        epoch = torch_epoch(J, Xt, T, B, opt, 0, batch_costs)

        def cost():
            with torch.no_grad():
                return J(Xt, T).item()
    else:
        raise ValueError(f"unknown side {side!r}")
    # the costs of a first epoch (every batch's, and the whole set's
    # before and after) against the package's from the same start
    ref = gradient_descent(first, X, Y, eta, 1, batch_size=B, seed=0)
    want = np.concatenate([ref.cost, ref.batch_costs])
    got = np.concatenate([np.array(epoch(), dtype=float), batch_costs])
    out["cost_rel_error"] = float(np.max(np.abs(got - want)
                                         / np.abs(want)))
    out["steps"] = len(batch_costs)
    out["times"] = time_batches({"epoch": epoch, "cost": cost}, bs, nb)
    return out


# what the breakdown times, in the order of the table: (key, what, the
# same in a word, for the parts of the whole-set cost)
def parts_of_epoch(cell):
    return [
        ("reshape", "Reshape, both ways", "Reshape"),
        ("cell_forward", f"{cell} forward: X W_xh^T + b, then 8 steps",
         f"{cell} forward"),
        ("through_time", f"{cell} backward: the loop back through time",
         ""),
        ("weight_gradients",
         f"{cell} backward: dW_xh, dW_hh, db in bulk", ""),
        ("cell_backward", f"{cell} backward: the rest (dH_out, ...)", ""),
        ("dense_forward", "dense forward: h_T W^T + b", "dense"),
        ("dense_backward", "dense backward: dW, db, dh_T", ""),
        ("softmax_delta", "softmax, delta = a - y", ""),
        ("batch_losses", "cross-entropy of each batch", "cross-entropy"),
        ("sequential", "Sequential._backward's own (grads / m)", ""),
        ("whole_set_cost", "J over all training images, twice", ""),
        ("loop", "the loop: shuffle, slices, update, checks", ""),
    ]


def breakdown_worker(key):
    """Where one epoch of ours goes (``parts_of_epoch``): the least
    disturbed of ``BREAKDOWN_EPOCHS`` epochs, after one to warm up."""
    import backprop_utils.recurrent as recurrent
    import backprop_utils.training as training
    from backprop_utils import gradient_descent
    cfg = NETS[key]
    X, Y, _, _ = training_set(key)
    model = network(key)
    clock = SelfTimes()
    # the layers' backward passes look these up in the module at each call
    recurrent._through_time = clock.wrap("through_time",
                                         recurrent._through_time)
    recurrent._weight_gradients = clock.wrap("weight_gradients",
                                             recurrent._weight_gradients)
    training._sequential_cost = clock.wrap(
        "whole_set_cost", training._sequential_cost,
        scope="whole_set_cost")
    names = ["reshape", "cell", "dense"]
    for name, layer in zip(names, model.layers):
        fwd, bwd = ("reshape", "reshape") if name == "reshape" else (
            f"{name}_forward", f"{name}_backward")
        layer._forward = clock.wrap(fwd, layer._forward)
        layer._backward = clock.wrap(bwd, layer._backward)
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
                images=X.shape[0], largest_product=largest,
                one_blas_thread=largest < training.ONE_THREAD_BELOW)


def cell_worker(side, key, bs, nb):
    """The recurrent layer's forward and backward at ``CELLS[key]``'s
    shapes, the input gradient included."""
    import numpy as np
    from backprop_utils import (LSTM, RNN, lstm_backward, lstm_forward,
                                rnn_backward, rnn_forward)
    c = CELLS[key]
    lstm = c["cell"] == "LSTM"
    X, W_xh, W_hh, b, dOut = cell_problem(c)
    dH = np.zeros((c["m"], c["T"], c["n_h"]))
    dH[:, -1] = dOut                          # the loss reads h_T only

    def functions():
        if lstm:
            H, C, G = lstm_forward(X, W_xh, W_hh, b)
            g = lstm_backward(dH, X, H, C, G, W_xh, W_hh)
        else:
            H = rnn_forward(X, W_xh, W_hh, b)
            g = rnn_backward(dH, X, H, W_xh, W_hh)
        return (H[:, -1], g.dX, g.grads["W_xh"], g.grads["W_hh"],
                g.grads["b"])

    out = {"side": side, "pid": os.getpid()}
    limit = nullcontext()
    if side == "cell_layer_one_thread":
        # numpy's BLAS on one thread, as gradient_descent trains these
        # networks (their largest product is below ONE_THREAD_BELOW)
        from backprop_utils.fastpath import _blas_controller, _one_thread
        controller = _blas_controller()
        if controller is not None:
            limit = _one_thread(controller)
    if side in ("cell_layer", "cell_layer_one_thread"):
        layer = (LSTM if lstm else RNN)(c["n_in"], c["n_h"])
        layer.params = {"W_xh": W_xh.copy(), "W_hh": W_hh.copy(),
                        "b": b.copy()}

        def fn():
            hT, cache = layer._forward(X)
            dX, g = layer._backward(dOut, cache)
            return hT, dX, g["W_xh"], g["W_hh"], g["b"]
    elif side == "cell_functions":
        fn = functions
    elif side == "cell_torch":
        import torch
        out["torch_threads"] = torch.get_num_threads()
        net = torch_cell(c, W_xh, W_hh, b)
        Xt = torch.tensor(X, requires_grad=True)
        dOutt = torch.from_numpy(dOut)
        wrt = (Xt, net.weight_ih_l0, net.weight_hh_l0, net.bias_ih_l0)

        def fn():
            H, _ = net(Xt)
            hT = H[:, -1]
            return (hT,) + torch.autograd.grad(hT, wrt, dOutt)
    else:
        raise ValueError(f"unknown side {side!r}")
    got = [np.asarray(v.detach() if hasattr(v, "detach") else v)
           for v in fn()]
    want = functions()
    out["rel_error"] = {
        name: float(np.linalg.norm(g - w) / np.linalg.norm(w))
        for name, g, w in zip(GRADS, got, want)}
    with limit:
        out["blas_threads"] = blas_threads()
        out["times"] = time_batches({"cell": fn}, bs, nb)
    return out


def blas_threads():
    """numpy's BLAS threads as they are now (None without threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return max((p["num_threads"] for p in threadpool_info()
                if p["user_api"] == "blas"), default=None)


# -- the runs and the table ---------------------------------------------------

NAMES = {"epoch_ours": "backprop_utils", "epoch_torch": "PyTorch",
         "train_ours": "backprop_utils"}


def side_name(side, cell):
    if side == "cell_layer":
        return f"{cell} layer"
    if side == "cell_layer_one_thread":
        return f"{cell} layer, 1 thread"
    if side == "cell_torch":
        return f"torch.nn.{cell}"
    if side == "cell_functions":
        return f"{cell.lower()}_forward/backward"
    return NAMES[side]


def measure_network(key, args, with_torch, spec0, env):
    """The epoch (both sides), the breakdown and the training of one
    network."""
    cfg = NETS[key]
    spec0 = dict(spec0, net=key)
    sides = ["epoch_ours"] + (["epoch_torch"] if with_torch else [])
    runs = {s: [] for s in sides}
    for r, side in alternated(sides, args.repeats):
        progress(f"[recurrent] {key} epoch repeat {r + 1}/{args.repeats}: "
                 f"{side}")
        runs[side].append(run_worker(dict(spec0, side=side), env))
    epoch, cost = {}, {}
    for side, rs in runs.items():
        epoch[side] = dict(
            summarise(rs)["epoch"], cost_rel_error=max(
                x["cost_rel_error"] for x in rs), steps=rs[0]["steps"],
            **({"torch_threads": rs[0]["torch_threads"]}
               if "torch_threads" in rs[0] else {}))
        cost[side] = summarise(rs)["cost"]
    rs = []
    for r in range(max(1, args.repeats // 2)):
        progress(f"[recurrent] {key} epoch, where the time goes, process "
                 f"{r + 1}: breakdown_ours")
        rs.append(run_worker(dict(spec0, side="breakdown_ours"), env))
    best = min(rs, key=lambda x: x["total"])
    breakdown = {k: best[k] for k in ("images", "total", "seconds",
                                      "calls", "largest_product",
                                      "one_blas_thread")}
    breakdown.update(processes=len(rs), epochs_per_process=BREAKDOWN_EPOCHS,
                     share={k: v / best["total"]
                            for k, v in best["seconds"].items()},
                     parts={k: what for k, what, _ in
                            parts_of_epoch(cfg["cell"])})
    progress(f"[recurrent] {key} trained, {cfg['epochs']} epochs, once: "
             f"train_ours")
    x = run_worker(dict(spec0, side="train_ours"), env)
    train = {"seconds": x["seconds"], "processes": 1,
             "per_epoch": x["seconds"] / cfg["epochs"],
             "test_accuracy": x["test_accuracy"],
             "final_cost": x["final_cost"], "diverged": x["diverged"]}
    return epoch, cost, breakdown, {"train_ours": train}


def measure_recurrent(args, with_torch, env=None):
    spec0 = {"part": "recurrent", "batch_seconds": args.batch_seconds,
             "batches": args.batches}
    result = {"nets": NETS, "cell_shapes": CELLS, "epoch": {},
              "whole_set_cost": {}, "breakdown": {}, "train": {},
              "cell": {}}
    for key in NETS:
        (result["epoch"][key], result["whole_set_cost"][key],
         result["breakdown"][key], result["train"][key]) = measure_network(
             key, args, with_torch, spec0, env)
    for key in CELLS:
        sides = ["cell_layer", "cell_layer_one_thread",
                 "cell_functions"] + (["cell_torch"] if with_torch else [])
        runs = {s: [] for s in sides}
        for r, side in alternated(sides, args.repeats):
            progress(f"[recurrent] {CELLS[key]['cell']} forward + backward,"
                     f" repeat {r + 1}/{args.repeats}: {side}")
            runs[side].append(run_worker(dict(spec0, side=side, net=key),
                                         env))
        result["cell"][key] = {
            side: dict(summarise(rs)["cell"], rel_error=rs[0]["rel_error"],
                       blas_threads=rs[0]["blas_threads"],
                       **({"torch_threads": rs[0]["torch_threads"]}
                          if "torch_threads" in rs[0] else {}))
            for side, rs in runs.items()}
    return result


RECURRENT_TARGETS = {
    # name: (the value, bound, +1 for "at least" or -1 for "at most")
    "epoch_seconds_ours_rnn <= 2": ("epoch_seconds_ours_rnn", 2.0, -1),
    "epoch_seconds_ours_lstm <= 2": ("epoch_seconds_ours_lstm", 2.0, -1),
}


def network_table(key, result):
    cfg, ep = result["nets"][key], result["epoch"][key]
    bd = result["breakdown"][key]
    steps = ep["epoch_ours"]["steps"]
    lines = [f"the digits read row by row, {cfg['name']}: {cfg['layers']}",
             f"one epoch: J over {bd['images']} images ({cfg['data']}, "
             f"T = {cfg['T']} steps of {cfg['n_in']} pixels), {steps} "
             f"steps of {cfg['batch']}, J again; eta {cfg['eta']}",
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
    lines.append(f"trained, {cfg['epochs']} epochs, once: "
                 f"{fmt(tr['seconds'])} ({fmt(tr['per_epoch']).strip()} an "
                 f"epoch), test {tr['test_accuracy']:.2%} (chapter 8 "
                 f"prints {cfg['chapter_test_accuracy']:.2%}), final J "
                 f"{tr['final_cost']:.4f}")
    threads = ("one BLAS thread" if bd["one_blas_thread"]
               else "BLAS threads as set")
    lines.append(f"where our epoch goes (each part's own time; the least "
                 f"disturbed of {bd['processes'] * bd['epochs_per_process']}"
                 f" epochs, {fmt(bd['total']).strip()} with the timers; "
                 f"{threads})")
    lines.append(f"{'part':44s} {'time':>11s} {'share':>6s} {'calls':>6s}")
    parts = parts_of_epoch(cfg["cell"])
    for part, what, _ in parts:
        whole = part == "whole_set_cost"
        lines.append(breakdown_row(bd, part, what, with_parts=whole))
        if whole:                         # its parts, indented
            lines += [breakdown_row(bd, f"{part}/{sub}", f"  {word}")
                      for sub, _, word in parts
                      if f"{part}/{sub}" in bd["seconds"]]
            lines.append(breakdown_row(
                bd, part, "  the rest: Sequential's loop, the mean"))
    return lines


def cell_table(result):
    lines = []
    for key, c in result["cell_shapes"].items():
        lines.append(f"one {c['cell']} layer forward + backward: m = "
                     f"{c['m']}, T = {c['T']}, n_in = {c['n_in']}, n_h = "
                     f"{c['n_h']}, output h_T, dX included")
        lines.append(f"{'side':24s} {'threads':>7s} {'best':>11s} "
                     f"{'median':>11s}  {'vs layer':>8s}  " + " ".join(
                         f"{name:>8s}" for name in GRADS))
        cv = result["cell"][key]
        for side, e in cv.items():
            threads = e.get("torch_threads", e["blas_threads"])
            lines.append(f"{side_name(side, c['cell']):24s} "
                         f"{str(threads):>7s} "
                         f"{fmt(e['best'])} {fmt(e['median'])}  "
                         f"{e['best'] / cv['cell_layer']['best']:7.2f}x  "
                         + " ".join(f"{e['rel_error'][name]:8.1e}"
                                    for name in GRADS))
        lines.append("")
    return lines


def recurrent_table(result):
    lines = []
    for key in result["nets"]:
        lines += network_table(key, result) + [""]
    lines += cell_table(result)
    return "\n".join(lines).rstrip("\n")


def run_part(args, shapes, with_torch, out):
    """Measure, print the table and the targets, write ``out``.
    (``shapes``, the dense networks of the other parts, are not used
    here.)"""
    started = time.time()
    info = machine_info(with_torch)
    result = measure_recurrent(args, with_torch)
    text = recurrent_table(result)
    ratios = layer_part_ratios(result, "cell")
    targets = targets_of(ratios, RECURRENT_TARGETS)
    info["load_average_at_end"] = (os.getloadavg()
                                   if hasattr(os, "getloadavg") else None)
    report = dict(report_head(args, info), recurrent=result, ratios=ratios,
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
