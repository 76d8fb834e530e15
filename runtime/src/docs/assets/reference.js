// Starts Swagger UI on the reference page of a versionary docs site.
//
// The page carries the configuration as JSON (#versionary-config): Swagger UI's `urls` (one
// OpenAPI document per version the request may see) and `urls.primaryName` (the latest
// released version), and how the API selects versions. The bundle that versionary embeds has no
// top bar, so the version switcher is the page's own <select>, fed from `urls`.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("versionary-config").textContent);
  var select = document.getElementById("versionary-version");
  var urls = config.urls;
  var selection = config.selection;
  var primary = config["urls.primaryName"];
  var wanted = new URLSearchParams(window.location.search).get("version");

  urls.forEach(function (entry) {
    var option = document.createElement("option");
    option.value = entry.name;
    option.textContent = entry.name;
    option.setAttribute("data-version", entry.version);
    if (entry.version === wanted) {
      primary = entry.name;
    }
    select.appendChild(option);
  });
  select.value = primary;

  function selected() {
    for (var i = 0; i < urls.length; i++) {
      if (urls[i].name === select.value) {
        return urls[i];
      }
    }
    return urls[urls.length - 1];
  }

  function hasHeader(headers, name) {
    return Object.keys(headers).some(function (key) {
      return key.toLowerCase() === name;
    });
  }

  // "Try it out" sends the selected version the way the API selects it. Path versions are
  // in the documents' paths already; a header or query parameter the operation left empty
  // gets the selected version, as does the media type's `version` parameter.
  function addVersion(request) {
    if (request.loadSpec) {
      return request;
    }
    var entry = selected();
    if (!entry) {
      return request;
    }
    request.headers = request.headers || {};
    if (selection.header && !hasHeader(request.headers, selection.header)) {
      request.headers[selection.header] = entry.version;
    } else if (!selection.header && selection.query) {
      var url = new URL(request.url, window.location.href);
      if (!url.searchParams.has(selection.query)) {
        url.searchParams.set(selection.query, entry.version);
        request.url = url.toString();
      }
    } else if (!selection.header && selection.mediaType) {
      request.headers.Accept = "application/json; version=" + entry.version;
    }
    if (entry.preview && selection.previewHeader) {
      request.headers[selection.previewHeader] = "1";
    }
    return request;
  }

  var ui = SwaggerUIBundle({
    urls: urls,
    "urls.primaryName": primary,
    dom_id: "#swagger-ui",
    deepLinking: false,
    validatorUrl: null,
    requestInterceptor: addVersion,
  });

  function load(entry) {
    document.body.setAttribute("data-version", entry.version);
    ui.specActions.updateUrl(entry.url);
    ui.specActions.download(entry.url);
  }

  select.addEventListener("change", function () {
    var entry = selected();
    load(entry);
    var url = new URL(window.location.href);
    url.searchParams.set("version", entry.version);
    window.history.replaceState(null, "", url.toString());
  });
  load(selected());
  window.versionaryReference = { ui: ui, addVersion: addVersion };
})();
