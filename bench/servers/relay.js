// The floor: a bare `ws` relay that forwards every binary frame to the other sockets on the same
// path. No Yjs, no storage, no sync: the cheapest possible fan-out with the same ws library.
// `node relay.js <port>`
import { WebSocketServer } from "ws";

const rooms = new Map();
const wss = new WebSocketServer({ host: "127.0.0.1", port: Number(process.argv[2]), perMessageDeflate: false });
wss.on("connection", (ws, req) => {
  const room = req.url ?? "/";
  let peers = rooms.get(room);
  if (!peers) rooms.set(room, (peers = new Set()));
  peers.add(ws);
  ws.on("message", (data, isBinary) => {
    for (const peer of peers) if (peer !== ws && peer.readyState === 1) peer.send(data, { binary: isBinary });
  });
  ws.on("close", () => {
    peers.delete(ws);
    if (peers.size === 0) rooms.delete(room);
  });
});
