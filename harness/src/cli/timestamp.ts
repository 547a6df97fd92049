/** UTC, sortable and safe in a folder name: 20261126T102345Z */
export function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}
