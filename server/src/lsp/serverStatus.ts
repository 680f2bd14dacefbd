/**
 * The server's health as the client shows it: ready, or degraded with a list of reasons. Each
 * subsystem reports its own reasons under its name (`rules`, `engine`, later `registry`) and
 * replaces them when its state changes; every change goes to the client as aiGuard/serverStatus.
 */
import type { ServerStatusParams, StatusReason } from './protocol';

export class ServerStatus {
  private readonly bySource = new Map<string, string[]>();
  private started = false;

  constructor(private readonly send: (params: ServerStatusParams) => void) {}

  /** The engine has started (or failed to, which `report` says): from now on the client hears every change. */
  markStarted(): void {
    this.started = true;
    this.send(this.current());
  }

  /** Replaces the problems of `source`; an empty list clears them. */
  report(source: string, messages: readonly string[]): void {
    const before = JSON.stringify(this.bySource.get(source) ?? []);
    if (messages.length > 0) this.bySource.set(source, [...messages]);
    else this.bySource.delete(source);
    if (this.started && JSON.stringify(messages) !== before) this.send(this.current());
  }

  current(): ServerStatusParams {
    const reasons: StatusReason[] = [...this.bySource].flatMap(([source, messages]) => messages.map((message) => ({ source, message })));
    return { health: reasons.length > 0 ? 'degraded' : 'ready', reasons };
  }
}
