/**
 * In-process registry of running jobs' AbortControllers, keyed by group ("owner/repo#n"),
 * so `/spark cancel` can stop the model stream. With the Redis queue a cancel reaches only
 * jobs running in the process that received it (documented limitation).
 */
export class CancelRegistry {
  private readonly running = new Map<string, AbortController>();

  /** Links a job's abort signal to the registry for as long as it runs. */
  track(group: string, parent?: AbortSignal): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    const onParentAbort = () => controller.abort(parent?.reason);
    parent?.addEventListener('abort', onParentAbort, { once: true });
    this.running.set(group, controller);
    return {
      signal: controller.signal,
      done: () => {
        parent?.removeEventListener('abort', onParentAbort);
        if (this.running.get(group) === controller) this.running.delete(group);
      },
    };
  }

  cancel(group: string): boolean {
    const controller = this.running.get(group);
    if (!controller) return false;
    controller.abort(new Error('cancelled by /spark cancel'));
    this.running.delete(group);
    return true;
  }
}
