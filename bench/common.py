"""What every part of the benchmark shares: timing in a fresh process,
the alternation of sides, the machine's description, and the report.

What this module is for: ``gradient.py`` and ``training.py`` (and the
parts chapters 7 and 8 add later) measure their sides with these
functions, so that every number in ``results.json`` and
``training.json`` is taken and reported the same way:

- each (configuration, side) runs in its own Python process
  (``run_worker``), started afresh, so that allocator and BLAS-thread
  state cannot leak from one configuration into another;
- the sides of one configuration alternate, A B then B A, over the
  repeats (``alternated``);
- a worker process runs the side its spec names (``dispatch``); the
  digits networks of chapters 7 and 8 train once with their chapter's
  settings (``train_once``);
- inside a process, each timed function is warmed up, calibrated, then
  timed over several batches of calls (``time_batches``); the best
  (least disturbed) and the median per-call time are kept
  (``summarise``), and ratios use best times;
- a target is a ratio and a bound (``check_targets``), printed met or
  MISSED (``print_targets``).

What it is not for: deciding what is measured. That is each part's job.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUN = HERE / "run.py"              # the entry point, which runs workers too
OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


# -- timing --------------------------------------------------------------

def time_batches(fns, batch_seconds, n_batches):
    """Per-call times of each fn, batches interleaved between the fns.

    Each fn is called once to warm up, then calibrated: the number of
    calls doubles until they take a quarter of ``batch_seconds``. Returns
    ``{name: [seconds per call, one per batch]}``.
    """
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


def summarise(runs):
    """best / median per-call seconds per step over all batches."""
    out = {}
    for step in runs[0]["times"]:
        ts = [t for r in runs for t in r["times"][step]]
        out[step] = {"best": min(ts), "median": statistics.median(ts),
                     "n_batches": len(ts)}
    return out


def alternated(sides, repeats):
    """``(repeat, side)`` pairs: the sides in order, then reversed, ..."""
    for r in range(repeats):
        for side in (sides if r % 2 == 0 else sides[::-1]):
            yield r, side


def run_worker(spec, env=None):
    """Run one worker (``spec["part"]`` says whose) in a fresh process,
    with ``env`` as its environment (default: ours), and return what it
    printed last, as JSON."""
    proc = subprocess.run(
        [sys.executable, str(RUN), "--worker", json.dumps(spec)],
        capture_output=True, text=True, env=env, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {spec} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def dispatch(spec, *, epoch, train, breakdown, layer_prefix, layer):
    """Run, inside a worker process, the function ``spec["side"]`` names,
    for the network ``spec["net"]``: ``epoch_*`` sides and the
    ``layer_prefix`` sides are timed (with the spec's batch seconds and
    batches), ``train_ours`` and ``breakdown_ours`` run once."""
    side, key = spec["side"], spec["net"]
    if side.startswith("epoch_"):
        return epoch(side, key, spec["batch_seconds"], spec["batches"])
    if side == "train_ours":
        return train(key)
    if side == "breakdown_ours":
        return breakdown(key)
    if side.startswith(layer_prefix):
        return layer(side, key, spec["batch_seconds"], spec["batches"])
    raise ValueError(f"unknown side {side!r}")


def train_once(model, X, Y, test, cfg):
    """Train ``model`` with the settings ``cfg`` gives (``eta``,
    ``epochs``, ``batch``; seed 0) and say how it went: the seconds, the
    test accuracy, the final cost, whether it diverged."""
    from backprop_utils import accuracy, gradient_descent
    t0 = time.perf_counter()
    history = gradient_descent(model, X, Y, cfg["eta"], cfg["epochs"],
                               batch_size=cfg["batch"], seed=0)
    seconds = time.perf_counter() - t0
    return {"side": "train_ours", "seconds": seconds,
            "test_accuracy": accuracy(model.predict(test.X), test.labels),
            "final_cost": float(history.cost[-1]),
            "diverged": bool(history.diverged), "pid": os.getpid()}


def progress(text):
    print(f"  {text}", file=sys.stderr, flush=True)


# -- the machine -----------------------------------------------------------

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


# -- the report -------------------------------------------------------------

def torch_epoch(J, X, T, batch, opt, seed, batch_costs=None):
    """PyTorch's side of one epoch, as ``gradient_descent`` runs it: the
    cost ``J`` over all of ``(X, T)``, then one SGD step (``opt``) per
    batch of a shuffle by ``numpy.random.default_rng(seed)``, then the
    cost again; returns the function that runs it and gives both costs.
    With a list as ``batch_costs``, every epoch writes the costs of its
    batches into it (as ``TrainingHistory.batch_costs`` keeps ours).
    """
    import numpy as np
    import torch
    m = X.shape[0]

    def epoch():
        with torch.no_grad():
            costs = [J(X, T).item()]
        if batch_costs is not None:
            batch_costs.clear()
        order = torch.from_numpy(np.random.default_rng(seed).permutation(m))
        Xe, Te = X[order], T[order]
        for start in range(0, m, batch):
            cost = J(Xe[start:start + batch], Te[start:start + batch])
            opt.zero_grad()
            cost.backward()
            opt.step()
            if batch_costs is not None:
                batch_costs.append(cost.item())
        with torch.no_grad():
            costs.append(J(X, T).item())
        return costs
    return epoch


def fmt(t):
    """Seconds, in a unit that suits them, 11 characters wide."""
    return (f"{t * 1e6:8.1f} us" if t < 1e-3 else
            f"{t * 1e3:8.2f} ms" if t < 1 else f"{t:8.2f} s ")


def report_head(args, info):
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


def check_targets(values, bounds):
    """``{"values": ..., "met": ...}`` for targets ``{name: value}``;
    ``bounds[name]`` is ``(bound, +1)`` for "at least" and ``(bound, -1)``
    for "at most". A value of None (not measured) is neither met nor
    missed."""
    met = {}
    for name, v in values.items():
        bound, sign = bounds[name]
        met[name] = None if v is None else bool(sign * (v - bound) >= 0)
    return {"values": values, "met": met}


def layer_part_ratios(result, layer):
    """The ratios of a part that times its digits networks by the epoch
    and one of its layers (chapter 7's ``"conv"``, chapter 8's
    ``"cell"``): our epoch's seconds; with PyTorch, its epoch and its
    whole-set cost over ours; every side of the layer's timings over
    ours (``<layer>_layer``)."""
    out = {}
    for key, ep in result["epoch"].items():
        out[f"epoch_seconds_ours_{key}"] = ep["epoch_ours"]["best"]
        if "epoch_torch" in ep:
            out[f"epoch_torch_over_ours_{key}"] = (
                ep["epoch_torch"]["best"] / ep["epoch_ours"]["best"])
            cost = result["whole_set_cost"][key]
            out[f"whole_set_cost_torch_over_ours_{key}"] = (
                cost["epoch_torch"]["best"] / cost["epoch_ours"]["best"])
    ours = f"{layer}_layer"
    for key, timings in result[layer].items():
        for side in timings:
            if side != ours:
                out[f"{side}_over_layer_{key}"] = (
                    timings[side]["best"] / timings[ours]["best"])
    return out


def targets_of(ratios, table):
    """``check_targets`` for a table ``{name: (the ratio's key, bound,
    +1 for "at least" or -1 for "at most")}``."""
    return check_targets(
        {name: ratios.get(key) for name, (key, _, _) in table.items()},
        {name: (bound, sign) for name, (_, bound, sign) in table.items()})


def print_targets(targets):
    for k, v in targets["values"].items():
        state = {True: "met", False: "MISSED", None: "not measured"}[
            targets["met"][k]]
        shown = "-" if v is None else f"{v:.2f}"
        print(f"  {k:45s} {shown:>7s}  {state}")


# -- a competing load ------------------------------------------------------

SPIN = "while True:\n    pass\n"        # pure Python: one core, no memory


class competing_load:
    """``with competing_load(): ...`` runs the block while another
    process keeps one core busy (a pure Python loop), as a second program
    on a learner's machine would. The process is ours and is stopped, by
    its handle, when the block ends."""

    description = "one other process spinning on one core"

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", SPIN])
        time.sleep(0.2)                   # started and running
        return self

    def __exit__(self, *exc):
        self.proc.kill()
        self.proc.wait()
        return False
