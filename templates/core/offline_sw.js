/* ENoK Learn service worker (served as /sw.js by core/offline.py; scope: the whole site).
   Two caches:
   - the shell (styles, scripts, icons, the offline page in each language), replaced when a file changes;
   - "saved": only the pages, pictures and glossary terms a learner saved with "Save for offline".
   Pages always come from the network first; a saved copy (or the offline page) answers only when
   the network fails. Nothing is fetched from, or sent to, any other host. */
"use strict";

var CONFIG = {{ config|safe }};
var SHELL_CACHE = "enok-shell-" + CONFIG.version;
var SAVED_CACHE = "enok-saved";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      // Without cookies: the shell must hold nothing about whoever is signed in.
      return cache.addAll(CONFIG.shell.map(function (url) { return new Request(url, { credentials: "omit" }); }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("enok-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function languageOf(url) {
  var first = url.pathname.split("/")[1];
  return CONFIG.offlinePages[first] ? first : Object.keys(CONFIG.offlinePages)[0];
}

/* Wagtail names renditions "<name>.width-360.format-webp.webp": any saved width of the same picture will do. */
function renditionStem(pathname) {
  return pathname.replace(/\.(width|height|max|min|fill)-[0-9x-]+/g, "").replace(/\.format-[a-z]+/g, "");
}

function savedSibling(request) {
  var url = new URL(request.url);
  var stem = renditionStem(url.pathname);
  return caches.open(SAVED_CACHE).then(function (cache) {
    return cache.keys().then(function (keys) {
      for (var i = 0; i < keys.length; i++) {
        var key = new URL(keys[i].url);
        if (key.pathname !== url.pathname && renditionStem(key.pathname) === stem) return cache.match(keys[i]);
      }
      return undefined;
    });
  });
}

function fromNetworkOrSaved(request) {
  return fetch(request).catch(function () {
    // Saved pages were stored without cookies, so ignore Vary: Cookie when looking them up.
    return caches.match(request, { ignoreVary: true }).then(function (saved) {
      if (saved) return saved;
      return caches.match(CONFIG.offlinePages[languageOf(new URL(request.url))], { ignoreVary: true });
    }).then(function (response) { return response || Response.error(); });
  });
}

function fromCacheOrNetwork(request) {
  return caches.match(request, { ignoreVary: true }).then(function (cached) {
    if (cached) return cached;
    return fetch(request).catch(function () {
      return savedSibling(request).then(function (sibling) { return sibling || Response.error(); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return; // Quiz answers are queued by offline.js, never by the worker.
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf(CONFIG.adminPrefix) === 0) return;
  if (request.mode === "navigate") {
    event.respondWith(fromNetworkOrSaved(request));
  } else if (url.pathname.indexOf(CONFIG.staticUrl) === 0 || url.pathname.indexOf(CONFIG.mediaUrl) === 0) {
    event.respondWith(fromCacheOrNetwork(request));
  }
  // Anything else (the sign-in check, search, …) goes to the network as usual.
});
