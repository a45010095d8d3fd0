import { Transform } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { noteStorageError, STORAGE_UNAVAILABLE_INIT, storageUnavailableMessage } from "./lib/storage-errors";
// Every loader, action and render of a request speaks its language (see the module).
import "./lib/i18n/request-locale.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * Errors thrown by loaders and actions. A storage error (full or unreachable database) is recorded
 * for /healthz and marks the request, which then answers 503 with a plain message (a page here;
 * data and resource requests get their status changed by server/app.ts).
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (noteStorageError(error)) {
    if (context.requestState) context.requestState.storageFailed = true;
    console.error(`storage error on ${request.method} ${new URL(request.url).pathname}: ${(error as Error).message}`);
    return;
  }
  if (!request.signal.aborted) console.error(error);
}

/**
 * React 18's streaming renderer sends the whole of its 2048-byte buffer when a multi-byte UTF-8
 * character (Arabic, Chinese, Russian, a “—”) does not fit at its end, unwritten zero bytes
 * included (facebook/react#26228, fixed in React 19 only): pages outside English came with NUL
 * characters inside words, which screen readers and some clients stumble on. UTF-8 never uses
 * a zero byte inside a character, and no page sends U+0000, so every zero byte goes.
 */
function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      done(null, Buffer.from(chunk.filter((byte) => byte !== 0)));
    },
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  if (loadContext.requestState?.storageFailed) {
    return new Response(`${storageUnavailableMessage()}\n`, {
      status: STORAGE_UNAVAILABLE_INIT.status,
      headers: { ...STORAGE_UNAVAILABLE_INIT.headers, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const nonce = loadContext.cspNonce ?? "";
  const bot = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
