"""Chapter 8's mistakes: backpropagation through time, and clipping.

The chapter's letters, for one example: h_t = tanh(z_t), z_t = W_xh x_t
+ W_hh h_(t-1) + b, ℒ_t the loss of step t and ℒ their sum, δ_t =
∂ℒ/∂z_t (a column), ∂ℒ_t/∂h_t the share of ∂ℒ/∂h_t from step t's own
loss (dH_out[:, t - 1] in code); ∇J every parameter's gradient together
and κ the limit of its norm (max_norm). The texts say J, as the
exercises do (any scalar: a loss or a cost), and the code lines use the
batch form, one example per row: H[:, t] is h_t (H[:, 0] is h_0),
delta[:, t - 1] is δ_t.

The mistakes of these exercises that the catalogue already has (W_hh
transposed, tanh's slope left out at every step, a gradient transposed,
an argument changed in place) are its general entries; the exercises
point them to this chapter's sections.
"""

from .record import Mistake

__all__ = ["MISTAKES"]

_CH8 = "ch8_recurrent.ipynb"
_DELTAS = (_CH8, "Deltas over time")
_CLIPPING = (_CH8, "Clipping the gradient")
# the recursion, for one example: the right one, and its parts
_OWN = r"\frac{\partial \mathcal{L}_t}{\partial h_t}"
_RIGHT_DELTA = (r"\bigl(" + _OWN + r" + W_{hh}^\top \delta_{t+1}\bigr) "
                r"\odot (1 - h_t^2)")

MISTAKES = [
    Mistake(
        "recurrence_dropped",
        "The gradient from later steps dropped",
        "your deltas hold each step's own loss only: the gradient that "
        "comes back from the later steps, through W_hh, is missing",
        "h_t feeds the output of step t and also z_(t+1), the next step, "
        "so its adjoint is the sum of the two shares (adjoints add, as in "
        "chapter 6): dH_out[:, t - 1] + δ_(t+1) W_hh, with one example "
        "per row; going from t = T down to 1, each delta carries back "
        "everything the later steps owe to h_t",
        *_DELTAS,
        r"\delta_t = " + _OWN + r" \odot (1 - h_t^2) \quad (\text{should "
        r"be } \delta_t = " + _RIGHT_DELTA + ")",
        "dh = dH_out[:, t - 1] + dh_next  # not dh = dH_out[:, t - 1]\n"
        "dh_next = delta[:, t - 1] @ W_hh  # what step t - 1 receives"),
    Mistake(
        "last_step_only",
        "The gradient from the last step only",
        "your result uses the last step only, where every step adds its "
        "share",
        "a network with an output at every step has a loss at every step, "
        "ℒ = Σ_t ℒ_t, and uses the same W_hh at every step: every step's "
        "loss sends its gradient back (dH_out[:, t - 1] at every t, not "
        "only at T), and the gradient of W_hh sums the shares of all T "
        "steps",
        _CH8, "The gradient from the last step only",
        r"\frac{\partial \mathcal{L}}{\partial W_{hh}} = \delta_T "
        r"h_{T-1}^\top \quad "
        r"(\text{should be } \textstyle\sum_{t=1}^{T} \delta_t "
        r"h_{t-1}^\top)",
        "dh = dH_out[:, t - 1] + dh_next  # not dh_next alone for t < T\n"
        "np.einsum('mti,mtj->ij', delta, H[:, :-1])  "
        "# not delta[:, -1].T @ H[:, -2]"),
    Mistake(
        "steps_not_summed",
        "Per-step gradients not added up",
        "your gradient holds the share of one step only, or each step's "
        "share apart, where the shares of all T steps add up",
        "W_hh is used at every step, as a node used several times is in "
        "chapter 6, so its gradient is the sum of every step's share "
        "δ_t h_(t-1)ᵀ: a loop over the steps adds with +=, never "
        "overwrites (a loop from T down to 1 that overwrites keeps the "
        "first step's share, δ_1 h_0ᵀ)",
        _CH8, "Per-step gradients not added up",
        r"\frac{\partial \mathcal{L}}{\partial W_{hh}} = \delta_1 "
        r"h_0^\top \quad "
        r"(\text{should be } \textstyle\sum_{t=1}^{T} \delta_t "
        r"h_{t-1}^\top)",
        "dW_hh += delta[:, t - 1].T @ H[:, t - 1]  "
        "# not dW_hh = delta[:, t - 1].T @ H[:, t - 1]"),
    Mistake(
        "slope_in_part",
        "The slope of tanh left out in part",
        "your deltas leave out tanh's slope 1 - h_t² in part: at one step "
        "only, on one of the two terms of dJ/dh_t (the step's own dH_out, "
        "or what comes back from step t + 1), or in what is passed back "
        "or returned (dJ/dh_t itself, where dJ/dz_t belongs)",
        "everything that reaches z_t passes through h_t = tanh(z_t), so "
        "δ_t is the whole of dJ/dh_t, both terms together, times "
        "1 - h_t², at every step, the last one included; that δ_t is "
        "what the function returns and what goes back to step t - 1 "
        "(δ_t W_hh); mind the brackets: a + b @ W * s multiplies b @ W "
        "alone",
        _CH8, "The slope of tanh left out",
        r"\delta_t = " + _OWN + r" + (W_{hh}^\top \delta_{t+1}) \odot "
        r"(1 - h_t^2) \quad (\text{should be } \delta_t = " + _RIGHT_DELTA
        + ")",
        "(dH_out[:, t - 1] + dh_next) * (1 - H[:, t] ** 2)  "
        "# not dH_out[:, t - 1] + dh_next * (1 - H[:, t] ** 2)"),
    Mistake(
        "wrong_hidden_state",
        "The wrong hidden state",
        "your result takes h_(t-1) where h_t belongs, or h_t where "
        "h_(t-1) belongs: H[:, t - 1] and H[:, t] swapped",
        "H holds h_0 first, so h_t is H[:, t], while delta and dH_out "
        "start at step 1: delta[:, t - 1] is δ_t. Step t reads h_(t-1) "
        "and makes h_t: tanh's slope at step t is taken at the state it "
        "made, 1 - h_t², and W_hh multiplies the state it read, so the "
        "gradient of W_hh pairs δ_t with h_(t-1)",
        _CH8, "The wrong hidden state",
        r"\delta_t = \frac{\partial \mathcal{L}}{\partial h_t} \odot "
        r"(1 - h_{t-1}^2),\ \textstyle\sum_t \delta_t h_t^\top \quad "
        r"(\text{should be } \frac{\partial \mathcal{L}}{\partial h_t} "
        r"\odot (1 - h_t^2),\ \textstyle\sum_t \delta_t h_{t-1}^\top)",
        "dh * (1 - H[:, t] ** 2)  # not dh * (1 - H[:, t - 1] ** 2)\n"
        "delta[:, t - 1].T @ H[:, t - 1]  # not delta[:, t - 1].T @ H[:, t]"),
    Mistake(
        "clip_elementwise",
        "Clipping each element instead of the norm",
        "your result cuts each entry to [-max_norm, max_norm] on its own, "
        "where one factor scales the whole gradient",
        "clipping by the norm keeps the gradient's direction: every entry "
        "of every array is multiplied by the same factor "
        "min(1, max_norm / norm), the norm taken over all the entries "
        "together; cutting each entry turns the step, and leaves a long "
        "gradient made of many small entries as long as it was",
        _CH8, "Clipping each element instead of the norm",
        r"\text{each entry } g \text{ of } \nabla J \text{ cut to } "
        r"\max(-\kappa, \min(\kappa, g)) \quad (\text{should be } \nabla J "
        r"\leftarrow \nabla J \cdot \min(1, \kappa / \lVert \nabla J "
        r"\rVert))",
        "G * min(1.0, max_norm / norm)  "
        "# not np.clip(G, -max_norm, max_norm)"),
    Mistake(
        "clip_each_array",
        "Each array clipped by its own norm",
        "your result scales each array by its own norm, where one factor, "
        "from the norm of all the arrays together, scales them all",
        "the gradient is one vector made of every parameter's entries: "
        "its norm is the square root of the sum of the squares of all "
        "the entries of all the arrays, and one factor scales every "
        "array, so that the step keeps its direction; a factor per array "
        "scales W_hh, W_xh and b by different numbers, and the step turns",
        _CH8, "Clipping each element instead of the norm",
        r"G \leftarrow G \cdot \min(1, \kappa / \lVert G \rVert) \text{ "
        r"for each array } G \quad (\text{should be } G \cdot \min(1, "
        r"\kappa / \lVert \nabla J \rVert),\ \lVert \nabla J \rVert^2 = "
        r"\textstyle\sum_G \lVert G \rVert^2)",
        "norm = np.sqrt(sum(np.sum(G ** 2) for G in grads.values()))  "
        "# not np.linalg.norm(G), one per array"),
    Mistake(
        "clip_normalised",
        "Every gradient stretched to the limit",
        "your result scales the gradient to the norm max_norm even when "
        "its norm is below max_norm already",
        "clipping only shortens a gradient that is too long: the factor "
        "min(1, max_norm / norm) is 1 for a gradient whose norm is at "
        "most max_norm, which passes unchanged; max_norm / norm alone "
        "stretches every short gradient to the limit, and the steps no "
        "longer shrink near a minimum",
        *_CLIPPING,
        r"\nabla J \leftarrow \nabla J \cdot \kappa / \lVert \nabla J "
        r"\rVert \quad (\text{should be } \nabla J \leftarrow \nabla J "
        r"\cdot \min(1, \kappa / \lVert \nabla J \rVert))",
        "scale = min(1.0, max_norm / norm)  # not max_norm / norm"),
    Mistake(
        "squared_norm",
        "The squared norm where the norm belongs",
        "your result compares max_norm with the sum of the squares, the "
        "squared norm, where the norm, its square root, belongs",
        "the norm is the square root of the sum of the squared entries; "
        "without the root a gradient of norm 3 counts as 9, so the "
        "clipping starts too early and shortens too much (and, for a "
        "norm below 1, too little)",
        *_CLIPPING,
        r"\nabla J \cdot \min(1, \kappa / \lVert \nabla J \rVert^2) "
        r"\quad (\text{should be } \nabla J \cdot \min(1, \kappa / "
        r"\lVert \nabla J \rVert),\ \lVert \nabla J \rVert = "
        r"\sqrt{\textstyle\sum g^2})",
        "norm = np.sqrt(sum(np.sum(G ** 2) for G in grads.values()))  "
        "# not the sum without np.sqrt"),
    Mistake(
        "clip_wrong_factor",
        "The wrong factor of clipping",
        "your result multiplies every array by one factor, as clipping by "
        "norm does, but not by min(1, max_norm / norm)",
        "the factor is 1 when the norm is at most max_norm, and "
        "max_norm / norm, below 1, when the norm is above it: min, not "
        "max, and max_norm over the norm, not the norm over max_norm; the "
        "norm is the square root of the sum of the squares of every entry "
        "of every array, not their mean, their largest entry or the sum "
        "of the arrays' own norms, and it is computed anew for every "
        "gradient",
        *_CLIPPING,
        r"\nabla J \cdot c,\ c \ne \min(1, \kappa / \lVert \nabla J "
        r"\rVert) \quad (\text{should be } \nabla J \cdot \min(1, "
        r"\kappa / \lVert \nabla J \rVert),\ \lVert \nabla J \rVert = "
        r"\sqrt{\textstyle\sum g^2})",
        "scale = min(1.0, max_norm / norm)  # not max(1.0, max_norm / norm)\n"
        "norm = np.sqrt(sum(np.sum(G ** 2) for G in grads.values()))  "
        "# not np.sqrt(np.mean(...)), nor a max"),
]
