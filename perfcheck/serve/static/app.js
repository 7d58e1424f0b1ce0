// perfcheck serve — the check page: send the dropped files, follow each batch, show its table.
(function () {
  "use strict";
  var W = JSON.parse(document.getElementById("ui-words").textContent);
  var drop = document.getElementById("drop");
  var list = document.getElementById("batches");
  var count = 0;

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Files from a drop: walk dropped folders (webkitGetAsEntry), keep each file's relative path.
  function entriesToFiles(items) {
    var out = [];
    var pending = [];
    function walk(entry, prefix) {
      return new Promise(function (resolve) {
        if (entry.isFile) {
          entry.file(function (f) { out.push({ file: f, name: prefix + f.name }); resolve(); }, function () { resolve(); });
        } else if (entry.isDirectory) {
          var reader = entry.createReader();
          var all = [];
          (function readMore() {
            reader.readEntries(function (batch) {
              if (!batch.length) {
                Promise.all(all.map(function (e) { return walk(e, prefix + entry.name + "/"); })).then(resolve);
              } else { all = all.concat(Array.prototype.slice.call(batch)); readMore(); }
            }, function () { resolve(); });
          })();
        } else { resolve(); }
      });
    }
    for (var i = 0; i < items.length; i++) {
      var entry = items[i].webkitGetAsEntry ? items[i].webkitGetAsEntry() : null;
      if (entry) pending.push(walk(entry, ""));
      else if (items[i].getAsFile) { var f = items[i].getAsFile(); if (f) out.push({ file: f, name: f.name }); }
    }
    return Promise.all(pending).then(function () { return out; });
  }

  function fromInput(input) {
    var out = [];
    for (var i = 0; i < input.files.length; i++) {
      var f = input.files[i];
      out.push({ file: f, name: f.webkitRelativePath || f.name });
    }
    input.value = "";
    return out;
  }

  function send(files) {
    if (!files.length) return;
    count += 1;
    var card = el("section", "batch");
    var head = el("h2");
    var title = el("span", "", fmt(W.batch, { n: count }));
    var state = el("span", "state", W.uploading);
    head.appendChild(title); head.appendChild(state);
    var bar = el("div", "progress"); var fill = el("div"); bar.appendChild(fill);
    var body = el("div", "body");
    card.appendChild(head); card.appendChild(bar); card.appendChild(body);
    list.insertBefore(card, list.firstChild);

    var form = new FormData();
    files.forEach(function (x) { form.append("files", x.file, x.name); });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/batches?lang=" + encodeURIComponent(document.documentElement.lang === "en" ? "en" : "zh"));
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) fill.style.width = (100 * e.loaded / e.total * 0.2) + "%";
    };
    xhr.onload = function () {
      var data = {};
      try { data = JSON.parse(xhr.responseText); } catch (err) { data = {}; }
      if (xhr.status !== 201 || !data.id) {
        state.textContent = W.failed;
        body.appendChild(el("p", "error-line", data.error || ("HTTP " + xhr.status)));
        fill.style.width = "0";
        return;
      }
      card.setAttribute("data-id", data.id);
      follow(data.id, card, state, fill, body);
    };
    xhr.onerror = function () { state.textContent = W.failed; };
    xhr.send(form);
  }

  function follow(id, card, state, fill, body) {
    fetch("/api/batches/" + id + "?summary=1", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        var pct = s.total ? (20 + 80 * s.done / s.total) : 100;
        fill.style.width = pct + "%";
        if (s.state === "running") {
          state.textContent = fmt(W.checking, { done: s.done, total: s.total });
          setTimeout(function () { follow(id, card, state, fill, body); }, 400);
        } else if (s.state === "done") {
          state.textContent = fmt(W.finished, { total: s.total });
          card.classList.add("done");
          fetch("/batches/" + id + "/table", { credentials: "same-origin" })
            .then(function (r) { return r.text(); })
            .then(function (html) { body.innerHTML = html; card.classList.add("ready"); });
        } else {
          state.textContent = W.cancelled;
        }
      })
      .catch(function () { setTimeout(function () { follow(id, card, state, fill, body); }, 1500); });
  }

  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    var dt = e.dataTransfer;
    if (dt.items && dt.items.length) entriesToFiles(dt.items).then(send);
    else send(Array.prototype.map.call(dt.files, function (f) { return { file: f, name: f.name }; }));
  });
  document.getElementById("pick-files").addEventListener("change", function () { send(fromInput(this)); });
  document.getElementById("pick-folder").addEventListener("change", function () { send(fromInput(this)); });
})();
