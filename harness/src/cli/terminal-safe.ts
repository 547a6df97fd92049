/**
 * Text from a scenario or a service made safe for a terminal: control characters (escape
 * sequences, bells; not line breaks or tabs) become U+FFFD, so a hostile file cannot clear the
 * screen or fake output.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}
