/* The search page of a static copy (`reader build`): no server answers
   /search?q=…, so this script searches the Pagefind index the build wrote and
   shows the results in the layout of the site's own search page (title,
   publishing body, year, 索引号, a snippet with <mark>, and the count in the
   page's role="status" region, which screen readers announce). A query in
   another script is also looked for in the page's script, one character at a
   time (chars.json). Nothing from the index is written as HTML: text nodes
   and <mark> elements only. */
(function () {
  "use strict";
  var box = document.getElementById("static-search");
  if (!box) return;
  var words = box.dataset;
  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").trim().slice(0, 100);
  var page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  var perPage = 20;
  var input = document.getElementById("search-q");
  var status = document.querySelector(".search-status");
  if (input) input.value = query;
  if (!query || !status) return;

  function fill(template, values) {
    return template.replace(/\{(\w)\}/g, function (_, key) { return values[key]; });
  }
  function say(text) {
    status.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    status.appendChild(p);
  }
  function marked(text, terms) {
    /* text with every occurrence of a term in <mark> (as the site marks titles) */
    var span = document.createDocumentFragment(), at = 0;
    while (at < text.length) {
      var next = -1, length = 0;
      terms.forEach(function (term) {
        var found = term ? text.indexOf(term, at) : -1;
        if (found >= 0 && (next < 0 || found < next)) { next = found; length = term.length; }
      });
      if (next < 0) break;
      span.appendChild(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      span.appendChild(mark);
      at = next + length;
    }
    span.appendChild(document.createTextNode(text.slice(at)));
    return span;
  }
  function excerpt(html) {
    /* Pagefind's excerpt: its text and its <mark>s, nothing else */
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createDocumentFragment();
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }
  function element(tag, className, child) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (child) node.appendChild(child);
    return node;
  }
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.appendChild(typeof text === "string" ? document.createTextNode(text) : text);
    return a;
  }
  function pageHref(number) {
    var next = new URLSearchParams(location.search);
    if (number > 1) next.set("page", String(number)); else next.delete("page");
    return "?" + next.toString();
  }

  say(words.searching);
  var bundle = words.bundle;
  Promise.all([
    import(bundle + "pagefind.js"),
    fetch(bundle + "chars.json").then(function (r) { return r.json(); }).catch(function () { return {}; })
  ]).then(function (loaded) {
    var pairs = Array.from(loaded[1][words.script] || ""), map = {};
    for (var i = 0; i + 1 < pairs.length; i += 2) map[pairs[i]] = pairs[i + 1];
    var pagefind = loaded[0];
    var other = Array.from(query).map(function (c) { return map[c] || c; }).join("");
    var terms = query === other ? [query] : [query, other];
    return pagefind.options({ bundlePath: bundle, excerptLength: 40 }).then(function () {
      return Promise.all(terms.map(function (term) { return pagefind.search(term); }));
    }).then(function (found) {
      var seen = {}, results = [];
      found.forEach(function (one) {
        one.results.forEach(function (result) {
          if (!seen[result.id]) { seen[result.id] = true; results.push(result); }
        });
      });
      var pages = Math.max(1, Math.ceil(results.length / perPage));
      page = Math.min(page, pages);
      var slice = results.slice((page - 1) * perPage, page * perPage);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
        show(results.length, pages, data, terms.concat(query.split(/\s+/)));
      });
    });
  }).catch(function () { say(words.failed); });

  function show(total, pages, data, terms) {
    var values = { q: query, n: String(total), p: String(page) };
    document.title = fill(words.title, values) + document.title.replace(/^[^-–—|]*/, " ");
    var heading = document.querySelector("main h1");
    if (heading) heading.textContent = fill(words.title, values);
    if (!total) { say(fill(words.none, values)); return; }
    say(fill(words.found, values) + (pages > 1 ? fill(words.page, values) : "") + "。");
    var list = element("ol", "search-results");
    list.start = (page - 1) * perPage + 1;
    data.forEach(function (d) {
      var meta = d.meta || {};
      var item = document.createElement("li");
      item.appendChild(element("h2", "search-result-title", link(d.url, marked(meta.title || d.url, terms))));
      var line = element("p", "search-result-meta");
      if (meta.organisation) {
        line.appendChild(meta.body_url ? link(meta.body_url, meta.organisation)
                                       : document.createTextNode(meta.organisation));
      }
      if (meta.year) line.appendChild(document.createTextNode(" · " + fill(words.year, { y: meta.year })));
      if (meta.index_number) {
        line.appendChild(document.createTextNode(" " + words.index + " "));
        var code = document.createElement("span");
        code.textContent = meta.index_number;
        line.appendChild(code);
      }
      item.appendChild(line);
      item.appendChild(element("p", "search-result-snippet", excerpt(d.excerpt || "")));
      list.appendChild(item);
    });
    var place = status.nextSibling;
    status.parentNode.insertBefore(list, place);
    if (pages > 1) {
      var nav = element("nav", "pagination");
      nav.setAttribute("aria-label", words.prev + " / " + words.next);
      var ul = document.createElement("ul");
      if (page > 1) { var prev = link(pageHref(page - 1), words.prev); prev.rel = "prev"; ul.appendChild(element("li", "", prev)); }
      if (page < pages) { var next = link(pageHref(page + 1), words.next); next.rel = "next"; ul.appendChild(element("li", "", next)); }
      nav.appendChild(ul);
      list.parentNode.insertBefore(nav, list.nextSibling);
    }
  }
})();
