"""The gradient part of the benchmark: one forward and backward pass,
against its peers (``results.json``, which the book's appendix reads).

What is measured, at each network of ``run.SHAPES`` (ReLU hidden layers,
identity output, half squared error, float64):

- ``Network.backward`` (forward + backward) and ``Network.cost`` (forward
  only) of ``backprop_utils``;
- the same two steps in PyTorch on the CPU, float64, from the same
  weights, when ``torch`` can be imported (it is never a dependency of
  the course);
- a scalar autodiff engine in the style of micrograd (the course's own,
  ``backprop_utils.autodiff``), on the 2-3-2-1 network only;
- the gradient by central differences through ``Network.cost``
  (``numerical_network_gradients``), on the two small networks (on the
  largest it would take minutes; its time there is estimated as
  ``2 P`` forward passes and marked as an estimate);
- a 2048 x 2048 numpy matrix product, for the machine's attainable
  floating-point rate.
"""

import json
import os
import time
from pathlib import Path

from common import (OPENBLAS_VARS, alternated, check_targets, fmt,
                    machine_info, print_targets, progress, report_head,
                    run_worker, summarise, time_batches)

LARGEST = "784-256-128-10"
MATMUL_N = 2048


# -- the scalar engine: the package's own (backprop_utils.autodiff) ---------

def micrograd_step(Ws, bs, X, Y, acts, with_backward=True):
    """Cost (and, if asked, every gradient), one scalar at a time, with
    the course's engine (``backprop_utils.autodiff.Node``)."""
    from backprop_utils.autodiff import Node, total
    m = len(X)
    losses = []
    for x, y in zip(X, Y):
        a = [Node(float(v)) for v in x]
        for W, b, act in zip(Ws, bs, acts):
            z = [total([w * ak for w, ak in zip(row, a)]) + bj
                 for row, bj in zip(W, b)]
            a = [zj.relu() for zj in z] if act == "relu" else z
        err = [aj - float(yj) for aj, yj in zip(a, y)]
        losses.append(total([e * e for e in err]) * 0.5)
    J = total(losses) * (1.0 / m)
    if with_backward:
        J.backward()          # resets every adjoint of the graph first
    return J.value


# -- workers: each runs in its own process ---------------------------------

def problem(sizes, m):
    """The network (seed 0) and a batch (seed 1) of one shape."""
    import numpy as np
    from backprop_utils import Network
    acts = ["relu"] * (len(sizes) - 2) + ["identity"]
    net = Network(sizes, acts, seed=0)
    rng = np.random.default_rng(1)
    X = rng.standard_normal((m, sizes[0]))
    Y = rng.standard_normal((m, sizes[-1]))
    return net, X, Y


def rel_err(ours, theirs):
    import numpy as np
    a = np.concatenate([np.ravel(v) for v in ours])
    b = np.concatenate([np.ravel(v) for v in theirs])
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-300))


def torch_cost(net, X, Y):
    """The network's parameters as torch tensors, and J as a function of
    them: ReLU hidden layers, identity output, half squared error."""
    import torch
    Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
    bvs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    L = len(Ws)

    def forward():
        A = Xt
        for l, (W, b) in enumerate(zip(Ws, bvs)):
            Z = torch.nn.functional.linear(A, W, b)
            A = torch.relu(Z) if l < L - 1 else Z
        return 0.5 * ((A - Yt) ** 2).sum(dim=1).mean()

    return Ws + bvs, forward


def worker(spec):
    side, shape = spec["side"], spec.get("shape")
    bs, nb = spec["batch_seconds"], spec["batches"]
    out = {"side": side, "shape": shape, "pid": os.getpid()}
    if side == "matmul":
        import numpy as np
        A = np.random.default_rng(0).standard_normal((MATMUL_N, MATMUL_N))
        B = np.random.default_rng(1).standard_normal((MATMUL_N, MATMUL_N))
        t = time_batches({"matmul": lambda: A @ B}, bs, nb)
        out["times"] = t
        out["flops"] = 2.0 * MATMUL_N ** 3
        return out
    net, X, Y = problem(spec["sizes"], spec["m"])
    ref = net.backward(X, Y)
    if side == "numpy":
        out["times"] = time_batches({
            "fwd_bwd": lambda: net.backward(X, Y),
            "fwd": lambda: net.cost(X, Y)}, bs, nb)
    elif side == "torch":
        import torch
        out["torch_threads"] = torch.get_num_threads()
        params, forward = torch_cost(net, X, Y)

        def fwd_bwd():
            J = forward()
            grads = torch.autograd.grad(J, params)
            return J.item(), grads

        def fwd():
            with torch.no_grad():
                return forward().item()

        _, grads = fwd_bwd()
        g = [t.numpy() for t in grads]
        out["grad_rel_error"] = rel_err(ref.dW + ref.db, g)
        out["times"] = time_batches({"fwd_bwd": fwd_bwd, "fwd": fwd},
                                    bs, nb)
    elif side == "micrograd":
        import numpy as np
        from backprop_utils.autodiff import Node
        Ws = [[[Node(float(v)) for v in row] for row in W]
              for W in net.weights]
        bvs = [[Node(float(v)) for v in b] for b in net.biases]
        Xl, Yl = X.tolist(), Y.tolist()
        micrograd_step(Ws, bvs, Xl, Yl, net.activation_names)
        g = [np.array([[v.grad for v in row] for row in W]) for W in Ws]
        g += [np.array([v.grad for v in b]) for b in bvs]
        out["grad_rel_error"] = rel_err(ref.dW + ref.db, g)
        out["times"] = time_batches({
            "fwd_bwd": lambda: micrograd_step(Ws, bvs, Xl, Yl,
                                              net.activation_names),
            "fwd": lambda: micrograd_step(Ws, bvs, Xl, Yl,
                                          net.activation_names, False)},
            bs, nb)
    elif side == "central_differences":
        from backprop_utils import numerical_network_gradients
        dW, db = numerical_network_gradients(net, X, Y)
        out["grad_rel_error"] = rel_err(ref.dW + ref.db, dW + db)
        out["cost_calls"] = 2 * net.n_parameters()
        out["times"] = time_batches({
            "fwd_bwd": lambda: numerical_network_gradients(net, X, Y)},
            bs, nb)
    else:
        raise ValueError(f"unknown side {side!r}")
    return out


# -- the runs, the ratios and the table --------------------------------------

def flops_fwd_bwd(sizes, m):
    """Multiply-adds x 2 of the matrix products of one forward + backward."""
    fwd = sum(2 * m * a * b for a, b in zip(sizes[:-1], sizes[1:]))
    dW = fwd                                        # Delta^T A, each layer
    dA = sum(2 * m * a * b for a, b in zip(sizes[1:-1], sizes[2:]))
    return fwd, fwd + dW + dA


def measure(args, shapes, sides_for, env=None, label="as is"):
    results = {"label": label, "shapes": {}}
    spec0 = {"part": "gradient", "batch_seconds": args.batch_seconds,
             "batches": args.batches}
    for shape, (sizes, m) in shapes.items():
        sides = sides_for(shape)
        runs = {s: [] for s in sides}
        for r, side in alternated(sides, args.repeats):
            if side == "central_differences" and r >= 1:
                continue      # slow and noise-free enough: one process
            progress(f"[{label}] {shape:15s} repeat {r + 1}/"
                     f"{args.repeats}: {side}")
            runs[side].append(run_worker(
                dict(spec0, side=side, shape=shape, sizes=sizes, m=m),
                env))
        entry = {}
        for side, rs in runs.items():
            entry[side] = {"steps": summarise(rs), "processes": len(rs)}
            for key in ("grad_rel_error", "cost_calls", "torch_threads"):
                if key in rs[0]:
                    entry[side][key] = rs[0][key]
        results["shapes"][shape] = entry
    mm = [run_worker(dict(spec0, side="matmul"), env)
          for _ in range(max(2, args.repeats // 2))]
    s = summarise(mm)["matmul"]
    results["matmul"] = {"n": MATMUL_N, "best_seconds": s["best"],
                         "gflops_best": mm[0]["flops"] / s["best"] / 1e9,
                         "gflops_median": mm[0]["flops"] / s["median"] / 1e9}
    return results


TARGETS = {
    # name: (bound, +1 for "at least" or -1 for "at most")
    "torch_over_ours_2-3-2-1 >= 5": (5, 1),
    "torch_over_ours_2-64-64-1 >= 1.3": (1.3, 1),
    "torch_over_ours_784-256-128-10 >= 0.9": (0.9, 1),
    "fwd_bwd_over_fwd_784-256-128-10 <= 3.0": (3.0, -1),
    "share_of_matmul_rate_784-256-128-10 >= 0.6": (0.6, 1),
}


def derive(results, shapes):
    """Ratios and rates, from best times; targets from the issue."""
    d = {}
    for shape, entry in results["shapes"].items():
        sizes, m = shapes[shape]
        ours = entry["numpy"]["steps"]
        row = {"fwd_bwd_over_fwd": ours["fwd_bwd"]["best"]
               / ours["fwd"]["best"]}
        if "torch" in entry:
            th = entry["torch"]["steps"]
            row["torch_over_ours_fwd_bwd"] = (th["fwd_bwd"]["best"]
                                              / ours["fwd_bwd"]["best"])
            row["torch_over_ours_fwd"] = (th["fwd"]["best"]
                                          / ours["fwd"]["best"])
        if "micrograd" in entry:
            row["micrograd_over_ours_fwd_bwd"] = (
                entry["micrograd"]["steps"]["fwd_bwd"]["best"]
                / ours["fwd_bwd"]["best"])
        if "central_differences" in entry:
            row["central_differences_over_ours"] = (
                entry["central_differences"]["steps"]["fwd_bwd"]["best"]
                / ours["fwd_bwd"]["best"])
        fwd_flops, total = flops_fwd_bwd(sizes, m)
        row["flops_fwd_bwd"] = total
        row["gflops_fwd_bwd"] = total / ours["fwd_bwd"]["best"] / 1e9
        row["share_of_matmul_rate"] = (row["gflops_fwd_bwd"]
                                       / results["matmul"]["gflops_best"])
        n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
        row["n_parameters"] = n_params
        row["central_differences_estimate_seconds"] = (
            2 * n_params * ours["fwd"]["best"])
        d[shape] = row
    big = d[LARGEST]
    values = {
        "torch_over_ours_2-3-2-1 >= 5": d["2-3-2-1"].get(
            "torch_over_ours_fwd_bwd"),
        "torch_over_ours_2-64-64-1 >= 1.3": d["2-64-64-1"].get(
            "torch_over_ours_fwd_bwd"),
        "torch_over_ours_784-256-128-10 >= 0.9": big.get(
            "torch_over_ours_fwd_bwd"),
        "fwd_bwd_over_fwd_784-256-128-10 <= 3.0": big["fwd_bwd_over_fwd"],
        "share_of_matmul_rate_784-256-128-10 >= 0.6":
            big["share_of_matmul_rate"],
    }
    return d, check_targets(values, TARGETS)


SIDE_NAMES = {"numpy": "backprop_utils", "torch": "PyTorch",
              "micrograd": "scalar autodiff",
              "central_differences": "central differences"}


def table(results, derived):
    lines = [f"{'shape':15s} {'side':20s} {'step':8s} {'best':>11s} "
             f"{'median':>11s}  {'vs ours':>8s}"]

    for shape, entry in results["shapes"].items():
        ours = entry["numpy"]["steps"]
        for side, e in entry.items():
            for step, s in e["steps"].items():
                ratio = s["best"] / ours[step]["best"] if step in ours else 0
                lines.append(
                    f"{shape:15s} {SIDE_NAMES[side]:20s} "
                    f"{'fwd+bwd' if step == 'fwd_bwd' else 'fwd':8s} "
                    f"{fmt(s['best'])} {fmt(s['median'])}  {ratio:7.2f}x")
    mm = results["matmul"]
    big = derived[LARGEST]
    lines.append(f"numpy {mm['n']}x{mm['n']} matrix product: "
                 f"{mm['gflops_best']:.1f} GFLOP/s (best)")
    lines.append(f"{LARGEST} forward+backward: {big['gflops_fwd_bwd']:.1f} "
                 f"GFLOP/s = {big['share_of_matmul_rate']:.0%} of it; "
                 f"fwd+bwd / fwd = {big['fwd_bwd_over_fwd']:.2f}")
    return "\n".join(lines)


def run_part(args, shapes, with_torch, out):
    """Measure, print the table and the targets, write ``out``."""

    def sides_for(shape):
        sides = ["numpy"] + (["torch"] if with_torch else [])
        if shape == "2-3-2-1":
            sides.append("micrograd")
        if shape != LARGEST:
            sides.append("central_differences")
        return sides

    started = time.time()
    info = machine_info(with_torch)
    results = measure(args, shapes, sides_for)
    derived, targets = derive(results, shapes)
    report = dict(report_head(args, info), results=results,
                  derived=derived, targets=targets)
    text = table(results, derived)
    if any(os.environ.get(k) for k in OPENBLAS_VARS):
        env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_VARS}
        alt = measure(args, shapes, lambda s: ["numpy"], env,
                      label="OPENBLAS_CORETYPE/L2_SIZE unset")
        report["results_openblas_env_unset"] = alt
    if args.also_malloc_tuned:
        env = dict(os.environ, MALLOC_TRIM_THRESHOLD_="1000000000",
                   MALLOC_MMAP_THRESHOLD_="1000000000")
        alt = measure(args, shapes, lambda s: ["numpy"] + (
            ["torch"] if with_torch else []), env,
            label="glibc malloc thresholds raised")
        alt_derived, alt_targets = derive(alt, shapes)
        report["results_malloc_tuned"] = {
            "environment": {k: env[k] for k in (
                "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")},
            "results": alt, "derived": alt_derived, "targets": alt_targets,
            "table": table(alt, alt_derived)}
        text += ("\n\nDiagnosis only, not the headline: with glibc malloc "
                 "thresholds raised\n" + table(alt, alt_derived))
    report["seconds_taken"] = round(time.time() - started, 1)
    report["table"] = text
    Path(out).write_text(json.dumps(report, indent=1) + "\n")
    print(f"machine: {info['cpu_model']}, {info['cores']} cores; python "
          f"{info['python']}, numpy {info['numpy']}, torch {info['torch']}")
    print(text)
    print("targets (from best times):")
    print_targets(targets)
    print(f"written to {out}")
