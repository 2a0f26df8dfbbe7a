/* builder-preview.js: the builder's preview of a draft form, run by forms-runtime.js as the portal runs it (same rules,
 * errors after leaving a field). Nothing is sent anywhere: the preview's "Nộp" only shows the verdict. */
(function () {
  "use strict";
  function start() {
    var host = document.getElementById("preview");
    if (!host) return;
    var artefact = JSON.parse(document.getElementById("preview-artefact").textContent);
    var lists = JSON.parse(document.getElementById("preview-lists").textContent);
    window.FormsRuntime.render(host, artefact, {
      lang: document.documentElement.lang === "en" ? "en" : "vi", codeLists: lists, onSubmit: function () {}
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
