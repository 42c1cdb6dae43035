import { Document } from 'yaml';

/**
 * A YAML document for compose or kubectl. Both read YAML 1.1, where an
 * unquoted `no`, `on` or `yes` is a boolean: written as 1.1, such strings
 * (`restart: "no"`, an environment value) get quotes. Objects used twice
 * (a Deployment's labels and selector) are written twice, not as anchors.
 */
export function manifestDocument(value: unknown): Document {
  return new Document(value, { version: '1.1', aliasDuplicateObjects: false });
}

/** The text of a document, long strings kept on one line. */
export function documentText(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}

/** A compose file or a stream of manifests, and what to say about it on stderr. */
export interface YamlExport {
  text: string;
  warnings: string[];
}
