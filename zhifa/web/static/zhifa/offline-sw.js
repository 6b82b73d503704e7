// The service worker of the offline field forms (zhifa/web/INTERFACE.md, "Offline field forms"). It
// keeps the pages that hold a form marked data-offline, and the static files they load, in one
// cache when such a page asks (message "keep"); those URLs are then answered from the network when
// there is one (refreshing the copy) and from the copy when there is none. Every other request
// passes through untouched. Drafts and their sending live in the page (offline.js), not here.
"use strict";
var CACHE = "zhifa-offline-v1";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function keep(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        // a sign-in page in place of the form (redirected) is not kept
        if (response.ok && !response.redirected) return cache.put(url, response);
      });
    }));
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = event.ports && event.ports[0];
  var done;
  if (data.type === "keep" && Array.isArray(data.urls)) {
    var own = data.urls.filter(function (url) {
      return new URL(url, self.location.href).origin === self.location.origin;
    });
    done = keep(own).then(function () { return { kept: own.length }; });
  } else if (data.type === "forget") {  // signing out: nothing of the officer's pages stays
    done = caches.delete(CACHE).then(function () { return { kept: 0 }; });
  } else {
    return;
  }
  event.waitUntil(done.then(function (result) {
    if (reply) reply.postMessage(result);
  }, function () {
    if (reply) reply.postMessage({ kept: -1 });
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (copy) {
      if (!copy) return fetch(request);
      return fetch(request).then(function (response) {
        if (response.ok && !response.redirected) cache.put(request, response.clone());
        return response;
      }, function () {
        return copy;  // no network: the kept copy
      });
    });
  }));
});
