// Loaded with <script type="module" async> from inside each wizard, so the
// engine's worker starts while the rest of the page is still being parsed,
// not after the theme's scripts: a cold boot takes about a second and every
// millisecond before it starts is a millisecond the reader waits. The module
// runs once per page load however many wizards the page has.
import { getEngine } from "./engine-client.mjs";

performance.mark("handbook:engine-start");
getEngine();
