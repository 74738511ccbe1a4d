// Search suggestions: page titles under any search box with data-suggest-url, as an ARIA 1.2
// combobox with a listbox. Progressive enhancement only: without it the box submits as a plain form.
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 200;

  // The messages in the page's language, from the header's search box (home/govuk_i18n.py), which
  // every page has; English when a page has none.
  var messages = document.querySelector("input[data-i18n\\.suggestions-label]");

  function text(name, fallback) {
    return (messages && messages.getAttribute(name)) || fallback;
  }

  function countMessage(count) {
    var category = "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || "en").select(count);
    } catch (error) {
      // an old browser without Intl.PluralRules: the "other" form
    }
    var english = count === 1 ? "%{count} suggestion" : "%{count} suggestions";
    var message =
      text("data-i18n.suggestions." + category, "") ||
      text("data-i18n.suggestions.other", english + ". Use the up and down arrows to choose one.");
    return message.replace("%{count}", count);
  }

  function enhance(input) {
    var url = input.getAttribute("data-suggest-url");
    if (!url || !window.fetch) return;
    var listId = input.id + "-suggestions";
    var wrapper = document.createElement("div");
    wrapper.className = "bpt-suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "bpt-suggest__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", text("data-i18n.suggestions-label", "Suggested pages"));
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("div");
    status.className = "govuk-visually-hidden";
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var active = -1;
    var options = [];
    var latest = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("bpt-suggest__option--active", i === index);
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      list.innerHTML = "";
      options = suggestions.map(function (suggestion, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "bpt-suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", suggestion.url);
        option.textContent = suggestion.title;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the box until the page changes
          window.location.href = suggestion.url;
        });
        list.appendChild(option);
        return option;
      });
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = countMessage(options.length);
      } else {
        close();
        status.textContent = "";
      }
      active = -1;
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        render([]);
        return;
      }
      var request = (latest += 1);
      window
        .fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (request === latest) render(data.suggestions || []);
        })
        .catch(function () {
          if (request === latest) render([]);
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden || !options.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(active + 1 >= options.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active - 1 < 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options[active].getAttribute("data-url");
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  var inputs = document.querySelectorAll("input[data-suggest-url]");
  for (var i = 0; i < inputs.length; i += 1) enhance(inputs[i]);
})();
