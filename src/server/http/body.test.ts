import { describe, expect, it } from "vitest";
import { BodyTooLargeError, MAX_BODY_BYTES, readFormBody, readJsonBody } from "./body";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readJsonBody", () => {
  it("reads JSON up to the limit", async () => {
    expect(await readJsonBody(post(JSON.stringify({ user: "a".repeat(MAX_BODY_BYTES - 20) })))).toMatchObject({ ok: true });
  });
  it("refuses a body one byte over 1 MB with BodyTooLargeError (413)", async () => {
    const error = await readJsonBody(post("a".repeat(MAX_BODY_BYTES + 1))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(error).toMatchObject({ httpStatus: 413 });
  });
  it("refuses a declared Content-Length over the limit without reading", async () => {
    await expect(readJsonBody(post("{}", { "content-length": String(50 * 1024 * 1024) }))).rejects.toBeInstanceOf(BodyTooLargeError);
  });
  it("stops reading a stream that goes on past the limit, whatever Content-Length said", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    await expect(readJsonBody(post(stream))).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBeLessThan(40);
  });
  it("is not JSON when empty, malformed or not UTF-8", async () => {
    for (const body of ["", "{", "nul", new Uint8Array([0x7b, 0xff, 0x7d])]) expect(await readJsonBody(post(body))).toEqual({ ok: false });
  });
  it("parses 10,000 levels of nesting", async () => {
    expect(await readJsonBody(post(`${"[".repeat(10_000)}${"]".repeat(10_000)}`))).toMatchObject({ ok: true });
  });
});

describe("readFormBody", () => {
  it("reads a urlencoded form, and is empty for what is not one", async () => {
    expect((await readFormBody(post(new URLSearchParams({ ids: "a,b" })))).get("ids")).toBe("a,b");
    expect([...(await readFormBody(post("ids=a", { "content-type": "multipart/form-data; boundary=x" }))).keys()]).toEqual([]);
  });
});
