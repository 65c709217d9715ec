// The web edition's only script: note pop-ups (keyboard and touch) and the search page.
// Without it every note call is a link to the note in the list at the end of the page.
(function () {
  "use strict";

  // ---- note pop-ups ----
  let popup = null;
  let opener = null;

  function closePopup(returnFocus) {
    if (!popup) return;
    popup.remove();
    popup = null;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (returnFocus) opener.focus();
    }
    opener = null;
  }

  function openPopup(call) {
    const id = decodeURIComponent(call.getAttribute("href").slice(1));
    const note = document.getElementById(id);
    if (!note) return false;
    closePopup(false);
    opener = call;
    popup = document.createElement("div");
    popup.className = "note-popup";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-label", call.getAttribute("aria-label") || "Note");
    popup.tabIndex = -1;
    const body = note.querySelector(".note-body");
    const content = (body || note).cloneNode(true);
    content.removeAttribute("id");
    content.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
    popup.appendChild(content);
    const close = document.createElement("button");
    close.type = "button";
    close.className = "note-popup-close";
    close.setAttribute("aria-label", "Close note");
    close.textContent = "×";
    close.addEventListener("click", () => closePopup(true));
    popup.appendChild(close);
    document.body.appendChild(popup);
    const r = call.getBoundingClientRect();
    const width = popup.offsetWidth;
    const left = Math.max(8, Math.min(window.scrollX + r.left - 20, window.scrollX + document.documentElement.clientWidth - width - 8));
    popup.style.left = left + "px";
    popup.style.top = (window.scrollY + r.bottom + 6) + "px";
    call.setAttribute("aria-expanded", "true");
    popup.focus();
    return true;
  }

  document.addEventListener("click", (ev) => {
    const call = ev.target.closest && ev.target.closest("a.note-call");
    if (call) {
      if (openPopup(call)) ev.preventDefault();
      return;
    }
    if (popup && !popup.contains(ev.target)) closePopup(false);
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && popup) closePopup(true);
  });
  document.querySelectorAll("a.note-call").forEach((a) => {
    a.setAttribute("aria-haspopup", "dialog");
    a.setAttribute("aria-expanded", "false");
  });

  // ---- reading views remembered from page to page ----
  for (const id of ["diplomatic-toggle", "layer-toggle"]) {
    const box = document.getElementById(id);
    if (!box) continue;
    try {
      box.checked = localStorage.getItem("edition:" + id) === "1";
      box.addEventListener("change", () => localStorage.setItem("edition:" + id, box.checked ? "1" : "0"));
    } catch (e) { /* storage unavailable (private mode): the view is simply not remembered */ }
  }

  // ---- searched words highlighted on arrival from the search page ----
  if (new URLSearchParams(location.search).has("pagefind-highlight")) {
    import(new URL("pagefind/pagefind-highlight.js", document.baseURI).href).then(() => {
      // eslint-disable-next-line no-undef
      new window.PagefindHighlight({ highlightParam: "pagefind-highlight", markContext: ".text-body", addStyles: false });
      const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }).catch(() => { /* no index (opened from files): nothing to highlight */ });
  }

  // ---- permalinks and "Cite this" ----
  const cite = document.getElementById("cite");
  const citation = cite ? JSON.parse(cite.getAttribute("data-citation")) : null;

  // The printed page(s) of a paragraph: the last page beginning before it, and any inside it.
  function pagesOf(el) {
    const markers = Array.from(document.querySelectorAll(".text-body a.pb[data-n]"))
      .filter((m) => !m.closest(".note, .note-list"));
    let first = null;
    const inside = [];
    for (const m of markers) {
      const pos = el.compareDocumentPosition(m);
      if (pos & Node.DOCUMENT_POSITION_PRECEDING) first = m.dataset.n;
      else if (pos & Node.DOCUMENT_POSITION_CONTAINED_BY) inside.push(m.dataset.n);
    }
    const pages = (first ? [first] : []).concat(inside);
    if (!pages.length) return citation ? citation.pages : "";
    return pages.length > 1 ? pages[0] + "–" + pages[pages.length - 1] : pages[0];
  }

  function pageUrl() {
    return citation.url || (location.origin + location.pathname);
  }

  function splitName(full) {
    const parts = full.trim().split(/\s+/);
    return { family: parts.pop(), given: parts.join(" ") };
  }

  function formats(c) {
    const authors = c.authors.join(", ");
    const pp = c.pages ? (c.pages.includes("–") ? "pp. " : "p. ") + c.pages : "";
    const plain = authors + ", “" + c.title + "”" + (c.container ? ", in " + c.container : "") +
      (pp ? ", " + pp : "") + (c.anchor ? " (¶ " + c.anchor + ")" : "") + ". " + c.edition + ", ed. " + c.editor +
      ", version " + c.version + " (" + c.date + "), " + c.link + ".";
    const key = (splitName(c.authors[0] || "anon").family + (c.issued || c.date).slice(0, 4) + c.file.replace(/\.html$/, "") +
      (c.anchor ? "-" + c.anchor : "")).replace(/[^A-Za-z0-9-]/g, "");
    const esc = (s) => String(s).replace(/[{}]/g, "");
    const bib = ["@" + (c.container ? "incollection" : "misc") + "{" + key + ",",
      "  author = {" + c.authors.map(esc).join(" and ") + "},",
      "  title = {" + esc(c.title) + "},"]
      .concat(c.container ? ["  booktitle = {" + esc(c.container) + "},"] : [])
      .concat(c.pages ? ["  pages = {" + c.pages.replace("–", "--") + "},"] : [])
      .concat(c.issued ? ["  year = {" + c.issued.slice(0, 4) + "},"] : [])
      .concat(["  series = {" + esc(c.edition) + "},", "  editor = {{" + esc(c.editor) + "}},",
        "  publisher = {" + esc(c.publisher) + "},", "  edition = {version " + esc(c.version) + "},",
        "  url = {" + c.link + "},", "  urldate = {" + c.date + "},",
        "  note = {" + esc(c.source ? "Printed source: " + c.source : "") + "}", "}"]).join("\n");
    const csl = {
      id: key, type: c.container ? "chapter" : "article",
      title: c.title, author: c.authors.map(splitName),
      "container-title": c.container || undefined, page: c.pages || undefined,
      "collection-title": c.edition, editor: [{ literal: c.editor }], publisher: c.publisher,
      version: c.version, URL: c.link,
      issued: c.issued ? { "date-parts": [c.issued.split("-").map(Number)] } : undefined,
      accessed: { "date-parts": [c.date.split("-").map(Number)] },
      note: c.source ? "Printed source: " + c.source : undefined,
    };
    return { plain: plain, bibtex: bib, csl: JSON.stringify([csl], null, 2) };
  }

  function renderCitation(target) {
    if (!citation) return;
    const c = Object.assign({}, citation);
    c.link = pageUrl();
    if (target) {
      c.anchor = target.id;
      c.link = pageUrl() + "#" + target.id;
      c.pages = pagesOf(target);
    }
    const f = formats(c);
    cite.querySelector(".cite-target").textContent = target
      ? "This paragraph (" + (c.pages ? "printed p. " + c.pages + ", " : "") + "#" + target.id + "):"
      : "This page" + (c.pages ? " (printed pp. " + c.pages + ")" : "") + ":";
    cite.querySelector(".cite-plain").textContent = f.plain;
    let box = cite.querySelector(".cite-formats");
    if (!box) {
      box = document.createElement("div");
      box.className = "cite-formats";
      for (const [name, label] of [["bibtex", "BibTeX"], ["csl", "CSL-JSON"]]) {
        const h = document.createElement("h3");
        h.textContent = label;
        const pre = document.createElement("pre");
        pre.className = "cite-" + name;
        pre.tabIndex = 0;
        box.append(h, pre);
      }
      for (const [name, label] of [["plain", "plain text"], ["bibtex", "BibTeX"], ["csl", "CSL-JSON"]]) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = "Copy " + label;
        b.addEventListener("click", () => {
          const text = name === "plain" ? cite.querySelector(".cite-plain").textContent
            : cite.querySelector(".cite-" + name).textContent;
          if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
        });
        box.appendChild(b);
      }
      cite.appendChild(box);
    }
    cite.querySelector(".cite-bibtex").textContent = f.bibtex;
    cite.querySelector(".cite-csl").textContent = f.csl;
  }

  if (citation) {
    document.querySelectorAll(".text-body p[id].tei-p, .text-body div[id].tei-p").forEach((p) => {
      const a = document.createElement("a");
      a.className = "permalink";
      a.href = "#" + p.id;
      a.setAttribute("aria-label", "Permalink to this paragraph; cite it");
      a.addEventListener("click", () => { renderCitation(p); });
      p.appendChild(a);
    });
    const start = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    renderCitation(start && start.classList.contains("tei-p") ? start : null);
  }

  // ---- search (pagefind, loaded only on the search page) ----
  const results = document.getElementById("search-results");
  if (!results) return;
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const filterBox = document.getElementById("search-filters");
  let pagefind = null;  // the promise of the loaded index: loaded once, however many callers

  // The search bundles the site lists (pagefind/indexes.json): one per text, the first loaded
  // as pagefind's index and the others merged into it (pagefind's mergeIndex).
  async function openIndex() {
    const site = new URL(".", document.baseURI);
    let bundles = ["pagefind/"];
    const listed = await fetch(new URL("pagefind/indexes.json", site));
    if (listed.ok) bundles = (await listed.json()).bundles;
    if (!bundles.length) bundles = ["pagefind/"];
    // result URLs relative to the site's folder, wherever it is served
    const options = { excerptLength: 24, baseUrl: site.pathname };
    const found = await import(new URL(bundles[0] + "pagefind.js", site).href);
    await found.options(options);
    await found.init();
    for (const bundle of bundles.slice(1)) {
      await found.mergeIndex(new URL(bundle, site).pathname, options);
    }
    return found;
  }

  function loadPagefind() {
    if (!pagefind) pagefind = openIndex();
    return pagefind;
  }

  // The filter menus (work, person mentioned, speaker, year) from the index.
  async function buildFilters() {
    const pf = await loadPagefind();
    const filters = await pf.filters();
    const params = new URLSearchParams(location.search);
    for (const [name, label] of [["work", "Work"], ["person", "Person mentioned"], ["speaker", "Speaker"], ["year", "Year"]]) {
      const values = filters[name];
      if (!values) continue;
      const lab = document.createElement("label");
      lab.textContent = label;
      const sel = document.createElement("select");
      sel.name = name;
      sel.id = "filter-" + name;
      const any = document.createElement("option");
      any.value = "";
      any.textContent = "any";
      sel.appendChild(any);
      for (const v of Object.keys(values).sort()) {
        const o = document.createElement("option");
        o.value = v;
        o.textContent = v + " (" + values[v] + ")";
        if (params.get(name) === v) o.selected = true;
        sel.appendChild(o);
      }
      sel.addEventListener("change", () => submit());
      lab.appendChild(sel);
      filterBox.appendChild(lab);
    }
  }

  function chosenFilters() {
    const f = {};
    filterBox.querySelectorAll("select").forEach((s) => { if (s.value) f[s.name] = s.value; });
    return f;
  }

  // The paragraph a hit is in: the last element with an id at or before the hit's word.
  function anchorFor(data, location) {
    let best = null;
    for (const a of data.anchors || []) {
      if (a.location <= location && /^(p|li|div|h[1-6]|blockquote|figure|section)$/i.test(a.element)) {
        if (!best || a.location >= best.location) best = a;
      }
    }
    return best;
  }

  // The printed page a hit is on: the last page anchor (p29) at or before it.
  function pageFor(data, location) {
    let page = null;
    for (const a of data.anchors || []) {
      if (a.location <= location && /^p[A-Za-z0-9]+$/.test(a.id) && a.element.toLowerCase() === "a") page = a.id.slice(1);
    }
    return page;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }

  // Every occurrence in context: words around each hit location of the page's content.
  function hitExcerpt(words, loc) {
    const from = Math.max(0, loc - 10);
    const to = Math.min(words.length, loc + 11);
    return (from > 0 ? "… " : "") + words.slice(from, to).map((w, i) =>
      from + i === loc ? "<mark>" + escapeHtml(w) + "</mark>" : escapeHtml(w)).join(" ") + (to < words.length ? " …" : "");
  }

  async function run(query) {
    results.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    try {
      const pf = await loadPagefind();
      const search = await pf.search(query, { filters: chosenFilters() });
      const found = await Promise.all(search.results.map((r) => r.data()));
      let total = 0;
      const terms = query.replace(/"/g, "").trim();
      for (const data of found) {
        const words = (data.content || "").split(/\s+/);
        const base = data.url.split("#")[0];
        const li = document.createElement("li");
        const head = document.createElement("a");
        head.href = base;
        head.className = "search-page";
        head.textContent = (data.meta && data.meta.title) || data.url;
        const hits = document.createElement("ol");
        hits.className = "hits";
        const locations = Array.from(new Set(data.locations || [])).sort((a, b) => a - b);
        for (const loc of locations) {
          const anchor = anchorFor(data, loc);
          const page = pageFor(data, loc);
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.className = "search-hit";
          link.href = base + "?pagefind-highlight=" + encodeURIComponent(terms) + (anchor ? "#" + anchor.id : "");
          link.textContent = page ? "p. " + page : "passage";
          link.classList.add("hit-page");
          const text = document.createElement("span");
          text.innerHTML = hitExcerpt(words, loc);
          item.append(link, text);
          hits.appendChild(item);
        }
        total += locations.length;
        const count = document.createElement("span");
        count.className = "hit-count";
        count.textContent = " (" + locations.length + (locations.length === 1 ? " hit)" : " hits)");
        li.append(head, count, hits);
        results.appendChild(li);
      }
      status.textContent = total + " hit" + (total === 1 ? "" : "s") + " on " + found.length + " page" + (found.length === 1 ? "" : "s");
    } catch (err) {
      status.textContent = "The search index is not available (" + err.message + ").";
    }
  }

  function submit() {
    const q = input.value;
    const params = new URLSearchParams();
    params.set("q", q);
    for (const [k, v] of Object.entries(chosenFilters())) params.set(k, v);
    history.replaceState(null, "", "?" + params.toString());
    run(q);
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); submit(); });
  buildFilters().catch(() => {}).finally(() => {
    const initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(initial); }
  });
})();
