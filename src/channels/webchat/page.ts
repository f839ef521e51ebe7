/**
 * Fills the web chat page template with its UI texts. Pure string work, no file I/O: the caller
 * reads `page.html` and `locales/{id,en}/webchat.json` however its runtime allows.
 */

/** Marks where the texts go, inside `<script type="application/json" id="ui-text">`. */
export const UI_TEXT_PLACEHOLDER = "__UI_TEXT__";

// page.html quotes the placeholder so the template itself is valid JSON there (Biome parses
// application/json scripts); the quotes are replaced along with it. A bare one works too.
const QUOTED_PLACEHOLDER = `"${UI_TEXT_PLACEHOLDER}"`;

export interface WebchatTexts {
  id: Record<string, string>;
  en: Record<string, string>;
}

// `<` and `>` stop `</script>` and `<!--` from ending or bending the script element; `&` is
// escaped for XHTML-ish parsers; U+2028/U+2029 break JavaScript string literals in old engines.
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

/** JSON that is safe to place verbatim inside a `<script>` element. */
export function serializeForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    UNSAFE_IN_SCRIPT,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function renderWebchatPage(template: string, texts: WebchatTexts): string {
  const at = template.indexOf(UI_TEXT_PLACEHOLDER);
  if (at === -1 || template.includes(UI_TEXT_PLACEHOLDER, at + 1)) {
    throw new Error(`Web chat template must contain ${UI_TEXT_PLACEHOLDER} exactly once`);
  }
  const quoted = template.startsWith(QUOTED_PLACEHOLDER, at - 1);
  const start = quoted ? at - 1 : at;
  const end = start + (quoted ? QUOTED_PLACEHOLDER : UI_TEXT_PLACEHOLDER).length;
  const json = serializeForScript({ id: texts.id, en: texts.en });
  // Slicing rather than String.replace: a replacement string would interpret `$&` and friends.
  return template.slice(0, start) + json + template.slice(end);
}
