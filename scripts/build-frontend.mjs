// Compiles the hub's Sass (only the GOV.UK Frontend components it uses, with our own brand) and
// bundles its JavaScript (only the GOV.UK components it initialises) into static/dist/, which
// Django's static files serve. Both minified; home/tests/test_frontend_build.py holds the budgets.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
// Start empty: a file left by an older build would still be collected (and break collectstatic).
rmSync(dist, { recursive: true, force: true });
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

// collectstatic (hashed names) fails on any reference it cannot resolve, so every file the CSS
// points at is copied too: the crest in GOV.UK's footer CSS (our footer never shows it).
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
copyFileSync(join(govuk, "assets", "images", "govuk-crest.svg"), join(dist, "govuk", "images", "govuk-crest.svg"));

// main.js is loaded as a module, deferred, by browsers GOV.UK Frontend supports; js-enabled.js
// is a classic script that runs before the first paint.
const scripts = await esbuild.build({
  entryPoints: {
    main: join(root, "static", "js", "main.mjs"),
    "js-enabled": join(root, "static", "js", "js-enabled.js"),
  },
  outdir: join(dist, "js"),
  bundle: true,
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  target: "es2020",
  metafile: true,
  logLevel: "warning",
});
const sizes = Object.entries(scripts.metafile.outputs)
  .filter(([name]) => name.endsWith(".js"))
  .map(([name, output]) => `${name.split("/").pop()} ${(output.bytes / 1024).toFixed(1)} KiB`);
console.log(`Built static/dist: main.css ${(result.css.length / 1024).toFixed(1)} KiB, ${sizes.join(", ")}`);
