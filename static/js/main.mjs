// The one script every page loads, bundled and minified into static/dist/js/main.js: just the
// GOV.UK components our templates mark with data-module (GOV.UK's whole bundle is five times the
// size), and the hub's own enhancements. Progressive enhancement only: every page works without it.
import {
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
  isSupported,
} from "govuk-frontend";

import "./search-suggest.js";

const GOVUK_COMPONENTS = [
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
];

if (isSupported()) {
  for (const Component of GOVUK_COMPONENTS) createAll(Component);
}
