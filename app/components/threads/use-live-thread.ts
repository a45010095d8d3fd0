import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * Listens to the thread's server-sent events. On the last page a new post reloads the
 * page's data (no full reload); elsewhere it counts new posts for a banner. Without
 * JavaScript nothing happens and the page is still complete.
 */
export function useLiveThread(url: string, follow: boolean): { connected: boolean; pending: number } {
  const revalidator = useRevalidator();
  const [connected, setConnected] = useState(false);
  const [pending, setPending] = useState(0);
  const followRef = useRef(follow);
  followRef.current = follow;
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    setPending(0);
    const source = new EventSource(url);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("post", () => {
      if (followRef.current) revalidateRef.current();
      else setPending((n) => n + 1);
    });
    return () => {
      source.close();
      setConnected(false);
    };
  }, [url]);
  return { connected, pending };
}
