// Setup of the e2e tier: Node's fetch keeps idle connections to `npm start`, and wrangler
// dev closes idle ones on its own schedule; a request sent on a connection the server has
// just closed fails with "other side closed" before the server saw it. A client may retry
// an idempotent request whose connection closed before any response arrived (RFC 9112
// §9.3.1), which is what browsers and feed readers do: the tests' fetch does the same,
// once, and only for that failure. Any other error, and any response, is left as it is.
const original = globalThis.fetch;

function closedBeforeResponse(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code === "UND_ERR_SOCKET" || cause?.message === "other side closed";
}

globalThis.fetch = async (input, init) => {
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  try {
    return await original(input, init);
  } catch (error) {
    if ((method !== "GET" && method !== "HEAD") || !closedBeforeResponse(error)) throw error;
    return original(input, init);
  }
};
