/* The public reader: small, optional enhancements. Every control works
   without this file (plain links and forms); with it, reading modes change
   instantly, the script switch keeps your place, and pages can be read aloud.
   Messages shown by this script are rendered by the server in the page's own
   script (elements with data-msg), never written here. */
(function () {
  "use strict";
  var html = document.documentElement;
  html.classList.add("js");
  document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = true; });
  var form = document.getElementById("modes");
  // the preferences' grammar and the speech languages, written once in Python
  var SETTINGS = {};
  try { SETTINGS = JSON.parse((form && form.getAttribute("data-settings")) || "{}"); } catch (e) { SETTINGS = {}; }
  var COOKIE = SETTINGS.cookie || "reader_prefs";
  var CHOICES = SETTINGS.choices || {};
  var SWITCHES = SETTINGS.switches || [];
  var DEFAULTS = {};
  Object.keys(CHOICES).forEach(function (name) { DEFAULTS[name] = CHOICES[name][0]; });

  function msg(name) {
    var el = document.querySelector('[data-msg="' + name + '"]');
    return el ? el.textContent : "";
  }

  /* --- preferences ------------------------------------------------------ */
  function readPrefs() {
    var prefs = {};
    Object.keys(DEFAULTS).forEach(function (c) { prefs[c] = DEFAULTS[c]; });
    SWITCHES.forEach(function (s) { prefs[s] = false; });
    var value = null;
    document.cookie.split(/;\s*/).forEach(function (pair) {
      if (pair.slice(0, COOKIE.length + 1) === COOKIE + "=") value = pair.slice(COOKIE.length + 1);
    });
    if (value) {
      value.split(".").forEach(function (item) {
        var parts = item.split("-"), name = parts[0], value = parts.slice(1).join("-");
        if (CHOICES[name] && CHOICES[name].indexOf(value) >= 0) prefs[name] = value;
        if (SWITCHES.indexOf(name) >= 0 && (value === "0" || value === "1")) prefs[name] = value === "1";
      });
    }
    return prefs;
  }

  function writePrefs(prefs) {
    var parts = [];
    SWITCHES.forEach(function (s) { if (prefs[s]) parts.push(s + "-1"); });
    Object.keys(DEFAULTS).forEach(function (c) { if (prefs[c] !== DEFAULTS[c]) parts.push(c + "-" + prefs[c]); });
    var value = parts.join(".");
    document.cookie = COOKIE + "=" + value + "; path=/; max-age=" + (value ? 31536000 : 0) + "; samesite=lax";
  }

  function applyPrefs(prefs) {
    Object.keys(CHOICES).forEach(function (name) {
      CHOICES[name].forEach(function (v) { html.classList.remove(name + "-" + v); });
      html.classList.add(name + "-" + prefs[name]);
    });
    SWITCHES.forEach(function (s) { html.classList.toggle(s, prefs[s]); });
    document.querySelectorAll("button[data-pref]").forEach(function (button) {
      var name = button.getAttribute("data-pref");
      if (name === "elder") return;
      if (CHOICES[name]) {
        button.setAttribute("aria-pressed", String(prefs[name] === button.value));
      } else {
        button.setAttribute("aria-pressed", String(prefs[name]));
        button.value = prefs[name] ? "0" : "1";
      }
    });
    guideLine(prefs.guide);
    captionStrip(prefs.strip);
    crosshair(prefs.crosshair);
  }

  /* Pinyin is rendered by the server: fetch this page again and swap <main>.
     Keyboard focus inside <main> moves to the same element in the new one
     (by id, else by its place among the focusable elements); a failed fetch
     leaves the page as it was and says so. */
  var FOCUSABLE = "a[href], button, summary, [tabindex]";
  function refreshMain() {
    var main = document.querySelector("main");
    if (!main) return;
    main.setAttribute("aria-busy", "true");
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html").querySelector("main");
        if (!fresh) throw new Error("no main");
        // where the reader is now (they may have moved while the page was fetched)
        var y = window.scrollY;
        var active = document.activeElement;
        var inside = active && active !== main && main.contains(active);
        var focusId = inside ? active.id : "";
        var focusIndex = inside ? Array.prototype.indexOf.call(main.querySelectorAll(FOCUSABLE), active) : -1;
        main.innerHTML = fresh.innerHTML;
        window.scrollTo(0, y);
        if (inside) {
          var target = (focusId && document.getElementById(focusId)) ||
            main.querySelectorAll(FOCUSABLE)[focusIndex] || main;
          target.focus({ preventScroll: true });
        }
        say("");
      })
      .catch(function () { say(msg("refresh-failed")); })
      .then(function () { main.removeAttribute("aria-busy"); });
  }

  function say(text) {
    var status = document.querySelector("[data-modes-status]");
    if (status) status.textContent = text;
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) return;
      var prefs = readPrefs();
      var before = prefs.pinyin;
      if (button.name === "reset") {
        Object.keys(DEFAULTS).forEach(function (c) { prefs[c] = DEFAULTS[c]; });
        SWITCHES.forEach(function (s) { prefs[s] = false; });
      } else if (CHOICES[button.name]) {
        prefs[button.name] = button.value;
      } else if (SWITCHES.indexOf(button.name) >= 0) {
        prefs[button.name] = button.value === "1";
      } else {
        return;
      }
      event.preventDefault();
      writePrefs(prefs);
      applyPrefs(prefs);
      if (prefs.pinyin !== before) refreshMain();
      if (button.name === "elder") {
        var other = form.querySelector(prefs.elder ? ".elder-exit" : ".elder-enter");
        if (other) other.focus();
      }
    });
  }

  /* --- script switch keeps your place -----------------------------------
     The switch is at the top of the page, so by the time a reader uses it
     they have usually scrolled up. We remember the section where the reader
     last stopped scrolling while in the text, and carry it as the fragment. */
  var place = null;
  function mainTop() { var m = document.querySelector("main"); return m ? m.offsetTop : 0; }
  function nearestSection() {
    var best = null;
    document.querySelectorAll("main h2[id], main h3[id], main h4[id], main table[id]").forEach(function (el) {
      if (el.getBoundingClientRect().top <= 10) best = el.id;
    });
    return best;
  }
  var settle = null;
  window.addEventListener("scroll", function () {
    clearTimeout(settle);
    settle = setTimeout(function () { if (window.scrollY > mainTop()) place = nearestSection(); }, 300);
  }, { passive: true });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-switch]");
    if (!link) return;
    var id = window.scrollY > mainTop() ? nearestSection() : place;
    if (id) link.href = link.href.split("#")[0] + "#" + encodeURIComponent(id);
  });

  /* --- reading guide line ------------------------------------------------ */
  var line = null;
  function moveLine(event) { if (line) line.style.transform = "translateY(" + event.clientY + "px)"; }
  function guideLine(on) {
    if (on && !line) {
      line = document.createElement("div");
      line.className = "guide-line";
      line.setAttribute("aria-hidden", "true");
      document.body.appendChild(line);
      document.addEventListener("mousemove", moveLine);
    } else if (!on && line) {
      line.remove();
      line = null;
      document.removeEventListener("mousemove", moveLine);
    }
  }
  guideLine(html.classList.contains("guide"));

  /* --- 十字光标: two lines through the pointer, across the whole window ---- */
  var cross = null;
  function moveCross(event) {
    if (!cross) return;
    cross[0].style.transform = "translateY(" + event.clientY + "px)";
    cross[1].style.transform = "translateX(" + event.clientX + "px)";
  }
  function crosshair(on) {
    if (on && !cross) {
      cross = ["crosshair-x", "crosshair-y"].map(function (name) {
        var el = document.createElement("div");
        el.className = "crosshair-line " + name;
        el.setAttribute("aria-hidden", "true");
        document.body.appendChild(el);
        return el;
      });
      document.addEventListener("mousemove", moveCross);
    } else if (!on && cross) {
      cross.forEach(function (el) { el.remove(); });
      cross = null;
      document.removeEventListener("mousemove", moveCross);
    }
  }
  crosshair(html.classList.contains("crosshair"));

  /* --- 显示屏: the text under the pointer or the keyboard focus, in very
     large type, in a strip at the bottom of the window (at the top while the
     focused element would be under it). Screen readers already read the
     text, so the strip is hidden from them. The text is the page's own, so
     it is in the page's script; pinyin comes along as ruby when it is on. */
  var strip = null;
  var SPOKEN = "h1, h2, h3, h4, p, li, dt, dd, caption, th, td, a, button, summary, legend, label";
  function captionOf(el) {
    var out = document.createDocumentFragment();
    (function walk(node) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) { out.appendChild(document.createTextNode(child.nodeValue)); return; }
        if (child.nodeType !== 1 || child.closest(".crosshair-line, .guide-line")) return;
        if (child.getClientRects().length === 0 && child.tagName !== "RT") return;  // not shown
        if (child.tagName === "RUBY") {
          var ruby = document.createElement("ruby");
          var rt = child.querySelector("rt");
          ruby.appendChild(document.createTextNode(child.firstChild ? child.firstChild.textContent : ""));
          if (rt) { var r = document.createElement("rt"); r.textContent = rt.textContent; ruby.appendChild(r); }
          out.appendChild(ruby);
          return;
        }
        walk(child);
        if (/^(P|LI|TD|TH|DD|DT|DIV|H[1-6])$/.test(child.tagName)) out.appendChild(document.createTextNode(" "));
      });
    })(el);
    return out;
  }
  function showCaption(target, focused) {
    if (!strip) return;
    var el = target && target.closest && target.closest(SPOKEN);
    if (!el || el.closest(".caption-strip")) return;
    var content = captionOf(el);
    if (!content.textContent.trim()) return;
    strip.replaceChildren(content);
    strip.lang = el.closest("[lang]") ? el.closest("[lang]").lang : html.lang;
    strip.hidden = false;
    strip.classList.remove("at-top");
    if (focused) {
      var a = el.getBoundingClientRect(), b = strip.getBoundingClientRect();
      if (a.bottom > b.top && a.top < b.bottom) strip.classList.add("at-top");
    }
  }
  function onPointer(event) { showCaption(event.target, false); }
  function onFocus(event) { showCaption(event.target, true); }
  function captionStrip(on) {
    if (on && !strip) {
      strip = document.createElement("div");
      strip.className = "caption-strip";
      strip.setAttribute("aria-hidden", "true");
      strip.hidden = true;
      document.body.appendChild(strip);
      document.addEventListener("mouseover", onPointer);
      document.addEventListener("focusin", onFocus);
    } else if (!on && strip) {
      strip.remove();
      strip = null;
      document.removeEventListener("mouseover", onPointer);
      document.removeEventListener("focusin", onFocus);
    }
  }
  captionStrip(html.classList.contains("strip"));

  /* --- read aloud (the browser's own speech synthesis) ------------------- */
  var speech = document.querySelector("[data-speech]");
  var status = document.querySelector("[data-speech-status]");
  if (!speech || !status) return;
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    status.textContent = msg("unsupported");
    return;
  }
  speech.querySelectorAll("button[hidden], .speech-rate[hidden]").forEach(function (el) { el.hidden = false; });
  status.textContent = msg("ready");
  var lang = (SETTINGS.speech || {})[html.lang] || html.lang;
  var rate = parseFloat(localStorage.getItem("reader_rate") || "1") || 1;
  var queue = [];
  var pointMode = false;
  var pauseButton = speech.querySelector('[data-speak="pause"]');

  function voice() {
    var voices = synth.getVoices() || [];
    var norm = function (v) { return (v.lang || "").replace("_", "-").toLowerCase(); };
    return voices.filter(function (v) { return norm(v) === lang.toLowerCase(); })[0] ||
      voices.filter(function (v) { return norm(v).indexOf("zh") === 0; })[0] || null;
  }

  function textOf(el) {
    var clone = el.cloneNode(true);
    clone.querySelectorAll("rt, rp, [aria-hidden=true]").forEach(function (n) { n.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  function speak(texts) {
    synth.cancel();
    queue = texts.filter(Boolean);
    next();
  }

  function next() {
    if (!queue.length) { status.textContent = msg("stopped"); return; }
    var u = new SpeechSynthesisUtterance(queue.shift());
    u.lang = lang;
    u.rate = rate;
    var v = voice();
    if (v) u.voice = v;
    u.onend = next;
    status.textContent = msg("reading");
    synth.speak(u);
  }

  function blocks() {
    var main = document.querySelector("main");
    return Array.prototype.map.call(
      main.querySelectorAll("h1, h2, h3, h4, p, li, caption, dt, dd"), textOf);
  }

  speech.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var action = button.getAttribute("data-speak");
    if (action === "all") speak(blocks());
    if (action === "stop") { queue = []; synth.cancel(); status.textContent = msg("stopped"); }
    if (action === "pause") {
      if (synth.paused) { synth.resume(); button.textContent = msg("pause"); status.textContent = msg("reading"); }
      else { synth.pause(); button.textContent = msg("resume"); status.textContent = msg("paused"); }
    }
    if (action === "point") {
      pointMode = !pointMode;
      button.setAttribute("aria-pressed", String(pointMode));
      html.classList.toggle("point-reading", pointMode);
      status.textContent = msg(pointMode ? "point-on" : "point-off");
    }
    if (button.hasAttribute("data-rate")) {
      rate = parseFloat(button.getAttribute("data-rate"));
      localStorage.setItem("reader_rate", String(rate));
      speech.querySelectorAll("[data-rate]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
    }
  });
  speech.querySelectorAll("[data-rate]").forEach(function (b) {
    b.setAttribute("aria-pressed", String(parseFloat(b.getAttribute("data-rate")) === rate));
  });
  if (pauseButton) pauseButton.textContent = msg("pause") || pauseButton.textContent;

  document.addEventListener("click", function (event) {
    if (!pointMode) return;
    var block = event.target.closest("main p, main li, main h1, main h2, main h3, main h4, main td, main th, main caption");
    if (block && !event.target.closest("a, button")) speak([textOf(block)]);
  });
})();
