// The clients of every service; transports live in ./node.js (gRPC) and ./web.js (gateway).
export * from "./clients/greeter.js";
export * from "./clients/muxs.js";
export * from "./clients/hello.js";
export * from "./clients/gcn.js";
export * from "./clients/files.js";
export * from "./clients/contact.js";
export * from "./clients/routeguide.js";
export * from "./errors.js";
