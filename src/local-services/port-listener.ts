import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

interface PortListener {
  readonly pid: number;
  /** Its command line, as `ps` shows it. */
  readonly command: string;
}

/**
 * The process listening on TCP `port` (IPv4), read from /proc: for telling a user exactly what holds a port
 * the engine wanted. Undefined where /proc cannot tell (another OS, another user's process when not root).
 */
export function portListener(port: number): PortListener | undefined {
  const inode = listeningInode(port);
  if (!inode) return undefined;
  const target = `socket:[${inode}]`;
  for (const entry of safeList('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    for (const fd of safeList(`/proc/${entry}/fd`)) {
      if (safeReadLink(`/proc/${entry}/fd/${fd}`) !== target) continue;
      const command = safeRead(`/proc/${entry}/cmdline`).split('\0').filter(Boolean).join(' ');
      return { pid: Number(entry), command };
    }
  }
  return undefined;
}

/** The inode of the socket listening on `port` (state 0A in /proc/net/tcp). */
function listeningInode(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of safeRead('/proc/net/tcp').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A') return fields[9];
  }
  return undefined;
}

const safeList = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

const safeRead = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const safeReadLink = (link: string): string | undefined => {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
};
