"""Naming a result that is exactly a constant times the right one: the
constant found (``_constant``) among factors made of the case's sizes
(``_formulas``), and said in words (``_factor_words``).
"""

import itertools
from fractions import Fraction

import numpy as np

from .outcomes import _tolerance

def _ratio(x, y, eps):
    """c with x = c y, entry by entry, or None."""
    yy = float(np.sum(y * y))
    if not np.isfinite(x).all() or yy == 0:
        return None
    c = float(np.sum(x * y)) / yy
    if not np.allclose(x, c * y, rtol=_tolerance(eps) * 10,
                       atol=_tolerance(eps) * 10 * float(np.abs(y).max())):
        return None
    return c


def _formulas(sizes):
    """Candidate factors made of a case's sizes: {text: value}."""
    out = {"-1": Fraction(-1), "2": Fraction(2), "1/2": Fraction(1, 2),
           "-2": Fraction(-2), "-1/2": Fraction(-1, 2)}
    names = list(sizes)
    for s in names:
        v = Fraction(sizes[s][0])
        out[s] = v
        out[f"1/{s}"] = 1 / v
        out[f"2{s}"] = 2 * v
        out[f"1/(2{s})"] = 1 / (2 * v)
        out[f"-{s}"] = -v
        out[f"-1/{s}"] = -1 / v
        out[f"1/{s}²"] = 1 / (v * v)
    for s, t in itertools.permutations(names, 2):
        out[f"{s}/{t}"] = Fraction(sizes[s][0]) / Fraction(sizes[t][0])
    return out


def _constant(ex, mine, right):
    """The factor c (its formula, in words) with mine = c × right on
    every case, or None."""
    ratios = []
    for k, (a, b) in enumerate(zip(mine, right)):
        if a.parts is None or b.parts is None or len(a.parts) != len(
                b.parts):
            return None
        base = None
        if ex.step_from is not None:
            base = ex.step_from(ex.cases[k])
            base = [np.asarray(w, float) for w in
                    (base if isinstance(base, (list, tuple)) else [base])]
        xs, ys = [], []
        for j, ((_, x), (_, y)) in enumerate(zip(a.parts, b.parts)):
            if x.shape != y.shape:
                return None
            if base is not None:
                x, y = x - base[j], y - base[j]
            xs.append(x.ravel())
            ys.append(y.ravel())
        c = _ratio(np.concatenate(xs), np.concatenate(ys), a.eps)
        if c is None:
            return None
        ratios.append(c)
    if not ratios or all(abs(c - 1) < 1e-6 for c in ratios):
        return None
    found = None
    for k, case in enumerate(ex.cases):
        fits = {text for text, v in _formulas(ex.sizes(case)).items()
                if abs(float(v) - ratios[k]) <= 1e-6 * abs(ratios[k])}
        found = fits if found is None else found & fits
    if not found:
        return None
    simplest = min(len(t) for t in found)
    return sorted(t for t in found if len(t) == simplest)


def _factor_words(ex, formulas):
    """What a factor means, in the words of the case's sizes."""
    sizes = ex.sizes(ex.cases[0])
    formula = formulas[0]
    named = [s for s in sizes if s in formula]
    values = ", ".join(f"{s} = {sizes[s][0]}, {sizes[s][1]}" for s in named)
    values = f" ({values}, in the first case)" if values else ""
    either = " or ".join(formulas)
    bare = formula.lstrip("-")
    if bare == "2":
        meaning = ("a factor 2 too many: every factor comes from the chain "
                   "rule, and a 2 only from a square without ½")
    elif bare == "1/2":
        meaning = ("a factor 2 missing: the derivative of a square without "
                   "½ keeps its 2")
    elif bare.startswith("1/"):
        meaning = ("an extra division: a mean taken twice, or a division "
                   "that does not belong")
    elif "/" in bare:
        top, bottom = bare.split("/")
        meaning = (f"a division by {bottom} where {top} belongs, the mean "
                   f"taken over the wrong count")
    else:
        meaning = "a division left out, a sum where the mean belongs"
    if formula.startswith("-"):
        meaning += ", and the sign turned over"
    return f"exactly {either} times the right one{values}", meaning
