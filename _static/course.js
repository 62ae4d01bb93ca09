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
   page's HTML source. Its math is typeset there (KaTeX, at build time),
   as boxes whose text does not read in order; the snippet takes each
   formula's TeX instead (kept in the MathML copy for screen readers),
   and turns the TeX into readable text: a^(2), δ^(3) w^(3),
   (∂J)/(∂b). */
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

/* The snippet is the prose a learner wants: not the page's header
   buttons (".ipynb .pdf") or its contents list for print, not the "Run
   it yourself" note that every page has, not code or printed output (a
   search for "vanishing gradient" showed chapter 5's imports), not the
   links to the previous and next pages. */
const COURSE_NOT_IN_SNIPPETS = [
  ".bd-header-article", ".header-article-items", "#jb-print-docs-body",
  ".onlyprint", ".bp-run-it", ".prev-next-area",
  "footer", "nav", "form", "button", "div.highlight", ".cell_input",
  ".anim-controls", ".bp-scroll-hint", ".bp-zoom-cue", "script", "style",
  ".katex-mathml",
];
function courseProseOnly(html) {
  if (typeof DOMParser === "undefined") return html;
  const doc = new DOMParser().parseFromString(html, "text/html");
  // a formula's typeset text comes in the order of its boxes (a
  // fraction's parts, its scripts, zero-width spaces); its TeX, which
  // KaTeX keeps for screen readers, is made readable below instead
  for (const k of doc.querySelectorAll(".katex")) {
    const tex = k.querySelector('annotation[encoding="application/x-tex"]');
    if (tex) k.replaceWith(" $" + tex.textContent + "$ ");
  }
  for (const e of doc.querySelectorAll(COURSE_NOT_IN_SNIPPETS.join(", ")))
    e.remove();
  // a heading ends where its section's text begins
  for (const h of doc.querySelectorAll("h1, h2, h3, h4, h5, h6"))
    if (!/[.:?!]\s*$/.test(h.textContent)) h.append(". ");
  return doc.documentElement.outerHTML;
}

/* Where the snippet starts: at the query as typed, if the text has it;
   else where all its words come close together; else where the first
   of them is. Sphinx's own summary started 120 characters before the
   last word found, wherever that was. The snippet starts at the
   beginning of that sentence when it is near. */
function courseSnippetStart(text, keywords, query) {
  const lower = text.toLowerCase();
  const phrase = String(query || "").toLowerCase().trim()
    .replace(/\s+/g, " ");
  const words = [...new Set([...keywords, ...phrase.split(" ")]
    .map((k) => String(k).toLowerCase()).filter((k) => k.length > 1))];
  const places = (w) => {
    const at = [];
    for (let i = lower.indexOf(w); i > -1; i = lower.indexOf(w, i + 1))
      at.push(i);
    return at;
  };
  let at = phrase.includes(" ") ? lower.indexOf(phrase) : -1;
  if (at < 0 && words.length > 1) {
    const first = places(words[0]);
    at = first.find((i) => words.every((w) => places(w).some(
      (j) => Math.abs(j - i) < 200))) ?? -1;
  }
  if (at < 0) {
    const found = words.map((w) => lower.indexOf(w)).filter((i) => i > -1);
    at = found.length ? Math.min(...found) : 0;
  }
  const sentence = Math.max(text.lastIndexOf(". ", at),
                            text.lastIndexOf("? ", at),
                            text.lastIndexOf(": ", at));
  if (sentence > -1 && at - sentence < 110) return sentence + 2;
  if (at < 60) return 0;
  const space = text.indexOf(" ", at - 60);
  return space > -1 && space < at ? space + 1 : at;
}
function courseSnippet(text, keywords, query) {
  text = text.replace(/\s+/g, " ").trim();
  const start = courseSnippetStart(text, keywords, query);
  return (start > 0 ? "\u2026" : "") + text.substr(start, 240).trim()
    + (start + 240 < text.length ? "\u2026" : "");
}

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (html, anchor) =>
    courseTexToText(htmlToText(courseProseOnly(html), anchor));
  Search.makeSearchSummary = (html, keywords, anchor) => {
    const text = Search.htmlToText(html, anchor);
    if (!text.trim()) return null;
    const field = document.querySelector("form.bd-search input[name=q]");
    const query = new URLSearchParams(window.location.search).get("q")
      || (field && field.value) || "";
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = courseSnippet(text, keywords, query);
    return summary;
  };
});

/* 3. Work done near the view. A chapter holds tens of thousands of
   elements (its math is typeset when the site is built), and the
   browser lays out only the blocks on screen (course.css). Whatever
   below measures an element (does it scroll sideways? is a figure
   shrunk?) makes the browser lay it out: done for the whole page at
   load, it took longer than the page itself. So each such check runs
   when its element comes within a screen and a half of the view, again
   for the elements near the view when the window changes size or the
   fonts arrive, and for all of them before printing.
   courseWhenNear(element, key, check): one check per element and key
   (the theme's tab stops use it too: _ext/course_site.py).
   courseCheckAll(): run every check now. */
const courseChecks = new Map();       // element -> Map(key -> check)
const courseNearView = new Set();
let courseViewObserver = null;
function courseRun(element) {
  for (const check of courseChecks.get(element).values()) check(element);
}
function courseWhenNear(element, key, check) {
  if (typeof IntersectionObserver === "undefined") {
    check(element);
    return;
  }
  if (!courseViewObserver) {
    courseViewObserver = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          courseNearView.add(entry.target);
          courseRun(entry.target);
        } else {
          courseNearView.delete(entry.target);
        }
      }
    }, {rootMargin: "150% 0px"});
  }
  let checks = courseChecks.get(element);
  if (!checks) {
    checks = new Map();
    courseChecks.set(element, checks);
    courseViewObserver.observe(element);
  }
  checks.set(key, check);
  if (courseNearView.has(element)) check(element);
}
function courseCheckNear() {
  for (const element of courseNearView) courseRun(element);
}
function courseCheckAll() {
  for (const element of courseChecks.keys()) courseRun(element);
}
window.addEventListener("resize", courseCheckNear);
window.addEventListener("beforeprint", courseCheckAll);
document.addEventListener("DOMContentLoaded", () => {
  if (document.fonts && document.fonts.ready)
    document.fonts.ready.then(courseCheckNear);
});

/* 3b. Whatever scrolls sideways says so. The theme puts a wide table in
   a box that scrolls; course.css does the same for long display
   equations, the package's tables and printed tables. A line of text
   above each box that does scroll says that more is to the right, and a
   shadow marks each side where more is hidden (course.css); a box that
   scrolls is a tab stop, so that the keyboard can scroll it. A printed
   output whose columns are aligned (two lines or more with a run of
   spaces inside, or indented) stops wrapping when those lines do not
   fit: wrapped, its columns fell apart. */
const COURSE_SCROLL_BOXES = [
  [".pst-scrollable-table-container, .bp-table-scroll", "table"],
  ["article .katex-display", "formula"],
  ["div.cell_output pre", "output"],
  ["article div.highlight > pre", "code"],
];
const COURSE_ALIGNED_LINE = /\S {2,}\S|^ +\S/;
function courseAlignedLines(text) {
  const lines = String(text).split("\n").filter(
    (line) => COURSE_ALIGNED_LINE.test(line));
  return lines.length >= 2 ? lines : [];
}
function courseMarkPrintedTable(pre) {
  pre.classList.remove("bp-output-table");
  const lines = courseAlignedLines(pre.textContent);
  if (!lines.length || !pre.clientWidth) return;
  const probe = document.createElement("span");
  probe.style.cssText = "position: absolute; visibility: hidden; " +
                        "white-space: pre";
  probe.textContent = "0".repeat(100);
  pre.append(probe);
  const perChar = probe.getBoundingClientRect().width / 100;
  probe.remove();
  const style = getComputedStyle(pre);
  const room = pre.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  const widest = Math.max(...lines.map((l) => l.length));
  if (widest * perChar > room + 1) pre.classList.add("bp-output-table");
}
function courseShade(box) {
  const hidden = box.scrollWidth - box.clientWidth - box.scrollLeft;
  box.classList.toggle("bp-scrolls-left", box.scrollLeft > 1);
  box.classList.toggle("bp-scrolls-right", hidden > 1);
}
/* The line goes above the box, or above the block that holds a display
   formula (a flex box, where it would stand beside it) or a piece of
   code (beside its copy button). */
function courseHintPlace(box) {
  if (box.closest("div.cell_output")) return box;   // printed output
  return box.closest("div.math, div.highlight") || box;
}
function courseMarkScrollingBox(box, what) {
  const place = courseHintPlace(box);
  const hint = place.previousElementSibling;
  const hasHint = hint && hint.classList.contains("bp-scroll-hint");
  // printed output scrolls only as a table (it wraps otherwise)
  const scrolls = (what !== "output"
                   || box.classList.contains("bp-output-table"))
    && box.scrollWidth > box.clientWidth + 1;
  if (scrolls && !hasHint) {
    const line = document.createElement("div");
    line.className = "bp-scroll-hint";
    line.textContent = "The " + what + " is wider than the page: " +
                       "scroll it sideways to see the rest \u2192";
    place.before(line);
  } else if (!scrolls && hasHint) {
    hint.remove();
  }
  // the theme's table boxes have their own tab stops
  if (box.matches(".pst-scrollable-table-container")) return;
  if (scrolls) box.setAttribute("tabindex", "0");
  else if (box.getAttribute("tabindex") === "0")
    box.removeAttribute("tabindex");
  courseShade(box);
}
function courseWatchScrollingBoxes() {
  for (const [selector, what] of COURSE_SCROLL_BOXES) {
    for (const box of document.querySelectorAll(selector)) {
      // printed output has its own entry
      if (what === "code" && box.closest("div.cell_output")) continue;
      // first whether a printed output is a table, then whether it
      // scrolls (the checks of an element run in the order given)
      if (what === "output")
        courseWhenNear(box, "printed-table", courseMarkPrintedTable);
      courseWhenNear(box, "scroll-hint",
                     (b) => courseMarkScrollingBox(b, what));
    }
  }
}
document.addEventListener("scroll", (event) => {
  const box = event.target;
  if (box.classList && (box.classList.contains("bp-scrolls-left")
                        || box.classList.contains("bp-scrolls-right")))
    courseShade(box);
}, true);
document.addEventListener("DOMContentLoaded", courseWatchScrollingBoxes);

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
  // a mouse clicks and scrolls, a finger taps and swipes
  const mouse = window.matchMedia("(hover: hover) and (pointer: fine)")
    .matches;
  note.textContent = mouse ? "Click anywhere or press Escape to close."
    : "Tap anywhere to close.";
  bar.append(button, note);
  const big = document.createElement("img");
  const sayIfWide = () => {
    if (big.naturalWidth > layer.clientWidth) {
      note.textContent = "Wider than the screen: " + (mouse
        ? "scroll sideways to see all of it. Click to close."
        : "swipe sideways to see all of it. Tap to close.");
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
/* Every figure shown smaller than its real size says that a tap opens
   it: a label in its corner (course.css), kept up to date when the
   figure comes near the view, when it loads, when the window changes
   size and when the pointer changes. */
function courseZoomVerb() {
  return window.matchMedia && matchMedia("(hover: none)").matches
    ? "Tap" : "Click";
}
function courseMarkShrunkFigure(img) {
  const wrap = img.parentElement;
  wrap.lastChild.textContent = "\u2922 " + courseZoomVerb() +
                               " for full size";
  const shrunk = img.complete && courseZoomable(img);
  wrap.classList.toggle("bp-shrunk", shrunk);
  img.classList.toggle("bp-zoomable", shrunk);
}
function courseWatchFigures() {
  for (const img of document.querySelectorAll("article img")) {
    if (img.parentElement.classList.contains("bp-zoom-wrap")) continue;
    const wrap = document.createElement("span");
    wrap.className = "bp-zoom-wrap";
    img.before(wrap);
    wrap.append(img);
    const cue = document.createElement("span");
    cue.className = "bp-zoom-cue";
    cue.setAttribute("aria-hidden", "true");
    wrap.append(cue);
    img.addEventListener("load", () => {
      if (courseNearView.has(img) || !courseViewObserver)
        courseMarkShrunkFigure(img);
    });
    courseWhenNear(img, "zoom-cue", courseMarkShrunkFigure);
  }
}
document.addEventListener("DOMContentLoaded", courseWatchFigures);
/* and when the pointer changes (a tablet's keyboard and touchpad taken
   off: "Click" becomes "Tap") */
if (window.matchMedia)
  matchMedia("(hover: none)").addEventListener("change", courseCheckAll);

/* 4b. The page's contents on a phone. The theme shows them in a dialog
   that stayed open over three quarters of the page after a heading was
   tapped: a tap on a link in it closes it, and the page is at the
   heading. (On closing, the theme gives the focus back to the Contents
   button, which scrolled the page away from the heading; the button
   then lets go of the focus, so that its tooltip does not stay.) */
document.addEventListener("click", (event) => {
  const link = event.target.closest
    && event.target.closest("#pst-secondary-sidebar-modal a[href]");
  if (!link) return;
  const dialog = link.closest("dialog");
  if (!dialog || !dialog.open) return;
  const id = decodeURIComponent(link.hash.slice(1));
  dialog.addEventListener("close", () => {
    const button = document.activeElement;
    if (button && button.matches && button.matches(".secondary-toggle")) {
      button.blur();
      button.dispatchEvent(new MouseEvent("mouseleave"));
      button.dispatchEvent(new MouseEvent("mouseout", {bubbles: true}));
    }
    const heading = id && document.getElementById(id);
    if (heading) heading.scrollIntoView();
  }, {once: true});
  dialog.close();
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
