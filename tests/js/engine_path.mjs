// Where the browser engine under test is: the app's own static files, or (for the mutation test)
// a copy named by FORMSERVICE_JS_ENGINE.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "..", "..");
const ENGINE = process.env.FORMSERVICE_JS_ENGINE ||
  path.join(ROOT, "formservice", "web", "static", "engine");

export function engineModule(name) {
  return import(pathToFileURL(path.join(ENGINE, name)).href);
}
