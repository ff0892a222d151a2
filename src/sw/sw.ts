/// <reference lib="webworker" />
/**
 * The app's service worker (vite-plugin-pwa, injectManifest): precaches the
 * app, the WASM binaries and every model file (the list is injected at
 * build), answers every navigation with index.html so the app opens offline,
 * adds the cross-origin isolation headers to what it serves (threads on
 * static hosts that cannot send them), and sends deep links to the start page.
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { deepLinkTarget } from './deepLinks';
import { withIsolationHeaders } from './isolationHeaders';

declare const self: ServiceWorkerGlobalScope;

// registerType 'autoUpdate': a new worker takes over at once.
void self.skipWaiting();
clientsClaim();

// Before workbox's routes: a page opened at a deeper path goes to the start page, offline too.
self.addEventListener('fetch', (event) => {
  if (event.request.mode !== 'navigate') return;
  const url = new URL(event.request.url);
  const target = deepLinkTarget(url.pathname, url.search, new URL(self.registration.scope).pathname);
  if (!target) return;
  event.respondWith(Response.redirect(new URL(target, url.origin).href, 302));
  event.stopImmediatePropagation();
});

addPlugins([{ handlerWillRespond: async ({ response }) => withIsolationHeaders(response) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
