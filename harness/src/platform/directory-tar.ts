/**
 * A tar archive holding one empty directory, `name/`, writable by everyone (mode 0777, so a
 * service whose image runs as a non-root user can still write in it) — what Docker's
 * put-archive needs to make a folder inside a container before it starts.
 */
export function directoryTar(name: string): Buffer {
  const entry = `${name.replace(/\/+$/, '')}/`;
  if (Buffer.byteLength(entry) > 100) throw new Error(`directory name too long for a tar header: ${name}`);
  const header = Buffer.alloc(512);
  const put = (text: string, offset: number): void => void header.write(text, offset, 'utf8');
  const octal = (n: number, width: number): string => `${n.toString(8).padStart(width - 1, '0')}\0`;
  put(entry, 0);
  put(octal(0o777, 8), 100); // mode
  put(octal(0, 8), 108); // uid
  put(octal(0, 8), 116); // gid
  put(octal(0, 12), 124); // size
  put(octal(Math.floor(Date.now() / 1000), 12), 136); // mtime, s
  put('5', 156); // type: directory
  put('ustar\0', 257);
  put('00', 263);
  // The checksum is summed with its own field as eight spaces.
  put('        ', 148);
  const sum = header.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  // Two zero blocks end the archive.
  return Buffer.concat([header, Buffer.alloc(1024)]);
}
