// The SPARQL page: one YASGUI tab per named query and example of queries/, the project's prefixes
// known, the description of the tab in view above the editor.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("payvand-config").textContent);
  // The project's prefixes are declared for every query (the endpoint declares them): the
  // editor's syntax check knows them too, so a query may use them without PREFIX lines.
  const CodeMirror = Object.getPrototypeOf(Yasgui.Yasqe);
  const sparqlMode = CodeMirror.modes && CodeMirror.modes.sparql11;
  if (sparqlMode) {
    CodeMirror.defineMode("sparql11", function (editorConfig, modeConfig) {
      const mode = sparqlMode(editorConfig, modeConfig);
      const startState = mode.startState;
      mode.startState = function () {
        const state = startState.apply(this, arguments);
        Object.assign(state.prefixes, config.prefixes);
        return state;
      };
      return mode;
    });
  }
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    yasqe: { value: config.defaultQuery },
  });
  // One tab per named query and example; the description of the tab in view above the editor.
  const descriptions = {};
  config.examples.forEach((example, index) => {
    const tab = yasgui.addTab(index === 0, {
      name: example.title,
      yasqe: { value: example.query },
      requestConfig: { endpoint: config.endpoint },
    });
    descriptions[tab.getId()] = example.description;
  });
  if (config.examples.length === 0) {
    yasgui.addTab(true, { name: "Query", yasqe: { value: config.defaultQuery } });
  }
  const description = document.getElementById("query-description");
  function describe(tabId) {
    description.textContent = descriptions[tabId] || "";
  }
  yasgui.on("tabSelect", (_yasgui, tabId) => describe(tabId));
  describe(yasgui.getTab().getId());
  window.payvandYasgui = yasgui;
})();
