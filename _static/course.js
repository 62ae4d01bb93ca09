/* The course's own script, added to every page (Jupyter Book adds every
   .js file found in _static/). Small fixes and the Check-yourself boxes,
   no dependencies. */

/* 1. The menu buttons on a phone. pydata-sphinx-theme 0.17 binds the
   sidebar toggles to the first button of each class, and
   sphinx-book-theme adds a second one: the only one visible on a phone,
   so a tap on it did nothing (pydata-sphinx-theme issue 2451). A click
   on any later button is handed to the first, which the theme listens
   to. A tap also focuses the button, whose tooltip then stayed over the
   header: the button lets go of the focus and the pointer. */
document.addEventListener("DOMContentLoaded", () => {
  for (const name of ["primary-toggle", "secondary-toggle"]) {
    const [first, ...others] = document.querySelectorAll("." + name);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        first.click();
        button.blur();
        button.dispatchEvent(new MouseEvent("mouseleave"));
        button.dispatchEvent(new MouseEvent("mouseout", {bubbles: true}));
      });
    }
  }
});

/* 2. Search results. The snippet under each result is cut from the
   page's HTML source, where math is still TeX (\(a^{(2)}\)); MathJax
   does not run there, and half a formula could not be typeset anyway.
   Turn the TeX into readable text: a^(2), δ^(3) w^(3). */
const COURSE_TEX_SYMBOLS = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", Delta: "Δ", epsilon: "ε",
  eta: "η", theta: "θ", lambda: "λ", mu: "μ", sigma: "σ", Sigma: "Σ",
  partial: "∂", nabla: "∇", sum: "Σ", prod: "Π", top: "ᵀ", odot: "⊙",
  cdot: "·", times: "×", to: "→", leftarrow: "←", rightarrow: "→",
  approx: "≈", le: "≤", ge: "≥", leq: "≤", geq: "≥", ne: "≠", neq: "≠",
  infty: "∞", prime: "′", ell: "ℓ", in: "∈", dots: "…", ldots: "…",
  cdots: "⋯", max: "max", min: "min", log: "log", exp: "exp",
};

function courseTexToText(text) {
  return text
    .replace(/\\mathcal\{L\}/g, "ℒ")
    .replace(/\\hat\s*\{?([A-Za-z])\}?/g, "$1\u0302")   // y-hat
    .replace(/\\(?:operatorname|mathrm|text|mathbf|boldsymbol)\{([^{}]*)\}/g,
             "$1")
    .replace(/\\[td]?frac\{([^{}]*)\}\{([^{}]*)\}/g, "($1)/($2)")
    .replace(/\\[td]?frac\s*(\d)(\d)/g, "$1/$2")
    .replace(/\\([A-Za-z]+)/g,
             (m, word) => COURSE_TEX_SYMBOLS[word] ?? "")
    .replace(/\\[()[\]]/g, "")          // \( \) \[ \]
    .replace(/\\[,;:! ]/g, " ")         // TeX spaces
    .replace(/\$\$?/g, "")
    .replace(/[{}]/g, "")
    .replace(/\\/g, "")
    .replace(/[ \t]+/g, " ");
}

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (html, anchor) =>
    courseTexToText(htmlToText(html, anchor));
});

/* 3. Tables that scroll sideways say so. The theme puts a wide table in
   a box that scrolls, but its striped rows hide any shadow at the edge
   (course.css gives equations and the package's tables one), so a line
   above such a table says that more is to the right. Recomputed when
   the window changes size. */
function courseMarkScrollingTables() {
  for (const box of document.querySelectorAll(
      ".pst-scrollable-table-container")) {
    const hint = box.previousElementSibling;
    const hasHint = hint && hint.classList.contains("bp-scroll-hint");
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !hasHint) {
      const line = document.createElement("div");
      line.className = "bp-scroll-hint";
      line.textContent = "The table is wider than the screen: " +
                         "scroll it sideways to see the rest →";
      box.before(line);
    } else if (!scrolls && hasHint) {
      hint.remove();
    }
  }
}
document.addEventListener("DOMContentLoaded", courseMarkScrollingTables);
window.addEventListener("load", courseMarkScrollingTables);
window.addEventListener("resize", courseMarkScrollingTables);

/* 4. Figures open at full size on a tap. On a phone a figure is shrunk
   to the screen's width and its labels get small; a tap on any figure
   that is shown smaller than its real size opens it at that size, over
   the page. A bar that stays in view holds a Close button and says,
   when the figure is wider than the screen, that it scrolls sideways. A
   tap anywhere, or Escape, closes it. */
function courseZoomable(img) {
  return img.naturalWidth > img.clientWidth + 1;
}
document.addEventListener("click", (event) => {
  const img = event.target.closest("article img");
  if (!img || !courseZoomable(img)) return;
  const layer = document.createElement("div");
  layer.className = "bp-zoom";
  layer.setAttribute("role", "dialog");
  layer.setAttribute("aria-label", "The figure at full size");
  const bar = document.createElement("div");
  bar.className = "bp-zoom-bar";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Close \u2715";
  const note = document.createElement("p");
  note.textContent = "Tap anywhere to close.";
  bar.append(button, note);
  const big = document.createElement("img");
  const sayIfWide = () => {
    if (big.naturalWidth > layer.clientWidth) {
      note.textContent = "Wider than the screen: swipe sideways to see " +
        "all of it. Tap to close.";
    }
  };
  big.addEventListener("load", sayIfWide);
  big.src = img.currentSrc || img.src;
  big.alt = img.alt;
  layer.append(bar, big);
  const close = () => {
    layer.remove();
    document.removeEventListener("keydown", onKey);
    img.focus && img.focus({preventScroll: true});
  };
  const onKey = (e) => { if (e.key === "Escape") close(); };
  layer.addEventListener("click", close);
  document.addEventListener("keydown", onKey);
  document.body.append(layer);
  if (big.complete) sayIfWide();
  button.focus({preventScroll: true});
});
document.addEventListener("mouseover", (event) => {
  const img = event.target.closest && event.target.closest("article img");
  if (img) img.classList.toggle("bp-zoomable", courseZoomable(img));
});

/* 5. Check yourself (backprop_utils/quiz.py). Each box holds its answer
   and the values of the mistakes it knows as data; this reads what the
   learner typed with the same rules as quiz.parse_number, and replies in
   the box's live region. Enter checks too. */
const COURSE_NUMBER = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?";
const COURSE_PLAIN = new RegExp("^" + COURSE_NUMBER + "$");
const COURSE_FRACTION = new RegExp(
  "^(" + COURSE_NUMBER + ")/(" + COURSE_NUMBER + ")$");
function courseNormalised(text) {
  return String(text).replace(/\s+/g, "").replace(/[\u2212\u2013]/g, "-");
}
function courseParseNumber(text) {
  const t = courseNormalised(text);
  if (COURSE_PLAIN.test(t)) return parseFloat(t);
  const m = t.match(COURSE_FRACTION);
  if (m && parseFloat(m[2]) !== 0) return parseFloat(m[1]) / parseFloat(m[2]);
  return null;
}
function courseTypedFigures(text) {
  const t = courseNormalised(text);
  if (!COURSE_PLAIN.test(t)) return null;
  const digits = t.split(/[eE]/)[0].replace(/^[+-]/, "").replace(".", "")
    .replace(/^0+/, "");
  return digits.length || null;
}
function courseTolerance(value, sig) {
  if (value === 0) return 0.5 * Math.pow(10, -sig);
  return 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(value))) - sig + 1);
}
function courseAgrees(typed, value, sig) {
  return Math.abs(typed - value) <= courseTolerance(value, sig) * (1 + 1e-9);
}
function courseQuizReply(quiz, text) {
  if (!String(text).trim()) return {kind: "empty", text: "Type a number first."};
  const value = courseParseNumber(text);
  if (value === null) {
    return {kind: "unreadable", text: "That is not a number we can read: " +
            "write it like -0.25, .5, 1/4 or 2.5e-1."};
  }
  if (courseAgrees(value, quiz.answer, quiz.sig)) {
    return {kind: "right", text: "Right: " + quiz.shown + " (checked to " +
            quiz.sig + " significant figures)."};
  }
  for (const m of quiz.mistakes) {
    if (courseAgrees(value, m.value, quiz.sig)) {
      return {kind: "mistake", text: m.text, href: m.href, where: m.where};
    }
  }
  const figures = courseTypedFigures(text);
  if (figures !== null && figures < quiz.sig &&
      courseAgrees(value, quiz.answer, figures)) {
    return {kind: "imprecise", text: "Close: right to the " + figures +
            " figure" + (figures > 1 ? "s" : "") + " you typed, but the box " +
            "checks " + quiz.sig + " significant figures: give more."};
  }
  return {kind: "wrong", text: "Not what we expected: try again."};
}
function courseQuizAnswer(box, reply) {
  const out = box.querySelector(".bp-quiz-reply");
  out.textContent = reply.text;
  out.dataset.kind = reply.kind;
  if (reply.href) {
    const a = document.createElement("a");
    a.href = reply.href;
    a.textContent = "Read it in " + reply.where + ".";
    out.append(" ", a);
  }
}
document.addEventListener("click", (event) => {
  const box = event.target.closest && event.target.closest(".bp-quiz");
  if (!box) return;
  const quiz = JSON.parse(box.dataset.quiz);
  if (event.target.closest(".bp-quiz-check")) {
    courseQuizAnswer(box, courseQuizReply(quiz, box.querySelector("input").value));
  } else if (event.target.closest(".bp-quiz-show")) {
    courseQuizAnswer(box, {kind: "shown", text: "The answer: " + quiz.shown});
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !event.target.closest) return;
  const box = event.target.closest(".bp-quiz");
  if (!box || event.target.tagName !== "INPUT") return;
  event.preventDefault();
  const quiz = JSON.parse(box.dataset.quiz);
  courseQuizAnswer(box, courseQuizReply(quiz, event.target.value));
});
