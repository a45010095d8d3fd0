import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * Listens to the thread's server-sent events. On the last page a new post reloads the
 * page's data (no full reload); elsewhere it counts new posts for a banner. Without
 * JavaScript nothing happens and the page is still complete.
 *
 * A hidden tab closes its stream (browsers allow only about six HTTP/1.1 connections per
 * site, and every open stream holds one) and catches up when it is shown again.
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
    let source: EventSource | null = null;
    const connect = () => {
      if (source) return;
      source = new EventSource(url);
      source.onopen = () => setConnected(true);
      source.onerror = () => setConnected(false);
      source.addEventListener("post", () => {
        if (followRef.current) revalidateRef.current();
        else setPending((n) => n + 1);
      });
    };
    const disconnect = () => {
      source?.close();
      source = null;
      setConnected(false);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") disconnect();
      else if (!source) {
        connect();
        revalidateRef.current(); // whatever was posted meanwhile
      }
    };
    if (document.visibilityState !== "hidden") connect();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      disconnect();
    };
  }, [url]);
  return { connected, pending };
}
