// Payvand's exploration page: search, entity pages and a Cytoscape.js graph over the API.
// Plain JavaScript, no build step. Everything it shows comes from /entities and /graph/….
"use strict";

(function () {
  const PALETTE = ["#0b6e69", "#d69e2e", "#805ad5", "#c53030", "#2b6cb0", "#2f855a", "#b83280",
    "#dd6b20", "#4a5568", "#319795", "#6b46c1", "#9c4221"];
  const SHAPES = { person: "ellipse", organisation: "round-rectangle", event: "diamond", city: "hexagon",
    country: "octagon", topic: "tag", venue: "triangle" };
  const SHAPE_KEY = { person: "person", organisation: "organisation", event: "event", city: "city", country: "country" };
  const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

  const state = { view: null, entity: null, cy: null, expanded: new Set(), searchTimer: null, hits: [], active: -1 };
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Text in its own direction: Persian right to left, English left to right.
  function text(value, tag) {
    const fa = ARABIC_SCRIPT.test(value || "");
    return el(tag || "span", { lang: fa ? "fa" : "en", dir: fa ? "rtl" : "ltr" }, value || "");
  }

  function say(message) { $("message").textContent = message || ""; }

  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
    }
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) {
      const error = new Error(body.error || response.statusText);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function filter() {
    return { from: $("from").value.trim(), to: $("to").value.trim() };
  }

  function colouring() {
    const [kind, name] = $("colour").value.split(":");
    return kind === "community" ? { algorithm: name } : { measure: name };
  }

  function entityPath(id) { return "/entities/" + id.split("/").map(encodeURIComponent).join("/"); }

  // -- search ------------------------------------------------------------------------------

  function showHits(hits) {
    const list = $("search-results");
    state.hits = hits;
    state.active = -1;
    list.replaceChildren(...hits.map((hit, i) => el("li", {
      role: "option", "data-id": hit.id,
      onclick: () => choose(i),
    }, text(hit.label), hit.label_en && hit.label_en !== hit.label ? text(hit.label_en) : null,
    el("span", { class: "type" }, hit.type), el("span", { class: "count" }, hit.mentions + " articles"))));
    if (!hits.length) list.replaceChildren(el("li", { class: "none" }, "No entity by that name."));
    list.hidden = false;
  }

  function choose(index) {
    const hit = state.hits[index];
    if (!hit) return;
    $("search-results").hidden = true;
    $("search").value = hit.label;
    go(hit.id);
  }

  function onSearchInput() {
    clearTimeout(state.searchTimer);
    const q = $("search").value.trim();
    if (!q) { $("search-results").hidden = true; return; }
    state.searchTimer = setTimeout(async () => {
      try {
        showHits((await api("/entities", { q, limit: 12 })).results);
      } catch (error) { say(error.message); }
    }, 150);
  }

  function onSearchKey(event) {
    const items = [...$("search-results").querySelectorAll("li[data-id]")];
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      state.active = Math.max(0, Math.min(items.length - 1, state.active + (event.key === "ArrowDown" ? 1 : -1)));
      items.forEach((item, i) => item.classList.toggle("active", i === state.active));
    } else if (event.key === "Enter") {
      choose(state.active >= 0 ? state.active : 0);
    } else if (event.key === "Escape") {
      $("search-results").hidden = true;
    }
  }

  // -- the entity page -----------------------------------------------------------------------

  function entityLink(ref) {
    return el("a", { class: "entity-link", href: "#" + ref.id, "data-id": ref.id }, text(ref.label));
  }

  // Only http(s) addresses become links: a stored javascript: or data: URL stays text.
  function safeUrl(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
    } catch (err) {
      return null;
    }
  }

  function source(src) {
    const title = src.headline || src.url || src.article;
    const href = safeUrl(src.url || src.article);
    return el("div", { class: "source" }, src.date ? src.date + " · " : "",
      href
        ? el("a", { href: href, target: "_blank", rel: "noopener", class: "article-link" }, text(title))
        : el("span", { class: "article-link" }, text(title)));
  }

  function timeline(months) {
    const max = Math.max(1, ...months.map((m) => m.articles + m.statements));
    return el("div", { id: "timeline" }, months.map((m) => el("div", {
      class: "month", "data-month": m.month,
      title: `${m.month}: ${m.articles} articles, ${m.statements} statements, ${m.events} events, ${m.twinnings} twinnings`,
    },
    el("div", { class: "bar statements", style: `height:${(60 * m.statements) / max}px` }),
    el("div", { class: "bar", style: `height:${(60 * m.articles) / max}px` }),
    el("span", { class: "label" }, m.month))));
  }

  function renderEntity(page) {
    const names = el("div", {},
      el("h1", { id: "entity-name", lang: page.label_fa ? "fa" : "en", dir: page.label_fa ? "rtl" : "ltr" },
        page.label_fa || page.label),
      page.label_en && page.label_fa ? el("p", { class: "name-en", lang: "en", dir: "ltr" }, page.label_en) : null);
    const facts = el("div", { class: "facts" },
      el("span", { class: "type-tag" }, page.type), el("span", {}, page.mentions + " articles"),
      page.wikidata && safeUrl(page.wikidata) ? el("a", { href: page.wikidata, target: "_blank", rel: "noopener", id: "wikidata" }, "Wikidata") : null,
      page.located_in.length ? el("span", {}, "in ", page.located_in.map((ref, i) => [i ? ", " : "", entityLink(ref)])) : null,
      page.honorifics.length ? el("span", { id: "honorifics" }, page.honorifics.map((h, i) => [i ? " · " : "", text(h)])) : null);
    const sections = [names, facts];
    if (page.aliases.length) sections.push(el("p", { class: "facts" }, "Also: ", page.aliases.slice(0, 8).map((a) => [text(a), " "])));
    if (page.timeline.length) {
      sections.push(el("h2", {}, "Timeline"), timeline(page.timeline),
        el("p", { class: "source" }, "per month: articles (green) and statements (amber); hover a bar for events and twinnings"));
    }
    if (page.positions.length) {
      sections.push(el("h2", {}, "Positions"), el("ul", { id: "positions" }, page.positions.map((p) => el("li", { class: "position" },
        entityLink(p.member.id === page.id ? p.organisation : p.member), " — ", p.roles.map((r) => [text(r), " "]),
        p.first_reported ? el("span", { class: "source" }, ` reported ${p.first_reported}` + (p.last_reported !== p.first_reported ? ` to ${p.last_reported}` : "")) : null,
        p.start || p.end ? el("span", { class: "source" }, ` (${p.start || "…"} – ${p.end || "…"})`) : null,
        p.sources.slice(0, 3).map(source)))));
    }
    if (page.statements.length) {
      sections.push(el("h2", {}, `Statements (${page.statements.length})`), el("div", { id: "statements" },
        page.statements.map((s) => el("div", { class: "statement" }, text("«" + s.quote + "»", "blockquote"), source(s.source)))));
    }
    if (page.events.length) {
      sections.push(el("h2", {}, "Events"), el("ul", { id: "events" }, page.events.map((e) => el("li", {},
        entityLink(e.event), " ", el("span", { class: "source" }, e.roles.join(", "), e.when ? " · " + e.when : ""), e.sources.slice(0, 2).map(source)))));
    }
    if (page.twinnings.length) {
      sections.push(el("h2", {}, "Twinnings"), el("ul", { id: "twinnings" }, page.twinnings.map((t) => el("li", {},
        entityLink(t.partner), " ", el("span", { class: "source" }, t.status || ""), t.sources.slice(0, 2).map(source)))));
    }
    if (page.articles.length) {
      sections.push(el("h2", {}, `Articles (${page.articles.length})`), el("ul", { id: "articles" }, page.articles.slice(0, 30).map((a) => el("li", {}, source(a)))));
    }
    $("entity").replaceChildren(...sections);
  }

  // -- the graph -------------------------------------------------------------------------------

  function nodeColour(node) {
    if (node.community !== null && node.community !== undefined) return PALETTE[node.community % PALETTE.length];
    return "#0b6e69";
  }

  function elementsOf(body) {
    const scores = body.nodes.map((n) => n.score || 0);
    const max = Math.max(1e-12, ...scores);
    const nodes = body.nodes.map((n) => ({
      group: "nodes",
      data: { id: n.id, label: n.label, label_en: n.label_en, type: n.type, community: n.community, score: n.score, degree: n.degree,
        size: 18 + 34 * Math.sqrt((n.score || 0) / max), colour: nodeColour(n),
        heat: n.score === null || n.score === undefined ? 0.6 : 0.25 + 0.75 * ((n.score || 0) / max) },
    }));
    const edges = body.edges.map((e) => ({
      group: "edges",
      data: { id: e.source + "|" + e.target, source: e.source, target: e.target, weight: e.weight, relations: e.relations.join(", ") },
    }));
    return nodes.concat(edges);
  }

  function layout(cy, animate) {
    if (cy.destroyed()) return Promise.resolve();
    document.body.dataset.busy = "true";
    const options = { name: cy.nodes().length > 1 && window.cytoscapeFcose ? "fcose" : "grid", animate: !!animate,
      randomize: !animate, nodeRepulsion: 9000, idealEdgeLength: 90, padding: 30, fit: true };
    const run = cy.layout(options);
    const done = new Promise((resolve) => run.one("layoutstop", resolve));
    run.run();
    return done.then(() => { document.body.dataset.busy = "false"; });
  }

  function makeCy() {
    if (state.cy) state.cy.destroy();
    const measureColour = () => $("colour").value.startsWith("centrality");
    const cy = cytoscape({
      container: $("graph"),
      elements: [],
      maxZoom: 1.4,
      style: [
        { selector: "node", style: {
          label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis",
          "text-max-width": 140, width: "data(size)", height: "data(size)",
          "background-color": (n) => (measureColour() ? `rgba(11,110,105,${n.data("heat")})` : n.data("colour")),
          shape: (n) => SHAPES[n.data("type")] || "ellipse", "border-width": 1, "border-color": "#fff" } },
        { selector: "node.centre", style: { "border-width": 4, "border-color": "#1d2733" } },
        { selector: "node.expanded", style: { "border-width": 3, "border-color": "#d69e2e" } },
        { selector: "edge", style: { width: (e) => Math.min(10, 1 + Math.log2(e.data("weight"))), "line-color": "#b8c2cc",
          "curve-style": "bezier", opacity: 0.85 } },
        { selector: "edge:selected", style: { "line-color": "#d69e2e", width: 5 } },
      ],
    });
    cy.on("tap", "node", (event) => expand(event.target.id()));
    cy.on("tap", "edge", (event) => showEdge(event.target.data("source"), event.target.data("target")));
    state.cy = cy;
    window.payvand.cy = cy;
    return cy;
  }

  function updateStatus(extra) {
    const cy = state.cy;
    const view = state.view;
    $("graph-status").textContent = `${cy.nodes().length} entities, ${cy.edges().length} ties in the ${view} view` + (extra ? " · " + extra : "");
    $("graph-status").dataset.nodes = cy.nodes().length;
    $("graph-status").dataset.edges = cy.edges().length;
  }

  function legend(body) {
    const items = [];
    if (body.algorithm) {
      const seen = [...new Set(body.nodes.map((n) => n.community))].filter((c) => c !== null).sort((a, b) => a - b);
      for (const c of seen.slice(0, 12)) items.push(el("span", {}, el("span", { class: "swatch", style: `background:${PALETTE[c % PALETTE.length]}` }), `community ${c}`));
    } else if (body.measure) {
      items.push(el("span", {}, `size and shade: ${body.measure}`));
    }
    // the shapes drawn in CSS (explore.css), as the graph draws them: no glyph a font may lack
    items.push(el("span", { class: "shapes" }, "shapes:", Object.keys(SHAPE_KEY).map((type) =>
      el("span", { class: "shape-key", "data-type": type }, el("span", { class: "shape shape-" + type }), SHAPE_KEY[type]))));
    $("legend").replaceChildren(...items);
  }

  async function neighbourhood(id, view) {
    return api(`/graph/${view || state.view}/neighbourhood/` + id.split("/").map(encodeURIComponent).join("/"),
      { depth: 1, limit: 30, ...colouring(), ...filter() });
  }

  // The entity's neighbourhood in the chosen view; when the entity is not in that view, in the
  // first other view where it has ties (a city chosen in the actors view shows its twinnings),
  // else where it is at all; null when it is in no view.
  async function tiesOf(id, fallback) {
    const others = fallback ? [...$("view").options].map((o) => o.value).filter((v) => v !== state.view) : [];
    if (state.entityType === "city") others.sort((a, b) => (b === "sister_cities") - (a === "sister_cities"));
    let alone = null;
    for (const view of [state.view, ...others]) {
      try {
        const body = await neighbourhood(id, view);
        if (view === state.view || body.edges.length) return { view, body };
        alone = alone || { view, body };
      } catch (error) {
        if (error.status !== 404 || !fallback) throw error;
      }
    }
    return alone;
  }

  // ``fallback``: an entity just chosen goes to another view when it is not in this one; a view
  // or period the reader chose stays.
  async function showGraph(id, fallback) {
    // A newer graph (another view, period or entity) may be asked for while this one loads:
    // then this one stops, and never writes over the newer one's status.
    const token = (state.graphToken = (state.graphToken || 0) + 1);
    const current = () => token === state.graphToken;
    const cy = makeCy();
    state.expanded = new Set([id]);
    try {
      const chosen = state.view;
      const found = await tiesOf(id, fallback);
      if (!current()) return;
      if (found === null) {
        $("graph-status").textContent = `Not in any view with this period: ${id}`;
        $("graph-status").dataset.nodes = 0;
        return;
      }
      const { view, body } = found;
      if (view !== chosen) {
        state.view = view;
        $("view").value = view;
      }
      cy.add(elementsOf(body));
      cy.getElementById(id).addClass("centre expanded");
      legend(body);
      await layout(cy, false);
      if (!current()) return;
      const notes = [];
      if (view !== chosen) notes.push(`not in the ${chosen.replaceAll("_", " ")} view: shown in the ${view.replaceAll("_", " ")} view`);
      if (body.truncated) notes.push("the strongest 30 ties shown");
      updateStatus(notes.join(" · "));
    } catch (error) {
      if (!current()) return;
      $("graph-status").textContent = error.status === 404 ? `Not in the ${state.view} view with this period: ${error.message}` : error.message;
      $("graph-status").dataset.nodes = 0;
    }
  }

  async function expand(id) {
    const cy = state.cy;
    showNode(id);
    if (state.expanded.has(id)) return;
    state.expanded.add(id);
    try {
      const body = await neighbourhood(id);
      if (cy !== state.cy || cy.destroyed()) return; // the graph was replaced meanwhile
      const fresh = elementsOf(body).filter((item) => cy.getElementById(item.data.id).empty());
      cy.add(fresh);
      cy.getElementById(id).addClass("expanded");
      await layout(cy, true);
      const added = fresh.filter((f) => f.group === "nodes").length;
      updateStatus(`${added} ${added === 1 ? "entity" : "entities"} added around ${body.centre.label}`);
    } catch (error) { say(error.message); }
  }

  function showNode(id) {
    const node = state.cy.getElementById(id);
    const data = node.data();
    $("details-body").replaceChildren(el("h3", {}, text(data.label)),
      data.label_en && data.label_en !== data.label ? el("p", { lang: "en" }, data.label_en) : null,
      el("p", { class: "source" }, data.type, data.score !== null && data.score !== undefined ? ` · score ${Number(data.score).toFixed(4)}` : "",
        data.community !== null && data.community !== undefined ? ` · community ${data.community}` : ""),
      el("button", { type: "button", id: "open-entity", onclick: () => go(id) }, "Open its page"));
    $("details").hidden = false;
  }

  async function showEdge(from, to) {
    try {
      const edge = await api(`/graph/${state.view}/edge`, { source: from, target: to, evidence: 20, ...filter() });
      const label = (id) => state.cy.getElementById(id).data("label") || id;
      $("details-body").replaceChildren(
        el("h3", { id: "evidence-title" }, text(label(from)), " — ", text(label(to))),
        el("p", { class: "source" }, `${edge.relations.join(", ")} · ${edge.articles} article${edge.articles === 1 ? "" : "s"}`),
        el("div", { id: "evidence" }, edge.evidence.map((e) => el("div", { class: "evidence" },
          el("div", { class: "source" }, e.relation.replaceAll("_", " "), e.detail ? ` (${e.detail})` : ""),
          e.quote ? text("«" + e.quote + "»", "blockquote") : null,
          e.sentence ? text(e.sentence, "p") : null,
          e.article ? source({ article: e.article, headline: e.headline, date: e.date, url: e.url }) : el("div", { class: "source" }, "from the gazetteer")))));
      $("details").hidden = false;
    } catch (error) { say(error.message); }
  }

  // -- views, ranking, navigation ------------------------------------------------------------------

  async function loadViews() {
    const body = await api("/graph/views");
    const select = $("view");
    select.replaceChildren(...body.views.map((v) => el("option", { value: v.name, title: v.description }, v.name.replaceAll("_", " "))));
    const saved = new URLSearchParams(window.location.search).get("view");
    select.value = body.views.some((v) => v.name === saved) ? saved : body.views.some((v) => v.name === "actors") ? "actors" : body.views[0].name;
    state.view = select.value;
  }

  async function loadRanking() {
    const list = $("ranking");
    if (!list) return;
    try {
      const [, measure] = $("colour").value.startsWith("centrality") ? $("colour").value.split(":") : [null, "pagerank"];
      const body = await api(`/graph/${state.view}/centrality`, { measure, top: 15, ...filter() });
      list.replaceChildren(...body.top.map((n) => el("li", {}, entityLink(n), el("span", { class: "source" }, ` ${n.type} · ${n.score.toFixed(4)}`))));
      if (body.sampled) list.append(el("li", { class: "source" }, body.note));
    } catch (error) { say(error.message); }
  }

  async function go(id) {
    window.location.hash = id;
  }

  async function route() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    say("");
    $("details").hidden = true;
    if (!id) { await loadRanking(); return; }
    state.entity = id;
    try {
      const page = await api(entityPath(id));
      state.entityType = page.type;
      renderEntity(page);
    } catch (error) { say(error.message); return; }
    await showGraph(id, true);
  }

  async function apply() {
    state.view = $("view").value;
    say("");
    if (state.entity) await showGraph(state.entity);
    else await loadRanking();
  }

  async function start() {
    window.payvand = { state };
    window.cytoscape.use(window.cytoscapeFcose);
    $("search").addEventListener("input", onSearchInput);
    $("search").addEventListener("keydown", onSearchKey);
    $("apply").addEventListener("click", apply);
    $("view").addEventListener("change", apply);
    $("colour").addEventListener("change", apply);
    $("details-close").addEventListener("click", () => { $("details").hidden = true; });
    document.addEventListener("click", (event) => {
      if (!event.target.closest(".search")) $("search-results").hidden = true;
    });
    window.addEventListener("hashchange", route);
    const asked = new URLSearchParams(window.location.search).get("q");  // from a not-found page
    if (asked && !window.location.hash) { $("search").value = asked; onSearchInput(); }
    try {
      await loadViews();
      await route();
      document.body.dataset.ready = "true";
    } catch (error) { say(error.message); }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
