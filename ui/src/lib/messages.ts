/** UI strings. English is the reference; Japanese must have every key. */
export { en, type MessageKey } from "./messages/en";
export { ja } from "./messages/ja";
