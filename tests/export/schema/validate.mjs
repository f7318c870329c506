// Validates every object of one or more multi-document YAML files against the Kubernetes and
// Gateway API schemas (kubernetes-models' validate()), offline. Prints one line per problem and
// exits 1 if any; 2 when a document has a kind it does not know (an unknown kind is never
// "valid" by accident). Usage: node validate.mjs FILE...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as discovery from "kubernetes-models/discovery.k8s.io/v1";
import * as gateway from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";

const models = {
  "v1": core,
  "networking.k8s.io/v1": networking,
  "discovery.k8s.io/v1": discovery,
  "gateway.networking.k8s.io/v1": gateway,
};

let problems = 0;
let unknown = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      for (const e of doc.errors) console.log(`${file}: YAML error: ${e.message}`);
      problems++;
      continue;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    const where = `${file}: ${object.kind ?? "?"} ${object.metadata?.name ?? "?"}`;
    const Model = models[object.apiVersion]?.[object.kind];
    if (!Model) {
      console.log(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      unknown++;
      continue;
    }
    try {
      new Model(object).validate();
      checked++;
    } catch (error) {
      console.log(`${where}: ${error.message}`);
      problems++;
    }
  }
}
console.log(`checked ${checked} object(s), ${problems} invalid, ${unknown} unknown`);
process.exit(problems ? 1 : unknown ? 2 : 0);
