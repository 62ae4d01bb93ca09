"""Chapter 7's mistakes: convolution and pooling."""

from .record import Mistake

__all__ = ["MISTAKES"]

_CH7 = "ch7_convolution.ipynb"
_FLIP = (_CH7, "The kernel not flipped, or flipped twice")
_PADDING = (_CH7, "The padding forgotten")
_SPREAD = (_CH7, "The pooling gradient spread over the window")
# chapter 7's notation: w_{jkαβ} the filters (K in code), δ^(i)_{juv} the
# deltas (dZ, which carries the 1/m), ã the padded input (Xp)
MISTAKES = [
    Mistake(
        "one_position",
        "One position instead of all",
        "your result holds the share of one output position only, where "
        "the shares of every position add up",
        "a convolution uses the same filter at every position of every "
        "example, and reads each input pixel in every window that covers "
        "it: the filter's gradient sums dZ[i,j,u,v] Xp[i,k,u+α,v+β] over "
        "all i, u and v, and each pixel's gradient sums the shares of all "
        "its windows; a loop must add with +=, never overwrite",
        _CH7, "One position instead of all",
        r"\frac{\partial J}{\partial w_{jk\alpha\beta}} = \frac1m "
        r"\textstyle\sum_i \delta^{(i)}_{j00}\, \tilde a^{(i)}_{k\alpha"
        r"\beta} \quad (\text{should be } \frac1m \textstyle\sum_i "
        r"\sum_{u,v} \delta^{(i)}_{juv}\, \tilde a^{(i)}_{k,\,u+\alpha,\,"
        r"v+\beta})",
        "dK[o] += dZ[n, o, i, j] * Xp[n, :, i:i + kh, j:j + kw]  "
        "# not dK[o] = ...\n"
        "dXp[n, :, i:i + kh, j:j + kw] += dZ[n, o, i, j] * K[o]  "
        "# not dXp[...] = ..."),
    Mistake(
        "batch_not_summed",
        "The batch not summed",
        "your kernel gradient is not summed over the batch: it holds one "
        "example's share, or each example's share apart",
        "every example is convolved with the same filters, so dJ/dK is "
        "the sum of every example's share; dZ already carries the 1/m of "
        "the mean cost, so the sum is the whole gradient (dividing by m "
        "again takes the mean twice)",
        _CH7, "The batch not summed",
        r"\frac{\partial J}{\partial w_{jk\alpha\beta}} = \frac1m "
        r"\textstyle\sum_{u,v} \delta^{(i)}_{juv}\, \tilde a^{(i)}_{k,\,"
        r"u+\alpha,\,v+\beta} \text{ for one } i \quad (\text{should be "
        r"} \frac1m \textstyle\sum_i \sum_{u,v} \delta^{(i)}_{juv}\, "
        r"\tilde a^{(i)}_{k,\,u+\alpha,\,v+\beta})",
        "np.einsum('noij,ncij->oc', dZ, Xp[:, :, p:p + Ho, q:q + Wo])  "
        "# not np.einsum('oij,cij->oc', dZ[0], Xp[0, :, p:p + Ho, "
        "q:q + Wo])"),
    Mistake(
        "gradient_flipped",
        "The kernel's gradient flipped",
        "your kernel gradient is the right one flipped in both spatial "
        "axes, rows and columns reversed",
        "the layer correlates, Z[i,j,u,v] = b[j] + Σ K[j,k,α,β] "
        "Xp[i,k,u+α,v+β], so the weight at offset (α, β) meets "
        "Xp[i,k,u+α,v+β] and its gradient is Σ dZ[i,j,u,v] "
        "Xp[i,k,u+α,v+β], with no flip: the flip belongs to the input's "
        "gradient only (a layer that truly convolved, reading Xp at the "
        "mirrored offset, would have the flipped gradient)",
        *_FLIP,
        r"\frac{\partial J}{\partial w_{jk\alpha\beta}} = \frac1m "
        r"\textstyle\sum_{i,u,v} \delta^{(i)}_{juv}\, \tilde a^{(i)}_{k,\,"
        r"u+f_r-1-\alpha,\,v+f_c-1-\beta} \quad (\text{should be } "
        r"\frac1m \textstyle\sum_{i,u,v} \delta^{(i)}_{juv}\, "
        r"\tilde a^{(i)}_{k,\,u+\alpha,\,v+\beta})",
        "dK[:, :, p, q] = np.einsum('noij,ncij->oc', dZ, "
        "Xp[:, :, p:p + Ho, q:q + Wo])\n"
        "dK  # not dK[:, :, ::-1, ::-1]"),
    Mistake(
        "convolved_not_correlated",
        "A convolution where the layer correlates",
        "your kernel gradient convolves Xp with dZ, as "
        "scipy.signal.convolve2d does (dZ slides flipped in both spatial "
        "axes), where the layer's gradient correlates them",
        "the weight at offset (α, β) meets Xp[i,k,u+α,v+β] at the output "
        "position (u, v), so its gradient is Σ dZ[i,j,u,v] "
        "Xp[i,k,u+α,v+β]: dZ slides over Xp as it is, a correlation "
        "(scipy.signal.correlate2d(Xp[n, c], dZ[n, o], 'valid')); a "
        "convolution flips dZ first",
        *_FLIP,
        r"\frac{\partial J}{\partial w_{jk\alpha\beta}} = \frac1m "
        r"\textstyle\sum_{i,u,v} \delta^{(i)}_{j,\,r_l-1-u,\,c_l-1-v}\, "
        r"\tilde a^{(i)}_{k,\,u+\alpha,\,v+\beta} \quad (\text{should be "
        r"} \frac1m \textstyle\sum_{i,u,v} \delta^{(i)}_{juv}\, "
        r"\tilde a^{(i)}_{k,\,u+\alpha,\,v+\beta})",
        "correlate2d(Xp[n, c], dZ[n, o], 'valid')  "
        "# not convolve2d(Xp[n, c], dZ[n, o], 'valid')"),
    Mistake(
        "kernel_not_flipped",
        "The kernel not flipped, or flipped twice",
        "your input gradient uses the kernel unflipped: either it was not "
        "flipped, or it was flipped and then handed to a routine that "
        "flips it again, a true convolution (the two give the same "
        "numbers)",
        "the padded pixel Xp[i,k,t,t'] meets K[j,k,α,β] at the output "
        "position (t - α, t' - β), so its gradient is Σ dZ[i,j,t-α,t'-β] "
        "K[j,k,α,β]: a full convolution of dZ with K; written as a "
        "correlation (a loop over windows, or conv2d), it needs K flipped "
        "in both spatial axes, exactly once",
        *_FLIP,
        r"\frac{\partial \mathcal{L}}{\partial \tilde a_{ktt'}} = "
        r"\textstyle\sum_j \sum_{u,v} \delta_{juv}\, w_{jk,\,u-t+f_r-1,\,"
        r"v-t'+f_c-1} \quad (\text{should be } \textstyle\sum_j "
        r"\sum_{u,v} \delta_{juv}\, w_{jk,\,t-u,\,t'-v})",
        "# dXp: dZ padded by kh - 1 and kw - 1 zeros, correlated with:\n"
        "K[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)  "
        "# not K.transpose(1, 0, 2, 3)"),
    Mistake(
        "padding_forgotten",
        "The padding forgotten",
        "your result is what the layer would give without its padding",
        "the layer reads its windows from Xp, X padded by `padding` zeros "
        "on every side: the kernel's gradient correlates dZ with Xp, not "
        "with X, and the gradient of Xp has `padding` extra rows and "
        "columns on every side, which belong to the zeros, not to X: cut "
        "them off",
        *_PADDING,
        r"\frac{\partial J}{\partial w_{jk\alpha\beta}} = \frac1m "
        r"\textstyle\sum_{i,u,v} \delta^{(i)}_{juv}\, a^{(i)}_{k,\,"
        r"u+\alpha,\,v+\beta} \quad (\text{should be the padded } "
        r"\tilde a^{(i)}\text{; and } \partial \mathcal{L} / \partial a "
        r"\text{ is } \partial \mathcal{L} / \partial \tilde a \text{ "
        r"without its border})",
        "Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))  # not X\n"
        "dX = dXp[:, :, p:H + p, p:W + p]  # not dXp"),
    Mistake(
        "padding_cut_one_side",
        "The padding cut from one side only",
        "your result is the gradient of the padded input with all its "
        "extra rows and columns cut from one side (the bottom and the "
        "right, or the top and the left), where `padding` of them belong "
        "on each side",
        "the padding puts p zeros on every side, so X[i,k,t,t'] sits at "
        "Xp[i,k,t+p,t'+p]: cut p rows and columns from each side, "
        "dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]",
        *_PADDING,
        r"\frac{\partial \mathcal{L}}{\partial a_{ktt'}} = \frac{\partial "
        r"\mathcal{L}}{\partial \tilde a_{ktt'}} \quad (\text{should be } "
        r"\frac{\partial \mathcal{L}}{\partial \tilde a_{k,\,t+p,\,t'+p}})",
        "dX = dXp[:, :, p:H + p, p:W + p]  # not dXp[:, :, :H, :W]"),
    Mistake(
        "channels_not_summed",
        "The output channels not summed",
        "your result sends back the adjoint of one output channel only, "
        "where the shares of every output channel add up",
        "each input channel feeds every output channel j through its own "
        "filter K[j, k], so its gradient sums over j: Σ_j dZ[:, j] "
        "(fully convolved with K[j, k])",
        _CH7, "The gradient of the input",
        r"\frac{\partial \mathcal{L}}{\partial \tilde a_{ktt'}} = "
        r"\textstyle\sum_{u,v} \delta_{juv}\, w_{jk,\,t-u,\,t'-v} \text{ "
        r"for one } j \quad (\text{should be } \textstyle\sum_j "
        r"\sum_{u,v} \delta_{juv}\, w_{jk,\,t-u,\,t'-v})",
        "np.einsum('no,ocpq->ncpq', dZ[:, :, i, j], K)  "
        "# not np.einsum('n,cpq->ncpq', dZ[:, 0, i, j], K[0])"),
    Mistake(
        "pooling_copied",
        "The pooling gradient copied to every cell",
        "your result gives every cell of a window the window's whole "
        "adjoint, where its largest entry alone should get it",
        "the maximum of a window moves with its largest entry only: "
        "nudging any other entry leaves it unchanged, so their gradient "
        "is 0, and the window's dOut goes to its largest entry; copying "
        "dOut to every cell is the backward pass of a sum over the window",
        *_SPREAD,
        r"\text{dOut}_{juv} \text{ to every entry of the window} \quad "
        r"(\text{should be to its first largest entry, and 0 to the "
        r"others})",
        "a, b = divmod(np.argmax(window), s)  # the first largest entry\n"
        "dX[n, c, s*i + a, s*j + b] = dOut[n, c, i, j]  "
        "# not dX[n, c, s*i:s*i + s, s*j:s*j + s] = dOut[n, c, i, j]"),
    Mistake(
        "pooling_averaged",
        "The gradient of average pooling",
        "your result gives every cell of a window dOut / size², as "
        "average pooling does, where max pooling gives the whole of dOut "
        "to the window's largest entry",
        "average pooling's output moves with every entry of its window, "
        "by 1/size² each; the maximum moves with its largest entry only, "
        "so that entry gets the whole dOut and the others 0",
        *_SPREAD,
        r"\text{dOut}_{juv} / (f_r f_c) \text{ to every entry of the window} "
        r"\quad (\text{should be all of } \text{dOut}_{juv} \text{ to its "
        r"first largest entry, and 0 to the others})",
        "a, b = divmod(np.argmax(window), s)  # the first largest entry\n"
        "dX[n, c, s*i + a, s*j + b] = dOut[n, c, i, j]  "
        "# not dX[n, c, s*i:s*i + s, s*j:s*j + s] = dOut[n, c, i, j] / "
        "s**2"),
    Mistake(
        "tie_every_maximum",
        "A tie sent to every maximum",
        "your result gives the whole of dOut to every entry that ties for "
        "a window's maximum, where it belongs to the first of them only",
        "a mask window == window.max() marks every tied entry, and the "
        "window's adjoint is then passed back as many times as there are "
        "ties; the course, as PyTorch on the CPU, gives it all to the "
        "first maximum in row-major order, the one np.argmax returns for "
        "the window read row by row",
        _CH7, "Pooling",
        r"\text{dOut}_{juv} \text{ to every tied largest entry} \quad "
        r"(\text{should be to the first of them, in row-major order})",
        "onehot = np.eye(s * s)[np.argmax(w, axis=-1)]  "
        "# not w == w.max(axis=-1, keepdims=True)"),
    Mistake(
        "tie_last_maximum",
        "A tie sent to the last maximum",
        "your result sends a window's dOut to the last of its tied "
        "maxima, where the first one (in row-major order) gets it",
        "sending it to any one of the tied entries is a valid choice of "
        "subgradient, but the course fixes one, as PyTorch on the CPU "
        "does: the first maximum in row-major order, which np.argmax "
        "returns for the window read row by row; a loop that compares "
        "with >= keeps the last",
        _CH7, "Pooling",
        r"\text{dOut}_{juv} \text{ to the last tied largest entry} \quad "
        r"(\text{should be to the first, in row-major order})",
        "if x > best:  # not if x >= best:"),
    Mistake(
        "tie_shared",
        "A tie shared among the maxima",
        "your result splits a window's dOut equally among its tied "
        "maxima, where all of it goes to the first of them",
        "sharing equally is a valid choice of subgradient too (for a tie "
        "of two, central differences give each half), but the course "
        "fixes one, as PyTorch on the CPU does: the whole dOut to the "
        "first maximum in row-major order, which np.argmax returns for "
        "the window read row by row",
        _CH7, "Pooling",
        r"\text{dOut}_{juv} \text{ shared equally by the tied largest "
        r"entries} \quad (\text{should be all of it to the first, in "
        r"row-major order})",
        "onehot = np.eye(s * s)[np.argmax(w, axis=-1)]  "
        "# not mask / mask.sum(axis=-1, keepdims=True)"),
]

