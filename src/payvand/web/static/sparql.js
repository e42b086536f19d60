// The SPARQL page: one YASGUI tab per example query of queries/, the project's prefixes known.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("payvand-config").textContent);
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    yasqe: { value: config.defaultQuery },
  });
  const tabs = {};
  config.examples.forEach((example, index) => {
    const tab = yasgui.addTab(index === 0, {
      name: example.title,
      yasqe: { value: example.query },
      requestConfig: { endpoint: config.endpoint },
    });
    tabs[example.name] = tab.getId();
  });
  if (config.examples.length === 0) {
    yasgui.addTab(true, { name: "Query", yasqe: { value: config.defaultQuery } });
  }
  for (const button of document.querySelectorAll("#examples button.example")) {
    button.addEventListener("click", () => yasgui.selectTabId(tabs[button.dataset.name]));
  }
  window.payvandYasgui = yasgui;
})();
