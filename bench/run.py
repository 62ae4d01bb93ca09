"""Why backprop is fast: time it against its peers, side by side.

Usage (from the project root):

    make bench                               # numpy sides only
    make bench BENCH_PYTHON=/path/to/python  # the same, plus PyTorch, if
                                             # that interpreter has torch
    ... bench/run.py --quick                 # fewer repeats, a smoke test
                                             # (written under _build/)
    ... bench/run.py --out other.json        # default: bench/results.json

`make bench` adds ``--also-malloc-tuned``: a second measurement of the
same steps with glibc's malloc thresholds raised, reported separately as
a diagnosis (see below).

What is measured, at three shapes (ReLU hidden layers, identity output,
half squared error, float64):

- ``Network.backward`` (forward + backward) and ``Network.cost`` (forward
  only) of ``backprop_utils``;
- the same two steps in PyTorch on the CPU, float64, from the same
  weights, when ``torch`` can be imported (it is never a dependency of the
  course);
- a scalar autodiff engine in the style of micrograd (the course's own,
  ``backprop_utils.autodiff``), on the 2-3-2-1 network only;
- the gradient by central differences through ``Network.cost``
  (``numerical_network_gradients``), on the two small shapes (on the
  largest it would take minutes; its time there is estimated as
  ``2 P`` forward passes and marked as an estimate);
- a 2048 x 2048 numpy matrix product, for the machine's attainable
  floating-point rate.

Method: every (shape, side) runs in its own fresh Python process, so
allocator and BLAS-thread state from one configuration cannot leak into
another, and PyTorch's threads never share a process with numpy's. The
sides of one shape are alternated (A B, then B A, ...) over several
repeats; each process times several batches of calls after a warm-up.
We report the best (least disturbed) and the median per-call time over
all batches. Ratios use best times. The environment is left as it is;
it is recorded in the JSON (OPENBLAS_* variables included). If
OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE is set, the numpy sides are run a
second time with both unset and reported separately (the headline stays
the environment as it is).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHAPES = {
    "2-3-2-1": ([2, 3, 2, 1], 4),
    "2-64-64-1": ([2, 64, 64, 1], 256),
    "784-256-128-10": ([784, 256, 128, 10], 256),
}
LARGEST = "784-256-128-10"
MATMUL_N = 2048
OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


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

def _time_batches(fns, batch_seconds, n_batches):
    """Per-call times of each fn, batches interleaved between the fns."""
    counts = {}
    for name, fn in fns.items():
        fn()                                             # warm-up
        n, t = 1, 0.0
        while True:                                      # calibrate
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            t = time.perf_counter() - t0
            if t >= batch_seconds / 4 or n >= 1 << 20:
                break
            n *= 2
        counts[name] = max(1, int(n * batch_seconds / max(t, 1e-9)))
    times = {name: [] for name in fns}
    for _ in range(n_batches):
        for name, fn in fns.items():
            n = counts[name]
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            times[name].append((time.perf_counter() - t0) / n)
    return times


def _problem(shape):
    import numpy as np
    from backprop_utils import Network
    sizes, m = SHAPES[shape]
    acts = ["relu"] * (len(sizes) - 2) + ["identity"]
    net = Network(sizes, acts, seed=0)
    rng = np.random.default_rng(1)
    X = rng.standard_normal((m, sizes[0]))
    Y = rng.standard_normal((m, sizes[-1]))
    return net, X, Y


def _rel_err(ours, theirs):
    import numpy as np
    a = np.concatenate([np.ravel(v) for v in ours])
    b = np.concatenate([np.ravel(v) for v in theirs])
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-300))


def _torch_cost(net, X, Y):
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
    if side.startswith("train_"):
        return train_worker(side)
    if side.startswith("step_"):
        return step_worker(side, shape, bs, nb)
    out = {"side": side, "shape": shape, "pid": os.getpid()}
    if side == "matmul":
        import numpy as np
        A = np.random.default_rng(0).standard_normal((MATMUL_N, MATMUL_N))
        B = np.random.default_rng(1).standard_normal((MATMUL_N, MATMUL_N))
        t = _time_batches({"matmul": lambda: A @ B}, bs, nb)
        out["times"] = t
        out["flops"] = 2.0 * MATMUL_N ** 3
        return out
    net, X, Y = _problem(shape)
    ref = net.backward(X, Y)
    if side == "numpy":
        out["times"] = _time_batches({
            "fwd_bwd": lambda: net.backward(X, Y),
            "fwd": lambda: net.cost(X, Y)}, bs, nb)
    elif side == "torch":
        import torch
        out["torch_threads"] = torch.get_num_threads()
        params, forward = _torch_cost(net, X, Y)

        def fwd_bwd():
            J = forward()
            grads = torch.autograd.grad(J, params)
            return J.item(), grads

        def fwd():
            with torch.no_grad():
                return forward().item()

        _, grads = fwd_bwd()
        g = [t.numpy() for t in grads]
        out["grad_rel_error"] = _rel_err(ref.dW + ref.db, g)
        out["times"] = _time_batches({"fwd_bwd": fwd_bwd, "fwd": fwd},
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
        out["grad_rel_error"] = _rel_err(ref.dW + ref.db, g)
        out["times"] = _time_batches({
            "fwd_bwd": lambda: micrograd_step(Ws, bvs, Xl, Yl,
                                              net.activation_names),
            "fwd": lambda: micrograd_step(Ws, bvs, Xl, Yl,
                                          net.activation_names, False)},
            bs, nb)
    elif side == "central_differences":
        from backprop_utils import numerical_network_gradients
        dW, db = numerical_network_gradients(net, X, Y)
        out["grad_rel_error"] = _rel_err(ref.dW + ref.db, dW + db)
        out["cost_calls"] = 2 * net.n_parameters()
        out["times"] = _time_batches({
            "fwd_bwd": lambda: numerical_network_gradients(net, X, Y)},
            bs, nb)
    else:
        raise ValueError(f"unknown side {side!r}")
    return out


# -- training: the digits, and single steps ---------------------------------
#
# Chapter 5's network and settings: 64-64-10, ReLU hidden, softmax output
# with cross-entropy, batches of 32, learning rate 0.3, plain SGD, on the
# digits' seeded training split. Each process times its training only
# (data loaded and libraries imported before the clock starts) and
# reports the test accuracy beside the time.

DIGITS = {"sizes": [64, 64, 10], "eta": 0.3, "batch": 32, "epochs": 60}


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


def step_worker(side, shape, bs, nb):
    """One training step (forward, backward, update) on a fixed batch."""
    import numpy as np
    net, X, Y = _problem(shape)
    eta = 0.01
    out = {"side": side, "shape": shape, "pid": os.getpid()}
    if side == "step_ours":
        from backprop_utils.fastpath import BufferedStep
        step = BufferedStep(net)
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
        params, forward = _torch_cost(net, X, Y)
        opt = torch.optim.SGD(params, lr=eta)

        def fn():
            J = forward()
            opt.zero_grad()
            J.backward()
            opt.step()
    else:
        raise ValueError(f"unknown side {side!r}")
    out["times"] = _time_batches({"step": fn}, bs, nb)
    return out


def run_worker(spec, env=None):
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker",
         json.dumps(spec)],
        capture_output=True, text=True, env=env, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {spec} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the machine -------------------------------------------------------------

def blas_info():
    try:
        from threadpoolctl import threadpool_info
        import numpy  # noqa: F401  (loads its BLAS so it is listed)
        return {"source": "threadpoolctl",
                "pools": [{k: p.get(k) for k in (
                    "user_api", "internal_api", "version", "num_threads",
                    "threading_layer", "architecture", "filepath")}
                    for p in threadpool_info()]}
    except ImportError:
        import numpy as np
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        return {"source": "numpy.show_config",
                "name": blas.get("name"), "version": blas.get("version"),
                "openblas_configuration": blas.get(
                    "openblas configuration")}


def machine_info(with_torch):
    import numpy as np
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity") else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": None,
        "blas": blas_info(),
        "environment": {k: os.environ.get(k) for k in OPENBLAS_VARS + (
            "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
            "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")},
        "load_average_at_start": os.getloadavg()
        if hasattr(os, "getloadavg") else None,
    }
    if with_torch:
        probe = subprocess.run(
            [sys.executable, "-c",
             "import torch, json; print(json.dumps([torch.__version__, "
             "torch.get_num_threads(), torch.backends.mkl.is_available()]))"],
            capture_output=True, text=True)
        version, threads, mkl = json.loads(probe.stdout)
        info["torch"] = version
        info["torch_threads"] = threads
        info["torch_mkl"] = mkl
    return info


def torch_available():
    import importlib.util
    return importlib.util.find_spec("torch") is not None


# -- the runs and the table ------------------------------------------------

def summarise(runs):
    """best / median per-call seconds per step over all batches."""
    out = {}
    for step in runs[0]["times"]:
        ts = [t for r in runs for t in r["times"][step]]
        out[step] = {"best": min(ts), "median": statistics.median(ts),
                     "n_batches": len(ts)}
    return out


def flops_fwd_bwd(sizes, m):
    """Multiply-adds x 2 of the matrix products of one forward + backward."""
    fwd = sum(2 * m * a * b for a, b in zip(sizes[:-1], sizes[1:]))
    dW = fwd                                        # Delta^T A, each layer
    dA = sum(2 * m * a * b for a, b in zip(sizes[1:-1], sizes[2:]))
    return fwd, fwd + dW + dA


def measure(args, sides_for, env=None, label="as is"):
    results = {"label": label, "shapes": {}}
    spec0 = {"batch_seconds": args.batch_seconds, "batches": args.batches}
    for shape in SHAPES:
        sides = sides_for(shape)
        runs = {s: [] for s in sides}
        for r in range(args.repeats):
            order = sides if r % 2 == 0 else sides[::-1]
            for side in order:
                if side == "central_differences" and r >= 1:
                    continue      # slow and noise-free enough: one process
                print(f"  [{label}] {shape:15s} repeat {r + 1}/"
                      f"{args.repeats}: {side}", file=sys.stderr, flush=True)
                runs[side].append(run_worker(
                    dict(spec0, side=side, shape=shape), env))
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


def derive(results):
    """Ratios and rates, from best times; targets from the issue."""
    d = {}
    for shape, entry in results["shapes"].items():
        sizes, m = SHAPES[shape]
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
    targets = {
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
    limits = {"torch_over_ours_2-3-2-1 >= 5": (5, 1),
              "torch_over_ours_2-64-64-1 >= 1.3": (1.3, 1),
              "torch_over_ours_784-256-128-10 >= 0.9": (0.9, 1),
              "fwd_bwd_over_fwd_784-256-128-10 <= 3.0": (3.0, -1),
              "share_of_matmul_rate_784-256-128-10 >= 0.6": (0.6, 1)}
    met = {}
    for k, v in targets.items():
        bound, sign = limits[k]
        met[k] = None if v is None else bool(sign * (v - bound) >= 0)
    return d, {"values": targets, "met": met}


def measure_training(args, with_torch, env=None):
    """The digits trained to the end, and single steps, side by side."""
    out = {"digits": {}, "steps": {}, "settings": DIGITS}
    spec0 = {"batch_seconds": args.batch_seconds, "batches": args.batches}
    sides = ["train_ours", "train_sklearn"] + (
        ["train_torch"] if with_torch else [])
    runs = {s: [] for s in sides}
    for r in range(args.repeats):
        for side in (sides if r % 2 == 0 else sides[::-1]):
            print(f"  [training] digits repeat {r + 1}/{args.repeats}: "
                  f"{side}", file=sys.stderr, flush=True)
            runs[side].append(run_worker(dict(spec0, side=side), env))
    for side, rs in runs.items():
        ts = [r["seconds"] for r in rs]
        out["digits"][side] = {
            "best": min(ts), "median": statistics.median(ts),
            "processes": len(rs),
            "test_accuracy": sorted({r["test_accuracy"] for r in rs})}
    sides = ["step_ours", "step_backward"] + (
        ["step_torch"] if with_torch else [])
    for shape in SHAPES:
        runs = {s: [] for s in sides}
        for r in range(args.repeats):
            for side in (sides if r % 2 == 0 else sides[::-1]):
                print(f"  [training] {shape:15s} repeat {r + 1}/"
                      f"{args.repeats}: {side}", file=sys.stderr, flush=True)
                runs[side].append(run_worker(
                    dict(spec0, side=side, shape=shape), env))
        out["steps"][shape] = {side: summarise(rs)["step"]
                               for side, rs in runs.items()}
    return out


TRAINING_TARGETS = {
    # name: (their side, where, bound)
    "sklearn_over_ours_digits >= 2": ("train_sklearn", "digits", 2.0),
    "torch_over_ours_digits >= 3": ("train_torch", "digits", 3.0),
    "torch_over_ours_step_2-3-2-1 >= 5": ("step_torch", "2-3-2-1", 5.0),
    "torch_over_ours_step_2-64-64-1 >= 1.3": ("step_torch", "2-64-64-1",
                                              1.3),
    "torch_over_ours_step_784-256-128-10 >= 1.0": ("step_torch", LARGEST,
                                                   1.0),
}


def derive_training(training):
    """Ratios of their best time to ours; the targets of issue 16."""
    ratios = {}
    dig = training["digits"]
    for side in dig:
        if side != "train_ours":
            ratios[f"{side}_over_ours_digits"] = (
                dig[side]["best"] / dig["train_ours"]["best"])
    for shape, entry in training["steps"].items():
        for side in entry:
            if side != "step_ours":
                ratios[f"{side}_over_ours_{shape}"] = (
                    entry[side]["best"] / entry["step_ours"]["best"])
    values, met = {}, {}
    for name, (side, where, bound) in TRAINING_TARGETS.items():
        key = f"{side}_over_ours_{where}"
        values[name] = ratios.get(key)
        met[name] = None if values[name] is None else bool(
            values[name] >= bound)
    return ratios, {"values": values, "met": met}


def training_table(training):
    names = {"train_ours": "backprop_utils", "train_sklearn": "scikit-learn",
             "train_torch": "PyTorch", "step_ours": "backprop_utils",
             "step_backward": "backward + update",
             "step_torch": "PyTorch"}
    cfg = training["settings"]
    lines = [f"training the digits: {'-'.join(map(str, cfg['sizes']))}, "
             f"{cfg['epochs']} epochs, batches of {cfg['batch']}, "
             f"eta {cfg['eta']} (training only)",
             f"{'side':20s} {'best':>11s} {'median':>11s}  {'vs ours':>8s}"
             f"  test accuracy"]
    dig = training["digits"]
    for side, e in dig.items():
        acc = ", ".join(f"{a:.2%}" for a in e["test_accuracy"])
        lines.append(f"{names[side]:20s} {_fmt(e['best'])} "
                     f"{_fmt(e['median'])}  "
                     f"{e['best'] / dig['train_ours']['best']:7.2f}x  {acc}")
    lines.append("one training step (forward, backward, update):")
    for shape, entry in training["steps"].items():
        for side, e in entry.items():
            lines.append(f"{shape:15s} {names[side]:20s} {_fmt(e['best'])} "
                         f"{_fmt(e['median'])}  "
                         f"{e['best'] / entry['step_ours']['best']:7.2f}x")
    return "\n".join(lines)


def _fmt(t):
    return (f"{t * 1e6:8.1f} us" if t < 1e-3 else
            f"{t * 1e3:8.2f} ms" if t < 1 else f"{t:8.2f} s ")


def _report_head(args, info):
    """What every results file starts with: the command, the date, the
    machine and the method."""
    return {
        "command": " ".join([sys.executable] + sys.argv),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": info,
        "method": {"repeats": args.repeats, "batches": args.batches,
                   "batch_seconds": args.batch_seconds,
                   "one_process_per_configuration": True,
                   "ratios_from": "best times", "environment": "as is"},
    }


def print_targets(targets):
    for k, v in targets["values"].items():
        state = {True: "met", False: "MISSED", None: "not measured"}[
            targets["met"][k]]
        shown = "-" if v is None else f"{v:.2f}"
        print(f"  {k:45s} {shown:>7s}  {state}")


def run_training_part(args, with_torch, out):
    started = time.time()
    info = machine_info(with_torch)
    training = measure_training(args, with_torch)
    ratios, targets = derive_training(training)
    text = training_table(training)
    report = dict(
        _report_head(args, info), training=training, ratios=ratios,
        targets=targets, seconds_taken=round(time.time() - started, 1),
        table=text)
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(text)
    print("targets (from best times):")
    print_targets(targets)
    print(f"written to {out}")


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
                    f"{_fmt(s['best'])} {_fmt(s['median'])}  {ratio:7.2f}x")
    mm = results["matmul"]
    big = derived[LARGEST]
    lines.append(f"numpy {mm['n']}x{mm['n']} matrix product: "
                 f"{mm['gflops_best']:.1f} GFLOP/s (best)")
    lines.append(f"{LARGEST} forward+backward: {big['gflops_fwd_bwd']:.1f} "
                 f"GFLOP/s = {big['share_of_matmul_rate']:.0%} of it; "
                 f"fwd+bwd / fwd = {big['fwd_bwd_over_fwd']:.2f}")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--out", default=None,
                   help="default: bench/results.json, or with --quick "
                   "_build/bench-quick.json (a smoke test never replaces "
                   "the committed results)")
    p.add_argument("--repeats", type=int, default=6)
    p.add_argument("--batches", type=int, default=5)
    p.add_argument("--batch-seconds", type=float, default=0.1)
    p.add_argument("--quick", action="store_true",
                   help="2 repeats of 3 short batches (a smoke test)")
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--part", choices=["all", "gradient", "training"],
                   default="all",
                   help="the gradient part (results.json, which the "
                   "appendix reads), the training part (training.json), "
                   "or both (default)")
    p.add_argument("--also-malloc-tuned", action="store_true",
                   help="also run numpy and torch with glibc's malloc "
                   "trim/mmap thresholds raised (a diagnosis: how much of "
                   "the time is page faults on fresh memory)")
    args = p.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return
    if args.quick:
        args.repeats, args.batches, args.batch_seconds = 2, 3, 0.03
    if args.out is None:
        args.out = str(HERE.parent / "_build" / "bench-quick.json"
                       if args.quick else HERE / "results.json")
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    training_out = Path(args.out).with_name(
        "bench-quick-training.json" if args.quick else "training.json")
    with_torch = torch_available() and not args.no_torch
    if args.part in ("all", "training"):
        run_training_part(args, with_torch, training_out)
    if args.part == "training":
        return

    def sides_for(shape):
        sides = ["numpy"] + (["torch"] if with_torch else [])
        if shape == "2-3-2-1":
            sides.append("micrograd")
        if shape != LARGEST:
            sides.append("central_differences")
        return sides

    started = time.time()
    info = machine_info(with_torch)
    results = measure(args, sides_for)
    derived, targets = derive(results)
    report = dict(_report_head(args, info), results=results,
                  derived=derived, targets=targets)
    text = table(results, derived)
    if any(os.environ.get(k) for k in OPENBLAS_VARS):
        env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_VARS}
        alt = measure(args, lambda s: ["numpy"], env,
                      label="OPENBLAS_CORETYPE/L2_SIZE unset")
        report["results_openblas_env_unset"] = alt
    if args.also_malloc_tuned:
        env = dict(os.environ, MALLOC_TRIM_THRESHOLD_="1000000000",
                   MALLOC_MMAP_THRESHOLD_="1000000000")
        alt = measure(args, lambda s: ["numpy"] + (
            ["torch"] if with_torch else []), env,
            label="glibc malloc thresholds raised")
        alt_derived, alt_targets = derive(alt)
        report["results_malloc_tuned"] = {
            "environment": {k: env[k] for k in (
                "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")},
            "results": alt, "derived": alt_derived, "targets": alt_targets,
            "table": table(alt, alt_derived)}
        text += ("\n\nDiagnosis only, not the headline: with glibc malloc "
                 "thresholds raised\n" + table(alt, alt_derived))
    report["seconds_taken"] = round(time.time() - started, 1)
    report["table"] = text
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(f"machine: {info['cpu_model']}, {info['cores']} cores; python "
          f"{info['python']}, numpy {info['numpy']}, torch {info['torch']}")
    print(text)
    print("targets (from best times):")
    print_targets(targets)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
