import { onDomainEvent } from "./events.server";

const HEARTBEAT_MS = 20_000;

/**
 * A server-sent event stream of a thread's new posts (`event: post`, data `{postId}`),
 * fed by the domain event bus so that, with REDIS_URL, posts made on other instances
 * arrive too. It ends when the client goes away, when the viewer's membership in the
 * coalition changes, or when a coordinator changes the thread's audience (the reconnect then
 * re-checks the right to read).
 */
export function liveThreadStream(input: { coalitionId: string; threadId: string; userId: string | null; signal: AbortSignal }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const off = onDomainEvent((event) => {
        if (event.type === "thread.post" && event.threadId === input.threadId) {
          send(`event: post\ndata: ${JSON.stringify({ postId: event.postId })}\n\n`);
        } else if (event.type === "thread.audience" && event.threadId === input.threadId) {
          cleanup();
        } else if (event.type === "membership.changed" && event.coalitionId === input.coalitionId && event.userId === input.userId) {
          cleanup();
        }
      });
      const timer = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        off();
        clearInterval(timer);
        input.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the reader
        }
      };
      input.signal.addEventListener("abort", cleanup);
      if (input.signal.aborted) cleanup();
      send("retry: 3000\n: connected\n\n");
    },
    cancel() {
      cleanup();
    },
  });
}
