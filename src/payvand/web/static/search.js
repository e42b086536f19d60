// The search box "Said" of the exploration page: full-text search over /search, its hits shown
// in place of the entity page. A hit opens its speaker's page (in the explorer) or its article's.
"use strict";

(function () {
  const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function direction(value) {
    const fa = ARABIC_SCRIPT.test(value || "");
    return { lang: fa ? "fa" : "en", dir: fa ? "rtl" : "ltr" };
  }

  // The snippet with the words found in <mark>, built as text nodes (never as HTML).
  function snippet(hit) {
    const parts = [];
    let at = 0;
    for (const [start, end] of hit.highlights) {
      parts.push(hit.snippet.slice(at, start), el("mark", {}, hit.snippet.slice(start, end)));
      at = end;
    }
    parts.push(hit.snippet.slice(at));
    return el("p", { class: "snippet", ...direction(hit.snippet) }, parts);
  }

  function hitItem(hit) {
    const meta = [el("span", { class: "kind" }, hit.kind)];
    if (hit.date) meta.push(" · ", hit.date);
    if (hit.speaker) {
      const label = hit.speaker.label || hit.speaker.iri;
      meta.push(" · ", hit.speaker.id
        ? el("a", { class: "speaker-link", href: "#" + hit.speaker.id, ...direction(label) }, label)
        : el("span", direction(label), label));
    }
    const title = hit.article.label || hit.article.iri;
    meta.push(" · ", el("a", {
      class: "article-link", href: hit.article.page || hit.article.iri, ...direction(title),
    }, title));
    if (hit.outlet && hit.outlet.label) meta.push(" · ", el("span", direction(hit.outlet.label), hit.outlet.label));
    return el("li", { class: "said-hit", "data-iri": hit.iri }, snippet(hit), el("div", { class: "source" }, meta));
  }

  function facets(body) {
    const rows = [];
    for (const [name, counts] of Object.entries(body.facets)) {
      if (!counts.length) continue;
      rows.push(el("div", { class: "facet", "data-facet": name }, el("strong", {}, name + ": "),
        counts.map((f, i) => [i ? ", " : "", el("span", direction(f.label || f.value), f.label || f.value), ` (${f.count})`])));
    }
    return el("div", { id: "said-facets" }, rows);
  }

  async function search(event) {
    event.preventDefault();
    const q = $("said").value.trim();
    if (!q) return;
    const url = new URL("/search", window.location.origin);
    const params = { q, kind: $("said-kind").value, from: $("from").value.trim(), to: $("to").value.trim(), limit: 30 };
    for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
    const message = $("message");
    message.textContent = "";
    try {
      const response = await fetch(url);
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || response.statusText);
      const shown = body.hits.length < body.total ? `the first ${body.hits.length} of ` : "";
      $("entity").replaceChildren(el("section", { id: "said-results" },
        el("h1", {}, `${shown}${body.total}${body.exact === false ? "+" : ""} texts say `, el("q", direction(q), q)),
        facets(body),
        body.hits.length ? el("ol", { id: "said-hits" }, body.hits.map(hitItem)) : el("p", { class: "none" }, "Nothing found."),
      ));
      document.body.dataset.said = String(body.total);
    } catch (error) {
      message.textContent = error.message;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("said-form").addEventListener("submit", search);
  });
})();
