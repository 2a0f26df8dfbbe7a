/* online-form.js: the portal's page around forms-runtime.js (modules/forms/static/forms/).
 *
 * Renders the published form (#form-artefact, the unit lists in #form-lists), fills the draft being resumed or what
 * the server refused, offers the prefill the citizen confirms (#prefill), saves an explicit draft (half-valid allowed)
 * and submits: the runtime checks first, then the form is posted as multipart with the data as JSON (`du_lieu`) and
 * each file under its field's path; the server's verdict decides. No inline script (the site's CSP), no network but
 * this site.
 */
(function () {
  "use strict";
  function json(id) { return JSON.parse(document.getElementById(id).textContent); }

  function start() {
    var config = json("form-config"), artefact = json("form-artefact"), lists = json("form-lists");
    var words = document.getElementById("form-words").dataset;
    var host = document.getElementById("online-form");
    var controller = window.FormsRuntime.render(host, artefact, {
      lang: config.lang, codeLists: lists, onSubmit: function (data) { send(data); }
    });
    var form = controller.form;
    var submit = form.querySelector(".forms-submit");
    if (submit) submit.textContent = words.submit;

    function hidden(name, value) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      form.appendChild(input);
    }
    function send(data) {
      form.method = "post";
      form.enctype = "multipart/form-data";
      form.action = config.submitUrl;
      hidden("csrfmiddlewaretoken", config.csrf);
      hidden("du_lieu", JSON.stringify(data));
      HTMLFormElement.prototype.submit.call(form);  // the native post: files travel as chosen
    }

    if (config.initial) controller.fill(config.initial);
    else if (config.draft) controller.fill(config.draft);

    var offers = config.offers || [];
    offers.forEach(function (o) {
      var node = document.querySelector('.prefill-value[data-key="' + o.key + '"]');
      if (node) node.textContent = typeof o.value === "object" ? [o.value.street, o.value.commune, o.value.province].filter(Boolean).join(", ") : String(o.value);
    });
    var use = document.getElementById("prefill-use");
    if (use) {
      use.addEventListener("click", function () {
        var values = {};
        offers.forEach(function (o) { values[o.key] = o.value; });
        controller.fill(values);
        offers.forEach(function (o) {
          var wrap = form.querySelector('[data-path="' + o.key + '"]');
          if (wrap && !wrap.querySelector(".forms-prefilled")) {
            var note = document.createElement("p");
            note.className = "forms-prefilled help";
            note.textContent = words.prefilled;
            wrap.appendChild(note);
          }
        });
        use.disabled = true;
      });
    }

    var save = document.getElementById("save-draft");
    if (save && config.draftUrl) {
      var status = document.getElementById("draft-status");
      save.addEventListener("click", function () {
        fetch(config.draftUrl, {
          method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRFToken": config.csrf},
          body: JSON.stringify({data: controller.data()})
        }).then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); })
          .then(function (answer) {
            status.textContent = answer[0] ? words.saved + " " + answer[1].savedAt : words.failed + ": " + answer[1].error.message;
          })
          .catch(function () { status.textContent = words.failed; });
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
