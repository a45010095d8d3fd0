// Hocuspocus under test: `node hocuspocus.js <3|4> <port> <sqlite file>`. Default settings (2 s /
// 10 s store debounce, unload after the last client) plus the official SQLite extension, no
// Logger extension (the CLI always adds it, which would slow it down unfairly).
const [major, port, database] = process.argv.slice(2);
const { Server } = await import(major === "3" ? "hocuspocus-v3" : "@hocuspocus/server");
const { SQLite } = await import(major === "3" ? "hocuspocus-sqlite-v3" : "@hocuspocus/extension-sqlite");

const server = new Server({
  port: Number(port),
  address: "127.0.0.1",
  quiet: true,
  extensions: [new SQLite({ database })],
});
await server.listen();
