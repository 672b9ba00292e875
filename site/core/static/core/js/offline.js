/* ENoK Learn offline lessons (progressive enhancement; without JavaScript the site works as before).
   - Registers the service worker (/sw.js) that keeps the site shell and the pages a learner saved.
   - "Save for offline" on a module page stores the module, its lessons (fetched without cookies, so
     nothing about the learner is kept), their pictures (not with data saver on) and the glossary
     terms the lessons show.
   - Offline, a quiz is not sent: the answers wait in IndexedDB with a fresh one-time token and the
     time they were made, and are posted to the lesson when the connection returns (recorded once each).
   - The status region (templates/core/offline_status.html) says when the phone is offline and how
     many answers are waiting. Logging out warns when answers are waiting, then forgets everything.
   Texts come from data-* attributes rendered by the server, in the page's language. */
(function () {
  "use strict";

  var status = document.getElementById("offline-status");
  if (!status) return;
  var box = status.querySelector("[data-offline-status-box]");
  var supported = "serviceWorker" in navigator && "caches" in window && "indexedDB" in window && "Promise" in window;
  var SAVED_CACHE = "enok-saved";
  var LAYOUT_WIDTH = 928; // px: lesson pictures are never shown wider (sizes="(min-width: 60rem) 58rem, 100vw")

  function text(name) { return status.getAttribute("data-" + name) || ""; }

  /* IndexedDB: "queue" (answers waiting), "saved" (saved modules), "meta" (whose answers these are). */
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var open = indexedDB.open("enok-offline", 1);
        open.onupgradeneeded = function () {
          var database = open.result;
          database.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
          database.createObjectStore("saved", { keyPath: "url" });
          database.createObjectStore("meta", { keyPath: "key" });
        };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { reject(open.error); };
      });
    }
    return dbPromise;
  }
  function run(name, mode, action) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(name, mode);
        var request = action(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(request.result); };
        transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }
  var store = {
    all: function (name) { return run(name, "readonly", function (s) { return s.getAll(); }); },
    get: function (name, key) { return run(name, "readonly", function (s) { return s.get(key); }); },
    put: function (name, value) { return run(name, "readwrite", function (s) { return s.put(value); }); },
    remove: function (name, key) { return run(name, "readwrite", function (s) { return s.delete(key); }); },
    clear: function (name) { return run(name, "readwrite", function (s) { return s.clear(); }); },
    count: function (name) { return run(name, "readonly", function (s) { return s.count(); }); }
  };
  function waitingCount() { return supported ? store.count("queue").catch(function () { return 0; }) : Promise.resolve(0); }

  /* The status region ----------------------------------------------------------------------------- */
  var notice = null; // {text, signIn, success}: the outcome of the last attempt to send

  function paragraph(content) {
    var p = document.createElement("p");
    p.textContent = content;
    return p;
  }

  var lastWaiting = 0; // the waiting count last shown, for the synchronous sign-out warning

  function showStatus() {
    return waitingCount().then(function (waiting) {
      lastWaiting = waiting;
      box.textContent = "";
      if (!navigator.onLine) box.appendChild(paragraph(text("offline")));
      if (waiting) box.appendChild(paragraph(text("waiting").replace("__N__", String(waiting))));
      if (notice) {
        var p = paragraph(notice.text);
        if (notice.signIn) {
          var link = document.createElement("a");
          link.href = text("login-url") + "?next=" + encodeURIComponent(location.pathname);
          link.textContent = text("sign-in-link");
          p.appendChild(document.createTextNode(" "));
          p.appendChild(link);
        }
        box.appendChild(p);
      }
      box.className = "message " + (notice && notice.success && navigator.onLine && !waiting ? "message--success" : "message--warning");
      box.hidden = !box.firstChild;
      document.documentElement.classList.toggle("is-offline", !navigator.onLine);
    });
  }

  /* Sending waiting answers ------------------------------------------------------------------------ */
  var sending = false;

  function sendOne(item, csrfToken) {
    var body = new URLSearchParams();
    item.fields.forEach(function (field) { body.append(field[0], field[1]); });
    body.append("submission_token", item.token);
    body.append("offline_made_at", item.madeAt);
    body.append("csrfmiddlewaretoken", csrfToken);
    return fetch(item.url, { method: "POST", body: body, credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (response.status === 403) return "sign-in"; // the session or its CSRF token has expired: keep it
      if (response.status === 404 || response.status === 410) {
        return store.remove("queue", item.id).then(function () { return "dropped"; });
      }
      if (!response.ok) return "retry";
      return response.text().then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        // "Saved to your progress" or "already saved": either way it is recorded, once.
        if (page.querySelector(".lesson-quiz [role=status]")) {
          return store.remove("queue", item.id).then(function () { return "sent"; });
        }
        // The quiz changed since the answers were made: they can never be counted.
        if (page.querySelector(".lesson-quiz [role=alert]")) {
          return store.remove("queue", item.id).then(function () { return "dropped"; });
        }
        return "sign-in"; // checked but not saved: nobody is signed in any more
      });
    }, function () { return "retry"; });
  }

  function sendWaiting() {
    if (!supported || sending || !navigator.onLine) return Promise.resolve();
    return store.all("queue").then(function (items) {
      if (!items.length) return undefined;
      sending = true;
      notice = { text: text("sending") };
      showStatus();
      return fetch(text("session-url"), { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (!response.ok) throw new Error("session check failed");
        return response.json();
      }).then(function (session) {
        if (!session.signed_in) {
          notice = { text: text("sign-in"), signIn: true };
          return undefined;
        }
        store.put("meta", { key: "owner", value: session.owner });
        var mine = items.filter(function (item) { return !item.owner || item.owner === session.owner; });
        var results = [];
        return mine.reduce(function (previous, item) {
          return previous.then(function () {
            return sendOne(item, session.csrf_token).then(function (result) { results.push(result); });
          });
        }, Promise.resolve()).then(function () {
          if (results.indexOf("sign-in") !== -1) notice = { text: text("sign-in"), signIn: true };
          else if (results.indexOf("dropped") !== -1) notice = { text: text("dropped") };
          else if (mine.length < items.length) notice = { text: text("other-owner") };
          else if (results.indexOf("retry") !== -1) notice = null;
          else notice = { text: text("sent"), success: true };
        });
      }).catch(function () { notice = null; }).then(function () {
        sending = false;
        return showStatus();
      });
    });
  }

  /* Quizzes offline -------------------------------------------------------------------------------- */
  function newToken() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function everyQuestionAnswered(form) {
    return Array.prototype.every.call(form.querySelectorAll("fieldset.quiz-question"), function (question) {
      var choices = question.querySelectorAll("input[type=radio], input[type=checkbox]");
      if (choices.length) return Array.prototype.some.call(choices, function (input) { return input.checked; });
      var fields = question.querySelectorAll("input[type=text], select");
      return Array.prototype.every.call(fields, function (field) { return field.value.trim() !== ""; });
    });
  }

  function formNote(form, message, isError) {
    var note = form.parentNode.querySelector("[data-offline-quiz-note]");
    if (!note) {
      note = document.createElement("p");
      note.setAttribute("data-offline-quiz-note", "");
      note.setAttribute("role", "alert");
      form.parentNode.insertBefore(note, form);
    }
    note.className = "message " + (isError ? "message--error" : "message--success");
    note.textContent = message;
    note.scrollIntoView({ block: "center" });
  }

  function queueAnswers(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "submission_token") fields.push([name, String(value)]);
    });
    return store.get("meta", "owner").then(function (owner) {
      return store.put("queue", {
        url: new URL(form.action, location.href).pathname,
        fields: fields,
        token: newToken(), // each waiting submission is its own attempt, recorded once
        madeAt: new Date().toISOString(),
        owner: owner ? owner.value : null
      });
    });
  }

  function enhanceQuiz(form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return; // online: the ordinary form post
      event.preventDefault();
      if (!everyQuestionAnswered(form)) {
        formNote(form, text("incomplete"), true);
        return;
      }
      queueAnswers(form).then(function () {
        form.reset();
        formNote(form, text("queued"), false);
        return showStatus();
      }).catch(function () { formNote(form, text("offline"), true); });
    });
  }

  /* Save for offline ------------------------------------------------------------------------------- */
  function pictureFor(image, pageUrl) {
    var srcset = image.getAttribute("srcset");
    var chosen = image.getAttribute("src");
    if (srcset) {
      var need = Math.min(window.innerWidth || LAYOUT_WIDTH, LAYOUT_WIDTH) * (window.devicePixelRatio || 1);
      var candidates = srcset.split(",").map(function (part) {
        var bits = part.trim().split(/\s+/);
        return { url: bits[0], width: parseInt(bits[1], 10) || 0 };
      }).sort(function (a, b) { return a.width - b.width; });
      var fits = candidates.filter(function (c) { return c.width >= need; });
      chosen = (fits[0] || candidates[candidates.length - 1]).url;
    }
    return chosen ? new URL(chosen, pageUrl).href : null;
  }

  function picturesIn(html, pageUrl) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var urls = [];
    page.querySelectorAll("main img").forEach(function (image) {
      var url = pictureFor(image, pageUrl);
      if (url && new URL(url).origin === location.origin && urls.indexOf(url) === -1) urls.push(url);
    });
    return urls;
  }

  function saveModule(section) {
    var dataSaver = text("data-saver") === "on";
    // Without cookies (no name, no token, no "opened" record); Save-Data asks for pages without pictures.
    var options = { credentials: "omit", headers: dataSaver ? { "Save-Data": "on" } : {} };
    var moduleUrl = location.pathname;
    var lessons = Array.prototype.map.call(document.querySelectorAll("a[data-offline-lesson]"), function (link) {
      return { url: new URL(link.href).pathname, title: link.textContent.trim() };
    });
    var pages = [moduleUrl].concat(lessons.map(function (lesson) { return lesson.url; }));
    var pictures = [];
    return caches.open(SAVED_CACHE).then(function (cache) {
      // One at a time: kinder to a slow connection than many at once.
      return pages.reduce(function (previous, url) {
        return previous.then(function () {
          return fetch(url, options).then(function (response) {
            if (!response.ok) throw new Error("could not fetch " + url);
            return cache.put(url, response.clone()).then(function () { return response.text(); });
          }).then(function (html) {
            if (!dataSaver) {
              picturesIn(html, new URL(url, location.href).href).forEach(function (picture) {
                if (pictures.indexOf(picture) === -1) pictures.push(picture);
              });
            }
          });
        });
      }, Promise.resolve()).then(function () {
        return pictures.reduce(function (previous, url) {
          return previous.then(function () {
            return fetch(url, { credentials: "omit" }).then(function (response) {
              if (response.ok) return cache.put(url, response);
              return undefined;
            }).catch(function () { /* a missing picture does not stop the lesson being saved */ });
          });
        }, Promise.resolve());
      });
    }).then(function () {
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
      return fetch(text("session-url"), { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        return response.ok ? response.json() : {};
      }).then(function (session) {
        if (session.owner) return store.put("meta", { key: "owner", value: session.owner });
        return undefined;
      }).catch(function () {});
    }).then(function () {
      return store.put("saved", {
        url: moduleUrl,
        title: section.getAttribute("data-title"),
        lessons: lessons,
        pictures: pictures,
        savedAt: new Date().toISOString()
      });
    });
  }

  function removeModule(moduleUrl) {
    return store.get("saved", moduleUrl).then(function (saved) {
      if (!saved) return undefined;
      return caches.open(SAVED_CACHE).then(function (cache) {
        var urls = [saved.url].concat(saved.lessons.map(function (l) { return l.url; }), saved.pictures || []);
        return Promise.all(urls.map(function (url) { return cache.delete(url, { ignoreVary: true }); }));
      }).then(function () { return store.remove("saved", moduleUrl); });
    });
  }

  function enhanceSaveSection(section) {
    var saveButton = section.querySelector("[data-offline-save-button]");
    var removeButton = section.querySelector("[data-offline-remove-button]");
    var line = section.querySelector("[data-offline-save-status]");
    var saveLabel = saveButton.textContent;

    function showSaved(saved) {
      if (saved) {
        var date = new Date(saved.savedAt).toLocaleDateString(document.documentElement.lang || undefined);
        line.textContent = section.getAttribute("data-saved-on").replace("__DATE__", date);
        saveButton.textContent = section.getAttribute("data-save-again");
      } else {
        saveButton.textContent = saveLabel;
      }
      removeButton.hidden = !saved;
      removeButton.style.display = saved ? "" : "none"; // .button sets display, which outranks [hidden]
    }

    section.hidden = false;
    store.get("saved", location.pathname).then(showSaved).catch(function () {});
    saveButton.addEventListener("click", function () {
      saveButton.disabled = true;
      line.textContent = section.getAttribute("data-saving");
      saveModule(section).then(function () {
        return store.get("saved", location.pathname);
      }).then(showSaved).catch(function () {
        line.textContent = section.getAttribute("data-failed");
      }).then(function () { saveButton.disabled = false; });
    });
    removeButton.addEventListener("click", function () {
      removeModule(location.pathname).then(function () {
        showSaved(null);
        line.textContent = section.getAttribute("data-removed");
        saveButton.focus();
      });
    });
  }

  /* The offline page: what is saved on this phone ------------------------------------------------- */
  function listSaved(list) {
    var empty = document.querySelector("[data-offline-saved-empty]");
    store.all("saved").then(function (modules) {
      modules.forEach(function (module) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = module.url;
        link.textContent = module.title;
        item.appendChild(link);
        var lessons = document.createElement("ol");
        module.lessons.forEach(function (lesson) {
          var entry = document.createElement("li");
          var lessonLink = document.createElement("a");
          lessonLink.href = lesson.url;
          lessonLink.textContent = lesson.title;
          entry.appendChild(lessonLink);
          lessons.appendChild(entry);
        });
        item.appendChild(lessons);
        list.appendChild(item);
      });
      list.hidden = !modules.length;
      if (empty) empty.hidden = !!modules.length;
    }).catch(function () {});
  }

  /* Data saver: show one picture when asked, in place --------------------------------------------- */
  function enhancePlaceholders() {
    document.querySelectorAll("[data-image-placeholder]").forEach(function (placeholder) {
      var link = placeholder.querySelector("[data-show-image]");
      if (!link) return;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var image = document.createElement("img");
        image.src = placeholder.getAttribute("data-src");
        image.alt = placeholder.getAttribute("data-alt") || "";
        image.width = parseInt(placeholder.getAttribute("data-width"), 10) || 0;
        image.height = parseInt(placeholder.getAttribute("data-height"), 10) || 0;
        placeholder.replaceWith(image);
      });
    });
  }

  /* Logging out: warn about waiting answers, then forget everything stored for offline use -------- */
  function forgetEverything() {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name === SAVED_CACHE; }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return Promise.all(["queue", "saved", "meta"].map(function (name) { return store.clear(name); }));
    });
  }

  function guardLogout(form) {
    // Synchronous on purpose: the sign-out post leaves at once, and its Clear-Site-Data header
    // makes the browser forget the rest even if forgetEverything() has not finished.
    form.addEventListener("submit", function (event) {
      if (lastWaiting && !window.confirm(text("logout-warning"))) {
        event.preventDefault();
        return;
      }
      forgetEverything().catch(function () {});
    });
  }

  /* Start ----------------------------------------------------------------------------------------- */
  enhancePlaceholders();
  if (!supported) return;
  navigator.serviceWorker.register(text("sw-url"), { scope: "/" }).catch(function () {});
  document.querySelectorAll("[data-offline-save]").forEach(enhanceSaveSection);
  document.querySelectorAll("[data-offline-saved-list]").forEach(listSaved);
  document.querySelectorAll("form.quiz").forEach(enhanceQuiz);
  document.querySelectorAll("form[action='" + text("logout-url") + "']").forEach(guardLogout);
  if (!navigator.onLine) {
    // A saved copy was stored without cookies; its "log in to save your answers" hint does not apply offline.
    document.querySelectorAll(".lesson-quiz .hint").forEach(function (hint) { hint.hidden = true; });
  }
  window.addEventListener("online", function () { showStatus(); sendWaiting(); });
  window.addEventListener("offline", function () { notice = null; showStatus(); });
  showStatus().then(sendWaiting);
}());
