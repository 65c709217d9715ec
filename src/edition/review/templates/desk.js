// The review desk: a queue of machine decisions, one card at a time, every action written to the
// TEI by the server at once. Plain JavaScript, no build step, nothing loaded from another host.
"use strict";

const token = document.body.dataset.token;
const state = { cards: [], index: -1, card: null };
const $ = (sel, root = document) => root.querySelector(sel);
const DATE_ATTRS = ["when", "from", "to", "notBefore", "notAfter"];

function say(message, error = false) {
  const el = $("#status");
  el.textContent = message;
  el.className = error ? "error" : "ok";
}

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-Desk-Token": token },
  };
  const response = await fetch(path, init);
  const data = await response.json();
  if (!response.ok || data.ok === false) throw new Error(data.error || response.statusText);
  return data;
}

function filters() {
  const out = {};
  for (const el of $("#filters").elements) {
    if (el.name && el.value) out[el.name] = el.value;
  }
  return out;
}

async function loadCards(keep = true) {
  const data = await api("/api/cards?" + new URLSearchParams(filters()));
  const textSelect = $("#f-text");
  if (textSelect.options.length === 1) {
    for (const slug of data.texts) textSelect.add(new Option(slug, slug));
  }
  state.cards = data.cards;
  $("#count").textContent = `${data.cards.length} shown`;
  $("#accept-all").textContent = `Accept all shown (${data.cards.filter(c => !c.reviewed).length})`;
  const kinds = new Set(data.cards.map(c => c.kind.split("[")[0]));
  const list = $("#kinds");
  if (!list.options.length) for (const k of [...kinds].sort()) list.append(new Option(k));
  renderQueue();
  const index = keep ? Math.min(Math.max(state.index, 0), data.cards.length - 1) : 0;
  await select(data.cards.length ? index : -1);
}

function renderQueue() {
  const queue = $("#queue");
  queue.replaceChildren(...state.cards.map((c, i) => {
    const li = document.createElement("li");
    li.dataset.index = i;
    li.id = `q-${c.text}-${c.id}`;
    li.className = `${c.cert} ${c.reviewed ? "reviewed" : "pending"}`;
    li.innerHTML = "<code></code> <span class='line'></span> <span class='reading'></span>";
    li.querySelector("code").textContent = c.kind;
    li.querySelector(".line").textContent = `${c.text} ${c.raw_line ?? "?"}`;
    li.querySelector(".reading").textContent = c.reading;
    li.addEventListener("click", () => select(i));
    return li;
  }));
}

async function select(index) {
  state.index = index;
  for (const li of document.querySelectorAll("#queue li[aria-selected]")) li.removeAttribute("aria-selected");
  const section = $("#card");
  if (index < 0 || index >= state.cards.length) {
    section.replaceChildren(Object.assign(document.createElement("p"), { textContent: "Nothing to review in this filter." }));
    state.card = null;
    return;
  }
  const c = state.cards[index];
  const li = $(`#queue li[data-index="${index}"]`);
  li.setAttribute("aria-selected", "true");
  li.scrollIntoView({ block: "nearest" });
  state.card = await api(`/api/card?text=${encodeURIComponent(c.text)}&id=${encodeURIComponent(c.id)}`);
  renderCard(state.card);
}

function field(label, name, value, list) {
  const wrap = document.createElement("label");
  wrap.textContent = `@${label} `;
  const input = document.createElement("input");
  input.name = name;
  input.value = value ?? "";
  input.dataset.original = value ?? "";
  if (list) input.setAttribute("list", list);
  wrap.append(input);
  return wrap;
}

function personFields(card, kind) {
  // said and sp name their speaker in @who, quote names the person quoted in @source
  if (kind === "said" || kind === "sp") return [field("who", "who", card.attrs.who, "register")];
  if (kind === "quote") return [field("source", "source", (card.attrs.source || "").split(" ").filter(t => !t.startsWith("raw:")).join(" "), "register")];
  return [];
}

function renderFields(card, box) {
  const parts = [];
  if (card.name === "date") {
    for (const name of DATE_ATTRS) {
      if (name === "when" || card.attrs[name] !== undefined) parts.push(field(name, name, card.attrs[name]));
    }
  }
  if (card.name === "persName" || card.name === "orgName") parts.push(field("ref", "ref", card.attrs.ref, "register"));
  if (card.name === "choice") parts.push(field("reading", "reading", card.correction));
  if (card.kinds.length) {
    const wrap = document.createElement("label");
    wrap.textContent = "element ";
    const select = document.createElement("select");
    select.name = "tag";
    for (const k of card.kinds) select.add(new Option(k, k, false, k === card.name));
    select.dataset.original = card.name;
    wrap.append(select);
    parts.push(wrap);
    const persons = document.createElement("span");
    persons.className = "persons";
    persons.append(...personFields(card, card.name));
    select.addEventListener("change", () => persons.replaceChildren(...personFields(card, select.value)));
    parts.push(persons);
  } else if (card.name === "sp") {
    parts.push(...personFields(card, "sp"));
  }
  box.replaceChildren(...parts);
}

function renderCard(card) {
  const section = $("#card");
  section.replaceChildren($("#card-template").content.cloneNode(true));
  $(".kind", section).textContent = card.kind;
  $(".cert", section).textContent = card.resp === "#conv" ? `cert ${card.cert}` : `decided by ${card.resp}`;
  $(".ident", section).textContent = card.id;
  $(".where", section).textContent = `${card.text}: raw line ${card.raw_line ?? "not positioned"}, TEI line ${card.tei_line}`;
  const link = $(".reading-view", section);
  if (card.reading_view) { link.href = card.reading_view; link.hidden = false; }
  const raw = $(".raw", section);
  raw.replaceChildren(...card.raw.map(line => {
    const span = document.createElement("span");
    span.className = line.here ? "here" : "";
    span.textContent = `${String(line.n).padStart(6)}  ${line.text}`;
    return span;
  }));
  $(".tei", section).textContent = card.fragment;
  $(".rendered", section).textContent = card.rendered;
  const form = $("form.edit", section);
  renderFields(card, $(".fields", form));
  $(".save", form).hidden = !$(".fields", form).children.length;
  $(".accept", form).addEventListener("click", accept);
  $(".reject", form).addEventListener("click", reject);
  form.addEventListener("submit", event => { event.preventDefault(); save(form); });
}

async function act(request, label) {
  try {
    const data = await request();
    say(data.message || label);
    await loadCards(true);
  } catch (error) {
    say(error.message, true);
  }
}

function current() {
  return state.cards[state.index];
}

function accept() {
  const c = current();
  if (!c) return;
  act(() => api("/api/decide", { text: c.text, label: `accepted ${c.id}`, decisions: [{ id: c.id, op: "accept" }] }));
}

function reject() {
  const c = current();
  if (!c) return;
  act(() => api("/api/decide", { text: c.text, label: `rejected ${c.id}`, decisions: [{ id: c.id, op: "reject" }] }));
}

function save(form) {
  const c = current();
  if (!c) return;
  const attrs = {};
  let tag = null;
  let reading = null;
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.name === "tag") { if (el.value !== el.dataset.original) tag = el.value; continue; }
    if (el.name === "reading") { if (el.value !== el.dataset.original) reading = el.value; continue; }
    if (el.value !== el.dataset.original || tag) attrs[el.name] = el.value.trim() || null;
  }
  if (tag) {
    for (const el of form.querySelectorAll(".persons input")) attrs[el.name] = el.value.trim() || null;
    if (tag === "said") attrs.source = null;
    if (tag === "quote") attrs.who = null;
  }
  const decision = tag ? { id: c.id, op: "kind", tag, attrs }
    : reading !== null ? { id: c.id, op: "correct", reading }
    : { id: c.id, op: "set", attrs };
  act(() => api("/api/decide", { text: c.text, label: `corrected ${c.id}`, decisions: [decision] }));
}

function acceptAll() {
  const shown = state.cards.filter(c => !c.reviewed).length;
  if (!shown) return;
  act(() => api("/api/accept", { filter: { ...filters(), status: "pending" } }));
}

function undo() {
  act(() => api("/api/undo", {}));
}

document.addEventListener("keydown", event => {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement?.tagName);
  if (event.key === "Escape" && typing) { document.activeElement.blur(); return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const keys = {
    j: () => select(Math.min(state.index + 1, state.cards.length - 1)),
    ArrowDown: () => select(Math.min(state.index + 1, state.cards.length - 1)),
    k: () => select(Math.max(state.index - 1, 0)),
    ArrowUp: () => select(Math.max(state.index - 1, 0)),
    a: accept,
    r: reject,
    u: undo,
    e: () => $("#card form.edit input, #card form.edit select")?.focus(),
  };
  if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
});

$("#filters").addEventListener("change", () => loadCards(false).catch(e => say(e.message, true)));
$("#filters").addEventListener("submit", event => { event.preventDefault(); loadCards(false); });
$("#accept-all").addEventListener("click", acceptAll);
$("#undo").addEventListener("click", undo);

api("/api/register").then(entries => {
  $("#register").replaceChildren(...entries.map(e => new Option(e.name, e.id)));
}).catch(e => say(e.message, true));
loadCards(false).catch(e => say(e.message, true));
