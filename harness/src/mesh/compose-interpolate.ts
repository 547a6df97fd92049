/**
 * Compose's variable substitution in one string: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or
 * empty), `${VAR-default}` (unset), `${VAR:?message}` / `${VAR?message}` (required), `$$` (a
 * dollar). Returns the result, or the problem to report.
 */
export function interpolate(
  text: string,
  vars: Readonly<Record<string, string | undefined>>,
): { value: string } | { error: string } {
  let error: string | undefined;
  const value = text.replace(
    /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*)|(\{[^}]*\}?))/g,
    (_m, dollar: string, braced: string, op: string, arg: string, bare: string, bad: string) => {
      if (dollar) return '$';
      if (bad !== undefined) {
        error ??= `invalid interpolation "$${bad}"; write \${VAR}, \${VAR:-default} or $$ for a dollar`;
        return '';
      }
      const name = braced ?? bare;
      const v = vars[name];
      const missing = op?.startsWith(':') ? v === undefined || v === '' : v === undefined;
      if (op === undefined || !missing) return v ?? '';
      if (op.endsWith('-')) return arg;
      error ??= `required variable ${name} is not set${arg ? `: ${arg}` : ''}`;
      return '';
    },
  );
  return error === undefined ? { value } : { error };
}

/** A `.env` file's `KEY=value` lines (comments, blank lines and `export ` skipped, quotes removed). */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out[line.slice(0, eq).trim()] = value;
  }
  return out;
}
