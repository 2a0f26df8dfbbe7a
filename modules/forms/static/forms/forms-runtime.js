/* forms-runtime.js: runs a published form's compiled artefact (modules/forms/services/compiler.py) in the browser.
 *
 * The same verdicts as the server (modules/forms/services/validation.py, the authority), in the same order: computed
 * values, hidden sections and fields dropped, empty values dropped, REQUIRED, the JSON Schema keywords the compiler
 * emits (type, format, x-address, x-file, enum, minLength, maxLength, pattern, minimum, maximum, x-date, minItems,
 * maxItems), then the rules across fields. One error per field. Conditions, computed values and rules are JSON-logic,
 * run by json-logic.js (json-logic-js 2.0.5, load it first).
 *
 *   FormsRuntime.validate(artefact, data, {lang, codeLists}) -> {errors: [{path, code, message}], data}
 *   FormsRuntime.render(container, artefact, {lang, codeLists}) -> a controller (the form built in the container)
 *
 * A rendered form shows a field's error only after the user changed it and left it (blur), or on submit; never while
 * they have not typed; showing it never moves what is below (forms.css, and a press waits for its release). Errors
 * already shown follow each change (they go away as soon as the value is right).
 * codeLists: {key: [items]} for the lists the artefact carries by reference (administrative units).
 */
(function (root) {
  "use strict";
  var jsonLogic = root.jsonLogic;
  var ORDER = ["type", "format", "x-address", "x-file", "enum", "minLength", "maxLength", "pattern", "minimum",
    "maximum", "x-date", "minItems", "maxItems"];
  var CCCD = /^[0-9]{12}$/, TAX = /^([0-9]{10})(?:-?([0-9]{3}))?$/, MOBILE = /^0[35789][0-9]{8}$/,
    LANDLINE = /^02[0-9]{9}$/, EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
  var TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  var STREET_MAX = 255;

  // --- identifiers (modules/forms/services/identifiers.py) ---------------------------------------------------------
  function parseDate(value) {
    var m = DATE.exec(value);
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1 || mo < 1 || mo > 12 || d < 1) return null;
    var days = new Date(Date.UTC(2000, mo, 0)).getUTCDate();  // days in that month of a leap year
    if (mo === 2) days = (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
    return d <= days ? [y, mo, d] : null;
  }
  function cccdBirthYear(value) {
    if (!CCCD.test(value)) return null;
    return 1900 + 100 * Math.floor(+value[3] / 2) + +value.slice(4, 6);
  }
  var checks = {
    "date": function (v) { return parseDate(v) ? null : "INVALID_DATE"; },
    "email": function (v) { return Array.from(v).length <= 254 && EMAIL.test(v) ? null : "INVALID_EMAIL"; },
    "vn-tax-code": function (v) {
      var m = TAX.exec(v);
      if (!m) return "INVALID_TAX_CODE";
      var sum = 0;
      for (var i = 0; i < 9; i++) sum += (+m[1][i]) * TAX_WEIGHTS[i];
      return (10 - sum % 11 !== +m[1][9] || m[2] === "000") ? "TAX_CODE_CHECKSUM" : null;
    },
    "vn-phone": function (v) {
      var digits = v.replace(/[\s.\-]/g, "");
      if (digits.indexOf("+84") === 0) digits = "0" + digits.slice(3);
      return MOBILE.test(digits) || LANDLINE.test(digits) ? null : "INVALID_PHONE";
    }
  };
  function checkCccd(value, provinces) {
    if (!CCCD.test(value)) return "INVALID_CCCD";
    if (!provinces[value.slice(0, 3)]) return "CCCD_PROVINCE";
    if ("0123".indexOf(value[3]) < 0) return "CCCD_CENTURY";
    return null;
  }
  jsonLogic.add_operation("vn_cccd_birth", function (value, birth) {
    if (typeof value !== "string" || typeof birth !== "string") return true;
    var year = cccdBirthYear(value), m = DATE.exec(birth);
    if (year === null || !m) return true;
    return year === +m[1];
  });

  // --- helpers -----------------------------------------------------------------------------------------------------
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isEmpty(v) {
    if (v === null || v === undefined || v === "") return true;
    if (isObject(v)) { for (var k in v) { if (!isEmpty(v[k])) return false; } return true; }
    return false;
  }
  // A text as kept: NFC without the spaces around it (validation.py's clean()).
  function clean(v) { return typeof v === "string" ? v.normalize("NFC").trim() : v; }
  function plain(v) {
    if (typeof v === "number" && !isFinite(v)) return null;
    if (Array.isArray(v)) return v.map(plain);
    return v;
  }
  // What an item of `section` sees of the top level: its own fields hide the top-level ones of the same key, even
  // when left empty in the item, so a check of two fields takes both from one scope (validation.py's _outer).
  function outer(top, section) {
    var own = {}, out = {};
    section.fields.forEach(function (f) { own[f.key] = true; });
    for (var k in top) { if (!own[k]) out[k] = top[k]; }
    return out;
  }
  function scope(outerScope, item) { return Object.assign({}, outerScope, item); }
  function shown(logic, data) { return logic === null || logic === undefined || jsonLogic.truthy(jsonLogic.apply(logic, data)); }
  function typeOk(expected, v) {
    switch (expected) {
      case "string": return typeof v === "string";
      case "number": return typeof v === "number";
      case "integer": return typeof v === "number" && Number.isInteger(v);
      case "boolean": return typeof v === "boolean";
      case "object": return isObject(v);
      case "array": return Array.isArray(v);
    }
    return true;
  }
  function typeCode(expected, v) {
    if (expected === "number" || expected === "integer") {
      return (expected === "integer" && typeof v === "number") ? "NOT_INTEGER" : "NOT_A_NUMBER";
    }
    return "INVALID_VALUE";
  }
  function unitsIndex(cache, artefact, key, codeLists) {
    if (!cache[key]) {
      var entry = artefact.codeLists[key] || {};
      var items = entry.items || (codeLists || {})[key] || [];
      var index = {};
      for (var i = 0; i < items.length; i++) index[items[i].code] = items[i].parent || "";
      cache[key] = index;
    }
    return cache[key];
  }
  function checkAddress(value, spec, units) {
    var parts = spec.shape === "vn-2023" ? ["province", "district", "commune", "street"] : ["province", "commune", "street"];
    for (var k in value) { if (parts.indexOf(k) < 0 || typeof value[k] !== "string") return "INVALID_VALUE"; }
    var province = value.province || "", commune = value.commune || "";
    if (!province || units[province] !== "") return "ADDRESS_PROVINCE";
    var parent = province;
    if (spec.shape === "vn-2023") {
      var district = value.district || "";
      if (!district || units[district] !== province) return "ADDRESS_DISTRICT";
      parent = district;
    }
    if (!commune || units[commune] !== parent) return "ADDRESS_COMMUNE";
    var street = (value.street || "").trim();
    if ((spec.street && !street) || Array.from(street).length > STREET_MAX) return "ADDRESS_STREET";
    return null;
  }
  function checkFile(v, spec) {
    if (!(typeof v.id === "string" && v.id && typeof v.name === "string" && typeof v.content_type === "string" &&
          typeof v.size === "number" && Number.isInteger(v.size) && v.size >= 0)) return "INVALID_FILE";
    if (spec.accept && spec.accept.length && spec.accept.indexOf(v.content_type) < 0) return "FILE_TYPE";
    if (spec.maxBytes && v.size > spec.maxBytes) return "FILE_TOO_LARGE";
    return null;
  }

  // The first failing keyword of `schema` for `value`, in the server's order; null when none fails.
  function checkValue(schema, value, ctx) {
    for (var i = 0; i < ORDER.length; i++) {
      var kw = ORDER[i];
      if (!(kw in schema)) continue;
      var s = schema[kw], code = null;
      if (kw === "type") { if (!typeOk(s, value)) return typeCode(s, value); continue; }
      if (kw === "format") {
        if (typeof value === "string") code = s === "vn-cccd" ? checkCccd(value, ctx.provinces) : (checks[s] ? checks[s](value) : null);
      } else if (kw === "x-address") {
        if (isObject(value)) code = checkAddress(value, s, unitsIndex(ctx.units, ctx.artefact, s.list, ctx.codeLists));
      } else if (kw === "x-file") {
        if (isObject(value)) code = checkFile(value, s);
      } else if (kw === "enum") {
        if (s.indexOf(value) < 0) code = "NOT_IN_LIST";
      } else if (kw === "minLength") {
        if (typeof value === "string" && Array.from(value).length < s) code = "TOO_SHORT";
      } else if (kw === "maxLength") {
        if (typeof value === "string" && Array.from(value).length > s) code = "TOO_LONG";
      } else if (kw === "pattern") {
        if (typeof value === "string" && !ctx.pattern(s).test(value)) code = "PATTERN";
      } else if (kw === "minimum") {
        if (typeof value === "number" && value < s) code = "TOO_SMALL";
      } else if (kw === "maximum") {
        if (typeof value === "number" && value > s) code = "TOO_LARGE";
      } else if (kw === "x-date") {
        if (typeof value === "string" && parseDate(value)) {
          if ("min" in s && value < s.min) code = "DATE_TOO_EARLY";
          else if ("max" in s && value > s.max) code = "DATE_TOO_LATE";
        }
      } else if (kw === "minItems") {
        if (Array.isArray(value) && value.length < s) code = "TOO_FEW_ITEMS";
      } else if (kw === "maxItems") {
        if (Array.isArray(value) && value.length > s) code = "TOO_MANY_ITEMS";
      }
      if (code) return code;
    }
    return null;
  }

  function at(data, path) {
    var parts = path.split("."), v = data;
    for (var i = 0; i < parts.length; i++) {
      if (Array.isArray(v) && /^[0-9]+$/.test(parts[i]) && +parts[i] < v.length) v = v[+parts[i]];
      else if (isObject(v)) v = v[parts[i]];
      else return undefined;
    }
    return v;
  }

  // (kept data, Map path -> field or section entry of what is visible), computed values set.
  function prune(artefact, data) {
    var kept = {}, visible = new Map(), sections = artefact.sections, i, j, f;
    data = Object.assign({}, data);
    for (i = 0; i < sections.length; i++) {
      if (sections[i].repeatable) continue;
      for (j = 0; j < sections[i].fields.length; j++) {
        f = sections[i].fields[j];
        if (f.computed !== null && f.computed !== undefined) data[f.key] = plain(jsonLogic.apply(f.computed, data));
      }
    }
    for (i = 0; i < sections.length; i++) {
      var section = sections[i];
      if (!shown(section.visibleIf, data)) continue;
      if (!section.repeatable) {
        for (j = 0; j < section.fields.length; j++) {
          f = section.fields[j];
          if (shown(f.visibleIf, data)) {
            visible.set(f.key, f);
            var value = clean(data[f.key]);
            if (!isEmpty(value)) kept[f.key] = value;
          }
        }
        continue;
      }
      visible.set(section.key, section);
      var items = data[section.key];
      if (!Array.isArray(items)) {
        if (!isEmpty(items)) kept[section.key] = items;
        continue;
      }
      var keptItems = [], above = outer(data, section);
      for (var n = 0; n < items.length; n++) {
        if (!isObject(items[n])) { keptItems.push(items[n]); continue; }
        var item = Object.assign({}, items[n]), keptItem = {};
        for (j = 0; j < section.fields.length; j++) {
          f = section.fields[j];
          if (f.computed !== null && f.computed !== undefined) item[f.key] = plain(jsonLogic.apply(f.computed, scope(above, item)));
        }
        var itemScope = scope(above, item);
        for (j = 0; j < section.fields.length; j++) {
          f = section.fields[j];
          if (shown(f.visibleIf, itemScope)) {
            visible.set(section.key + "." + n + "." + f.key, f);
            var itemValue = clean(item[f.key]);
            if (!isEmpty(itemValue)) keptItem[f.key] = itemValue;
          }
        }
        keptItems.push(keptItem);
      }
      kept[section.key] = keptItems;
    }
    return [kept, visible, data];
  }

  function show(template, label, params) {
    var text = template.split("{label}").join(label);
    ["min", "max"].forEach(function (name) {
      if (params && params[name] !== undefined && params[name] !== null) text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  }

  function context(artefact, options) {
    var provinces = {}, list = (artefact.codeLists.cccd_province || {}).items || [], patterns = {};
    for (var i = 0; i < list.length; i++) provinces[list[i].code] = true;
    return {
      artefact: artefact, codeLists: (options || {}).codeLists, provinces: provinces, units: {},
      pattern: function (p) { return patterns[p] || (patterns[p] = new RegExp(p, "u")); }
    };
  }

  function validate(artefact, data, options) {
    options = options || {};
    var lang = options.lang || "vi", messages = artefact.messages;
    var ctx = options._ctx || context(artefact, options);
    if (!isObject(data)) return {errors: [{path: "", code: "INVALID_DATA", message: messages.INVALID_DATA[lang]}], data: {}};
    var pruned = prune(artefact, data), kept = pruned[0], visible = pruned[1], errors = new Map(), ruleMessages = {};
    visible.forEach(function (entry, path) {
      if (entry.fields) {
        var items = kept[path];
        if (Array.isArray(items)) { if (items.length < entry.minItems) errors.set(path, "TOO_FEW_ITEMS"); }
        else if (!(path in kept) && entry.minItems) errors.set(path, "TOO_FEW_ITEMS");
      } else if (entry.required && (entry.computed === null || entry.computed === undefined) && isEmpty(at(kept, path))) {
        errors.set(path, "REQUIRED");
      }
    });
    var props = artefact.schema.properties;
    Object.keys(kept).forEach(function (key) {
      var schema = props[key], value = kept[key], code;
      if (!schema) return;
      if (schema.type === "array") {
        code = checkValue(schema, value, ctx);
        if (code && !errors.has(key)) errors.set(key, code);
        if (!Array.isArray(value)) return;
        for (var n = 0; n < value.length; n++) {
          if (!isObject(value[n])) { if (!errors.has(key)) errors.set(key, "INVALID_VALUE"); continue; }
          for (var k in value[n]) {
            var path = key + "." + n + "." + k, sub = schema.items.properties[k];
            if (!sub || errors.has(path)) continue;
            code = checkValue(sub, value[n][k], ctx);
            if (code) errors.set(path, code);
          }
        }
        return;
      }
      if (errors.has(key)) return;
      code = checkValue(schema, value, ctx);
      if (code) errors.set(key, code);
    });
    artefact.rules.forEach(function (rule) {
      var scopes = [];
      if (rule.section === null || rule.section === undefined) scopes.push([rule.target, kept]);
      else {
        var items = Array.isArray(kept[rule.section]) ? kept[rule.section] : [];
        var above = outer(kept, artefact.sections.filter(function (s) { return s.key === rule.section; })[0]);
        for (var n = 0; n < items.length; n++) {
          if (isObject(items[n])) scopes.push([rule.section + "." + n + "." + rule.target, scope(above, items[n])]);
        }
      }
      scopes.forEach(function (pair) {
        if (visible.has(pair[0]) && !errors.has(pair[0]) && !jsonLogic.truthy(jsonLogic.apply(rule.logic, pair[1]))) {
          errors.set(pair[0], rule.code);
          ruleMessages[pair[0]] = rule.message[lang];
        }
      });
    });
    var out = [];
    var paths = [];
    visible.forEach(function (_entry, path) { if (errors.has(path)) paths.push(path); });
    var rest = [];
    errors.forEach(function (_code, path) { if (!visible.has(path)) rest.push(path); });
    paths = paths.concat(rest.sort());
    paths.forEach(function (path) {
      var code = errors.get(path), entry = visible.get(path) || {label: {vi: "", en: ""}, params: {}};
      var label = entry.label ? entry.label[lang] : entry.title[lang];
      var params = entry.fields ? {min: entry.minItems, max: entry.maxItems} : (entry.params || {});
      out.push({path: path, code: code, message: ruleMessages[path] || show(messages[code][lang], label, params)});
    });
    return {errors: out, data: kept, visible: visible, values: pruned[2]};
  }

  // --- the rendered form -------------------------------------------------------------------------------------------
  var UI = {
    vi: {add: "Thêm", remove: "Xóa", choose: "— Chọn —", province: "Tỉnh, thành phố", district: "Quận, huyện",
         commune: "Xã, phường", street: "Số nhà, đường, thôn, tổ", required: "(bắt buộc)"},
    en: {add: "Add", remove: "Remove", choose: "— Choose —", province: "Province", district: "District",
         commune: "Commune, ward", street: "House number, street, village", required: "(required)"}
  };
  var uid = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in (attrs || {})) { if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]); }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function options(select, items, lang, placeholder) {
    select.innerHTML = "";
    select.appendChild(el("option", {value: ""}, placeholder));
    for (var i = 0; i < items.length; i++) select.appendChild(el("option", {value: items[i].code}, items[i][lang] || items[i].vi));
  }

  function listItems(artefact, key, codeLists) {
    var entry = artefact.codeLists[key] || {};
    return entry.items || (codeLists || {})[key] || [];
  }

  function render(container, artefact, opts) {
    opts = opts || {};
    var lang = opts.lang || "vi", t = UI[lang] || UI.vi, ctx = context(artefact, opts);
    var form = el("form", {"class": "forms-form", novalidate: "novalidate"});
    var widgets = new Map();   // path -> {read(), write(v), node, error}
    var dirty = new Set(), touched = new Set(), submitted = false;
    var controller = {form: form, lastChangeMs: 0, changes: 0, verdict: null};

    function fieldWidget(f, path, host) {
      var id = "ff-" + (++uid), wrap = el("div", {"class": "forms-field", "data-path": path, "data-type": f.type});
      var label = el("label", {"for": id}, f.label[lang] + (f.required ? " " : ""));
      if (f.required) label.appendChild(el("span", {"class": "forms-required"}, t.required));
      wrap.appendChild(label);
      var described = [];
      if (f.help && f.help[lang]) { wrap.appendChild(el("p", {"class": "forms-help", id: id + "-help"}, f.help[lang])); described.push(id + "-help"); }
      var error = el("p", {"class": "forms-error", id: id + "-error", hidden: "hidden"});
      described.push(id + "-error");
      var input, read, write, list;
      var describedBy = described.join(" ");
      if (f.type === "long_text") {
        input = el("textarea", {id: id, name: path, "aria-describedby": describedBy});
        read = function () { return input.value; }; write = function (v) { input.value = v === null || v === undefined ? "" : v; };
      } else if (f.type === "boolean") {
        input = el("input", {id: id, name: path, type: "checkbox", "aria-describedby": describedBy});
        read = function () { return input.checked; }; write = function (v) { input.checked = v === true; };
      } else if (f.type === "choice") {
        input = el("select", {id: id, name: path, "aria-describedby": describedBy});
        options(input, listItems(artefact, f.codeList, opts.codeLists), lang, t.choose);
        read = function () { return input.value; }; write = function (v) { input.value = v || ""; };
      } else if (f.type === "address") {
        input = el("div", {"class": "forms-address", id: id, role: "group", "aria-describedby": describedBy});
        var spec = artefact.schema.properties[f.key] || {};
        list = listItems(artefact, f.codeList, opts.codeLists);
        var old = f.codeList === "admin_units_2023", parts = old ? ["province", "district", "commune"] : ["province", "commune"];
        var selects = {};
        parts.forEach(function (part) {
          var sid = id + "-" + part;
          input.appendChild(el("label", {"for": sid}, t[part]));
          selects[part] = el("select", {id: sid, name: path + "." + part});
          input.appendChild(selects[part]);
        });
        var street = el("input", {id: id + "-street", name: path + ".street", type: "text", autocomplete: "street-address"});
        input.appendChild(el("label", {"for": id + "-street"}, t.street));
        input.appendChild(street);
        var children = function (parent) { return list.filter(function (u) { return (u.parent || "") === parent; }); };
        options(selects.province, children(""), lang, t.choose);
        var refill = function (from) {
          for (var p = parts.indexOf(from) + 1; p < parts.length; p++) {
            var above = selects[parts[p - 1]].value;
            options(selects[parts[p]], above ? children(above) : [], lang, t.choose);
          }
        };
        parts.forEach(function (part) { selects[part].addEventListener("change", function () { refill(part); }); });
        refill("province");
        read = function () {
          var v = {};
          parts.forEach(function (part) { if (selects[part].value) v[part] = selects[part].value; });
          if (street.value) v.street = street.value;
          return v;
        };
        write = function (v) {
          v = v || {};
          parts.forEach(function (part) { selects[part].value = v[part] || ""; refill(part); });
          street.value = v.street || "";
        };
        void spec;
      } else if (f.type === "file") {
        input = el("input", {id: id, name: path, type: "file", "aria-describedby": describedBy});
        var spec2 = (artefact.schema.properties[f.key] || {})["x-file"] || {};
        if (spec2.accept && spec2.accept.length) input.setAttribute("accept", spec2.accept.join(","));
        var chosen = null;
        input.addEventListener("change", function () {
          var file = input.files && input.files[0];
          // The upload itself belongs to the page that hosts the form: it replaces `id` with the stored file's.
          chosen = file ? {id: "local:" + file.name, name: file.name, content_type: file.type || "application/octet-stream", size: file.size} : null;
        });
        read = function () { return chosen; }; write = function (v) { chosen = v || null; };
      } else {
        var type = {date: "date", email: "email", phone: "tel"}[f.type] || "text";
        var mode = {number: "decimal", money: "numeric", cccd: "numeric", tax_code: "numeric", phone: "tel"}[f.type];
        input = el("input", {id: id, name: path, type: type, inputmode: mode, "aria-describedby": describedBy,
                             autocomplete: {full_name: "name", email: "email", phone: "tel", birth_date: "bday"}[f.key]});
        if (f.computed) input.setAttribute("readonly", "readonly");
        read = function () {
          var raw = input.value;
          if ((f.type === "number" || f.type === "money") && raw.trim() !== "") {
            var normal = raw.trim().replace(/\./g, f.type === "money" ? "" : ".").replace(",", ".");
            return /^-?[0-9]+(\.[0-9]+)?$/.test(normal) ? Number(normal) : raw;
          }
          return raw;
        };
        write = function (v) { input.value = v === null || v === undefined ? "" : String(v); };
      }
      if (f.required && input.setAttribute) input.setAttribute("aria-required", "true");
      wrap.appendChild(input);
      wrap.appendChild(error);
      host.appendChild(wrap);
      widgets.set(path, {read: read, write: write, node: wrap, input: input, error: error, field: f});
    }

    // Adding or removing an item touches that item's nodes only: the other items keep their inputs, and with them
    // the files chosen (a file input cannot be set again from script). Items after a removed one are renumbered.
    function groupItem(section, list, index) {
      var item = el("fieldset", {"class": "forms-item", "data-index": String(index)});
      item.appendChild(el("legend", {}, section.title[lang] + " " + (index + 1)));
      section.fields.forEach(function (f) { fieldWidget(f, section.key + "." + index + "." + f.key, item); });
      var remove = el("button", {type: "button", "class": "forms-remove"}, t.remove);
      remove.addEventListener("click", function () {
        removeItem(section, list, item);
        groups[section.key].node.querySelector(".forms-add").focus();  // the focused button is gone
        change();
      });
      item.appendChild(remove);
      list.appendChild(item);
    }

    var groups = {};
    function collectGroup(section) {
      var values = [];
      for (var n = 0; n < groups[section.key].count; n++) {
        var item = {};
        section.fields.forEach(function (f) { item[f.key] = widgets.get(section.key + "." + n + "." + f.key).read(); });
        values.push(item);
      }
      return values;
    }
    function addItem(section, list, value) {
      var n = groups[section.key].count;
      groupItem(section, list, n);
      groups[section.key].count = n + 1;
      section.fields.forEach(function (f) { widgets.get(section.key + "." + n + "." + f.key).write((value || {})[f.key]); });
    }
    function movePath(from, to) {  // a field's state follows its item to its new number
      [dirty, touched].forEach(function (set) { if (set.delete(from) && to) set.add(to); });
    }
    function removeItem(section, list, item) {
      var group = groups[section.key], index = Array.prototype.indexOf.call(list.children, item);
      section.fields.forEach(function (f) {
        var path = section.key + "." + index + "." + f.key;
        widgets.delete(path);
        movePath(path, null);
      });
      list.removeChild(item);
      for (var n = index + 1; n < group.count; n++) {
        var node = list.children[n - 1];
        node.setAttribute("data-index", String(n - 1));
        node.querySelector("legend").textContent = section.title[lang] + " " + n;
        section.fields.forEach(function (f) {
          var from = section.key + "." + n + "." + f.key, to = section.key + "." + (n - 1) + "." + f.key;
          var w = widgets.get(from);
          widgets.delete(from);
          widgets.set(to, w);
          movePath(from, to);
          w.node.setAttribute("data-path", to);
          w.node.querySelectorAll("[name]").forEach(function (input) { input.name = to + input.name.slice(from.length); });
        });
      }
      group.count -= 1;
    }
    function rebuildGroup(section, list, values) {
      while (groups[section.key].count) removeItem(section, list, list.children[groups[section.key].count - 1]);
      values.forEach(function (v) { addItem(section, list, v); });
    }

    artefact.sections.forEach(function (section) {
      var box = el("fieldset", {"class": "forms-section", "data-section": section.key});
      box.appendChild(el("legend", {}, section.title[lang]));
      if (!section.repeatable) {
        section.fields.forEach(function (f) { fieldWidget(f, f.key, box); });
      } else {
        var list = el("div", {"class": "forms-items"});
        groups[section.key] = {count: 0, node: box, list: list};
        box.appendChild(list);
        var groupError = el("p", {"class": "forms-error", id: "ff-" + (++uid) + "-error", hidden: "hidden"});
        box.appendChild(groupError);
        widgets.set(section.key, {node: box, error: groupError, group: true});
        var add = el("button", {type: "button", "class": "forms-add"}, t.add + " " + section.title[lang].toLowerCase());
        add.addEventListener("click", function () {
          addItem(section, list, {});
          dirty.add(section.key); touched.add(section.key);
          change();
        });
        box.appendChild(add);
        var start = Math.max(section.minItems || 0, 0);
        rebuildGroup(section, list, Array.from({length: start}, function () { return {}; }));
      }
      form.appendChild(box);
    });

    function data() {
      var out = {};
      artefact.sections.forEach(function (section) {
        if (section.repeatable) out[section.key] = collectGroup(section);
        else section.fields.forEach(function (f) { out[f.key] = widgets.get(f.key).read(); });
      });
      return out;
    }

    function paint(verdict) {
      var byPath = {}, visible = verdict.visible;
      verdict.errors.forEach(function (e) { byPath[e.path] = e; });
      artefact.sections.forEach(function (section) {
        var box = form.querySelector('[data-section="' + section.key + '"]');
        box.hidden = !(section.repeatable ? visible.has(section.key) : shown(section.visibleIf, verdict.values));
      });
      widgets.forEach(function (w, path) {
        if (!w.group) {
          w.node.hidden = !visible.has(path);
          if (w.field.computed) w.write(at(verdict.data, path));
        }
        var e = byPath[path], show = e && (touched.has(path) || submitted);
        if (w.error.hidden === !!show || (show && w.error.textContent !== e.message)) {
          w.error.hidden = !show;
          w.error.textContent = show ? e.message : "";
        }
        if (w.input && w.input.setAttribute) {
          if (show) w.input.setAttribute("aria-invalid", "true"); else w.input.removeAttribute("aria-invalid");
        }
      });
    }

    function change() {
      var started = performance.now();
      var verdict = validate(artefact, data(), {lang: lang, codeLists: opts.codeLists, _ctx: ctx});
      paint(verdict);
      controller.verdict = verdict;
      controller.lastChangeMs = performance.now() - started;
      controller.changes += 1;
      return verdict;
    }

    function pathOf(target) {
      var node = target.closest ? target.closest("[data-path]") : null;
      return node ? node.getAttribute("data-path") : null;
    }
    form.addEventListener("input", function (ev) { var p = pathOf(ev.target); if (p) dirty.add(p); change(); });
    form.addEventListener("change", function (ev) { var p = pathOf(ev.target); if (p) dirty.add(p); change(); });
    // A press that leaves a field shows the field's error once released, so that the release lands where the press
    // did (forms.css keeps an error's line in the layout too; a longer message would still push what is below).
    var pressed = false, held = false, doc = container.ownerDocument || document;
    doc.addEventListener("pointerdown", function () { pressed = true; }, true);
    function released() {
      pressed = false;
      if (held) { held = false; setTimeout(change, 0); }  // after the click this release makes
    }
    doc.addEventListener("pointerup", released, true);
    doc.addEventListener("pointercancel", released, true);
    form.addEventListener("focusout", function (ev) {
      var p = pathOf(ev.target);
      // Leaving a part of an address for another part is not leaving the field.
      if (p && dirty.has(p) && !(ev.relatedTarget && pathOf(ev.relatedTarget) === p)) {
        touched.add(p);
        if (pressed) held = true; else change();
      }
    });
    form.addEventListener("submit", function (ev) {
      submitted = true;
      var verdict = change();
      if (verdict.errors.length) {
        ev.preventDefault();
        var first = widgets.get(verdict.errors[0].path);
        var focusable = first && first.node.querySelector("input, select, textarea, button");
        if (focusable) focusable.focus();
      } else if (opts.onSubmit) {
        ev.preventDefault();
        opts.onSubmit(verdict.data);
      }
    });

    controller.data = data;
    controller.change = change;
    controller.fill = function (values) {  // prefill: values the user then confirms
      artefact.sections.forEach(function (section) {
        if (section.repeatable) { if (Array.isArray(values[section.key])) rebuildGroup(section, groups[section.key].list, values[section.key]); }
        else section.fields.forEach(function (f) { if (f.key in values) widgets.get(f.key).write(values[f.key]); });
      });
      change();
    };
    form.appendChild(el("button", {type: "submit", "class": "forms-submit"}, lang === "en" ? "Submit" : "Nộp"));
    container.appendChild(form);
    change();
    return controller;
  }

  root.FormsRuntime = {validate: validate, render: render, version: "1"};
})(typeof window !== "undefined" ? window : this);
