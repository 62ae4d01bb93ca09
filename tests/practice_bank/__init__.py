"""A bank of learner-style answers to the 23 "Write it yourself" exercises,
test data for the checker ``backprop_utils.practice.check``.

The answers were written blind: from what a learner sees (the markdown
around each exercise, the stub, the hidden reference solution and the
package's public functions), without reading the checker, its tests or
the course's page of mistakes, and without calling ``check``.

Each entry of ``BANK`` is a dict:

id        "exercise/short-slug", unique
exercise  the name used in ``check(...)``, e.g. "ch4.deltas"
verdict   "correct", "wrong", or "hang" (never returns)
kind      None for a correct answer; for a wrong one of: sign,
          constant_multiple, transpose, z_for_a, a_for_z,
          missing_derivative, extra_derivative, wrong_axis, mutates_input,
          fixed_depth, repeated_parent, state_between_calls, overflow,
          odd_return, wrong_shape, own_raise, other; chapter 7's flip,
          one_position, batch_not_summed, padding, channels_not_summed,
          pooling_spread, ties; chapter 8's wrong_state,
          recurrence_dropped, one_step_loss, last_step_only,
          overwrite_shares, per_element, per_array, squared_norm, no_min,
          fixed_size, zero_norm; "hang" for a hang
factor    for constant_multiple only: the factor, in the case's sizes
          (m examples, n0 inputs, n1 outputs, n_l units of layer l, K
          classes; in chapter 7 m is the batch size); for
          ch4.gradient_step it multiplies the step W_new - W, for
          list-valued answers every array of the list
why       one sentence on what the learner did
code      self-contained source defining exactly one top-level function,
          the learner's answer (a few also define a module-level variable:
          the state a wrong answer keeps between calls)

How it was verified (a scratch script, not part of the repository), with
a fixed numpy seed: every correct answer matches the notebook's reference
solution, called positionally, on several inputs of varied sizes (scalars
and 0-d arrays where the stub allows them; 2, 3 and 4 layers for the
list-of-layer functions; logits of +-1000 and a spread of 3000 for ch5; a
node using the same parent twice, several topological orders, a
1500-step chain and repeated calls for ch6.reverse_pass), to rtol 1e-5
(1e-4 for float32 answers), leaves its arguments unchanged, gives the same
answer when called again, and raises no numpy warning under the test
suite's "error" filter. Every wrong answer differs from the reference on
some such input in its value, shape or type, raises, changes an argument
(every mutates_input entry was seen to), or changes between calls (every
state_between_calls entry was seen to); every constant_multiple and sign
entry equals factor (or -1) times the reference on the ordinary inputs;
both hang entries were still running after a 4 s timeout.

Chapter 7's 91 answers (ch7.py) were written blind by a later tester,
from the chapter's page and the stub, one file each, and sorted into
correct and wrong by the tester; their code is copied verbatim, except
that the two correct answers that imported scipy inside the function
import it at the top of the cell, so that scipy's first import (about
2 s on a loaded machine) does not count against the checker's 3 s limit.

Chapter 8's 82 answers (ch8.py) were written blind by another tester in
the same way, and sorted by the tester; their code is copied verbatim
(see ch8.py's notes on the answers whose verdict is arguable).

Counts (403 answers: 111 correct, 285 wrong, 7 hang):

exercise                correct  wrong  hang  total
ch1.dloss_da                4      9     0     13
ch1.dloss_dw                4      9     0     13
ch2.grad_W                  4     10     0     14
ch2.grad_b                  4     10     0     14
ch2.output_delta            4      9     0     13
ch3.delta_hidden            5      7     0     12
ch3.grad_W1                 4      9     0     13
ch4.deltas                  4      9     1     14
ch4.weight_gradients        4      9     0     13
ch4.gradient_step           4     10     0     14
ch5.softmax                 5      8     0     13
ch5.cost                    4     11     0     15
ch5.output_gradients        4     11     0     15
ch6.tanh_backward           5      8     0     13
ch6.softmax_backward        4      9     0     13
ch6.reverse_pass            4      9     1     14
ch6.log_node                4     10     0     14
ch7.kernel_gradient         8     25     1     34
ch7.input_gradient          8     21     1     30
ch7.maxpool_backward        6     20     1     27
ch8.hidden_deltas           6     21     1     28
ch8.shared_weight_gradient  5     20     0     25
ch8.clip_by_norm            7     21     1     29
total                     111    285     7    403

kind                  count
other                    60
constant_multiple        27
odd_return               24
mutates_input            23
wrong_axis               16
sign                     13
wrong_shape              13
transpose                12
state_between_calls      11
fixed_depth               8
missing_derivative        8
hang                      7
overflow                  7
padding                   7
extra_derivative          6
flip                      5
own_raise                 5
a_for_z                   4
ties                      4
z_for_a                   4
batch_not_summed          3
fixed_size                3
one_position              3
repeated_parent           3
wrong_state               3
overwrite_shares          2
pooling_spread            2
channels_not_summed       1
last_step_only            1
no_min                    1
one_step_loss             1
per_array                 1
per_element               1
recurrence_dropped        1
squared_norm              1
zero_norm                 1

Notes for whoever uses the bank:
- A few correct answers rename their parameters (``loss_slope(a_hat,
  target)``, ``output_delta(logits, targets)``, ...): they are right only
  if the checker calls positionally.
- ``ch6.reverse_pass/python-list`` returns a plain list of floats, not an
  array; ``ch4.weight_gradients/tuple-matmul`` and
  ``ch5.output_gradients/tuple-einsum`` return tuples. They are marked
  correct on the view that the container does not matter.
- ``ch3.delta_hidden/relu-prime-at-0-is-1`` is marked wrong by the
  course's convention relu'(0) = 0 (``relu_prime``'s docstring); it
  differs only where a pre-activation is exactly 0.
- ``ch5.cost/argmax-loop`` is right for one-hot targets, as the exercise
  states, but not for soft targets.
- The overflow answers (and ``ch5.softmax/one-max``, ``ch5.cost/one-max``)
  are right on moderate logits and differ only on large ones.
"""

from .ch1 import BANK as _CH1
from .ch2 import BANK as _CH2
from .ch3 import BANK as _CH3
from .ch4 import BANK as _CH4
from .ch5 import BANK as _CH5
from .ch6 import BANK as _CH6
from .ch7 import BANK as _CH7
from .ch8 import BANK as _CH8

BANK = [*_CH1, *_CH2, *_CH3, *_CH4, *_CH5, *_CH6, *_CH7, *_CH8]

__all__ = ["BANK"]
