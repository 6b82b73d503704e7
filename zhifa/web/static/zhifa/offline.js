// Offline field forms (zhifa/web/INTERFACE.md, "Offline field forms"). A form marked data-
// offline="NAME" is kept on the device by the service worker, its drafts are kept in localStorage
// under "zhifa-offline:NAME", each with an idempotency key made here, and a draft is sent when the
// network is there: at once, when the browser comes back online, and when the page is opened again.
// The server keeps the key with its result, so a draft sent twice (an answer lost on the way) makes
// one case. A refusal (officer suspended meanwhile, provision no longer in force, session ended…)
// keeps the draft and shows the server's reason; the officer corrects it in the form and sends it
// again. A form with file inputs (the inspection record's photos) keeps the chosen files in
// IndexedDB ("zhifa-offline", store "files", under the draft's key) and sends the draft as
// multipart; the files leave the device with the draft once the server has taken it.
(function () {
  "use strict";
  var PREFIX = "zhifa-offline:";
  var TEXT = {
    saved: "无网络：已保存在本机，联网后自动提交。",
    sending: "正在提交本机保存的草稿……",
    synced: "已提交：",
    open: "查看案件",
    refused: "未被受理，草稿仍保存在本机：",
    expired: "登录已失效或页面已过期：请联网重新登录并打开本页，草稿仍保存在本机，届时自动提交。",
    ready: "本页已保存在本机，无网络时也可填写。",
    load: "载入表单修改",
    remove: "删除草稿",
    pending: "待提交",
    conflict: "未被受理",
    savedAt: "保存于",
    files: "张照片",
    noFiles: "本机无法保存照片：请联网后提交，或先不附照片。",
  };
  var script = document.currentScript;
  var busy = {};

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function load(name) {
    try {
      return JSON.parse(localStorage.getItem(PREFIX + name) || "[]");
    } catch (e) {
      return [];
    }
  }
  function save(name, drafts) {
    localStorage.setItem(PREFIX + name, JSON.stringify(drafts));
  }
  function keyInput(form) {
    return form.querySelector("input[name=idempotency_key]");
  }
  function token(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function fieldsOf(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") out.push([name, value]);
    });
    return out;
  }
  function fill(form, fields) {
    var values = {};
    fields.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      var v = values[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = v.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = v.indexOf(o.value) !== -1;
        });
      } else if (v.length) {
        el.value = v[0];
      }
    });
  }
  function status(name, text, link) {
    var box = document.querySelector('[data-offline-status="' + name + '"]');
    if (!box) return;
    box.textContent = text;
    if (link) {
      var form = document.querySelector('form[data-offline="' + name + '"]');
      var a = document.createElement("a");
      a.href = link;
      a.textContent = (form && form.dataset.offlineOpen) || TEXT.open;
      box.appendChild(document.createTextNode(" "));
      box.appendChild(a);
    }
    box.hidden = !text;
  }
  function render(name, form) {
    var section = document.querySelector('[data-offline-drafts="' + name + '"]');
    if (!section) return;
    var list = section.querySelector("ul");
    var drafts = load(name);
    list.textContent = "";
    drafts.forEach(function (d) {
      var li = document.createElement("li");
      li.dataset.key = d.key;
      li.dataset.state = d.state;
      var head = document.createElement("strong");
      head.textContent = (d.state === "conflict" ? TEXT.conflict : TEXT.pending) + " ";
      li.appendChild(head);
      var extra = d.files ? "，" + d.files + TEXT.files : "";
      li.appendChild(document.createTextNode(d.title + "（" + TEXT.savedAt + d.savedAt + extra + "）"));
      if (d.message) {
        var why = document.createElement("p");
        why.className = "offline-reason";
        why.textContent = d.message;
        li.appendChild(why);
      }
      [[TEXT.load, "load"], [TEXT.remove, "remove"]].forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.textContent = b[0];
        button.dataset.offlineDo = b[1];
        li.appendChild(button);
      });
      list.appendChild(li);
    });
    section.hidden = drafts.length === 0;
  }
  function titleOf(form) {
    var name = form.querySelector("[name=party_name]");
    var when = form.querySelector("input[type=date]");
    return [form.dataset.offlineTitle || (name && name.value), when && when.value]
      .filter(Boolean).join(" ") || "草稿";
  }

  // The draft's files, in IndexedDB (localStorage holds text only): [[field, File], …] by key.
  function files(mode, fn) {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) return reject(new Error("no IndexedDB"));
      var open = indexedDB.open("zhifa-offline", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("files"); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var tx = open.result.transaction("files", mode);
        var request = fn(tx.objectStore("files"));
        tx.oncomplete = function () { resolve(request && request.result); };
        tx.onerror = function () { reject(tx.error); };
      };
    });
  }
  function chosenFiles(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string" && value.size > 0) out.push([name, value]);
    });
    return out;
  }
  function keepFiles(key, list) {
    return files("readwrite", function (store) {
      return store.put(list.map(function (p) {
        return { field: p[0], name: p[1].name, type: p[1].type, blob: p[1] };
      }), key);
    });
  }
  function draftFiles(key) {
    return files("readonly", function (store) { return store.get(key); })
      .then(function (list) { return list || []; });
  }
  function dropFiles(key) {
    return files("readwrite", function (store) { return store.delete(key); })
      .catch(function () {});
  }
  function now() {
    var d = new Date();
    var pad = function (n) { return ("0" + n).slice(-2); };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  // One draft to the server: "done" with the server's result, "conflict" with its reason, or
  // "pending" when the network is not there (the draft waits).
  function send(form, draft) {
    var attached = draft.files ? draftFiles(draft.key) : Promise.resolve([]);
    return attached.then(function (list) {
      var body = list.length ? new FormData() : new URLSearchParams();
      draft.fields.forEach(function (pair) {
        if (pair[0] !== "idempotency_key") body.append(pair[0], pair[1]);
      });
      list.forEach(function (f) { body.append(f.field, f.blob, f.name); });
      body.append("idempotency_key", draft.key);
      body.append("csrfmiddlewaretoken", token(form));
      return post(form, draft, body);
    }, function () {
      return { state: "conflict", message: TEXT.noFiles };
    });
  }
  function post(form, draft, body) {
    return fetch(draft.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token(form) },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return { state: "conflict", message: TEXT.expired, retry: true };
      }
      return response.json().then(function (answer) {
        return answer.ok
          ? { state: "done", answer: answer }
          : { state: "conflict", message: answer.message || TEXT.conflict };
      });
    }, function () {
      return { state: "pending" };
    });
  }

  // Send every draft waiting on this device, one after the other.
  function sync(name, form) {
    if (busy[name] || !navigator.onLine) return Promise.resolve();
    var waiting = load(name).filter(function (d) { return d.state === "pending"; });
    if (!waiting.length) return Promise.resolve();
    busy[name] = true;
    status(name, TEXT.sending);
    var last = null;
    var chain = Promise.resolve();
    waiting.forEach(function (draft) {
      chain = chain.then(function () {
        return send(form, draft).then(function (outcome) {
          var drafts = load(name);
          var i = drafts.findIndex(function (d) { return d.key === draft.key; });
          if (i === -1) return;
          if (outcome.state === "done") {
            drafts.splice(i, 1);
            if (draft.files) dropFiles(draft.key);
            last = outcome.answer;
          } else if (outcome.state === "conflict") {
            drafts[i].state = outcome.retry ? "pending" : "conflict";
            drafts[i].message = outcome.message;
          }
          save(name, drafts);
        });
      });
    });
    return chain.then(function () {
      busy[name] = false;
      render(name, form);
      var left = load(name);
      var refused = left.filter(function (d) { return d.state === "conflict" || d.message; });
      if (refused.length) {
        status(name, TEXT.refused + refused[0].message);
      } else if (left.length) {
        status(name, TEXT.saved);
      } else if (last) {
        status(name, TEXT.synced + (last.message || ""), last.url);
      }
      return last;
    });
  }

  function startDraft(form) {
    var input = keyInput(form);
    if (input) input.value = newKey();  // made on the device: the same draft keeps its key
    form.dataset.offlineEditing = "";
  }

  function setUp(form) {
    var name = form.dataset.offline;
    startDraft(form);
    render(name, form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var drafts = load(name);
      var key = form.dataset.offlineEditing || (keyInput(form) && keyInput(form).value) || newKey();
      var i = drafts.findIndex(function (d) { return d.key === key; });
      var chosen = chosenFiles(form);
      var draft = {
        key: key,
        action: form.action,
        fields: fieldsOf(form),
        title: titleOf(form),
        savedAt: now(),
        state: "pending",
        message: "",
        // a draft loaded back for correction keeps its photos unless others are chosen
        files: chosen.length || (i !== -1 ? drafts[i].files || 0 : 0),
      };
      var kept = chosen.length ? keepFiles(key, chosen) : Promise.resolve();
      kept.then(function () { return true; }, function () { return false; }).then(function (ok) {
        if (!ok) {  // no IndexedDB (private window…): never drop the photos silently
          status(name, TEXT.noFiles);
          return;
        }
        drafts = load(name);
        i = drafts.findIndex(function (d) { return d.key === key; });
        if (i === -1) drafts.push(draft); else drafts[i] = draft;
        save(name, drafts);
        form.reset();
        startDraft(form);
        render(name, form);
        status(name, TEXT.saved);
        return sync(name, form);
      }).then(function (answer) {
        var left = load(name).filter(function (d) { return d.key === key; });
        if (answer && !left.length && navigator.onLine && form.dataset.offlineFollow !== "no") {
          window.location.assign(answer.url);  // sent at once: on to the case, as a form does
        }
      });
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-offline-do]");
      if (!button) return;
      var item = button.closest("li[data-key]");
      var section = button.closest("[data-offline-drafts]");
      if (!item || !section || section.dataset.offlineDrafts !== name) return;
      var drafts = load(name);
      var draft = drafts.find(function (d) { return d.key === item.dataset.key; });
      if (!draft) return;
      if (button.dataset.offlineDo === "load") {
        fill(form, draft.fields);
        form.dataset.offlineEditing = draft.key;
        if (keyInput(form)) keyInput(form).value = draft.key;
        form.scrollIntoView();
      } else {
        save(name, drafts.filter(function (d) { return d.key !== draft.key; }));
        if (draft.files) dropFiles(draft.key);
        render(name, form);
      }
    });
    window.addEventListener("online", function () { sync(name, form); });
    if (navigator.onLine) sync(name, form);
  }

  // Keep this page and what it loads on the device (the service worker, from the site root).
  function keepPage() {
    if (!("serviceWorker" in navigator) || !script || !script.dataset.sw) return;
    navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [window.location.pathname];
      document.querySelectorAll("script[src], link[rel=stylesheet][href], link[rel=icon][href]")
        .forEach(function (el) { urls.push(el.getAttribute("src") || el.getAttribute("href")); });
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (event.data && event.data.kept > 0) {
          document.documentElement.dataset.offlineReady = "1";
          var box = document.querySelector("[data-offline-status]");
          if (box && box.hidden) {
            box.textContent = TEXT.ready;
            box.hidden = false;
          }
        }
      };
      registration.active.postMessage({ type: "keep", urls: urls }, [channel.port2]);
    }).catch(function () {});
  }

  function init() {
    var forms = document.querySelectorAll("form[data-offline]");
    if (!forms.length) return;
    Array.prototype.forEach.call(forms, setUp);
    keepPage();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
