import 'server-only';
/**
 * Gives the console's HTTP server its terminal WebSocket. Next.js route handlers cannot upgrade a connection,
 * and its server (`next start`, or the standalone build's `server.js`) is created before instrumentation runs,
 * so the upgrade is taken where every Node HTTP server delivers it: `http.Server.prototype.emit`. An `upgrade`
 * for a terminal path goes to the terminal handler alone; every other event, and every other upgrade, reaches
 * the server's own listeners (Next.js's, which would end a socket whose path matches one of its routes) unchanged.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';

type UpgradeListener = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

const holder = globalThis as unknown as { __watchdeckTerminalUpgrade?: UpgradeListener; __watchdeckTerminalEmit?: typeof http.Server.prototype.emit };

/** Routes terminal upgrades on every HTTP server of this process to `listener`; installing again replaces the listener. */
export function installTerminalUpgrade(isTerminalPath: (url: string | undefined) => boolean, listener: UpgradeListener): void {
  holder.__watchdeckTerminalUpgrade = listener;
  if (holder.__watchdeckTerminalEmit) return;
  const emit = http.Server.prototype.emit;
  holder.__watchdeckTerminalEmit = emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'upgrade' && holder.__watchdeckTerminalUpgrade) {
      const [req, socket, head] = args as [http.IncomingMessage, Duplex, Buffer];
      if (isTerminalPath(req.url)) {
        holder.__watchdeckTerminalUpgrade(req, socket, head);
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
