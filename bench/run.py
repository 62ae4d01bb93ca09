"""Why backprop is fast: time it against its peers, side by side.

Usage (from the project root):

    make bench                               # numpy sides only
    make bench BENCH_PYTHON=/path/to/python  # the same, plus PyTorch, if
                                             # that interpreter has torch
    ... bench/run.py --quick                 # fewer repeats, a smoke test
                                             # (written under _build/)
    ... bench/run.py --out other.json        # default: bench/results.json
    ... bench/run.py --part training         # one part only
    ... bench/run.py --part conv             # chapter 7's convolution
    ... bench/run.py --part recurrent        # chapter 8's RNN and LSTM

`make bench` adds ``--also-malloc-tuned``: a second measurement of the
gradient with glibc's malloc thresholds raised, reported separately as
a diagnosis (bench/README.md).

This file is the entry point and the configuration; the parts live
beside it, one module each, sharing one way to time and to report:

- ``gradient.py``: one forward and backward pass against PyTorch, a
  scalar autodiff engine and central differences (``results.json``,
  which the book's appendix reads);
- ``training.py``: training itself, against scikit-learn and PyTorch
  (``training.json``);
- ``conv.py``: chapter 7's convolution layer and its digits CNN, against
  PyTorch (``conv.json``);
- ``recurrent.py``: chapter 8's RNN and LSTM layers and their digits
  networks (each image read row by row), against PyTorch
  (``recurrent.json``);
- ``common.py``: timing in fresh processes, alternation of the sides,
  the machine's description, targets and tables.

Method: every (configuration, side) runs in its own fresh Python
process, so allocator and BLAS-thread state from one configuration
cannot leak into another, and PyTorch's threads never share a process
with numpy's. The sides of one configuration are alternated (A B, then
B A, ...) over several repeats; each process times several batches of
calls after a warm-up. We report the best (least disturbed) and the
median per-call time over all batches. Ratios use best times. The
environment is left as it is; it is recorded in the JSON (OPENBLAS_*
variables included). If OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE is set,
the numpy sides of the gradient are run a second time with both unset
and reported separately (the headline stays the environment as it is).
"""

import argparse
import json
import sys
from pathlib import Path

import conv
import gradient
import recurrent
import training
from common import torch_available

HERE = Path(__file__).resolve().parent
# The networks (sizes, batch m) of both parts. The appendix of the book
# reads this assignment from this file (it parses, never runs, it): keep
# it here, and a literal.
SHAPES = {
    "2-3-2-1": ([2, 3, 2, 1], 4),
    "2-64-64-1": ([2, 64, 64, 1], 256),
    "784-256-128-10": ([784, 256, 128, 10], 256),
}
PARTS = {"gradient": gradient, "training": training, "conv": conv,
         "recurrent": recurrent}


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
    p.add_argument("--part", choices=["all"] + list(PARTS),
                   default="all",
                   help="the gradient part (results.json, which the "
                   "appendix reads), the training part (training.json), "
                   "the convolution part (conv.json), the recurrent part "
                   "(recurrent.json), or all (default)")
    p.add_argument("--also-malloc-tuned", action="store_true",
                   help="also run numpy and torch with glibc's malloc "
                   "trim/mmap thresholds raised (a diagnosis: how much of "
                   "the time is page faults on fresh memory)")
    args = p.parse_args()
    if args.worker:
        spec = json.loads(args.worker)
        print(json.dumps(PARTS[spec["part"]].worker(spec)))
        return
    if args.quick:
        args.repeats, args.batches, args.batch_seconds = 2, 3, 0.03
    if args.out is None:
        args.out = str(HERE.parent / "_build" / "bench-quick.json"
                       if args.quick else HERE / "results.json")
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    training_out = Path(args.out).with_name(
        "bench-quick-training.json" if args.quick else "training.json")
    conv_out = Path(args.out).with_name(
        "bench-quick-conv.json" if args.quick else "conv.json")
    recurrent_out = Path(args.out).with_name(
        "bench-quick-recurrent.json" if args.quick else "recurrent.json")
    with_torch = torch_available() and not args.no_torch
    if args.part in ("all", "training"):
        training.run_part(args, SHAPES, with_torch, training_out)
    if args.part in ("all", "gradient"):
        gradient.run_part(args, SHAPES, with_torch, args.out)
    if args.part in ("all", "conv"):
        conv.run_part(args, SHAPES, with_torch, conv_out)
    if args.part in ("all", "recurrent"):
        recurrent.run_part(args, SHAPES, with_torch, recurrent_out)


if __name__ == "__main__":
    main()
