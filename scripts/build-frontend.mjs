// Compiles the hub's Sass (GOV.UK Frontend with our own brand) and copies the
// GOV.UK Frontend JavaScript into static/dist/, which Django's static files serve.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
mkdirSync(join(dist, "css"), { recursive: true });
mkdirSync(join(dist, "js"), { recursive: true });

const result = sass.compile(join(root, "static", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "css", "main.css"), result.css);

// Without its source map comment: the map is not shipped, and collectstatic's manifest would
// fail looking for it.
const bundle = readFileSync(join(root, "node_modules", "govuk-frontend", "dist", "govuk", "all.bundle.js"), "utf8");
writeFileSync(join(dist, "js", "govuk-frontend.js"), bundle.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"));
// The images the compiled CSS points at ($govuk-assets-path), so collectstatic's manifest finds them.
cpSync(
  join(root, "node_modules", "govuk-frontend", "dist", "govuk", "assets", "images"),
  join(dist, "govuk", "images"),
  { recursive: true },
);
console.log(`Built static/dist: main.css ${(result.css.length / 1024).toFixed(1)} KiB`);
