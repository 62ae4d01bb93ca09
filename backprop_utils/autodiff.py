"""Automatic differentiation on single numbers: reverse mode and forward mode.

What this module is for: showing how a framework differentiates any
calculation without anyone deriving its deltas. Every operation on a
``Node`` makes a new node that remembers its value, its parents and the
local derivative of itself with respect to each parent. ``backward()``
then visits the nodes from the output back to the inputs, in reverse
topological order, and adds to each parent its share of the adjoint::

    parent.grad += local_derivative * node.grad

(``+=`` because a node used twice receives a share along each use; the
chain rule's sum over paths.) ``Dual`` is forward mode, for comparison:
a value carried with its derivative along one direction, one pass per
input.

What it is not for: speed or tensors. One Python object per number and
per operation is far slower than the vectorised ``Network.backward``;
chapter 6 measures by how much.

Examples
--------
>>> a, b = Node(2.0), Node(-3.0)
>>> e = (a + b) * (b + 1.0)          # e = (a + b)(b + 1)
>>> e.backward()
>>> e.value, a.grad, b.grad          # de/da = b + 1, de/db = a + 2b + 1
(2.0, -2.0, -3.0)
"""

import math
import random
from numbers import Real

__all__ = ["Dual", "Node", "as_lists", "total"]


def _lift(x, kind=None):
    """``x`` as a ``kind`` (Node by default): a plain number becomes a
    constant of that kind."""
    kind = kind or Node
    if isinstance(x, kind):
        return x
    if isinstance(x, Real) and not isinstance(x, bool):
        return kind(float(x))
    raise TypeError(f"expected a {kind.__name__} or a real number; got "
                    f"{type(x).__name__} {x!r}")


class Node:
    """One number in a calculation, and how it was computed.

    Parameters
    ----------
    value : float
    parents : tuple of Node, default ()
        The nodes this one was computed from (none for an input).
    local : tuple of float, default ()
        ``d self / d parent`` for each parent, in the same order.

    Attributes
    ----------
    value : float
    grad : float
        The adjoint ``d output / d self`` after the output's
        ``backward()``; 0.0 before.
    """

    __slots__ = ("value", "grad", "parents", "local", "op")

    def __init__(self, value, parents=(), local=(), op=""):
        self.value = float(value)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local = tuple(float(d) for d in local)
        self.op = op

    def __repr__(self):
        return f"Node({self.value:.6g}, grad={self.grad:.6g})"

    # -- operations: the value, and each local derivative --------------

    def __add__(self, other):
        other = _lift(other)
        return Node(self.value + other.value, (self, other), (1.0, 1.0),
                    "+")

    def __mul__(self, other):
        other = _lift(other)
        return Node(self.value * other.value, (self, other),
                    (other.value, self.value), "*")

    def __neg__(self):
        return Node(-self.value, (self,), (-1.0,), "neg")

    def __sub__(self, other):
        other = _lift(other)
        return Node(self.value - other.value, (self, other), (1.0, -1.0),
                    "-")

    def __truediv__(self, other):
        other = _lift(other)
        q = self.value / other.value
        return Node(q, (self, other), (1.0 / other.value, -q / other.value),
                    "/")

    def __pow__(self, p):
        if not isinstance(p, Real) or isinstance(p, bool):
            raise TypeError("the exponent must be a plain number (a power "
                            f"x ** p with p fixed); got {p!r}")
        return Node(self.value ** p, (self,),
                    (p * self.value ** (p - 1),), f"**{p:g}")

    def __radd__(self, other):
        return _lift(other) + self

    def __rmul__(self, other):
        return _lift(other) * self

    def __rsub__(self, other):
        return _lift(other) - self

    def __rtruediv__(self, other):
        return _lift(other) / self

    def exp(self):
        e = math.exp(self.value)
        return Node(e, (self,), (e,), "exp")

    def log(self):
        if self.value <= 0:
            raise ValueError(f"log needs a positive number; got "
                             f"{self.value}")
        return Node(math.log(self.value), (self,), (1.0 / self.value,),
                    "log")

    def relu(self):
        on = self.value > 0                 # relu'(0) = 0, as the course
        return Node(self.value if on else 0.0, (self,),
                    (1.0 if on else 0.0,), "relu")

    def sigmoid(self):
        v = self.value
        s = (1.0 / (1.0 + math.exp(-v)) if v >= 0
             else math.exp(v) / (1.0 + math.exp(v)))
        return Node(s, (self,), (s * (1.0 - s),), "sigmoid")

    def tanh(self):
        t = math.tanh(self.value)
        return Node(t, (self,), (1.0 - t * t,), "tanh")

    # -- the reverse pass ---------------------------------------------

    def graph(self):
        """Every node this one depends on, itself last, each after all
        of its parents (a topological order). Iterative: a chain of any
        length needs no recursion."""
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node.parents)
        return order

    def backward(self):
        """Fill in ``grad`` for every node of the graph: ``d self / d
        node``.

        Every adjoint of the graph is first reset to 0, so each call
        gives the derivatives of this output alone (PyTorch instead adds
        to ``.grad`` until ``zero_grad()``). Then, from this node back,
        each node passes ``local * grad`` to each parent with ``+=``.
        """
        order = self.graph()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local):
                parent.grad += local * node.grad


def total(nodes):
    """The sum of nodes (or numbers), one node with a local derivative
    of 1 to each term.

    Examples
    --------
    >>> xs = [Node(1.0), Node(2.0)]
    >>> s = total([x * x for x in xs])
    >>> s.backward(); [x.grad for x in xs]
    [2.0, 4.0]
    """
    terms = [_lift(n) for n in nodes]
    return Node(math.fsum(t.value for t in terms), terms,
                [1.0] * len(terms), "sum")


def as_lists(output, seed=None):
    """The graph of ``output`` as plain lists, nodes numbered 0 to n-1 in
    topological order (``output`` last): for a reverse pass written
    without the ``Node`` class.

    A graph usually has many topological orders. By default the nodes
    come in the order of ``output.graph()``, the one ``backward()``
    visits in reverse; with a ``seed``, in a random one of the others
    (every node still after its parents, ``output`` still last).

    Returns
    -------
    nodes : list of Node
        ``output.graph()``.
    parents : list of list of int
        ``parents[i]``: the numbers of node i's parents.
    local : list of list of float
        ``local[i][k]``: d node i / d its k-th parent.

    Examples
    --------
    >>> a = Node(3.0)
    >>> nodes, parents, local = as_lists(a * a + 1.0)
    >>> parents, local
    ([[], [], [1, 1], [2, 0]], [[], [], [3.0, 3.0], [1.0, 1.0]])
    """
    if not isinstance(output, Node):
        raise TypeError(f"expected a Node; got {type(output).__name__}")
    nodes = output.graph()
    if seed is not None:
        nodes = _random_topological_order(nodes, random.Random(seed))
    number = {id(n): i for i, n in enumerate(nodes)}
    return (nodes, [[number[id(p)] for p in n.parents] for n in nodes],
            [list(n.local) for n in nodes])


def _random_topological_order(nodes, rng):
    """``nodes`` (a topological order) reordered: at each step a random
    one of the nodes whose parents have all been placed (Kahn)."""
    waiting = {id(n): len({id(p) for p in n.parents}) for n in nodes}
    children = {id(n): [] for n in nodes}
    for n in nodes:
        for pid in {id(p) for p in n.parents}:
            children[pid].append(n)
    ready = [n for n in nodes if waiting[id(n)] == 0]
    order = []
    while ready:
        node = ready.pop(rng.randrange(len(ready)))
        order.append(node)
        for child in children[id(node)]:
            waiting[id(child)] -= 1
            if waiting[id(child)] == 0:
                ready.append(child)
    return order


class Dual:
    """Forward mode: a value and its derivative along one direction.

    ``Dual(x, 1.0)`` for the input to differentiate by, ``Dual(c, 0.0)``
    (or a plain number) for every other; after the calculation, ``.dot``
    of the result is its derivative with respect to that input. One
    forward pass gives one derivative.

    Examples
    --------
    >>> a, b = Dual(2.0, 1.0), Dual(-3.0)      # d/da
    >>> e = (a + b) * (b + 1.0)
    >>> e.value, e.dot
    (2.0, -2.0)
    """

    __slots__ = ("value", "dot")

    def __init__(self, value, dot=0.0):
        self.value, self.dot = float(value), float(dot)

    def __repr__(self):
        return f"Dual({self.value:.6g}, {self.dot:.6g})"

    def __add__(self, o):
        o = _lift(o, Dual)
        return Dual(self.value + o.value, self.dot + o.dot)

    def __mul__(self, o):
        o = _lift(o, Dual)
        return Dual(self.value * o.value,
                    self.dot * o.value + self.value * o.dot)

    def __neg__(self):
        return Dual(-self.value, -self.dot)

    def __sub__(self, o):
        o = _lift(o, Dual)
        return Dual(self.value - o.value, self.dot - o.dot)

    def __truediv__(self, o):
        o = _lift(o, Dual)
        q = self.value / o.value
        return Dual(q, (self.dot - q * o.dot) / o.value)

    def __pow__(self, p):
        if not isinstance(p, Real) or isinstance(p, bool):
            raise TypeError(f"the exponent must be a plain number; got "
                            f"{p!r}")
        return Dual(self.value ** p, p * self.value ** (p - 1) * self.dot)

    def __radd__(self, o):
        return _lift(o, Dual) + self

    def __rmul__(self, o):
        return _lift(o, Dual) * self

    def __rsub__(self, o):
        return _lift(o, Dual) - self

    def __rtruediv__(self, o):
        return _lift(o, Dual) / self

    def exp(self):
        e = math.exp(self.value)
        return Dual(e, e * self.dot)

    def log(self):
        if self.value <= 0:
            raise ValueError(f"log needs a positive number; got "
                             f"{self.value}")
        return Dual(math.log(self.value), self.dot / self.value)

    def relu(self):
        on = self.value > 0
        return Dual(self.value if on else 0.0, self.dot if on else 0.0)

    def sigmoid(self):
        v = self.value
        s = (1.0 / (1.0 + math.exp(-v)) if v >= 0
             else math.exp(v) / (1.0 + math.exp(v)))
        return Dual(s, s * (1.0 - s) * self.dot)

    def tanh(self):
        t = math.tanh(self.value)
        return Dual(t, (1.0 - t * t) * self.dot)
