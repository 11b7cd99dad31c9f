/**
 * The page worker: fetches rendered pages over the page socket and decodes
 * them off the window's thread, so a page arrives and is decoded while the
 * window builds the view it goes into. The window side is `pageClient.ts`;
 * the messages between them are in `pageMessages.ts`.
 */
import { serve, type Port } from "./pageMessages";

serve(self as unknown as Port);
