/**
 * Reading a body a peer controls (an activity POSTed to an inbox, a remote actor's document)
 * with a limit: a declared Content-Length over it is refused before reading, and a stream that
 * runs past it is cancelled there, so a huge body never sits in memory.
 */

/** The body's bytes when there are at most `max`, else undefined. A stream that fails rejects. */
export async function readAtMost(message: Request | Response, max: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = message.headers.get("content-length");
  if (declared !== null && Number(declared) > max) {
    await message.body?.cancel();
    return undefined;
  }
  if (message.body === null) return new Uint8Array(0);
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
