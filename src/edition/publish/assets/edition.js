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

  // ---- search (pagefind, loaded only on the search page) ----
  const results = document.getElementById("search-results");
  if (!results) return;
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  let pagefind = null;

  // The paragraph a hit is in: the last element with an id at or before the hit's word.
  function paragraphUrl(data, location) {
    let best = null;
    for (const a of data.anchors || []) {
      if (a.location <= location && /^(p|li|div|h[1-6]|blockquote|figure|section)$/i.test(a.element)) {
        if (!best || a.location >= best.location) best = a;
      }
    }
    const base = data.url.split("#")[0];
    return best ? base + "#" + best.id : data.url;
  }

  async function run(query) {
    results.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    try {
      if (!pagefind) {
        pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
        await pagefind.init();
      }
      const search = await pagefind.search(query);
      const found = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
      status.textContent = search.results.length + " page" + (search.results.length === 1 ? "" : "s") + " found";
      for (const data of found) {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = paragraphUrl(data, (data.locations || [0])[0]);
        link.className = "search-hit";
        link.textContent = (data.meta && data.meta.title) || data.url;
        const excerpt = document.createElement("p");
        // pagefind's excerpt is escaped text with <mark> around the hits.
        excerpt.innerHTML = data.excerpt;
        li.append(link, excerpt);
        results.appendChild(li);
      }
    } catch (err) {
      status.textContent = "The search index is not available (" + err.message + ").";
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = input.value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(q));
    run(q);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
