"""Learner-style answers to chapter 8's "Write it yourself" exercises.

ch8.hidden_deltas: ``hidden_deltas(dH_out, H, W_hh)``, the deltas
dJ/dz_t of a vanilla recurrent layer, shape (m, T, n_h), by the
recursion dh = dH_out[:, t - 1] + delta[:, t] @ W_hh, delta[:, t - 1] =
dh * (1 - H[:, t] ** 2), from t = T down to 1.
ch8.shared_weight_gradient: ``shared_weight_gradient(delta, H)``,
dJ/dW_hh = sum over steps and examples of delta[:, t - 1].T @ H[:, t - 1].
ch8.clip_by_norm: ``clip_gradients(grads, max_norm)``, a new dict with
every array scaled by min(1, max_norm / norm), the norm over all entries
of all arrays together; the arrays given are left unchanged.

Written blind by a tester, from the chapter's page (its text, its stubs,
the hidden solutions and the package's public functions), one file each,
before reading the checker (backprop_utils/practice/) or the mistakes
page, and sorted into correct and wrong by the tester: every correct
answer was compared with the notebook's hidden solutions on varied sizes
(m = 1..5, T = 1..6, n_h = 2..5, h_0 zero and not, m == n_h once; dicts
of 2 to 3 arrays of shapes from 0-d to 3-d, an all-zero gradient, norms
above and below max_norm), twice over, to rtol 1e-6 (1e-4 for float32
answers), leaving its arguments unchanged; every wrong answer differs
from them in value, shape or type, raises, changes an argument, changes
between calls, or returns the very dict it was given (see the notes);
both hang entries were still running after a 10 s timeout. Every
``code`` string is the tester's file verbatim (its one-line header of
verdict, kind and why removed) and defines one top-level function; the
state_between_calls answers also define a module-level variable.

Counts (82 answers):

exercise                     correct  wrong  hang  total
ch8.hidden_deltas                6     21     1     28
ch8.shared_weight_gradient       5     20     0     25
ch8.clip_by_norm                 7     21     1     29
total                           18     62     2     82

kind                  count
other                    10
odd_return                8
mutates_input             4
transpose                 3
wrong_state               3
constant_multiple         3
wrong_axis                3
fixed_size                3
state_between_calls       3
own_raise                 3
missing_derivative        2
extra_derivative          2
sign                      2
hang                      2
wrong_shape               2
overwrite_shares          2
recurrence_dropped        1
a_for_z                   1
one_step_loss             1
last_step_only            1
per_element               1
per_array                 1
squared_norm              1
no_min                    1
zero_norm                 1

Which replies name each kind is in tests/test_practice_bank.py (NAMES):
a kind missing there accepts only general replies.

Notes for whoever uses the bank:
- ``ch8.clip_by_norm/torch-eps`` is PyTorch's clip_grad_norm_ formula,
  max_norm / (norm + 1e-6) clamped at 1, which the chapter and the
  package's docstring name as the same operation; it differs from the
  exact factor by a relative 1e-6 / norm. It is marked correct; the
  checker's float64 tolerance (rtol 1e-7) rejected it, and the exercise
  now compares to a relative 1e-5 (``exercise(..., rtol=)``).
- ``ch8.clip_by_norm/zero-division`` divides by a Python float without a
  guard: it is right whenever the gradient is not all zeros, and raises
  ZeroDivisionError on an all-zero gradient (the hidden solution guards
  that case). Marked wrong; the checker had no all-zero case and
  accepted it, and now has one.
- ``ch8.clip_by_norm/same-dict-when-short`` returns the dict it was
  given when no clipping is needed; the task asks for a new dict, and a
  caller that changes the result then changes its own gradients. Its
  numbers are always right, and it changes nothing itself. Marked wrong
  (kind other); a debatable call, which the checker follows: it names
  an argument returned itself where a new object is asked for.
- ``ch8.shared_weight_gradient/zero-step-one-inplace`` sets delta[:, 0]
  to 0 in the caller's array; with h_0 = 0 its numbers are right, with
  h_0 != 0 it also drops step 1's share.
- ``ch8.hidden_deltas/single-example-matmul`` raises unless m == n_h,
  and gives wrong numbers when m == n_h.
- Several correct answers rename their parameters; they are right only
  if the checker calls positionally (it does).
"""

BANK = [
    # ------------------------------------------------------------------
    # ch8.hidden_deltas -- correct
    dict(id='ch8.hidden_deltas/loop-per-example',
         exercise='ch8.hidden_deltas', verdict='correct', kind=None, factor=None,
         why='Plain loops over the examples and the steps, one example at a time as in deltas_loop, with W_hh.T @ delta.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    for i in range(m):
        for t in range(T, 0, -1):
            dh = dH_out[i, t - 1].copy()
            if t < T:
                dh = dh + W_hh.T @ delta[i, t]
            delta[i, t - 1] = dh * (1 - H[i, t] ** 2)
    return delta
'''),
    dict(id='ch8.hidden_deltas/einsum-renamed',
         exercise='ch8.hidden_deltas', verdict='correct', kind=None, factor=None,
         why='Renamed parameters; the carried adjoint through W_hh written as an einsum over the hidden index, the slopes computed up front.',
         code='''
import numpy as np
def hidden_deltas(grad_out, states, W):
    steps = grad_out.shape[1]
    slopes = 1.0 - states[:, 1:] ** 2          # tanh'(z_t) for t = 1..T
    out = np.empty_like(grad_out, dtype=float)
    back = np.zeros_like(grad_out[:, 0], dtype=float)
    for k in reversed(range(steps)):
        out[:, k] = (grad_out[:, k] + back) * slopes[:, k]
        back = np.einsum("mj,jk->mk", out[:, k], W)
    return out
'''),
    dict(id='ch8.hidden_deltas/float32',
         exercise='ch8.hidden_deltas', verdict='correct', kind=None, factor=None,
         why='The batch recursion of the task text in float32; right to float32 precision.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    dH_out = np.asarray(dH_out, dtype=np.float32)
    H = np.asarray(H, dtype=np.float32)
    W_hh = np.asarray(W_hh, dtype=np.float32)
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T + 1, n_h), dtype=np.float32)   # delta[:, T] stays 0
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] + delta[:, t] @ W_hh
        delta[:, t - 1] = dh * (1 - H[:, t] * H[:, t])
    return delta[:, :T]
'''),
    dict(id='ch8.hidden_deltas/package',
         exercise='ch8.hidden_deltas', verdict='correct', kind=None, factor=None,
         why="Calls the package's rnn_backward with dummy inputs and input weights (they do not affect the deltas) and returns its delta.",
         code='''
import numpy as np
from backprop_utils import rnn_backward
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    X = np.zeros((m, T, 1))
    W_xh = np.zeros((n_h, 1))
    return rnn_backward(dH_out, X, H, W_xh, W_hh).delta
'''),
    dict(id='ch8.hidden_deltas/recursive',
         exercise='ch8.hidden_deltas', verdict='correct', kind=None, factor=None,
         why='A recursive helper returns delta_t from delta_{t+1}; the deltas are collected in a list and stacked along axis 1.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    T = dH_out.shape[1]
    out = [None] * T
    def step(t, carried):
        if t == 0:
            return
        d = (dH_out[:, t - 1] + carried) * (1 - np.square(H[:, t]))
        out[t - 1] = d
        step(t - 1, d @ W_hh)
    step(T, np.zeros_like(dH_out[:, 0], dtype=float))
    return np.stack(out, axis=1)
'''),
    dict(id='ch8.hidden_deltas/vectorised-flip',
         exercise='ch8.hidden_deltas', verdict='correct', kind=None, factor=None,
         why='Computes the slopes for all steps at once, builds the deltas in a Python list from T down to 1, and reverses it into an array.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    slopes = 1 - H[:, 1:] ** 2
    rev = []
    d_next = None
    for k in range(dH_out.shape[1] - 1, -1, -1):
        dh = dH_out[:, k] if d_next is None else dH_out[:, k] + d_next @ W_hh
        d_next = dh * slopes[:, k]
        rev.append(d_next)
    return np.stack(rev[::-1], axis=1)
'''),
    # ------------------------------------------------------------------
    # ch8.hidden_deltas -- wrong
    dict(id='ch8.hidden_deltas/transposed-whh',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='transpose', factor=None,
         why="Carries the adjoint back with delta @ W_hh.T (the forward direction's matrix) instead of delta @ W_hh = (W_hh^T delta)^T.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] + carried
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1] @ W_hh.T
    return delta
'''),
    dict(id='ch8.hidden_deltas/slope-at-previous-state',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='wrong_state', factor=None,
         why="Takes tanh' at the state the step read, 1 - h_{t-1}^2 (H[:, t - 1]), instead of the state it wrote, h_t.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] + carried
        delta[:, t - 1] = dh * (1 - H[:, t - 1] ** 2)
        carried = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/no-slope',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='missing_derivative', factor=None,
         why="Leaves out tanh' altogether: returns the adjoints dC/dh_t, not the deltas dC/dz_t.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        delta[:, t - 1] = dH_out[:, t - 1] + carried
        carried = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/no-recurrence',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='recurrence_dropped', factor=None,
         why="Drops the term from later steps: each delta is its own step's share times tanh', as if W_hh were never reused.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    return dH_out * (1 - H[:, 1:] ** 2)
'''),
    dict(id='ch8.hidden_deltas/slope-not-carried',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='missing_derivative', factor=None,
         why='Carries the whole adjoint dh back (dh @ W_hh) instead of the delta, so the slopes of later steps never reach earlier ones.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] + carried
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        carried = dh @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/slope-twice',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='extra_derivative', factor=None,
         why="Multiplies the carried term by tanh' when carrying it and again when forming the delta: the slope counted twice for the recurrent share.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        slope = 1 - H[:, t] ** 2
        dh = dH_out[:, t - 1] + carried * slope
        delta[:, t - 1] = dh * slope
        carried = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/tanh-of-h',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='a_for_z', factor=None,
         why="Computes tanh'(z) as 1 - tanh(h)^2, applying tanh to the state a second time.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] + carried
        delta[:, t - 1] = dh * (1 - np.tanh(H[:, t]) ** 2)
        carried = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/last-loss-only',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='one_step_loss', factor=None,
         why="Starts the recursion from the last step's share only and ignores dH_out of the earlier steps (as if only h_T had a loss).",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    dh = dH_out[:, T - 1]
    for t in range(T, 0, -1):
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        dh = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/forward-order',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='other', factor=None,
         why="Runs the recursion forwards in time, adding the previous step's delta (delta_{t-1} W_hh) instead of the next one's.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(1, T + 1):
        dh = dH_out[:, t - 1] + carried
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/sign',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='sign', factor=None,
         why='Subtracts the carried term ("going backwards"), dh = dH_out - delta_{t+1} W_hh.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] - carried
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/mean-over-batch',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='constant_multiple', factor='1/m',
         why='Divides the deltas by the batch size m, though dH_out already holds the shares of dC/dh_t.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] + carried
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1] @ W_hh
    return delta / m
'''),
    dict(id='ch8.hidden_deltas/batch-summed-carry',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='wrong_axis', factor=None,
         why='Sums the carried term over the examples (delta_{t+1}.sum(axis=0) @ W_hh) and adds that one row to every example.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros(n_h)
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] + carried
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1].sum(axis=0) @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/inplace-dH',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='mutates_input', factor=None,
         why="Accumulates the carried term into dH_out itself (dH_out[:, t - 2] += ...); right numbers, but the caller's array is changed.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    for t in range(T, 0, -1):
        delta[:, t - 1] = dH_out[:, t - 1] * (1 - H[:, t] ** 2)
        if t > 1:
            dH_out[:, t - 2] += delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/single-example-matmul',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='transpose', factor=None,
         why='Copies the single-example W_hh.T @ delta_{t+1} from the chapter to a batch, where rows are examples: raises unless m == n_h, and is wrong when it does not.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1].copy()
        if t < T:
            dh += W_hh.T @ delta[:, t]
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
    return delta
'''),
    dict(id='ch8.hidden_deltas/fixed-sizes',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='fixed_size', factor=None,
         why="Hard-codes the worked example's sizes (one example, T = 4 steps, 3 hidden units) for the array of deltas.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    delta = np.zeros((1, 4, 3))
    for t in range(4, 0, -1):
        dh = dH_out[:, t - 1]
        if t < 4:
            dh = dh + delta[:, t] @ W_hh
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
    return delta
'''),
    dict(id='ch8.hidden_deltas/state-between-calls',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='state_between_calls', factor=None,
         why="Keeps the carried adjoint in a module-level variable that is never reset, so a second call starts from the first call's delta_1 W_hh.",
         code='''
import numpy as np
_carry = {}
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = _carry.get((m, n_h), np.zeros((m, n_h)))
    for t in range(T, 0, -1):
        dh = dH_out[:, t - 1] + carried
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1] @ W_hh
    _carry[(m, n_h)] = carried
    return delta
'''),
    dict(id='ch8.hidden_deltas/tuple-like-deltas-loop',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='odd_return', factor=None,
         why="Returns (delta, dh) as the chapter's deltas_loop does, not the deltas alone.",
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    dh = np.zeros((m, T, n_h))
    for t in range(T, 0, -1):
        dh[:, t - 1] = dH_out[:, t - 1]
        if t < T:
            dh[:, t - 1] += delta[:, t] @ W_hh
        delta[:, t - 1] = dh[:, t - 1] * (1 - H[:, t] ** 2)
    return delta, dh
'''),
    dict(id='ch8.hidden_deltas/no-return',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='odd_return', factor=None,
         why='Fills delta and prints it, but forgets the return: the function returns None.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        delta[:, t - 1] = (dH_out[:, t - 1] + carried) * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1] @ W_hh
    print(delta)
'''),
    dict(id='ch8.hidden_deltas/while-no-decrement',
         exercise='ch8.hidden_deltas', verdict='hang', kind='hang', factor=None,
         why='A while loop over the steps that never decrements t.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    t = T
    while t > 0:
        delta[:, t - 1] = (dH_out[:, t - 1] + carried) * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/all-states-shape',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='wrong_shape', factor=None,
         why='Returns the whole (m, T + 1, n_h) buffer with a slot for step T + 1, instead of the T deltas.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T + 1, n_h))
    for t in range(T, 0, -1):
        delta[:, t - 1] = (dH_out[:, t - 1] + delta[:, t] @ W_hh) * (1 - H[:, t] ** 2)
    return delta
'''),
    dict(id='ch8.hidden_deltas/index-error',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='own_raise', factor=None,
         why='Indexes dH_out by t instead of t - 1 (off by one), which raises IndexError at t = T.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    carried = np.zeros((m, n_h))
    for t in range(T, 0, -1):
        dh = dH_out[:, t] + carried
        delta[:, t - 1] = dh * (1 - H[:, t] ** 2)
        carried = delta[:, t - 1] @ W_hh
    return delta
'''),
    dict(id='ch8.hidden_deltas/off-by-one-states',
         exercise='ch8.hidden_deltas', verdict='wrong', kind='wrong_state', factor=None,
         why='Slices the slopes as 1 - H[:, :-1]**2 (h_0..h_{T-1}) in a vectorised version of the loop: every slope one state early.',
         code='''
import numpy as np
def hidden_deltas(dH_out, H, W_hh):
    slope = 1 - H[:, :-1] ** 2
    delta = np.zeros_like(dH_out, dtype=float)
    carried = 0.0
    for k in range(dH_out.shape[1] - 1, -1, -1):
        delta[:, k] = (dH_out[:, k] + carried) * slope[:, k]
        carried = delta[:, k] @ W_hh
    return delta
'''),
    # ------------------------------------------------------------------
    # ch8.shared_weight_gradient -- correct
    dict(id='ch8.shared_weight_gradient/loops-outer',
         exercise='ch8.shared_weight_gradient', verdict='correct', kind=None, factor=None,
         why='Plain loops over the examples and the steps, adding np.outer(delta_t, h_{t-1}) for each.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    m, T, n_h = delta.shape
    dW = np.zeros((n_h, H.shape[2]))
    for i in range(m):
        for t in range(1, T + 1):
            dW += np.outer(delta[i, t - 1], H[i, t - 1])
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/einsum',
         exercise='ch8.shared_weight_gradient', verdict='correct', kind=None, factor=None,
         why='One einsum over examples and steps with the states h_0..h_{T-1}.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    return np.einsum("mti,mtj->ij", delta, H[:, :-1])
'''),
    dict(id='ch8.shared_weight_gradient/stacked-matmul',
         exercise='ch8.shared_weight_gradient', verdict='correct', kind=None, factor=None,
         why='Stacks every step and example into (mT, n_h) matrices and makes one matrix product, as the chapter says the package does.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    n_h = delta.shape[2]
    D = delta.reshape(-1, n_h)
    P = H[:, :-1].reshape(-1, H.shape[2])
    return D.T @ P
'''),
    dict(id='ch8.shared_weight_gradient/float32-renamed',
         exercise='ch8.shared_weight_gradient', verdict='correct', kind=None, factor=None,
         why='Renamed parameters; tensordot over the example and step axes in float32; right to float32 precision.',
         code='''
import numpy as np
def shared_weight_gradient(deltas, states):
    d = np.asarray(deltas, dtype=np.float32)
    prev = np.asarray(states, dtype=np.float32)[:, :-1]
    return np.tensordot(d, prev, axes=([0, 1], [0, 1]))
'''),
    dict(id='ch8.shared_weight_gradient/sum-of-shares',
         exercise='ch8.shared_weight_gradient', verdict='correct', kind=None, factor=None,
         why="A list of per-step shares delta_t^T H_{t-1} added with sum(), the chapter's shares written for a batch.",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    shares = [delta[:, t - 1].T @ H[:, t - 1] for t in range(1, T + 1)]
    return sum(shares)
'''),
    # ------------------------------------------------------------------
    # ch8.shared_weight_gradient -- wrong
    dict(id='ch8.shared_weight_gradient/state-h-t',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='wrong_state', factor=None,
         why="Uses h_t (H[:, t]) in step t's share instead of h_{t-1}, the state W_hh multiplied.",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    dW = np.zeros((delta.shape[2], H.shape[2]))
    for t in range(1, T + 1):
        dW += delta[:, t - 1].T @ H[:, t]
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/transposed',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='transpose', factor=None,
         why='Multiplies in the other order, H_{t-1}^T delta_t: the transpose of the gradient (same shape since W_hh is square).',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    dW = np.zeros((H.shape[2], delta.shape[2]))
    for t in range(1, T + 1):
        dW += H[:, t - 1].T @ delta[:, t - 1]
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/last-step-only',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='last_step_only', factor=None,
         why="Takes only the last step's share, delta_T^T h_{T-1}, as for a weight used once.",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    return delta[:, -1].T @ H[:, -2]
'''),
    dict(id='ch8.shared_weight_gradient/overwritten-backwards',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='overwrite_shares', factor=None,
         why="Loops from T down to 1 and assigns each share (=) instead of adding it (+=): keeps step 1's share only.",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    dW = np.zeros((delta.shape[2], H.shape[2]))
    for t in range(T, 0, -1):
        dW = delta[:, t - 1].T @ H[:, t - 1]
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/overwritten-forwards',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='overwrite_shares', factor=None,
         why="Loops from 1 to T and assigns each share instead of adding it: keeps step T's share only.",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    for t in range(1, T + 1):
        dW = delta[:, t - 1].T @ H[:, t - 1]
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/mean-over-batch',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='constant_multiple', factor='1/m',
         why='Divides by the batch size m, though the task asks for the sum over the examples (the deltas already carry any 1/m).',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    m = delta.shape[0]
    return np.einsum("mti,mtj->ij", delta, H[:, :-1]) / m
'''),
    dict(id='ch8.shared_weight_gradient/mean-over-steps',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='constant_multiple', factor='1/T',
         why='Averages the shares over the T steps instead of adding them.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    shares = [delta[:, t - 1].T @ H[:, t - 1] for t in range(1, T + 1)]
    return np.mean(shares, axis=0)
'''),
    dict(id='ch8.shared_weight_gradient/batch-summed-first',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='wrong_axis', factor=None,
         why='Sums the deltas and the states over the examples first and takes the outer product of the sums, mixing examples.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    dW = 0
    for t in range(1, T + 1):
        dW = dW + np.outer(delta[:, t - 1].sum(axis=0), H[:, t - 1].sum(axis=0))
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/np-outer-batch',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='wrong_shape', factor=None,
         why="Uses the chapter's np.outer on batch rows; np.outer flattens them, giving an (m n_h, m n_h) matrix (right only for m = 1).",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    return sum(np.outer(delta[:, t - 1], H[:, t - 1]) for t in range(1, T + 1))
'''),
    dict(id='ch8.shared_weight_gradient/zero-step-one-inplace',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='mutates_input', factor=None,
         why='Sets delta[:, 0] = 0 in the argument ("step 1\'s share is zero since h_0 = 0"): changes the caller\'s deltas, and drops step 1 when h_0 is not 0.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    delta[:, 0] = 0.0          # step 1's share is zero, h_0 = 0
    return np.einsum("mti,mtj->ij", delta, H[:, :-1])
'''),
    dict(id='ch8.shared_weight_gradient/sign',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='sign', factor=None,
         why='Returns minus the sum, the descent direction instead of the gradient.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    return -np.einsum("mti,mtj->ij", delta, H[:, :-1])
'''),
    dict(id='ch8.shared_weight_gradient/global-accumulator',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='state_between_calls', factor=None,
         why="Accumulates into a module-level dW that is never reset, so every call adds to the previous calls' sums.",
         code='''
import numpy as np
dW = None
def shared_weight_gradient(delta, H):
    global dW
    if dW is None or dW.shape != (delta.shape[2], H.shape[2]):
        dW = np.zeros((delta.shape[2], H.shape[2]))
    for t in range(1, delta.shape[1] + 1):
        dW += delta[:, t - 1].T @ H[:, t - 1]
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/fixed-sizes',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='fixed_size', factor=None,
         why="Hard-codes the worked example's 3 hidden units and 4 steps.",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    dW = np.zeros((3, 3))
    for t in range(1, 5):
        dW += delta[:, t - 1].T @ H[:, t - 1]
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/tuple-with-shares',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='odd_return', factor=None,
         why='Returns the sum together with the list of shares, (dW, shares), to print them as the chapter does.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    shares = [delta[:, t].T @ H[:, t] for t in range(delta.shape[1])]
    return sum(shares), shares
'''),
    dict(id='ch8.shared_weight_gradient/none',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='odd_return', factor=None,
         why='Updates a local dW with += in a loop and forgets the return: None.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    dW = np.zeros((delta.shape[2], H.shape[2]))
    for t in range(delta.shape[1]):
        dW += delta[:, t].T @ H[:, t]
'''),
    dict(id='ch8.shared_weight_gradient/range-misses-last',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='other', factor=None,
         why="Loops over range(1, T), leaving out step T's share (off by one at the end).",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    dW = np.zeros((delta.shape[2], H.shape[2]))
    for t in range(1, T):
        dW += delta[:, t - 1].T @ H[:, t - 1]
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/extra-wraparound-share',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='other', factor=None,
         why='Loops t over 0..T; t = 0 indexes [-1], adding an extra share delta_T^T h_T.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    T = delta.shape[1]
    dW = np.zeros((delta.shape[2], H.shape[2]))
    for t in range(0, T + 1):
        if t <= T:
            dW += delta[:, t - 1].T @ H[:, t - 1]
    return dW
'''),
    dict(id='ch8.shared_weight_gradient/full-H-error',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='own_raise', factor=None,
         why='Stacks the deltas with all T + 1 states, whose row counts differ: the matrix product raises a ValueError.',
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    n_h = delta.shape[2]
    return delta.reshape(-1, n_h).T @ H.reshape(-1, H.shape[2])
'''),
    dict(id='ch8.shared_weight_gradient/slope-again',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='extra_derivative', factor=None,
         why="Multiplies the deltas by tanh' once more (1 - h_t^2) before forming the shares, though the deltas already include it.",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    d = delta * (1 - H[:, 1:] ** 2)
    return np.einsum("mti,mtj->ij", d, H[:, :-1])
'''),
    dict(id='ch8.shared_weight_gradient/transpose-reshape',
         exercise='ch8.shared_weight_gradient', verdict='wrong', kind='other', factor=None,
         why="Reshapes the states' slice transposed to (n_h, mT) with reshape instead of .T, scrambling which state goes with which delta.",
         code='''
import numpy as np
def shared_weight_gradient(delta, H):
    n_h = delta.shape[2]
    D = delta.reshape(-1, n_h)
    P = H[:, :-1].reshape(n_h, -1)
    return (P @ D).T
'''),
    # ------------------------------------------------------------------
    # ch8.clip_by_norm -- correct
    dict(id='ch8.clip_by_norm/concatenate',
         exercise='ch8.clip_by_norm', verdict='correct', kind=None, factor=None,
         why='Flattens and concatenates every array, takes np.linalg.norm, and scales copies; a zero gradient is left alone.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    flat = np.concatenate([np.ravel(g) for g in grads.values()]) if grads else np.zeros(0)
    norm = np.linalg.norm(flat)
    scale = 1.0 if norm <= max_norm else max_norm / norm
    return {k: np.array(g) * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/loops-math',
         exercise='ch8.clip_by_norm', verdict='correct', kind=None, factor=None,
         why='Adds the squares entry by entry in Python loops with math.sqrt, then builds the new dict in a loop.',
         code='''
import math
import numpy as np
def clip_gradients(grads, max_norm):
    total = 0.0
    for name in grads:
        for v in np.asarray(grads[name]).flat:
            total += float(v) * float(v)
    norm = math.sqrt(total)
    factor = 1.0
    if norm > max_norm:
        factor = max_norm / norm
    out = {}
    for name in grads:
        out[name] = np.asarray(grads[name]) * factor
    return out
'''),
    dict(id='ch8.clip_by_norm/norm-of-norms-renamed',
         exercise='ch8.clip_by_norm', verdict='correct', kind=None, factor=None,
         why='Renamed parameters; the joint norm as the norm of the per-array norms (the same number), min(1, kappa / norm) with a guard for 0.',
         code='''
import numpy as np
def clip_gradients(g, kappa):
    total = np.linalg.norm([np.linalg.norm(a) for a in g.values()])
    s = min(1.0, kappa / total) if total > 0 else 1.0
    return {name: np.multiply(a, s) for name, a in g.items()}
'''),
    dict(id='ch8.clip_by_norm/package',
         exercise='ch8.clip_by_norm', verdict='correct', kind=None, factor=None,
         why="Calls the package's clip_by_norm and returns the clipped dict, the first item of its (clipped, norm) pair.",
         code='''
from backprop_utils import clip_by_norm
def clip_gradients(grads, max_norm):
    clipped, norm = clip_by_norm(grads, max_norm)
    return clipped
'''),
    dict(id='ch8.clip_by_norm/torch-eps',
         exercise='ch8.clip_by_norm', verdict='correct', kind=None, factor=None,
         why="PyTorch's clip_grad_norm_ formula, scale = max_norm / (norm + 1e-6) clamped at 1; off from the exact scale by a relative 1e-6 / norm.",
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values()))
    coef = min(max_norm / (norm + 1e-6), 1.0)
    return {k: g * coef for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/float32',
         exercise='ch8.clip_by_norm', verdict='correct', kind=None, factor=None,
         why='Computes in float32 (vdot of the raveled arrays); right to float32 precision.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    g32 = {k: np.asarray(v, dtype=np.float32) for k, v in grads.items()}
    sq = np.float32(0)
    for v in g32.values():
        sq += np.vdot(v.ravel(), v.ravel())
    norm = np.sqrt(sq)
    scale = np.float32(min(1.0, max_norm / norm)) if norm > 0 else np.float32(1)
    return {k: v * scale for k, v in g32.items()}
'''),
    dict(id='ch8.clip_by_norm/max-denominator',
         exercise='ch8.clip_by_norm', verdict='correct', kind=None, factor=None,
         why='Writes the factor as max_norm / max(norm, max_norm), equal to min(1, max_norm / norm) and safe for a zero gradient; copies with np.copy first.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    out = {k: np.copy(v) for k, v in grads.items()}
    norm = np.sqrt(np.sum([np.sum(v * v) for v in out.values()]))
    factor = max_norm / max(norm, max_norm)
    for k in out:
        out[k] *= factor
    return out
'''),
    # ------------------------------------------------------------------
    # ch8.clip_by_norm -- wrong
    dict(id='ch8.clip_by_norm/each-element',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='per_element', factor=None,
         why='Clips each entry to [-max_norm, max_norm] with np.clip (clipping by value).',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/each-array',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='per_array', factor=None,
         why='Scales each array by its own norm, min(1, max_norm / ||g||), instead of the joint norm.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    out = {}
    for k, g in grads.items():
        n = np.linalg.norm(g)
        out[k] = g * min(1.0, max_norm / n) if n > 0 else g.copy()
    return out
'''),
    dict(id='ch8.clip_by_norm/squared-norm',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='squared_norm', factor=None,
         why='Uses the sum of squares without the square root as the norm.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = sum(np.sum(g ** 2) for g in grads.values())
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/always-rescale',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='no_min', factor=None,
         why='Always scales to norm max_norm (no min with 1), so a short gradient is stretched.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {k: g * (max_norm / norm) for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/inplace',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='mutates_input', factor=None,
         why='Scales each array in place with *= and returns a new dict of the same (changed) arrays.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return dict(grads)
'''),
    dict(id='ch8.clip_by_norm/dict-mutated',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='mutates_input', factor=None,
         why="Replaces the entries of the dict it was given (grads[k] = ...) and returns that same dict; the arrays are new but the caller's dict now holds the clipped ones.",
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    for k in grads:
        grads[k] = grads[k] * scale
    return grads
'''),
    dict(id='ch8.clip_by_norm/package-tuple',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='odd_return', factor=None,
         why="Returns the package's clip_by_norm result as it is, the pair (clipped, norm), not the dict.",
         code='''
from backprop_utils import clip_by_norm
def clip_gradients(grads, max_norm):
    return clip_by_norm(grads, max_norm)
'''),
    dict(id='ch8.clip_by_norm/list-returned',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='odd_return', factor=None,
         why='Returns a list of the clipped arrays, losing the names.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return [g * scale for g in grads.values()]
'''),
    dict(id='ch8.clip_by_norm/string-when-short',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='odd_return', factor=None,
         why='Returns a message string when the norm is already within the limit, the clipped dict only otherwise.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm <= max_norm:
        return "no clipping needed"
    return {k: g * (max_norm / norm) for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/no-return',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='odd_return', factor=None,
         why='Builds the clipped dict in a local variable and forgets to return it: None.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    clipped = {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/norm-of-list',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='own_raise', factor=None,
         why='Calls np.linalg.norm on the list of arrays, which raises for arrays of different shapes (and works only when all shapes agree).',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.linalg.norm(list(grads.values()))
    scale = min(1.0, max_norm / norm)
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/while-forever',
         exercise='ch8.clip_by_norm', verdict='hang', kind='hang', factor=None,
         why='Shrinks the arrays by 0.9 in a while loop on the norm, but never recomputes the norm: never ends once the gradient is too long.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    out = {k: np.array(g, dtype=float) for k, g in grads.items()}
    norm = np.sqrt(sum(np.sum(g ** 2) for g in out.values()))
    while norm > max_norm:
        for k in out:
            out[k] = out[k] * 0.9
    return out
'''),
    dict(id='ch8.clip_by_norm/max-instead-of-min',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='other', factor=None,
         why='Writes max(1, max_norm / norm): leaves long gradients alone and stretches short ones.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = max(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/inverted-ratio',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='other', factor=None,
         why='Scales by min(1, norm / max_norm), the ratio upside down.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, norm / max_norm)
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/cached-norm',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='state_between_calls', factor=None,
         why='Computes the norm on the first call only and keeps it in a module-level variable "to save time".',
         code='''
import numpy as np
_norm = None
def clip_gradients(grads, max_norm):
    global _norm
    if _norm is None:
        _norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / _norm) if _norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/rms',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='other', factor=None,
         why='Uses the root mean square of the entries (np.mean instead of np.sum) as the norm.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    flat = np.concatenate([g.ravel() for g in grads.values()])
    norm = np.sqrt(np.mean(flat ** 2))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/sum-of-norms',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='other', factor=None,
         why="Adds the arrays' norms (sum of ||g||) instead of taking the square root of the sum of squares.",
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = sum(np.linalg.norm(g) for g in grads.values())
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/fixed-keys',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='fixed_size', factor=None,
         why="Hard-codes the vanilla cell's three keys W_xh, W_hh and b: KeyError (or missing entries) for any other dict.",
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    gx, gh, gb = grads["W_xh"], grads["W_hh"], grads["b"]
    norm = np.sqrt(np.sum(gx ** 2) + np.sum(gh ** 2) + np.sum(gb ** 2))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {"W_xh": gx * scale, "W_hh": gh * scale, "b": gb * scale}
'''),
    dict(id='ch8.clip_by_norm/column-norms',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='wrong_axis', factor=None,
         why='Takes np.linalg.norm along axis 0, clipping each column of each array by its own norm.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    out = {}
    for k, g in grads.items():
        n = np.linalg.norm(g, axis=0, keepdims=True) if np.ndim(g) else np.abs(g)
        out[k] = g * np.minimum(1.0, max_norm / np.maximum(n, 1e-300))
    return out
'''),
    dict(id='ch8.clip_by_norm/zero-division',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='zero_norm', factor=None,
         why='Divides by the norm as a Python float with no guard: ZeroDivisionError when the gradient is all zeros.',
         code='''
import math
import numpy as np
def clip_gradients(grads, max_norm):
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    scale = min(1.0, max_norm / norm)
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/max-abs-norm',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='other', factor=None,
         why='Measures the gradient by its largest entry (the max norm) instead of the Euclidean norm.',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = max(np.max(np.abs(g)) for g in grads.values())
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}
'''),
    dict(id='ch8.clip_by_norm/same-dict-when-short',
         exercise='ch8.clip_by_norm', verdict='wrong', kind='other', factor=None,
         why='Returns the very dict it was given when no clipping is needed, though the task asks for a new dict (a caller that changes the result then changes its gradients).',
         code='''
import numpy as np
def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm <= max_norm:
        return grads
    return {k: g * (max_norm / norm) for k, g in grads.items()}
'''),
]
