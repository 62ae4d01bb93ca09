/* The course's PDF: the whole book assembled in one page of the built
   site, ready for Chromium to print (tools/build_pdf.py runs it, with
   print.css). Nothing here needs the site's own scripts: the articles are
   imported with DOMParser, where the pages' inline scripts never run.

   window.pdfAssemble(opts) -> summary
     opts {pages: [{key, url}], siteBase, copies: {site path: {src, width}}}
     Imports every page's article in the order given, prefixes its ids
     with the page's key and turns links between pages into links inside
     the document, moves hidden solutions and the check-yourself answers
     to an appendix, prints what the hidden cells print (not their code),
     shows each demo's first setting and each animation's last frame,
     swaps every figure for its print copy, keeps a lead-in line with its
     block, shrinks what is wider than the column and writes the table
     of contents (page numbers come after a first print).
   window.pdfFillToc({heading id: page}) and window.pdfNumbersOnly():
     the contents' page numbers, printed alone and laid over its pages. */
(function () {
  "use strict";

  function esc(s) {
    return String(s).replace(/[&<>"]/g, (c) =>
      ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]);
  }
  // an image's path on the site (its src is absolute once imported)
  function pathOf(img) {
    return new URL(img.getAttribute("src"), location.href).pathname;
  }
  function text(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }

  // the section (h2/h3) an element is in, for the appendix's references
  function sectionOf(el) {
    const sec = el.closest("section");
    const h = sec && sec.querySelector(":scope > h1, :scope > h2, :scope > h3");
    return h ? headingText(h) : "";
  }

  // where a demo moves: the public site's page when _config.yml gives
  // its address (html_baseurl), and the chapter's notebook
  function interactiveAt(opts) {
    const nb = `the notebook chapters/${opts.key}.ipynb`;
    return opts.siteBase
      ? `on the site (${opts.siteBase}chapters/${opts.key}.html) and in ${nb}`
      : `in the course's HTML pages and in ${nb}`;
  }

  // a hidden cell "Show a solution and what the checker says of it"
  function isSolutionCell(cell) {
    const sum = cell.querySelector("details > summary .collapsed");
    return !!(sum && /solution/i.test(text(sum)));
  }

  // What a hidden cell prints, under a label, without its code; null
  // when it prints nothing
  function printedOutput(cell, key) {
    const output = cell.querySelector(".cell_output");
    if (!output || !text(output)) return null;
    const label = document.createElement("p");
    label.className = "pdf-hidden-label";
    label.textContent = "What a cell hidden on the site prints (its code " +
      `is in the notebook chapters/${key}.ipynb):`;
    const kept = document.createElement("div");
    kept.className = "cell pdf-hidden-output";
    kept.append(label, output);
    return kept;
  }

  // One page's article (root) in its printed form.
  // opts {key, title, q0, s0, siteBase}: q0 and s0 count the questions
  // and solutions of the pages before it.
  function prepare(root, opts) {
    const out = {questions: [], solutions: [], demos: [], hiddenOutputs: 0};
    let q = opts.q0, s = opts.s0;

    // 1. Solutions: the dropdown admonitions titled "Solution" and the
    //    hidden cells "Show a solution and what the checker says of it".
    const solutionBoxes = [];
    for (const box of root.querySelectorAll("div.dropdown.admonition")) {
      const title = box.querySelector(".admonition-title");
      if (title && /solution/i.test(text(title))) solutionBoxes.push([box, "text"]);
    }
    for (const cell of root.querySelectorAll("div.cell.tag_hide-cell")) {
      if (isSolutionCell(cell)) solutionBoxes.push([cell, "code"]);
    }
    // in document order
    solutionBoxes.sort((a, b) =>
      a[0].compareDocumentPosition(b[0]) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    for (const [box, kind] of solutionBoxes) {
      s += 1;
      const id = "solution-" + s;
      const body = box.cloneNode(true);
      body.querySelectorAll("summary, .toggle-button").forEach((e) => e.remove());
      // a <details> without its <summary> shows Chromium's own "Details"
      body.querySelectorAll("details").forEach((d) => {
        const div = document.createElement("div");
        div.className = "pdf-was-details";
        div.append(...d.childNodes);
        d.replaceWith(div);
      });
      const t = body.querySelector(".admonition-title");
      if (t) t.remove();
      // a solution that points to "the hidden cell below" takes what
      // that cell prints along to the appendix
      const next = box.nextElementSibling;
      if (kind === "text" && /hidden cell/i.test(text(box)) && next &&
          next.matches("div.cell.tag_hide-cell") && !isSolutionCell(next)) {
        const printed = printedOutput(next, opts.key);
        next.remove();
        if (printed) { body.append(printed); out.hiddenOutputs++; }
      }
      out.solutions.push({n: s, id, kind, chapter: opts.title, key: opts.key,
                          section: sectionOf(box), html: body.innerHTML});
      const ref = document.createElement("p");
      ref.className = "pdf-solution-ref";
      ref.id = "solution-ref-" + s;
      ref.innerHTML = (kind === "code"
        ? "<strong>Solution code</strong> (and what the checker says of it): "
        : "<strong>Solution:</strong> ") +
        `<a href="#${id}">Solution ${s}</a> in the appendix.`;
      box.replaceWith(ref);
    }

    // 2. Other hidden cells ("Show code cell content"): the text refers
    //    to what they print, so their output is printed, without the code.
    for (const cell of root.querySelectorAll("div.cell.tag_hide-cell")) {
      const printed = printedOutput(cell, opts.key);
      if (printed) { cell.replaceWith(printed); out.hiddenOutputs++; }
      else cell.remove();
    }
    for (const d of root.querySelectorAll("div.cell.tag_hide-input > details")) {
      d.remove();                                 // source hidden, output shown
    }
    for (const d of root.querySelectorAll("details")) {
      d.querySelector(":scope > summary")?.remove();
      const div = document.createElement("div");
      div.className = "pdf-was-details";
      div.append(...d.childNodes);
      d.replaceWith(div);
    }

    // 3. Check-yourself boxes: numbered questions, the answers in the appendix.
    for (const p of root.querySelectorAll("p")) {
      if (/^Check yourself\. Type a number and press Enter/.test(text(p))) {
        p.innerHTML = "<strong>Check yourself.</strong> Work out each question " +
          "below; the answers are in the appendix (on the site each box checks " +
          "your number and names the mistake a wrong one comes from).";
      }
    }
    for (const box of root.querySelectorAll("div.bp-quiz")) {
      q += 1;
      const data = JSON.parse(box.dataset.quiz);
      const label = box.querySelector("label").cloneNode(true);
      const strong = label.querySelector("strong");
      if (strong && /Check yourself/.test(text(strong))) strong.remove();
      const div = document.createElement("div");
      div.className = "pdf-question";
      div.id = "question-" + q;
      div.innerHTML = `<strong>Question ${q}.</strong> ${label.innerHTML.trim()} ` +
        `<span class="pdf-ref">(to ${data.sig} significant figures; ` +
        `<a href="#answer-${q}">answer ${q}</a> in the appendix)</span>`;
      out.questions.push({n: q, id: box.id, chapter: opts.title, key: opts.key,
                          section: sectionOf(box), answer: data.answer,
                          shown: data.shown, sig: data.sig,
                          mistakes: (data.mistakes || []).length,
                          questionHtml: label.innerHTML.trim()});
      box.replaceWith(div);
    }

    // 4. Demos (sliders over precomputed frames): the frame the page opens
    //    with, and a caption saying it is interactive on the site.
    for (const demo of root.querySelectorAll("div.bp-demo")) {
      const fig = demo.closest("figure") || demo;
      const img = demo.querySelector("img");
      const sliders = [...demo.querySelectorAll("label")].map((l) => {
        const out2 = l.parentElement.querySelector("output");
        return text(l) + " = " + (out2 ? text(out2) : "?");
      });
      demo.querySelectorAll(":scope > div, script").forEach((e) => e.remove());
      let cap = fig.querySelector("figcaption");
      if (!cap) { cap = document.createElement("figcaption"); fig.append(cap); }
      const note = document.createElement("span");
      note.className = "pdf-interactive";
      note.innerHTML = ` Interactive ${interactiveAt(opts)}: move the ` +
        `sliders. Shown here: ${esc(sliders.join(", "))}.`;
      cap.append(note);
      out.demos.push({kind: "demo", src: img && pathOf(img), sliders});
    }
    // 5. Animations (matplotlib's to_jshtml): the last frame, where
    //    the text's description of it is complete.
    for (const anim of root.querySelectorAll("div.animation")) {
      const img = anim.querySelector("img");
      const script = [...anim.parentElement.querySelectorAll("script")]
        .map((e) => e.textContent).find((t) => /frames\[0\]\s*=/.test(t)) || "";
      const frames = [...script.matchAll(/frames\[(\d+)\]\s*=\s*"([^"]+)"/g)];
      const n = frames.length;
      if (img && n) img.setAttribute("src", frames[n - 1][2]);
      anim.querySelector(".anim-controls")?.remove();
      const cap = document.createElement("p");
      cap.className = "pdf-interactive";
      cap.textContent = `The last of the ${n} frames of an animation; it ` +
        `plays ${interactiveAt(opts)}.`;
      anim.after(cap);
      anim.parentElement.querySelectorAll("script, style").forEach((e) => e.remove());
      out.demos.push({kind: "animation", src: img && pathOf(img), frames: n});
    }
    // 6. The "Run it yourself" note: once, on the first page, where the
    //    archive is on the site (its link leads nowhere on paper).
    for (const note of root.querySelectorAll(".bp-run-it")) {
      if (!opts.first) { note.remove(); continue; }
      note.classList.add("pdf-run-it");
      const where = opts.siteBase ? ` (${opts.siteBase}backprop-course.zip)` : "";
      note.querySelector("p:not(.admonition-title)").innerHTML =
        "The chapters of this course are Jupyter notebooks. To run the " +
        "code, change it and move the sliders live, download the course " +
        `from its site${where}: the "Run it yourself" note at the top of ` +
        "every page links to backprop-course.zip, which holds every " +
        "notebook, the code they import, and a README with the two " +
        "commands that set it up.";
    }
    // 7. short code cells and outputs stay whole (print.css)
    for (const box of root.querySelectorAll("div.cell_input, div.cell_output")) {
      const lines = (box.textContent.match(/\n/g) || []).length;
      if (lines <= 30) box.classList.add("pdf-keep");
    }
    out.q = q; out.s = s;
    return out;
  }

  // A line that leads into a block (it ends with a colon: "In code:")
  // goes in one unbreakable box with that block, when the block is under
  // half a page (as laid out: call it once the book is in the document).
  function keepLeadIns(root) {
    let kept = 0;
    for (const p of root.querySelectorAll("p")) {
      const next = p.nextElementSibling;
      if (!next || !/:\s*$/.test(p.textContent)) continue;
      if (next.getBoundingClientRect().height > 480) continue;
      const box = document.createElement("div");
      box.className = "pdf-together";
      p.before(box);
      box.append(p, next);
      kept++;
    }
    return kept;
  }

  // Shrink what is wider than the column: display formulas, tables,
  // printed tables (aligned columns keep their lines). Code wraps (CSS).
  const ALIGNED = /\S {2,}\S|^ +\S/;
  function fit(root) {
    const report = [];
    const PT = 96 / 72;
    // printed tables: the widest line of aligned columns sets the size
    for (const pre of root.querySelectorAll("div.cell_output pre")) {
      const lines = pre.textContent.split("\n").filter((l) => ALIGNED.test(l));
      if (lines.length < 2) continue;
      const probe = document.createElement("span");
      probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre";
      probe.textContent = "0".repeat(100);
      pre.append(probe);
      const perChar = probe.getBoundingClientRect().width / 100;
      probe.remove();
      const cs = getComputedStyle(pre);
      const room = pre.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const widest = Math.max(...lines.map((l) => l.length)) * perChar;
      if (widest <= room + 1) continue;
      const cur = parseFloat(cs.fontSize);
      const size = Math.max(7 * PT, cur * room / widest * 0.99);
      pre.style.setProperty("font-size", size.toFixed(2) + "px", "important");
      report.push({what: "printed table", pt: +(size / PT).toFixed(2),
                   wraps: size * widest / cur > room + 1,
                   text: pre.textContent.slice(0, 50)});
    }
    // display formulas and HTML tables: scaled to the column (vector text,
    // smaller); anything still wider is reported (the tests fail on it)
    for (const box of root.querySelectorAll(".katex-display, table")) {
      const room = box.clientWidth || box.parentElement.clientWidth;
      const need = box.scrollWidth;
      if (!room || need <= room + 1) continue;
      const cur = parseFloat(getComputedStyle(box).fontSize);
      box.style.setProperty("font-size", (cur * room / need * 0.98).toFixed(2) + "px", "important");
      report.push({what: box.tagName === "TABLE" ? "table" : "formula",
                   pt: +((cur * room / need * 0.98) / PT).toFixed(2),
                   fits: box.scrollWidth <= box.clientWidth + 1,
                   text: (box.textContent || "").slice(0, 50)});
    }
    return report;
  };


  function prefixIds(root, key, pageUrl, included) {
    for (const el of root.querySelectorAll("[id]")) el.id = key + "--" + el.id;
    for (const el of root.querySelectorAll("label[for]"))
      el.htmlFor = key + "--" + el.htmlFor;
    for (const el of root.querySelectorAll("[src]")) {
      el.setAttribute("src", new URL(el.getAttribute("src"), pageUrl).href);
    }
    // the animations keep their frames' addresses in their scripts
    for (const sc of root.querySelectorAll("script")) {
      sc.textContent = sc.textContent.replace(/"(\.\.\/_images\/[^"]+)"/g,
        (m, p) => JSON.stringify(new URL(p, pageUrl).href));
    }
    let internal = 0, unlinked = 0;
    for (const a of root.querySelectorAll("a[href]")) {
      const raw = a.getAttribute("href");
      const url = new URL(raw, pageUrl);
      const target = included.get(url.origin + url.pathname);
      if (raw.startsWith("#")) {
        a.setAttribute("href", "#" + key + "--" + raw.slice(1));
        internal++;
      } else if (target) {
        a.setAttribute("href", "#" + (url.hash ? target + "--" + url.hash.slice(1) : target));
        internal++;
      } else if (url.origin === location.origin) {
        // a file of the site that is not in the book (the archive): the
        // public site's address, or no link when it has none
        if (SITE_BASE) a.setAttribute("href", SITE_BASE + url.pathname.replace(/^\//, ""));
        else a.removeAttribute("href");
        unlinked++;
      }
    }
    return {internal, unlinked};
  }
  let SITE_BASE = "";

  // a heading as plain text: a formula as the Unicode of its MathML (KaTeX
  // keeps it for screen readers), not its TeX or its typeset boxes twice
  function headingText(h) {
    const c = h.cloneNode(true);
    c.querySelector("a.headerlink")?.remove();
    for (const k of c.querySelectorAll(".katex")) {
      const m = k.querySelector(".katex-mathml semantics");
      let t = "";
      if (m) for (const n of m.children) if (n.tagName.toLowerCase() !== "annotation") t += n.textContent;
      k.replaceWith(t);
    }
    return c.textContent.replace(/\s+/g, " ").trim();
  }

  window.pdfAssemble = async function (opts) {
    SITE_BASE = opts.siteBase;
    const included = new Map();
    for (const p of opts.pages) {
      const u = new URL(p.url, location.href);
      included.set(u.origin + u.pathname, p.key);
    }
    const article = document.querySelector("article.bd-article");
    article.innerHTML = "";
    const book = document.createElement("div");
    book.className = "pdf-book";
    const summary = {chapters: [], questions: [], solutions: [], demos: [], links: {internal: 0, unlinked: 0},
                     hiddenOutputs: 0};
    let q = 0, s = 0;
    const parser = new DOMParser();
    for (const p of opts.pages) {
      const pageUrl = new URL(p.url, location.href).href;
      const html = await (await fetch(pageUrl)).text();
      const doc = parser.parseFromString(html, "text/html");
      const src = doc.querySelector("article.bd-article");
      const chap = document.createElement("div");
      chap.className = "pdf-chapter";
      chap.id = p.key;
      for (const child of [...src.childNodes]) chap.append(document.importNode(child, true));
      const l = prefixIds(chap, p.key, pageUrl, included);
      summary.links.internal += l.internal; summary.links.unlinked += l.unlinked;
      book.append(chap);
      const h1 = chap.querySelector("h1");
      const title = h1 ? headingText(h1) : p.key;
      const r = prepare(chap, {key: p.key, title, q0: q, s0: s,
                               first: p === opts.pages[0],
                               siteBase: opts.siteBase});
      q = r.q; s = r.s;
      summary.questions.push(...r.questions);
      summary.hiddenOutputs += r.hiddenOutputs || 0;
      summary.solutions.push(...r.solutions);
      summary.demos.push(...r.demos);
      const heads = [...chap.querySelectorAll("h1, h2, h3")].map((h) => {
        const id = (h.closest("section") || chap).id;
        const plain = headingText(h);
        // a link to every heading: Chromium then writes a named destination
        // for it, from which the outline and the contents' page numbers come
        const a = document.createElement("a");
        a.className = "pdf-self";
        a.href = "#" + id;
        h.querySelector("a.headerlink")?.remove();
        a.append(...h.childNodes);
        h.append(a);
        return {level: +h.tagName[1], text: plain, id};
      });
      summary.chapters.push({key: p.key, title, heads});
    }

    // figures at print resolution, at the size they were drawn (capped
    // to the column by print.css)
    const printed = [];
    for (const img of book.querySelectorAll("img")) {
      const u = new URL(img.getAttribute("src"), location.href);
      const copy = (opts.copies || {})[u.pathname];
      if (copy) {
        img.setAttribute("src", copy.src);
        img.removeAttribute("height");
        img.style.setProperty("width", copy.width.toFixed(1) + "px", "important");
      }
      printed.push([img, u.pathname, copy ? copy.src : null]);
    }

    // the appendix: answers, then the solutions moved out of the chapters
    const app = document.createElement("div");
    app.className = "pdf-chapter";
    app.id = "answers";
    let h = `<section id="answers-and-solutions"><h1>Answers and solutions</h1>` +
            `<section id="answers-list"><h2>Answers to the questions</h2>`;
    for (const a of summary.questions) {
      h += `<p class="pdf-answer" id="answer-${a.n}"><strong>Answer ${a.n}</strong> ` +
           `(<a href="#question-${a.n}">question ${a.n}</a>, ${esc(a.chapter)}, ` +
           `“${esc(a.section)}”): <strong>${esc(a.shown)}</strong></p>`;
    }
    h += `</section><section id="solutions-list"><h2>Solutions</h2>`;
    let lastChapter = "";
    for (const x of summary.solutions) {
      if (x.chapter !== lastChapter) {
        h += `<h3 id="solutions-${x.key}">${esc(x.chapter)}</h3>`;
        lastChapter = x.chapter;
      }
      h += `<div class="pdf-solution" id="${x.id}"><p class="pdf-solution-label">` +
           `<strong>Solution ${x.n}</strong> (<a href="#solution-ref-${x.n}">back to ` +
           `“${esc(x.section)}”</a>, ${esc(x.chapter)})</p>${x.html}</div>`;
    }
    h += `</section></section>`;
    app.innerHTML = h;
    book.append(app);
    const appHeads = [...app.querySelectorAll("h1, h2, h3")].map((hh) => {
      const id = hh.id || hh.closest("section").id;
      const a = document.createElement("a");
      a.className = "pdf-self"; a.href = "#" + id;
      a.append(...hh.childNodes); hh.append(a);
      return {level: +hh.tagName[1], text: hh.textContent.trim(), id};
    });
    summary.chapters.push({key: "answers", title: "Answers and solutions", heads: appHeads});

    // the table of contents (page numbers filled in after a first print)
    const toc = document.createElement("div");
    toc.className = "pdf-toc";
    toc.id = "contents";
    let t = '<h1><a class="pdf-self" href="#contents">Contents</a></h1><ol>';
    for (const c of summary.chapters) {
      const [top, ...rest] = c.heads;
      t += `<li><a href="#${top.id}" data-toc="${top.id}"><span class="t">${esc(top.text)}</span>` +
           `<span class="dots"></span><span class="p">00</span></a>`;
      const subs = rest.filter((x) => x.level === 2);
      if (subs.length && c.key !== "mistakes") {
        t += "<ol>" + subs.map((x) => `<li><a href="#${x.id}" data-toc="${x.id}">` +
          `<span class="t">${esc(x.text)}</span><span class="dots"></span>` +
          `<span class="p">00</span></a></li>`).join("") + "</ol>";
      }
      t += "</li>";
    }
    t += "</ol>";
    toc.innerHTML = t;
    book.prepend(toc);
    article.append(book);
    summary.leadIns = keepLeadIns(book);
    summary.fit = fit(book);
    await Promise.all([...document.images].map((im) =>
      im.complete ? 0 : new Promise((ok) => { im.onload = im.onerror = ok; })));
    await document.fonts.ready;
    // each figure's pixels and printed width (CSS px), for the tests
    summary.images = printed.map(([img, site, copy]) => ({
      site, copy, pixels: img.naturalWidth,
      width: +img.getBoundingClientRect().width.toFixed(2)}));
    return summary;
  };

  // the contents' page numbers, printed alone on the contents' pages and laid
  // over them (print_book.py): everything else invisible, the same layout
  window.pdfNumbersOnly = function () {
    document.body.classList.add("pdf-numbers-only");
  };
  // after the print: the page of each heading, by its id
  window.pdfFillToc = function (pages) {
    let filled = 0;
    for (const a of document.querySelectorAll(".pdf-toc a[data-toc]")) {
      const p = pages[a.dataset.toc];
      if (p) { a.querySelector(".p").textContent = p; filled++; }
    }
    return filled;
  };
})();
