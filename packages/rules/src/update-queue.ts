/**
 * A FIFO drained in slices on the event loop: items are processed in order, the loop yields
 * to I/O every `slice` items (and calls `afterSlice`, where the engine emits its signals),
 * and the age of the oldest waiting item is the lag a stalled consumer would show.
 */
export class UpdateQueue<T> {
  #items: { v: T; t: number }[] = [];
  #head = 0;
  #draining = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly process: (v: T) => Promise<void>,
    private readonly afterSlice: () => Promise<void>,
    private readonly now: () => number,
    private readonly slice = 2000,
  ) {}

  push(v: T): void {
    this.#items.push({ v, t: this.now() });
    if (!this.#draining) {
      this.#draining = true;
      setImmediate(() => void this.#drain());
    }
  }

  /** Resolves when everything pushed so far is processed. */
  async idle(): Promise<void> {
    if (!this.#draining && this.#head >= this.#items.length) return;
    await new Promise<void>((r) => this.#idle.push(r));
  }

  stats(): { depth: number; oldestWaitingMs: number } {
    const depth = this.#items.length - this.#head;
    return { depth, oldestWaitingMs: depth ? this.now() - this.#items[this.#head]!.t : 0 };
  }

  async #drain(): Promise<void> {
    try {
      let n = 0;
      while (this.#head < this.#items.length) {
        const item = this.#items[this.#head++]!;
        await this.process(item.v);
        if (++n >= this.slice) {
          n = 0;
          await this.afterSlice();
          this.#compact();
          await new Promise<void>((r) => setImmediate(r));
        }
      }
      await this.afterSlice();
      this.#compact();
    } finally {
      this.#draining = false;
      if (this.#head < this.#items.length) {
        this.#draining = true;
        setImmediate(() => void this.#drain());
      } else for (const r of this.#idle.splice(0)) r();
    }
  }

  #compact(): void {
    if (this.#head > 4096 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
