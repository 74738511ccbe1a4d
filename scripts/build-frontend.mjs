// Compiles the hub's Sass (GOV.UK Frontend with our own brand) and copies the
// GOV.UK Frontend JavaScript into static/dist/, which Django's static files serve.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
mkdirSync(join(dist, "css"), { recursive: true });
mkdirSync(join(dist, "js"), { recursive: true });
mkdirSync(join(dist, "govuk", "images"), { recursive: true });

const result = sass.compile(join(root, "static", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "css", "main.css"), result.css);

// collectstatic (hashed names) fails on any reference it cannot resolve, so every file the
// CSS and JavaScript point at is copied too: the crest in GOV.UK's footer CSS (our footer
// never shows it) and the script's source map, renamed with the script.
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
copyFileSync(join(govuk, "assets", "images", "govuk-crest.svg"), join(dist, "govuk", "images", "govuk-crest.svg"));
const script = readFileSync(join(govuk, "all.bundle.js"), "utf8");
writeFileSync(
  join(dist, "js", "govuk-frontend.js"),
  script.replace("sourceMappingURL=all.bundle.js.map", "sourceMappingURL=govuk-frontend.js.map"),
);
copyFileSync(join(govuk, "all.bundle.js.map"), join(dist, "js", "govuk-frontend.js.map"));
console.log(`Built static/dist: main.css ${(result.css.length / 1024).toFixed(1)} KiB`);
